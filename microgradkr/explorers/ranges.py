"""Where each slider starts and what it covers.

A range given by the learner wins (``x=(-2, 2)`` or ``x=(-2, 2, 0.1)``); else
a circuit's input keeps to its natural range (``gates.Domain``: a price or a
count is not negative, a tax rate lies between 0 and 2); the automatic rule
(start ± 2·max(|start|, 1)) covers what neither says.
"""

from __future__ import annotations

import math
from typing import List, NamedTuple, Optional, Tuple

from ..gates import Domain
from ..messages import message


class Slider(NamedTuple):
    """Where one input's slider starts and what it covers."""

    label: str
    start: float
    low: float
    high: float
    step: float


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def around(start: float) -> Tuple[float, float, float]:
    """A range for a number with none given: start ± 2·max(|start|, 1), 200 steps.

    Wide enough to cross zero (a sign change is what changes a gradient most).
    """
    spread = 2.0 * max(abs(start), 1.0)
    return start - spread, start + spread, spread / 100.0


def natural(start: float, domain: Optional[Domain]) -> Tuple[float, float, float]:
    """The range of an input that starts at ``start`` and makes sense in ``domain``.

    A side the domain bounds ends there; a side it leaves open follows the
    automatic rule.  A start outside its domain (a builder given -5 apples)
    keeps the automatic range, so the slider can show it.
    """
    low, high, step = around(start)
    if domain is None or not _inside(start, domain):
        return low, high, step
    if domain.low is not None and domain.high is not None:
        low, high = domain.low, domain.high
        step = (high - low) / 100.0
    elif domain.low is not None:
        low = max(low, domain.low)
    elif domain.high is not None:
        high = min(high, domain.high)
    if domain.whole and float(start).is_integer():  # a count moves one at a time
        low, high, step = math.floor(low), math.ceil(high), 1.0
    return float(low), float(high), step


def _inside(x: float, domain: Domain) -> bool:
    return (domain.low is None or domain.low <= x) and (domain.high is None or x <= domain.high)


def slider_for(name: str, spec, label: str, start: Optional[float], domain: Optional[Domain] = None) -> Slider:
    """Read a range: a number (where to start), (low, high) or (low, high, step).

    ``start`` is where the slider starts when the range does not say (the
    circuit's number or the function's default); without one, the middle.
    ``domain`` bounds the range made for a lone number.
    """
    if is_number(spec):
        start = float(spec)
        low, high, step = natural(start, domain)
    elif isinstance(spec, (tuple, list)) and len(spec) in (2, 3) and all(map(is_number, spec)):
        low, high = float(spec[0]), float(spec[1])
        step = float(spec[2]) if len(spec) == 3 else (high - low) / 100.0
    else:
        raise TypeError(message("explore_bad_range", name=name, value=repr(spec)))
    if not (all(map(math.isfinite, (low, high, step))) and low < high and step > 0):
        raise ValueError(message("explore_bad_bounds", name=name, value=repr(spec)))
    if start is None or not low <= start <= high:
        start = (low + high) / 2.0
    return Slider(label, start, low, high, step)


def check_names(ranges: dict, known: List[str]) -> None:
    for name in ranges:
        if name not in known:
            raise ValueError(message("explore_unknown_input", name=name, known=", ".join(known)))
