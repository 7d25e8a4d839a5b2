"""Every demo runs on its own, headless, and prints the numbers its tutorial teaches.

Each demo runs as `python demos/NN_name.py OUT` in a fresh process (as a learner
runs it) with MPLBACKEND=Agg.  The expected numbers come from the tutorials and
the book (DESIGN.md's teaching numbers), from formulas, or from an independent
computation here, never from a previous run.
"""

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from microgradkr import data
from microgradkr.tour.topics import TOPICS

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demos"


def run(script, out, cwd, lang="ko", args=None):
    env = dict(os.environ, MPLBACKEND="Agg", MICROGRADKR_LANG=lang)
    env.pop("MICROGRADKR_DEMO_OUT", None)
    command = [sys.executable, str(DEMOS / script)] + ([str(out)] if args is None else args)
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def demo(tmp_path):
    """Run a demo into tmp_path/out from an empty working folder, which must stay empty."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "out"

    def go(script, lang="ko"):
        text = run(script, out, cwd, lang)
        assert list(cwd.iterdir()) == [], "a demo wrote into the working folder"
        go.files = sorted(p.name for p in out.iterdir())
        return text

    return go


def numbers(line):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", line)]


def line_with(text, start):
    found = [line for line in text.splitlines() if line.strip().startswith(start)]
    assert found, f"no line starting with {start!r} in:\n{text}"
    return found[0]


def test_every_topic_has_a_demo_and_every_demo_a_topic():
    assert sorted(p.name for p in DEMOS.glob("[0-9][0-9]_*.py")) == [t.script for t in TOPICS]


def test_01_random_init(demo):
    text = demo("01_random_init.py")
    # formula column: √(1/100) = 0.1, √(2/200) = 0.1, √(2/100) = 0.1414
    assert numbers(line_with(text, "book_xavier"))[:1] == [0.1]
    assert numbers(line_with(text, "xavier_normal"))[:1] == [0.1]
    assert numbers(line_with(text, "he_normal"))[0] == round(math.sqrt(0.02), 4)
    std1, small, xavier = (numbers(line_with(text, name)) for name in ("표준편차 1 ", "표준편차 0.01", "Xavier"))
    # std 1 saturates the sigmoids; std 0.01 squeezes everything to 0.5; Xavier neither
    assert std1[-2] > 20 and xavier[-2] < 1 and small[-2] == 0
    assert small[-1] < 0.05 < xavier[-1] < std1[-1]
    assert demo.files == ["01_activations.png", "01_uniform_normal.png"]


def test_02_perceptron_gates(demo):
    text = demo("02_perceptron_gates.py")
    # DLFS 2.3's truth tables, with the tutorial's OR (0.6, 0.6, -0.5)
    assert line_with(text, "AND ").endswith("00→0  10→0  01→0  11→1")
    assert line_with(text, "OR ").endswith("00→0  10→1  01→1  11→1")
    assert "w1=+0.6 w2=+0.6 b=-0.5" in line_with(text, "OR ")
    assert line_with(text, "NAND").endswith("00→1  10→1  01→1  11→0")
    assert line_with(text, "XOR = AND(NAND, OR)").endswith("00→0  10→1  01→1  11→0")
    assert "XOR 0" in line_with(text, "직선 하나로")
    grads = line_with(text, "AND(1, 1) 역전파")
    assert grads.count("= 0") == 5  # the step function passes no gradient back
    assert {"02_and_forward.svg", "02_and_backward.svg", "02_xor_backward.svg"} <= set(demo.files)


def test_02_in_english(demo):
    text = demo("02_perceptron_gates.py", lang="en")
    assert text.startswith("Truth tables") and not re.search("[가-힣]", text.replace("가중합", ""))


def test_03_activation_functions(demo):
    text = demo("03_activation_functions.py")
    # σ(0) = 1/2, σ'(0) = σ(1 - σ) = 1/4; tanh'(0) = 1; step' = 0; relu'(0.5) = 1
    assert "σ(0) = 0.5, σ'(0) = 0.25" in text
    sigmoid = numbers(line_with(text, "sigmoid"))
    assert sigmoid[0] == round(1 / (1 + math.exp(2)), 4)
    assert numbers(line_with(text, "step"))[1::2] == [0, 0, 0, 0, 0]
    assert numbers(line_with(text, "relu"))[1::2] == [0, 0, 0, 1, 1]
    assert numbers(line_with(text, "tanh"))[5] == 1.0
    assert demo.files == ["03_activations.png", "03_sigmoid_backward.svg", "03_sigmoid_player.html"]


def test_04_computational_graph(demo):
    text = demo("04_computational_graph.py")
    # DLFS 5.4 and CS231n, as listed in DESIGN.md
    # printed as the pictures show them, with the exact float beside a rounded one
    assert "지불 금액 = 220 (float 220.00000000000003)" in text
    assert ("∂지불 금액/∂사과 = 2.2, ∂지불 금액/∂사과 개수 = 110 (float 110.00000000000001), "
            "∂지불 금액/∂소비세 = 200") in text
    assert "사과와 오렌지 순전파: 715 (float 715.0000000000001)" in text
    assert "∂지불 금액/∂오렌지 = 3.3 (float 3.3000000000000003)" in text and "∂지불 금액/∂소비세 = 650" in text
    assert "f = -12; ∂f/∂x = -4, ∂f/∂y = -4, ∂f/∂z = 3" in text
    assert "04_apple_orange_player.html" in demo.files


def test_05_sigmoid_neuron(demo):
    text = demo("05_sigmoid_neuron.py")
    rows = [numbers(line) for line in text.splitlines() if re.match(r"\s+\d+\s+0\.\d+\s+0\.\d+$", line)]
    assert [row[0] for row in rows] == [0, 10, 100, 1000]
    assert rows[0][1] == rows[0][2] == round(1 / (1 + math.exp(-0.6)), 6)  # σ(0.6), before learning
    assert rows[-1][1] < 0.01 and rows[-1][2] < 0.05  # both rules drive the output to the target 0
    no_bias = line_with(text, "2) 입력 0 → 목표 1, 편향 없음")
    assert "∂L/∂w = 0;" in no_bias and no_bias.endswith("0.5000 → 0.5000")
    with_bias = line_with(text, "2) 입력 0 → 목표 1, 편향 있음")
    assert "∂L/∂b = -0.125" in with_bias  # (σ(0) - 1)·σ'(0) = -0.5 · 0.25
    assert numbers(with_bias)[-1] > 0.9


def test_06_three_layer_forward(demo):
    text = demo("06_three_layer_forward.py")
    assert line_with(text, "A1").endswith("[0.3, 0.7, 1.1]")
    assert line_with(text, "Z1").endswith("[0.57444252, 0.66818777, 0.75026011]")
    assert line_with(text, "Y ").endswith("[0.31682708, 0.69627909]")  # DLFS 3.4.3's output


def test_07_linear_regression(demo):
    text = demo("07_linear_regression.py")
    xs, ys = data.noisy_line()
    # least squares by the normal equations, solved here independently of the demo
    n, sx, sy = len(xs), sum(xs), sum(ys)
    sxx, sxy = sum(x * x for x in xs), sum(x * y for x, y in zip(xs, ys))
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    intercept = (sy - slope * sx) / n
    assert numbers(line_with(text, "최소제곱법"))[:2] == [round(slope, 4), round(intercept, 4)]
    start = numbers(line_with(text, "처음"))
    fitted = numbers(line_with(text, "50번 뒤"))[1:]  # after the 50 of '50번'
    assert 1.5 < fitted[0] < 2.5 and fitted[2] < start[0] / 10  # it learned; the loss went down
    assert numbers(line_with(text, "공부 시간"))[:3] == [8225, -928, -181]  # DESIGN.md
    assert line_with(text, "결과").startswith("결과: 기울기 a = 2.3000, 절편 b = 79.0000")


def test_08_xor_mlp(demo):
    text = demo("08_xor_mlp.py")
    assert "정확도: 100%" in text
    for inputs, target in (("0 XOR 0", 0), ("1 XOR 0", 1), ("0 XOR 1", 1), ("1 XOR 1", 0)):
        assert line_with(text, inputs).endswith(f"→ {target}")
    assert {"08_boundary.png", "08_loss.png", "08_network_backward.svg"} <= set(demo.files)


def test_09_optimizers(demo):
    text = demo("09_optimizers.py")
    # 30 SGD steps of lr 0.95: the book's x/10 path, one bit apart (see optim's docstring)
    assert "x =      -0.3503929957523195  y =       0.0847823165504322" in line_with(text, "SGD")
    start = (-7.0) ** 2 / 20 + 2.0 ** 2
    for name in ("SGD", "Momentum", "AdaGrad", "Adam"):
        assert numbers(line_with(text, name))[-1] < start / 10


def test_10_two_moons(demo):
    text = demo("10_two_moons.py")
    assert "매개변수 337개" in text  # 2·16+16 + 16·16+16 + 16+1
    assert line_with(text, "학습 후").endswith("정확도 100%")


def test_11_learning_techniques(demo):
    text = demo("11_learning_techniques.py")
    assert "학습 72개, 검증 24개, 시험 24개" in text  # 120 · (0.6, 0.2, 0.2)
    plain = numbers(line_with(text, "감소 없음"))[0]
    decayed = numbers(line_with(text, "가중치 감소 λ=0.01"))[1]  # after the 0.01 in its name
    assert decayed < plain / 2
    training, evaluating = line_with(text, "같은 입력을 세 번").split("평가 모드")
    assert len(set(re.findall(r"-?\d+\.\d+", training))) == 3
    assert len(set(re.findall(r"-?\d+\.\d+", evaluating))) == 1
    assert line_with(text, "후:").endswith("평균 -0.000, 표준편차 1.000") or \
        line_with(text, "후:").endswith("평균 0.000, 표준편차 1.000")
    assert "∂y₀/∂β₀ = 1" in text


def test_12_newton(demo):
    text = demo("12_newton.py")
    # issue 8's golden iterates for f(x) = x⁴ - 2x² from x = 2
    golden = [2.0, 1.4545454545454546, 1.1510467893775467, 1.0253259289766978,
              1.0009084519430513, 1.0000012353089454, 1.000000000002289, 1.0]
    assert [line_with(text, f"x{k} =").strip() for k in range(8)] == [f"x{k} = {v!r}" for k, v in enumerate(golden)]
    assert "f = 8, f' = 24, f'' = 44" in text  # 2⁴ - 2·2², 4·8 - 4·2, 12·4 - 4
    assert {"12_fprime_graph.svg", "12_fsecond_graph.svg", "12_path.png"} <= set(demo.files)


def test_13_your_own_op(demo):
    text = demo("13_your_own_op.py")
    s = 1.0 / (1.0 + math.exp(-0.5))  # σ(0.5) from its formula, independently of the engine
    value, slope = numbers(line_with(text, "내 시그모이드"))[-2:]
    assert value == pytest.approx(s, rel=1e-15) and slope == pytest.approx(s * (1 - s), rel=1e-14)
    second = float(re.search(r"σ''\(0\.5\) = (\S+)", line_with(text, "2차 미분")).group(1))
    assert second == pytest.approx(s * (1 - s) * (1 - 2 * s), rel=1e-12)
    assert line_with(text, "기울기 확인").endswith("True")
    assert "200개 모두 통과" in line_with(text, "속성 테스트")
    # DLFS 5.4's apple: 100 × 2 × 1.1 = 220; d apple 2.2, d count 110, d tax 200
    assert numbers(line_with(text, "MulLayer로"))[-4:] == [220.0, 2.2, 110.0, 200.0]
    assert line_with(text, "MulLayer 기울기 확인").endswith("True")
    assert {"13_my_sigmoid_forward.svg", "13_my_sigmoid_backward.svg", "13_mul_layer_backward.svg"} <= set(demo.files)


def test_default_output_folder_is_demo_output_in_the_working_folder(tmp_path):
    run("06_three_layer_forward.py", None, tmp_path, args=[])
    assert (tmp_path / "demo-output" / "06_y1_forward.svg").is_file()
