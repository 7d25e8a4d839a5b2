"""The op table: every op microgradkr records, each written once.

Each op below is one call of :func:`~microgradkr.define_op`, the same call a
learner uses for their own op (see "나만의 연산 만들기 / Your own op" in the
README).  Read them as a gallery of examples:

- ``forward(m, x)`` is the result; ``local_grads(m, out, x)`` is d out / d x
  for each operand, written with the result ``out`` where that is simpler
  (tanh' = 1 - tanh²).
- ``m`` is the arithmetic: plain floats for the eager engine, Values for
  higher-order derivatives, code for ``compile``.  So ``m.exp(x)``, not
  ``math.exp(x)``, and ``m.select(cond, a, b)``, not Python's ``if``.
- ``m.zero`` is a gradient that is zero by the op's structure (relu below 0):
  nothing flows back, not even an inf or nan from above, as in PyTorch.

Floats follow IEEE 754 the way PyTorch does: ``exp(1000)`` is inf, ``log(0)``
is -inf, ``log(-1)`` and ``sqrt(-1)`` are nan, ``1 / 0.0`` is inf; nothing
raises (see :mod:`microgradkr.floats`).
"""

from __future__ import annotations

import math

from .arithmetic import INTERNAL_OPS
from .engine import Value
from .numbers_in import as_number
from .opdef import OPS, Op, _forgetters, define_op, operator

INF = math.inf


def _shown(n) -> str:
    return f"{int(n)}" if isinstance(n, float) and math.isfinite(n) and n == int(n) else f"{n}"


# ---------------------------------------------------------------- arithmetic

ADD = add = define_op(
    "add", symbol="+", ko="덧셈", en="add", ascii="+", builtin=True,
    forward=lambda m, a, b: a + b,
    local_grads=lambda m, out, a, b: (1.0, 1.0))

MUL = mul = define_op(
    "mul", symbol="×", ko="곱셈", en="multiply", ascii="*", builtin=True,
    forward=lambda m, a, b: a * b,
    local_grads=lambda m, out, a, b: (b, a))

# a / b is an op of its own, not a × b⁻¹: true division rounds once, as
# PyTorch does (0.3 / 0.1 is 2.9999999999999996, while 0.3 × 0.1⁻¹ is 3.0).
# Its gradients are PyTorch's: d/da divides the upstream by b (g / b, which
# is finite where 1/b overflows: b = 5e-324), d/db = -a/b² is -(a/b)/b.
DIV = div = define_op(
    "div", symbol="÷", ko="나눗셈", en="divide", ascii="/", builtin=True,
    forward=lambda m, a, b: m.div(a, b),
    local_grads=lambda m, out, a, b: (m.reciprocal(b), -m.div(out, b)),
    kinks=((), (0.0,)))

# x ** n with a constant n: n is a parameter, not an operand, so only x gets
# a local gradient.  x⁰ is the constant 1 (also at x = 0): nothing flows back.
# m.pow computes as PyTorch's tensor ** n: x·x for 2, 1/x for -1, √x for 0.5.
POW = define_op(
    "pow", symbol=lambda n: f"^{_shown(n)}", ko="거듭제곱", en="power", postfix=True,
    ascii=lambda n: f"**{_shown(n)}", builtin=True, params=("n",),
    forward=lambda m, x, n: m.pow(x, n),
    local_grads=lambda m, out, x, n: (m.select(m.eq(n, 0.0), m.zero, n * m.pow(x, n - 1.0)),),
    # a fractional power of a negative number is nan: such an exponent needs x > 0
    domain=lambda n: (0.0, INF) if n != int(n) else (-INF, INF), kinks=(0.0,),
    examples={"n": (2.0, 3.0, 0.0, 1.0, -1.0, -2.0, 0.5, 1.5, -0.5, 2.5)})

# a ** b with both operands Values: C's pow, as PyTorch's pow of two tensors
# ((-inf) ** 0.5 is inf).  Where the formulas would give 0 × inf,
# PyTorch takes the limits: d/da is 0 where b = 0 (a mask: nothing flows), d/db
# is 0 at a = 0, b >= 0 (an ordinary 0: an inf from above still makes nan).
VPOW = vpow = define_op(
    "vpow", symbol="^", ko="거듭제곱 (값 지수)", en="power (Value exponent)", ascii="**",
    builtin=True,
    forward=lambda m, a, b: m.vpow(a, b),
    local_grads=lambda m, out, a, b: (
        m.select(m.eq(b, 0.0), m.zero, b * m.vpow(a, b - 1.0)),
        m.select(m.eq(a, 0.0) & (b >= 0.0), 0.0, out * m.log(a))),
    # the mask at b = 0 makes d/da jump there: a kink for second derivatives
    domain=((0.0, INF), (-INF, INF)), kinks=((), (0.0,)))

# ---------------------------------------------------------------- functions of one number

EXP = exp = define_op(
    "exp", symbol="exp", ko="지수 함수", en="exp", method=True, builtin=True,
    forward=lambda m, x: m.exp(x),
    local_grads=lambda m, out, x: (out,))

# the upstream divided by x (PyTorch's grad / x), as for sqrt and log1p below
LOG = log = define_op(
    "log", symbol="log", ko="자연로그", en="log", method=True, builtin=True,
    forward=lambda m, x: m.log(x),
    local_grads=lambda m, out, x: (m.reciprocal(x),),
    domain=(0.0, INF))

SQRT = sqrt = define_op(
    "sqrt", symbol="√", ko="제곱근", en="square root", method=True, builtin=True,
    forward=lambda m, x: m.sqrt(x),
    local_grads=lambda m, out, x: (m.reciprocal(2.0 * out),),
    domain=(0.0, INF))

SIN = sin = define_op(
    "sin", symbol="sin", ko="사인 함수", en="sine", method=True, builtin=True,
    forward=lambda m, x: m.sin(x),
    local_grads=lambda m, out, x: (m.cos(x),))

COS = cos = define_op(
    "cos", symbol="cos", ko="코사인 함수", en="cosine", method=True, builtin=True,
    forward=lambda m, x: m.cos(x),
    local_grads=lambda m, out, x: (-m.sin(x),))

TANH = tanh = define_op(
    "tanh", symbol="tanh", ko="tanh 함수", en="tanh", method=True, builtin=True,
    forward=lambda m, x: m.tanh(x),
    local_grads=lambda m, out, x: (1.0 - out * out,))

SIGMOID = sigmoid = define_op(
    "sigmoid", symbol="σ", ko="시그모이드 함수", en="sigmoid", method=True, builtin=True,
    forward=lambda m, x: m.sigmoid(x),
    local_grads=lambda m, out, x: (out * (1.0 - out),))

# log(1 + eˣ) = max(x, 0) + log1p(e^-|x|): exp never overflows, and for very
# negative x the tiny result keeps its digits.  Its derivative is the sigmoid.
SOFTPLUS = softplus = define_op(
    "softplus", symbol="softplus", ko="소프트플러스 함수", en="softplus", method=True, builtin=True,
    forward=lambda m, x: m.select(x > 0.0, x, 0.0) + m.log1p(m.exp(-m.abs(x))),
    local_grads=lambda m, out, x: (m.sigmoid(x),))

# log(1 + x), exact for tiny x (log(1 + 1e-20) would round to 0).
LOG1P = log1p = define_op(
    "log1p", symbol="log1p", ko="log(1+x)", en="log(1 + x)", method=True, builtin=True,
    forward=lambda m, x: m.log1p(x),
    local_grads=lambda m, out, x: (m.reciprocal(x + 1.0),),
    domain=(-1.0, INF))

# relu'(0) = 0 as in PyTorch.  A nan passes through, and its gradient is 1
# (PyTorch masks by `x <= 0`, which a nan does not meet).
RELU = relu = define_op(
    "relu", symbol="ReLU", ko="ReLU 함수", en="ReLU", ascii="ReLU", method=True, builtin=True,
    forward=lambda m, x: m.select(x <= 0.0, 0.0, x),
    local_grads=lambda m, out, x: (m.select(x <= 0.0, m.zero, 1.0),),
    kinks=(0.0,))

# Leaky ReLU keeps a small slope below 0 (PyTorch's default 0.01), so a
# neuron that went negative still learns.
LEAKY_RELU = leaky_relu = define_op(
    "leaky_relu", symbol="LeakyReLU", ko="Leaky ReLU 함수", en="leaky ReLU", method=True,
    builtin=True,
    forward=lambda m, x, slope=0.01: m.select(x > 0.0, x, x * slope),
    local_grads=lambda m, out, x, slope=0.01: (m.select(x > 0.0, 1.0, slope),),
    kinks=(0.0,), examples={"slope": (0.01, 0.2)})

# |x|, with abs'(x) = sign(x) as PyTorch: 0 at 0 and at nan (an ordinary 0: 0 × inf is nan).
ABS = abs_ = define_op(
    "abs", symbol="|x|", ko="절댓값", en="absolute value", method=True, builtin=True,
    forward=lambda m, x: m.abs(x),
    local_grads=lambda m, out, x: (m.select(x > 0.0, 1.0, m.select(x < 0.0, -1.0, 0.0)),),
    kinks=(0.0,))

# The perceptron's Heaviside step.  Its derivative is 0 wherever it exists, so
# no gradient flows through it: that is why perceptrons can't learn by backprop.
STEP = step = define_op(
    "step", symbol="step", ko="계단 함수", en="step", method=True, builtin=True,
    forward=lambda m, x: m.select(x > 0.0, 1.0, 0.0),
    local_grads=lambda m, out, x: (m.zero,),
    kinks=(0.0,))

# ---------------------------------------------------------------- max and min (CS231n's max gate)

# As torch.maximum: a nan in either operand gives nan; on a tie each operand
# gets half the gradient; the smaller operand gets none.
MAXIMUM = maximum = define_op(
    "maximum", symbol="max", ko="최댓값", en="maximum", builtin=True,
    forward=lambda m, a, b: m.select(m.isnan(a) | m.isnan(b), a + b, m.select(a >= b, a, b)),
    local_grads=lambda m, out, a, b: (m.select(a < b, m.zero, m.select(m.eq(a, b), 0.5, 1.0)),
                                      m.select(b < a, m.zero, m.select(m.eq(a, b), 0.5, 1.0))),
    kinks=((), lambda a: (a,)))

MINIMUM = minimum = define_op(
    "minimum", symbol="min", ko="최솟값", en="minimum", builtin=True,
    forward=lambda m, a, b: m.select(m.isnan(a) | m.isnan(b), a + b, m.select(a <= b, a, b)),
    local_grads=lambda m, out, a, b: (m.select(a > b, m.zero, m.select(m.eq(a, b), 0.5, 1.0)),
                                      m.select(b > a, m.zero, m.select(m.eq(a, b), 0.5, 1.0))),
    kinks=((), lambda a: (a,)))

# ---------------------------------------------------------------- PyTorch's where, for derivatives

# m.select(cond, a, b) read with Values, when an operand's value decides
# between two formulas: the chosen one's value, both in the graph; the one
# not chosen gets a zero gradient (a mask), so an inf inside it still makes a
# nan, as in PyTorch.  Not in the table (nobody calls it by name): an Op all the same.
WHERE = Op("where", "where", "선택 (where)", "where", forward=lambda m, chosen, other: chosen,
           local_grads=lambda m, out, chosen, other: (1.0, m.zero), arity=2, param_names=(),
           defaults={}, domain=(-INF, INF), kinks=(), postfix=False, ascii="where", builtin=True)
INTERNAL_OPS["where"] = WHERE

# ---------------------------------------------------------------- a loss as one op

#: PyTorch's BCELoss divides by max(p·(1-p), 1e-12) in its gradient; its 1e-12 is a float32
BCE_EPSILON = 9.999999960041972e-13
#: and clamps each log at -100, so a confident wrong answer costs 100, not inf
LOG_FLOOR = -100.0

# Binary cross entropy of a probability p against a target t in [0, 1], as
# PyTorch's BCELoss computes it: -(t·log p + (1-t)·log(1-p)), each log clamped
# at -100, log1p for the 1-p side so a tiny p keeps its digits.  Its gradient
# in p is PyTorch's (p - t) / max(p(1-p), 1e-12): the derivative where no clamp
# acts, and finite (about ±1e12) where one does, so a confidently wrong output
# is still pushed back.  That is not the derivative of the clamped formula,
# which is why the loss is an op of its own and not built from log and max.
BCE = bce = define_op(
    "bce", symbol="BCE", ko="교차 엔트로피 오차", en="binary cross entropy", builtin=True,
    forward=lambda m, p, t: ((t - 1.0) * m.maximum(m.log1p(-p), LOG_FLOOR)
                             - t * m.maximum(m.log(p), LOG_FLOOR)),
    local_grads=lambda m, out, p, t: (
        m.div(p - t, m.maximum((1.0 - p) * p, BCE_EPSILON)),
        m.log1p(-p) - m.log(p)),  # in t, PyTorch's gradient has no clamp
    domain=((0.0, 1.0), (0.0, 1.0)))

# ---------------------------------------------------------------- many operands


def _sum_forward(m, *xs, layout=()):
    # left to right, like a + b + c, with any numbers folded into the node
    # (``layout``: None for each operand in turn, or the number at that place)
    terms = iter(xs)
    total = None
    for item in (layout or (None,) * len(xs)):
        term = next(terms) if item is None else item
        total = term if total is None else total + term
    return 0.0 if total is None else total


SUM = define_op(
    "sum", symbol="Σ", ko="합", en="sum", ascii="+", builtin=True,
    forward=_sum_forward,
    local_grads=lambda m, out, *xs, layout=(): (1.0,) * len(xs))


def weighted_sum(weights, inputs, start):
    """start + w₀·x₀ + w₁·x₁ + ..., added left to right, as the gate version b + w₀x₀ + w₁x₁ + ...

    On floats, Values or code alike; the engine calls it directly for a network's layers.
    """
    out = start
    for w, x in zip(weights, inputs):
        out = out + w * x
    return out


def weighted_sum_grads(weights, inputs, paired: bool, bias: bool) -> tuple:
    """d/dwᵢ = xᵢ, then d/dxᵢ = wᵢ when the inputs are operands too (paired), then d/db = 1."""
    grads = (*inputs, *weights) if paired else tuple(inputs)
    return grads + (1.0,) if bias else grads


def _linear_forward(m, *xs, paired, bias, folded=None):
    # Operands: w₀..wₙ₋₁, x₀..xₙ₋₁ (paired), or one per term whose partner is the
    # number in ``folded``; then b if ``bias``.
    terms = len(xs) - bias
    start = xs[-1] if bias else 0.0
    if paired:
        n = terms // 2
        return weighted_sum(xs[:n], xs[n:terms], start)
    return weighted_sum(xs[:terms], folded, start)


def _linear_local_grads(m, out, *xs, paired, bias, folded=None):
    terms = len(xs) - bias
    if paired:
        n = terms // 2
        return weighted_sum_grads(xs[:n], xs[n:terms], True, bias)
    return weighted_sum_grads(xs[:terms], folded, False, bias)


LINEAR = define_op(
    "linear", symbol=lambda paired, bias, folded=None: "Σwx+b" if bias else "Σwx",
    ko="가중합", en="weighted sum", ascii="+", builtin=True,
    forward=_linear_forward, local_grads=_linear_local_grads)

#: the linear op for each layout whose operands are all Values: (paired, bias)
LINEAR_ROWS = {(True, b): LINEAR.bind(paired=True, bias=b) for b in (False, True)}

# ---------------------------------------------------------------- Value's operators are ops of this table

operator("__add__", ADD)
operator("__radd__", ADD, reflected=True)  # 2 + x
operator("__mul__", MUL)
operator("__rmul__", MUL, reflected=True)
operator("__truediv__", DIV)
operator("__rtruediv__", DIV, reflected=True)
operator("__abs__", ABS)

_POWERS: dict = {}  # the pow op bound to each exponent met (few recur: x ** 2 finds its row at once)
_forgetters.append(_POWERS.clear)


def _power(base, exponent):
    """x ** n: the pow op bound to the constant n, or vpow when the exponent is a Value."""
    bound = _POWERS.get(exponent) if exponent.__class__ in (float, int) else None  # 2 == 2.0, one key
    if bound is None:
        if isinstance(exponent, Value):
            return VPOW.make(base, exponent)
        n = as_number(exponent, "pow")
        if n is NotImplemented:
            return NotImplemented
        bound = POW.bind(n=n)
        if len(_POWERS) < 1024 and n == n:
            _POWERS[n] = bound
    return bound.make(base)


def _reflected_power(exponent, base):  # 2 ** x: a number base, a Value exponent
    return VPOW.make(base, exponent)


Value.__pow__, Value.__rpow__ = _power, _reflected_power

__all__ = ["OPS", "add", "mul", "div", "vpow", "exp", "log", "log1p", "sqrt", "sin", "cos", "tanh",
           "sigmoid", "softplus", "relu", "leaky_relu", "step", "maximum", "minimum", "bce"]
