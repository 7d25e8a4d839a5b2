"""How an exercise is checked: the learner's function against the engine, on many inputs.

An :class:`Exercise` says which inputs to draw (a hypothesis strategy), how the
engine answers one input (``backward()``, an optimizer's ``step()``, a loss,
finite differences ...) and how to run the learner's function on it.  ``run``
draws the inputs with hypothesis (derandomized: the same counterexample every
time, shrunk to a simple one) and turns the outcome into one short
:class:`Result`: a pass, "not done yet", the learner's exception on one input,
or one counterexample (input, expected, got).  No stored solutions: the answer
is always computed by the engine from the input.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Tuple

from ..engine import Value
from ..messages import say


class NotDone(Exception):
    """The learner's function is still the notebook's `...` (it returned None or Ellipsis)."""


class LearnerError(Exception):
    """The learner's function raised on one input (kept apart from the checker's own errors)."""

    def __init__(self, case, error: BaseException):
        super().__init__(case, error)
        self.case, self.error = case, error


class Mismatch(Exception):
    """One input where the learner's answer differs from the engine's."""

    def __init__(self, case, expected, got, note: str = ""):
        super().__init__(case, expected, got, note)
        self.case, self.expected, self.got, self.note = case, expected, got, note


@dataclass(frozen=True)
class Exercise:
    name: str                       # the function the learner writes, e.g. 'sigmoid_grad'
    topic: str                      # the notebook: '03'
    params: Tuple[str, ...]         # how the inputs are named in messages
    cases: Callable                 # st (hypothesis.strategies) -> a strategy of argument tuples
    expected: Callable              # *case -> the engine's answer
    source: str                     # message key naming where the answer comes from
    got: Optional[Callable] = None  # (fn, *case) -> the learner's answer; default fn(*case)
    labels: Tuple[str, ...] = ()    # names of the parts of a tuple answer
    examples: Tuple[tuple, ...] = ()  # inputs always tried first (edges such as x = 0)
    show: Optional[Callable] = None   # *case -> the input as text
    rel: float = 1e-9
    abs: float = 1e-12
    max_examples: int = 100

    def describe(self, case) -> str:
        if self.show is not None:
            return self.show(*case)
        return ", ".join(f"{name} = {_text(value)}" for name, value in zip(self.params, case))


def _numbers(answer):
    """An answer as a float or a tuple of floats (a Value counts as its data)."""
    if isinstance(answer, Value):
        return answer.data
    if isinstance(answer, (list, tuple)):
        return tuple(_numbers(part) for part in answer)
    if isinstance(answer, bool):
        return float(answer)
    if isinstance(answer, (int, float)):
        return float(answer)
    return answer  # anything else is shown as it is and never equals a number


def _close(a, b, rel: float, abs_: float) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(_close(x, y, rel, abs_) for x, y in zip(a, b)))
    if not isinstance(a, float) or not isinstance(b, float):
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _flat(answer) -> list:
    return [x for part in answer for x in _flat(part)] if isinstance(answer, tuple) else [answer]


def _note(expected, got, rel: float, abs_: float) -> str:
    """The message key of a mistake the numbers show at once (order, sign, a factor of 2), or ''."""
    if isinstance(expected, tuple) and isinstance(got, tuple) and len(expected) == len(got) >= 2:
        if _close(tuple(reversed(expected)), got, rel, abs_) and not _close(expected, got, rel, abs_):
            return "ex_note_swapped"
    pairs = list(zip(_flat(expected), _flat(got)))
    if len(_flat(expected)) != len(_flat(got)) or not all(isinstance(x, float) and isinstance(y, float)
                                                          for x, y in pairs):
        return "ex_note_shape"
    if any(x != 0 for x, _ in pairs):
        if all(_close(-x, y, rel, abs_) for x, y in pairs):
            return "ex_note_sign"
        if all(_close(2 * x, y, rel, abs_) for x, y in pairs) or all(_close(x, 2 * y, rel, abs_) for x, y in pairs):
            return "ex_note_factor_two"
    return ""


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_text(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def _answer_text(answer, labels: Sequence[str]) -> str:
    if isinstance(answer, tuple) and labels and len(labels) == len(answer):
        return ", ".join(f"{label} = {_text(part)}" for label, part in zip(labels, answer))
    return _text(answer)


def _learners(exercise: Exercise, fn: Callable, case):
    """The learner's answer to one input, as the exercise runs it."""
    return exercise.got(fn, *case) if exercise.got is not None else fn(*case)


def _answers(exercise: Exercise, fn: Callable, case):
    """(expected, got) for one input, both as numbers."""
    return _numbers(exercise.expected(*case)), _numbers(_learners(exercise, fn, case))


def judge(exercise: Exercise, fn: Callable, case) -> None:
    """Raise NotDone, LearnerError or Mismatch unless ``fn`` answers ``case`` as the engine does."""
    expected = _numbers(exercise.expected(*case))
    try:
        raw = _learners(exercise, fn, case)
    except (NotDone, Mismatch):
        raise
    except NotImplementedError:
        raise NotDone() from None
    except Exception as error:  # the learner's bug: reported as one line, never a traceback
        raise LearnerError(case, error) from None
    if raw is None or raw is Ellipsis:
        raise NotDone()
    got = _numbers(raw)
    if not _close(expected, got, exercise.rel, exercise.abs):
        raise Mismatch(case, expected, got, _note(expected, got, exercise.rel, exercise.abs))


@dataclass
class Result:
    """What check() says: shown as text in a notebook (and by print)."""

    name: str
    status: str                 # 'pass', 'not_done', 'error', 'wrong'
    text: str
    tried: int = 0
    case: object = None
    expected: object = None
    got: object = None
    notes: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:  # a notebook shows the last expression's repr: the sentence itself
        return self.text

    def _repr_html_(self) -> str:
        import html

        colour = {"pass": "#e6f4ea", "not_done": "#f1f3f4", "error": "#fce8e6", "wrong": "#fce8e6"}[self.status]
        return (f'<pre style="background:{colour};padding:.6em;border-radius:4px;white-space:pre-wrap">'
                f"{html.escape(self.text)}</pre>")


def _hypothesis_settings(max_examples: int):
    from hypothesis import HealthCheck, Phase, Verbosity, settings

    # derandomized: a class sees the same counterexample; no database: nothing written in the folder
    return settings(max_examples=max_examples, database=None, deadline=None, derandomize=True,
                    verbosity=Verbosity.quiet,
                    report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
                    phases=[Phase.explicit, Phase.generate, Phase.shrink])


@contextlib.contextmanager
def _scratch_home():
    """Hypothesis keeps a cache of constants in ./.hypothesis: put it in a scratch folder instead."""
    from hypothesis import configuration

    previous = configuration.__dict__.get("__hypothesis_home_directory")
    with tempfile.TemporaryDirectory(prefix="microgradkr-hypothesis-") as scratch:
        configuration.set_hypothesis_home_dir(scratch)
        try:
            yield
        finally:
            configuration.set_hypothesis_home_dir(previous)


def _sample(strategy, count: int) -> list:
    """``count`` inputs drawn from ``strategy`` (the same ones every time)."""
    from hypothesis import given

    cases = []
    _hypothesis_settings(count)(given(strategy)(lambda case: cases.append(case)))()
    return cases


def _confirmed(exercise: Exercise, fn: Callable, note: str, st) -> str:
    """``note`` if every other input the function gets wrong shows the same mistake, else ''.

    One input can mislead: σ(0) = 0.5 is exactly twice σ'(0) = 0.25, which is
    no factor of 2 anywhere else.
    """
    for case in _sample(exercise.cases(st), 20):
        try:
            expected, got = _answers(exercise, fn, case)
        except Exception:  # noqa: BLE001 - a raising input says nothing about the note
            continue
        if not _close(expected, got, exercise.rel, exercise.abs) and \
                _note(expected, got, exercise.rel, exercise.abs) != note:
            return ""
    return note


def run(exercise: Exercise, fn: Callable, lang: str) -> Result:
    """Check ``fn`` on the exercise's examples, then on hypothesis's inputs; one Result."""
    name = exercise.name
    try:
        from hypothesis import example, given
        from hypothesis import strategies as st
    except ImportError:
        return Result(name, "error", say("ex_needs_hypothesis", lang))
    tried = []

    def one(case):
        tried.append(case)
        judge(exercise, fn, case)

    try:
        if exercise.examples:  # a quick first call: "not done yet" needs no search
            one(exercise.examples[0])
        test = given(exercise.cases(st))(lambda case: one(case))
        for case in exercise.examples:
            test = example(case)(test)
        with _scratch_home():
            _hypothesis_settings(exercise.max_examples)(test)()
    except NotDone:
        return Result(name, "not_done", say("ex_not_done", lang, name=name))
    except LearnerError as failure:
        error = failure.error
        return Result(name, "error", say("ex_raised", lang, name=name, inputs=exercise.describe(failure.case),
                                         error=type(error).__name__, text=str(error)), case=failure.case)
    except Mismatch as wrong:
        lines = [say("ex_wrong", lang, name=name),
                 say("ex_wrong_input", lang, inputs=exercise.describe(wrong.case)),
                 say("ex_wrong_expected", lang, source=say(exercise.source, lang),
                     expected=_answer_text(wrong.expected, exercise.labels)),
                 say("ex_wrong_got", lang, got=_answer_text(wrong.got, exercise.labels))]
        with _scratch_home():
            note = wrong.note and _confirmed(exercise, fn, wrong.note, st)
        notes = [note] if note else []
        lines += [say(note, lang) for note in notes]
        lines.append(say("ex_ask_hint", lang, name=name))
        return Result(name, "wrong", "\n".join(lines), len(tried), wrong.case, wrong.expected, wrong.got, notes)
    return Result(name, "pass", say("ex_pass", lang, name=name, count=len(tried),
                                    source=say(exercise.source, lang)), len(tried))
