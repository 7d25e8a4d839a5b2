"""Check backpropagation against numerical differentiation (수치 미분, 기울기 확인).

The central difference (f(x + h) - f(x - h)) / 2h has error O(h²), far better
than the one-sided (f(x + h) - f(x)) / h, which is why both the teaching
function ``numerical_grad`` and ``gradcheck`` use it.
"""

from __future__ import annotations

import math
from typing import Callable, List, Sequence

from . import checks
from .engine import Value
from .numbers_in import as_float
from .messages import message
from .opdef import BoundOp, Op


class GradcheckError(AssertionError):
    """Backpropagation and finite differences disagree; the message is a table."""


def _evaluate(f: Callable, point: Sequence[float], where: str) -> float:
    # Not under no_grad: f may itself take derivatives (a gradient of a gradient).
    return _checked_output(f([Value(x) for x in point]), where).data


def _checked_output(out, where: str) -> Value:
    if not isinstance(out, Value):
        raise TypeError(message("gradcheck_not_value", where=where, value=repr(out)[:60],
                                type=type(out).__name__))
    return out


def _checked_function(f, where: str) -> Callable:
    if not callable(f):
        raise TypeError(message("gradcheck_not_callable", where=where, value=repr(f)[:60],
                                type=type(f).__name__))
    return f


def _as_point(inputs, where: str) -> List[float]:
    if isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__iter__"):
        raise TypeError(message("nn_bad_inputs", where=f"{where}: inputs", value=repr(inputs)[:60],
                                type=type(inputs).__name__))
    return [as_float(x, where) for x in inputs]


def _step(eps, where: str) -> float:
    """eps as a finite float > 0 (a str or None would fail later as a bare comparison)."""
    return checks.number(eps, f"{where}: eps", 0.0, inclusive=False)


def numerical_grad(f: Callable, inputs: Sequence[float], eps: float = 1e-6) -> List[float]:
    """∂f/∂xᵢ ≈ (f(x + eps·eᵢ) - f(x - eps·eᵢ)) / (2·eps) for each input.

    ``f`` takes a list of Values and returns a Value; ``inputs`` are numbers.
    """
    return _numerical_grad(_checked_function(f, "numerical_grad"), _as_point(inputs, "numerical_grad"),
                           _step(eps, "numerical_grad"), "numerical_grad")


def _numerical_grad(f: Callable, point: List[float], eps: float, where: str) -> List[float]:
    grads = []
    for i, x in enumerate(point):
        plus = point[:i] + [x + eps] + point[i + 1:]
        minus = point[:i] + [x - eps] + point[i + 1:]
        grads.append((_evaluate(f, plus, where) - _evaluate(f, minus, where)) / (2 * eps))
    return grads


def analytic_grad(f: Callable, inputs: Sequence[float]) -> List[float]:
    """∂f/∂xᵢ by backpropagation, on fresh leaves."""
    f = _checked_function(f, "gradcheck")
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(_as_point(inputs, "gradcheck"))]
    _checked_output(f(leaves), "gradcheck").backward()
    return [leaf.grad for leaf in leaves]


def gradcheck(f: Callable, inputs: Sequence[float], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """True if backward() agrees with central differences at ``inputs``.

    Each input passes when |analytic - numeric| <= atol + rtol·|numeric|.
    Otherwise raises GradcheckError with a table of every input (a nan on
    either side is always a failure).
    """
    name = getattr(f, "__name__", "f")
    if isinstance(f, (Op, BoundOp)):  # an op itself: its operands are the inputs
        op, name = f, f.name
        f = lambda v: op(*v)  # noqa: E731
    f = _checked_function(f, "gradcheck")
    point = _as_point(inputs, "gradcheck")
    eps = _step(eps, "gradcheck")
    atol = checks.number(atol, "gradcheck: atol")
    rtol = checks.number(rtol, "gradcheck: rtol")
    analytic = analytic_grad(f, point)
    numeric = _numerical_grad(f, point, eps, "gradcheck")
    rows, wrong = [], []
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        error = abs(a - n)
        ok = math.isfinite(error) and error <= atol + rtol * abs(n)
        if not ok:
            wrong.append(f"x{i} = {point[i]!r}: 역전파/backward {a!r}, 수치 미분/numeric {n!r}")
        rows.append((f"x{i} = {point[i]!r}", repr(a), repr(n), repr(error), "" if ok else "<-"))
    if wrong:
        raise GradcheckError(f"gradcheck({name}): " + "; ".join(wrong) + "\n"
                             + _table(("input", "analytic", "numeric", "error", ""), rows))
    return True


def _table(header, rows) -> str:
    widths = [max(len(str(r[c])) for r in [header, *rows]) for c in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "backward and finite differences disagree (역전파와 수치 미분이 다릅니다):\n" + "\n".join(lines)
