"""Pictures against hostile op names and hostile renderers (issue 22, point 6).

An op's symbol, Korean and English names are a learner's text: whatever they
hold, the DOT must stay valid and the SVG must parse as XML and show the text
as text.  A renderer (MICROGRADKR_DOT may name any program) must not leave
processes behind when it is stopped, and an SVG it answers with is not saved
or shown when it holds something a browser would run.
"""

import os
import stat
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import microgradkr as mg
from microgradkr import RenderError, Value, define_op, draw_dot
from microgradkr.draw.render import bundled_renderer, render

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
SYSTEM_DOT = "/usr/bin/dot"
needs_system_dot = pytest.mark.skipif(not os.access(SYSTEM_DOT, os.X_OK),
                                      reason="Debian's Graphviz: apt-get install graphviz (see README)")
RENDERERS = [pytest.param("bundled", id="graphviz-pure"),
             pytest.param(SYSTEM_DOT, id="system-dot", marks=needs_system_dot)]
posix_only = pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake renderer")


@pytest.fixture
def renderer(request, monkeypatch):
    path = bundled_renderer() if request.param == "bundled" else request.param
    assert path, "graphviz-pure is a dependency of microgradkr and should be installed"
    monkeypatch.setenv("MICROGRADKR_DOT", path)
    return path


@pytest.fixture
def op_named():
    """define_op with hostile texts; the ops are forgotten afterwards."""
    before = set(mg.OPS)

    def make(symbol, ko, en):
        name = f"hostile_{len(mg.OPS)}"
        return define_op(name, symbol=symbol, ko=ko, en=en, forward=lambda m, x: x * 2.0,
                         local_grads=lambda m, out, x: (2.0,))
    yield make
    for name in set(mg.OPS) - before:
        del mg.OPS[name]


def drawn(op, mode):
    x = Value(1.5, label="x")
    y = op(x)
    if mode == "backward":
        y.backward()
    return draw_dot(y, mode=mode)


def texts_and_titles(svg: str):
    tree = ET.fromstring(svg.encode("utf-8"))  # raises if the SVG is not XML
    texts = ["".join(t.itertext()) for t in tree.iter(SVG + "text")]
    titles = ["".join(t.itertext()) for t in tree.iter(SVG + "title")]
    titles += [a.get(XLINK + "title", "") for a in tree.iter(SVG + "a")]
    return texts, titles


# ---------------------------------------------------------------- hostile op names

@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
@pytest.mark.parametrize("mode", ["forward", "backward"])
def test_an_op_named_like_html_is_drawn_as_text(renderer, op_named, mode):
    op = op_named("<b>x</b>", "<b>x</b>", "<i>y</i>")
    drawing = drawn(op, mode)
    texts, titles = texts_and_titles(drawing.svg())
    assert "<b>x</b>" in texts            # the symbol in the op's circle, as written
    assert "<b>x</b>" in titles           # the Korean name as the op's tooltip
    tree = ET.fromstring(drawing.svg().encode("utf-8"))
    assert not list(tree.iter(SVG + "b")) and not list(tree.iter("b"))
    english = draw_dot(op(Value(1.5)), lang="en")
    assert "<i>y</i>" in texts_and_titles(english.svg())[1]


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
@pytest.mark.parametrize("symbol, ko", [
    ("a\x07b", "\x01곱\x1b[31m"),            # control characters
    ("\ud800", "두\udfff배"),                 # lone surrogates
    ("x\x00y", "\ufffe\uffff"),              # NUL and non-characters
    ("\\N\\G", "\\L\"\n두 배"),               # Graphviz escapes, a quote, a newline
])
def test_control_characters_and_surrogates_give_valid_dot_and_svg(renderer, op_named, symbol, ko):
    op = op_named(symbol, ko, "double")
    for mode in ("forward", "backward"):
        drawing = drawn(op, mode)
        drawing.source.encode("utf-8")  # no surrogate survives into the DOT
        render(drawing.source, renderer=renderer)  # the renderer accepts it (exit code 0)
        texts, titles = texts_and_titles(drawing.svg())
        shown = {"a\x07b": "a\\x07b", "\ud800": "\\ud800", "x\x00y": "x\\x00y", "\\N\\G": "\\N\\G"}[symbol]
        assert shown in texts  # each character that XML cannot hold is shown as its escape
        listing = drawing.text()
        listing.encode("utf-8")


# ---------------------------------------------------------------- hostile renderers

def fake_renderer(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def _running(pid: int) -> bool:
    """Whether process pid still runs (a zombie waiting for its parent does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@posix_only
@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc to see whether a process runs")
def test_a_timeout_stops_the_renderers_children_too(tmp_path, monkeypatch):
    pidfile = tmp_path / "grandchild.pid"
    # the renderer starts a helper of its own (a grandchild of ours), then hangs
    body = f"sleep 300 &\necho $! > '{pidfile}'\nsleep 300"
    monkeypatch.setenv("MICROGRADKR_DOT", fake_renderer(tmp_path, body))
    drawing = draw_dot(Value(1.0, label="x") * 2.0, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(RenderError, match="1"):
        drawing.svg()
    assert time.monotonic() - started < 20
    grandchild = int(pidfile.read_text())
    deadline = time.monotonic() + 5.0
    while _running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    still = _running(grandchild)
    if still:
        os.kill(grandchild, 9)  # do not leave it behind even when the test fails
    assert not still, "the renderer's own child outlived the timeout"


GOOD_START = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
              '<svg width="62pt" height="44pt" viewBox="0 0 62 44" xmlns="http://www.w3.org/2000/svg" '
              'xmlns:xlink="http://www.w3.org/1999/xlink">\n<g id="graph0" class="graph">\n'
              '<title>microgradkr</title>\n')
HOSTILE = {
    "script": '<script>alert(1)</script>',
    "script in a namespace prefix": '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>',
    "event attribute": '<g onload="alert(1)"><text>x</text></g>',
    "event attribute, any case": '<text OnClick="alert(1)">x</text>',
    "javascript link": '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
    "javascript link, hidden": '<a href=" &#10;JaVa&#9;Script:alert(1)"><text>x</text></a>',
    "foreignObject": '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "animation setting a link": '<a><set attributeName="href" to="javascript:alert(1)"/></a>',
    "an html comment trick": '<!--><img src=x onerror=alert(1)>-->',
    "a processing instruction trick": '<?x > <img src=x onerror=alert(1)> ?>',
    "a CDATA trick in a title": '<title><![CDATA[ > <img src=x onerror=alert(1)> ]]></title>',
    "an element inside a title": '<title><img xmlns="http://www.w3.org/1999/xhtml" src="x"/></title>',
    "style": '<style>@import url(https://example.com/x.css);</style>',
}


@posix_only
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_an_svg_that_would_run_code_is_neither_saved_nor_shown(tmp_path, monkeypatch, kind):
    answer = tmp_path / "answer.svg"
    answer.write_text(GOOD_START + HOSTILE[kind] + "\n</g>\n</svg>\n", encoding="utf-8")
    monkeypatch.setenv("MICROGRADKR_DOT", fake_renderer(tmp_path, f"cat > /dev/null; cat '{answer}'"))
    drawing = draw_dot(Value(1.0, label="x") * 2.0)
    with pytest.raises(RenderError) as caught:
        drawing.svg()
    text = str(caught.value)
    assert "fake-dot" in text and "SVG" in text  # names the renderer and what it answered
    target = tmp_path / "picture.svg"
    with pytest.raises(RenderError):
        drawing.save(target)
    assert not target.exists()
    with pytest.raises(RenderError):
        drawing.render(str(tmp_path / "g"), format="svg")
    assert not (tmp_path / "g.svg").exists()
    bundle = drawing._repr_mimebundle_()
    assert "image/svg+xml" not in bundle and "alert" not in bundle["text/plain"]


@posix_only
def test_a_plain_svg_from_a_renderer_passes_unchanged(tmp_path, monkeypatch):
    answer = tmp_path / "answer.svg"
    plain = (GOOD_START + '<!-- v0 -->\n<g id="mgk-v0" class="node">'
             '<a xlink:title="&lt;b&gt;javascript:&lt;/b&gt;"><text>onload = javascript: &lt;script&gt;</text></a>'
             '<polygon fill="white" points="0,0 1,1"/></g>\n</g>\n</svg>\n')
    answer.write_text(plain, encoding="utf-8")
    monkeypatch.setenv("MICROGRADKR_DOT", fake_renderer(tmp_path, f"cat > /dev/null; cat '{answer}'"))
    assert draw_dot(Value(1.0, label="x") * 2.0).svg() == plain


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_labels_that_look_like_those_tricks_are_drawn_not_refused(renderer, op_named):
    """The check reads the renderer's markup, never a learner's text: the text is escaped in it."""
    op = op_named("<!--><?x", "<![CDATA[javascript:", "onload=")
    for text in ["<!-->", "<?x ?>", "<![CDATA[ x ]]>", "javascript:alert(1)", "<script>alert(1)</script>",
                 "<!ENTITY x 'y'>", "onload=1", "--!>"]:
        x = Value(1.0, label=text)
        y = op(x * Value(2.0, label=text))
        y.label = text
        y.backward()
        for mode in ("forward", "backward", "both"):
            texts, _ = texts_and_titles(draw_dot(y, mode=mode, title=text).svg())
            assert any(text in shown for shown in texts)
