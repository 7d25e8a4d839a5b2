"""Hypothesis strategies for testing code built on microgradkr.

Needs the ``test`` extra (``pip install 'microgradkr[test]'``)::

    from hypothesis import given
    from microgradkr import gradcheck
    from microgradkr.testing import expressions

    @given(expressions())
    def test_backward_matches_finite_differences(expr):
        assert gradcheck(expr, expr.inputs)

``op_cases(name)`` draws (function, inputs) for one row of the op table at
points where the op is smooth; ``expressions()`` draws random compositions of
every op.  Both keep inputs away from kinks (relu and step at 0) and from the
edges of a domain (log at 0), because there the finite difference is not a
derivative and a check would fail for no fault of backward().
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError("microgradkr.testing needs hypothesis: pip install 'microgradkr[test]'") from error

from . import fused, grad_mode
from .engine import Value
from .ops import OPS

#: how close to a kink or a domain edge an input may come
MARGIN = 0.05
#: how far out inputs go (finite differences stay accurate, results finite)
WIDTH = 5.0


def _floats(lo: float, hi: float):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def window(op, operand: int = 0) -> Tuple[float, float]:
    """Where operand ``operand`` of ``op`` (a row, parameters bound) is checked: its domain,
    at most WIDTH out, MARGIN inside the domain's edges."""
    lo, hi = op.domain[operand]
    return max(lo + MARGIN if math.isfinite(lo) else lo, -WIDTH), min(hi - MARGIN if math.isfinite(hi) else hi, WIDTH)


def _kinks(op, operand: int, earlier: Sequence[float]) -> tuple:
    kinks = op.kinks[operand]
    return tuple(kinks(*earlier)) if callable(kinks) else kinks


def smooth_points(op, operand: int = 0, earlier: Sequence[float] = ()):
    """Strategy: inputs of ``op``'s operand inside its window and MARGIN away from its kinks
    (``earlier``: the operands before it, for kinks that depend on them)."""
    lo, hi = window(op, operand)
    pieces, start = [], lo
    for kink in sorted(k for k in _kinks(op, operand, earlier) if lo - MARGIN < k < hi + MARGIN):
        if min(kink - MARGIN, hi) > start:
            pieces.append(_floats(start, min(kink - MARGIN, hi)))
        start = max(start, kink + MARGIN)
    if start < hi:
        pieces.append(_floats(start, hi))
    return st.one_of(pieces) if pieces else st.just((lo + hi) / 2)


def is_smooth_at(op, operand: int, x: float, earlier: Sequence[float] = ()) -> bool:
    """True if x is inside the operand's window and MARGIN away from its kinks."""
    lo, hi = window(op, operand)
    return lo <= x <= hi and all(abs(x - k) >= MARGIN for k in _kinks(op, operand, earlier))


def _param_choices(op) -> List[dict]:
    """The parameter sets property tests try: the op's examples, else its defaults."""
    if not op.param_names:
        return [{}]
    names = op.param_names
    values = [op.examples.get(p) or ((op.defaults[p],) if p in op.defaults else ()) for p in names]
    if any(not v for v in values):
        return []
    return [dict(zip(names, combo)) for combo in itertools.product(*values)]


def _fixed_arity_case(op):
    choices = _param_choices(op)

    def build(params):
        row = op.bind(**params) if op.param_names else op

        def more(xs):  # operands one by one: a kink may depend on the ones before
            if len(xs) == op.arity:
                return st.just(xs)
            return smooth_points(row, len(xs), xs).flatmap(lambda x: more(xs + [x]))

        return more([]).map(lambda xs: (lambda v: row(*v[:op.arity]), xs))

    return st.sampled_from(choices).flatmap(build)


def _sum_case():
    return st.lists(_floats(-10, 10), min_size=1, max_size=5).map(
        lambda xs: (lambda v: fused.sum(v), xs))


def _linear_case():
    def build(n):
        def f(v):
            return fused.linear(v[:n], v[n:2 * n], v[2 * n])
        return st.lists(_floats(-5, 5), min_size=2 * n + 1, max_size=2 * n + 1).map(lambda xs: (f, xs))
    return st.integers(1, 4).flatmap(build)


# sum and linear take any number of operands and fold numbers into the node:
# they are drawn through the engine's functions
_NARY = {"sum": _sum_case, "linear": _linear_case}


def op_cases(name: str):
    """Strategy of (f, inputs) exercising the op called ``name`` where it is smooth.

    Derived from the op's definition (its arity, domain, kinks and parameter
    examples), so a learner's own op gets cases too.
    """
    if name not in OPS:
        raise KeyError(f"op_cases: no op named {name!r}; known: {', '.join(OPS)}")
    op = OPS[name]
    if op.arity is None:
        if name not in _NARY:
            raise ValueError(f"op_cases: {name!r} takes any number of operands; write its cases yourself")
        return _NARY[name]()
    if not _param_choices(op):
        raise ValueError(f"op_cases: {name!r} needs parameter values: define it with examples={{...}}")
    return _fixed_arity_case(op)


# ---------------------------------------------------------------- expressions

@dataclass(frozen=True)
class Step:
    """One node of an Expression: ``op`` applied to earlier nodes ``args``.

    ``shift`` is a constant added to the first argument, chosen when the
    expression was drawn so that at ``inputs`` the op is well inside its smooth
    region; ``params`` are the op's parameters (the exponent of pow); ``bias``
    is linear's bias.
    """

    op: str
    args: Tuple[int, ...]
    shift: float = 0.0
    params: Tuple[Tuple[str, float], ...] = ()
    bias: float = 0.0
    constants: Tuple[float, ...] = ()  # linear: numbers as inputs (folded into the node)


@dataclass(frozen=True)
class Expression:
    """A random expression over the op table; call it on a list of Values."""

    inputs: Tuple[float, ...]
    steps: Tuple[Step, ...]

    def __call__(self, values: Sequence[Value]) -> Value:
        nodes: List[Value] = list(values)
        for s in self.steps:
            nodes.append(_apply(s, nodes))
        return nodes[-1]

    def ops_used(self) -> List[str]:
        return [s.op for s in self.steps]

    def __str__(self) -> str:
        names = [f"x{i}" for i in range(len(self.inputs))]
        for s in self.steps:
            args = ", ".join(names[a] for a in s.args)
            extra = f", shift={s.shift:g}" if s.shift else ""
            extra += "".join(f", {k}={v:g}" for k, v in s.params)
            extra += f", bias={s.bias:g}" if s.op == "linear" else ""
            names.append(f"{s.op}({args}{extra})")
        return f"{names[-1]} at {list(self.inputs)}"


def _apply(s: Step, nodes: List[Value]) -> Value:
    args = [nodes[a] for a in s.args]
    first = args[0] + s.shift if s.shift else args[0]
    if s.op == "sum":
        return fused.sum([first, *args[1:]])
    if s.op == "linear":
        if s.constants:  # weights are nodes, inputs are numbers: the folded layout
            return fused.linear([first, *args[1:]], list(s.constants), s.bias)
        half = len(args) // 2
        return fused.linear([first, *args[1:half]], args[half:], s.bias)
    return OPS[s.op](first, *args[1:], **dict(s.params))


def _shift_into(row, x: float) -> float:
    """A constant that moves x into the op's smooth region (0 if it already is there)."""
    if is_smooth_at(row, 0, x):
        return 0.0
    lo, hi = window(row, 0)
    for target in (0.5, -0.5, 1.5, lo + 0.5, (lo + hi) / 2):
        if is_smooth_at(row, 0, target):
            return target - x
    return 0.0


@st.composite
def expressions(draw, ops: Sequence[str] = tuple(OPS), max_inputs: int = 3, max_steps: int = 6):
    """Random expression graphs over ``ops`` with inputs in [-3, 3].

    Every value stays finite and every op stays away from its kinks at the
    drawn inputs, so backward() and finite differences must agree there.
    """
    n_inputs = draw(st.integers(1, max_inputs))
    inputs = tuple(draw(st.lists(_floats(-3, 3), min_size=n_inputs, max_size=n_inputs)))
    values = [float(x) for x in inputs]
    steps = []
    usable = [name for name in ops if OPS[name].arity is None or _param_choices(OPS[name])]
    for _ in range(draw(st.integers(1, max_steps))):
        constants = ()
        name = draw(st.sampled_from(usable))
        op = OPS[name]
        index = st.integers(0, len(values) - 1)
        params, bias = (), 0.0
        if name == "sum":
            args = tuple(draw(st.lists(index, min_size=1, max_size=4)))
            row = op
        elif name == "linear":
            n = draw(st.integers(1, 3))
            constants = ()
            if draw(st.booleans()):  # both layouts: Value × Value, and Value × number
                args = tuple(draw(st.lists(index, min_size=2 * n, max_size=2 * n)))
            else:
                args = tuple(draw(st.lists(index, min_size=n, max_size=n)))
                constants = tuple(draw(st.lists(_floats(-2, 2), min_size=n, max_size=n)))
            bias = draw(_floats(-2, 2))
            row = None
        else:
            chosen = draw(st.sampled_from(_param_choices(op)))
            params = tuple(sorted(chosen.items()))
            row = op.bind(**chosen) if op.param_names else op
            args = [draw(index)]
            shift = _shift_into(row, values[args[0]])
            for k in range(1, op.arity):
                # later operands must already be tame (a divisor away from 0)
                earlier = [values[args[0]] + shift] + [values[a] for a in args[1:]]
                tame = [i for i, v in enumerate(values) if is_smooth_at(row, k, v, earlier) and abs(v) <= 3]
                if not tame:
                    break
                args.append(draw(st.sampled_from(tame)))
            if len(args) < op.arity:
                continue
            args = tuple(args)
        if op.arity is None:
            shift = 0.0
        step = Step(name, args, shift, params, bias, constants if name == "linear" else ())
        with grad_mode.no_grad():
            result = _apply(step, [Value(v) for v in values]).data
        if not abs(result) < 1e4:  # too big (or nan): stop growing here
            break
        steps.append(step)
        values.append(result)
    if not steps:  # the first op overflowed: fall back to a plain sum of the inputs
        steps.append(Step("sum", tuple(range(n_inputs))))
    return Expression(inputs, tuple(steps))
