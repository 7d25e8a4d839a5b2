"""`microgradkr tour`: the page it writes, in a parser and in headless Chromium.

The whole tour runs once (module fixture), as a user runs it: the command in a
fresh process, from another folder.  Smaller runs check the English page, the
tour without matplotlib, a failing demo and bad input.  The browser is
conftest.py's headless Chromium; set MICROGRADKR_SCREENSHOTS=DIR to keep the screenshots.
"""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from microgradkr import cli
from microgradkr.tour import FILES, run_tour, summary
from microgradkr.tour.topics import TOPICS, Topic

SCREENSHOTS = os.environ.get("MICROGRADKR_SCREENSHOTS")


def tour_command(args, cwd, extra_code=""):
    """`microgradkr ...` in a fresh process (extra_code runs first, e.g. to hide matplotlib)."""
    code = f"{extra_code}\nimport sys\nfrom microgradkr.cli import main\nsys.exit(main(sys.argv[1:]))"
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-c", code] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("elsewhere")
    done = tour_command(["tour"], cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return cwd / "microgradkr-tour", done.stdout


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets, self.ids, self.sections = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.targets.append((tag, attrs[name]))
        if attrs.get("id"):
            self.ids.add(attrs["id"])


def parse(index):
    links = Links()
    links.feed(index.read_text(encoding="utf-8"))
    return links


# ---------------------------------------------------------------- the page

def test_progress_lines_then_summary_and_where_the_page_is(tour):
    root, stdout = tour
    first, *lines = stdout.splitlines()
    n = len(TOPICS)
    assert first.startswith(f"데모 {n}개를 실행합니다")  # said at once: the first demos take seconds
    assert [line.split("]")[0] for line in lines[:n]] == [f"[{k:2d}/{n}" for k in range(1, n + 1)]
    assert all(re.search(r"\.\.\. \d+\.\d초$", line) for line in lines[:n])
    assert lines[n].startswith(f"주제 {n}개, 계산 그래프 그림 ") and "역전파 재생기 9개" in lines[n]
    assert lines[-1] == f"페이지: {(root / 'index.html').resolve()}"


def test_every_link_and_image_exists_and_nothing_is_remote(tour):
    root, _ = tour
    links = parse(root / "index.html")
    assert len(links.targets) > 30
    for tag, target in links.targets:
        assert not re.match(r"[a-z]+:", target), f"not offline: {target}"
        if target.startswith("#"):
            assert target[1:] in links.ids
        else:
            assert (root / unquote(target)).is_file(), target
    kinds = {Path(target).suffix for tag, target in links.targets}
    assert {".svg", ".png", ".html"} <= kinds


def test_topics_in_order_with_their_printed_numbers(tour):
    root, _ = tour
    page = (root / "index.html").read_text(encoding="utf-8")
    positions = [page.index(f'<section id="topic-{k}">') for k in range(1, 13)]
    assert positions == sorted(positions)
    for k, topic in enumerate(TOPICS, 1):
        assert f"<h2>{k}. {topic.title['ko']}</h2>" in page
    # a few of the numbers each demo prints (test_demos.py checks them all)
    for printed in ("00→0  10→1  01→1  11→0", "A1  = [0.3, 0.7, 1.1]", "정확도: 100%",
                    "기울기 a = 2.3000, 절편 b = 79.0000", "x6 = 1.000000000002289",
                    "지불 금액 = 220 (float 220.00000000000003)"):
        assert printed in page
    # a picture comes right after the lines printed before it was saved
    assert page.index("AND(1, 1)의 순전파") < page.index("AND(1, 1) 역전파 후 기울기")


def test_the_tour_writes_only_into_its_folder(tour):
    root, _ = tour
    assert sorted(p.name for p in root.parent.iterdir()) == ["microgradkr-tour"]
    assert sorted(p.name for p in root.iterdir()) == ["index.html", FILES]


def test_page_in_chromium_no_console_error_every_image_drawn(tour, browser, tmp_path):
    root, _ = tour
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto((root / "index.html").resolve().as_uri())
    page.wait_for_load_state("load")
    broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
                           ".map(i => i.src)")
    assert broken == []
    assert page.evaluate("document.images.length") >= 30
    # the player inside its iframe has started (its counter shows step 0)
    player = page.frame_locator("iframe").first
    assert "0" in player.locator("#mgk-counter").inner_text()
    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    for name, selector in (("top", None), ("perceptron", "#topic-2"), ("player", 'iframe[src*="apple_orange"]'),
                           ("newton", "#topic-12")):
        if selector:
            page.locator(selector).first.scroll_into_view_if_needed()
        if selector and selector.startswith("iframe"):  # on a busy machine a frame scrolled into view paints later
            page.frame_locator(selector).first.locator("#mgk-graph svg").wait_for(timeout=30_000)
            page.wait_for_timeout(300)
        path = shots / f"tour_{name}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
    page.close()
    assert problems == []


# what the player's page measures in itself: its content's height (body and margins), and whether
# its picture's box scrolls (a scroll box hides part of the picture until scrolled)
PLAYER_SIZES = """() => {
  const body = document.body, style = getComputedStyle(body), graph = document.getElementById('mgk-graph');
  return {content: body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom),
          frame: window.innerHeight, scrollsAcross: graph.scrollWidth > graph.clientWidth + 1,
          scrollsDown: graph.scrollHeight > graph.clientHeight + 1};
}"""


def test_every_player_frame_fits_its_player_at_every_step(tour, browser):
    """At 1280 x 720 (a projector), each iframe is as tall as its player at every step: nothing cut."""
    root, _ = tour
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto((root / "index.html").resolve().as_uri())
    page.wait_for_load_state("load")
    frames = page.query_selector_all("iframe")
    assert len(frames) == 9  # every teaching circuit of the tour has one
    for element in frames:
        frame = element.content_frame()
        frame.wait_for_function("window.mgkPlayer !== undefined")
        for step in range(frame.evaluate("mgkPlayer.count")):
            frame.evaluate(f"mgkPlayer.go({step})")
            page.wait_for_timeout(40)  # a height the player posts arrives in the next task
            sizes = frame.evaluate(PLAYER_SIZES)
            name = element.get_attribute("src")
            assert sizes["content"] <= sizes["frame"] + 0.5, (name, step, sizes)
            assert not sizes["scrollsAcross"] and not sizes["scrollsDown"], (name, step, sizes)
    page.close()


# each picture as a page shows it on a projector: its size on the screen and its natural size
PICTURE_SIZES = """Array.from(document.images).map(i => { const r = i.getBoundingClientRect();
    return {src: i.getAttribute('src'), width: r.width, height: r.height,
            natural: i.naturalWidth, naturalHeight: i.naturalHeight}; })"""


def assert_every_picture_fits_a_projector(page):
    """Every picture within 1280 x 720 and drawn at >= 60% of its size (its text readable)."""
    pictures = page.evaluate(PICTURE_SIZES)
    assert pictures
    for picture in pictures:
        assert picture["width"] <= 1280 and picture["height"] <= 720.5, picture
        assert picture["width"] >= 0.6 * picture["natural"] - 1, picture
    return pictures


def test_every_picture_of_the_tour_fits_a_projector_screen(tour, browser):
    root, _ = tour
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto((root / "index.html").resolve().as_uri())
    page.wait_for_load_state("load")
    pictures = assert_every_picture_fits_a_projector(page)
    names = [p["src"] for p in pictures]
    # the long graphs come in parts, each a screen; the wide network in its compact view, whole
    assert f"{FILES}/02_xor_backward_part2.svg" in names and f"{FILES}/07_study_hours_backward_part2.svg" in names
    assert f"{FILES}/10_network_view.svg" in names
    page.close()


def test_every_picture_of_the_gallery_fits_a_projector_screen(browser, tmp_path):
    from microgradkr.draw.gallery import write_gallery
    index = write_gallery(tmp_path / "gallery", "ko")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(index.resolve().as_uri())
    page.wait_for_load_state("load")
    assert len(assert_every_picture_fits_a_projector(page)) >= 11
    page.close()


# ---------------------------------------------------------------- smaller runs

def test_english_page(tmp_path):
    result = run_tour(tmp_path, lang="en", topics=[TOPICS[5]])
    page = result.index.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "A three-layer forward pass" in page
    assert "Forward pass (sigmoid in the hidden layers" in page
    assert not re.search("[가-힣]", summary(result, "en"))


def test_without_matplotlib_it_runs_and_says_which_plots_it_left_out(tmp_path):
    hide = "import sys; sys.modules['matplotlib'] = None"
    code = (f"{hide}\nfrom microgradkr.tour import run_tour, summary\nfrom microgradkr.tour.topics import TOPICS\n"
            "r = run_tour('out', topics=[TOPICS[2], TOPICS[6]])\nprint(summary(r, 'ko'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "빠진 그림 3개: 03_activations.png, 07_fit.png, 07_loss.png" in done.stdout
    assert "pip install 'microgradkr[plot]'" in done.stdout
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="note"') == 3
    assert "기울기 a = 2.3000" in page  # the numbers are all there
    written = {p.name for p in (tmp_path / "out" / FILES).iterdir()}
    assert {"03_sigmoid_backward.svg", "07_study_hours_backward.svg", "03_sigmoid_player.html"} <= written
    assert not [name for name in written if name.endswith(".png")]  # no plot without matplotlib
    assert len([name for name in written if name.endswith(".ipynb")]) == 2  # the two topics' notebooks


def test_a_failing_demo_is_shown_and_the_others_still_run(tmp_path):
    missing = Topic("99_missing.py", {"ko": "없음", "en": "missing"}, {"ko": "", "en": ""}, {"ko": "", "en": ""})
    result = run_tour(tmp_path, topics=[missing, TOPICS[5]])
    assert [run.failed for run in result.runs] == [True, False]
    page = result.index.read_text(encoding="utf-8")
    assert 'class="error"' in page and "A1  = [0.3, 0.7, 1.1]" in page
    assert "실패한 데모: 99_missing.py" in summary(result, "ko")


def test_bad_input_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "a-file").write_text("")
    done = tour_command(["tour", "--out", "a-file"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "a-file" in done.stderr and "폴더" in done.stderr
    done = tour_command(["tour", "--lang", "fr"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "고를 수 없는 값 'fr'" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_tour_is_a_subcommand():
    assert "tour" in cli.build_parser().format_help()


def test_open_shows_the_page_in_a_browser(tmp_path, monkeypatch, capsys):
    import webbrowser

    import microgradkr.tour as tour

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    quick = tour.run_tour
    monkeypatch.setattr(tour, "run_tour", lambda out, lang, progress: quick(out, lang, [TOPICS[5]], progress))
    assert cli.main(["tour", "--out", str(tmp_path / "t"), "--open"]) == 0
    assert opened == [(tmp_path / "t" / "index.html").resolve().as_uri()]
    assert "[ 1/1] 3층 신경망의 순전파 ..." in capsys.readouterr().out


def test_unwritable_out_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "a-file").write_text("")
    done = tour_command(["tour", "--out", "a-file/tour"], tmp_path)  # a folder inside a file: cannot exist
    assert done.returncode == 2 and "Traceback" not in done.stderr and "a-file" in done.stderr


def test_demos_run_side_by_side_give_the_same_page_in_the_same_order(tmp_path):
    chosen = [TOPICS[5], TOPICS[3], TOPICS[11]]
    alone = run_tour(tmp_path / "one", topics=chosen, jobs=1)
    side_by_side = run_tour(tmp_path / "two", topics=chosen, jobs=2)
    assert [run.topic for run in side_by_side.runs] == chosen
    assert [[(e.kind, e.text) for e in run.events] for run in side_by_side.runs] == \
        [[(e.kind, e.text) for e in run.events] for run in alone.runs]
    assert sorted(p.name for p in (tmp_path / "two" / FILES).iterdir()) == \
        sorted(p.name for p in (tmp_path / "one" / FILES).iterdir())
