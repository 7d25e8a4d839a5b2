"""Drawing without a renderer: DOT text, the text listing, options, labels as data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from microgradkr import OPS, Value, draw_dot, gates
from microgradkr.testing import op_cases
from microgradkr.draw.markup import cell_text, clean, shown_text

ROOT = Path(__file__).resolve().parent.parent

GOLDEN_FORWARD = """\
digraph microgradkr {
\tgraph [bgcolor=white fontname=Helvetica nodesep=0.3 rankdir=LR ranksep=0.45]
\tnode [color="#222222" fontcolor="#222222" fontname=Helvetica]
\tedge [arrowsize=0.8 color="#222222" fontname=Helvetica]
\tv0 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#eaf2fb"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="19">a</TD><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="64">value 2</TD></TR></TABLE>> id="mgk-v0" shape=plain]
\tv1 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#eaf2fb"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="20">b</TD><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="69">value -3</TD></TR></TABLE>> id="mgk-v1" shape=plain]
\tv2 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#fff4d6"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="18">c</TD><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="69">value -6</TD></TR></TABLE>> id="mgk-v2" shape=plain]
\top2 [label="×" id="mgk-op2" margin=0.04 shape=circle tooltip=multiply width=0.35]
\tv0 -> op2 [id="mgk-e2-0"]
\tv1 -> op2 [id="mgk-e2-1"]
\top2 -> v2 [id="mgk-r2"]
}
"""

GOLDEN_BACKWARD_EDGES = """\
\tv0 -> op2 [label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="88"><FONT COLOR="#c0392b">-3 × 1 = -3</FONT></TD></TR></TABLE>> color="#c0392b" dir=back id="mgk-e2-0"]
\tv1 -> op2 [label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="77"><FONT COLOR="#c0392b">2 × 1 = 2</FONT></TD></TR></TABLE>> color="#c0392b" dir=back id="mgk-e2-1"]
\top2 -> v2 [color="#c0392b" dir=back id="mgk-r2"]
"""


def small_graph():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    return a, b, c


def test_golden_dot_forward():
    *_, c = small_graph()
    assert draw_dot(c, lang="en").source == GOLDEN_FORWARD


def test_golden_dot_backward():
    *_, c = small_graph()
    c.backward()
    source = draw_dot(c, mode="backward", lang="en").source
    assert source.endswith(GOLDEN_BACKWARD_EDGES + "}\n")
    assert '<FONT COLOR="#c0392b">grad -3</FONT>' in source  # d c / d a = b
    assert '<FONT COLOR="#c0392b">grad 2</FONT>' in source   # d c / d b = a


def test_same_graph_same_dot_in_one_process():
    sources = {draw_dot(gates.apple_orange().backward(), mode="both").source for _ in range(3)}
    assert len(sources) == 1


def test_same_dot_across_processes_and_hash_seeds():
    code = ("from microgradkr import gates, draw_dot; import sys; "
            "c = gates.xor_gate().backward(); sys.stdout.write(draw_dot(c, mode='both').source)")
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert b"mgk-v0" in outputs.pop()


def test_backward_picture_of_the_apple():
    source = draw_dot(gates.apple().backward(), mode="backward").source
    # the chain rule on each edge: local gradient x upstream = what the operand gets
    for text in ("2 × 1.1 = 2.2", "100 × 1.1 = 110", "1.1 × 1 = 1.1", "200 × 1 = 200"):
        assert text in source
    for grad in ("기울기 2.2", "기울기 110", "기울기 200", "기울기 1"):
        assert grad in source
    assert source.count("dir=back") == 6  # four operand edges and two op -> result edges
    assert "빨간 숫자는 기울기" in source   # the legend


def test_backward_before_backward_says_so_instead_of_zeros():
    circuit = gates.apple()
    drawing = draw_dot(circuit, mode="backward")
    assert "backward()를 아직 호출하지 않았습니다" in drawing.source
    assert "기울기 0" not in drawing.source and "기울기&#160;0" not in drawing.source
    assert "기울기 ?" in drawing.source
    assert " = " not in drawing.source.split("node [")[1]  # no chain-rule texts on edges
    assert "backward()를 아직 호출하지 않았습니다" in drawing.text()
    circuit.backward()
    after = draw_dot(circuit, mode="backward")
    assert "아직 호출하지" not in after.source and "기울기 2.2" in after.source


def test_forward_mode_shows_no_gradients():
    source = draw_dot(gates.apple(lang="en").backward(), mode="forward", lang="en").source
    assert "grad " not in source and "dir=back" not in source and "value 220" in source


def test_both_mode_has_forward_and_backward_arrows():
    source = draw_dot(gates.apple().backward(), mode="both").source
    assert 'v0 -> op2 [id="mgk-e2-0"]' in source
    assert "constraint=false dir=back" in source and "2 × 1.1 = 2.2" in source


def test_drawing_is_a_snapshot():
    circuit = gates.apple()
    drawing = draw_dot(circuit, mode="backward")
    before = drawing.source
    circuit.backward()
    assert drawing.source == before


def test_precision():
    circuit = gates.apple().backward()
    assert "값 220<" in draw_dot(circuit).source.replace("&#160;", "")
    assert "220.00000000000003" in draw_dot(circuit, precision=None).source
    assert "110.00000000000001" in draw_dot(circuit, mode="backward", precision=None).source
    assert "기울기 110<" in draw_dot(circuit, mode="backward").source
    assert "값 1.1" in draw_dot(circuit, precision=1).source
    assert "값 1<" in draw_dot(circuit, precision=0).source.replace("&#160;", "")


def test_text_listing():
    a, b, c = small_graph()
    c.backward()
    text = draw_dot(c, mode="backward").text()
    assert text.splitlines() == ["a   값 2   기울기 -3", "b   값 -3   기울기 2", "c = a × b   값 -6   기울기 1"]
    english = draw_dot(c, mode="forward", lang="en").text()
    assert english.splitlines()[-1] == "c = a × b   value -6"


def test_text_listing_names_unlabelled_nodes_and_constants():
    x = Value(3.0, "x")
    y = (x ** 2 + 1.0).exp()
    lines = draw_dot(y, lang="en").text().splitlines()
    assert lines[0] == "x   value 3"
    assert lines[1] == "#1 = x^2   value 9"
    assert lines[2] == "1   value 1"                      # a constant is named by its number
    assert lines[3] == "#3 = #1 + 1   value 10"
    assert lines[4].startswith("#4 = exp(#3)   value 22026.4658")


def test_text_listing_of_a_weighted_sum_names_every_operand():
    lines = draw_dot(gates.sigmoid_neuron(lang="en"), lang="en").text().splitlines()
    assert "weighted sum = Σwx+b(w0, w1, x0, x1, w2)   value 1" in lines
    assert "output = σ(weighted sum)   value 0.7311" in lines


def test_circuit_title_and_explicit_title():
    assert "사과 쇼핑" in draw_dot(gates.apple()).source
    assert "Buying apples" in draw_dot(gates.apple(lang="en")).source
    assert "my title" in draw_dot(gates.apple(), title="my title").source


def test_repeated_operand_gets_two_edges():
    a = Value(3.0, "a")
    b = a * a
    b.backward()
    source = draw_dot(b, mode="backward").source
    assert 'id="mgk-e1-0"' in source and 'id="mgk-e1-1"' in source
    assert source.count("3 × 1 = 3") == 2
    assert "기울기 6" in source  # both edges add up into a


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_can_be_drawn(name):
    @settings(max_examples=3, deadline=None)
    @given(op_cases(name))  # cases derived from the op table
    def check(case):
        f, inputs = case
        made = f([Value(x, f"x{i}") for i, x in enumerate(inputs)])
        assert made.op == name
        made.backward()
        drawing = draw_dot(made, mode="both")
        assert f"op{len(drawing.text().splitlines()) - 1} [" in drawing.source
        assert drawing.text().splitlines()[-1].startswith("#")

    check()


def test_a_leaf_alone():
    drawing = draw_dot(Value(1.5, "w"), mode="backward")
    assert "mgk-v0" in drawing.source and "->" not in drawing.source


@pytest.mark.parametrize("kwargs, error", [
    ({"mode": "sideways"}, ValueError), ({"lang": "fr"}, ValueError), ({"rankdir": "XY"}, ValueError),
    ({"precision": -1}, ValueError), ({"precision": "2"}, TypeError), ({"precision": 2.0}, TypeError),
    ({"timeout": 0}, ValueError), ({"timeout": "soon"}, TypeError),
])
def test_bad_options(kwargs, error):
    with pytest.raises(error, match="draw_dot|lang"):
        draw_dot(Value(1.0), **kwargs)


@pytest.mark.parametrize("root", [1.0, "x", None, [Value(1.0)]])
def test_bad_root_is_a_type_error_naming_the_call(root):
    with pytest.raises(TypeError, match="draw_dot") as caught:
        draw_dot(root)
    assert type(root).__name__ in str(caught.value)


# ---------------------------------------------------------------- labels are data

HOSTILE = ['"quote"', "{brace}", "a|b", "<b>bold</b>", "x & y", "back\\slash\\", "two\nlines",
           "<script>alert(1)</script>", "\x07bell\x00", "]]>--><!--", "\\N \\G", "&amp;", "\ud800", "사과 <개수>"]


def hostile_graph():
    values = [Value(float(i + 1), label) for i, label in enumerate(HOSTILE)]
    out = values[0]
    for value in values[1:]:
        out = out * value
        out.label = value.label + " out"
    return out


def test_hostile_labels_are_escaped_in_dot():
    source = draw_dot(hostile_graph(), mode="both").source
    body = source.split("node [", 1)[1]
    assert "<script>" not in body and "<b>" not in body and "<개수>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "x &amp; y" in body and "&amp;amp;" in body
    assert "two<BR ALIGN=\"LEFT\"/>lines" in body
    # control characters become visible escapes; backslashes are doubled so Graphviz
    # does not expand \N (node name) or \G (graph name) inside the label
    assert "\x07" not in source and "\x00" not in source and "\\\\x07bell\\\\x00" in body
    assert "back\\\\slash\\\\" in body and "\\\\N \\\\G" in body
    source.encode("utf-8")  # the lone surrogate did not survive


def test_markup_helpers():
    # labels are shown as they are: boxes are sized from textwidth.py, not padded with spaces
    assert shown_text("사과 개수") == "사과 개수"
    assert clean("a\tb\x01\ud800") == "a b\\x01\\ud800"
    assert cell_text("<&>") == "&lt;&amp;&gt;"
    assert shown_text("a\r\nb") == "a\nb"


# ---------------------------------------------------------------- micrograd's calls on the drawing

def test_default_picture_shows_gradients_once_backward_has_run():
    a, b, c = small_graph()
    before = draw_dot(c, lang="en")
    assert "grad" not in before.text() and before.source == draw_dot(c, mode="forward", lang="en").source
    c.backward()
    after = draw_dot(c, lang="en")
    assert after.text().splitlines() == ["a   value 2   grad -3", "b   value -3   grad 2",
                                         "c = a × b   value -6   grad 1"]
    assert after.source == draw_dot(c, mode="backward", lang="en").source
    assert "기울기 -3" in draw_dot(c).text()  # Korean by default, English one word away


def test_default_picture_of_an_inner_node_after_the_loss_backward():
    x = Value(3.0, "x")
    h = x * 2.0
    h.label = "h"
    loss = h * h
    loss.backward()
    assert "기울기 12" in draw_dot(h).text()  # h's gradient from the loss: 2h = 12
    dead = Value(-1.0, "z").relu()          # nothing flowed here: a forward picture
    assert "기울기" not in draw_dot(dead).text()


def test_render_writes_the_dot_file_and_the_picture_as_graphviz_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    *_, c = small_graph()
    c.backward()
    drawing = draw_dot(c)
    assert drawing.format == "svg"
    path = drawing.render("gout")
    assert path == "gout.svg"
    assert (tmp_path / "gout").read_text(encoding="utf-8") == drawing.source
    assert "<svg" in (tmp_path / "gout.svg").read_text(encoding="utf-8")
    kept = drawing.render("pictures/again", cleanup=True)
    assert kept == str(Path("pictures/again.svg")) and (tmp_path / kept).exists()
    assert not (tmp_path / "pictures" / "again").exists()
    assert drawing.render("x", directory="sub") == str(Path("sub/x.svg"))


def test_format_and_rankdir_as_micrograds_draw_dot(tmp_path):
    x = Value(2.0, "x")
    y = x + 1.0
    drawing = draw_dot(y, format="png", rankdir="TB", lang="en")
    assert drawing.format == "png" and "rankdir=TB" in drawing.source
    path = drawing.render(tmp_path / "y")
    assert path == str(tmp_path / "y.png")
    assert (tmp_path / "y.png").read_bytes().startswith(b"\x89PNG")
    assert drawing.pipe().startswith(b"\x89PNG")               # .format is pipe's default
    assert b"<svg" in drawing.pipe(format="svg")
    drawing.format = "svg"
    assert drawing.render(tmp_path / "z").endswith("z.svg")


@pytest.mark.parametrize("fmt, error", [(3, TypeError), ("", ValueError), ("../svg", ValueError)])
def test_bad_format_names_the_call(fmt, error):
    with pytest.raises(error, match="format"):
        draw_dot(Value(1.0), format=fmt)
    with pytest.raises(error, match="pipe"):
        draw_dot(Value(1.0)).pipe(format=fmt)
