"""A demo notebook as a teacher opens it: in a real JupyterLab 4, run from the menu, looked at in Chromium.

The backprop player shows under its cell in a sandboxed frame; that frame
must take the player's height (the player posts it, the output's script sizes
the frame), so nothing is cut and nothing scrolls inside it, at the first step
and at the last.  Screenshots go to the test's tmp_path.
"""

import contextlib
import shutil
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("jupyterlab", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipywidgets", reason="pip install '.[test]' (see README)")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
from jupyterlab_session import jupyterlab, open_notebook, run_all_cells, write_notebook  # noqa: E402
from notebook6_session import notebook6, open_notebook6, run_first_cell6  # noqa: E402
from widgets7 import source_env, widgets7_python  # noqa: E402

FRAMES = ".jp-OutputArea-output iframe, .output_area iframe"  # JupyterLab's outputs, classic Notebook's

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


def _fits(height, inside) -> bool:
    # nothing of the player is cut or scrolls inside its frame, and no tall empty band under it
    return inside["scrolls"] <= 1 and inside["needs"] <= height <= inside["needs"] + 8


def _assert_fits(players):
    for height, inside in players:
        assert _fits(height, inside), (height, inside)


def _players_once_sized(page, count: int, seconds: float = 15.0):
    """The players, once ``count`` of them show and each frame has taken its player's height."""
    deadline = time.monotonic() + seconds
    while True:
        players = _players(page)
        if (len(players) == count and all(_fits(*p) for p in players)) or time.monotonic() > deadline:
            return players
        page.wait_for_timeout(250)


@contextlib.contextmanager
def _kept_on_failure(page, folder: Path):
    """The page, screenshot into ``folder`` as failed.png if the test fails; closed afterwards."""
    try:
        yield page
    except Exception:
        page.screenshot(path=str(folder / "failed.png"))
        raise
    finally:
        page.close()


def test_the_computational_graph_notebook_in_jupyterlab_shows_whole_players(browser, tmp_path):
    name = "04_computational_graph.ipynb"
    shutil.copyfile(ROOT / "demos" / "notebooks" / name, tmp_path / name)
    with jupyterlab(tmp_path) as lab:
        with _kept_on_failure(open_notebook(browser, lab, name, width=1280, height=900), tmp_path) as page:
            run_all_cells(page)
            page.wait_for_selector(".mgk-explore-picture svg", timeout=30_000)  # the explorer drew too
            # no error and no warning (Lab shows both in pink boxes of this type)
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                ).count() == 0
            # apples, apples and oranges, (x + y)·z; each frame sized to its player
            players = _players_once_sized(page, 3)
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


def test_the_player_fits_its_frame_in_classic_notebook6(browser, tmp_path):
    """Classic Notebook runs an output's scripts its own way (jQuery): the frame is sized there too."""
    try:
        python = widgets7_python()
    except RuntimeError as error:
        pytest.skip(f"no ipywidgets 7.7.1 venv ({error}); set MICROGRADKR_WIDGETS7_PYTHON (see README)")
    write_notebook(tmp_path / "player.ipynb",
                   ["from microgradkr import backprop_player, gates\nbackprop_player(gates.apple_orange())"])
    with notebook6(tmp_path, python, env=source_env()) as server:
        with _kept_on_failure(open_notebook6(browser, server, "player.ipynb", width=1280, height=900),
                              tmp_path) as page:
            run_first_cell6(page)
            page.wait_for_selector(".output_area iframe", timeout=30_000)
            players = _players_once_sized(page, 1)
            assert len(players) == 1
            _assert_fits(players)
            page.screenshot(path=str(tmp_path / "notebook6_player.png"))
