"""How big a graph may be drawn in a page column, and how to write it there.

The tour page and the gate gallery promise the same thing: a graph is drawn
at no less than 60% of its natural size (its labels stay readable) and never
wider than its column; a click opens it full size.  A graph that cannot keep
both promises in a 1,280 px window is not squeezed: the page links it instead.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Optional, Tuple

#: the content column of both pages at a 1,280 px window: 70em of 16 px, less 1.5em padding each side
COLUMN_PX = 70 * 16 - 2 * 24
#: the smallest scale a graph may be drawn at
MIN_SCALE = 0.6

_SIZE = re.compile(r'<svg[^>]*?\bwidth="([0-9.]+)(pt|px)?"[^>]*?\bheight="([0-9.]+)(pt|px)?"')


def svg_size_px(svg_text: str) -> Optional[Tuple[float, float]]:
    """(width, height) in CSS pixels of an SVG Graphviz wrote (it writes points: 1 pt = 4/3 px)."""
    match = _SIZE.search(svg_text[:4000])
    if not match:
        return None
    scale_w = 4 / 3 if match.group(2) in (None, "pt") else 1.0
    scale_h = 4 / 3 if match.group(4) in (None, "pt") else 1.0
    return float(match.group(1)) * scale_w, float(match.group(3)) * scale_h


def fits(width_px: float, column_px: float = COLUMN_PX) -> bool:
    """Whether a graph this wide can be drawn at >= MIN_SCALE of its size in the column."""
    return width_px * MIN_SCALE <= column_px


def graph_figure(path: Path, link: str, caption: str, too_big_text: str, open_text: str) -> str:
    """A <figure> for the SVG at ``path`` (``link`` is its escaped URL, texts are plain)."""
    try:
        size = svg_size_px(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        size = None
    safe_caption = html.escape(caption)
    if size and not fits(size[0]):
        return (f'<figure class="graph too-big"><p class="note">{html.escape(too_big_text)} '
                f'<a href="{link}">{html.escape(open_text)}</a></p>\n'
                f"<figcaption>{safe_caption}</figcaption></figure>")
    # the natural width as the img's width: max-width:100% shrinks it only as far as the column needs
    width = f' width="{round(size[0])}" height="{round(size[1])}"' if size else ""
    return (f'<figure class="graph"><a href="{link}" title="{html.escape(open_text)}">'
            f'<img src="{link}" alt="{safe_caption}"{width}></a>\n'
            f"<figcaption>{safe_caption}</figcaption></figure>")
