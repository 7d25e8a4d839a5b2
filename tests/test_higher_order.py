"""grad(create_graph=True): derivatives of derivatives, Newton's method, double backprop."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microgradkr as mg
from microgradkr import Value, grad
from microgradkr import OPS
from microgradkr.arithmetic import VALUES
from microgradkr.testing import op_cases


def _as_number(x):
    return x.data if isinstance(x, Value) else x


# ---------------------------------------------------------------- one source of truth

@pytest.mark.parametrize("name", sorted(OPS))
def test_value_level_derivative_equals_the_float_local_gradient(name):
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        node = f([Value(x) for x in inputs])
        row = node.operation
        # the op's one local_grads formula, read with Value arithmetic
        vgrads = row.op.local_grads(VALUES, node, *node.children, **row.params)
        assert len(vgrads) == len(node.local_grads)
        assert [_as_number(g) for g in vgrads] == list(node.local_grads)

    check()


def test_linear_with_folded_numbers_has_constant_derivatives():
    w, x = Value(0.5), Value(3.0)
    out = mg.linear([w, 2.0], [1.5, x], 0.25)
    assert out.children[:2] == (w, x) and out.children[2].data == 0.25  # a number bias: a leaf
    params = out.operation.params
    assert (params["paired"], params["bias"], params["folded"]) == (False, True, (1.5, 2.0))
    assert tuple(out.operation.op.local_grads(VALUES, out, *out.children, **params)) == (1.5, 2.0, 1.0)
    paired = mg.linear([w, 2.0], [x, x], w)  # one pair of Values: the number gets a leaf
    assert len(paired.children) == 5
    assert (paired.operation.params["paired"], paired.operation.params["bias"]) == (True, True)
    d_w, d_x = grad(paired, [w, x], create_graph=True)
    assert (d_w.data, d_x.data) == (x.data + 1.0, w.data + 2.0)


# ---------------------------------------------------------------- grad()

def test_grad_returns_floats_equal_to_backward_and_touches_no_grad_field():
    a, b = Value(1.3), Value(-0.4)
    out = (a * b).tanh() + (a / b).exp() * a
    da, db = grad(out, [a, b])
    assert type(da) is float and a.grad == 0.0 and b.grad == 0.0 and out.grad == 0.0
    out.backward()
    assert (da, db) == (a.grad, b.grad)


def test_grad_of_a_single_value_and_of_unused_inputs():
    x, unused = Value(3.0), Value(1.0)
    y = x * x
    assert grad(y, x) == 6.0
    assert grad(y, [x, unused]) == [6.0, 0.0]
    assert grad(y, y) == 1.0
    assert isinstance(grad(y, unused, create_graph=True), Value)


def test_create_graph_results_are_values_with_graphs():
    x = Value(0.7, label="x")
    y = x.tanh()
    dy = grad(y, x, create_graph=True)
    assert isinstance(dy, Value) and dy.children
    assert dy.data == 1 - math.tanh(0.7) ** 2
    assert x.grad == 0.0
    d2y = grad(dy, x)
    t = math.tanh(0.7)
    assert d2y == pytest.approx(-2 * t * (1 - t * t), rel=1e-14)


def test_grad_rejects_bad_arguments():
    with pytest.raises(TypeError, match="grad"):
        grad(3.0, [Value(1.0)])
    with pytest.raises(TypeError, match="grad"):
        grad(Value(1.0), [1.0])


# ---------------------------------------------------------------- second derivatives

def _first_derivative(f, k):
    """A function of Values giving ∂f/∂xₖ as a Value with a graph."""
    return lambda v: grad(f(v), v[k], create_graph=True)


@pytest.mark.parametrize("name", sorted(OPS))
def test_second_derivatives_match_finite_differences_of_the_first(name):
    @settings(max_examples=40)
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        for k in range(len(inputs)):
            assert mg.gradcheck(_first_derivative(f, k), inputs, atol=1e-4, rtol=1e-3)

    check()


def test_second_derivatives_match_pytorch():
    torch = pytest.importorskip("torch", reason="pip install torch==2.13.0 to compare with PyTorch")
    cases = {
        "add": (lambda v: v[0] + v[1] * v[1], [0.3, -1.2]),
        "mul": (lambda v: v[0] * v[1] * v[0], [0.3, -1.2]),
        "div": (lambda v: v[0] / v[1], [0.3, -1.2]),
        "pow": (lambda v: v[0] ** 3.0, [0.8]),
        "vpow": (lambda v: v[0] ** v[1], [1.7, 0.6]),
        "exp": (lambda v: v[0].exp(), [0.4]),
        "log": (lambda v: v[0].log(), [2.5]),
        "relu": (lambda v: (v[0] * v[0]).relu(), [0.9]),
        "tanh": (lambda v: v[0].tanh(), [0.4]),
        "sigmoid": (lambda v: v[0].sigmoid(), [0.4]),
        "softplus": (lambda v: v[0].softplus(), [0.4]),
        "step": (lambda v: v[0].step() * v[0] * v[0], [0.4]),
        "sum": (lambda v: mg.sum([v[0] * v[0], v[1], v[0] * v[1]]), [0.3, -1.2]),
        "linear": (lambda v: mg.linear([v[0], v[1]], [v[1], v[0]], v[0] * v[0]), [0.3, -1.2]),
        "sqrt": (lambda v: (v[0] * v[0] + 1.0).sqrt(), [0.7]),
        "log1p": (lambda v: (v[0] * v[0]).log1p(), [0.7]),
        "bce": (lambda v: mg.bce((v[0] * v[0]).sigmoid(), v[1]), [0.7, 0.3]),
        "sin": (lambda v: v[0].sin() * v[0], [0.7]),
        "cos": (lambda v: v[0].cos() * v[0], [0.7]),
        "abs": (lambda v: (v[0] * v[1]).abs(), [0.7, -1.3]),
        "leaky_relu": (lambda v: (v[0] * v[0] * v[1]).leaky_relu(slope=0.2), [0.7, -1.3]),
        "maximum": (lambda v: mg.maximum(v[0] * v[0], v[1]), [0.7, -1.3]),
        "minimum": (lambda v: mg.minimum(v[0] * v[0], v[1] * v[0]), [0.7, -1.3]),
    }
    assert set(cases) == set(OPS)
    torch_ops = {
        "add": lambda t: t[0] + t[1] * t[1],
        "mul": lambda t: t[0] * t[1] * t[0],
        "div": lambda t: t[0] / t[1],
        "pow": lambda t: t[0] ** 3.0,
        "vpow": lambda t: t[0] ** t[1],
        "exp": lambda t: t[0].exp(),
        "log": lambda t: t[0].log(),
        "relu": lambda t: (t[0] * t[0]).relu(),
        "tanh": lambda t: t[0].tanh(),
        "sigmoid": lambda t: t[0].sigmoid(),
        "softplus": lambda t: torch.nn.functional.softplus(t[0]),
        "step": lambda t: torch.heaviside(t[0], torch.tensor(0.0, dtype=torch.float64)).detach() * t[0] * t[0],
        "sum": lambda t: t[0] * t[0] + t[1] + t[0] * t[1],
        "linear": lambda t: t[0] * t[1] + t[1] * t[0] + t[0] * t[0],
        "sqrt": lambda t: (t[0] * t[0] + 1.0).sqrt(),
        "log1p": lambda t: (t[0] * t[0]).log1p(),
        "bce": lambda t: -(t[1] * (t[0] * t[0]).sigmoid().log() + (1 - t[1]) * (-(t[0] * t[0]).sigmoid()).log1p()),
        "sin": lambda t: t[0].sin() * t[0],
        "cos": lambda t: t[0].cos() * t[0],
        "abs": lambda t: (t[0] * t[1]).abs(),
        "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t[0] * t[0] * t[1], 0.2),
        "maximum": lambda t: torch.maximum(t[0] * t[0], t[1]),
        "minimum": lambda t: torch.minimum(t[0] * t[0], t[1] * t[0]),
    }
    for name, (f, point) in cases.items():
        ours = [Value(x) for x in point]
        first = grad(f(ours), ours, create_graph=True)
        theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
        t_first = torch.autograd.grad(torch_ops[name](theirs), theirs, create_graph=True)
        for i in range(len(point)):
            assert first[i].data == pytest.approx(t_first[i].item(), rel=1e-13), name
            second = grad(first[i], ours)
            if t_first[i].requires_grad:
                t_second = torch.autograd.grad(t_first[i], theirs, allow_unused=True, retain_graph=True)
                t_second = [0.0 if g is None else g.item() for g in t_second]
            else:  # torch gives a constant first derivative no graph at all
                t_second = [0.0] * len(point)
            assert second == pytest.approx(t_second, rel=1e-12, abs=1e-15), name


def _tanh_derivative_polynomials(n):
    """Coefficients of dᵏ/dxᵏ tanh x as polynomials in t = tanh x, k = 0..n.

    d/dx P(t) = P'(t)·(1 - t²): a closed form independent of the engine.
    """
    polys = [[0.0, 1.0]]  # t
    for _ in range(n):
        p = polys[-1]
        dp = [i * c for i, c in enumerate(p)][1:] or [0.0]
        nxt = [0.0] * (len(dp) + 2)
        for i, c in enumerate(dp):
            nxt[i] += c
            nxt[i + 2] -= c
        polys.append(nxt)
    return polys


def test_six_derivatives_of_tanh():
    x0 = 0.6
    t = math.tanh(x0)
    closed = [sum(c * t ** i for i, c in enumerate(p)) for p in _tanh_derivative_polynomials(6)]
    x = Value(x0)
    d = x.tanh()
    ours = []
    for _ in range(6):
        d = grad(d, x, create_graph=True)
        ours.append(d.data)
    assert ours == pytest.approx(closed[1:], rel=1e-12)
    torch = pytest.importorskip("torch", reason="pip install torch==2.13.0 to compare with PyTorch")
    tx = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    td = tx.tanh()
    theirs = []
    for _ in range(6):
        (td,) = torch.autograd.grad(td, tx, create_graph=True)
        theirs.append(td.item())
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_newtons_method_golden_iterates():
    def f(x):
        return x ** 4 - 2 * x ** 2

    iterates = [2.0]
    for _ in range(7):
        x = Value(iterates[-1])
        first = grad(f(x), x, create_graph=True)  # f'(x) as a graph
        second = grad(first, x)                   # f''(x)
        iterates.append(x.data - first.data / second)
    assert iterates == [2.0, 1.4545454545454546, 1.1510467893775467, 1.0253259289766978,
                        1.0009084519430513, 1.0000012353089454, 1.000000000002289, 1.0]


@settings(max_examples=50)
@given(st.floats(-2, 2), st.floats(-2, 2))
def test_double_backprop_gradient_of_the_gradient_norm(x0, y0):
    def f(v):
        x, y = v
        return (x * x * y + y.exp() * x).tanh()

    def grad_norm_squared(v):
        gx, gy = grad(f(v), v, create_graph=True)
        return gx * gx + gy * gy

    assert mg.gradcheck(grad_norm_squared, [x0, y0], atol=1e-5, rtol=1e-4)


def test_create_graph_records_even_inside_no_grad():
    # as PyTorch: create_graph=True asks for a graph, whatever the grad mode (x³ at 3: 27, 18)
    x = Value(3.0)
    y = x ** 3
    with mg.no_grad():
        dy = grad(y, x, create_graph=True)
        assert dy.children and dy.data == 27.0
        assert grad(dy, x) == 18.0


def test_detect_anomaly_in_second_order():
    x = Value(0.0, label="x")
    y = x ** 0.5
    with mg.detect_anomaly():
        with pytest.raises(FloatingPointError):
            grad(y * 0.0, x)  # 0 · inf in the backward
        dy = grad(y, x, create_graph=True)  # inf, not nan: allowed
        assert dy.data == math.inf
        with pytest.raises(FloatingPointError):
            grad(dy * 0.0, x, create_graph=True)


def test_first_order_adds_no_nodes():
    x = Value(1.5)
    y = (x * 2.0).tanh()
    before = len(mg.topological_order(y))
    y.backward()
    grad(y, x)
    assert len(mg.topological_order(y)) == before
