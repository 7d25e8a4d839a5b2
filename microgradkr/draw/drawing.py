"""`draw_dot` and the Drawing it returns."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Optional

from .dot import dot_source
from .listing import listing
from .render import DEFAULT_TIMEOUT, check_timeout, find_renderer, render
from .scene import check_options, check_title, graph_scene, resolve_root
from .. import checks
from ..text import message
from .markup import clean

#: Graphviz's output formats (``dot -T?``); a renderer may support fewer
FORMATS = frozenset("bmp canon cmap cmapx cmapx_np dot dot_json eps fig gd gd2 gif gv imap imap_np ismap "
                    "jpe jpeg jpg json json0 pdf pic plain plain-ext png pov ps ps2 svg svgz tif tiff tk "
                    "vml vmlz vrml wbmp webp xdot xdot1.2 xdot1.4 xdot_json".split())


def _check_format(fmt, what: str) -> str:
    """A Graphviz format name such as 'svg' or 'png:cairo' (the part before ':' is checked)."""
    if not isinstance(fmt, str):
        raise TypeError(message("draw_bad_text", what=what, value=repr(fmt)[:60], type=type(fmt).__name__))
    if fmt.split(":", 1)[0] not in FORMATS:
        raise ValueError(message("draw_bad_format", what=what, value=repr(fmt)[:60]))
    return fmt


class Drawing:
    """A picture of a graph, taken when it was made (later backward() calls don't change it).

    ``.source`` is the DOT text and ``.text()`` a plain listing: both work
    without any renderer.  ``.svg()`` and ``.save()`` run Graphviz.
    """

    def __init__(self, source: str, listing_text: str, timeout: float = DEFAULT_TIMEOUT):
        self._source = source
        self._listing = listing_text
        self.timeout = timeout
        self._svg_cache: Dict[str, str] = {}  # renderer path → SVG

    @property
    def source(self) -> str:
        """The DOT text (byte-identical for the same graph, in any process)."""
        return self._source

    def text(self) -> str:
        """Every node on one line: name = how it was made, value, gradient."""
        return self._listing

    def pipe(self, fmt: str = "svg", timeout: Optional[float] = None) -> bytes:
        """The rendered picture in a Graphviz output format ('svg', 'png', ...)."""
        fmt = _check_format(fmt, "Drawing.pipe: fmt")
        return render(self._source, fmt, self._timeout(timeout, "Drawing.pipe"))

    def _timeout(self, timeout, where: str) -> float:
        return self.timeout if timeout is None else check_timeout(timeout, where)

    def svg(self, timeout: Optional[float] = None) -> str:
        """The picture as SVG text (RendererNotFound without a renderer)."""
        exe = find_renderer()
        if exe not in self._svg_cache:
            limit = self._timeout(timeout, "Drawing.svg")
            self._svg_cache[exe] = render(self._source, "svg", limit, exe).decode("utf-8")
        return self._svg_cache[exe]

    def save(self, path, timeout: Optional[float] = None) -> Path:
        """Write the picture; the suffix picks the format: .svg, .dot/.gv (no renderer needed), .png."""
        path = Path(os.fsdecode(checks.file_path(path, "Drawing.save: path")))
        suffix = path.suffix.lower()
        if suffix in (".dot", ".gv"):
            data = self._source.encode("utf-8")
        elif suffix == ".svg":
            data = self.svg(timeout).encode("utf-8")
        elif suffix == ".png":
            data = self.pipe("png", timeout)
        else:
            raise ValueError(message("draw_bad_suffix", suffix=path.suffix))
        path.write_bytes(data)
        return path

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Jupyter: SVG when a renderer works, else the text listing. Never raises."""
        bundle = {"text/plain": self._listing}
        try:
            bundle["image/svg+xml"] = self.svg()
        except Exception as error:  # a display hook must not raise: say why (and the fixes) instead
            bundle["text/plain"] = f"{self._listing}\n\n{str(error) or type(error).__name__}"
        return bundle

    def __repr__(self) -> str:
        lines = self._listing.count("\n") + 1
        return f"<microgradkr Drawing: {lines} lines; .source, .svg(), .save(path), .text()>"


def draw_dot(root, mode: str = "forward", lang: str = "ko", rankdir: str = "LR", precision=4,
             title: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> Drawing:
    """Draw the graph that made `root` (a Value, or a circuit from microgradkr.gates).

    mode: 'forward' (values), 'backward' (values, gradients in red, arrows
    pointing back, each operand edge labelled local × upstream = received) or
    'both' (forward arrows plus dashed backward ones).  If backward() has not
    run (the root's gradient is 0), the picture says so instead of showing
    zeros.  precision: decimals shown, trailing zeros stripped; None for the
    full repr.  timeout: seconds the renderer may take.
    """
    value, circuit_title = resolve_root(root, "draw_dot")
    check_options("draw_dot", mode, lang, rankdir, precision)
    timeout = check_timeout(timeout, "draw_dot")
    check_title(title, "draw_dot")
    # clean: a lone surrogate in a title could not be printed or written as UTF-8
    scene = graph_scene(value, mode, lang, rankdir, precision,
                        clean(circuit_title if title is None else title))
    return Drawing(dot_source(scene), listing(scene, precision), timeout)
