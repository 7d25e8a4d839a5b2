"""Numbers into the engine: a real number becomes a float, anything else a TypeError by name.

Every op takes Values and plain numbers; these functions decide what counts
as a number (bool as 0.0/1.0 so truth tables read naturally, numpy scalars
and 0-d arrays as the numbers they hold) and say, in Korean and English,
which op was given what when it is not one.
"""

from __future__ import annotations

import numbers

from .floats import to_float
from .messages import message


def as_float(x, where: str) -> float:
    """A real number as a float; TypeError naming `where` for anything else."""
    if type(x) is float:
        return x
    number = as_number(x, where)
    if number is NotImplemented:
        raise TypeError(message("bad_type", where=where, value=short_repr(x), type=type(x).__name__))
    return number


def as_number(x, where: str):
    """x as a float, NotImplemented for an array (numpy applies the op element by element), or TypeError."""
    if type(x) is float:
        return x
    is_value = getattr(type(x), "is_value_type", False)  # a Value: this module sits below engine.py
    if isinstance(x, numbers.Real) and not is_value:
        return to_float(x)
    ndim = getattr(x, "ndim", None)
    if ndim is not None and hasattr(x, "dtype") and not is_value:
        if ndim == 0 and x.dtype.kind in "biuf":  # a 0-d numpy array holding a real number
            return to_float(x.item())
        if ndim:
            return NotImplemented
    if is_value:
        raise TypeError(message("value_in_value", where=where, value=short_repr(x)))
    raise TypeError(message("bad_type", where=where, value=short_repr(x), type=type(x).__name__))


def as_label(label) -> str:
    """A node's label: a str, or TypeError (a label is drawn, never run)."""
    if not isinstance(label, str):
        raise TypeError(message("bad_label", value=short_repr(label), type=type(label).__name__))
    return label


def short_repr(x) -> str:
    """repr(x), cut to 60 characters, for error messages."""
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(values) -> str:
    """Nodes as an error message lists them: 'a=2.0, ?=3.0'."""
    return ", ".join(f"{v.label or '?'}={v.data!r}" for v in values) or "-"
