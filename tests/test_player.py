"""The backprop player: its frames, its HTML, and the page in real headless Chromium.

The browser tests use Debian's chromium through Playwright (Playwright's own
browser download cannot work offline).  They skip when /usr/bin/chromium is
missing; README says how to get it (apt-get install chromium fonts-nanum) and
CI installs it.  Set MICROGRADKR_SCREENSHOTS=DIR to keep screenshots.
"""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings

from microgradkr import Value, backprop_player, draw_dot, gates, topological_order
from microgradkr.draw.player import script_json
from microgradkr.fmt import format_number
from microgradkr.testing import expressions

SCREENSHOTS = os.environ.get("MICROGRADKR_SCREENSHOTS")


def diamond():
    """DESIGN.md's diamond: a and b reach y along four paths (y = 41, da 25, db 19)."""
    a, b = Value(2.0, "a"), Value(3.0, "b")
    c, d = a + b, a * b
    return (c + d) + (c * d)


def doubled():
    a = Value(1.0, "a")
    b = a + a
    b.label = "b"
    c = b + b
    c.label = "c"
    return c


GRAPHS = {name: (lambda builder=builder: builder().output) for name, builder in gates.GATES.items()}
GRAPHS.update({"diamond": diamond, "doubled": doubled})


# ---------------------------------------------------------------- frames

@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_last_frame_equals_the_engine_bit_for_bit(name):
    root = GRAPHS[name]()
    player = backprop_player(root)
    nodes = topological_order(root)
    assert all(node.grad == 0.0 for node in nodes)  # the player left the graph alone
    root.backward()
    assert player.gradients == [node.grad for node in nodes]


@settings(max_examples=60, deadline=None)
@given(expressions(max_steps=8))
def test_last_frame_equals_the_engine_on_random_graphs(expr):
    leaves = [Value(x, f"x{i}") for i, x in enumerate(expr.inputs)]
    root = expr(leaves)
    player = backprop_player(root, precision=None)
    root.backward()
    assert player.gradients == [node.grad for node in topological_order(root)]


def test_frames_walk_the_nodes_from_the_output():
    root = diamond()
    player = backprop_player(root)
    count = len(topological_order(root))
    assert len(player.frames) == count + 1
    assert player.frames[0].node is None and player.frames[0].grads == []
    assert [frame.node for frame in player.frames[1:]] == list(reversed(range(count)))
    # a node's gradient becomes final exactly when it is processed
    for frame in player.frames[1:]:
        assert (frame.node, True) in [(j, final) for j, _, final in frame.grads]


def test_diamond_gradients():
    player = backprop_player(diamond())
    assert (player.gradients[0], player.gradients[1]) == (25.0, 19.0)


def test_accumulation_shows_partial_sums():
    player = backprop_player(doubled())  # c = b + b, b = a + a
    updates_of_a = [grad for frame in player.frames for j, grad, final in frame.grads if j == 0 and not final]
    assert updates_of_a == [2.0, 4.0]  # a hears from both edges of b, adding up
    assert player.gradients[0] == 4.0
    b_step = player.frames[2]  # b = a + a sends a 2 twice; the note says how they add up
    assert b_step.note.splitlines()[-1] == "a: 1 × 2 = 2, 앞서 받은 기울기에 더해 지금까지 4"


def test_values_are_those_of_the_apple():
    player = backprop_player(gates.apple(lang="en"), lang="en")
    (price_step,) = [frame for frame in player.frames if frame.node == 2]  # apple price = apple × count
    assert price_step.note.splitlines()[1:] == ["apple: 2 × 1.1 = 2.2", "apple count: 100 × 1.1 = 110"]
    assert player.gradients == [2.2, 110.00000000000001, 1.1, 200.0, 1.0]


def test_bad_arguments():
    with pytest.raises(TypeError, match="backprop_player"):
        backprop_player(3.0)
    with pytest.raises(ValueError):
        backprop_player(Value(1.0), lang="jp")


# ---------------------------------------------------------------- the page

class TagCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value for key, value in attrs if key in ("src", "href") and value]


def test_page_is_self_contained(tmp_path):
    page = backprop_player(gates.apple()).save(tmp_path / "apple.html").read_text(encoding="utf-8")
    parser = TagCounter()
    parser.feed(page)
    assert parser.tags.count("script") == 1 and parser.tags.count("svg") == 1
    assert parser.urls == ["data:,"]  # only the empty favicon
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_hostile_labels_cannot_inject_markup(tmp_path):
    from test_draw import hostile_graph
    page = backprop_player(hostile_graph(), title="<script>alert(2)</script>").html()
    parser = TagCounter()
    parser.feed(page)
    assert parser.tags.count("script") == 1 and "b" not in parser.tags
    script = page[page.index("<script>") + len("<script>"):page.rindex("</script>")]
    assert "</" not in script.split("\n", 1)[0] and "<!--" not in script


def test_script_json_is_inert_and_round_trips():
    data = {"a": "</script><!-- & \u2028", "n": [1.5, None, True]}
    text = script_json(data)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == data


# ---------------------------------------------------------------- in Chromium

@pytest.fixture
def page(browser):  # `browser`: headless Chromium, from conftest.py
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append("dialog: " + dialog.message), dialog.dismiss()))
    page.problems = problems
    yield page
    page.close()


def shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def current_ids(page):
    return page.eval_on_selector_all(".mgk-current", "els => els.map(e => e.id)")


def shown_gradients(page, count):
    return [page.evaluate(f"""() => {{
        const texts = document.getElementById('mgk-v{i}').getElementsByTagName('text');
        return texts[texts.length - 1].textContent; }}""").strip("\u00a0") for i in range(count)]


@pytest.mark.parametrize("name, lang", [("apple_orange", "ko"), ("max_circuit", "en"), ("doubled", "ko")])
def test_stepping_through_every_frame(page, tmp_path, name, lang):
    root = GRAPHS[name]() if name == "doubled" else gates.GATES[name](lang=lang).output
    path = backprop_player(root, lang=lang).save(tmp_path / "player.html")
    page.goto(path.as_uri())
    count = page.evaluate("mgkPlayer.count")
    nodes = topological_order(root)
    assert count == len(nodes) + 1
    assert current_ids(page) == [] and page.is_disabled("#mgk-prev")
    grad_word = "기울기" if lang == "ko" else "grad"
    assert set(shown_gradients(page, len(nodes))) == {f"{grad_word} ?"}
    seen = []
    for k in range(1, count):
        if k % 2:
            page.click("#mgk-next")
        else:
            page.keyboard.press("ArrowRight")
        assert page.evaluate("mgkPlayer.index()") == k
        ids = current_ids(page)
        assert f"mgk-v{len(nodes) - k}" in ids  # the node being processed is highlighted
        seen.append(tuple(ids))
        if k == 2:
            shot(page, f"player-{name}-step2")
    assert len(set(seen)) == len(seen)  # the highlight moved at every step
    assert page.is_disabled("#mgk-next")
    shot(page, f"player-{name}-last")
    root.backward()
    assert page.evaluate("mgkPlayer.gradients()") == [node.grad for node in nodes]
    assert shown_gradients(page, len(nodes)) == [f"{grad_word} {format_number(node.grad)}" for node in nodes]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("mgkPlayer.index()") == count - 2
    page.keyboard.press("Home")
    assert page.evaluate("mgkPlayer.index()") == 0 and current_ids(page) == []
    assert page.problems == []


def test_play_and_pause(page, tmp_path):
    path = backprop_player(gates.apple()).save(tmp_path / "apple.html")
    page.goto(path.as_uri())
    page.click("#mgk-play")
    # polled from here: the page's CSP forbids the eval that wait_for_function would need
    for _ in range(50):
        if page.evaluate("mgkPlayer.index()") >= 1:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("mgkPlayer.index()") >= 1
    page.click("#mgk-play")  # pause
    stopped_at = page.evaluate("mgkPlayer.index()")
    page.wait_for_timeout(1500)
    assert page.evaluate("mgkPlayer.index()") == stopped_at
    assert page.problems == []


def test_hostile_player_runs_nothing_injected(page, tmp_path):
    from test_draw import hostile_graph
    path = backprop_player(hostile_graph(), title="<img src=x onerror=alert(3)>").save(tmp_path / "h.html")
    page.goto(path.as_uri())
    page.keyboard.press("End")
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('#mgk-graph svg b, #mgk-graph svg script').length") == 0
    assert "<script>alert(1)</script>" in page.inner_text("#mgk-note") or page.evaluate("mgkPlayer.count") > 1
    assert page.problems == []


def test_jupyter_iframe_runs_the_player(page):
    frame_html = backprop_player(gates.apple())._repr_html_()
    assert frame_html.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame_html
    page.set_content("<!DOCTYPE html><html><body>" + frame_html + "</body></html>")
    player = page.frame_locator("iframe")
    player.locator("#mgk-next").click()
    player.locator("#mgk-next").click()
    assert player.locator("#mgk-counter").inner_text() == "단계 2 / 5"
    assert player.locator(".mgk-current").count() >= 1
    assert page.problems == []


def test_jupyter_iframe_without_renderer_is_none(monkeypatch, tmp_path):
    monkeypatch.setenv("MICROGRADKR_DOT", str(tmp_path / "no-dot"))
    assert backprop_player(gates.apple())._repr_html_() is None


# the text of each cell must lie inside the cell's box, measured by the browser itself
FIT_CHECK = """() => {
  const bad = [];
  for (const group of document.querySelectorAll('g.node')) {
    let cell = null;
    for (const el of group.querySelectorAll('polygon, ellipse, text')) {
      if (el.tagName !== 'text') { cell = el; continue; }
      if (!cell || !el.textContent.trim()) continue;
      const t = el.getBBox(), c = cell.getBBox();
      if (t.x < c.x - 0.5 || t.x + t.width > c.x + c.width + 0.5) {
        bad.push(el.textContent + ': text ' + t.x.toFixed(1) + '..' + (t.x + t.width).toFixed(1) +
                 ' outside its cell ' + c.x.toFixed(1) + '..' + (c.x + c.width).toFixed(1));
      }
    }
  }
  return bad;
}"""


@pytest.mark.parametrize("renderer", ["bundled", "/usr/bin/dot"])
def test_korean_text_fits_its_boxes(page, monkeypatch, renderer):
    from microgradkr.draw.render import bundled_renderer
    exe = bundled_renderer() if renderer == "bundled" else renderer
    if not os.access(exe, os.X_OK):
        pytest.skip("Debian's Graphviz: apt-get install graphviz (see README)")
    monkeypatch.setenv("MICROGRADKR_DOT", exe)
    for name in ("apple_orange", "sigmoid_neuron", "xor_gate"):
        svg = draw_dot(gates.GATES[name]().backward(), mode="backward").svg()
        page.set_content("<!DOCTYPE html><html><body style='margin:0'>"
                         + svg[svg.index("<svg"):] + "</body></html>")
        assert page.evaluate(FIT_CHECK) == [], (name, renderer)
        shot(page, f"svg-{name}-{os.path.basename(exe)}")


def test_projector_mode_fills_the_screen_with_larger_text(page, tmp_path):
    """The button (or key P) makes the text larger and the whole picture fit a 1280 x 720 screen."""
    path = backprop_player(gates.apple_orange()).save(tmp_path / "player.html")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    size = "() => parseFloat(getComputedStyle(document.getElementById('mgk-note')).fontSize)"
    picture = "() => document.querySelector('#mgk-graph svg').getBoundingClientRect().toJSON()"
    before_text, before = page.evaluate(size), page.evaluate(picture)
    page.click("#mgk-projector")
    after_text, after = page.evaluate(size), page.evaluate(picture)
    assert after_text >= 1.4 * before_text
    assert after["bottom"] <= 720 and after["right"] <= 1280 and after["width"] >= before["width"]
    shot(page, "player-projector")
    page.keyboard.press("p")  # and back
    assert page.evaluate(size) == before_text
    page.keyboard.press("ArrowRight")
    assert page.evaluate("mgkPlayer.index()") == 1
    assert page.problems == []
