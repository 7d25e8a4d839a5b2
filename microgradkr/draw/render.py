"""Finding a Graphviz renderer and running it.

Lookup order:

1. ``MICROGRADKR_DOT`` (a path, or a command name looked up on PATH), if set;
2. the ``graphviz-pure`` binary that pip installed with microgradkr, found
   through ``importlib.metadata`` so it also works in a Jupyter kernel whose
   environment's ``bin`` directory is not on PATH; then ``graphviz-pure`` on PATH;
3. ``dot`` on PATH (a system Graphviz).

Raster formats (PNG) are the exception: graphviz-pure draws no Hangul glyphs
in them (each syllable comes out as a box), while a system Graphviz draws text
through fontconfig.  So for PNG a ``dot`` on PATH comes before graphviz-pure,
and rendering Hangul to PNG with graphviz-pure warns.  SVG is unaffected: the
browser draws its text.

The renderer runs as a subprocess without a shell, with a timeout, and its
exit code is checked: a failed run can still print half an SVG.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import List, Optional

from .. import checks
from ..text import message

ENV_VAR = "MICROGRADKR_DOT"
DEFAULT_TIMEOUT = 60.0
_BUNDLED_NAMES = ("graphviz-pure", "graphviz-pure.exe")


class RenderError(RuntimeError):
    """The renderer ran but failed, or did not finish in time."""


class RendererNotFound(RenderError):
    """No Graphviz renderer is available (the message lists the fixes)."""


def _executable(path) -> Optional[str]:
    candidate = Path(path)
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


def bundled_renderer() -> Optional[str]:
    """The graphviz-pure binary installed by pip, or None."""
    try:
        files = importlib.metadata.files("graphviz-pure") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in files:
        if entry.name in _BUNDLED_NAMES:
            found = _executable(entry.locate())
            if found:
                return os.path.normpath(found)
    return None


def _from_env(value: str, tried: List[str]) -> str:
    found = _executable(value) or shutil.which(value)
    if not found:
        tried.append(f"{ENV_VAR}={value}")
        # the user asked for this one: falling back silently would hide their mistake
        raise RendererNotFound(message("renderer_not_found", tried=", ".join(tried)))
    return found


def find_renderer(fmt: str = "svg") -> str:
    """The path of the renderer to use for ``fmt``; RendererNotFound if there is none."""
    tried: List[str] = []
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return _from_env(override, tried)
    tried.append(ENV_VAR + " (unset)")
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


def render(source: str, fmt: str = "svg", timeout: float = DEFAULT_TIMEOUT,
           renderer: Optional[str] = None) -> bytes:
    """Run the renderer on DOT `source`, returning the output bytes (format `fmt`)."""
    timeout = check_timeout(timeout, "render")
    exe = renderer or find_renderer(fmt)
    _warn_if_glyphs_missing(exe, fmt, source)
    name = os.path.basename(exe)
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(message("render_timeout", renderer=name, timeout=f"{timeout:g}")) from None
    except OSError as error:  # not executable, wrong architecture, vanished
        raise RenderError(message("render_failed", renderer=exe, reason=type(error).__name__,
                                  stderr=str(error))) from None
    if done.returncode != 0:
        raise RenderError(message("render_failed", renderer=name, reason=f"exit code {done.returncode}",
                                  stderr=_tail(done.stderr) or "-"))
    if not done.stdout:
        raise RenderError(message("render_failed", renderer=name, reason="no output",
                                  stderr=_tail(done.stderr) or "-"))
    return done.stdout
