"""Every row of the op table: forward values and gradients, driven by the table itself."""

import math

import pytest
from hypothesis import given

import microgradkr as mg
from microgradkr.ops import OPS, pow_row
from microgradkr.testing import _CASES, op_cases


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
    "sum": lambda *xs: math.fsum(xs),
    "linear": lambda *xs: math.fsum([xs[-1]] + [w * x for w, x in zip(xs[:len(xs) // 2], xs[len(xs) // 2:-1])]),
}


def test_every_row_has_a_test_case_and_a_reference():
    assert set(_CASES) == set(OPS)
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
        assert all(type(g) is float for g in out.local_grads)
        assert type(out.data) is float

    check()


def test_pow_row_is_bound_to_its_exponent():
    row = pow_row(2.0)
    assert row.name == "pow" and row.param == 2.0 and row.symbol == "^2"
    assert pow_row(0.5).symbol == "^0.5"
    assert pow_row(2.0) is row
    assert (mg.Value(3.0) ** 2).operation is row
