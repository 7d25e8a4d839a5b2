"""Worksheets: draw_dot(..., blanks=...) leaves chosen boxes as '?', with the answer key beside it."""

import xml.etree.ElementTree as ET

import pytest

from microgradkr import Value, draw_dot, gates
from microgradkr.cli import main

SVG = "{http://www.w3.org/2000/svg}"


def _lines(drawing):
    return drawing.text().splitlines()


def test_blank_gradients_and_the_labels_that_would_give_them_away():
    circuit = gates.apple().backward()
    sheet = draw_dot(circuit, "backward", blanks=["사과", circuit.inputs["tax"]])
    lines = _lines(sheet)
    assert "사과   값 100   기울기 ?" in lines and "소비세   값 1.1   기울기 ?" in lines
    assert "사과 개수   값 2   기울기 110" in lines  # the others keep their numbers
    # the chain rule into a blank shows its factors but not its product
    assert "2 × 1.1 = ?" in sheet.source and "200 × 1 = ?" in sheet.source
    assert "2 × 1.1 = 2.2" not in sheet.source and "= 200" not in sheet.source
    key = sheet.answers
    assert "사과   값 100   기울기 2.2" in _lines(key) and "소비세   값 1.1   기울기 200" in _lines(key)
    assert _lines(key)[0] == "사과 쇼핑 (정답)"
    assert circuit.inputs["apple"].grad == 2.2  # the graph is not changed


def test_every_gradient_a_value_and_a_forward_worksheet():
    circuit = gates.add_mul_circuit(lang="en").backward()
    every = draw_dot(circuit, "backward", "en", blanks="grads")
    grads = [line.rsplit("grad ", 1)[1] for line in _lines(every)[1:]]
    assert grads[:-1] == ["?"] * (len(grads) - 1) and grads[-1] == "1"  # the output's seed stays
    assert "× ? = ?" in every.source
    forward = draw_dot(circuit, "forward", "en", blanks=[("x", "value")])
    assert any(line.startswith("x   value ?") for line in _lines(forward))
    with pytest.raises(ValueError, match="mode='backward'"):
        draw_dot(circuit, "forward", "en", blanks=[("x", "grad")])
    with pytest.raises(ValueError, match="nosuch"):
        draw_dot(circuit, "backward", "en", blanks=["nosuch"])
    with pytest.raises(ValueError, match="'value' | 'grad'"):
        draw_dot(circuit, "backward", "en", blanks=[("x", "sideways")])


def test_a_blank_value_hides_the_local_gradient_it_is():
    a, b = Value(3.0, "a"), Value(4.0, "b")
    y = a * b
    y.label = "y"
    y.backward()
    sheet = draw_dot(y, "backward", blanks=[("a", "value")])
    assert "? × 1 = 3" in sheet.source  # b's local gradient is a's value


def test_the_worksheet_picture_shows_question_marks(tmp_path):
    sheet = draw_dot(gates.apple().backward(), "backward", blanks=["사과"])
    texts = ["".join(t.itertext()).strip("\u00a0") for t in
             ET.fromstring(sheet.svg().encode()).iter(SVG + "text")]
    assert "기울기 ?" in texts and "기울기 2.2" not in texts
    assert "기울기 2.2" in ["".join(t.itertext()).strip("\u00a0") for t in
                           ET.fromstring(sheet.answers.svg().encode()).iter(SVG + "text")]


def test_cli_writes_the_worksheet_and_its_answers(tmp_path, capsys):
    out = tmp_path / "sheet.svg"
    assert main(["draw", "apple", "--mode", "backward", "--blanks", "사과,소비세:both", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert str(out) in said and str(tmp_path / "sheet_answers.svg") in said
    assert "기울기 ?" in out.read_text(encoding="utf-8") and "값 ?" in out.read_text(encoding="utf-8")
    assert "기울기 200" in (tmp_path / "sheet_answers.svg").read_text(encoding="utf-8")
    assert main(["draw", "apple", "--mode", "backward", "--blanks", "grads", "--text", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "apple   value 100   grad ?" in text and "apple   value 100   grad 2.2" in text
    with pytest.raises(SystemExit) as exit_:
        main(["draw", "apple", "--blanks", "banana"])
    assert exit_.value.code == 2
    assert "'banana'" in capsys.readouterr().err
