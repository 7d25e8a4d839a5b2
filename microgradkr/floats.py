"""IEEE 754 arithmetic on plain floats, the way PyTorch computes it.

Python's own float functions raise where IEEE gives a number: ``math.exp(1000)``
raises OverflowError (IEEE: inf), ``math.log(0)`` raises ValueError (-inf),
``1 / 0.0`` raises ZeroDivisionError (inf), and ``(-8) ** (1/3)`` is a complex
number (nan).  Every op's float arithmetic goes through the functions here, so
nothing the engine computes ever raises a Python arithmetic exception.
"""

from __future__ import annotations

import math

INF = math.inf
NAN = math.nan


def exp(x: float) -> float:
    """e**x; inf instead of OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def log(x: float) -> float:
    """Natural log; log(0) = -inf and log(x < 0) = nan instead of ValueError."""
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -INF
    if x != x or x < 0.0:
        return NAN
    return math.log(x)  # +inf


def log1p(x: float) -> float:
    """log(1 + x), exact for tiny x; log1p(-1) = -inf, below -1 nan."""
    if x > -1.0:
        return math.log1p(x)
    return -INF if x == -1.0 else NAN


def sqrt(x: float) -> float:
    """√x; sqrt(-1) = nan (not ValueError), sqrt(-0.0) = -0.0 as IEEE says."""
    if x >= 0.0 or x != x:
        return math.sqrt(x) if x == x else NAN
    return NAN


def sin(x: float) -> float:
    """sin x; nan at ±inf (not ValueError)."""
    return math.sin(x) if math.isfinite(x) else NAN


def cos(x: float) -> float:
    """cos x; nan at ±inf (not ValueError)."""
    return math.cos(x) if math.isfinite(x) else NAN


tanh = math.tanh  # exact and finite for every float: ±1.0 far out, nan for nan


def sigmoid(x: float) -> float:
    """1 / (1 + e⁻ˣ), in the form that cannot overflow for either sign of x."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = exp(x)  # x < 0 (or nan): e is in [0, 1)
    return e / (1.0 + e)


def div(a: float, b: float) -> float:
    """a / b with IEEE results for b == 0 (inf with a sign, or nan for 0/0)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return NAN
        # the sign of inf is the product of the signs, the zero's sign included
        return math.copysign(INF, a) * math.copysign(1.0, b)


def _is_odd_integer(n: float) -> bool:
    return math.isfinite(n) and n == math.floor(n) and n % 2.0 == 1.0


def pow(x: float, n: float) -> float:  # noqa: A001 - the math name, on purpose
    """x**n as C99 pow: never complex, never an exception.

    Powers ±0.5 are square roots, as PyTorch computes them: (-0.0)**0.5 is
    -0.0 and (-inf)**0.5 is nan (C99's pow gives 0.0 and inf there).
    """
    if n == 0.5:
        return sqrt(x)
    if n == -0.5:
        return div(1.0, sqrt(x))
    try:
        return math.pow(x, n)
    except OverflowError:
        # |x**n| is too big to represent: the sign survives only for an odd power
        return -INF if (x < 0.0 and _is_odd_integer(n)) else INF
    except ValueError:
        if x == 0.0:  # 0 to a negative power: a pole, signed like the zero for odd n
            return math.copysign(INF, x) if _is_odd_integer(n) else INF
        return NAN  # a negative base with a non-integer exponent has no real value


def to_float(x) -> float:
    """An int (however large) or float as a float: ±inf beyond float range."""
    try:
        return float(x)
    except OverflowError:
        return INF if x > 0 else -INF


class IEEEFloat(float):
    """A float whose operators never raise: the slow path of an op's forward.

    An op written with plain operators (``1 / x``) runs on ordinary floats,
    which is fast; only when that raises (x == 0) is it run again on
    IEEEFloats, whose ``/`` and ``**`` give what IEEE gives.  Results of every
    operator stay IEEEFloats, so a whole formula is covered.
    """

    __slots__ = ()

    def __add__(self, other): return IEEEFloat(float(self) + float(other))
    def __radd__(self, other): return IEEEFloat(float(other) + float(self))
    def __sub__(self, other): return IEEEFloat(float(self) - float(other))
    def __rsub__(self, other): return IEEEFloat(float(other) - float(self))
    def __mul__(self, other): return IEEEFloat(float(self) * float(other))
    def __rmul__(self, other): return IEEEFloat(float(other) * float(self))
    def __truediv__(self, other): return IEEEFloat(div(float(self), float(other)))
    def __rtruediv__(self, other): return IEEEFloat(div(float(other), float(self)))
    def __pow__(self, other): return IEEEFloat(pow(float(self), float(other)))
    def __rpow__(self, other): return IEEEFloat(pow(float(other), float(self)))
    def __neg__(self): return IEEEFloat(-float(self))
    def __pos__(self): return self
    def __abs__(self): return IEEEFloat(abs(float(self)))


class StructuralZero(float):
    """0.0 that stays 0.0 when multiplied, even by inf or nan.

    A local gradient that is zero *by the op's structure* (relu below 0, the
    step function everywhere) means: nothing flows back along this edge.
    PyTorch implements such gradients as masks (``where(x > 0, g, 0)``), so an
    inf or nan coming from above does not turn into nan below.  An ordinary
    0.0 would: 0.0 × inf is nan.  This float prints and compares as 0.0.
    """

    __slots__ = ()

    def __mul__(self, other):
        return 0.0

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return "0.0"


ZERO = StructuralZero(0.0)
