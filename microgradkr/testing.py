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

from dataclasses import dataclass
from typing import Callable, List, Sequence, Tuple

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError("microgradkr.testing needs hypothesis: pip install 'microgradkr[test]'") from error

from . import engine
from .engine import Value
from .ops import OPS

#: how close to a kink or a domain edge an input may come
MARGIN = 0.05


def _floats(lo: float, hi: float):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _away_from_zero(bound: float):
    """Floats in [-bound, -MARGIN] ∪ [MARGIN, bound]."""
    return st.one_of(_floats(MARGIN, bound), _floats(-bound, -MARGIN))


# For each op: a strategy of (f, inputs) where f maps a list of Values to the
# op's result.  tests/test_ops.py checks that every row of OPS has an entry.
def _unary(method: str, points):
    return points.map(lambda x: (lambda v: getattr(v[0], method)(), [x]))


def _pow_case():
    integer = st.sampled_from([0.0, 1.0, 2.0, 3.0, -1.0, -2.0]).flatmap(
        lambda n: _away_from_zero(10.0).map(lambda x: (n, x)))
    fractional = st.sampled_from([0.5, 1.5, -0.5, 2.5]).flatmap(
        lambda n: _floats(MARGIN, 10.0).map(lambda x: (n, x)))
    return st.one_of(integer, fractional).map(lambda nx: (lambda v: v[0] ** nx[0], [nx[1]]))


def _sum_case():
    return st.lists(_floats(-10, 10), min_size=1, max_size=5).map(
        lambda xs: (lambda v: engine.sum(v), xs))


def _linear_case():
    def build(n):
        def f(v):
            return engine.linear(v[:n], v[n:2 * n], v[2 * n])
        return st.lists(_floats(-5, 5), min_size=2 * n + 1, max_size=2 * n + 1).map(lambda xs: (f, xs))
    return st.integers(1, 4).flatmap(build)


_CASES = {
    "add": st.tuples(_floats(-100, 100), _floats(-100, 100)).map(lambda p: (lambda v: v[0] + v[1], list(p))),
    "mul": st.tuples(_floats(-100, 100), _floats(-100, 100)).map(lambda p: (lambda v: v[0] * v[1], list(p))),
    "div": st.tuples(_floats(-100, 100), _away_from_zero(100)).map(lambda p: (lambda v: v[0] / v[1], list(p))),
    "pow": _pow_case(),
    "vpow": st.tuples(_floats(0.1, 5), _floats(-3, 3)).map(lambda p: (lambda v: v[0] ** v[1], list(p))),
    "exp": _unary("exp", _floats(-30, 30)),
    "log": _unary("log", _floats(1e-2, 1e3)),
    "relu": _unary("relu", _away_from_zero(50)),
    "tanh": _unary("tanh", _floats(-20, 20)),
    "sigmoid": _unary("sigmoid", _floats(-30, 30)),
    "softplus": _unary("softplus", _floats(-30, 30)),
    "step": _unary("step", _away_from_zero(50)),
    "sum": _sum_case(),
    "linear": _linear_case(),
}


def op_cases(name: str):
    """Strategy of (f, inputs) exercising the op table row ``name``."""
    if name not in OPS:
        raise KeyError(f"op_cases: no op named {name!r}; known: {', '.join(OPS)}")
    return _CASES[name]


# ---------------------------------------------------------------- expressions

@dataclass(frozen=True)
class Step:
    """One node of an Expression: ``op`` applied to earlier nodes ``args``.

    ``shift`` is a constant added to the first argument, chosen when the
    expression was drawn so that at ``inputs`` the op is well inside its smooth
    region; ``param`` is the exponent for pow or the bias for linear.
    """

    op: str
    args: Tuple[int, ...]
    shift: float = 0.0
    param: float = 0.0


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
        for k, s in enumerate(self.steps):
            args = ", ".join(names[a] for a in s.args)
            extra = f", shift={s.shift:g}" if s.shift else ""
            extra += f", param={s.param:g}" if s.op in ("pow", "linear") else ""
            names.append(f"n{k}")
            names[-1] = f"{s.op}({args}{extra})"
        return f"{names[-1]} at {list(self.inputs)}"


def _apply(s: Step, nodes: List[Value]) -> Value:
    args = [nodes[a] for a in s.args]
    first = args[0] + s.shift if s.shift else args[0]
    if s.op == "add":
        return first + args[1]
    if s.op == "mul":
        return first * args[1]
    if s.op == "div":
        return first / args[1]
    if s.op == "pow":
        return first ** s.param
    if s.op == "vpow":
        return first ** args[1]
    if s.op == "sum":
        return engine.sum([first, *args[1:]])
    if s.op == "linear":
        half = len(args) // 2
        return engine.linear([first, *args[1:half]], args[half:], s.param)
    return getattr(first, s.op)()


# the window an op's (first) argument is moved into when it is outside it:
# exp stays finite, log and a Value-exponent power get a positive base
_WINDOWS = {"exp": (-10.0, 10.0), "log": (0.2, 1e6), "vpow": (0.2, 20.0)}


def _shift_for(op: str, x: float, param: float) -> float:
    """A constant that moves x into op's smooth region (0 if it already is)."""
    if op in ("relu", "step") or (op == "pow" and param < 0):  # away from 0 (kink or pole)
        return 0.0 if abs(x) >= 0.2 else 0.5 - x
    if op == "pow" and param != int(param):  # a fractional power needs a positive base
        return 0.0 if x >= 0.2 else 0.5 - x
    if op not in _WINDOWS:
        return 0.0
    lo, hi = _WINDOWS[op]
    return 0.0 if lo <= x <= hi else lo + 0.5 - x


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
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(list(ops)))
        index = st.integers(0, len(values) - 1)
        param = 0.0
        if op in ("div", "vpow"):
            # the second operand must be tame: a divisor away from 0, an exponent
            # small enough that the power stays finite
            tame = [i for i, v in enumerate(values) if (abs(v) >= 0.2 if op == "div" else abs(v) <= 3)]
            if not tame:
                continue
            args = (draw(index), draw(st.sampled_from(tame)))
        elif op in ("add", "mul"):
            args = (draw(index), draw(index))
        elif op == "sum":
            args = tuple(draw(st.lists(index, min_size=1, max_size=4)))
        elif op == "linear":
            n = draw(st.integers(1, 3))
            args = tuple(draw(st.lists(index, min_size=2 * n, max_size=2 * n)))
            param = draw(_floats(-2, 2))
        else:
            args = (draw(index),)
            if op == "pow":
                param = draw(st.sampled_from([2.0, 3.0, -1.0, 0.5, -2.0]))
        step = Step(op, args, _shift_for(op, values[args[0]], param), param)
        with engine.no_grad():
            result = _apply(step, [Value(v) for v in values]).data
        if not abs(result) < 1e4:  # too big (or nan): stop growing here
            break
        steps.append(step)
        values.append(result)
    if not steps:  # the first op overflowed: fall back to a plain sum of the inputs
        steps.append(Step("sum", tuple(range(n_inputs))))
    return Expression(inputs, tuple(steps))
