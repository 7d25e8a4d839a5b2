"""A demo notebook as a teacher opens it: in a real JupyterLab 4, run from the menu, looked at in Chromium.

The backprop player shows under its cell in a sandboxed frame; that frame
must take the player's height (the player posts it, the output's script sizes
the frame), so nothing is cut and nothing scrolls inside it, at the first step
and at the last.  Screenshots go to the test's tmp_path.
"""

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("jupyterlab", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipywidgets", reason="pip install '.[test]' (see README)")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from jupyterlab_session import jupyterlab, open_notebook, run_all_cells  # noqa: E402

FRAMES = ".jp-OutputArea-output iframe"

# the frame's box, and what the player inside needs: its body and margins, and what it would scroll
INSIDE = """() => {
  const style = getComputedStyle(document.body);
  return {needs: document.body.getBoundingClientRect().height + parseFloat(style.marginTop)
                 + parseFloat(style.marginBottom),
          scrolls: document.documentElement.scrollHeight - window.innerHeight,
          counter: document.getElementById('mgk-counter').textContent};
}"""


def _players(page):
    """(frame box height, what its player needs, how far it would scroll inside) for every player shown."""
    found = []
    for k in range(page.locator(FRAMES).count()):
        handle = page.locator(FRAMES).nth(k).element_handle()
        inside = handle.content_frame().evaluate(INSIDE)
        found.append((handle.bounding_box()["height"], inside))
    return found


def _assert_fits(players):
    for height, inside in players:
        assert inside["scrolls"] <= 1, inside  # nothing of the player is cut or scrolls inside its frame
        assert inside["needs"] <= height <= inside["needs"] + 8, (height, inside)  # and no tall empty band


def test_the_computational_graph_notebook_in_jupyterlab_shows_whole_players(browser, tmp_path):
    name = "04_computational_graph.ipynb"
    shutil.copyfile(ROOT / "demos" / "notebooks" / name, tmp_path / name)
    with jupyterlab(tmp_path) as lab:
        page = open_notebook(browser, lab, name, width=1280, height=900)
        try:
            run_all_cells(page)
            page.wait_for_selector(".mgk-explore-picture svg", timeout=30_000)  # the explorer drew too
            # no error and no warning (Lab shows both in pink boxes of this type)
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                ).count() == 0
            # apples, apples and oranges, (x + y)·z; each frame sized to its player
            page.wait_for_function(f"() => [...document.querySelectorAll('{FRAMES}')]"
                                   ".every(f => f.style.height !== '' && !f.style.height.startsWith('0'))")
            page.wait_for_timeout(500)
            players = _players(page)
            assert len(players) == 3
            _assert_fits(players)
            page.locator(FRAMES).nth(1).scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "player_first_step.png"))

            # step the apples-and-oranges player to its end: its frame still fits it
            player = page.locator(FRAMES).nth(1).content_frame
            while not player.locator("#mgk-next").is_disabled():
                player.locator("#mgk-next").click()
            page.wait_for_timeout(500)
            height, inside = _players(page)[1]
            assert inside["counter"].endswith("9 / 9"), inside
            _assert_fits([(height, inside)])
            page.screenshot(path=str(tmp_path / "player_last_step.png"))
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))
            raise
        finally:
            page.close()
