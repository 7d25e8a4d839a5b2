"""Regenerate microgradkr/draw/glyph_widths.py: how wide each character may be drawn.

    python scripts/make_glyph_widths.py           # needs fontTools (comes with matplotlib)
    python scripts/make_glyph_widths.py --widen   # keep a stored width where it is wider

`--widen` is for a second system with other releases of the same fonts (Debian 13's
Liberation Sans draws "·" wider than Debian 12's): run the script on one, then with
`--widen` on the other, and the table holds the widest of both.

For every character in the table it stores the largest advance width among the
fonts a browser may draw our SVG labels with (see microgradkr/draw/textwidth.py):

- Liberation Sans: the metrics of Helvetica and Arial, which the SVG asks for;
- DejaVu Sans: what ``sans-serif`` is on a fresh Debian/Ubuntu (wider);
- NanumGothic: the Hangul font most Linux learners install (fonts-nanum),
  which a Korean desktop may also use for Latin text.

Regular and bold are kept apart (titles and the player's final gradients are bold).
The fonts are found through fontconfig (``fc-match``); on Debian:
``apt-get install fonts-liberation fonts-dejavu-core fonts-nanum``.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "microgradkr" / "draw" / "glyph_widths.py"
UNITS = 1000  # widths are stored in thousandths of an em

FAMILIES = ("Liberation Sans", "DejaVu Sans", "NanumGothic")
#: the font the SVG's "Helvetica" resolves to; a character it lacks is drawn by some fallback font
PRIMARY = "Liberation Sans"
#: Latin (with Latin-1 and Extended-A), Greek letters, punctuation, super- and subscripts
RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x391, 0x3C9), (0x2010, 0x2044), (0x2070, 0x209C))
#: a few symbols beyond those ranges that learners and our own messages use
EXTRA = "←↑→↓↔∂∆∇∈∏∑−∓√∞∫≈≠≡≤≥⊙⋅▶◀■□●○⚠✓✗"


def font_file(family: str, bold: bool) -> str:
    pattern = f"{family}:style={'Bold' if bold else 'Regular'}"
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", pattern],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    if family not in found[0].split(","):
        raise SystemExit(f"{family} is not installed (fc-match gave {found[0]!r})")
    return found[1]


def advances(path: str) -> dict:
    font = TTFont(path)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"]
    return {code: metrics[glyph][0] * UNITS / per_em for code, glyph in font.getBestCmap().items()}


def characters(sources) -> list:
    codes = {c for low, high in RANGES for c in range(low, high + 1)}
    codes |= {ord(ch) for ch in EXTRA}
    # every non-Hangul character our own code and message catalog print (operation symbols, arrows, ...)
    for path in sorted([*(ROOT / "microgradkr").rglob("*.py"), *(ROOT / "microgradkr").rglob("*.toml")]):
        if path != OUT:
            codes |= {ord(ch) for ch in path.read_text(encoding="utf-8")
                      if ord(ch) > 0x7E and unicodedata.east_asian_width(ch) not in ("W", "F")}
    return sorted(c for c in codes if any(c in widths for widths in sources.values())
                  and unicodedata.category(chr(c)) not in ("Cc", "Cs", "Mn", "Me"))


def stored(runs_of_widths) -> dict:
    """{code point: width} of a table as glyph_widths.py stores it (runs of consecutive code points)."""
    return {first + i: width for first, widths in runs_of_widths for i, width in enumerate(widths)}


def table(bold: bool) -> dict:
    sources = {family: advances(font_file(family, bold)) for family in FAMILIES}
    out = {}
    for code in characters(sources):
        width = max(widths[code] for widths in sources.values() if code in widths)
        if code not in sources[PRIMARY]:
            width = max(width, UNITS)  # drawn by an unknown fallback font: allow a whole em
        out[code] = int(-(-width // 1))  # rounded up
    return out


def runs(widths: dict) -> list:
    """[(first code point, [widths of it and the following code points])] for consecutive ones."""
    out = []
    for code in sorted(widths):
        if out and out[-1][0] + len(out[-1][1]) == code:
            out[-1][1].append(widths[code])
        else:
            out.append((code, [widths[code]]))
    return out


def write_runs(name: str, widths: dict) -> list:
    lines = [f"{name} = ("]
    for first, values in runs(widths):
        lines.append(f"    (0x{first:04X}, (")
        for start in range(0, len(values), 16):
            lines.append("        " + ", ".join(str(v) for v in values[start:start + 16]) + ",")
        lines.append("    )),")
    lines.append(")")
    return lines


def main() -> int:
    widen = "--widen" in sys.argv[1:]
    regular, bold = table(bold=False), table(bold=True)
    if widen:
        sys.path.insert(0, str(ROOT))
        from microgradkr.draw import glyph_widths
        for fresh, old in ((regular, stored(glyph_widths.REGULAR)), (bold, stored(glyph_widths.BOLD))):
            for code, width in old.items():
                fresh[code] = max(width, fresh.get(code, width))
    lines = ['"""Widest advance of each character among the fonts a viewer may draw our labels with.',
             "",
             "Generated by scripts/make_glyph_widths.py from "
             + ", ".join(FAMILIES) + (" (Debian 12's and 13's, --widen)" if widen else "")
             + "; do not edit by hand.",
             f"Widths are in 1/{UNITS} em, as runs of consecutive code points: (first, widths).",
             '"""', "", f"UNITS = {UNITS}", ""]
    lines += write_runs("REGULAR", regular) + [""]
    lines += write_runs("BOLD", bold)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
