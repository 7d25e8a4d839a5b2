"""Argument checks for the network modules: TypeError for a wrong kind of value,
ValueError for a wrong value, both in Korean and English and naming the argument."""

from __future__ import annotations

import math
from typing import Sequence

from .text import message


def count(value, what: str, minimum: int = 1) -> int:
    """An integer >= minimum (bool is refused: True is not a size)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(message("nn_bad_int", what=what, value=repr(value), type=type(value).__name__))
    if value < minimum:
        raise ValueError(message("nn_too_small", what=what, value=value, minimum=minimum))
    return value


def number(value, what: str, low: float = 0.0, inclusive: bool = True) -> float:
    """A finite number >= low (or > low when not inclusive), as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(message("nn_bad_hyper_type", what=what, value=repr(value), type=type(value).__name__))
    value = float(value)
    if not math.isfinite(value) or not (value >= low if inclusive else value > low):
        raise ValueError(message("nn_bad_hyper", what=what, value=value, low=low,
                                 sign=">=" if inclusive else ">"))
    return value


def choice(value, what: str, choices: Sequence[str]):
    """One of ``choices`` (names of activations, initialisers, formulas...)."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(message("nn_unknown_choice", what=what, value=repr(value),
                                 choices=", ".join(choices)))
    return value


def sequence(value, where: str) -> list:
    """A list, tuple or other sized collection as a list; a string is not one."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(message("nn_bad_inputs", where=where, value=repr(value)[:60],
                                type=type(value).__name__))
    return list(value)
