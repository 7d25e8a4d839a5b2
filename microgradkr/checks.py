"""Argument checks, in one place, for every public function: TypeError for a wrong
kind of value, ValueError for a wrong value, both in Korean and English.

``what`` names the function and the argument, e.g. ``"SGD: lr"``, so every
message says where the bad value went in.  numpy numbers are accepted like
Python's (``operator.index`` for integers, ``numbers.Real`` for the rest);
bool is refused where a size or a rate is meant (True is not a learning rate).
"""

from __future__ import annotations

import math
import numbers
import operator
import os
from typing import Sequence

from .messages import message


def _shown(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def shown_int(n: int) -> str:
    """An integer for a message: digits, or 1.00e+400 when it is too long to read."""
    return _big_int(n)


def _big_int(n: int) -> str:
    """An integer for a message: digits, or 1.0e+400 when it is too long to read."""
    digits = str(n)
    if len(digits) <= 15:
        return f"{n:,}"
    return f"{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"


def count(value, what: str, minimum: int = 1, maximum=None) -> int:
    """An integer >= minimum (and <= maximum if given); any integer type, e.g. numpy's; bool is not a size."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise TypeError(message("nn_bad_int", what=what, value=_shown(value), type=type(value).__name__))
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(message("nn_bad_int", what=what, value=_shown(value),
                                type=type(value).__name__)) from None
    if value < minimum:
        raise ValueError(message("nn_too_small", what=what, value=_big_int(value), minimum=minimum))
    if maximum is not None and value > maximum:
        raise ValueError(message("too_large", what=what, value=_big_int(value), maximum=_big_int(maximum)))
    return value


def real(value, what: str, allow_bool: bool = False) -> float:
    """Any real number as a float (inf and nan included: the caller checks the range).

    An integer too big for a float becomes ±inf, as IEEE rounding gives.
    """
    if (isinstance(value, bool) and not allow_bool) or not isinstance(value, numbers.Real):
        raise TypeError(message("nn_bad_hyper_type", what=what, value=_shown(value),
                                type=type(value).__name__))
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def number(value, what: str, low: float = 0.0, inclusive: bool = True, high: float = math.inf,
           high_inclusive: bool = True) -> float:
    """A finite number in [low, high] (ends open when not inclusive), as a float."""
    value = real(value, what)
    above = value >= low if inclusive else value > low
    below = value <= high if high_inclusive else value < high
    if not (math.isfinite(value) and above and below):
        raise ValueError(message("nn_bad_hyper", what=what, value=value,
                                 range=_range(low, inclusive, high, high_inclusive)))
    return value


def _range(low: float, inclusive: bool, high: float, high_inclusive: bool) -> str:
    if high == math.inf:
        return f"{'>=' if inclusive else '>'} {low:g}"
    return f"{'[' if inclusive else '('}{low:g}, {high:g}{']' if high_inclusive else ')'}"


def flag(value, what: str) -> bool:
    """True or False (numpy's bool too); 'a', None or 1 is not a switch."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    raise TypeError(message("bad_flag", what=what, value=_shown(value), type=type(value).__name__))


def choice(value, what: str, choices: Sequence[str]):
    """One of ``choices`` (names of activations, initialisers, formulas...)."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(message("nn_unknown_choice", what=what, value=_shown(value),
                                 choices=", ".join(choices)))
    return value


def sequence(value, where: str) -> list:
    """A list, tuple or other sized collection as a list; a string is not one."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        raise TypeError(message("nn_bad_inputs", where=where, value=_shown(value),
                                type=type(value).__name__))
    try:
        len(value)
    except TypeError:  # a numpy 0-d array has both methods but is one number, not a collection
        raise TypeError(message("nn_bad_inputs", where=where, value=_shown(value),
                                type=type(value).__name__)) from None
    return list(value)


def file_path(value, what: str):
    """A file name: str, bytes or os.PathLike, as ``open()`` takes it.

    An int would be a file descriptor to ``open()``: reading 0 waits on
    standard input and closing it afterwards closes someone else's file, so
    it is refused (and so is bool, which is an int).
    """
    if isinstance(value, (str, bytes, os.PathLike)):
        path = os.fspath(value)
        if len(path) == 0 or (b"\0" if isinstance(path, bytes) else "\0") in path:
            raise ValueError(message("bad_path_value", what=what, value=_shown(value)))
        return path
    raise TypeError(message("bad_path", what=what, value=_shown(value), type=type(value).__name__))


#: about what one Value costs in memory (the object and its float), for the size check
BYTES_PER_VALUE = 104


def memory_bytes() -> int:
    """This computer's memory in bytes (1 TiB when the system does not say)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return 2 ** 40


def fits_in_memory(values: int, where: str, what: str, bytes_each: int = BYTES_PER_VALUE) -> int:
    """ValueError before allocating ``values`` things that cannot fit in memory.

    Without it ``MLP(10**400, [1])`` would allocate until the machine gives up.
    """
    needed = values * bytes_each
    memory = memory_bytes()
    if needed > memory:
        raise ValueError(message("too_big", where=where, what=what, count=_big_int(values),
                                 gib=_gib(needed), memory=_gib(memory)))
    return values


def _gib(n: int) -> str:
    return f"{n / 2 ** 30:,.1f}" if n < 2 ** 80 else _big_int(n // 2 ** 30)
