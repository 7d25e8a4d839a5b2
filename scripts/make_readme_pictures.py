"""Regenerate the pictures README.md shows (docs/*.svg) from the gate gallery.

    python scripts/make_readme_pictures.py [OUT_DIR]   # default: docs/

Run it after a change to the drawings, then commit the SVGs.  The pictures
are made by the same draw_dot a learner calls, never edited by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from microgradkr import draw_dot, gates

#: file name → (gate, language): the apple example backward, for each half of the README
PICTURES = {
    "apple_backward.svg": ("apple", "ko"),
    "apple_backward_en.svg": ("apple", "en"),
}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "docs"
    out.mkdir(parents=True, exist_ok=True)
    for name, (gate, lang) in PICTURES.items():
        circuit = gates.GATES[gate](lang=lang).backward()
        path = draw_dot(circuit, "backward", lang).save(out / name)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
