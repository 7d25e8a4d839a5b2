"""The file of a saved MLP: what it holds, how it is written, how a loaded one is checked.

This module knows the file, not the classes: :mod:`microgradkr.nn` turns a
model into the dict written here (``MLP.to_dict``) and builds one from the
dict read and checked here (``MLP.from_dict``), so nn imports this module
and this module imports no model.

The file holds the architecture and every weight as plain JSON (never
pickle: loading a pickle runs whatever code it contains).  Floats are written
with Python's shortest round-trip repr, so a save/load round trip is exact.

Saving is atomic: the JSON goes to a temporary file in the same folder, which
then replaces the target with ``os.replace``.  A crash leaves either the old
file or the new one, never half of one.  Loading checks everything before it
builds anything, and raises ValueError naming the first problem.

Format (version 1)::

    {"format": "microgradkr.MLP", "version": 1, "nin": 2, "nouts": [16, 16, 1],
     "activation": "relu", "output_activation": "linear", "bias": true,
     "layers": [[{"w": [0.1, -0.3], "b": 0.0}, ...], ...]}

``layers[i][j]`` is neuron j+1 of layer i+1 (label ``L{i+1}.N{j+1}``); its
``b`` is null when the model has no biases.
"""

from __future__ import annotations

import math
import os
import re
import stat
import time
from typing import Any, List, Sequence

from . import checks
from .messages import LANGS, message, say

# json is imported by the functions that use it: nn imports this module, and
# `import microgradkr` should not pay for json (2 ms) before anything is saved.

FORMAT = "microgradkr.MLP"
VERSION = 1
_KEYS = ("format", "version", "nin", "nouts", "activation", "output_activation", "bias", "layers")


def write(path, data: dict) -> None:
    """Write ``data`` (a model's dict) to ``path`` as JSON, atomically (temp file + os.replace).

    ``path`` is a str, bytes or os.PathLike.  A symlink is followed: the file
    it points to gets the new content and the link stays.  Temporary files
    that a killed save left next to the same file are removed first.
    """
    import json
    import tempfile  # here, not at the top: save is rare and tempfile costs import time

    target = os.fsdecode(checks.file_path(path, "save: path"))
    text = json.dumps(data, indent=1, allow_nan=False) + "\n"
    real = os.path.realpath(target)  # write where a symlink points, not over the link
    _check_kind(real, target, "save", missing_ok=True)  # os.replace would put a file over a FIFO
    folder, name = os.path.split(real)
    _remove_stale_temporaries(folder, name)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as error:  # e.g. a read-only or missing folder: say which file could not be saved
        raise type(error)(error.errno, error.strerror, target) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it visible
        os.chmod(temp, _mode_for(real))
        os.replace(temp, real)
    except BaseException:
        try:
            os.remove(temp)
        except OSError:
            pass
        raise


#: an unfinished save of NAME is .NAME.<pid>.<random>.tmp; older versions wrote .NAME.<random>.tmp
_STALE_AFTER = 3600.0  # seconds, for a temporary file without a process id


def _remove_stale_temporaries(folder: str, name: str) -> None:
    """Remove the temporary files of saves of ``name`` whose process is gone.

    A save that was killed (SIGKILL, power cut) cannot clean up after itself.
    A temporary file of a process that still runs is another save in
    progress and stays.
    """
    pattern = re.compile(re.escape(f".{name}.") + r"(?:(\d+)\.)?[A-Za-z0-9_]+\.tmp")
    try:
        entries = os.listdir(folder or ".")
    except OSError:
        return  # mkstemp will say what is wrong with the folder
    for entry in entries:
        match = pattern.fullmatch(entry)
        if match is None:
            continue
        full = os.path.join(folder, entry)
        try:
            if _is_stale(match.group(1), full):
                os.remove(full)
        except OSError:
            pass  # gone already, or not ours to remove


def _is_stale(pid, full: str) -> bool:
    # on Windows os.kill(pid, 0) would send Ctrl+C, not ask: there only the age tells
    if pid is None or os.name == "nt":
        return time.time() - os.stat(full).st_mtime > _STALE_AFTER
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False  # it exists (someone else's), or the number is no process id
    return False


def _mode_for(path) -> int:
    """The permissions the file should get: the old file's, or the usual ones for a new file.

    (mkstemp makes its file private, 0600, which a saved model need not be.)
    """
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# ------------------------------------------------------------------ loading

def invalid(path, problem: str) -> ValueError:
    """The ValueError for a file at ``path`` that cannot be loaded, saying why."""
    shown = os.fsdecode(path) if isinstance(path, bytes) else path
    return ValueError(message("nn_load_invalid", path=shown, problem=problem))


def read(path, where: str) -> Any:
    """The JSON content of the file at ``path``; ValueError naming the path if it is not strict JSON."""
    import json

    # an int would be a file descriptor to open(): 0 reads standard input, and closing it
    # afterwards would close the caller's file
    path = checks.file_path(path, f"{where}: path")
    _check_kind(path, path, where)  # before opening: opening a FIFO waits, opening a device may act
    # non-blocking: should a FIFO take the file's place in between, opening it does not wait either
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as f:
        _check_kind(path, path, where, mode=os.fstat(f.fileno()).st_mode)
        raw = f.read()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant,
                          object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey as error:
        raise ValueError(message("nn_load_duplicate_key", path=os.fsdecode(path),
                                 name=repr(error.args[0]))) from None
    except UnicodeDecodeError as error:
        raise invalid(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except _NotANumber as error:
        raise invalid(path, f"{error.args[0]} is not allowed (weights must be finite)") from None
    except json.JSONDecodeError as error:
        raise invalid(path, f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except RecursionError:
        raise invalid(path, "malformed JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer with too many digits
        raise invalid(path, f"malformed JSON: {error}") from None


class _NotANumber(ValueError):
    pass


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicates(pairs: list) -> dict:
    # json keeps the last of two equal keys without a word: a file that could mean two things is broken
    data = dict(pairs)
    if len(data) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


#: what a path can be besides a regular file, as the message catalog names it
_KINDS = ((stat.S_ISFIFO, "file_kind_fifo"), (stat.S_ISCHR, "file_kind_device"),
          (stat.S_ISBLK, "file_kind_device"), (stat.S_ISSOCK, "file_kind_socket"))


def _check_kind(path, shown, where: str, missing_ok: bool = False, mode=None) -> None:
    """Nothing if ``path`` is a regular file (or, with ``missing_ok``, nothing yet); else an OSError.

    A folder is an IsADirectoryError that says so.  A FIFO, a device or a
    socket is refused: reading a FIFO waits for a writer, and a save would
    replace any of them with a regular file.
    """
    if mode is None:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            if missing_ok:
                return
            raise
    if stat.S_ISREG(mode):
        return
    shown = os.fsdecode(shown)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(message("nn_path_is_folder", where=where, path=shown))
    kind = next((key for test, key in _KINDS if test(mode)), "file_kind_special")
    raise OSError("\n".join(say("nn_path_not_regular", lang, where=where, path=shown, kind=say(kind, lang))
                            for lang in LANGS))


def _reject_constant(name: str):
    raise _NotANumber(name)  # NaN, Infinity and -Infinity: Python's json accepts them by default


def _check_int(path, where: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(path, f"{where} must be an integer, got {show(value)}")
    if value < minimum:
        raise invalid(path, f"{where} must be >= {minimum}, got {value}")
    return value


def _check_number(path, where: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid(path, f"{where} must be a number, got {show(value)}")
    value = float(value) if abs(value) < 1e308 or isinstance(value, float) else math.inf
    if not math.isfinite(value):
        raise invalid(path, f"{where} must be finite, got {value}")
    return value


def show(value) -> str:
    """A short JSON-like text of a (part of a) file for a message, at any depth."""
    import json

    if _nested_deeper_than(value, 8):  # json.dumps would recurse as deep as the data goes
        text = json.dumps(_cut(value, 8))
    else:
        text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _nested_deeper_than(value, limit: int) -> bool:
    level = [value]
    for _ in range(limit + 1):
        level = [child for item in level if isinstance(item, (list, dict))
                 for child in (item.values() if isinstance(item, dict) else item)][:1000]
        if not level:
            return False
    return True


def _cut(value, depth: int):
    """value with everything deeper than ``depth`` replaced by '...'."""
    if depth == 0:
        return "..." if isinstance(value, (list, dict)) else value
    if isinstance(value, list):
        return [_cut(v, depth - 1) for v in value[:5]]
    if isinstance(value, dict):
        return {str(k): _cut(v, depth - 1) for k, v in list(value.items())[:5]}
    return value if not isinstance(value, float) or math.isfinite(value) else repr(value)


def validate(data, activations: Sequence[str], path="<data>") -> dict:
    """A checked copy of a loaded file's content: numbers as floats, nothing missing or extra.

    ``activations`` are the names a model may use (nn's ACTIVATIONS).
    """
    if not isinstance(data, dict):
        raise invalid(path, f"the top level must be a JSON object, got {type(data).__name__}")
    missing = [k for k in _KEYS if k not in data]
    if missing:
        raise invalid(path, f"missing key {missing[0]!r}")
    extra = sorted(set(data) - set(_KEYS))
    if extra:
        raise invalid(path, f"unknown key {extra[0]!r}")
    if data["format"] != FORMAT:
        raise invalid(path, f"format must be {FORMAT!r}, got {show(data['format'])}")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise invalid(path, f"version must be an integer, got {show(version)}")
    if version != VERSION:
        raise invalid(path, f"unknown format version {version} (this microgradkr reads version {VERSION})")
    nin = _check_int(path, "nin", data["nin"])
    nouts = data["nouts"]
    if not isinstance(nouts, list) or not nouts:
        raise invalid(path, f"nouts must be a non-empty list, got {show(nouts)}")
    nouts = [_check_int(path, f"nouts[{i}]", n) for i, n in enumerate(nouts)]
    for key in ("activation", "output_activation"):
        if data[key] not in activations:
            raise invalid(path, f"{key} must be one of {', '.join(activations)}, got {show(data[key])}")
    if not isinstance(data["bias"], bool):
        raise invalid(path, f"bias must be true or false, got {show(data['bias'])}")
    layers = _check_layers(path, data["layers"], [nin] + nouts, data["bias"])
    return {**data, "nin": nin, "nouts": nouts, "layers": layers}


def _check_layers(path, layers, sizes: List[int], bias: bool) -> list:
    if not isinstance(layers, list) or len(layers) != len(sizes) - 1:
        raise invalid(path, f"layers must be a list of {len(sizes) - 1} layers, got {show(layers)}")
    checked = []
    for i, layer in enumerate(layers):
        where = f"layers[{i}]"
        if not isinstance(layer, list) or len(layer) != sizes[i + 1]:
            raise invalid(path, f"{where} must be a list of {sizes[i + 1]} neurons, got {show(layer)}")
        checked.append([_check_neuron(path, f"{where}[{j}]", neuron, sizes[i], bias)
                        for j, neuron in enumerate(layer)])
    return checked


def _check_neuron(path, where: str, neuron, nin: int, bias: bool) -> dict:
    if not isinstance(neuron, dict):
        raise invalid(path, f"{where} must be an object with 'w' and 'b', got {show(neuron)}")
    if set(neuron) != {"w", "b"}:
        raise invalid(path, f"{where} must have exactly the keys 'w' and 'b', got {sorted(neuron)}")
    weights = neuron["w"]
    if not isinstance(weights, list) or len(weights) != nin:
        raise invalid(path, f"{where}.w must be a list of {nin} numbers, got {show(weights)}")
    weights = [_check_number(path, f"{where}.w[{k}]", w) for k, w in enumerate(weights)]
    b = neuron["b"]
    if bias:
        b = _check_number(path, f"{where}.b", b)
    elif b is not None:
        raise invalid(path, f"{where}.b must be null in a model without biases, got {show(b)}")
    return {"w": weights, "b": b}
