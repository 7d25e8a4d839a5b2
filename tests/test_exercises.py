"""The exercises' checkers: a right answer passes, typical wrong ones get one true counterexample.

The right answers are written here, by hand, from the formulas: the checker
never sees them (it asks the engine).  Each wrong answer is a mistake a learner
makes (s instead of s(1 - s), forgetting the chain rule, dx and dy swapped,
the 2 of a square, ...).  For each, the reported input must really be one where
the wrong answer differs from the right one, with both values shown.
"""

import math

import pytest

pytest.importorskip("hypothesis", reason="pip install '.[test]' (see README)")

from microgradkr.exercises import EXERCISES, check, hint, names  # noqa: E402


def sig(x):
    return 1 / (1 + math.exp(-x))


def mean(xs):
    return sum(xs) / len(xs)


def _bn(xs, variance, eps=1e-5):
    m = mean(xs)
    return [(x - m) / math.sqrt(variance(xs, m) + eps) for x in xs]


def _population(xs, m):
    return mean([(x - m) ** 2 for x in xs])


def _momentum(w, v, g, lr, mu):
    v = mu * v - lr * g
    return w + v, v


def _newton(x):
    return x - (4 * x ** 3 - 4 * x) / (12 * x ** 2 - 4)


# name -> (the right answer, [typical wrong answers])
CASES = {
    "xavier_std": (lambda i, o: math.sqrt(2 / (i + o)),
                   [lambda i, o: math.sqrt(1 / i), lambda i, o: 2 / (i + o), lambda i, o: math.sqrt(2 / i)]),
    "he_std": (lambda i: math.sqrt(2 / i), [lambda i: math.sqrt(1 / i), lambda i: 2 / i, lambda i: math.sqrt(i / 2)]),
    "perceptron": (lambda x1, x2, w1, w2, b: 1 if x1 * w1 + x2 * w2 + b > 0 else 0,
                   [lambda x1, x2, w1, w2, b: 1 if x1 * w1 + x2 * w2 + b >= 0 else 0,  # t = 0 counts as 1
                    lambda x1, x2, w1, w2, b: 1 if x1 * w1 + x2 * w2 > 0 else 0,       # the bias forgotten
                    lambda x1, x2, w1, w2, b: x1 * w1 + x2 * w2 + b]),                 # no step
    "nand": (lambda x1, x2: 1 if -0.5 * x1 - 0.5 * x2 + 0.7 > 0 else 0,
             [lambda x1, x2: 1 if 0.5 * x1 + 0.5 * x2 - 0.7 > 0 else 0,  # AND
              lambda x1, x2: 1 if -0.5 * x1 - 0.5 * x2 + 0.2 > 0 else 0,  # NOR
              lambda x1, x2: 1 if 0.5 * x1 + 0.5 * x2 - 0.2 > 0 else 0]),  # OR
    "sigmoid_grad": (lambda x: sig(x) * (1 - sig(x)),
                     [lambda x: sig(x), lambda x: 1 - sig(x), lambda x: sig(x) * (1 + sig(x))]),
    "tanh_grad": (lambda x: 1 - math.tanh(x) ** 2,
                  [lambda x: math.tanh(x), lambda x: 1 - math.tanh(x), lambda x: 1 + math.tanh(x) ** 2]),
    "relu_grad": (lambda x: 1.0 if x > 0 else 0.0,
                  [lambda x: 1.0 if x >= 0 else 0.0, lambda x: max(0.0, x), lambda x: 1.0]),
    "mul_backward": (lambda x, y, d: (d * y, d * x),
                     [lambda x, y, d: (d * x, d * y),   # dx and dy swapped
                      lambda x, y, d: (y, x),           # the upstream gradient forgotten (no chain rule)
                      lambda x, y, d: (d, d)]),         # as if it were an add node
    "add_backward": (lambda x, y, d: (d, d),
                     [lambda x, y, d: (d * y, d * x), lambda x, y, d: (1.0, 1.0), lambda x, y, d: (d / 2, d / 2)]),
    "apple_grads": (lambda a, n, t: (n * t, a * t, a * n),
                    [lambda a, n, t: (n, a, a * n),          # the chain rule forgotten: only local gradients
                     lambda a, n, t: (a * t, n * t, a * n),  # apple and count swapped
                     lambda a, n, t: (t, t, a * n)]),
    "neuron": (lambda w, x, b: (w * x + b).sigmoid(),
               [lambda w, x, b: (w * x).sigmoid(),    # the bias forgotten
                lambda w, x, b: w * x + b,            # no activation function
                lambda w, x, b: (w * x + b).relu()]),
    "neuron_step": (lambda w, x, t, a: w - a * (sig(w * x) - t) * sig(w * x) * (1 - sig(w * x)) * x,
                    [lambda w, x, t, a: w + x * a * (t - sig(w * x)),  # the hand rule: σ' forgotten
                     lambda w, x, t, a: w + a * (sig(w * x) - t) * sig(w * x) * (1 - sig(w * x)) * x,  # uphill
                     lambda w, x, t, a: w - a * (sig(w * x) - t) * sig(w * x) * (1 - sig(w * x))]),  # no ·x
    "weighted_sums": (lambda X, W, B: [sum(X[i] * W[i][j] for i in range(len(X))) + B[j] for j in range(len(B))],
                      [lambda X, W, B: [sum(X[i] * W[i][j] for i in range(len(X))) for j in range(len(B))],
                       lambda X, W, B: [sum(X[i] * W[j][i] for i in range(len(X))) + B[j] for j in range(len(B))],
                       lambda X, W, B: [sum(X) * sum(W[i][j] for i in range(len(X))) + B[j] for j in range(len(B))]]),
    "sigmoid": (lambda a: 1 / (1 + math.exp(-a)) if a > -700 else 0.0,
                [lambda a: 1 / (1 + math.exp(a)), lambda a: math.exp(-a) / (1 + math.exp(-a)),
                 lambda a: 1 / (1 - math.exp(-a))]),
    "mse": (lambda a, b, xs, ys: mean([(y - (a * x + b)) ** 2 for x, y in zip(xs, ys)]),
            [lambda a, b, xs, ys: sum((y - (a * x + b)) ** 2 for x, y in zip(xs, ys)),
             lambda a, b, xs, ys: mean([abs(y - (a * x + b)) for x, y in zip(xs, ys)]),
             lambda a, b, xs, ys: mean([(y - (a * x + b)) ** 2 for x, y in zip(xs, ys)]) / 2]),
    "mse_grads": (lambda a, b, xs, ys: (mean([2 * (a * x + b - y) * x for x, y in zip(xs, ys)]),
                                        mean([2 * (a * x + b - y) for x, y in zip(xs, ys)])),
                  [lambda a, b, xs, ys: (mean([(a * x + b - y) * x for x, y in zip(xs, ys)]),
                                         mean([(a * x + b - y) for x, y in zip(xs, ys)])),     # the 2 forgotten
                   lambda a, b, xs, ys: (mean([2 * (y - a * x - b) * x for x, y in zip(xs, ys)]),
                                         mean([2 * (y - a * x - b) for x, y in zip(xs, ys)])),  # the sign
                   lambda a, b, xs, ys: (mean([2 * (a * x + b - y) for x, y in zip(xs, ys)]),
                                         mean([2 * (a * x + b - y) * x for x, y in zip(xs, ys)]))]),  # swapped
    "bce": (lambda p, t: -(t * math.log(p) + (1 - t) * math.log(1 - p)),
            [lambda p, t: -t * math.log(p), lambda p, t: t * math.log(p) + (1 - t) * math.log(1 - p),
             lambda p, t: -(t * math.log10(p) + (1 - t) * math.log10(1 - p))]),
    "bce_logit_grad": (lambda z, t: sig(z) - t,
                       [lambda z, t: t - sig(z), lambda z, t: (sig(z) - t) * sig(z) * (1 - sig(z)),
                        lambda z, t: sig(z)]),
    "sgd_step": (lambda w, g, lr: w - lr * g,
                 [lambda w, g, lr: w + lr * g, lambda w, g, lr: w - g, lambda w, g, lr: lr * g]),
    "momentum_step": (_momentum,
                      [lambda w, v, g, lr, mu: (w - lr * g, v),                            # no velocity
                       lambda w, v, g, lr, mu: (w + mu * v - lr * g, v),                   # v never kept
                       lambda w, v, g, lr, mu: (w + (mu * v + lr * g), mu * v + lr * g)]),  # uphill
    "hinge": (lambda s, y: (1 - y * s).relu(),
              [lambda s, y: 1 - y * s, lambda s, y: (1 + y * s).relu(), lambda s, y: (y * s).relu()]),
    "l2_grad": (lambda w, lam: 2 * lam * w, [lambda w, lam: lam * w, lambda w, lam: lam * w * w,
                                            lambda w, lam: 2 * w]),
    "weight_decay_grad": (lambda w, g, lam: g + lam * w,
                          [lambda w, g, lam: g - lam * w, lambda w, g, lam: g + lam,
                           lambda w, g, lam: g + 2 * lam * w]),
    "batch_norm": (lambda xs: _bn(xs, _population),
                   [lambda xs: _bn(xs, lambda xs, m: sum((x - m) ** 2 for x in xs) / (len(xs) - 1)),  # n - 1
                    lambda xs: [x - mean(xs) for x in xs],                                          # no scaling
                    lambda xs: _bn(xs, _population, eps=0.0) if len(set(xs)) > 1 else [0.0] * len(xs)]),  # no eps
    "newton_step": (_newton,
                    [lambda x: x - (x ** 4 - 2 * x ** 2) / (4 * x ** 3 - 4 * x) if x not in (1.0, -1.0) else x,
                     lambda x: x + (4 * x ** 3 - 4 * x) / (12 * x ** 2 - 4),
                     lambda x: x - 0.01 * (4 * x ** 3 - 4 * x)]),
    "second_derivative": (lambda x: 12 * x ** 2 - 4,
                          [lambda x: 4 * x ** 3 - 4 * x, lambda x: 12 * x ** 2, lambda x: 12 * x - 4]),
    "tanh_local_grads": (lambda m, out, x: (1 - out * out,),
                         [lambda m, out, x: (out,), lambda m, out, x: (1 - out,), lambda m, out, x: (1 + out * out,)]),
    "numerical_derivative": (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h),
                             [lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,      # divided by h, not 2h
                              lambda f, x, h=1e-3: (f(x + h) - f(x)) / h,          # one-sided
                              lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h) * x]),
}

# the note each of these wrong answers must get (the others get the counterexample alone)
NOTES = {("mul_backward", 0): "ex_note_swapped", ("mse_grads", 0): "ex_note_factor_two",
         ("mse_grads", 1): "ex_note_sign", ("numerical_derivative", 0): "ex_note_factor_two",
         ("sgd_step", 0): None, ("weight_decay_grad", 0): None}


def test_every_exercise_has_a_right_and_three_wrong_answers_here():
    assert set(CASES) == set(EXERCISES)
    assert all(len(wrong) >= 3 for _, wrong in CASES.values())
    for topic in [f"{k:02d}" for k in range(1, 14)]:
        assert 2 <= len(names(topic)) <= 4, topic


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_right_answer_passes(name):
    right, _ = CASES[name]
    result = check(right, exercise=name)
    assert result.passed, result.text
    assert result.text.startswith(f"✓ {name}: 통과") and result.tried >= (4 if name == "nand" else 20)


def _numbers(answer):
    from microgradkr import Value

    if isinstance(answer, Value):
        return answer.data
    if isinstance(answer, (list, tuple)):
        return tuple(_numbers(a) for a in answer)
    return float(answer)


@pytest.mark.parametrize("name", sorted(CASES))
def test_typical_wrong_answers_get_a_true_counterexample(name):
    right, wrong_answers = CASES[name]
    exercise = EXERCISES[name]
    for k, wrong in enumerate(wrong_answers):
        result = check(wrong, exercise=name)
        if result.status == "error":  # e.g. W[j][i] for W[i][j]: the learner's IndexError, in one line
            assert "\n" not in result.text and f"입력 {exercise.describe(result.case)}에서" in result.text
            with pytest.raises(Exception):
                wrong(*result.case)
            continue
        assert result.status == "wrong", (k, result.text)
        lines = result.text.split("\n")
        assert lines[0] == f"✗ {name}: 이 입력에서 답이 다릅니다."
        assert lines[1] == f"  입력: {exercise.describe(result.case)}"
        assert lines[2].startswith("  기대한 값 (") and lines[3].startswith("  내 답: ")
        assert lines[-1] == f"  힌트가 필요하면: hint({name})"
        assert "Traceback" not in result.text and len(lines) <= 6
        if exercise.got is None:  # the counterexample is true: the right formula disagrees with the wrong one there
            assert _numbers(right(*result.case)) == pytest.approx(result.expected, rel=1e-9, abs=1e-12)
            assert _numbers(wrong(*result.case)) == pytest.approx(result.got, rel=1e-9, abs=1e-12, nan_ok=True)
            assert _numbers(right(*result.case)) != pytest.approx(_numbers(wrong(*result.case)), rel=1e-9, abs=1e-12)
        if (name, k) in NOTES:
            assert result.notes == ([NOTES[name, k]] if NOTES[name, k] else []), result.text


def test_the_sigmoid_derivative_written_as_s_is_shown_at_a_simple_input():
    result = check(lambda x: sig(x), exercise="sigmoid_grad")
    assert result.case == (0.0,) and result.expected == 0.25 and result.got == 0.5
    assert result.notes == []  # 0.5 = 2 × 0.25 only at x = 0: no "factor of 2" note
    assert "기대한 값 (엔진의 backward()): 0.25" in result.text and "내 답: 0.5" in result.text


def test_swapping_dx_and_dy_says_so():
    result = check(lambda x, y, dout: (dout * x, dout * y), exercise="mul_backward")
    assert "입력: x = 3, y = 2, dout = 1" in result.text and "dx = 2, dy = 3" in result.text
    assert "순서가 바뀌었습니다" in result.text


def test_an_unfinished_exercise_says_not_done_yet():
    def sigmoid_grad(x):
        ...

    result = check(sigmoid_grad)
    assert result.status == "not_done" and not result
    assert repr(result) == "… sigmoid_grad: 아직 풀지 않았습니다. 함수 안의 ... 를 지우고 답을 return 하세요."

    def neuron(w, x, b):
        raise NotImplementedError

    assert check(neuron).status == "not_done"
    assert check(lambda m, out, x: ..., exercise="tanh_local_grads").status == "not_done"


def test_an_exception_in_the_learners_function_is_one_line_naming_the_input():
    def relu_grad(x):
        return 1 / x

    result = check(relu_grad)
    assert result.status == "error"
    assert result.text == "✗ relu_grad: 입력 x = 0에서 함수가 오류를 냈습니다: ZeroDivisionError: float division by zero"


def test_english():
    result = check(lambda x: sig(x), exercise="sigmoid_grad", lang="en")
    assert result.text.startswith("✗ sigmoid_grad: a different answer on this input.")
    assert "expected (the engine's backward()): 0.25" in result.text
    assert hint("sigmoid_grad", lang="en").startswith("Hint (sigmoid_grad): ")


def test_the_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MICROGRADKR_LANG", "en")
    assert check(lambda x: 0.0, exercise="relu_grad").text.startswith("✗ relu_grad: a different answer")


def test_hints_and_unknown_names():
    def sigmoid_grad(x):
        ...

    assert hint(sigmoid_grad) == hint("sigmoid_grad")
    assert repr(hint(sigmoid_grad, lang="ko")).startswith("힌트 (sigmoid_grad): ")
    assert "s·(1 - s)" in hint(sigmoid_grad, lang="ko")
    for name in EXERCISES:
        assert hint(name) and hint(name, lang="en")
    with pytest.raises(ValueError, match="sigmoid_gradient"):
        check(lambda x: x, exercise="sigmoid_gradient")
    with pytest.raises(TypeError, match="check"):
        check(0.25, exercise="sigmoid_grad")


def test_checking_writes_nothing_into_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check(CASES["sigmoid_grad"][0], exercise="sigmoid_grad")
    check(CASES["mse_grads"][1][0], exercise="mse_grads")
    assert list(tmp_path.iterdir()) == []


def test_checking_an_op_of_ones_own_leaves_the_op_table_as_it_was():
    from microgradkr import OPS

    before = dict(OPS)
    check(CASES["tanh_local_grads"][0], exercise="tanh_local_grads")
    check(CASES["tanh_local_grads"][1][0], exercise="tanh_local_grads")
    assert OPS == before


def test_a_hint_after_an_english_check_is_in_english(monkeypatch):
    monkeypatch.delenv("MICROGRADKR_LANG", raising=False)
    check(lambda x: 0.0, exercise="relu_grad", lang="en")
    assert hint("relu_grad").startswith("Hint (relu_grad): ")
    check(lambda x: 0.0, exercise="relu_grad")
    assert hint("relu_grad").startswith("힌트 (relu_grad): ")
