"""A fourth reading of the op formulas: numpy arrays, one number per sample of a batch.

The three readings in :mod:`microgradkr.arithmetic` are floats (the eager
engine), Values (higher-order derivatives) and code (``compile``).  This one
reads the same formulas on numpy arrays, so the batched compiled mode
(:mod:`microgradkr.batched`) computes an op for every sample of a batch, and
every neuron of a layer, in one call::

    tanh:  forward     = lambda m, x: m.tanh(x)               ->  np.tanh(X)
           local_grads = lambda m, out, x: (1.0 - out * out,)   ->  1.0 - OUT * OUT

``+ - * < <= & |`` are numpy's own.  ``m.select(cond, a, b)`` is
``np.where``; the structural zero (``m.zero``) is kept as a mask, so no
gradient flows where it holds, not even an inf or nan from above (the eager
engine's rule).  IEEE results as the float reading gives them: the caller runs
under ``np.errstate(all="ignore")``, so overflow is inf, not a warning.

A formula that cannot run on arrays (a Python ``if`` on an operand, ``math.exp``)
raises here; the batched mode then computes that op one element at a time with
its float rule (see ``batched.py``).  Importing this module needs numpy (the
``batch`` extra); nothing else in the package imports it at import time.
"""

from __future__ import annotations

import math

import numpy as np

from .arithmetic import lookup
from .floats import ZERO


class Masked:
    """A local gradient that is the op's structural zero where ``zero`` holds, ``value`` elsewhere."""

    __slots__ = ("zero", "value")

    def __init__(self, zero, value):
        self.zero, self.value = zero, value


def _parts(x):
    """(where x is a structural zero, its value elsewhere) of a number, an array, ZERO or Masked."""
    if x is ZERO:
        return True, 0.0
    if isinstance(x, Masked):
        return x.zero, x.value
    if isinstance(x, Dividing):
        return False, np.divide(1.0, x.divisor)
    return False, x


class Dividing:
    """1/d as a local gradient (m.reciprocal): times the upstream g it is g / d, as the float reading's Reciprocal."""

    __slots__ = ("divisor",)

    def __init__(self, divisor):
        self.divisor = divisor

    def __mul__(self, other):
        return np.divide(other, self.divisor)

    __rmul__ = __mul__


def times(local, upstream):
    """local × upstream, the chain-rule step on arrays; None where the local gradient is ZERO."""
    if local is ZERO:
        return None
    if local.__class__ is float and local == 1.0:  # add's and sum's 1: the upstream itself
        return upstream
    if isinstance(local, Masked):
        value = local.value
        return np.where(local.zero, 0.0, upstream if value.__class__ is float and value == 1.0 else value * upstream)
    return local * upstream


def _sigmoid(x):
    # floats.sigmoid's two forms, each where it cannot overflow (nan takes the second, as there)
    x = np.asarray(x, dtype=float)
    positive = x >= 0.0
    e = np.exp(np.where(positive, -x, x))
    return np.where(positive, 1.0 / (1.0 + e), e / (1.0 + e))


class ArrayArithmetic:
    """``m`` for numpy arrays: the formulas of an op, for every sample at once."""

    name = "arrays"
    zero = ZERO
    inf = math.inf
    nan = math.nan
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    sqrt = staticmethod(np.sqrt)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    tanh = staticmethod(np.tanh)
    sigmoid = staticmethod(_sigmoid)
    abs = staticmethod(np.abs)

    @staticmethod
    def div(a, b):
        return np.divide(a, b)

    @staticmethod
    def pow(x, n):
        # floats.power's forms for a number exponent (PyTorch's tensor ** n); the rest is C's pow
        if isinstance(n, (int, float)) and not isinstance(n, bool):
            if n == 2.0:
                return x * x
            if n == 3.0:
                return x * x * x
            if n == -1.0:
                return np.divide(1.0, x)
            if n == -2.0:
                return np.divide(1.0, x * x)
            if n == 0.5:
                return np.sqrt(x)
            if n == -0.5:
                return np.divide(1.0, np.sqrt(x))
        return np.power(x, n)

    vpow = staticmethod(np.power)  # a ** b of two operands: C's pow, as floats.pow

    @staticmethod
    def reciprocal(d):
        return Dividing(d)

    @staticmethod
    def select(cond, a, b):
        if isinstance(cond, (bool, np.bool_)):  # decided by a parameter, not by an operand
            return a if cond else b
        if a is ZERO and not isinstance(b, Masked):  # relu's (x <= 0 → zero, else 1): the mask is cond
            return Masked(cond, b)
        if b is ZERO and not isinstance(a, Masked):
            return Masked(np.logical_not(cond), a)
        zero_a, a = _parts(a)
        zero_b, b = _parts(b)
        value = np.where(cond, a, b)
        if zero_a is False and zero_b is False:
            return value
        return Masked(np.where(cond, zero_a, zero_b), value)

    @staticmethod
    def eq(a, b):
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return np.equal(a, b)
        return a == b

    @staticmethod
    def isnan(x):
        return np.isnan(x) if isinstance(x, np.ndarray) else x != x

    def __getattr__(self, name):
        # an op of the table called from a formula (maximum in bce, a learner's op): its forward, on arrays
        if name.startswith("__"):
            raise AttributeError(name)
        op = lookup(name, "arrays")

        def forward(*xs, **params):
            return op.forward(ARRAYS, *xs, **{**op.defaults, **params})
        return forward


ARRAYS = ArrayArithmetic()
