"""Optimizers on the book's f(x, y) = x²/20 + y² from (-7, 2): golden values and PyTorch."""

import math

import pytest

from microgradkr import Value, optim

START = (-7.0, 2.0)
GOLDEN_SGD = (-0.3503929957523197, 0.0847823165504322)


def f(x, y):
    return x ** 2 / 20 + y ** 2


def run(make, steps=30, gradient="engine"):
    """The trajectory [(x, y), ...] of an optimizer on f.

    gradient='engine': backward() on f as written above.
    gradient='book': the book's gradient (x/10, 2y), DLFS ch. 6's df, fed to .grad.
    """
    x, y = Value(START[0], "x"), Value(START[1], "y")
    opt = make([x, y])
    path = []
    for _ in range(steps):
        opt.zero_grad()
        if gradient == "book":
            x.grad, y.grad = x.data / 10.0, 2.0 * y.data
        else:
            f(x, y).backward()
        opt.step()
        path.append((x.data, y.data))
    return path


def test_sgd_golden_with_the_books_gradient():
    # The golden numbers are the book's SGD (DLFS 6.1, lr 0.95) with its gradient x/10.
    assert run(lambda p: optim.SGD(p, lr=0.95), gradient="book")[-1] == GOLDEN_SGD


def test_sgd_golden_with_backpropagation():
    # backward() on x**2/20 gives 0.05·(2x), as torch.autograd does (-0.7000000000000001 at
    # x = -7, not x/10 = -0.7): the last bit of x differs.  y's gradient 2y is exact in both.
    x = Value(-7.0)
    f(x, Value(0.0)).backward()
    assert x.grad == -0.7000000000000001
    end = run(lambda p: optim.SGD(p, lr=0.95))[-1]
    assert end == (-0.3503929957523195, GOLDEN_SGD[1])
    assert end[0] == pytest.approx(GOLDEN_SGD[0], rel=1e-15)


def test_sgd_golden_matches_a_plain_loop():
    x, y = START
    for _ in range(30):
        x, y = x - 0.95 * (x / 10.0), y - 0.95 * (2.0 * y)
    assert (x, y) == GOLDEN_SGD


# ---------------------------------------------------------------- PyTorch's trajectories

CASES = {
    "SGD": (lambda p: optim.SGD(p, lr=0.95), "SGD", dict(lr=0.95)),
    "SGD momentum": (lambda p: optim.SGD(p, lr=0.1, momentum=0.9), "SGD", dict(lr=0.1, momentum=0.9)),
    "SGD dampening": (lambda p: optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.3),
                      "SGD", dict(lr=0.1, momentum=0.8, dampening=0.3)),
    "SGD nesterov decay": (lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
                           "SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "Momentum": (lambda p: optim.Momentum(p, lr=0.1), "SGD", dict(lr=0.1, momentum=0.9)),
    "AdaGrad": (lambda p: optim.AdaGrad(p, lr=1.5), "Adagrad", dict(lr=1.5)),
    "AdaGrad default": (lambda p: optim.AdaGrad(p), "Adagrad", dict()),
    "AdaGrad decay": (lambda p: optim.AdaGrad(p, lr=1.5, weight_decay=0.1), "Adagrad",
                      dict(lr=1.5, weight_decay=0.1)),
    "Adam": (lambda p: optim.Adam(p, lr=0.3), "Adam", dict(lr=0.3)),
    "Adam default": (lambda p: optim.Adam(p), "Adam", dict()),
    "Adam decay": (lambda p: optim.Adam(p, lr=0.3, weight_decay=0.1, betas=(0.8, 0.99)), "Adam",
                   dict(lr=0.3, weight_decay=0.1, betas=(0.8, 0.99))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_trajectory_matches_pytorch(case):
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    ours_make, torch_name, kwargs = CASES[case]
    ours = run(ours_make)
    p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, torch_name)([p], **kwargs)
    for step, (x, y) in enumerate(ours):
        opt.zero_grad()
        (p[0] ** 2 / 20 + p[1] ** 2).backward()
        opt.step()
        tx, ty = p.tolist()
        # torch fuses some multiply-adds on CPU, so the last bit may differ, not more
        assert x == pytest.approx(tx, rel=1e-12, abs=1e-300), f"x at step {step + 1}"
        assert y == pytest.approx(ty, rel=1e-12, abs=1e-300), f"y at step {step + 1}"


def test_pytorch_defaults():
    x = Value(1.0)
    assert optim.SGD([x]).lr == 1e-3
    adam = optim.Adam([x])
    assert (adam.lr, adam.betas, adam.eps) == (1e-3, (0.9, 0.999), 1e-8)
    adagrad = optim.AdaGrad([x])
    assert (adagrad.lr, adagrad.eps) == (0.01, 1e-10)
    momentum = optim.Momentum([x])
    assert (momentum.lr, momentum.momentum) == (0.01, 0.9)


# ---------------------------------------------------------------- the book's (DLFS) formulas

def book_trajectory(name, lr, steps=30):
    """DLFS 6.1's update rules, transcribed as a plain loop on floats."""
    x, y = START
    v = [0.0, 0.0]
    h = [0.0, 0.0]
    m = [0.0, 0.0]
    path = []
    for t in range(1, steps + 1):
        params = [x, y]
        gx, gy = Value(x), Value(y)
        f(gx, gy).backward()
        grads = [gx.grad, gy.grad]
        for i in range(2):
            g = grads[i]
            if name == "momentum":
                v[i] = 0.9 * v[i] - lr * g
                params[i] += v[i]
            elif name == "adagrad":
                h[i] += g * g
                params[i] -= lr * g / (math.sqrt(h[i]) + 1e-7)
            else:
                lr_t = lr * math.sqrt(1.0 - 0.999 ** t) / (1.0 - 0.9 ** t)
                m[i] += (1 - 0.9) * (g - m[i])
                h[i] += (1 - 0.999) * (g ** 2 - h[i])
                params[i] -= lr_t * m[i] / (math.sqrt(h[i]) + 1e-7)
        x, y = params
        path.append((x, y))
    return path


@pytest.mark.parametrize("name, make", [
    ("momentum", lambda p: optim.Momentum(p, lr=0.1, formula="dlfs")),
    ("adagrad", lambda p: optim.AdaGrad(p, lr=1.5, formula="dlfs")),
    ("adam", lambda p: optim.Adam(p, lr=0.3, formula="dlfs")),
])
def test_dlfs_formulas_follow_the_book_exactly(name, make):
    lr = {"momentum": 0.1, "adagrad": 1.5, "adam": 0.3}[name]
    assert run(make) == book_trajectory(name, lr)


def test_dlfs_and_pytorch_momentum_agree_up_to_rounding():
    ours = run(lambda p: optim.Momentum(p, lr=0.1, formula="dlfs"))
    torchlike = run(lambda p: optim.Momentum(p, lr=0.1))
    for (a, b), (c, d) in zip(ours, torchlike):
        assert a == pytest.approx(c, rel=1e-12) and b == pytest.approx(d, rel=1e-12, abs=1e-15)


# ---------------------------------------------------------------- the rest of the contract

def test_zero_grad_and_shared_parameters_updated_once():
    a = Value(1.0)
    opt = optim.SGD([a, a], lr=0.5)
    assert opt.params == [a]
    a.grad = 2.0
    opt.step()
    assert a.data == 0.0
    opt.zero_grad()
    assert a.grad == 0.0


def test_weight_decay_pulls_weights_to_zero_without_a_gradient():
    w = Value(1.0)
    opt = optim.SGD([w], lr=0.1, weight_decay=0.5)
    opt.step()
    assert w.data == 1.0 - 0.1 * 0.5


@pytest.mark.parametrize("make, error", [
    (lambda p: optim.SGD(p, lr=-1.0), ValueError),
    (lambda p: optim.SGD(p, lr="fast"), TypeError),
    (lambda p: optim.SGD(p, lr=float("nan")), ValueError),
    (lambda p: optim.SGD(p, lr=0.1, nesterov=True), ValueError),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), ValueError),
    (lambda p: optim.Adam(p, formula="keras"), ValueError),
    (lambda p: optim.SGD([1.0, 2.0], lr=0.1), TypeError),
    (lambda p: optim.SGD(p[0], lr=0.1), TypeError),
])
def test_bad_settings(make, error):
    with pytest.raises(error):
        make([Value(1.0)])


# ---------------------------------------------------------------- the book's update(params, grads)

@pytest.mark.parametrize("cls, settings", [
    (optim.SGD, dict(lr=0.1, momentum=0.9)), (optim.Momentum, dict(lr=0.1, formula="pytorch")),
    (optim.AdaGrad, dict(lr=1.5, formula="pytorch")), (optim.Adam, dict(lr=0.3, formula="pytorch")),
    (optim.Adam, dict(lr=0.3, formula="dlfs", weight_decay=0.01)),
])
def test_update_with_dicts_is_step_with_a_list(cls, settings):
    by_step = run(lambda p: cls(p, **settings), gradient="book")
    x, y = Value(START[0]), Value(START[1])
    opt = cls(**settings)
    path = []
    for _ in range(30):
        opt.update({"x": x, "y": y}, {"x": x.data / 10.0, "y": 2.0 * y.data})
        path.append((x.data, y.data))
    assert path == by_step
