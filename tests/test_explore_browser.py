"""The explorer in a real JupyterLab, started here on localhost and driven by Chromium.

A learner's gesture end to end: run the cell, drag the "apple count" slider,
and the SVG in the page is redrawn with the gradients backward() gives.
Screenshots go to the test's tmp_path (before.png, after.png).
"""

import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="pip install '.[test]' (see README)")
pytest.importorskip("jupyterlab", reason="pip install '.[test]' (see README)")

from microgradkr import gates  # noqa: E402
from microgradkr.fmt import format_number  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from jupyterlab_session import jupyterlab, open_notebook, run_first_cell, write_notebook  # noqa: E402

PICTURE = ".mgk-explore-picture svg"


def test_dragging_a_slider_redraws_the_svg_in_jupyterlab(browser, tmp_path):
    started = time.monotonic()
    write_notebook(tmp_path / "explore.ipynb", ["from microgradkr import explore, gates\nexplore(gates.apple())"])
    with jupyterlab(tmp_path) as lab:
        page = open_notebook(browser, lab, "explore.ipynb")
        try:
            run_first_cell(page)
            page.wait_for_selector(PICTURE, timeout=30_000)
            before = page.locator(PICTURE).inner_html()
            assert "기울기 2.2" in before  # 2 apples × 1.1
            page.screenshot(path=str(tmp_path / "before.png"))

            slider = page.locator(".mgk-explore .widget-slider").nth(1)  # apple, apple count, tax
            assert "사과 개수" in slider.inner_text()
            handle = slider.locator(".noUi-handle").first
            box = handle.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] / 2 + 70, box["y"] + box["height"] / 2, steps=8)
            page.mouse.up()
            page.wait_for_function(
                "before => document.querySelector('.mgk-explore-picture svg').innerHTML !== before",
                arg=before, timeout=20_000)
            page.wait_for_timeout(500)  # let the last of the continuous updates arrive
            page.screenshot(path=str(tmp_path / "after.png"))

            count = float(slider.locator(".widget-readout").inner_text())
            assert count > 2.0
            after = page.locator(PICTURE).inner_html()
            expected = gates.apple(apple_num=count).backward()
            grad = format_number(expected.inputs["apple"].grad, 4)
            assert f"기울기 {grad}" in after and f"값 {format_number(count, 4)}" in after
            assert f">{grad}<" in page.locator(".mgk-explore-table").inner_html()
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))  # what the page showed
            raise
        finally:
            page.close()
    assert time.monotonic() - started < 90
