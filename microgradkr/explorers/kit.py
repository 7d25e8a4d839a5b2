"""What both live explorers share: ipywidgets, "am I in a notebook?", and pictures as HTML.

ipywidgets (the ``jupyter`` extra) is imported only when an explorer is made.
"""

from __future__ import annotations

import html
import io

from ..messages import message


def widgets(where: str):
    """The ipywidgets module, or an ImportError that says how to install it."""
    try:
        import ipywidgets
    except ImportError as error:
        raise ImportError(message("explore_needs_widgets", where=where)) from error
    return ipywidgets


def in_notebook() -> bool:
    """True in a Jupyter kernel (JupyterLab, Notebook, VS Code, Colab), False in python or ipython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    # a terminal IPython has no kernel: widgets would have nothing to talk to
    return shell is not None and getattr(shell, "kernel", None) is not None


def drawing_html(drawing) -> str:
    """A Drawing as HTML: its SVG when a renderer works, else its text listing (and why)."""
    bundle = drawing._repr_mimebundle_()  # the same fallback Jupyter shows for a Drawing
    svg = bundle.get("image/svg+xml")
    if svg is not None:
        # inline SVG: the XML prolog and DOCTYPE mean nothing inside an HTML page, and a wide
        # graph shrinks to the notebook's width instead of being cut off
        return '<svg style="max-width:100%;height:auto"' + svg[svg.index("<svg") + len("<svg"):]
    return f'<pre class="mgk-listing">{html.escape(bundle["text/plain"])}</pre>'


def figure_png(figure) -> bytes:
    """A matplotlib Figure as PNG bytes (for an ipywidgets Image)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def table_html(header, rows) -> str:
    """A small HTML table, names left and numbers right; every cell is escaped text."""
    def cells(tag, items):
        return "".join(
            f"<{tag} style='padding:2px 10px;white-space:nowrap;text-align:{'left' if i == 0 else 'right'}'>"
            f"{html.escape(str(x))}</{tag}>" for i, x in enumerate(items))
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return (f"<table class='mgk-grads' style='border-collapse:collapse'>"
            f"<thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>")


def label_width(labels) -> str:
    """A CSS width that fits the longest label (Hangul is about twice as wide as Latin letters)."""
    widest = max((sum(1.0 if ord(c) > 0x2000 else 0.6 for c in label) for label in labels), default=1.0)
    return f"{widest + 0.5:.1f}em"
