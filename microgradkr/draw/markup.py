"""Turning text that belongs to a learner (labels) into safe Graphviz HTML-like markup.

Labels are data: whatever a label holds (quotes, braces, ``|``, ``<script>``,
backslashes, newlines, control characters) must come out as the same visible
text, never as markup.  Everything drawn goes through :func:`cell_text`.
"""

from __future__ import annotations

import html

NBSP = "\u00a0"

# XML 1.0 (and so SVG) cannot hold these characters at all, not even escaped.
_FORBIDDEN = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE, 0xFFFF}


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
    """The lines of a label, each cleaned as it will be shown."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean(line) for line in unified.split("\n")]


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
    """`text` as the inside of a Graphviz HTML-like label cell (newlines become <BR/>).

    Lines are left-aligned, like the cells that hold them (see dot.py for why).
    """
    return '<BR ALIGN="LEFT"/>'.join(escape(line) for line in lines(text))
