"""Regenerate the README's screenshots of the live explorers (docs/explore*.png).

    python scripts/make_explore_screenshots.py [OUT_DIR]   # default: docs/

Starts a real JupyterLab on localhost (scripts/jupyterlab_session.py), runs a
notebook that calls ``explore`` in Korean and in English, and photographs each
explorer with Debian's Chromium (Playwright).  Needs the ``test`` and ``plot``
extras, ipywidgets and chromium (apt-get install chromium fonts-nanum).
The screenshots are what a learner sees, never edited by hand.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jupyterlab_session import (CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook,  # noqa: E402
                                run_first_cell, write_notebook)

_GRAPH = """from microgradkr import explore, gates
ex = explore(gates.apple(lang={lang!r}), lang={lang!r})
ex.set(apple_num=3)  # as if the apple-count slider had been dragged to 3
ex"""
_TRAINING = """from microgradkr import explore, MLP, data
X, y = data.moons(60, noise=0.1, seed=2, signed=True)
trainer = explore(MLP(2, [8, 8, 1], seed=1), X, y, loss='hinge', optimizer='adam', lr=0.05,
                  resolution=40, lang={lang!r})
trainer.step(60)  # as if the step button had been pressed 60 times
trainer"""

#: file name → (cell, language): one screenshot per explorer and language
SHOTS = {
    "explore.png": (_GRAPH, "ko"),
    "explore_en.png": (_GRAPH, "en"),
    "explore_train.png": (_TRAINING, "ko"),
    "explore_train_en.png": (_TRAINING, "en"),
}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "docs"
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    cells = [cell.format(lang=lang) for cell, lang in SHOTS.values()]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        write_notebook(Path(folder) / "explore.ipynb", cells)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with jupyterlab(Path(folder)) as lab:
                page = open_notebook(browser, lab, "explore.ipynb", width=1280, height=900)
                page.keyboard.press("Control+b")  # hide the file browser: the notebook gets the width
                run_first_cell(page)
                for _ in cells[1:]:
                    page.keyboard.press("Shift+Enter")  # the next cell has the focus now
                for index, name in enumerate(SHOTS):
                    output = page.locator(".jp-Cell").nth(index).locator(".jp-OutputArea-output")
                    output.locator(".mgk-explore img[src], .mgk-explore svg, .mgk-train img[src]").first.wait_for(
                        timeout=120_000)
                    output.scroll_into_view_if_needed()
                    page.wait_for_timeout(300)  # the last redraw
                    output.screenshot(path=str(out / name))
                    print(out / name)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
