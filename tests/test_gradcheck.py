"""gradcheck, numerical_grad and the hypothesis strategies users can reuse."""

import math

import pytest
from hypothesis import given, settings

import microgradkr as mg
from microgradkr import GradcheckError, Value
from microgradkr.ops import OPS
from microgradkr.testing import Expression, expressions


def test_numerical_grad_of_a_polynomial():
    grads = mg.numerical_grad(lambda v: v[0] ** 3 + v[0] * v[1], [2.0, 5.0])
    assert grads == pytest.approx([3 * 4 + 5, 2], rel=1e-8)


def test_gradcheck_passes_for_a_correct_graph():
    assert mg.gradcheck(lambda v: (v[0] * v[1]).tanh() + v[2].exp() / v[1], [0.3, -1.2, 0.7])


class _BrokenOp:
    """A function whose 'backward' is wrong: it records x² with local gradient x."""

    def __call__(self, v):
        out = v[0] * v[0]
        out._local_grads = (v[0].data / 2, v[0].data / 2)  # should be (x, x)
        return out


def test_gradcheck_fails_with_a_table():
    with pytest.raises(GradcheckError) as info:
        mg.gradcheck(_BrokenOp(), [3.0])
    text = str(info.value)
    for word in ("input", "analytic", "numeric", "error", "x0 = 3.0", "3.0", "6.0"):
        assert word in text
    assert isinstance(info.value, AssertionError)


def test_gradcheck_nan_is_a_failure():
    with pytest.raises(GradcheckError):
        mg.gradcheck(lambda v: (v[0] * 0.0).log(), [1.0])


def test_gradcheck_rejects_bad_arguments():
    with pytest.raises(TypeError, match="gradcheck"):
        mg.gradcheck(lambda v: 3.0, [1.0])
    with pytest.raises(TypeError, match="gradcheck"):
        mg.gradcheck(lambda v: v[0], "12")
    with pytest.raises(TypeError, match="gradcheck"):
        mg.gradcheck(lambda v: v[0], [None])
    with pytest.raises(ValueError, match="eps"):
        mg.numerical_grad(lambda v: v[0], [1.0], eps=0)


def test_gradcheck_leaves_no_grad_mode_behind():
    mg.gradcheck(lambda v: v[0] * 2, [1.0])
    assert mg.is_grad_enabled()


@given(expressions())
def test_random_compositions_match_finite_differences(expr):
    assert isinstance(expr, Expression)
    assert mg.gradcheck(expr, expr.inputs, eps=1e-6, atol=1e-4, rtol=1e-3), str(expr)


@settings(max_examples=60)
@given(expressions(ops=("relu", "step", "add", "mul")))
def test_compositions_of_kinked_ops(expr):
    assert mg.gradcheck(expr, expr.inputs, atol=1e-4, rtol=1e-3)


def test_expressions_cover_every_op():
    from hypothesis import strategies as st
    seen = set()

    @settings(max_examples=1000)  # enough draws that every op of the table turns up
    @given(expressions())
    def collect(expr):
        seen.update(expr.ops_used())

    collect()
    assert seen == set(OPS)


@given(expressions())
def test_expressions_are_finite_at_their_inputs(expr):
    out = expr([Value(x) for x in expr.inputs])
    assert math.isfinite(out.data)
    assert str(expr)
