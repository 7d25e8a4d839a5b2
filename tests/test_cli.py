"""The command line."""

import subprocess
import sys

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
