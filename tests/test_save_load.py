"""save/load: exact round trips, atomic writes, and a clear ValueError for every broken file."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microgradkr import MLP, Value, saving


def _weights(model):
    return [(name, p.data) for name, p in model.named_parameters()]


@pytest.fixture
def model():
    m = MLP(3, [4, 2, 1], activation="tanh", output_activation="sigmoid", init="xavier_normal", seed=5)
    m.layers[0].neurons[1].b.data = 0.1 + 0.2  # 0.30000000000000004 must survive
    return m


def test_round_trip_is_exact(tmp_path, model):
    path = tmp_path / "model.json"
    model.save(path)
    loaded = MLP.load(path)
    assert _weights(loaded) == _weights(model)
    assert repr(loaded) == repr(model)
    x = [0.3, -0.7, 1.1]
    assert loaded(x).data == model(x).data
    assert loaded.parameters()[0].label == "L1.N1.w0"


def test_round_trip_without_bias(tmp_path):
    m = MLP(2, [3, 1], bias=False, seed=1)
    m.save(tmp_path / "m.json")
    loaded = MLP.load(tmp_path / "m.json")
    assert _weights(loaded) == _weights(m) and not loaded.bias


def test_the_file_is_plain_json_with_a_version(tmp_path, model):
    model.save(tmp_path / "m.json")
    content = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert content["format"] == "microgradkr.MLP" and content["version"] == 1
    assert content["nouts"] == [4, 2, 1] and len(content["layers"][0][0]["w"]) == 3


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, model, monkeypatch):
    path = tmp_path / "m.json"
    model.save(path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    other = MLP(3, [4, 2, 1], activation="tanh", output_activation="sigmoid", seed=99)
    with pytest.raises(OSError):
        other.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["m.json"]


def test_saving_a_diverged_model_refuses_and_keeps_the_old_file(tmp_path, model):
    path = tmp_path / "m.json"
    model.save(path)
    before = path.read_bytes()
    model.layers[1].neurons[0].w[1].data = float("nan")
    with pytest.raises(ValueError) as info:
        model.save(path)
    assert "L2.N1.w1" in str(info.value)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["m.json"]


# ---------------------------------------------------------------- broken files

def _valid(model):
    return saving.to_dict(model)


def _edit(data, edit):
    data = json.loads(json.dumps(data))
    edit(data)
    return json.dumps(data)


BROKEN = {
    "malformed JSON": (lambda d: json.dumps(d)[:-5], "malformed JSON"),
    "not an object": (lambda d: "[1, 2]", "JSON object"),
    "missing key": (lambda d: _edit(d, lambda x: x.pop("layers")), "missing key 'layers'"),
    "unknown key": (lambda d: _edit(d, lambda x: x.update(extra=1)), "unknown key 'extra'"),
    "wrong format": (lambda d: _edit(d, lambda x: x.update(format="pickle")), "format"),
    "unknown version": (lambda d: _edit(d, lambda x: x.update(version=2)), "unknown format version 2"),
    "version not an int": (lambda d: _edit(d, lambda x: x.update(version="1")), "version must be an integer"),
    "bad activation": (lambda d: _edit(d, lambda x: x.update(activation="gelu")), "activation"),
    "nin zero": (lambda d: _edit(d, lambda x: x.update(nin=0)), "nin must be >= 1"),
    "nouts not a list": (lambda d: _edit(d, lambda x: x.update(nouts=3)), "nouts"),
    "wrong shape: layers": (lambda d: _edit(d, lambda x: x["layers"].pop()), "layers must be a list of 3"),
    "wrong shape: neurons": (lambda d: _edit(d, lambda x: x["layers"][1].pop()), "layers[1] must be a list of 2"),
    "wrong shape: weights": (lambda d: _edit(d, lambda x: x["layers"][0][2]["w"].append(0.5)),
                             "layers[0][2].w must be a list of 3"),
    "non-number weight": (lambda d: _edit(d, lambda x: x["layers"][2][0]["w"].__setitem__(1, "0.5")),
                          "layers[2][0].w[1] must be a number"),
    "bool weight": (lambda d: _edit(d, lambda x: x["layers"][2][0]["w"].__setitem__(1, True)),
                    "must be a number"),
    "NaN weight": (lambda d: json.dumps(d).replace(repr(d["layers"][0][0]["w"][0]), "NaN", 1), "NaN"),
    "Infinity bias": (lambda d: _edit(d, lambda x: x["layers"][0][0].update(b=1.0)).replace(
        '"b": 1.0', '"b": Infinity', 1), "Infinity"),
    "huge number": (lambda d: _edit(d, lambda x: x["layers"][0][0].update(b=1.0)).replace(
        '"b": 1.0', '"b": 1e999', 1), "must be finite"),
    "missing bias": (lambda d: _edit(d, lambda x: x["layers"][0][0].update(b=None)), "layers[0][0].b"),
    "extra neuron key": (lambda d: _edit(d, lambda x: x["layers"][0][0].update(g=1)), "layers[0][0]"),
    "not UTF-8": (lambda d: b"\xff\xfe" + json.dumps(d).encode(), "UTF-8"),
    "deeply nested": (lambda d: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_every_kind_of_broken_file_gets_a_clear_value_error(tmp_path, model, kind):
    break_it, expected = BROKEN[kind]
    content = break_it(_valid(model))
    path = tmp_path / "broken.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(ValueError) as info:
        MLP.load(path)
    assert expected in str(info.value), str(info.value)
    assert "broken.json" in str(info.value) and "불러올 수 없습니다" in str(info.value)
    assert path.read_bytes() == before  # loading never touches the file


def test_load_weights_is_all_or_nothing(tmp_path, model):
    good = MLP(3, [4, 2, 1], activation="tanh", output_activation="sigmoid", seed=42)
    good.save(tmp_path / "good.json")
    data = _valid(good)
    data["layers"][2][0]["w"][1] = "oops"  # the very last neuron is broken
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    before = _weights(model)
    with pytest.raises(ValueError):
        model.load_weights(tmp_path / "bad.json")
    assert _weights(model) == before  # nothing half-loaded
    other_shape = MLP(3, [5, 1], seed=0)
    other_shape.save(tmp_path / "other.json")
    with pytest.raises(ValueError) as info:
        model.load_weights(tmp_path / "other.json")
    assert "nouts" in str(info.value)
    assert model.load_weights(tmp_path / "good.json") is model
    assert _weights(model) == _weights(good)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        MLP.load(tmp_path / "nothing.json")


# ---------------------------------------------------------------- hypothesis: mutants

SMALL = MLP(2, [2, 1], seed=3)
VALID_TEXT = json.dumps(saving.to_dict(SMALL), indent=1)
# mostly numbers (so that many mutants are still valid files), sometimes anything JSON holds
NUMBERS = st.floats(-10, 10) | st.integers(-3, 5) | st.floats(allow_nan=False)
SCALARS = NUMBERS | st.none() | st.booleans() | st.text(max_size=5)
JSON_VALUES = st.one_of(NUMBERS, NUMBERS, st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=6))


def _paths(node, prefix=()):
    """Every (path, value) inside a JSON value, the root included."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


@st.composite
def structural_mutants(draw):
    """The valid file with one value replaced, deleted, or a key added."""
    data = json.loads(VALID_TEXT)
    paths = [p for p, _ in _paths(data) if p]
    path = draw(st.sampled_from(paths))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(JSON_VALUES)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=4))] = draw(JSON_VALUES)
    else:
        parent.insert(path[-1], draw(JSON_VALUES))
    return json.dumps(data).encode("utf-8")


@st.composite
def byte_mutants(draw):
    """The valid file with a few bytes flipped, inserted or cut."""
    raw = bytearray(VALID_TEXT.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(raw) - 1))
        action = draw(st.sampled_from(["flip", "insert", "cut"]))
        if action == "flip":
            raw[i] = draw(st.integers(0, 255))
        elif action == "insert":
            raw[i:i] = draw(st.binary(min_size=1, max_size=4))
        else:
            del raw[i:i + draw(st.integers(1, 20))]
    return bytes(raw)


def _check_mutant(tmp_path_factory, content: bytes):
    path = tmp_path_factory.mktemp("mutant") / "m.json"
    path.write_bytes(content)
    try:
        model = MLP.load(path)
    except ValueError:
        return
    # it loaded: it must be a working model
    assert isinstance(model, MLP)
    out = model([0.5, -0.5])
    assert isinstance(out, (Value, list))
    assert all(isinstance(p.data, float) for p in model.parameters())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=structural_mutants())
def test_structural_mutants_load_or_raise_value_error(tmp_path_factory, content):
    _check_mutant(tmp_path_factory, content)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=byte_mutants())
def test_byte_mutants_load_or_raise_value_error(tmp_path_factory, content):
    _check_mutant(tmp_path_factory, content)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_file_has_ordinary_permissions(tmp_path, model):
    umask = os.umask(0o022)
    try:
        model.save(tmp_path / "new.json")
        assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        (tmp_path / "old.json").write_text("{}", encoding="utf-8")
        os.chmod(tmp_path / "old.json", 0o640)
        model.save(tmp_path / "old.json")
        assert (tmp_path / "old.json").stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
    finally:
        os.umask(umask)


# ---------------------------------------------------------------- what a path is



@pytest.mark.parametrize("bad", [0, 1, True, False, None, 3.5, ["m.json"], object()])
def test_load_and_save_take_only_file_paths(no_hang, tmp_path, model, bad):
    for call, name in ((lambda: MLP.load(bad), "load"), (lambda: model.save(bad), "save"),
                       (lambda: model.load_weights(bad), "load_weights")):
        with pytest.raises(TypeError) as error:
            call()
        assert name in str(error.value) and "path" in str(error.value)


def test_load_does_not_close_the_callers_file_descriptor(no_hang, tmp_path, model):
    model.save(tmp_path / "m.json")
    fd = os.open(tmp_path / "m.json", os.O_RDONLY)
    try:
        with pytest.raises(TypeError):
            MLP.load(fd)
        os.fstat(fd)  # still open
    finally:
        os.close(fd)


@pytest.mark.parametrize("bad", ["", b"", "m\0.json"])
def test_an_empty_or_nul_path_is_a_value_error(tmp_path, model, bad):
    with pytest.raises(ValueError, match="path"):
        MLP.load(bad)
    with pytest.raises(ValueError, match="path"):
        model.save(bad)


def test_bytes_and_pathlike_paths_work_both_ways(tmp_path, model):
    as_bytes = os.fsencode(tmp_path / "b.json")
    model.save(as_bytes)
    assert _weights(MLP.load(as_bytes)) == _weights(model)
    assert _weights(MLP.load(str(tmp_path / "b.json"))) == _weights(model)
    assert MLP(3, [4, 2, 1], activation="tanh", output_activation="sigmoid").load_weights(as_bytes)


def test_a_file_nested_very_deeply_is_a_value_error_not_a_recursion_error(tmp_path, model):
    path = tmp_path / "deep.json"
    model.save(path)
    content = json.loads(path.read_text(encoding="utf-8"))
    for depth in (100, 500, 990):
        for key in ("format", "nouts", "layers", "activation"):
            text = json.dumps(dict(content, **{key: "HERE"}))  # no json.dumps of deep data in the test
            path.write_text(text.replace('"HERE"', "[" * depth + "]" * depth), encoding="utf-8")
            with pytest.raises(ValueError, match=f"{key}|nested too deeply"):  # json.loads may give up first
                MLP.load(path)


def test_a_deeply_nested_value_is_shown_shortly_in_the_message(model):
    deep = []
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = [deep]
    for key in ("format", "nouts", "layers", "activation", "bias"):
        with pytest.raises(ValueError, match=key) as error:
            saving.validate(dict(saving.to_dict(model), **{key: deep}))
        assert len(str(error.value)) < 400


# ---------------------------------------------------------------- where the file goes

def test_an_error_while_saving_names_the_target_not_the_temporary_file(tmp_path, model):
    target = tmp_path / "no such folder" / "m.json"
    with pytest.raises(FileNotFoundError) as error:
        model.save(target)
    assert error.value.filename == str(target)


def test_a_read_only_folder_is_reported_for_the_target(tmp_path, model, monkeypatch):
    import tempfile

    def refuse(prefix="", suffix="", dir=None, **kwargs):  # what a read-only folder does (even as root on /sys)
        raise PermissionError(13, "Permission denied", os.path.join(dir, prefix + "x1y2z3" + suffix))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as error:
        model.save(tmp_path / "m.json")
    assert error.value.filename == str(tmp_path / "m.json")
    assert ".tmp" not in str(error.value)


def test_saving_through_a_symlink_writes_the_file_it_points_to(tmp_path, model):
    real = tmp_path / "models" / "real.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    model.save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _weights(MLP.load(real)) == _weights(model)
    assert sorted(os.listdir(real.parent)) == ["real.json"] and sorted(os.listdir(tmp_path)) == ["link.json", "models"]


def test_a_killed_save_leaves_a_temporary_file_that_the_next_save_removes(tmp_path, model):
    import subprocess
    import sys

    path = tmp_path / "m.json"
    killed = ("import os, signal, sys\n"
              "from microgradkr import MLP\n"
              "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
              "MLP(2, [1], seed=0).save(sys.argv[1])\n")
    done = subprocess.run([sys.executable, "-c", killed, str(path)], timeout=60)
    assert done.returncode == -9
    left = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(".m.json.")
    other = tmp_path / ".other.json.1.abcdefgh.tmp"  # another file's temporary: not ours to remove
    other.write_text("", encoding="utf-8")
    model.save(path)
    assert sorted(os.listdir(tmp_path)) == [".other.json.1.abcdefgh.tmp", "m.json"]
    assert _weights(MLP.load(path)) == _weights(model)


def test_a_save_in_progress_elsewhere_keeps_its_temporary_file(tmp_path, model):
    alive = tmp_path / f".m.json.{os.getppid()}.abcdefgh.tmp"  # a running process's save
    alive.write_text("", encoding="utf-8")
    model.save(tmp_path / "m.json")
    assert alive.exists()
