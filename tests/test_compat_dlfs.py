"""Coming from 밑바닥부터 시작하는 딥러닝 (DLFS): the book's optimizer calls work as written.

Chapter 6 makes an optimizer with only its hyper-parameters, ``SGD(lr=0.95)``,
and calls ``optimizer.update(params, grads)`` with two dicts every step, on
f(x, y) = x²/20 + y² from (-7, 2) with the gradient (x/10, 2y).  The book's
update rules are transcribed below as plain loops (its equations, not its
code), and ours must follow them to the last bit.
"""

import math

import pytest

from microgradkr import MLP, Value, data, fit, losses, optim

START = {"x": -7.0, "y": 2.0}
# the book's SGD (lr 0.95) after 30 steps, as tests/test_optim.py's golden numbers
GOLDEN_SGD = (-0.3503929957523197, 0.0847823165504322)


def book_gradient(params):
    """DLFS ch. 6's df(x, y) = (x/10, 2y), read from numbers or Values."""
    x, y = (p.data if isinstance(p, Value) else p for p in (params["x"], params["y"]))
    return {"x": x / 10.0, "y": 2.0 * y}


def run_book_style(optimizer, steps=30, values=False):
    params = {k: Value(v, k) if values else v for k, v in START.items()}
    path = []
    for _ in range(steps):
        grads = book_gradient(params)
        optimizer.update(params, grads)
        x, y = (params[k].data if values else params[k] for k in ("x", "y"))
        path.append((x, y))
    return path, params


def book_rule(name, lr, steps=30):
    """DLFS 6.1's equations on plain floats: Momentum, AdaGrad, Adam (β₁ 0.9, β₂ 0.999)."""
    p = dict(START)
    v = {"x": 0.0, "y": 0.0}
    h = {"x": 0.0, "y": 0.0}
    m = {"x": 0.0, "y": 0.0}
    path = []
    for t in range(1, steps + 1):
        g = book_gradient(p)
        for k in ("x", "y"):
            if name == "Momentum":
                v[k] = 0.9 * v[k] - lr * g[k]
                p[k] += v[k]
            elif name == "AdaGrad":
                h[k] += g[k] * g[k]
                p[k] -= lr * g[k] / (math.sqrt(h[k]) + 1e-7)
            else:
                lr_t = lr * math.sqrt(1.0 - 0.999 ** t) / (1.0 - 0.9 ** t)
                m[k] += (1 - 0.9) * (g[k] - m[k])
                v[k] += (1 - 0.999) * (g[k] ** 2 - v[k])
                p[k] -= lr_t * m[k] / (math.sqrt(v[k]) + 1e-7)
        path.append((p["x"], p["y"]))
    return path


def test_sgd_update_with_dicts_of_numbers_gives_the_books_numbers():
    optimizer = optim.SGD(lr=0.95)
    path, params = run_book_style(optimizer)
    assert path[-1] == GOLDEN_SGD
    assert (params["x"], params["y"]) == GOLDEN_SGD  # the dict entries were replaced


def test_sgd_update_with_dicts_of_values_changes_their_data():
    path, params = run_book_style(optim.SGD(lr=0.95), values=True)
    assert path[-1] == GOLDEN_SGD
    assert params["x"].label == "x" and (params["x"].data, params["y"].data) == GOLDEN_SGD


# the learning rates of the book's comparison figure (optimizer_compare_naive.py)
BOOK_LR = {"Momentum": 0.1, "AdaGrad": 1.5, "Adam": 0.3}


@pytest.mark.parametrize("name", sorted(BOOK_LR))
@pytest.mark.parametrize("values", [False, True])
def test_momentum_adagrad_adam_update_follow_the_book(name, values):
    optimizer = getattr(optim, name)(lr=BOOK_LR[name])
    assert optimizer.formula == "dlfs"  # made as the book makes it: the book's formula
    path, _ = run_book_style(optimizer, values=values)
    assert path == book_rule(name, BOOK_LR[name])


def test_the_books_default_hyper_parameters():
    # DLFS common/optimizer.py: SGD(lr=0.01), Momentum(lr=0.01, momentum=0.9),
    # AdaGrad(lr=0.01), Adam(lr=0.001, beta1=0.9, beta2=0.999)
    assert optim.SGD().lr == 0.01
    momentum = optim.Momentum()
    assert (momentum.lr, momentum.momentum) == (0.01, 0.9)
    assert optim.AdaGrad().lr == 0.01
    adam = optim.Adam()
    assert (adam.lr, adam.betas) == (0.001, (0.9, 0.999))
    # with a parameter list, PyTorch's (only SGD's lr differs) and PyTorch's formulas
    sgd = optim.SGD([Value(1.0)])
    assert sgd.lr == 1e-3
    assert optim.Momentum([Value(1.0)]).formula == "pytorch"


def test_adam_takes_the_books_beta1_and_beta2():
    adam = optim.Adam(lr=0.3, beta1=0.8, beta2=0.99)
    assert adam.betas == (0.8, 0.99)
    with pytest.raises(ValueError, match="beta1"):
        optim.Adam(betas=(0.9, 0.999), beta1=0.8)


def test_each_name_keeps_its_own_state_between_calls():
    optimizer = optim.Momentum(lr=0.1)
    a, b = {"w": 1.0}, {"v": 1.0}
    optimizer.update(a, {"w": 1.0})
    optimizer.update(b, {"v": 1.0})
    optimizer.update(a, {"w": 1.0})
    # w has momentum from its own first step only: -0.1, then 0.9·(-0.1) - 0.1
    assert a["w"] == 1.0 + (-0.1) + (0.9 * -0.1 - 0.1)
    assert b["v"] == 1.0 - 0.1


def test_a_network_trained_the_books_way():
    """Chapter 6's loop: grads from backprop into a dict, then optimizer.update(params, grads)."""
    X, y = data.moons(40, noise=0.1, seed=3, signed=True)
    model = MLP(2, [8, 1], seed=0)
    params = dict(model.named_parameters())
    optimizer = optim.Adam(lr=0.05)
    first = None
    for _ in range(40):
        loss = losses.hinge([model(x) for x in X], y)
        first = loss.data if first is None else first
        model.zero_grad()
        loss.backward()
        optimizer.update(params, {name: p.grad for name, p in params.items()})
    assert loss.data < 0.5 * first


@pytest.mark.parametrize("params, grads, error, words", [
    ({"x": 1.0}, {}, ValueError, "'x'"),
    ({"x": [1.0]}, {"x": 1.0}, TypeError, "params['x']"),
    ({"x": 1.0}, {"x": "0.1"}, TypeError, "grads['x']"),
    ({"x": True}, {"x": 1.0}, TypeError, "bool"),
    ([1.0], {"x": 1.0}, TypeError, "dict"),
])
def test_update_errors_name_the_entry_and_change_nothing(params, grads, error, words):
    optimizer = optim.SGD(lr=0.1)
    before = dict(params) if isinstance(params, dict) else list(params)
    with pytest.raises(error) as caught:
        optimizer.update(params, grads)
    assert words in str(caught.value) and "update" in str(caught.value)
    assert params == before and optimizer.steps == 0


def test_an_lr_as_the_first_argument_says_to_name_it():
    with pytest.raises(TypeError, match=r"SGD\(lr=0.95\)"):
        optim.SGD(0.95)


def test_fit_takes_the_books_optimizer_names():
    X, y = data.gate("XOR")
    for name in ("SGD", "Momentum", "AdaGrad", "Adam"):  # the book's Trainer lower-cases its names
        model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=1)
        history = fit(model, X, y, loss="mse", optimizer=name, lr=0.1, epochs=3, progress=False)
        assert history.loss[-1] != history.loss[0]
