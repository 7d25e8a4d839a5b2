"""Grad modes: no_grad, enable_grad and detect_anomaly.

Both switches live in one context variable, so recording a node reads it
only once.  contextvars make them per thread (and per asyncio task); a
``with`` block restores the previous mode however it is left, exceptions
included.  One switch object may be entered by several threads at once (a
module-level ``no_grad()`` shared by workers): what each entry must restore
is kept per thread.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import threading

GRAD_OFF = 1
ANOMALY = 2
_mode: contextvars.ContextVar = contextvars.ContextVar("microgradkr_mode", default=0)

#: the current mode bits (0 = recording, no anomaly checks): read on every op
mode = _mode.get


class _ModeSwitch:
    """Base for no_grad / enable_grad / detect_anomaly: a `with` block or a decorator."""

    _set = 0    # bits turned on inside
    _clear = 0  # bits turned off inside

    def __new__(cls, func=None):
        self = super().__new__(cls)
        self._saved = threading.local()  # per thread: the modes to restore, innermost last
        if func is not None:  # used bare, as @no_grad
            return self(func)
        return self

    def __enter__(self):
        stack = self._saved.__dict__.setdefault("stack", [])
        previous = _mode.get()
        stack.append(previous)
        _mode.set((previous | self._set) & ~self._clear)
        return self

    def __exit__(self, *exc_info):
        _mode.set(self._saved.stack.pop())
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(f"{type(self).__name__}: can decorate only a function, got {func!r}")
        cls = type(self)
        if inspect.isgeneratorfunction(func):
            return _switched_generator(cls, func)

        @functools.wraps(func)
        def switched(*args, **kwargs):
            with cls():
                return func(*args, **kwargs)

        return switched


def _switched_generator(cls, func):
    """A generator function whose body runs in the mode at every step, as PyTorch does.

    The mode is switched around each resumption only, so code that consumes
    the generator keeps its own mode between the items.
    """

    @functools.wraps(func)
    def switched(*args, **kwargs):
        generator = func(*args, **kwargs)
        resume, argument = generator.send, None
        while True:
            try:
                with cls():
                    item = resume(argument)
            except StopIteration as stop:
                return stop.value
            try:
                argument = yield item
                resume = generator.send
            except GeneratorExit:
                generator.close()
                raise
            except BaseException as error:  # thrown in: pass it on, inside the mode
                resume, argument = generator.throw, error

    return switched


class no_grad(_ModeSwitch):
    """Inside, ops compute values but record no graph: results are leaves.

    Use it as ``with no_grad():`` or as a decorator (``@no_grad()`` or
    ``@no_grad``), e.g. for evaluation or for updating parameters.
    """

    _set = GRAD_OFF


class enable_grad(_ModeSwitch):
    """Turns recording back on inside a ``no_grad`` block."""

    _clear = GRAD_OFF


class detect_anomaly(_ModeSwitch):
    """Inside, the first op whose forward result or backward gradient is nan
    raises FloatingPointError naming the op, its label and its inputs.

    Slower (every result is checked), so it is off by default.
    """

    _set = ANOMALY


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad`` (in this thread)."""
    return not _mode.get() & GRAD_OFF


def is_anomaly_enabled() -> bool:
    """True inside ``detect_anomaly`` (in this thread)."""
    return bool(_mode.get() & ANOMALY)
