"""Numbers at their edges, the same in every way microgradkr computes them (issue: an adversarial run).

Eager backward() on the fast path and on the plain path, grad(), grad(create_graph=True) and
compile() run one formula per op (ops.py), read as floats, Values and code: their numbers
must agree bit for bit, the sign of a zero included.  The facts checked against exact
arithmetic here are checked against PyTorch in tests/test_against_pytorch.py.
"""

import itertools
import math
import random
import struct
from decimal import Context, Decimal
from fractions import Fraction

import pytest

import microgradkr as mg
from microgradkr import OPS, Value

EDGES = [0.0, -0.0, 1e308, -1e308, 5e-324, -5e-324, 1e-310, math.inf, -math.inf, math.nan,
         1.0, -1.0, 0.5, -0.9999999999999999, 2.0, -3.0, 1e-300, 700.0]
BINARY_EDGES = [0.0, -0.0, 1e308, -5e-324, 1e-310, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5,
                -0.9999999999999999, 2.0, -3.0]
POWERS = (2.0, 3.0, -1.0, -2.0, 0.5, -0.5, 1.5, 0.0, 1.0, -3.0, 4.0, 1e-300)


def bits(x: float) -> bytes:
    """The float's 64 bits (so -0.0 and 0.0 differ); every nan counts as one."""
    return b"nan" if x != x else struct.pack("<d", x)


def same(a, b) -> bool:
    return all(bits(x) == bits(y) for x, y in zip(a, b)) and len(a) == len(b)


def _cases():
    """(name, function of a list of Values, its number of inputs), one per op and parameter."""
    for name, op in OPS.items():
        if op.arity not in (1, 2) or name == "pow":
            continue
        for value in (op.examples.get(op.param_names[0], (None,)) if op.param_names else (None,)):
            params = {} if value is None else {op.param_names[0]: value}
            yield f"{name}{params or ''}", (lambda op, params: lambda v: op(*v, **params))(op, params), op.arity
    for n in POWERS:
        yield f"x ** {n}", (lambda n: lambda v: v[0] ** n)(n), 1
    yield "2 ** x", lambda v: 2.0 ** v[0], 1
    yield "x ** x", lambda v: v[0] ** v[0], 1


CASES = list(_cases())


def _every_way(fn, points, arity):
    """{way: [[output, d/dx0, ...] for each point]}: backward, grad, create_graph, compiled, on both paths."""
    results = {}
    before = mg.fast_path()
    try:
        for fast in (True, False):
            mg.fast_path(fast)
            path = "fast" if fast else "plain"
            compiled = mg.compile(fn, [0.7] * arity)  # traced once, run at every point
            for point in points:
                leaves = [Value(x) for x in point]
                out = fn(leaves)
                out.backward()
                results.setdefault(f"backward ({path})", []).append([out.data] + [v.grad for v in leaves])
                leaves = [Value(x) for x in point]
                out = fn(leaves)
                results.setdefault(f"grad ({path})", []).append([out.data] + mg.grad(out, leaves))
                value, grads = compiled(list(point))
                results.setdefault(f"compiled ({path})", []).append([value] + grads)
    finally:
        mg.fast_path(before)
    return results


@pytest.mark.parametrize("name, fn, arity", CASES, ids=[c[0] for c in CASES])
def test_every_way_gives_the_same_bits_signs_included(name, fn, arity):
    points = list(itertools.product(EDGES if arity == 1 else BINARY_EDGES, repeat=arity))
    results = _every_way(fn, points, arity)
    reference = results.pop("backward (fast)")
    wrong = [(way, point, got, want) for way, rows in results.items()
             for point, got, want in zip(points, rows, reference) if not same(got, want)]
    assert not wrong, wrong[:5]


SECOND_READING = [c for c in CASES if c[0] in (
    "x ** 2.0", "x ** -1.0", "x ** 0.5", "x ** 1.5", "div", "log", "sqrt", "log1p", "vpow", "x ** x")]


@pytest.mark.parametrize("name, fn, arity", SECOND_READING, ids=[c[0] for c in SECOND_READING])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_create_graph_gives_the_numbers_of_backward(name, fn, arity, fast):
    """grad(create_graph=True) reads the formulas as Values: the same numbers as floats give
    (a leaf's zero may keep its sign there, as in PyTorch: backward adds it to 0.0)."""
    before = mg.fast_path()
    try:
        mg.fast_path(fast)
        for point in itertools.product(EDGES if arity == 1 else BINARY_EDGES, repeat=arity):
            leaves = [Value(x) for x in point]
            out = fn(leaves)
            out.backward()
            firsts = mg.grad(fn(leaves), leaves, create_graph=True)
            for leaf, first in zip(leaves, firsts):
                assert bits(first.data) == bits(leaf.grad) or first.data == leaf.grad == 0.0, (point, first, leaf.grad)
    finally:
        mg.fast_path(before)


def test_the_zero_gradient_of_a_huge_reciprocal_has_one_sign_everywhere():
    # d/dx x⁻¹ = -1/x² is -0.0 at 1e308; a leaf's gradient is 0.0 + that, so 0.0, compiled too
    results = _every_way(lambda v: v[0] ** -1, [(1e308,)], 1)
    assert {bits(rows[0][1]) for rows in results.values()} == {bits(0.0)}, results


def correctly_rounded(q: Fraction) -> float:
    """The float nearest to the exact number q (Fraction → float rounds once)."""
    return float(q)


def test_a_reciprocal_power_is_correctly_rounded_in_every_way():
    x = -0.9999999999999999
    expected = correctly_rounded(1 / Fraction(x))
    assert expected == -1.0000000000000002
    # its derivative as PyTorch writes it: -1 × x⁻², with x⁻² = 1 / (x·x)
    expected_grad = -1.0 * correctly_rounded(1 / Fraction(x * x))
    for way, rows in _every_way(lambda v: v[0] ** -1, [(x,)], 1).items():
        assert rows[0] == [expected, expected_grad], way
    assert mg.math.pow(x, -1) == expected


def test_dividing_by_a_subnormal_divides_the_upstream_gradient():
    # d(a/b)/da × g is g / b, rounded once: 1e-20 / 5e-324 is 2.02e303, where 1/b alone is inf
    a, b, g = 1.0, 5e-324, 1e-20
    expected = correctly_rounded(Fraction(g) / Fraction(b))
    assert math.isfinite(expected)
    for way, rows in _every_way(lambda v: v[0] / v[1] * g, [(a, b)], 2).items():
        assert rows[0][1] == expected, way
    x, y = Value(a), Value(b)
    (x / y).backward(g)
    assert x.grad == expected
    first = mg.grad(Value(a) / y * g, [y], create_graph=True)  # the create_graph reading too
    x = Value(a)
    assert mg.grad(x / y * g, x, create_graph=True).data == expected and math.isinf(first[0].data)


@pytest.mark.parametrize("b, expected", [(0.5, math.inf), (-0.5, 0.0), (1.5, math.inf), (3.0, -math.inf)])
def test_a_power_of_two_values_is_c99_pow(b, expected):
    for way, rows in _every_way(lambda v: v[0] ** v[1], [(-math.inf, b)], 2).items():
        assert rows[0][0] == expected, way
    assert bits((Value(-0.0) ** Value(0.5)).data) == bits(0.0)  # C99: +0.0 (a square root gives -0.0)


# ---------------------------------------------------------------- log1p, correctly rounded

_EXACT = Context(prec=60)


def exact_log1p(x: float) -> float:
    """log(1 + x) to 60 digits, then rounded once to a float."""
    return float(_EXACT.ln(_EXACT.add(1, Decimal(x))))


def _log1p_points():
    rng = random.Random(22)
    points = [2.0, 3.0, 0.5, -0.5, 1e-10, -0.2600896669038415, 0.7310544739578912, 7.0, 1e10, 1e300, -0.9999999]
    points += [rng.uniform(-1.0, 1.0) for _ in range(1500)]
    points += [rng.uniform(-1e-6, 1e-6) for _ in range(300)]
    points += [math.exp(rng.uniform(-40.0, 690.0)) for _ in range(1200)]
    return points


def test_log1p_is_correctly_rounded():
    wrong = [(x, mg.math.log1p(x), exact_log1p(x)) for x in _log1p_points() if mg.math.log1p(x) != exact_log1p(x)]
    assert not wrong, (len(wrong), wrong[:5])
    assert mg.math.log1p(2.0) == 1.0986122886681098  # log 3; Python's math.log1p gives ...096 on glibc


@pytest.mark.parametrize("x, expected", [(-1.0, -math.inf), (-2.0, math.nan), (math.inf, math.inf),
                                         (-math.inf, math.nan), (math.nan, math.nan), (-0.0, -0.0), (5e-324, 5e-324)])
def test_log1p_at_its_edges(x, expected):
    assert bits(mg.math.log1p(x)) == bits(expected)


def test_the_second_derivative_of_x_to_the_x_at_zero_is_nan():
    # PyTorch's where: d/dx x^x masks its formula at 0, whose derivative there is 0 × inf
    x = Value(0.0)
    first = mg.grad(x ** x, x, create_graph=True)
    assert first.data == 0.0 and math.isnan(mg.grad(first, x))
    y = Value(2.0)  # away from the mask, nothing changes: d²/dy² y^y = y^y ((1 + log y)² + 1/y)
    second = mg.grad(mg.grad(y ** y, y, create_graph=True), y)
    assert second == pytest.approx(4.0 * ((1.0 + math.log(2.0)) ** 2 + 0.5), rel=1e-15)


def test_a_masked_gradient_stays_masked_under_an_inf_from_above():
    # d/da a^b at b = 0 is a mask: an inf coming from above gives 0, not nan (create_graph too)
    a, b = Value(2.0), Value(0.0)
    out = (a ** b) * math.inf
    out.backward()
    assert a.grad == 0.0
    x = Value(2.0)
    assert mg.grad((x ** b) * math.inf, x, create_graph=True).data == 0.0
