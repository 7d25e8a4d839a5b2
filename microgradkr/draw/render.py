"""Finding a Graphviz renderer and running it.

Lookup order:

1. ``MICROGRADKR_DOT`` (a path, or a command name looked up on PATH), if set;
2. the ``graphviz-pure`` binary that pip installed with microgradkr, found
   through ``importlib.metadata`` so it also works in a Jupyter kernel whose
   environment's ``bin`` directory is not on PATH; then ``graphviz-pure`` on PATH;
3. ``dot`` on PATH (a system Graphviz);
4. under Pyodide (``sys.platform == "emscripten"``), where no process can
   start, the WebAssembly Graphviz of the page (``@viz-js/viz``, the same
   Graphviz as graphviz-pure): the page creates its instance before Python
   runs and names it ``globalThis.microgradkrViz``; its ``renderString`` is
   synchronous, so ``render()`` calls it like any other renderer.

Raster formats (PNG) are the exception: graphviz-pure draws no Hangul glyphs
in them (each syllable comes out as a box), while a system Graphviz draws text
through fontconfig.  So for PNG a ``dot`` on PATH comes before graphviz-pure,
and rendering Hangul to PNG with graphviz-pure warns.  SVG is unaffected: the
browser draws its text.

The renderer runs as a subprocess without a shell, with a timeout, and its
exit code is checked: a failed run can still print half an SVG.  Its output
is checked too (an SVG element in UTF-8 text, a PNG signature), so a wrong
program named by ``MICROGRADKR_DOT`` is a RenderError, never a saved file.
When ``MICROGRADKR_DOT`` names something missing or not runnable, the error
names the variable, its value and the renderers found without it.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from typing import List, Optional

from .. import checks
from . import svg_safety
from ..messages import message, say

ENV_VAR = "MICROGRADKR_DOT"
DEFAULT_TIMEOUT = 60.0
_BUNDLED_NAMES = ("graphviz-pure", "graphviz-pure.exe")
#: what find_renderer() names the page's WebAssembly Graphviz (not a path: nothing to execute)
PAGE_RENDERER = "viz-js (WebAssembly, the page's)"
#: the global the page sets to its @viz-js/viz instance
PAGE_GLOBAL = "microgradkrViz"


class RenderError(RuntimeError):
    """The renderer ran but failed, or did not finish in time."""


class RendererNotFound(RenderError):
    """No Graphviz renderer is available (the message lists the fixes)."""


def _executable(path) -> Optional[str]:
    candidate = Path(path)
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


#: the graphviz-pure binary once found.  Each importlib.metadata lookup leaves about ten
#: objects in reference cycles (inside the standard library), so every picture would leave
#: garbage for the cyclic collector.  Only a path found is kept: after a "not found",
#: pip install graphviz-pure works without restarting Python.
_bundled_found: Optional[str] = None


def bundled_renderer() -> Optional[str]:
    """The graphviz-pure binary installed by pip, or None."""
    global _bundled_found
    if _bundled_found and _executable(_bundled_found):
        return _bundled_found
    try:
        files = importlib.metadata.files("graphviz-pure") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in files:
        if entry.name in _BUNDLED_NAMES:
            found = _executable(entry.locate())
            if found:
                _bundled_found = os.path.normpath(found)
                return _bundled_found
    return None


def other_renderers() -> List[str]:
    """Every renderer found without MICROGRADKR_DOT: graphviz-pure, then dot on PATH."""
    found = [bundled_renderer(), shutil.which("graphviz-pure"), shutil.which("dot")]
    return list(dict.fromkeys(path for path in found if path))


def _env_message(key: str, value: str, **fields) -> str:
    """A bilingual message about MICROGRADKR_DOT=value, listing the renderers found without it."""
    others = other_renderers()
    lines = []
    for lang in ("ko", "en"):
        listed = ", ".join(others) if others else say("renderer_others_none", lang)
        lines.append(say(key, lang, var=ENV_VAR, value=value, others=listed, **fields))
    return "\n".join(lines)


def _from_env(value: str) -> str:
    found = _executable(value) or shutil.which(value)
    if not found:
        # the user asked for this one: falling back silently would hide their mistake
        raise RendererNotFound(_env_message("renderer_env_missing", value))
    return found


def _env_value(exe: str) -> Optional[str]:
    """MICROGRADKR_DOT's value if it names `exe` (so errors can point at the variable), else None."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value and (_executable(value) or shutil.which(value)) == exe:
        return value
    return None


def find_renderer(fmt: str = "svg") -> str:
    """The path of the renderer to use for ``fmt``; RendererNotFound if there is none."""
    if sys.platform == "emscripten":  # Pyodide: no subprocess, the page draws (module docstring)
        return PAGE_RENDERER
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return _from_env(override)
    tried: List[str] = [ENV_VAR + " (unset)"]
    if fmt in RASTER_FORMATS and shutil.which("dot"):  # see the module docstring
        return shutil.which("dot")
    found = bundled_renderer()
    if found:
        return found
    tried.append("graphviz-pure (pip)")
    for name in ("graphviz-pure", "dot"):
        found = shutil.which(name)
        if found:
            return found
        tried.append(f"{name} (PATH)")
    raise RendererNotFound(message("renderer_not_found", tried=", ".join(tried)))


#: formats whose text the renderer draws itself (graphviz-pure cannot draw Hangul there)
RASTER_FORMATS = frozenset({"png", "jpg", "jpeg", "gif", "bmp"})


def _warn_if_glyphs_missing(exe: str, fmt: str, source: str) -> None:
    if fmt in RASTER_FORMATS and "graphviz-pure" in os.path.basename(exe) and not source.isascii():
        warnings.warn(message("raster_without_hangul", fmt=fmt), RuntimeWarning, stacklevel=4)


def check_timeout(timeout, where: str) -> float:
    """timeout as a float > 0 (TypeError / ValueError otherwise)."""
    return checks.number(timeout, f"{where}: timeout", 0.0, inclusive=False)


def _tail(stderr: bytes, limit: int = 2000) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text if len(text) <= limit else "..." + text[-limit:]


#: how each checked format's output starts (other formats are passed through unchecked)
_MAGIC = {"png": b"\x89PNG\r\n\x1a\n"}


def _output_problem(fmt: str, data: bytes) -> Optional[str]:
    """Why `data` is not a picture in `fmt` (None if it looks like one)."""
    if fmt.split(":", 1)[0] == "svg":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            return f"not UTF-8 text: {error.reason} at byte {error.start}"
        if "<svg" not in text or "</svg>" not in text:
            return "no <svg> element"
    elif fmt in _MAGIC and not data.startswith(_MAGIC[fmt]):
        return f"no {fmt.upper()} signature"
    return None


def _check_output(fmt: str, data: bytes, exe: str) -> None:
    problem = _output_problem(fmt, data)
    value = os.environ.get(ENV_VAR, "").strip() or "(unset)"
    if problem:
        start = repr(data[:40].decode("utf-8", "replace"))
        raise RenderError(message("render_not_format", renderer=exe, fmt=fmt.upper(), problem=problem,
                                  start=start, var=ENV_VAR, value=value))
    if fmt.split(":", 1)[0] == "svg":  # it is saved, shown in Jupyter and put in pages: nothing may run
        unsafe = svg_safety.problem(data.decode("utf-8"))
        if unsafe:
            raise RenderError(message("render_unsafe_svg", renderer=exe, problem=unsafe,
                                      var=ENV_VAR, value=value))


def _run(command: List[str], stdin: bytes, timeout: float) -> subprocess.CompletedProcess:
    """Run the renderer; on a timeout (or Ctrl+C) stop it and every process it started.

    The renderer gets a session of its own, so stopping it means killing
    that whole process group: a wrapper script's own children would
    otherwise keep running, and keep our pipes open, after it is gone.
    """
    own_group = os.name == "posix"
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, start_new_session=own_group) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except BaseException:
            # not reaped yet, so its process id (the group's) cannot belong to anyone else;
            # leaving the with block closes the pipes and reaps it
            _kill(process, own_group)
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill(process: subprocess.Popen, own_group: bool) -> None:
    try:
        if own_group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass  # every process of the group has ended already


def render(source: str, fmt: str = "svg", timeout: float = DEFAULT_TIMEOUT,
           renderer: Optional[str] = None) -> bytes:
    """Run the renderer on DOT `source`, returning the output bytes (format `fmt`).

    RenderError if it fails, times out, or prints something that is not an
    SVG (or PNG) picture, e.g. when MICROGRADKR_DOT names the wrong program.
    """
    timeout = check_timeout(timeout, "render")
    exe = renderer or find_renderer(fmt)
    if exe == PAGE_RENDERER:
        data = _render_in_page(source, fmt)
        _check_output(fmt, data, exe)
        return data
    _warn_if_glyphs_missing(exe, fmt, source)
    name = os.path.basename(exe)
    try:
        done = _run([exe, f"-T{fmt}"], source.encode("utf-8"), timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(message("render_timeout", renderer=name, timeout=f"{timeout:g}")) from None
    except OSError as error:  # not executable, wrong architecture, vanished
        value = _env_value(exe)
        if value is not None:
            raise RenderError(_env_message("renderer_env_broken", value, reason=str(error))) from None
        raise RenderError(message("render_failed", renderer=exe, reason=type(error).__name__,
                                  stderr=str(error))) from None
    if done.returncode != 0:
        raise RenderError(message("render_failed", renderer=name, reason=f"exit code {done.returncode}",
                                  stderr=_tail(done.stderr) or "-"))
    if not done.stdout:
        raise RenderError(message("render_failed", renderer=name, reason="no output",
                                  stderr=_tail(done.stderr) or "-"))
    _check_output(fmt, done.stdout, exe)
    return done.stdout


def _render_in_page(source: str, fmt: str) -> bytes:
    """Render through the page's @viz-js/viz instance (Pyodide only); RenderError if it fails."""
    import js  # Pyodide's bridge to the page's JavaScript
    from pyodide.ffi import JsException, to_js

    viz = getattr(js, PAGE_GLOBAL, None)
    if viz is None:
        raise RendererNotFound(message("renderer_page_missing", name=PAGE_GLOBAL))
    if fmt in RASTER_FORMATS:  # viz-js draws vector formats only
        raise RenderError(message("render_page_format", fmt=fmt.upper()))
    options = to_js({"format": fmt}, dict_converter=js.Object.fromEntries)
    try:
        text = viz.renderString(source, options)
    except JsException as error:  # a DOT syntax error, an unknown format
        raise RenderError(message("render_failed", renderer=PAGE_RENDERER, reason="viz-js",
                                  stderr=str(error))) from None
    return str(text).encode("utf-8")
