"""compile(): straight-line code that computes exactly what the eager engine does."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microgradkr as mg
from microgradkr import TraceMismatch, Value, gates
from microgradkr.ops import OPS
from microgradkr.testing import expressions, op_cases


def _same(a, b):
    return a == b or (a != a and b != b)


def _eager(fn, point):
    leaves = [Value(x) for x in point]
    out = fn(leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def _assert_exactly_equal(compiled, fn, point):
    out, grads = compiled(point)
    e_out, e_grads = _eager(fn, point)
    assert _same(out, e_out)
    assert all(_same(g, e) for g, e in zip(grads, e_grads)), (grads, e_grads)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_compiles_to_the_same_floats(name):
    @settings(max_examples=60)
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        _assert_exactly_equal(mg.compile(f, inputs), f, inputs)

    check()


@given(expressions(), st.floats(-0.01, 0.01))
def test_random_graphs_compile_to_the_same_floats(expr, nudge):
    compiled = mg.compile(expr, expr.inputs)
    _assert_exactly_equal(compiled, expr, list(expr.inputs))
    moved = [x + nudge for x in expr.inputs]  # new inputs: the same code, new numbers
    _assert_exactly_equal(compiled, expr, moved)


def test_ieee_edges_survive_compilation():
    f = lambda v: (v[0].log() + 1 / v[1] + v[0] ** -1.0 + v[1].exp())  # noqa: E731
    compiled = mg.compile(f, [1.0, 1.0])
    for point in ([0.0, 0.0], [-1.0, 1000.0], [0.0, -0.0]):
        _assert_exactly_equal(compiled, f, point)


def test_relu_branches_are_taken_on_every_call():
    f = lambda v: (v[0] * v[1]).relu()  # noqa: E731
    compiled = mg.compile(f, [1.0, 1.0])
    assert compiled([2.0, 3.0]) == (6.0, [3.0, 2.0])
    assert compiled([-2.0, 3.0]) == (0.0, [0.0, 0.0])


def test_source_is_readable_with_labels_and_symbols():
    c = gates.apple()
    compiled = mg.compile(lambda v: c.output, list(c.inputs.values()))
    src = compiled.source
    assert "def forward_backward(사과, 사과_개수, 소비세):" in src
    assert "사과_가격 = 사과 * 사과_개수  # × 곱셈" in src
    assert "d_사과 = 사과_개수 * d_사과_가격" in src
    assert "순전파" in src and "역전파" in src
    out, grads = compiled([100.0, 2.0, 1.1])
    assert out == 220.00000000000003 and grads == [2.2, 110.00000000000001, 200.0]


def test_one_line_per_op_and_per_edge():
    x, y = Value(0.5, "x"), Value(-1.5, "y")
    f = lambda v: ((v[0] * v[1]) + v[0]).tanh()  # noqa: E731
    compiled = mg.compile(f, [x, y])
    body = [line for line in compiled.source.splitlines() if line.startswith("    ") and "#" not in line[:6]]
    forward = [line for line in body if " = " in line and not line.strip().startswith(("d_", "return"))]
    backward = [line for line in body if line.strip().startswith("d_")]
    assert len(forward) == 3                  # mul, add, tanh
    assert len(backward) == 1 + 1 + 2 + 2     # seed, tanh→add, add→(mul, x), mul→(x, y)


def test_training_a_model_through_compiled_backward():
    model = mg.MLP(2, [4, 1], seed=0) if hasattr(mg, "MLP") else None
    if model is None:
        pytest.fail("microgradkr.MLP is missing")
    X = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.9]]
    y = [1.0, -1.0, 1.0]

    def loss():
        scores = [model(x) for x in X]
        return mg.sum([(1 + -yi * s).relu() for yi, s in zip(y, scores)]) * (1 / len(X))

    params = model.parameters()
    compiled = mg.compile(lambda _: loss(), params)
    eager_loss = loss()
    eager_loss.backward()
    eager_grads = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    assert compiled.backward() == eager_loss.data
    assert [p.grad for p in params] == eager_grads


def test_verify_catches_python_control_flow_on_data():
    def branchy(v):
        return v[0] * 2.0 if v[0].data > 0 else v[0] * -3.0

    compiled = mg.compile(branchy, [1.0])
    assert compiled.verify([2.0])
    with pytest.raises(TraceMismatch, match="control flow"):
        compiled.verify([-2.0])


def test_clear_errors_when_used_wrongly():
    compiled = mg.compile(lambda v: v[0] * v[1], [1.0, 2.0])
    with pytest.raises(ValueError, match="2 inputs, called with 3"):
        compiled([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="compile"):
        compiled([1.0, "2"])
    with pytest.raises(TypeError, match="compile"):
        compiled(3.0)
    with pytest.raises(TypeError, match="must return a Value"):
        mg.compile(lambda v: 3.0, [1.0])
    a = Value(1.0)
    with pytest.raises(ValueError, match="leaves"):
        mg.compile(lambda v: v[0], [a * 2])
    with pytest.raises(ValueError, match="twice"):
        mg.compile(lambda v: v[0] * v[1], [a, a])
    with pytest.raises(ValueError, match="names"):
        mg.compile(lambda v: v[0], [1.0], names=["a", "b"])


def test_constants_and_unused_inputs():
    compiled = mg.compile(lambda v: v[0] * 3.0 + 1.0, [2.0, 5.0])
    out, grads = compiled([2.0, 5.0])
    assert out == 7.0 and grads == [3.0, 0.0]
    assert math.isfinite(out)


def test_the_moons_demo_compiles_to_exactly_the_eager_numbers():
    """micrograd's demo loss over 40 moons points: compiled == eager, bit for bit, over steps."""
    X, y = mg.data.moons(40, noise=0.1, seed=2, signed=True)
    model = mg.MLP(2, [16, 16, 1], seed=3)
    params = model.parameters()

    def demo_loss():
        scores = [model(list(map(Value, row))) for row in X]
        losses = [(1 + -yi * s).relu() for yi, s in zip(y, scores)]
        reg = 1e-4 * sum(p * p for p in params)
        return sum(losses) * (1.0 / len(losses)) + reg

    compiled = mg.compile(lambda _: demo_loss(), params)
    for k in range(3):
        model.zero_grad()
        eager = demo_loss()
        eager.backward()
        eager_grads = [p.grad for p in params]
        model.zero_grad()
        assert compiled.backward() == eager.data
        assert [p.grad for p in params] == eager_grads
        for p in params:  # one SGD step, so the next round runs at new weights
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
