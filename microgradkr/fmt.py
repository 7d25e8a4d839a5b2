"""How numbers are shown to a learner."""

from __future__ import annotations

import math
from typing import Optional


def format_number(x: float, precision: Optional[int] = 4) -> str:
    """``precision`` decimals with trailing zeros stripped: 220.00000000000003 → '220'.

    ``precision=None`` gives the full repr, so the float noise can be shown on purpose.
    """
    if precision is None or not math.isfinite(x):
        return repr(x) if math.isfinite(x) else {math.inf: "inf", -math.inf: "-inf"}.get(x, "nan")
    text = f"{x:.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_beside(x: float, precision: Optional[int] = 4) -> str:
    """The number as pictures show it, with the full float beside it when rounding hid something.

    220.00000000000003 → '220 (float 220.00000000000003)'; 2.2 → '2.2'; precision None: the full repr alone.
    """
    shown = format_number(x, precision)
    if precision is None or not math.isfinite(x) or float(shown) == x:
        return shown
    return f"{shown} (float {x!r})"
