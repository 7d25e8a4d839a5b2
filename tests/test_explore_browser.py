"""The explorer in real front ends, started here on localhost and driven by Chromium.

A learner's gesture end to end: run the cell, drag the "apple count" slider,
and the SVG in the page is redrawn with the gradients backward() gives.  Once
in JupyterLab 4 (ipywidgets 8, this Python) and once in classic Notebook 6
with widgetsnbextension 3 (ipywidgets 7.7.1, the widgets-7 venv of
tests/widgets7.py: Colab's widget version).  Screenshots go to the test's
tmp_path (before.png, after.png).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
from jupyterlab_session import jupyterlab, open_notebook, run_first_cell, write_notebook  # noqa: E402
from notebook6_session import notebook6, open_notebook6, run_first_cell6  # noqa: E402
from widgets7 import source_env, widgets7_python  # noqa: E402

PICTURE = ".mgk-explore-picture svg"
CELL = "from microgradkr import explore, gates\nexplore(gates.apple())"


def drag_the_apple_count(page, handle: str, tmp_path: Path) -> None:
    """Drag the apple count's slider by its handle (``handle``: the front end's CSS class) and check
    that the picture and the table show backward()'s numbers for the count the slider reads."""
    page.wait_for_selector(PICTURE, timeout=30_000)
    before = page.locator(PICTURE).inner_html()
    assert "기울기 2.2" in before  # 2 apples × 1.1
    page.screenshot(path=str(tmp_path / "before.png"))

    slider = page.locator(".mgk-explore .widget-slider").nth(1)  # apple, apple count, tax
    assert "사과 개수" in slider.inner_text()
    box = slider.locator(handle).first.bounding_box()
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
    assert count > 2.0 and count.is_integer()  # a count moves one apple at a time
    after = page.locator(PICTURE).inner_html()
    expected = gates.apple(apple_num=count).backward()
    grad = format_number(expected.inputs["apple"].grad, 4)
    assert f"기울기 {grad}" in after and f"값 {format_number(count, 4)}" in after
    assert f">{grad}<" in page.locator(".mgk-explore-table").inner_html()


def test_dragging_a_slider_redraws_the_svg_in_jupyterlab(browser, tmp_path):
    started = time.monotonic()
    write_notebook(tmp_path / "explore.ipynb", [CELL])
    with jupyterlab(tmp_path) as lab:
        page = open_notebook(browser, lab, "explore.ipynb")
        try:
            run_first_cell(page)
            drag_the_apple_count(page, ".noUi-handle", tmp_path)  # ipywidgets 8 draws noUiSlider
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))  # what the page showed
            raise
        finally:
            page.close()
    assert time.monotonic() - started < 90


def test_dragging_a_slider_redraws_the_svg_in_notebook6_with_ipywidgets_7(browser, tmp_path):
    try:
        python = widgets7_python()
    except RuntimeError as error:
        pytest.skip(f"no ipywidgets 7.7.1 venv ({error}); set MICROGRADKR_WIDGETS7_PYTHON (see README)")
    started = time.monotonic()
    write_notebook(tmp_path / "explore.ipynb", [CELL])
    with notebook6(tmp_path, python, env=source_env()) as server:
        page = open_notebook6(browser, server, "explore.ipynb")
        try:
            run_first_cell6(page)
            version = page.evaluate("() => new Promise(done => require(['@jupyter-widgets/base'],"
                                    " base => done(base.JUPYTER_WIDGETS_VERSION)))")
            assert version.startswith("1."), version  # widgetsnbextension 3's front end: ipywidgets 7
            drag_the_apple_count(page, ".ui-slider-handle", tmp_path)  # ipywidgets 7 draws jQuery UI
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))
            raise
        finally:
            page.close()
    assert time.monotonic() - started < 90
