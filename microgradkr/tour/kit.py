"""What every demo script uses: its language, its output folder, and saving pictures.

A demo starts with ``demo = kit.start("02_perceptron_gates", lang=LANG)``.
Run on its own (``python demos/02_perceptron_gates.py [OUT_DIR]``) it writes
its pictures into OUT_DIR, else ``$MICROGRADKR_DEMO_OUT``, else
``./demo-output``, and prints where each one went; the language is ``lang``,
else ``$MICROGRADKR_LANG`` (``ko`` by default).  Run as a notebook (the same
script through jupytext, see scripts/make_notebooks.py) it shows each picture,
plot and player inline under its cell, with its caption, and leaves no files
in the learner's folder.  Run by ``microgradkr tour``, the same calls also
record each picture, in order, between the lines the demo printed, so the
tour page can show them where they belong.
"""

from __future__ import annotations

import contextlib
import html
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, List, Optional

from ..draw import RenderError, backprop_player
from ..messages import check_lang

#: the session of `microgradkr tour` while it runs a demo (None when a demo runs on its own)
_session = None


def has_matplotlib() -> bool:
    """True when matplotlib can be imported (the ``plot`` extra)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def in_notebook() -> bool:
    """True in a Jupyter kernel (JupyterLab, Notebook, VS Code, Colab): pictures then show inline."""
    ipython = sys.modules.get("IPython")  # never imported here: a kernel has already loaded it
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def _fitted(drawing):
    """A Drawing for a notebook cell: as wide as the cell at most, never below 60% of its size.

    Jupyter shows an SVG at its natural size, so a wide graph runs off the
    right edge of the cell (JupyterLab hides the scroll bar until hovered):
    the page rule of draw/fitting.py instead, scrolling only past 60%.
    Without a renderer, the Drawing itself (its listing and why).
    """
    import base64

    from ..draw.fitting import MIN_SCALE, svg_size_px

    bundle = drawing._repr_mimebundle_()  # never raises
    svg = bundle.get("image/svg+xml")
    size = svg_size_px(svg) if svg else None
    if size is None:
        return drawing
    width = size[0]
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"text/html": f'<div style="overflow-x:auto"><img src="data:image/svg+xml;base64,{data}" '
                         f'style="width:100%;max-width:{width:.0f}px;min-width:{width * MIN_SCALE:.0f}px;height:auto">'
                         "</div>",
            "text/plain": bundle["text/plain"]}


def _show(obj, caption: str = "") -> None:
    """Display ``obj`` under the running notebook cell, the caption below it (a figure's caption)."""
    from IPython.display import display

    display(obj, raw=isinstance(obj, dict))
    if caption:
        display({"text/html": f'<p style="color:#555"><i>{html.escape(caption)}</i></p>',
                 "text/plain": caption}, raw=True)


class Demo:
    """One demo's language, output folder and picture savers."""

    def __init__(self, name: str, out: Path, lang: str, session=None, inline: bool = False):
        self.name = name            # e.g. '02_perceptron_gates'
        self.prefix = name.split("_", 1)[0]
        self.out = Path(out)
        self.lang = check_lang(lang)
        self.session = session
        self.inline = inline        # in a notebook: show pictures under the cell instead of saying where they went
        self.can_plot = has_matplotlib()
        self.out.mkdir(parents=True, exist_ok=True)

    def t(self, ko: str, en: str) -> str:
        """The Korean or the English text, by the demo's language."""
        return ko if self.lang == "ko" else en

    def path(self, filename: str) -> Path:
        """Where a picture goes: numbered like its demo, so demos never overwrite each other."""
        return self.out / f"{self.prefix}_{filename}"

    def _saved(self, kind: str, path: Path, caption: str) -> None:
        if self.session is not None:
            self.session.add(kind, path, caption)
        elif self.inline:  # only plots get here in a notebook: a PNG (or SVG) file to show
            from IPython.display import SVG, Image

            _show((SVG if path.suffix == ".svg" else Image)(filename=str(path)), caption)
        else:
            print(f"  ({self.t('저장', 'saved')}: {path})")

    def _left_out(self, kind: str, filename: str, caption: str, reason: str) -> None:
        filename = self.path(filename).name
        if self.session is not None:
            self.session.left_out(kind, filename, caption, reason)
        else:
            print(f"  ({self.t('그리지 못함', 'not drawn')}: {filename}: {reason})")

    def picture(self, drawing, filename: str, caption: str) -> None:
        """Save a draw_dot Drawing as SVG (in a notebook: show it); without a renderer, its node listing."""
        if self.inline:  # shown in the cell, fitted to its width (its listing without a renderer)
            _show(_fitted(drawing), caption)
            return
        try:
            path = drawing.save(self.path(filename))
        except RenderError as error:
            print(drawing.text())
            self._left_out("svg", filename, caption, str(error).splitlines()[0])
            return
        self._saved("svg", path, caption)

    def player(self, root, filename: str, caption: str) -> None:
        """Save the backprop player (one HTML page) of a graph (in a notebook: show it)."""
        if self.inline:  # the Player shows itself in a sandboxed iframe
            _show(backprop_player(root, self.lang), caption)
            return
        try:
            path = backprop_player(root, self.lang).save(self.path(filename))
        except RenderError as error:
            self._left_out("player", filename, caption, str(error).splitlines()[0])
            return
        self._saved("player", path, caption)

    def plot(self, filename: str, caption: str, draw: Callable[[Path], object]) -> None:
        """Call ``draw(path)`` to save a matplotlib plot; without matplotlib, say it was left out.

        Without a Hangul font a Korean demo draws its plots in English: while
        ``draw`` runs, ``t()`` gives the English text (titles, legends, labels).
        The caption stays in the demo's language: the page shows it, not the plot.
        """
        if not self.can_plot:
            self._left_out("plot", filename, caption, "matplotlib")
            return
        from .. import plot  # imports matplotlib

        path = self.path(filename)
        own = self.lang
        self.lang = plot.plot_language(own)
        try:
            draw(path)
        finally:
            self.lang = own
        self._saved("plot", path, caption)

    @contextlib.contextmanager
    def figure(self, path, ncols: int = 1, width: float = 4.5, height: float = 3.6):
        """A matplotlib figure that shows Korean, saved to ``path`` at the end: yields (figure, axes).

        Its language follows the plot's: inside ``plot()``'s ``draw``, ``t()``
        already gives English when there is no Hangul font.
        """
        from .. import plot  # imports matplotlib

        with plot.figure(self.lang, ncols=ncols, width=width, height=height) as (fig, axes, lang):
            own = self.lang
            self.lang = lang  # texts written in the block follow the figure's language
            try:
                yield fig, axes
            finally:
                self.lang = own
        plot.save(fig, path)


def start(script: str, argv: Optional[List[str]] = None, lang: Optional[str] = None) -> Demo:
    """The Demo named ``script`` (its file name, or a path such as ``__file__``).

    ``lang`` is the demo's language (None: ``$MICROGRADKR_LANG``, else 'ko');
    the tour's session gives its own.
    """
    name = Path(script).stem
    if _session is not None:
        return _session.demo(name)
    lang = lang or os.environ.get("MICROGRADKR_LANG", "ko")
    if in_notebook():  # sys.argv is the kernel's; the pictures go to a scratch folder and show inline
        out = os.environ.get("MICROGRADKR_DEMO_OUT") or tempfile.mkdtemp(prefix=f"microgradkr-{name}-")
        return Demo(name, Path(out), lang, inline=True)
    argv = sys.argv[1:] if argv is None else argv
    out = argv[0] if argv else os.environ.get("MICROGRADKR_DEMO_OUT") or "demo-output"
    return Demo(name, Path(out), lang)
