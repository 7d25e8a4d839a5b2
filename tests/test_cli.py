"""The command line."""

import os
import re
import subprocess
import sys

import pytest

from microgradkr.cli import main


def test_apple_in_korean(capsys):
    assert main(["apple"]) == 0
    out = capsys.readouterr().out
    assert "순전파" in out and "역전파" in out
    # as the pictures say it (220), the float noise beside it once
    assert "지불 금액 = 사과 가격 × 소비세 = 220 (float 220.00000000000003)\n" in out
    assert "∂지불 금액/∂사과 = 2.2\n" in out and "∂지불 금액/∂소비세 = 200\n" in out
    assert "∂지불 금액/∂사과 개수 = 110 (float 110.00000000000001)\n" in out
    assert "사과 가격 = 사과 × 사과 개수 = 200\n" in out


def test_apple_full_precision(capsys):
    assert main(["apple", "--precision", "full"]) == 0
    out = capsys.readouterr().out
    assert "지불 금액 = 사과 가격 × 소비세 = 220.00000000000003\n" in out and "(float" not in out


def test_apple_orange_in_english(capsys):
    assert main(["apple", "--orange", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "total = subtotal × tax = 715 (float 715.0000000000001)" in out
    assert "∂total/∂orange = 3.3 (float 3.3000000000000003)" in out


def test_python_dash_m_and_bad_arguments():
    ok = subprocess.run([sys.executable, "-m", "microgradkr", "apple"], capture_output=True, text=True)
    assert ok.returncode == 0 and "220" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "microgradkr", "nonsense"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_closed_pipe_ends_quietly():
    """`microgradkr apple | head -1`: no BrokenPipeError traceback."""
    process = subprocess.Popen([sys.executable, "-m", "microgradkr", "draw", "apple"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader goes away before the SVG is written (start-up takes longer)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


# ---------------------------------------------------------------- the language of the command line

def _cli(*args, env=None):
    environ = {k: v for k, v in os.environ.items() if k != "MICROGRADKR_LANG"}
    return subprocess.run([sys.executable, "-m", "microgradkr", *args], capture_output=True, text=True,
                          env=dict(environ, **(env or {})))


@pytest.mark.parametrize("command", [(), ("apple",), ("draw",), ("gates",), ("tour",)])
def test_every_help_speaks_korean_first_and_english_on_request(command):
    korean = _cli(*command, "--help")
    assert korean.returncode == 0 and korean.stdout.startswith("사용법: microgradkr")
    assert "옵션:" in korean.stdout and "이 도움말을 보여 주고 끝냅니다" in korean.stdout
    assert "usage" not in korean.stdout and "show this help" not in korean.stdout
    for english in (_cli(*command, "--help", "--lang", "en"),
                    _cli(*command, "--help", env={"MICROGRADKR_LANG": "en"})):
        assert english.returncode == 0 and english.stdout.startswith("usage: microgradkr")
        assert "options:" in english.stdout and "사용법" not in english.stdout
        assert not re.search("[가-힣]", english.stdout), english.stdout


def test_the_top_level_help_describes_each_command_in_korean():
    out = _cli("--help").stdout
    assert "사과 쇼핑 계산 그래프의 순전파와 역전파" in out and "모든 데모를 실행하고" in out
    assert "명령:" in out and "forward and backward" not in out


def test_help_lines_are_wrapped_by_screen_columns():
    """A Hangul syllable takes two columns: no help line is wider than the terminal's 80."""
    from microgradkr.cli_parser import _columns
    out = subprocess.run([sys.executable, "-m", "microgradkr", "draw", "--help"], capture_output=True,
                         text=True, env=dict(os.environ, COLUMNS="80", MICROGRADKR_LANG="ko")).stdout
    assert max(_columns(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("args, korean, english", [
    (("nonsense",), "고를 수 없는 값 'nonsense'", "invalid choice: 'nonsense'"),
    (("draw", "apple", "--mode", "sideways"), "인자 --mode: 고를 수 없는 값 'sideways'",
     "argument --mode: invalid choice: 'sideways'"),
    (("draw", "apple", "--bogus"), "알 수 없는 인자: --bogus", "unrecognized arguments: --bogus"),
    (("draw",), "다음 인자가 필요합니다: GATE", "the following arguments are required: GATE"),
    (("draw", "apple", "--precision"), "인자 --precision: 값이 하나 필요합니다",
     "argument --precision: expected one argument"),
    (("apple", "--precision", "x"), "0 이상의 정수 또는 'full'", "expected an integer >= 0 or 'full'"),
    (("draw", "nosuch"), "알 수 없는 그래프 이름 'nosuch'", "unknown gate 'nosuch'"),
])
def test_each_error_is_said_once_in_one_language_under_its_command(args, korean, english):
    command = args[0] if args[0] in ("apple", "draw", "gates", "tour") else None
    prog = f"microgradkr {command}" if command else "microgradkr"
    for lang, usage, error, needle, other in (("ko", "사용법: ", "오류: ", korean, english),
                                              ("en", "usage: ", "error: ", english, korean)):
        done = _cli(*args, env={"MICROGRADKR_LANG": lang})
        assert done.returncode == 2 and "Traceback" not in done.stderr
        lines = done.stderr.splitlines()
        assert lines[0].startswith(usage + prog + " "), done.stderr  # this command's usage, not the top's
        assert lines[-1].startswith(f"{prog}: {error}") and needle in lines[-1], done.stderr
        assert done.stderr.count(error) == 1 and other not in done.stderr


def test_lang_may_come_before_the_command():
    done = _cli("--lang", "en", "apple")
    assert done.returncode == 0 and done.stdout.startswith("Buying apples")


def test_version():
    import microgradkr
    done = _cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"microgradkr {microgradkr.__version__}"


def test_a_sentence_argparse_has_not_said_before_is_kept_as_it_came():
    from microgradkr.cli_parser import translate
    assert translate("something new", "ko") == "something new"
    assert translate("argument -x: something new", "ko") == "인자 -x: something new"
