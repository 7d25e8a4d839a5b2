"""Pictures fit their boxes whatever fonts the viewer has: three font sets, two renderers, two languages.

Each font set is a fonts.conf of its own (FONTCONFIG_FILE, see fontsets.py)
given to a headless Chromium, so one machine checks what three kinds of
machine draw: (a) a fresh Debian (DejaVu Sans only: wider than Helvetica),
(b) Liberation Sans (Helvetica/Arial metrics), (c) DejaVu Sans with Nanum for
Hangul.  The browser itself measures every <text> against its cell.

Needs Debian's chromium (and graphviz for the second renderer); the sets
(b) and (c) need fonts-liberation and fonts-nanum (README says how; CI
installs them).  Set MICROGRADKR_SCREENSHOTS=DIR to keep screenshots.
"""

import os
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS
from fontsets import FONT_SETS, families, font_set_env
from microgradkr import MLP, Value, backprop_player, draw_dot, gates
from microgradkr.draw.render import bundled_renderer, render
from microgradkr.draw.textwidth import char_em, text_width

SCREENSHOTS = os.environ.get("MICROGRADKR_SCREENSHOTS")
SYSTEM_DOT = "/usr/bin/dot"

#: the advance of "m" in em of the font each set must draw "Helvetica, sans-serif" with
#: (a fact of each font file), to prove that Chromium really took the set's fonts
M_WIDTH = {"dejavu": 0.974, "liberation": 0.833, "nanum": 0.974}


# ---------------------------------------------------------------- the table itself, no browser

def test_widths_cover_every_candidate_font():
    assert char_em("m") >= 0.974 and char_em("W") >= 1.029  # DejaVu's m, NanumGothic's W
    assert char_em("m", bold=True) >= 1.042                   # DejaVu Sans Bold
    assert char_em("사") == 1.0 and char_em("漢") == 1.0       # a full-width cell
    assert char_em("\u0301") == 0.0                           # a combining accent takes no room
    assert char_em("\U0001F600") > 1.0 and char_em("\u0ea5") > 1.0  # unknown fonts: generous
    assert text_width("ab", 10.0) == pytest.approx(10.0 * (char_em("a") + char_em("b")), rel=0.05)
    assert text_width("", 14.0) == 0.0


@pytest.mark.parametrize("bold", [False, True])
def test_widths_match_the_installed_fonts(bold):
    # glyph_widths.py is a copy of numbers from these fonts: check it against them where they exist
    ttlib = pytest.importorskip("fontTools.ttLib", reason="fontTools comes with the plot extra")
    from fontsets import font_files
    checked = 0
    for family in ("Liberation Sans", "DejaVu Sans", "NanumGothic"):
        style = "Bold" if bold else "Regular"
        files = [f for f in font_files(f"{family}:style={style}") if f.endswith(".ttf")]
        if not files:
            continue
        font = ttlib.TTFont(files[0])
        per_em, metrics = font["head"].unitsPerEm, font["hmtx"]
        for code, glyph in font.getBestCmap().items():
            if code < 0x7F or chr(code) in "×·−²σΣ→":
                assert char_em(chr(code), bold) >= metrics[glyph][0] / per_em - 1e-9, (family, chr(code))
                checked += 1
    if not checked:
        pytest.skip("none of the fonts is installed: apt-get install fonts-dejavu-core")


# ---------------------------------------------------------------- pictures in Chromium

def network():
    model = MLP(2, [2, 1], seed=0)
    out = model([Value(1.0, "x0"), Value(-2.0, "x1")])
    return out[0] if isinstance(out, list) else out


def long_labels():
    a = Value(3.0, "가중치 합계 (weighted sum)")
    b = Value(-0.25, "WWW mmm @@@ %%%")
    c = a * b + Value(1.0, "두 줄\nsecond line")
    c.label = "출력 output"
    return c


def pictures():
    """(name, a Drawing) for every kind of picture, in both languages."""
    out = []
    for lang in ("ko", "en"):
        for gate in ("apple", "apple_orange", "sigmoid_neuron", "xor_gate", "max_circuit"):
            out.append((f"{gate}-{lang}-backward", draw_dot(gates.GATES[gate](lang=lang).backward(),
                                                             "backward", lang)))
        out.append((f"and_gate-{lang}-both", draw_dot(gates.and_gate(1, 1, lang=lang).backward(), "both", lang)))
        out.append((f"apple-{lang}-no-backward", draw_dot(gates.apple(lang=lang), "backward", lang)))
        root = network()
        root.backward()
        out.append((f"network-{lang}", draw_dot(root, "backward", lang, rankdir="TB")))
        labelled = long_labels()
        labelled.backward()
        out.append((f"labels-{lang}", draw_dot(labelled, "both", lang, title="제목 Title: WWW")))
    return out


RENDERERS = {"graphviz-pure": bundled_renderer, "dot": lambda: SYSTEM_DOT}
_svg_cache = {}


def svg_of(renderer: str, name: str, drawing) -> str:
    key = (renderer, name)
    if key not in _svg_cache:
        exe = RENDERERS[renderer]()
        if not exe or not os.access(exe, os.X_OK):
            pytest.skip("Debian's Graphviz: apt-get install graphviz (see README)")
        _svg_cache[key] = render(drawing.source, "svg", renderer=exe).decode("utf-8")
    return _svg_cache[key]


@pytest.fixture(scope="module", params=sorted(FONT_SETS))
def font_browser(request, tmp_path_factory):
    """Headless Chromium whose fontconfig sees only one font set: (set name, browser)."""
    name = request.param
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Debian's chromium is needed: apt-get install chromium fonts-nanum (see README)")
    env, why = font_set_env(name, tmp_path_factory.mktemp(f"fonts-{name}"))
    if env is None:
        pytest.skip(why)
    visible = families(env)
    assert ("Liberation Sans" in visible) == (name == "liberation"), visible
    assert ("NanumGothic" in visible) == (name == "nanum"), visible
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[test]' (see README)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield name, browser
        browser.close()


# Every <text> inside the box drawn before it (its cell, circle or ellipse), every
# caption line inside the picture, and no edge label over a box.  Measured by the
# browser: getBBox is the text as drawn, in the fonts this browser has.
FIT_CHECK = """() => {
  const bad = [];
  const fmt = (b) => b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1);
  const svg = document.querySelector('svg');
  const page = svg.querySelector('g.graph > polygon').getBBox();
  const boxes = [...svg.querySelectorAll('g.node')].flatMap(g => [...g.querySelectorAll('polygon, ellipse')]);
  for (const text of svg.querySelectorAll('text')) {
    if (!text.textContent.trim()) continue;
    const t = text.getBBox();
    const group = text.closest('g.node, g.edge');
    if (group && group.classList.contains('node')) {
      let cell = null;
      for (const el of group.querySelectorAll('polygon, ellipse, text')) {
        if (el === text) break;
        if (el.tagName !== 'text') cell = el;
      }
      const c = cell.getBBox();
      if (t.x < c.x - 0.5 || t.x + t.width > c.x + c.width + 0.5)
        bad.push(text.textContent + ': text ' + fmt(t) + ' outside its box ' + fmt(c));
    } else if (group) {
      for (const box of boxes) {
        const b = box.getBBox(), mid = t.y + t.height / 2;
        if (t.x + t.width > b.x + 1 && t.x < b.x + b.width - 1 && mid > b.y && mid < b.y + b.height)
          bad.push(text.textContent + ': edge label ' + fmt(t) + ' over a box ' + fmt(b));
      }
    }
    if (t.x < page.x - 0.5 || t.x + t.width > page.x + page.width + 0.5)
      bad.push(text.textContent + ': text ' + fmt(t) + ' outside the picture ' + fmt(page));
  }
  return bad;
}"""


def shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_the_browser_draws_with_the_font_set(font_browser):
    name, browser = font_browser
    page = browser.new_page()
    width = page.evaluate("""() => {
        const c = document.createElement('canvas').getContext('2d');
        c.font = '100px Helvetica, sans-serif';
        return c.measureText('mmmmmmmmmm').width / 1000; }""")
    page.close()
    assert width == pytest.approx(M_WIDTH[name], abs=0.01)


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_every_picture_fits_its_boxes(font_browser, renderer):
    set_name, browser = font_browser
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = {}
    for name, drawing in pictures():
        svg = svg_of(renderer, name, drawing)
        page.set_content("<!DOCTYPE html><html><body style='margin:0'>" + svg[svg.index("<svg"):] + "</body></html>")
        bad = page.evaluate(FIT_CHECK)
        if bad:
            problems[name] = bad
        if name.startswith(("apple-", "xor_gate-", "labels-")):
            shot(page, f"fonts-{set_name}-{renderer}-{name}")
    page.close()
    assert problems == {}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_players_bold_gradients_fit(font_browser, lang, tmp_path):
    # the player writes the gradients in as it goes, the final ones in bold
    set_name, browser = font_browser
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for gate in ("apple_orange", "xor_gate"):
        path = backprop_player(gates.GATES[gate](lang=lang).output, lang=lang).save(tmp_path / f"{gate}.html")
        page.goto(path.as_uri())
        page.keyboard.press("End")
        assert page.evaluate(FIT_CHECK) == [], (gate, lang)
        shot(page, f"fonts-{set_name}-player-{gate}-{lang}")
    page.close()


@pytest.mark.parametrize("name", ["apple_backward.svg", "apple_backward_en.svg"])
def test_readme_pictures_fit_their_boxes(font_browser, name):
    # what GitHub readers see: the committed SVGs, drawn by any browser's fonts
    set_name, browser = font_browser
    svg = (Path(__file__).resolve().parent.parent / "docs" / name).read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 500})
    page.set_content("<!DOCTYPE html><html><body style='margin:0'>" + svg[svg.index("<svg"):] + "</body></html>")
    assert page.evaluate(FIT_CHECK) == []
    shot(page, f"fonts-{set_name}-readme-{name[:-4]}")
    page.close()
