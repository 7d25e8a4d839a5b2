"""`draw_dot` and the Drawing it returns."""

from __future__ import annotations

import os
import webbrowser
from pathlib import Path
from typing import Dict, Optional

from .dot import dot_source
from .layout import resolve_rankdir
from .render import DEFAULT_TIMEOUT, check_timeout, find_renderer, render
from .scene import backward_has_run, check_options, check_title, graph_scene, listing, resolve_root
from .. import checks
from ..messages import message
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

#: the file name ``render()`` writes when given none (graphviz names it after the graph the same way)
DEFAULT_FILENAME = "microgradkr.gv"


class Drawing:
    """A picture of a graph, taken when it was made (later backward() calls don't change it).

    ``.source`` is the DOT text and ``.text()`` a plain listing: both work
    without any renderer.  ``.svg()`` and ``.save()`` run Graphviz.  What
    micrograd's users call on the ``graphviz.Digraph`` its ``draw_dot``
    returns works here too: ``.render(filename, format=...)``,
    ``.pipe(format=...)``, ``.format`` (default 'svg').
    """

    def __init__(self, source: str, listing_text: str, timeout: float = DEFAULT_TIMEOUT,
                 format: str = "svg"):
        self._source = source
        self._listing = listing_text
        self.timeout = timeout
        self.format = _check_format(format, "draw_dot: format")
        self._svg_cache: Dict[str, str] = {}  # renderer path → SVG

    @property
    def source(self) -> str:
        """The DOT text (byte-identical for the same graph, in any process)."""
        return self._source

    def text(self) -> str:
        """Every node on one line: name = how it was made, value, gradient."""
        return self._listing

    def pipe(self, format: Optional[str] = None, timeout: Optional[float] = None) -> bytes:
        """The rendered picture as bytes, in a Graphviz output format ('svg', 'png', ...).

        Without a format, ``self.format`` (as graphviz's ``pipe``).
        """
        fmt = self.format if format is None else _check_format(format, "Drawing.pipe: format")
        return render(self._source, fmt, self._timeout(timeout, "Drawing.pipe"))

    def _timeout(self, timeout, where: str) -> float:
        return self.timeout if timeout is None else check_timeout(timeout, where)

    def render(self, filename=None, directory=None, view: bool = False, cleanup: bool = False,
               format: Optional[str] = None, timeout: Optional[float] = None) -> str:
        """Write the DOT text to ``filename`` and the picture to ``filename.format``, as graphviz does.

        Returns the picture's path (``'gout.svg'`` for ``render('gout')``).
        ``cleanup=True`` deletes the DOT file afterwards; ``view=True`` opens
        the picture (in the web browser).  The format is ``format`` or
        ``self.format``.
        """
        fmt = self.format if format is None else _check_format(format, "render: format")
        name = DEFAULT_FILENAME if filename is None else os.fspath(filename)
        source_path = Path(directory, name) if directory is not None else Path(name)
        picture = self.pipe(fmt, timeout)  # render first: a failure leaves no half-written files
        source_path.parent.mkdir(parents=True, exist_ok=True)
        source_path.write_text(self._source, encoding="utf-8")
        out_path = Path(f"{source_path}.{fmt}")
        out_path.write_bytes(picture)
        if cleanup:
            source_path.unlink()
        if view:
            webbrowser.open(out_path.resolve().as_uri())
        return str(out_path)

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
        return (f"<microgradkr Drawing: {lines} lines; .source, .svg(), .save(path), "
                f".render(filename), .text()>")


def draw_dot(root, mode: Optional[str] = None, lang: str = "ko", rankdir: str = "auto", precision=4,
             title: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT,
             format: str = "svg", blanks=None) -> Drawing:
    """Draw the graph that made `root` (a Value, or a circuit from microgradkr.gates).

    mode: 'forward' (values), 'backward' (values, gradients in red, arrows
    pointing back, each operand edge labelled local × upstream = received) or
    'both' (forward arrows plus dashed backward ones).  Without a mode the
    picture follows the graph: 'backward' once backward() has run, else
    'forward'.  "Has run" is read from the root's gradient: backward() seeds
    it with 1, and a root gradient of 0 means there are no gradients of it to
    show.  If mode='backward' is asked for before backward(), the picture
    says so instead of showing zeros.  lang: 'ko' (default) or 'en'.
    rankdir: 'auto' (left to right, or top to bottom when left to right
    would be wider than a page), 'LR', 'TB', 'RL' or 'BT'.
    precision: decimals shown, trailing zeros stripped; None for the full
    repr.  timeout: seconds the renderer may take.  format: what
    ``.render()`` and ``.pipe()`` write by default, as in micrograd's
    ``draw_dot(root, format='svg', rankdir='LR')``.  blanks: a worksheet, the
    chosen values or gradients as '?' boxes, its answer key in ``.answers``
    (see worksheet.py: ``blanks=['사과', '소비세']``, ``blanks='grads'``).
    """
    value, circuit_title = resolve_root(root, "draw_dot")
    if mode is None:
        mode = "backward" if backward_has_run(value) else "forward"
    check_options("draw_dot", mode, lang, rankdir, precision)
    timeout = check_timeout(timeout, "draw_dot")
    fmt = _check_format(format, "draw_dot: format")
    check_title(title, "draw_dot")
    # clean: a lone surrogate in a title could not be printed or written as UTF-8
    scene = resolve_rankdir(graph_scene(value, mode, lang, rankdir, precision,
                                        clean(circuit_title if title is None else title)))
    if blanks is not None:
        from .worksheet import answer_key, blanked

        sheet = blanked(scene, blanks)
        drawing = Drawing(dot_source(sheet), listing(sheet, precision), timeout, fmt)
        key = answer_key(scene)
        drawing.answers = Drawing(dot_source(key), listing(key, precision), timeout, fmt)
        return drawing
    return Drawing(dot_source(scene), listing(scene, precision), timeout, fmt)
