"""Every exercise, by notebook: what the learner writes, which inputs, and how the engine answers.

Each ``expected`` builds the computation with Values (or calls the library:
init, losses, optim, nn) and reads the answer off the engine; no answer is
written here.  Inputs are rounded to a few decimals so a counterexample reads
like a textbook's numbers.
"""

from __future__ import annotations

from typing import Dict

from .. import init, losses, nn, optim
from ..derivatives import grad
from ..engine import Value
from ..fused import linear
from ..fused import sum as total
from ..opdef import OPS, define_op
from .checker import Exercise, NotDone


def _real(st, lo: float = -5.0, hi: float = 5.0, places: int = 2):
    return st.floats(lo, hi).map(lambda x: round(x, places) + 0.0)  # + 0.0: no -0.0 in messages


def _backward_of(build, *xs):
    """Gradients of ``build(*leaves)`` with respect to each leaf, by backward()."""
    leaves = [Value(x) for x in xs]
    build(*leaves).backward()
    return tuple(leaf.grad for leaf in leaves)


# ---------------------------------------------------------------- 01 weight initialisation
def _xavier(fan_in, fan_out):
    return init.INITIALIZERS["xavier_normal"].std(fan_in, fan_out)


def _he(fan_in):
    return init.INITIALIZERS["he_normal"].std(fan_in, fan_in)


# ---------------------------------------------------------------- 02 perceptrons
def _perceptron(x1, x2, w1, w2, b):
    return (Value(w1) * x1 + Value(w2) * x2 + b).step().data


def _nand(x1, x2):
    from .. import data

    inputs, targets = data.gate("NAND")
    return targets[inputs.index([float(x1), float(x2)])]


# ---------------------------------------------------------------- 04 computational graphs
def _apple(apple, count, tax):
    return _backward_of(lambda a, n, t: a * n * t, apple, count, tax)


# ---------------------------------------------------------------- 05 a sigmoid neuron
def _neuron_engine(w, x, b):
    W, X, B = Value(w), Value(x), Value(b)
    y = linear([W], [X], B).sigmoid()
    y.backward()
    return y.data, W.grad, X.grad, B.grad


def _neuron_learner(fn, w, x, b):
    W, X, B = Value(w), Value(x), Value(b)
    y = fn(W, X, B)
    if y is None or y is Ellipsis:
        raise NotDone()
    if not isinstance(y, Value):  # a float has no graph: nothing to backpropagate
        return (y, "-", "-", "-")
    y.backward()
    return y.data, W.grad, X.grad, B.grad


def _neuron_step(w, x, target, alpha):
    W = Value(w)
    y = (W * x).sigmoid()
    (0.5 * (y - target) ** 2).backward()
    optim.SGD([W], lr=alpha).step()
    return W.data


# ---------------------------------------------------------------- 06 a layer's forward pass
def _layer_case(st):
    shapes = st.tuples(st.integers(1, 3), st.integers(1, 3))
    return shapes.flatmap(lambda s: st.tuples(
        st.lists(_real(st), min_size=s[0], max_size=s[0]),
        st.lists(st.lists(_real(st), min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]),
        st.lists(_real(st), min_size=s[1], max_size=s[1])))


def _weighted_sums(X, W, B):
    inputs = [Value(x) for x in X]
    return tuple(linear([Value(row[j]) for row in W], inputs, Value(B[j])).data for j in range(len(B)))


# ---------------------------------------------------------------- 07 linear regression
def _points(st):
    return st.integers(1, 5).flatmap(lambda n: st.tuples(
        _real(st), _real(st), st.lists(_real(st, 0, 10, 1), min_size=n, max_size=n),
        st.lists(_real(st, 0, 100, 1), min_size=n, max_size=n)))


def _mse_graph(a, b, xs, ys):
    return total([(y - (a * x + b)) ** 2 for x, y in zip(xs, ys)]) / len(xs)


def _mse_grads(a, b, xs, ys):
    return _backward_of(lambda A, B: _mse_graph(A, B, xs, ys), a, b)


# ---------------------------------------------------------------- 08 cross entropy
def _bce_logit_grad(z, t):
    return _backward_of(lambda Z: losses.bce([Z.sigmoid()], [t]), z)[0]


# ---------------------------------------------------------------- 09 optimizers
def _sgd(w, g, lr):
    W = Value(w)
    W.grad = g
    optim.SGD([W], lr=lr).step()
    return W.data


def _momentum_engine(w, grads, lr, momentum):
    W = Value(w)
    optimizer = optim.Momentum([W], lr=lr, momentum=momentum, formula="dlfs")
    path = []
    for g in grads:
        W.grad = g
        optimizer.step()
        path.append(W.data)
    return tuple(path)


def _momentum_learner(fn, w, grads, lr, momentum):
    v, path = 0.0, []
    for g in grads:
        answer = fn(w, v, g, lr, momentum)
        if answer is None or answer is Ellipsis:
            raise NotDone()
        w, v = answer
        path.append(w)
    return tuple(path)


# ---------------------------------------------------------------- 10 hinge loss
def _hinge_engine(score, y):
    S = Value(score)
    loss = losses.hinge([S], [y])
    loss.backward()
    return loss.data, S.grad


def _hinge_learner(fn, score, y):
    S = Value(score)
    loss = fn(S, y)
    if loss is None or loss is Ellipsis:
        raise NotDone()
    if not isinstance(loss, Value):
        return (loss, "-")
    loss.backward()
    return loss.data, S.grad


# ---------------------------------------------------------------- 11 weight decay, batch norm
def _decayed(w, g, lam):
    W = Value(w)
    W.grad = g
    optim.SGD([W], lr=1.0, weight_decay=lam).step()
    return W.data


def _decayed_learner(fn, w, g, lam):
    answer = fn(w, g, lam)
    if answer is None or answer is Ellipsis:
        raise NotDone()
    return w - 1.0 * answer  # the same SGD step (lr 1) with the learner's gradient


def _batch_norm(xs):
    rows = nn.BatchNorm(1)([[Value(x)] for x in xs])
    return tuple(row[0].data for row in rows)


# ---------------------------------------------------------------- 12 Newton's method
def _newton_f(x):
    return x ** 4 - 2 * x ** 2


def _derivatives(x):
    X = Value(x)
    first = grad(_newton_f(X), X, create_graph=True)
    return first.data, grad(first, X)


def _away_from_inflection(st):  # f''(x) = 0 at ±1/√3: keep Newton's step finite
    return st.one_of(_real(st, 0.7, 3.0), _real(st, -3.0, -0.7)).map(lambda x: (x,))


# ---------------------------------------------------------------- 13 your own op, numerical derivative
def _tanh_engine(x):
    return _backward_of(lambda X: X.tanh(), x)[0]


def _tanh_learner(fn, x):
    def local_grads(m, out, x):
        answer = fn(m, out, x)
        if answer is None or answer is Ellipsis:
            raise NotDone()
        return answer

    try:
        op = define_op("my_tanh_exercise", symbol="tanh", ko="내 tanh", en="my tanh",
                       forward=lambda m, x: m.tanh(x), local_grads=local_grads)
        X = Value(x)
        op(X).backward()
        return X.grad
    finally:  # checking is no definition: the learner's op stays out of the op table
        OPS.pop("my_tanh_exercise", None)


def _poly_case(st):
    return st.tuples(st.tuples(*[st.integers(-3, 3).map(float) for _ in range(4)]), _real(st, -2, 2))


def _poly(coefficients):
    c3, c2, c1, c0 = coefficients
    return lambda x: c3 * x ** 3 + c2 * x ** 2 + c1 * x + c0


def _poly_text(coefficients, x) -> str:
    terms = []
    for c, power in zip(coefficients, ("x³", "x²", "x", "")):
        if c:
            size = "" if abs(c) == 1 and power else f"{abs(c):g}"
            terms.append(("- " if c < 0 else "+ ") + size + power)
    body = " ".join(terms).removeprefix("+ ").replace("- ", "-", 1) if terms else "0"
    return f"f(x) = {body}, x = {x:g}"


def _numerical_learner(fn, coefficients, x):
    return fn(_poly(coefficients), x)


def _numerical_engine(coefficients, x):
    return _backward_of(_poly(coefficients), x)[0]


# ---------------------------------------------------------------- the list
EXERCISES: Dict[str, Exercise] = {e.name: e for e in (
    Exercise("xavier_std", "01", ("fan_in", "fan_out"),
             lambda st: st.tuples(st.integers(1, 1000), st.integers(1, 1000)), _xavier, "ex_source_init"),
    Exercise("he_std", "01", ("fan_in",), lambda st: st.tuples(st.integers(1, 1000)), _he, "ex_source_init"),
    Exercise("perceptron", "02", ("x1", "x2", "w1", "w2", "b"),
             lambda st: st.tuples(*[st.sampled_from((0, 1))] * 2,
                                  *[st.integers(-8, 8).map(lambda k: k / 8)] * 3),  # eighths: sums are exact
             _perceptron, "ex_source_step", examples=((1, 1, 0.5, 0.5, -1.0),)),
    Exercise("nand", "02", ("x1", "x2"), lambda st: st.sampled_from(((0, 0), (1, 0), (0, 1), (1, 1))),
             _nand, "ex_source_truth_table", examples=((0, 0), (1, 0), (0, 1), (1, 1))),
    Exercise("sigmoid_grad", "03", ("x",), lambda st: st.tuples(_real(st, -6, 6)),
             lambda x: _backward_of(lambda X: X.sigmoid(), x)[0], "ex_source_backward", examples=((0.0,),)),
    Exercise("tanh_grad", "03", ("x",), lambda st: st.tuples(_real(st, -6, 6)),
             lambda x: _backward_of(lambda X: X.tanh(), x)[0], "ex_source_backward", examples=((0.0,),)),
    Exercise("relu_grad", "03", ("x",), lambda st: st.tuples(_real(st, -6, 6)),
             lambda x: _backward_of(lambda X: X.relu(), x)[0], "ex_source_backward",
             examples=((0.0,), (-1.0,), (2.0,))),
    Exercise("mul_backward", "04", ("x", "y", "dout"), lambda st: st.tuples(_real(st), _real(st), _real(st)),
             lambda x, y, dout: _backward_of(lambda X, Y: (X * Y) * dout, x, y), "ex_source_backward",
             labels=("dx", "dy"), examples=((3.0, 2.0, 1.0),)),
    Exercise("add_backward", "04", ("x", "y", "dout"), lambda st: st.tuples(_real(st), _real(st), _real(st)),
             lambda x, y, dout: _backward_of(lambda X, Y: (X + Y) * dout, x, y), "ex_source_backward",
             labels=("dx", "dy"), examples=((3.0, 2.0, 1.5),)),
    Exercise("apple_grads", "04", ("apple", "count", "tax"),
             lambda st: st.tuples(st.integers(1, 500).map(float), st.integers(1, 10).map(float),
                                  _real(st, 1.0, 1.5)),
             _apple, "ex_source_backward", labels=("∂price/∂apple", "∂price/∂count", "∂price/∂tax"),
             examples=((100.0, 2.0, 1.1),)),
    Exercise("neuron", "05", ("w", "x", "b"), lambda st: st.tuples(_real(st), _real(st), _real(st)),
             _neuron_engine, "ex_source_backward", got=_neuron_learner,
             labels=("y", "∂y/∂w", "∂y/∂x", "∂y/∂b"), examples=((0.6, 1.0, 0.0),)),
    Exercise("neuron_step", "05", ("w", "x", "target", "alpha"),
             lambda st: st.tuples(_real(st, -3, 3), _real(st, -3, 3), st.sampled_from((0.0, 1.0)),
                                  _real(st, 0.01, 1.0)),
             _neuron_step, "ex_source_sgd", examples=((0.6, 1.0, 0.0, 0.5),)),
    Exercise("weighted_sums", "06", ("X", "W", "B"), _layer_case, _weighted_sums, "ex_source_linear",
             examples=(([1.0, 0.5], [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], [0.1, 0.2, 0.3]),)),
    Exercise("sigmoid", "06", ("a",), lambda st: st.tuples(_real(st, -30, 30)),
             lambda a: Value(a).sigmoid().data, "ex_source_engine", examples=((0.3,),)),
    Exercise("mse", "07", ("a", "b", "xs", "ys"), _points, lambda a, b, xs, ys: _mse_graph(a, b, xs, ys).data,
             "ex_source_engine", examples=((0.0, 0.0, [2.0, 4.0, 6.0, 8.0], [81.0, 93.0, 91.0, 97.0]),)),
    Exercise("mse_grads", "07", ("a", "b", "xs", "ys"), _points, _mse_grads, "ex_source_backward",
             labels=("∂L/∂a", "∂L/∂b"),
             examples=((0.0, 0.0, [2.0, 4.0, 6.0, 8.0], [81.0, 93.0, 91.0, 97.0]),)),
    Exercise("bce", "08", ("p", "t"), lambda st: st.tuples(_real(st, 0.01, 0.99), st.sampled_from((0.0, 1.0))),
             lambda p, t: losses.bce([Value(p)], [t]).data, "ex_source_loss", examples=((0.9, 1.0),)),
    Exercise("bce_logit_grad", "08", ("z", "t"), lambda st: st.tuples(_real(st), st.sampled_from((0.0, 1.0))),
             _bce_logit_grad, "ex_source_backward", examples=((0.0, 1.0),)),
    Exercise("sgd_step", "09", ("w", "grad", "lr"), lambda st: st.tuples(_real(st), _real(st), _real(st, 0.01, 1)),
             _sgd, "ex_source_sgd", examples=((-7.0, -0.7, 0.95),)),
    Exercise("momentum_step", "09", ("w", "grads", "lr", "momentum"),
             lambda st: st.tuples(_real(st), st.lists(_real(st), min_size=1, max_size=4), _real(st, 0.01, 1),
                                  _real(st, 0.5, 0.95)),
             _momentum_engine, "ex_source_momentum", got=_momentum_learner,
             examples=((2.0, [4.0, 2.0], 0.1, 0.9),)),
    Exercise("hinge", "10", ("score", "y"),
             lambda st: st.tuples(_real(st, -3, 3), st.sampled_from((-1.0, 1.0))).filter(
                 lambda c: c[0] * c[1] != 1.0),  # 1 - y·score = 0 is the kink: no single slope there
             _hinge_engine, "ex_source_loss", got=_hinge_learner, labels=("loss", "∂loss/∂score"),
             examples=((0.3, 1.0),)),
    Exercise("l2_grad", "10", ("w", "lam"), lambda st: st.tuples(_real(st), _real(st, 0, 0.1, 4)),
             lambda w, lam: _backward_of(lambda W: lam * W * W, w)[0], "ex_source_backward",
             examples=((2.0, 0.01),)),
    Exercise("weight_decay_grad", "11", ("w", "grad", "lam"),
             lambda st: st.tuples(_real(st), _real(st), _real(st, 0, 0.1, 4)),
             _decayed, "ex_source_weight_decay", got=_decayed_learner, examples=((2.0, 0.5, 0.01),)),
    Exercise("batch_norm", "11", ("xs",), lambda st: st.tuples(st.lists(_real(st), min_size=2, max_size=6)),
             _batch_norm, "ex_source_batch_norm", rel=1e-7, abs=1e-9, examples=(([1.0, 2.0, 4.0],),)),
    Exercise("newton_step", "12", ("x",), _away_from_inflection,
             lambda x: x - _derivatives(x)[0] / _derivatives(x)[1], "ex_source_grad", examples=((2.0,),)),
    Exercise("second_derivative", "12", ("x",), lambda st: st.tuples(_real(st, -3, 3)),
             lambda x: _derivatives(x)[1], "ex_source_grad", examples=((2.0,),)),
    Exercise("tanh_local_grads", "13", ("x",), lambda st: st.tuples(_real(st, -4, 4)),
             _tanh_engine, "ex_source_builtin_tanh", got=_tanh_learner, examples=((0.5,),)),
    Exercise("numerical_derivative", "13", ("f", "x"), _poly_case, _numerical_engine, "ex_source_backward",
             got=_numerical_learner, show=_poly_text, rel=1e-6, abs=1e-6,
             examples=(((1.0, 0.0, 0.0, 0.0), 1.0),)),
)}
