"""The fast path (fastpath.py) and the plain code of engine.py give the same numbers, bit for bit."""

import math
import struct

import pytest
from hypothesis import given, settings

import microgradkr as mg
from microgradkr import Value
from microgradkr.testing import expressions


def _bits(x) -> bytes:
    return struct.pack("<d", x)


def _run(expr, fast: bool):
    mg.fast_path(fast)
    try:
        leaves = [Value(x) for x in expr.inputs]
        out = expr(leaves)
        out.backward()
        first = [out.data] + [leaf.grad for leaf in leaves]
        grads = mg.grad(expr(leaves), leaves)
        return [_bits(v) for v in first + list(grads)]
    finally:
        mg.fast_path(True)


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_fast_and_plain_paths_agree_bit_for_bit(expr):
    assert _run(expr, True) == _run(expr, False)


def test_the_switch_says_where_it_stands_and_refuses_a_non_bool():
    assert mg.fast_path() is True
    with pytest.raises(TypeError):
        mg.fast_path("no")


def test_micrograds_own_way_of_adding_an_op():
    x = Value(0.5)

    def sin(v):
        out = Value(math.sin(v.data), (v,), "sin")

        def _backward():
            v.grad += math.cos(v.data) * out.grad
        out._backward = _backward
        return out

    y = sin(x) * 2.0
    y.backward()
    assert x.grad == 2.0 * math.cos(0.5) and y.children[0]._op == "sin"
    with pytest.raises(ValueError, match="micrograd"):
        mg.grad(y, x)


def test_pytorch_habits():
    c = Value(3.0, requires_grad=False)
    x = Value(2.0)
    y = x * c
    y.backward(retain_graph=True)
    assert (y.item(), x.grad, c.grad, c.requires_grad) == (6.0, 3.0, None, False)
    assert abs(Value(-2.0)).data == 2.0
    with mg.no_grad():
        z = x ** 3
    x3 = Value(3.0)
    cube = x3 * x3 * x3
    with mg.no_grad():  # PyTorch records the gradient graph whenever create_graph is asked
        first = mg.grad(cube, x3, create_graph=True)
        second = mg.grad(first, x3)
    assert (first.data, second) == (27.0, 18.0) and z.is_leaf()
