"""The `draw` and `gates` commands."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from microgradkr.cli import main
from microgradkr.gates import GATES

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def run_cli(*args, env=None):
    """The command in a fresh process, as a learner runs it."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "microgradkr", *args], capture_output=True,
                          text=True, env=full_env)


def test_draw_backward_to_svg(tmp_path, capsys):
    out = tmp_path / "apple.svg"
    assert main(["draw", "apple", "--mode", "backward", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    texts = ["".join(t.itertext()).strip("\u00a0") for t in ET.parse(out).getroot().iter(SVG + "text")]
    assert "기울기 2.2" in texts and "100 × 1.1 = 110" in texts


def test_draw_to_stdout_dot_and_png(tmp_path, capsys):
    assert main(["draw", "lecture_expression", "--lang", "en"]) == 0
    svg = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert svg.tag == SVG + "svg" and "value -8" in ["".join(t.itertext()) for t in svg.iter(SVG + "text")]
    assert main(["draw", "apple", "--mode", "both", "-o", str(tmp_path / "a.dot")]) == 0
    assert (tmp_path / "a.dot").read_text(encoding="utf-8").startswith("digraph")
    assert main(["draw", "apple", "-o", str(tmp_path / "a.png")]) == 0
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"


def test_draw_text_listing_and_precision(capsys):
    assert main(["draw", "apple", "--mode", "backward", "--text", "--precision", "full"]) == 0
    out = capsys.readouterr().out
    assert "지불 금액 = 사과 가격 × 소비세   값 220.00000000000003   기울기 1.0" in out
    assert "사과 개수   값 2.0   기울기 110.00000000000001" in out


def test_forward_drawing_does_not_need_backward(capsys):
    assert main(["draw", "xor_gate", "--text", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "XOR = step(and." in out and "grad" not in out


@pytest.mark.parametrize("args, needle", [
    (["draw", "banana"], "banana"),
    (["draw", "apple", "--mode", "sideways"], "sideways"),
    (["draw", "apple", "--precision", "-2"], "-2"),
    (["draw", "apple", "--lang", "fr"], "fr"),
    (["draw", "apple", "-o", "picture.pdf"], ".pdf"),
])
def test_bad_arguments_exit_2_without_traceback(args, needle, tmp_path):
    done = subprocess.run([sys.executable, "-m", "microgradkr", *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr and "Traceback" not in done.stderr


def test_unknown_gate_lists_the_names_in_the_chosen_language():
    done = run_cli("draw", "banana")
    assert "알 수 없는 그래프 이름" in done.stderr and "unknown gate" not in done.stderr
    for name in GATES:
        assert name in done.stderr
    english = run_cli("draw", "banana", "--lang", "en")
    assert "unknown gate 'banana'" in english.stderr and "알 수 없는" not in english.stderr


def test_unwritable_paths_exit_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    (tmp_path / "is-a-dir.svg").mkdir()
    for args in (("draw", "apple", "-o", str(tmp_path / "missing" / "x.svg")),
                 ("draw", "apple", "-o", str(tmp_path / "is-a-dir.svg")),
                 ("gates", "--out", str(blocker / "sub"))):
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "쓸 수 없습니다" in done.stderr and "Traceback" not in done.stderr
        assert "cannot write" in run_cli(*args, "--lang", "en").stderr


def test_no_renderer_exits_1_with_the_fixes(tmp_path):
    done = run_cli("draw", "apple", "-o", str(tmp_path / "x.svg"),
                   env={"MICROGRADKR_DOT": str(tmp_path / "no-dot")})
    # the variable is the problem (graphviz-pure is installed): the message says so and names it
    assert done.returncode == 1 and f"MICROGRADKR_DOT={tmp_path / 'no-dot'}" in done.stderr
    assert "unset MICROGRADKR_DOT" in done.stderr and "graphviz-pure" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.svg").exists()


def test_gates_writes_the_gallery(tmp_path, capsys):
    out = tmp_path / "gallery"
    assert main(["gates", "--out", str(out), "--lang", "en"]) == 0
    index = out / "index.html"
    assert str(index) in capsys.readouterr().out
    page = index.read_text(encoding="utf-8")
    links = set(re.findall(r'(?:href|src)="([^"]+)"', page))
    for name in GATES:
        for suffix in ("_forward.svg", "_backward.svg", "_player.html"):
            assert name + suffix in links
    for link in links:
        assert (out / link).is_file(), link
    backward = ET.parse(out / "apple_backward.svg").getroot()
    assert "grad 2.2" in ["".join(t.itertext()).strip("\u00a0") for t in backward.iter(SVG + "text")]
    assert "const DATA = " in (out / "xor_gate_player.html").read_text(encoding="utf-8")
    assert "Buying apples" in page


def test_apple_command_still_works(capsys):
    assert main(["apple"]) == 0
    assert "지불 금액 = 사과 가격 × 소비세 = 220 (float 220.00000000000003)" in capsys.readouterr().out
