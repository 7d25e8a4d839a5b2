"""Check backpropagation against numerical differentiation (수치 미분, 기울기 확인).

The central difference (f(x + h) - f(x - h)) / 2h has error O(h²), far better
than the one-sided (f(x + h) - f(x)) / h, which is why both the teaching
function ``numerical_grad`` and ``gradcheck`` use it.
"""

from __future__ import annotations

import math
from typing import Callable, List, Sequence

from .engine import Value
from .numbers_in import as_float
from .opdef import BoundOp, Op


class GradcheckError(AssertionError):
    """Backpropagation and finite differences disagree; the message is a table."""


def _evaluate(f: Callable, point: Sequence[float]) -> float:
    # Not under no_grad: f may itself take derivatives (a gradient of a gradient).
    out = f([Value(x) for x in point])
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {out!r} ({type(out).__name__})")
    return out.data


def _as_point(inputs, where: str) -> List[float]:
    if isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__iter__"):
        raise TypeError(f"{where}: inputs must be a list of numbers, got {inputs!r}")
    return [as_float(x, where) for x in inputs]


def numerical_grad(f: Callable, inputs: Sequence[float], eps: float = 1e-6) -> List[float]:
    """∂f/∂xᵢ ≈ (f(x + eps·eᵢ) - f(x - eps·eᵢ)) / (2·eps) for each input.

    ``f`` takes a list of Values and returns a Value; ``inputs`` are numbers.
    """
    point = _as_point(inputs, "numerical_grad")
    if not eps > 0:
        raise ValueError(f"numerical_grad: eps must be > 0, got {eps!r}")
    grads = []
    for i, x in enumerate(point):
        plus = point[:i] + [x + eps] + point[i + 1:]
        minus = point[:i] + [x - eps] + point[i + 1:]
        grads.append((_evaluate(f, plus) - _evaluate(f, minus)) / (2 * eps))
    return grads


def analytic_grad(f: Callable, inputs: Sequence[float]) -> List[float]:
    """∂f/∂xᵢ by backpropagation, on fresh leaves."""
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(_as_point(inputs, "gradcheck"))]
    out = f(leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {out!r} ({type(out).__name__})")
    out.backward()
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
    point = _as_point(inputs, "gradcheck")
    analytic = analytic_grad(f, point)
    numeric = numerical_grad(f, point, eps)
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
