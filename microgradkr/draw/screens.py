"""A picture too big for a projector, cut into screens: each part fits 1280 x 720 at a readable size.

A long graph drawn top to bottom (XOR's backward pass, a loss over four
samples) is taller than any screen, and shrinking it to fit makes its text
unreadable.  Graphviz cannot wrap a layout, but its ranks leave empty bands
between them: cutting the SVG there gives parts that each show whole boxes at
no less than ``MIN_SCALE`` of their size.  A part is the same SVG with another
viewBox, so nothing is drawn twice or laid out again; edges that cross a cut
continue in the next part.

    >>> parts = screens(svg_text)      # doctest: +SKIP
    >>> len(parts)                      # doctest: +SKIP
    3
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import List, Tuple

from ..messages import say
from .fitting import MIN_SCALE, svg_size_px

#: a projector's screen in CSS px
SCREEN = (1280, 720)

_PX_PER_PT = 4 / 3  # Graphviz writes points
_ROOT = re.compile(r'<svg\b[^>]*>')
_TRANSLATE = re.compile(r'class="graph" transform="[^"]*translate\(([-0-9.]+) ([-0-9.]+)\)')
_GROUP = re.compile(r'<g id="[^"]*" class="(?:node|edge)">(.*?)</g>', re.S)
_POINTS = re.compile(r'points="([^"]+)"')
_XY = re.compile(r'<text[^>]*?\bx="([-0-9.]+)" y="([-0-9.]+)"[^>]*?font-size="([0-9.]+)"')
_ELLIPSE = re.compile(r'<ellipse[^>]*?cx="([-0-9.]+)" cy="([-0-9.]+)" rx="([0-9.]+)" ry="([0-9.]+)"')


def scale_on_screen(width_px: float, height_px: float, screen=SCREEN) -> float:
    """The scale a picture of this size is shown at when it must fit the screen (at most 1)."""
    return min(1.0, screen[0] / width_px, screen[1] / height_px)


def fits_screen(svg_text: str, screen=SCREEN) -> bool:
    """Whether the whole picture fits the screen at MIN_SCALE of its size or more."""
    size = svg_size_px(svg_text)
    return size is None or scale_on_screen(*size, screen=screen) >= MIN_SCALE


def _extents(svg_text: str, axis: int) -> List[Tuple[float, float]]:
    """Where the boxes, circles and texts lie along ``axis`` (0: x, 1: y), in viewBox units.

    Edges' lines may be cut, their label texts not: texts count, paths do not.
    """
    translate = _TRANSLATE.search(svg_text)
    shift = float(translate.group(axis + 1)) if translate else 0.0
    spans = []
    for group in _GROUP.finditer(svg_text):
        body = group.group(1)
        for points in _POINTS.findall(body):
            values = [float(pair.split(",")[axis]) for pair in points.split()]
            spans.append((min(values) + shift, max(values) + shift))
        for cx, cy, rx, ry in _ELLIPSE.findall(body):
            centre, radius = (float(cx), float(rx)) if axis == 0 else (float(cy), float(ry))
            spans.append((centre - radius + shift, centre + radius + shift))
        for x, y, size in _XY.findall(body):
            size = float(size)
            if axis == 1:  # y is the baseline
                spans.append((float(y) - size + shift, float(y) + 0.3 * size + shift))
            else:  # a text's width is not written: its anchor is enough to keep it off a cut
                spans.append((float(x) - 1 + shift, float(x) + 1 + shift))
    return spans


def _cuts(length: float, most: float, spans: List[Tuple[float, float]]) -> List[Tuple[float, float]]:
    """[start, end) pieces of [0, length), each at most ``most`` long, cut where no span lies."""
    blocked = sorted(spans)
    pieces, start = [], 0.0
    while length - start > most:
        limit = start + most
        best = None
        # the last free place before the limit: the end of a span that nothing later overlaps
        for end in sorted({e for _, e in blocked if start < e <= limit}, reverse=True):
            if not any(s < end + 1 < e for s, e in blocked):  # a point just after `end` is free
                best = end + 1
                break
        if best is None or best <= start + most * 0.25:  # nowhere free: cut through, as paper would
            best = limit
        pieces.append((start, min(best, length)))
        start = best
    pieces.append((start, length))
    return pieces


def _with_view(svg_text: str, x: float, y: float, width: float, height: float) -> str:
    root = _ROOT.search(svg_text)
    tag = root.group(0)
    tag = re.sub(r'\bwidth="[^"]*"', f'width="{width:.2f}pt"', tag, count=1)
    tag = re.sub(r'\bheight="[^"]*"', f'height="{height:.2f}pt"', tag, count=1)
    tag = re.sub(r'\bviewBox="[^"]*"', f'viewBox="{x:.2f} {y:.2f} {width:.2f} {height:.2f}"', tag, count=1)
    return svg_text[:root.start()] + tag + svg_text[root.end():]


def screens(svg_text: str, screen=SCREEN) -> List[str]:
    """The picture as parts that each fit ``screen`` (CSS px) at MIN_SCALE or more, in reading order.

    A picture that fits already is returned alone, unchanged.  A tall picture
    is cut across, a wide one down, between its boxes where it can be.
    """
    size = svg_size_px(svg_text)
    if size is None or scale_on_screen(*size, screen=screen) >= MIN_SCALE:
        return [svg_text]
    width_pt, height_pt = size[0] / _PX_PER_PT, size[1] / _PX_PER_PT
    # the scale each part is shown at: its full width across the screen where that is readable
    scale = max(MIN_SCALE, min(1.0, screen[0] / size[0]))
    # 5% to spare: a page's column may be a little narrower or wider than ``screen`` says
    most_w = 0.95 * screen[0] / scale / _PX_PER_PT
    most_h = 0.95 * screen[1] / scale / _PX_PER_PT
    columns = _cuts(width_pt, most_w, _extents(svg_text, 0)) if width_pt > most_w else [(0.0, width_pt)]
    rows = _cuts(height_pt, most_h, _extents(svg_text, 1)) if height_pt > most_h else [(0.0, height_pt)]
    return [_with_view(svg_text, x0, y0, x1 - x0, y1 - y0) for y0, y1 in rows for x0, x1 in columns]


def screen_figure(path: Path, link: str, caption: str, lang: str, screen=None) -> str:
    """A <figure> for the SVG at ``path`` whose every picture fits ``screen`` at a readable size.

    A picture that fits is shown whole (fitting.graph_figure); one that does
    not is written again as parts next to it (``name_part1.svg`` ...), shown
    one under the other, each numbered, and linked to the whole picture.  ``link`` is the escaped URL of ``path``
    as the page sees it; the parts' URLs are made from it.
    """
    from .fitting import COLUMN_PX, graph_figure

    screen = screen or (COLUMN_PX, SCREEN[1])  # a page's column on a projector's screen
    open_text = say("fit_open", lang)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    parts = screens(text, screen) if text else [text]
    if len(parts) == 1:
        return graph_figure(path, link, caption, say("fit_too_big", lang), open_text)
    figures = []
    base = link.rsplit("/", 1)
    for k, part in enumerate(parts, 1):
        name = f"{path.stem}_part{k}.svg"
        (path.parent / name).write_text(part, encoding="utf-8")
        width, height = svg_size_px(part)
        part_link = f"{base[0]}/{name}" if len(base) == 2 else name
        label = html.escape(say("fit_part", lang, k=k, n=len(parts)))
        figures.append(f'<a href="{part_link}"><img src="{part_link}" alt="{html.escape(caption)} {label}" '
                       f'width="{round(width)}" height="{round(height)}"></a>'
                       f'<span class="part">{label}</span>')
    return (f'<figure class="graph parts">{"".join(figures)}\n'
            f'<figcaption>{html.escape(caption)} · <a href="{link}">{html.escape(open_text)}</a>'
            f"</figcaption></figure>")
