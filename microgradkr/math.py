"""``math`` for Values: the functions of Python's math module that microgradkr can differentiate.

Code written for numbers (``1 / (1 + math.exp(-x))``) runs on Values after one
changed import line, and keeps its gradients::

    from microgradkr import math

    y = 1 / (1 + math.exp(-x))   # x a Value: y is a Value with a graph
    math.exp(2.0)                # a number: a float, as Python's math gives

Each function here is an op of the table (``microgradkr.OPS``): on a Value it
records a node, on a number it computes the same float (IEEE: ``exp(1000)`` is
inf, not OverflowError).  Names this module does not define (``floor``,
``gcd``...) are Python's own math functions, for numbers.
"""

from __future__ import annotations

import math as _math

from .engine import Value
from .numbers_in import as_float
from .opdef import OPS

pi = _math.pi
e = _math.e
tau = _math.tau
inf = _math.inf
nan = _math.nan


def _function(name: str):
    op = OPS[name]

    def function(x):
        if isinstance(x, Value):
            return op(x)
        return op.float_function(as_float(x, name))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{op.ko} / {op.en}: a Value for a Value (with its gradient), a float for a number."
    return function


exp = _function("exp")
sqrt = _function("sqrt")
sin = _function("sin")
cos = _function("cos")
tanh = _function("tanh")
fabs = _function("abs")
log1p = _function("log1p")
_log = _function("log")


def log(x, base=None):
    """Natural log, or log to ``base`` (log(x) / log(base), as Python's math.log)."""
    if base is None:
        return _log(x)
    return _log(x) / _log(base)


def tan(x):
    """sin(x) / cos(x)."""
    return sin(x) / cos(x)


def pow(x, y):  # noqa: A001 - math.pow's name
    """x ** y as a float for numbers (IEEE), or a Value when either is a Value."""
    if isinstance(x, Value) or isinstance(y, Value):
        return x ** y
    return OPS["pow"].bind(n=as_float(y, "pow")).float_function(as_float(x, "pow"))


def sigmoid(x):
    """1 / (1 + e⁻ˣ) (not in Python's math, but in every tutorial)."""
    return OPS["sigmoid"](x) if isinstance(x, Value) else OPS["sigmoid"].float_function(as_float(x, "sigmoid"))


def isnan(x) -> bool:
    return _math.isnan(x.data if isinstance(x, Value) else x)


def isinf(x) -> bool:
    return _math.isinf(x.data if isinstance(x, Value) else x)


def isfinite(x) -> bool:
    return _math.isfinite(x.data if isinstance(x, Value) else x)


def __getattr__(name):
    # the rest of Python's math (floor, gcd, comb ...), for numbers
    return getattr(_math, name)
