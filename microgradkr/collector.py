"""Pausing Python's cyclic garbage collector for a training step the engine runs itself.

A graph of Values holds no reference cycle (a node keeps its operands, never
the nodes that use it), so reference counting frees it the moment the last
name for it goes.  The cyclic collector does not know that: while a step
records tens of thousands of nodes it rescans them again and again, young
generations every 700 objects and the whole heap about once a step.  Inside
``fit`` (train.py) each step therefore runs with the collector paused, and
the step's graph is dropped before the collector is back on, so it never
sees the graph at all.  Measured with ``fit`` on 100 two-moons points,
MLP(2, [16, 16, 1]), hinge loss, 2 shared cores: 38.7 -> 33 ms per epoch for
microgradkr's MLP, 127 -> 77 ms for micrograd's nn.py over our Value (one node
per scalar op).

Only a scope the engine controls is paused, never the user's own code
between steps (a forward pass written by hand keeps the collector as the user
set it): what pauses it is one step of ``fit``.  The collector's state is
process-wide, so the pause is counted: the first step to enter (in any
thread) remembers whether the collector was on, the last to leave turns it
back on only then, and the thresholds are never touched.  (A loss function
that calls ``gc.disable()`` inside a step has it undone when the step ends.)
Cycles a user makes meanwhile are collected after the step, as soon as Python
next counts enough new objects.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_pausing = 0  # steps (in every thread) inside paused_collector now
_was_enabled = False  # whether the collector was on when the first of them entered


class paused_collector:
    """``with paused_collector():`` runs its body with the cyclic collector off, then restores it."""

    __slots__ = ()

    def __enter__(self) -> "paused_collector":
        global _pausing, _was_enabled
        with _lock:
            if _pausing == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _pausing += 1
        return self

    def __exit__(self, *exc_info) -> bool:
        global _pausing
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
        return False
