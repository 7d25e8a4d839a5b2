"""How wide a label may come out, whatever font the viewer's browser draws it with.

Why we measure text ourselves: the renderer (graphviz-pure, or Debian's
``dot``) sizes every box with its own idea of the font, Helvetica metrics,
while the SVG's text is drawn later by the viewer's browser with whatever
its ``Helvetica, sans-serif`` resolves to.  On a fresh Debian that is DejaVu
Sans, up to 15 % wider than Helvetica; Hangul comes from yet another font
(Nanum, Noto CJK, Malgun Gothic, Apple SD Gothic Neo), and ``dot`` without
its Pango plugin counts a Hangul syllable as one space.  So the boxes are
sized from this module instead: each character counts as the widest it is in
any of those fonts (glyph_widths.py, made from the fonts themselves), and
the renderer is told to make the cell at least that wide (see dot.py).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict

from . import glyph_widths

#: Hangul and CJK: a full-width cell is the widest of the Korean fonts (NanumGothic 0.94, Noto 1.0)
WIDE_EM = 1.0
#: a character not in the table comes from some fallback font we cannot know: generous on purpose
UNKNOWN_EM = 1.3
#: per character, for the browser's rounding of each advance to whole pixels (about 1/3 px at 14 pt)
ROUNDING_EM = 0.02


@lru_cache(maxsize=2)
def _table(bold: bool) -> Dict[str, float]:
    runs = glyph_widths.BOLD if bold else glyph_widths.REGULAR
    return {chr(first + k): width / glyph_widths.UNITS
            for first, widths in runs for k, width in enumerate(widths)}


def char_em(ch: str, bold: bool = False) -> float:
    """The widest `ch` is drawn, in em (0 for combining marks and invisible format characters)."""
    known = _table(bold).get(ch)
    if known is not None:
        return known
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F") and ord(ch) < 0x1F000:  # emoji are wider
        return WIDE_EM
    return UNKNOWN_EM


def text_width(text: str, size: float = 14.0, bold: bool = False) -> float:
    """The widest `text` (one line) is drawn at font size `size`, in the same units as `size`."""
    return size * sum(char_em(ch, bold) + ROUNDING_EM for ch in text)
