"""How the engine keeps Python's cyclic garbage collector from rescanning its graphs.

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

A step written by hand (forward, ``backward()``, update, as micrograd's demo
writes it) is not a scope the engine enters, but ``backward()`` marks where
one step ends and the next begins.  So after a backward over a graph of n
nodes the collector's youngest generation is given room for the next
step's graph (``space_for_graph``): its threshold becomes 4·n objects
(a node keeps at most its operand and gradient tuples alive besides itself;
at most a million), or stays as the user set it if that is more.  The next
forward pass of the same size then records without a collection (W5, 100
points: 84 -> 63 ms per step; W1: 25.9 -> 23.0 ms), and the graph before it
is freed by reference counting as usual.  The collector stays on, so a
user's cycles are still found, after at most that many new objects.  The
user's thresholds come back at the first collection that happens anyway (a
program that has stopped making graphs, or ``gc.collect()``); thresholds the
user set meanwhile are kept, never overwritten.
``microgradkr.collector.SPACING = False`` switches this off.
"""

from __future__ import annotations

import gc
import threading

#: whether backward() spaces the young collections for the next graph (see above)
SPACING = True
#: the youngest generation's threshold per node of the last graph, and its ceiling
OBJECTS_PER_NODE, MOST_OBJECTS = 4, 1_000_000

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


# ---------------------------------------------------------------- room for the next graph

_spaced = None  # while spaced: (the user's thresholds, the thresholds set here)


def space_for_graph(nodes: int) -> None:
    """After a backward over ``nodes`` nodes: let the next graph of that size be recorded without a collection."""
    global _spaced
    if not SPACING:
        return
    current = gc.get_threshold()
    spaced = _spaced
    user = spaced[0] if spaced is not None and current == spaced[1] else current
    if user[0] == 0:  # the user has turned the young collections off (threshold 0): theirs to keep
        return
    wanted = (max(user[0], min(OBJECTS_PER_NODE * nodes, MOST_OBJECTS)), *user[1:])
    if wanted != current:
        if not _callback_added:
            _add_callback()
        gc.set_threshold(*wanted)
    _spaced = (user, wanted) if wanted != user else None


def restore_thresholds() -> None:
    """Give the user's thresholds back, unless the user has set others since they were spaced."""
    global _spaced
    spaced, _spaced = _spaced, None
    if spaced is not None and gc.get_threshold() == spaced[1]:
        gc.set_threshold(*spaced[0])


def _on_collection(phase: str, info: dict) -> None:
    """A collection is starting although the thresholds were spaced: no longer a training loop's rhythm."""
    if phase == "start" and _spaced is not None:
        restore_thresholds()


_callback_added = False


def _add_callback() -> None:
    global _callback_added
    with _lock:
        if not _callback_added:
            gc.callbacks.append(_on_collection)
            _callback_added = True
