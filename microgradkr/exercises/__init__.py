"""Exercises that check themselves: write the function, then ``check(it)``.

    >>> from microgradkr.exercises import check, hint
    >>> def sigmoid_grad(x):
    ...     s = 1 / (1 + math.exp(-x))
    ...     return s * (1 - s)
    >>> check(sigmoid_grad)                      # doctest: +SKIP
    ✓ sigmoid_grad: 통과! ...

``check`` finds the exercise by the function's name (or ``exercise=``), runs
it on many inputs drawn by hypothesis and compares it with what the engine
computes (backward(), an optimizer's step, a loss, finite differences);
it answers in one short message, Korean by default (``lang='en'``, or
``MICROGRADKR_LANG=en``): a pass, "not done yet" while the body is still
``...``, the input where the function raised, or one counterexample (input,
expected, got).  ``hint(fn)`` gives a hint.  The answers are never stored:
they are computed by the engine from each input.
"""

from __future__ import annotations

import os
from typing import Callable, List, Optional, Union

from ..messages import check_lang, say
from .catalog import EXERCISES
from .checker import Exercise, Result, run

__all__ = ["check", "hint", "names", "EXERCISES", "Exercise", "Result"]


#: the language of the last check(): hint() right after check(f, lang='en') answers in English too
_last_lang: Optional[str] = None


def _lang(lang: Optional[str], where: str) -> str:
    return check_lang(lang or _last_lang or os.environ.get("MICROGRADKR_LANG", "ko"), where)


def _exercise(fn_or_name: Union[Callable, str], exercise: Optional[str], lang: str) -> Exercise:
    name = exercise or (fn_or_name if isinstance(fn_or_name, str) else getattr(fn_or_name, "__name__", ""))
    if name not in EXERCISES:
        raise ValueError(say("ex_unknown", lang, name=name, names=", ".join(EXERCISES)))
    return EXERCISES[name]


def check(fn: Callable, exercise: Optional[str] = None, lang: Optional[str] = None) -> Result:
    """Check the learner's ``fn`` for its exercise (its ``__name__``, or ``exercise``); a Result.

    In a notebook the Result shows as its message; ``bool(result)`` is True on a pass.
    """
    global _last_lang
    lang = check_lang(lang or os.environ.get("MICROGRADKR_LANG", "ko"), "check")
    _last_lang = lang
    if not callable(fn):
        raise TypeError(say("ex_not_callable", lang, value=repr(fn)))
    return run(_exercise(fn, exercise, lang), fn, lang)


class Hint(str):
    """A hint: a str that a notebook shows as plain text (no quotes)."""

    def __repr__(self) -> str:
        return str(self)


def hint(fn_or_name: Union[Callable, str], lang: Optional[str] = None) -> Hint:
    """The hint for an exercise (give the function or its name), in the language of the last check()."""
    lang = _lang(lang, "hint")
    exercise = _exercise(fn_or_name, None, lang)
    return Hint(say("ex_hint", lang, name=exercise.name, hint=say(f"ex_{exercise.name}_hint", lang)))


def names(topic: Optional[str] = None) -> List[str]:
    """The exercises' names, all or one notebook's ('03')."""
    return [name for name, e in EXERCISES.items() if topic is None or e.topic == topic]
