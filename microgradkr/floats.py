"""IEEE 754 arithmetic on plain floats, the way PyTorch computes it.

Python's own float functions raise where IEEE gives a number: ``math.exp(1000)``
raises OverflowError (IEEE: inf), ``math.log(0)`` raises ValueError (-inf),
``1 / 0.0`` raises ZeroDivisionError (inf), and ``(-8) ** (1/3)`` is a complex
number (nan).  Every op's float arithmetic goes through the functions here, so
nothing the engine computes ever raises a Python arithmetic exception.
"""

from __future__ import annotations

import decimal
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
    """log(1 + x), correctly rounded (as PyTorch's log1p(2.0); libm's is an ulp off there); -inf at -1, nan below.

    Plain floats cannot hold 1 + x exactly, and libm's log is itself an ulp
    off at times, so the log is computed here with about 106 bits
    (double-double arithmetic: each number is hi + lo), then rounded once.
    Where that is too close to a halfway point to round with certainty (about
    one call in 80), the decimal module computes it to 40 digits instead.
    """
    if not x > -1.0:
        return -INF if x == -1.0 else NAN
    if x == INF or -_TINY < x < _TINY:
        return x  # log(1 + x) = x - x²/2 + ...: x is the nearest float (and keeps -0.0)
    hi, lo = _two_sum(1.0, x)  # 1 + x exactly, as hi + lo
    m, k = math.frexp(hi)  # hi = m·2^k; then m in [√½, √2), where the series below is short
    if m < _SQRT_HALF:
        m, k = m + m, k - 1
    lo = math.ldexp(lo, -k)
    # log(m + lo) = 2·atanh(s) = 2s + 2s³/3 + 2s⁵/5 + ..., s = (m + lo - 1) / (m + lo + 1), |s| < 0.172
    n_hi, n_lo = _two_sum(m - 1.0, lo)  # m - 1 is exact
    d_hi, d_lo = _two_sum(m, 1.0)
    d_lo += lo
    s_hi = n_hi / d_hi
    p, p_lo = _two_product(s_hi, d_hi)
    s_lo = ((n_hi - p) - p_lo + n_lo - s_hi * d_lo) / d_hi
    z, z_lo = _two_product(s_hi, s_hi)  # s², then w = s²/3 + s⁴/5 + ...: log(m + lo) = 2(s + s·w)
    z_lo += 2.0 * s_hi * s_lo
    third = z / 3.0
    q, q_lo = _two_product(third, 3.0)
    third_lo = ((z - q) - q_lo + z_lo) / 3.0
    rest = 0.0
    for coefficient in _SERIES:
        rest = (rest + coefficient) * z
    w, w_lo = _two_sum(third, rest * z)
    w_lo += third_lo
    t, t_lo = _two_product(s_hi, w)
    t_lo += s_hi * w_lo + s_lo * w
    u, u_lo = _two_sum(s_hi, t)
    u_lo += s_lo + t_lo
    r, r_lo = _two_sum(k * _LN2_HI, 2.0 * u)  # + k·log 2, its high part exact
    r_lo += 2.0 * u_lo + k * _LN2_LO
    result, below = _two_sum(r, r_lo)
    # round once, where the error (under 2^-62 of the result, measured; 2^-59 allowed) cannot cross a halfway point
    margin = abs(result) * 2.0 ** -59
    if (below + margin < (math.nextafter(result, INF) - result) / 2.0
            and below - margin > (math.nextafter(result, -INF) - result) / 2.0):
        return result
    return float(_DECIMAL.ln(_DECIMAL.add(1, decimal.Decimal(x))))


_TINY = 2.0 ** -54
_SQRT_HALF = math.sqrt(0.5)
# log 2 = _LN2_HI + _LN2_LO to 86 bits; _LN2_HI ends in 32 zero bits, so k·_LN2_HI is exact
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
# 1/27, 1/25, ..., 1/5: s⁴/5 + s⁶/7 + ... to far below 2^-60 of the result
_SERIES = tuple(1.0 / n for n in range(27, 3, -2))
_DECIMAL = decimal.Context(prec=40)
_SPLIT = 134217729.0  # 2^27 + 1: splits a float into two halves of 26 bits


def _two_sum(a: float, b: float):
    """a + b exactly, as (rounded sum, its error)."""
    s = a + b
    v = s - a
    return s, (a - (s - v)) + (b - v)


def _two_product(a: float, b: float):
    """a · b exactly, as (rounded product, its error) (Dekker's product; |a|, |b| far from overflow)."""
    p = a * b
    t = _SPLIT * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = _SPLIT * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


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


def pow(x: float, y: float) -> float:  # noqa: A001 - the math name, on purpose
    """x**y as C99's pow (PyTorch's pow of two tensors): never complex, never an exception.

    So (-inf)**0.5 is inf and (-0.0)**0.5 is 0.0, as C99 says (a square root would give nan and -0.0).
    """
    try:
        return math.pow(x, y)
    except OverflowError:
        # |x**y| is too big to represent: the sign survives only for an odd power
        return -INF if (x < 0.0 and _is_odd_integer(y)) else INF
    except ValueError:
        if x == 0.0:  # 0 to a negative power: a pole, signed like the zero for odd y
            return math.copysign(INF, x) if _is_odd_integer(y) else INF
        return NAN  # a negative base with a non-integer exponent has no real value


def power(x: float, n: float) -> float:
    """x**n for a number n (a constant, not an operand), as PyTorch computes ``tensor ** n``.

    PyTorch does not call pow for the common exponents: x**2 is x·x, x**3 is
    x·x·x, x**-1 is 1/x, x**-2 is 1/(x·x), x**0.5 is √x and x**-0.5 is 1/√x.
    Each rounds differently from pow (1/x is correctly rounded: at
    -0.9999999999999999 it is -1.0000000000000002, where this machine's pow
    gives -1.0), so they are computed the same way here.
    """
    if n == 2.0:
        return x * x
    if n == 3.0:
        return x * x * x
    if n == -1.0:
        return div(1.0, x)
    if n == -2.0:
        return div(1.0, x * x)
    if n == 0.5:
        return sqrt(x)
    if n == -0.5:
        return div(1.0, sqrt(x))
    return pow(x, n)


class Reciprocal(float):
    """1/d as a local gradient: multiplied by the upstream gradient g it gives g / d.

    PyTorch's derivatives divide (``grad / other`` for a / b, ``grad / self``
    for log): one rounding, and no overflow where 1/d alone would (d = 5e-324
    makes 1/d inf, while 1e-20 / d is 2.02e303).  The float itself is 1/d, as
    pictures and ``local_grads`` show it; ``divisor`` is d.
    """

    __slots__ = ("divisor",)  # 48 bytes, where an instance dict made it 368

    def __mul__(self, other):
        if other.__class__ is float or isinstance(other, (int, float)):
            return div(float(other), self.divisor)
        return NotImplemented

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return float.__repr__(self)

    def __reduce__(self):
        return reciprocal, (self.divisor,)


def reciprocal(d: float) -> Reciprocal:
    """1/d as a local gradient that divides the upstream gradient by d (see :class:`Reciprocal`)."""
    r = Reciprocal(div(1.0, d))
    r.divisor = float(d)  # a plain float (not the slow path's IEEEFloat), so g / d is one
    return r


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
