"""The op table: every primitive microgradkr records, in one place.

Each row holds what a learner and the engine need to know about one operation:
its name, the symbol drawn in pictures, its Korean and English names, and its
*rule*: a function of plain floats that returns the forward result together
with the local gradients (d out / d operand), so the two are always written
side by side.

Floats follow IEEE 754 the way PyTorch does: overflow gives ``inf``, the log of
0 is ``-inf``, the log of a negative number is ``nan``, and nothing here raises
a Python arithmetic exception.  Plain Python raises on several of these, which
is why the helpers below exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple, Optional, Tuple

INF = math.inf
NAN = math.nan


# ---------------------------------------------------------------- IEEE helpers

def ieee_exp(x: float) -> float:
    """e**x; inf instead of OverflowError."""
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def ieee_log(x: float) -> float:
    """Natural log; log(0) = -inf and log(x < 0) = nan instead of ValueError."""
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -INF
    return NAN  # negative numbers and nan


def _is_odd_integer(n: float) -> bool:
    return n == math.floor(n) and math.isfinite(n) and n % 2.0 == 1.0


def ieee_pow(x: float, n: float) -> float:
    """x**n as C99 pow: never complex, never an exception."""
    try:
        return math.pow(x, n)
    except OverflowError:
        # |x**n| is too big to represent: the sign survives only for an odd power
        return -INF if (x < 0.0 and _is_odd_integer(n)) else INF
    except ValueError:
        if x == 0.0:  # 0 to a negative power: a pole, signed like the zero for odd n
            return math.copysign(INF, x) if _is_odd_integer(n) else INF
        return NAN  # a negative base with a non-integer exponent has no real value


def ieee_div(a: float, b: float) -> float:
    """a / b with IEEE results for b == 0 (inf with a sign, or nan for 0/0)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return NAN
        # the sign of inf is the product of the signs, the zero's sign included
        return math.copysign(INF, a) * math.copysign(1.0, b)


# ---------------------------------------------------------------- the rows

@dataclass(frozen=True)
class Op:
    """One row of the op table.

    ``rule(*floats) -> (out, local_grads)`` is the only place where the op's
    arithmetic lives; ``vgrad(out, children, param)`` gives the same local
    gradients built from Value operations, for higher-order derivatives, and
    ``code(out, args, param)`` writes the forward and the local gradients as
    Python source over variable names, for ``microgradkr.compile``.  ``arity`` is the number of operands, or None for the
    n-ary ops.  ``param`` is set on a row bound to a constant (the exponent of
    ``x ** 2``).  ``kinks`` and ``domain`` describe where the op is smooth, for
    gradient checks and property tests: points where the derivative jumps, and
    the open interval of inputs where it is defined and finite.
    """

    name: str
    symbol: str
    ko: str
    en: str
    rule: Callable = field(repr=False, compare=False)
    arity: Optional[int] = 1
    param: object = None
    kinks: Tuple[float, ...] = ()
    domain: Tuple[float, float] = (-INF, INF)
    vgrad: Optional[Callable] = field(default=None, repr=False, compare=False)
    code: Optional[Callable] = field(default=None, repr=False, compare=False)
    postfix: bool = False  # written after its operand: x^2, not ^2(x)

    def label(self, lang: str = "ko") -> str:
        """The op's name for people, in Korean ('ko') or English ('en')."""
        return self.ko if lang == "ko" else self.en

    def written(self, names) -> str:
        """The op applied to operands called ``names``: 'a × b', 'x^2', 'σ(s)'."""
        if self.arity == 2:
            return f"{names[0]} {self.symbol} {names[1]}"
        if self.postfix:
            return f"{names[0]}{self.symbol}"
        return f"{self.symbol}({', '.join(names)})"


# Each op below is written in one place, in three forms that must agree (the
# tests check it for every row):
# - rule: floats in, (forward result, local gradients) out: the eager engine;
# - vgrad(out, children, param): the local gradients written with Value
#   operations, for grad(..., create_graph=True), so that a derivative is a
#   graph that can be differentiated again (plain floats where constant);
# - code(out, args, param): the forward expression and the local gradient
#   expressions as Python source over variable names, for compile().  The
#   names it may call (exp, log, div, power, tanh, sigmoid, softplus) are CODE_NAMES.

def _add(a, b):
    return a + b, (1.0, 1.0)


def _add_v(out, children, param):
    return 1.0, 1.0


def _add_code(out, args, param, local_grads=()):
    return f"{args[0]} + {args[1]}", ("1.0", "1.0")


ADD = Op("add", "+", "덧셈", "add", _add, 2, vgrad=_add_v, code=_add_code)


def _mul(a, b):
    return a * b, (b, a)


def _mul_v(out, children, param):
    a, b = children
    return b, a


def _mul_code(out, args, param, local_grads=()):
    return f"{args[0]} * {args[1]}", (args[1], args[0])


MUL = Op("mul", "×", "곱셈", "multiply", _mul, 2, vgrad=_mul_v, code=_mul_code)


def _div(a, b):
    # a / b is a primitive, not a × b⁻¹: true division rounds once, as PyTorch
    # does (0.3 / 0.1 is 2.9999999999999996, while 0.3 × 0.1⁻¹ is 3.0).
    # d/da = 1/b, d/db = -a/b² written as -(a/b)/b, PyTorch's form.
    out = ieee_div(a, b)
    return out, (ieee_div(1.0, b), -ieee_div(out, b))


def _div_v(out, children, param):
    a, b = children
    return 1.0 / b, -(out / b)


def _div_code(out, args, param, local_grads=()):
    return f"div({args[0]}, {args[1]})", (f"div(1.0, {args[1]})", f"-div({out}, {args[1]})")


DIV = Op("div", "÷", "나눗셈", "divide", _div, 2, vgrad=_div_v, code=_div_code)


def _pow(x, n):
    # n is a constant, not an operand: only x gets a local gradient.
    # d/dx xⁿ = n·xⁿ⁻¹, and 0 for n == 0 (x⁰ is the constant 1, also at x = 0).
    return ieee_pow(x, n), (0.0 if n == 0.0 else n * ieee_pow(x, n - 1.0),)


def _pow_v(out, children, n):
    (x,) = children
    return (0.0 if n == 0.0 else n * x ** (n - 1.0)),


def _pow_code(out, args, n, local_grads=()):
    return f"power({args[0]}, {n!r})", ("0.0" if n == 0.0 else f"{n!r} * power({args[0]}, {n - 1.0!r})",)


POW = Op("pow", "^", "거듭제곱", "power", _pow, 1, kinks=(0.0,), vgrad=_pow_v, code=_pow_code,
         postfix=True)


def _vpow(a, b):
    # both operands are Values: d/da aᵇ = b·aᵇ⁻¹, d/db aᵇ = aᵇ·ln a.
    # Two limits are taken as PyTorch does, where the formula would give 0·inf:
    # d/da is 0 at a == 0, b == 0, and d/db is 0 at a == 0, b >= 0.  Only there:
    # a wider mask (say, every b == 0) would cut the second derivative d²/da db.
    out = ieee_pow(a, b)
    da = 0.0 if (a == 0.0 and b == 0.0) else b * ieee_pow(a, b - 1.0)
    db = 0.0 if (a == 0.0 and b >= 0.0) else out * ieee_log(a)
    return out, (da, db)


def _vpow_v(out, children, param):
    a, b = children
    da = 0.0 if (a.data == 0.0 and b.data == 0.0) else b * a ** (b - 1.0)
    db = 0.0 if (a.data == 0.0 and b.data >= 0.0) else out * a.log()
    return da, db


def _vpow_code(out, args, param, local_grads=()):
    a, b = args
    return f"power({a}, {b})", (
        f"(0.0 if {a} == 0.0 and {b} == 0.0 else {b} * power({a}, {b} - 1.0))",
        f"(0.0 if {a} == 0.0 and {b} >= 0.0 else {out} * log({a}))")


VPOW = Op("vpow", "^", "거듭제곱 (값 지수)", "power (Value exponent)", _vpow, 2,
          domain=(0.0, INF), vgrad=_vpow_v, code=_vpow_code)


def _exp(x):
    out = ieee_exp(x)
    return out, (out,)


def _exp_v(out, children, param):
    return (out,)


def _exp_code(out, args, param, local_grads=()):
    return f"exp({args[0]})", (out,)


EXP = Op("exp", "exp", "지수 함수", "exp", _exp, vgrad=_exp_v, code=_exp_code)


def _log(x):
    return ieee_log(x), (ieee_div(1.0, x),)


def _log_v(out, children, param):
    (x,) = children
    return (1.0 / x,)


def _log_code(out, args, param, local_grads=()):
    return f"log({args[0]})", (f"div(1.0, {args[0]})",)


LOG = Op("log", "log", "자연로그", "log", _log, domain=(0.0, INF), vgrad=_log_v, code=_log_code)


def _relu(x):
    # relu'(0) = 0 as in PyTorch; nan passes through the forward as in PyTorch.
    # ((1.0,) and (0.0,) are constants: no tuple is built per call.)
    return (0.0 if x <= 0.0 else x), ((1.0,) if x > 0.0 else (0.0,))


def _relu_v(out, children, param):
    # piecewise constant: 1 or 0, and its own derivative is 0
    return (1.0 if children[0].data > 0.0 else 0.0,)


def _relu_code(out, args, param, local_grads=()):
    x = args[0]
    return f"(0.0 if {x} <= 0.0 else {x})", (f"(1.0 if {x} > 0.0 else 0.0)",)


RELU = Op("relu", "ReLU", "ReLU 함수", "ReLU", _relu, kinks=(0.0,), vgrad=_relu_v, code=_relu_code)


def _tanh(x):
    t = math.tanh(x)  # exact and finite for every float, ±1.0 far out
    return t, (1.0 - t * t,)


def _tanh_v(out, children, param):
    return (1.0 - out * out,)


def _tanh_code(out, args, param, local_grads=()):
    return f"tanh({args[0]})", (f"1.0 - {out} * {out}",)


TANH = Op("tanh", "tanh", "tanh 함수", "tanh", _tanh, vgrad=_tanh_v, code=_tanh_code)


def _sigmoid(x):
    # Two forms so exp never overflows: exp(-x) for x >= 0, exp(x) for x < 0.
    if x >= 0.0:
        s = 1.0 / (1.0 + math.exp(-x))
    else:
        e = ieee_exp(x)
        s = e / (1.0 + e)
    return s, (s * (1.0 - s),)


def _sigmoid_v(out, children, param):
    return (out * (1.0 - out),)


def _sigmoid_code(out, args, param, local_grads=()):
    return f"sigmoid({args[0]})", (f"{out} * (1.0 - {out})",)


SIGMOID = Op("sigmoid", "σ", "시그모이드 함수", "sigmoid", _sigmoid, vgrad=_sigmoid_v, code=_sigmoid_code)


def _softplus(x):
    # log(1 + eˣ) = max(x, 0) + log1p(e^-|x|): exp never overflows, and for very
    # negative x the tiny result keeps its digits (log(1 + eˣ) would round it to 0).
    # Its derivative is the sigmoid.
    out = (x if x > 0.0 else 0.0) + math.log1p(ieee_exp(-abs(x)))
    return out, (_sigmoid(x)[0],)


def _softplus_v(out, children, param):
    return (children[0].sigmoid(),)


def _softplus_code(out, args, param, local_grads=()):
    return f"softplus({args[0]})", (f"sigmoid({args[0]})",)


SOFTPLUS = Op("softplus", "softplus", "소프트플러스 함수", "softplus", _softplus,
              vgrad=_softplus_v, code=_softplus_code)


def _step(x):
    # The perceptron's Heaviside step. Its derivative is 0 everywhere it exists,
    # so no gradient flows through it: that is why perceptrons can't learn by backprop.
    return (1.0 if x > 0.0 else 0.0), (0.0,)


def _step_v(out, children, param):
    return (0.0,)


def _step_code(out, args, param, local_grads=()):
    return f"(1.0 if {args[0]} > 0.0 else 0.0)", ("0.0",)


STEP = Op("step", "step", "계단 함수", "step", _step, kinks=(0.0,), vgrad=_step_v, code=_step_code)


def _sum(*xs):
    total = 0.0
    for x in xs:  # left to right, like a + b + c (builtin sum may compensate)
        total += x
    return total, (1.0,) * len(xs)


def _sum_v(out, children, param):
    return (1.0,) * len(children)


def _sum_code(out, args, param, local_grads=()):
    return " + ".join(args), ("1.0",) * len(args)


SUM = Op("sum", "Σ", "합", "sum", _sum, None, vgrad=_sum_v, code=_sum_code)


def _linear(weights, inputs, bias=0.0):
    # b + Σ wᵢ·xᵢ, accumulated from b left to right exactly like the gate
    # version b + w₀x₀ + w₁x₁ + ...; d/dwᵢ = xᵢ, d/dxᵢ = wᵢ, d/db = 1.
    # The sequences come back as they are (no copies: this is the hot loop).
    out = bias
    for w, x in zip(weights, inputs):
        out += w * x
    return out, (inputs, weights, 1.0)


class LinearLayout(NamedTuple):
    """How a linear node's children line up.

    paired: the children are w₀ ... wₙ₋₁, x₀ ... xₙ₋₁, in the order of the
    arguments (the partner of child k is child k ± n); otherwise there is one
    child per term, whose partner is a number folded into its local gradient.
    bias: the last child is the bias b.
    """

    paired: bool
    bias: bool


def _linear_v(out, children, layout):
    # The derivative for each child is "the other factor" (1 for the bias).
    if not layout.paired:  # every partner is a constant: the float local grads
        return out.local_grads
    n = (len(children) - layout.bias) // 2
    weights, inputs = children[:n], children[n:2 * n]
    return inputs + weights + ((1.0,) if layout.bias else ())


def _linear_code(out, args, layout, local_grads=()):
    # local_grads: the constants a non-paired node folded in (its partners)
    factors = len(args) - layout.bias
    if layout.paired:
        n = factors // 2
        weights, inputs = list(args[:n]), list(args[n:factors])
        terms = [f"{w} * {x}" for w, x in zip(weights, inputs)]
        grads = inputs + weights
    else:
        grads = [repr(c) for c in local_grads[:factors]]
        terms = [f"{a} * {g}" for a, g in zip(args, grads)]
    if layout.bias:  # accumulated from b, left to right, as the rule does
        terms.insert(0, args[-1])
        grads.append("1.0")
    return " + ".join(terms) or "0.0", tuple(grads)


LINEAR = Op("linear", "Σwx+b", "가중합", "weighted sum", _linear, None, vgrad=_linear_v,
            code=_linear_code)

#: the linear row for each layout of children
LINEAR_ROWS = {layout: replace(LINEAR, param=layout)
               for layout in (LinearLayout(p, b) for p in (False, True) for b in (False, True))}

#: Every primitive, by name.  A new op is a new row here (and a method or
#: function in engine.py that records it); the tests walk this table.
OPS = {op.name: op for op in
       (ADD, MUL, DIV, POW, VPOW, EXP, LOG, RELU, TANH, SIGMOID, SOFTPLUS, STEP, SUM, LINEAR)}

_bound_pow_cache: dict = {}


def pow_row(n: float) -> Op:
    """The pow row bound to the constant exponent n (cached: few exponents recur)."""
    row = _bound_pow_cache.get(n)
    if row is None:
        shown = int(n) if math.isfinite(n) and n == int(n) else n
        row = replace(POW, param=n, symbol=f"^{shown}")
        if len(_bound_pow_cache) < 1024:  # bounded: a sweep over exponents can't grow it forever
            _bound_pow_cache[n] = row
    return row


def _sigmoid_value(x: float) -> float:
    return _sigmoid(x)[0]


def _softplus_value(x: float) -> float:
    return _softplus(x)[0]


#: the functions generated code may call, by the names the code templates use
CODE_NAMES = {
    "exp": ieee_exp, "log": ieee_log, "div": ieee_div, "power": ieee_pow,
    "tanh": math.tanh, "sigmoid": _sigmoid_value, "softplus": _softplus_value,
    "inf": INF, "nan": NAN,
}
