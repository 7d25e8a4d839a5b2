"""Every row of the op table: forward values and gradients, driven by the table itself."""

import math

import pytest
from hypothesis import given, settings

import microgradkr as mg
from microgradkr import OPS, Value
from microgradkr.testing import op_cases


def _plain_sum(xs):
    total = 0.0
    for x in xs:
        total += x
    return total


# What each op must compute, written independently of ops.py (from math).
REFERENCE = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "vpow": math.pow,
    "exp": math.exp,
    "log": math.log,
    "relu": lambda x: max(0.0, x),
    "tanh": math.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "softplus": lambda x: math.log1p(math.exp(x)),
    "step": lambda x: 1.0 if x > 0 else 0.0,
    "sqrt": math.sqrt,
    "log1p": math.log1p,
    # PyTorch's BCELoss: each log clamped at -100
    "bce": lambda p, t: -(t * max(math.log(p), -100.0) + (1 - t) * max(math.log1p(-p), -100.0)),
    "sin": math.sin,
    "cos": math.cos,
    "abs": math.fabs,
    "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
    "maximum": max,
    "minimum": min,
    "sum": lambda *xs: math.fsum(xs),
    "linear": lambda *xs: math.fsum([xs[-1]] + [w * x for w, x in zip(xs[:len(xs) // 2], xs[len(xs) // 2:-1])]),
}


def test_every_row_has_a_reference():
    assert set(REFERENCE) | {"pow"} == set(OPS)


def test_every_row_is_complete():
    for name, row in OPS.items():
        assert row.name == name
        assert row.symbol and row.ko and row.en
        assert callable(row.rule)
        assert row.label("ko") == row.ko and row.label("en") == row.en


@pytest.mark.parametrize("name", sorted(OPS))
def test_backward_matches_finite_differences(name):
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        assert mg.gradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-4)

    check()


@pytest.mark.parametrize("name", sorted(OPS))
def test_forward_matches_reference(name):
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        out = f([mg.Value(x) for x in inputs])
        assert out.op == name
        if name == "pow":
            n = out.operation.param
            expected = 1.0 if n == 0 else math.pow(inputs[0], n)
        elif name == "leaky_relu":
            slope = out.operation.params["slope"]
            expected = inputs[0] if inputs[0] > 0 else slope * inputs[0]
        else:
            expected = REFERENCE[name](*inputs)
        assert out.data == pytest.approx(expected, rel=1e-12, abs=1e-12)

    check()


@pytest.mark.parametrize("name", sorted(OPS))
def test_local_grads_are_one_per_child(name):
    @given(op_cases(name))
    def check(case):
        f, inputs = case
        out = f([mg.Value(x) for x in inputs])
        assert len(out.local_grads) == len(out.children)
        assert all(isinstance(g, float) for g in out.local_grads)  # a structural zero is a float too
        assert type(out.data) is float

    check()


def test_pow_is_bound_to_its_exponent():
    row = (mg.Value(3.0) ** 2).operation
    assert row.name == "pow" and row.param == 2.0 and row.symbol == "^2" and row.op is OPS["pow"]
    assert (mg.Value(3.0) ** 0.5).operation.symbol == "^0.5"
    assert (mg.Value(5.0) ** 2).operation is row  # bound once per exponent


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_is_reachable_drawn_compiled_and_covered(name):
    """Defining an op in the table is enough: function, method, picture, compile, strategies."""
    @settings(max_examples=5, deadline=None)
    @given(op_cases(name))  # strategies derived from the table: arity, domain, kinks
    def check(case):
        _reachable_drawn_compiled(name, *case)

    check()


def _reachable_drawn_compiled(name, f, inputs):
    op = OPS[name]
    if name not in ("sum", "linear", "pow"):
        assert getattr(mg, name) is op  # a function of the package
    if op.arity == 1 and not (set(op.param_names) - set(op.defaults)):
        assert getattr(mg.Value(0.5), name)().op == name  # a Value method
    out = f([mg.Value(x, label=f"x{i}") for i, x in enumerate(inputs)])
    assert out.op == name
    assert op.symbol in mg.draw_dot(out).text() or out.operation.symbol in mg.draw_dot(out).text()
    compiled = mg.compile(f, inputs)
    assert compiled(inputs)[0] == out.data or math.isnan(out.data)


EDGES = (-8.0, -1.0, -0.5, -0.0, 0.0, 1e-310, 0.5, 1.0, 2.0, 1e300, -1e300, math.inf, -math.inf, math.nan)


def _same(a, b) -> bool:
    """Equal as IEEE floats say, and the same zero and the same nan-ness."""
    return (a != a and b != b) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))


@pytest.mark.parametrize("name", [n for n, op in OPS.items() if op.builtin and op.arity is not None])
def test_the_compiled_rule_and_the_formulas_run_as_written_agree_at_the_edges(name):
    """An op bound to a parameter not kept in Op.bind's cache runs its formulas as written,
    not compiled: both ways give the same floats, inf, nan and signed zeros included."""
    from microgradkr.opdef import BoundOp
    op = OPS[name]
    for params in [{k: v[-1] for k, v in op.examples.items()}, {}]:
        if set(op.param_names) - set(op.defaults) - set(params):
            continue
        compiled, written = op.bind(**params), BoundOp(op, {**op.defaults, **params}, compiled=False)
        assert compiled.traced and not written.traced
        for xs in ([(x,) for x in EDGES] if op.arity == 1 else [(x, y) for x in EDGES for y in EDGES]):
            (out_c, grads_c), (out_w, grads_w) = compiled.rule(*xs), written.rule(*xs)
            assert _same(out_c, out_w) and all(map(_same, grads_c, grads_w)), (name, params, xs)


def test_a_parameter_beyond_the_cache_runs_without_compiling(monkeypatch):
    from microgradkr import ops
    x = Value(1.7)
    pow_op = OPS["pow"]
    monkeypatch.setattr(pow_op, "_bound", dict(pow_op._bound))  # the other tests keep their cache
    monkeypatch.setattr(ops, "_POWERS", dict(ops._POWERS))
    for i in range(1100):  # more exponents than Op.bind keeps
        y = x ** (1.0 + i / 3001)
    assert not y.operation.traced and y.operation.params == {"n": 1.0 + 1099 / 3001}
    y.backward()
    assert y.data == 1.7 ** (1.0 + 1099 / 3001) and len(pow_op._bound) <= 1024
