"""Model files at the edges (issue 22, point 8): what is not a regular file, and files that mean two things.

Saving writes only a regular file or a new path: a FIFO, a device or a folder
at the path stays what it is.  Loading reads only a regular file: a FIFO would
wait forever for a writer, a folder gets an error saying it is one.  The tests
make their FIFOs in a temporary folder; they never touch a real device.
"""

import json
import os
import stat

import pytest

from conftest import fail_after
from microgradkr import MLP

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")


@pytest.fixture
def model():
    return MLP(2, [3, 1], seed=1)


@pytest.fixture
def within_5_seconds():
    """A call that blocks (opening a FIFO waits for a writer) fails instead of hanging the run."""
    yield from fail_after(5, ": the call blocked")


def _leftovers(folder, name):
    return [entry for entry in os.listdir(folder) if entry.startswith(f".{name}.")]


@posix_only
def test_saving_onto_a_fifo_refuses_and_leaves_it_a_fifo(tmp_path, model, within_5_seconds):
    fifo = tmp_path / "model.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as caught:
        model.save(fifo)
    text = str(caught.value)
    assert str(fifo) in text and "FIFO" in text and "save" in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # Korean first, then English
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not _leftovers(tmp_path, "model.json")


@posix_only
def test_saving_through_a_symlink_onto_a_fifo_refuses_too(tmp_path, model, within_5_seconds):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "model.json"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="FIFO"):
        model.save(link)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()


def test_saving_onto_a_folder_says_it_is_a_folder(tmp_path, model):
    folder = tmp_path / "models"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        model.save(folder)
    text = str(caught.value)
    assert str(folder) in text and "folder" in text and "폴더" in text
    assert folder.is_dir() and not os.listdir(folder)


@posix_only
@pytest.mark.parametrize("load", [MLP.load, lambda path: MLP(2, [3, 1]).load_weights(path)],
                         ids=["load", "load_weights"])
def test_loading_from_a_fifo_refuses_at_once_instead_of_waiting(tmp_path, load, within_5_seconds):
    fifo = tmp_path / "model.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as caught:
        load(fifo)
    assert not isinstance(caught.value, TimeoutError)
    text = str(caught.value)
    assert str(fifo) in text and "FIFO" in text and "load" in text


def test_loading_a_folder_says_it_is_a_folder(tmp_path):
    with pytest.raises(IsADirectoryError) as caught:
        MLP.load(tmp_path)
    text = str(caught.value)
    assert str(tmp_path) in text and "folder" in text and "폴더" in text and "load" in text


def test_saving_onto_a_regular_file_and_a_new_path_still_works(tmp_path, model):
    old = tmp_path / "old.json"
    old.write_text("{}")
    model.save(old)
    model.save(tmp_path / "new.json")
    assert MLP.load(old).nouts == MLP.load(tmp_path / "new.json").nouts == [3, 1]


@pytest.mark.parametrize("where", ["top", "neuron", "layer"])
def test_a_file_with_a_key_twice_is_refused(tmp_path, model, where):
    path = tmp_path / "m.json"
    model.save(path)
    text = path.read_text()
    if where == "top":  # a second "nin" after the first: json keeps the last one silently
        text = text.replace('"nin": 2,', '"nin": 2, "nin": 3,', 1)
        key = "nin"
    elif where == "neuron":
        first = json.loads(text)["layers"][0][0]["b"]
        text = text.replace(f'"b": {json.dumps(first)}', f'"b": {json.dumps(first)}, "b": 5.0', 1)
        key = "b"
    else:
        text = text.replace('"activation":', '"activation": "relu", "activation":', 1)
        key = "activation"
    path.write_text(text)
    for load in (MLP.load, MLP(2, [3, 1]).load_weights):
        with pytest.raises(ValueError) as caught:
            load(path)
        message = str(caught.value)
        assert str(path) in message and repr(key) in message and "twice" in message and "두 번" in message
