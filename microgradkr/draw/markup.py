"""Turning text that belongs to a learner (labels) into safe Graphviz HTML-like markup.

Labels are data: whatever a label holds (quotes, braces, ``|``, ``<script>``,
backslashes, newlines, control characters) must come out as the same visible
text, never as markup.  Everything drawn goes through :func:`cell_text`.
"""

from __future__ import annotations

import html
import math
import unicodedata

NBSP = "\u00a0"

# XML 1.0 (and so SVG) cannot hold these characters at all, not even escaped.
_FORBIDDEN = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE, 0xFFFF}


def wide_count(text: str) -> int:
    """How many East Asian wide or full-width characters (Hangul, CJK) `text` holds."""
    return sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))


def pad_wide(text: str) -> str:
    """`text` with no-break spaces on both sides, about one per three wide characters.

    Why: graphviz-pure 0.2.2 measures a Hangul syllable as three spaces (one per
    UTF-8 byte, 11.7 px at 14 pt Helvetica) while a browser draws it 13-14 px
    wide, so boxes come out too narrow; it measures a no-break space as two
    spaces but draws one, so a little padding buys the missing width.  Debian's
    Graphviz 2.43 measures Hangul correctly and only gets a little slack.  The
    "1.5 per wide character" of DESIGN.md was tuned for record labels and left
    HTML-like labels twice too wide in screenshots.
    """
    pad = NBSP * math.ceil(wide_count(text) / 3)
    return pad + text + pad


def clean(text: str) -> str:
    """`text` with characters XML cannot carry replaced by visible escapes (``\\x07``)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code in _FORBIDDEN or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif ch == "\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def lines(text: str) -> list:
    """The lines of a label, each cleaned and padded as it will be shown."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return [pad_wide(clean(line)) for line in unified.split("\n")]


def shown_text(text: str) -> str:
    """The text a viewer sees for `text`, lines joined by newlines (for the player and tests)."""
    return "\n".join(lines(text))


def escape(text: str) -> str:
    """Already cleaned text as Graphviz HTML-like label text.

    Graphviz expands escapes such as ``\\N`` (the node's name) and ``\\G`` even
    inside HTML-like labels, entities included, so every backslash is doubled.
    No-break spaces are written as &#160; so the DOT stays readable.
    """
    return html.escape(text.replace("\\", "\\\\"), quote=True).replace(NBSP, "&#160;")


def cell_text(text: str) -> str:
    """`text` as the inside of a Graphviz HTML-like label cell (newlines become <BR/>)."""
    return '<BR ALIGN="CENTER"/>'.join(escape(line) for line in lines(text))
