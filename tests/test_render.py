"""Rendering with real renderers: graphviz-pure (a dependency) and Debian's dot.

The system-dot tests skip when /usr/bin/dot is absent; README says how to get
it (apt-get install graphviz) and CI installs it.
"""

import os
import shutil
import stat
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microgradkr import RendererNotFound, RenderError, Value, draw_dot, gates
from microgradkr.draw import render as render_module
from microgradkr.draw.markup import shown_text
from microgradkr.draw.render import bundled_renderer, find_renderer, render

SVG = "{http://www.w3.org/2000/svg}"
SYSTEM_DOT = "/usr/bin/dot"
needs_system_dot = pytest.mark.skipif(not os.access(SYSTEM_DOT, os.X_OK),
                                      reason="Debian's Graphviz: apt-get install graphviz (see README)")
# the elements Graphviz writes for our pictures; anything else would be injected markup
ALLOWED_TAGS = {"svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "a"}

RENDERERS = [
    pytest.param("bundled", id="graphviz-pure"),
    pytest.param(SYSTEM_DOT, id="system-dot", marks=needs_system_dot),
]


@pytest.fixture
def renderer(request, monkeypatch):
    """Select the renderer through MICROGRADKR_DOT, as a user would."""
    if request.param == "bundled":
        path = bundled_renderer()
        assert path, "graphviz-pure is a dependency of microgradkr and should be installed"
    else:
        path = request.param
    monkeypatch.setenv("MICROGRADKR_DOT", path)
    return path


def svg_texts(svg: str):
    """(text of every <text> element, with the padding spaces removed), and the tree."""
    tree = ET.fromstring(svg)
    return ["".join(t.itertext()).strip("\u00a0 ") for t in tree.iter(SVG + "text")], tree


@pytest.fixture
def no_renderer(monkeypatch, tmp_path):
    """A machine without any Graphviz: nothing bundled, nothing on PATH."""
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    monkeypatch.setattr(render_module, "bundled_renderer", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))


# ---------------------------------------------------------------- lookup

def test_lookup_prefers_the_bundled_binary(monkeypatch):
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    found = find_renderer()
    assert found == bundled_renderer() and os.path.basename(found).startswith("graphviz-pure")


def test_bundled_binary_is_found_without_path(monkeypatch, tmp_path):
    # a Jupyter kernel may run with the environment's bin directory off PATH
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_renderer() == bundled_renderer()


@needs_system_dot
def test_env_override(monkeypatch):
    monkeypatch.setenv("MICROGRADKR_DOT", SYSTEM_DOT)
    assert find_renderer() == SYSTEM_DOT
    monkeypatch.setenv("MICROGRADKR_DOT", "dot")  # a command name is looked up on PATH
    assert os.path.basename(find_renderer()) == "dot"


def test_env_override_that_does_not_exist_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("MICROGRADKR_DOT", str(tmp_path / "no-such-dot"))
    with pytest.raises(RendererNotFound, match="no-such-dot"):
        find_renderer()
    plain = tmp_path / "not-executable"
    plain.write_text("")
    monkeypatch.setenv("MICROGRADKR_DOT", str(plain))
    with pytest.raises(RendererNotFound):
        find_renderer()


def test_no_renderer_anywhere(no_renderer, tmp_path):
    with pytest.raises(RendererNotFound) as caught:
        find_renderer()
    text = str(caught.value)
    assert "렌더러를 찾지 못했습니다" in text and "No Graphviz renderer found" in text
    for fix in ("pip install graphviz-pure", "apt-get install graphviz", "MICROGRADKR_DOT", ".text()"):
        assert fix in text
    assert issubclass(RendererNotFound, RenderError)


def test_without_renderer_source_and_text_still_work(no_renderer, tmp_path):
    drawing = draw_dot(gates.apple().backward(), mode="backward")
    assert "digraph" in drawing.source and "기울기 2.2" in drawing.text()
    assert drawing.save(tmp_path / "apple.dot").read_text(encoding="utf-8") == drawing.source
    with pytest.raises(RendererNotFound):
        drawing.svg()
    with pytest.raises(RendererNotFound):
        drawing.save(tmp_path / "apple.svg")
    assert not (tmp_path / "apple.svg").exists()


def test_jupyter_display_never_raises(no_renderer):
    drawing = draw_dot(gates.apple().backward(), mode="backward")
    bundle = drawing._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith(drawing.text())
    assert "렌더러를 찾지 못했습니다" in bundle["text/plain"]


def test_jupyter_display_with_a_renderer(monkeypatch):
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    bundle = draw_dot(gates.apple())._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml") and "text/plain" in bundle


# ---------------------------------------------------------------- failures

def fake_renderer(tmp_path, body: str) -> str:
    script = tmp_path / "fake-dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake renderer")
def test_timeout_stops_the_renderer(tmp_path, monkeypatch):
    monkeypatch.setenv("MICROGRADKR_DOT", fake_renderer(tmp_path, "exec sleep 30"))
    drawing = draw_dot(gates.apple(), timeout=0.5)
    started = time.monotonic()
    with pytest.raises(RenderError) as caught:
        drawing.svg()
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert "0.5" in message and ".text()" in message and "smaller graph" in message


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake renderer")
def test_failure_keeps_stderr_and_ignores_partial_output(tmp_path, monkeypatch):
    exe = fake_renderer(tmp_path, "echo '<svg partial'; echo 'Error: layout exploded' >&2; exit 3")
    monkeypatch.setenv("MICROGRADKR_DOT", exe)
    with pytest.raises(RenderError) as caught:
        draw_dot(gates.apple()).svg()
    message = str(caught.value)
    assert "exit code 3" in message and "layout exploded" in message and ".text()" in message
    assert not isinstance(caught.value, RendererNotFound)


def test_a_dot_syntax_error_is_a_render_error():
    with pytest.raises(RenderError, match="exit code"):
        render("digraph { a -> ", renderer=bundled_renderer())


# ---------------------------------------------------------------- real pictures

@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_forward_svg_holds_the_values(renderer):
    texts, tree = svg_texts(draw_dot(gates.apple()).svg())
    assert tree.tag == SVG + "svg"
    for expected in ("사과", "사과 개수", "소비세", "값 100", "값 2", "값 1.1", "값 200", "값 220"):
        assert expected in texts


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_backward_svg_holds_the_gradients(renderer):
    texts, _ = svg_texts(draw_dot(gates.apple().backward(), mode="backward").svg())
    for expected in ("기울기 2.2", "기울기 110", "기울기 200", "기울기 1.1", "기울기 1",
                     "2 × 1.1 = 2.2", "100 × 1.1 = 110"):
        assert expected in texts


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_korean_spaces_survive(renderer):
    # Graphviz 2.43 drops the space of '사과 개수' in record labels; not in ours
    circuit = gates.apple_orange().backward()
    texts, _ = svg_texts(draw_dot(circuit, mode="both").svg())
    for label in ("사과 개수", "오렌지 개수", "사과 가격", "오렌지 가격", "지불 금액", "사과와 오렌지 쇼핑"):
        assert label in texts
    assert "사과개수" not in texts


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_same_svg_twice(renderer):
    source = draw_dot(gates.max_circuit().backward(), mode="both").source
    assert render(source) == render(source)


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_hostile_labels_render_as_text(renderer):
    from test_draw import HOSTILE, hostile_graph
    out = hostile_graph()
    out.backward()
    texts, tree = svg_texts(draw_dot(out, mode="both").svg())
    assert {element.tag[len(SVG):] for element in tree.iter()} <= ALLOWED_TAGS
    for label in ('"quote"', "{brace}", "a|b", "<b>bold</b>", "x & y", "back\\slash\\",
                  "<script>alert(1)</script>", "]]>--><!--", "\\N \\G", "&amp;", "사과 <개수>", "two", "lines"):
        assert label in texts, label
    assert "\\x07bell\\x00" in texts and "\\ud800" in texts


@pytest.mark.parametrize("renderer", RENDERERS, indirect=True)
def test_save_by_suffix(renderer, tmp_path):
    drawing = draw_dot(gates.apple().backward(), mode="backward")
    assert ET.parse(drawing.save(tmp_path / "a.svg")).getroot().tag == SVG + "svg"
    if "graphviz-pure" in os.path.basename(renderer):  # Korean labels: it warns, see render.py
        with pytest.warns(RuntimeWarning, match="Hangul"):
            png = drawing.save(tmp_path / "a.png")
    else:
        png = drawing.save(tmp_path / "a.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert drawing.save(tmp_path / "a.gv").read_text(encoding="utf-8") == drawing.source
    with pytest.raises(ValueError, match="pdf"):
        drawing.save(tmp_path / "a.pdf")
    with pytest.raises(OSError):
        drawing.save(tmp_path / "missing-dir" / "a.svg")


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_label_renders_and_reads_back(label):
    exe = bundled_renderer()
    x = Value(1.0, label)
    y = x * 2.0
    y.label = label
    y.backward()
    svg = render(draw_dot(y, mode="backward").source, renderer=exe).decode("utf-8")
    tree = ET.fromstring(svg)
    assert {element.tag[len(SVG):] for element in tree.iter()} <= ALLOWED_TAGS
    # each line of the label is one <text>, exactly as cleaned and padded
    texts = ["".join(t.itertext()) for t in tree.iter(SVG + "text")]
    for line in shown_text(label).split("\n"):
        if line.strip():  # Graphviz drops lines that are only spaces
            assert line in texts or line.strip() in [t.strip() for t in texts]


def test_shutil_which_fallback(monkeypatch, tmp_path):
    # with nothing bundled, `dot` (or graphviz-pure) on PATH is used
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    monkeypatch.setattr(render_module, "bundled_renderer", lambda: None)
    fake = Path(fake_renderer(tmp_path, "exit 0"))
    fake.rename(tmp_path / "dot")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_renderer() == shutil.which("dot") == str(tmp_path / "dot")


@needs_system_dot
def test_png_prefers_system_dot_because_graphviz_pure_draws_no_hangul(monkeypatch):
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    assert find_renderer("svg") == bundled_renderer()
    assert os.path.basename(find_renderer("png")) == "dot"
    png = draw_dot(gates.apple()).pipe("png")
    assert png.startswith(b"\x89PNG")


def test_hangul_png_with_graphviz_pure_warns():
    source = draw_dot(gates.apple(lang="ko")).source
    with pytest.warns(RuntimeWarning, match="Hangul"):
        png = render(source, "png", renderer=bundled_renderer())
    assert png.startswith(b"\x89PNG")
    english = draw_dot(gates.apple(lang="en")).source
    if english.isascii():  # nothing to warn about
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            render(english, "png", renderer=bundled_renderer())


# ---------------------------------------------------------------- MICROGRADKR_DOT gone wrong

def test_env_renderer_missing_names_the_variable_and_the_others(monkeypatch, tmp_path):
    wrong = str(tmp_path / "nonexistent" / "dot")
    monkeypatch.setenv("MICROGRADKR_DOT", wrong)
    with pytest.raises(RendererNotFound) as caught:
        draw_dot(gates.apple()).svg()
    text = str(caught.value)
    assert f"MICROGRADKR_DOT={wrong}" in text and "unset MICROGRADKR_DOT" in text
    assert bundled_renderer() in text  # the renderer that would have worked is named
    assert "pip install graphviz-pure" not in text.split("\n")[1]  # not the "nothing found" advice
    assert len(text.splitlines()) == 2  # one Korean line, one English line


def test_env_renderer_missing_and_nothing_else(monkeypatch, tmp_path):
    monkeypatch.setattr(render_module, "bundled_renderer", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("MICROGRADKR_DOT", "no-such-dot")
    with pytest.raises(RendererNotFound) as caught:
        find_renderer()
    text = str(caught.value)
    assert "MICROGRADKR_DOT=no-such-dot" in text and "none (pip install graphviz-pure" in text


@pytest.mark.skipif(os.name != "posix", reason="uses a file that is not a program")
def test_env_renderer_that_does_not_run(monkeypatch, tmp_path):
    garbage = tmp_path / "dot"
    garbage.write_bytes(b"\x00\x01 not a program")
    garbage.chmod(0o755)
    monkeypatch.setenv("MICROGRADKR_DOT", str(garbage))
    with pytest.raises(RenderError) as caught:
        draw_dot(gates.apple()).svg()
    text = str(caught.value)
    assert f"MICROGRADKR_DOT={garbage}" in text and "does not run" in text and bundled_renderer() in text


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake renderer")
@pytest.mark.parametrize("body, problem", [
    ("echo 'usage: dot [options] file'", "no <svg> element"),
    ("printf '<svg>\\377\\376</svg>'", "not UTF-8"),
])
def test_output_that_is_not_svg_is_a_render_error(tmp_path, monkeypatch, body, problem):
    monkeypatch.setenv("MICROGRADKR_DOT", fake_renderer(tmp_path, body))
    drawing = draw_dot(gates.apple().backward(), mode="backward")
    for attempt in (drawing.svg, lambda: drawing.save(tmp_path / "a.svg"),
                    lambda: __import__("microgradkr").backprop_player(gates.apple()).html()):
        with pytest.raises(RenderError) as caught:
            attempt()
        assert problem in str(caught.value) and "MICROGRADKR_DOT=" in str(caught.value)
    assert not (tmp_path / "a.svg").exists()
    with pytest.raises(RenderError, match="PNG signature"):
        drawing.pipe("png")


# ---------------------------------------------------------------- big graphs with a reused input

def horner(degree):
    """p = x; p = p*x + c, `degree` times: one leaf x used `degree` times."""
    x = Value(0.5, "x")
    p = x
    for k in range(degree):
        p = p * x + float(k % 7 - 3)
    return p


def test_stretch_counts_the_ranks_long_edges_skip():
    from microgradkr import topological_order
    from microgradkr.draw.layout import STRETCH_LIMIT, stretch
    for name, build in gates.GATES.items():  # the examples keep their curved edges
        assert stretch(topological_order(build().output)) <= STRETCH_LIMIT, name
    small, big = stretch(topological_order(horner(10))), stretch(topological_order(horner(60)))
    assert 0 < small <= STRETCH_LIMIT < big
    assert "splines=line" in draw_dot(horner(60)).source and "splines" not in draw_dot(horner(10)).source


@pytest.mark.parametrize("mode", ["forward", "backward", "both"])
def test_horner_degree_60_draws_in_seconds(mode):
    root = horner(60)
    root.backward()
    drawing = draw_dot(root, mode=mode, timeout=60)
    started = time.monotonic()
    svg = render(drawing.source, renderer=bundled_renderer(), timeout=60).decode("utf-8")
    assert time.monotonic() - started < 10
    from microgradkr import topological_order
    nodes = topological_order(root)
    assert svg.count('class="node"') == len(nodes) + sum(1 for node in nodes if node.children)
