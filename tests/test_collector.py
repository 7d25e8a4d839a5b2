"""The garbage collector paused for fit's steps and spaced between backward() calls (collector.py):
the user's settings always come back."""

import gc
import threading
import weakref

import pytest

import microgradkr as mg
from microgradkr import collector
from microgradkr.collector import paused_collector


@pytest.fixture
def collector_on():
    """Each test starts with the collector on and leaves it as Python had it."""
    collector.restore_thresholds()  # an earlier test's backward() may have spaced them
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()
    gc.set_threshold(*thresholds)


def test_pause_turns_it_off_and_back_on(collector_on):
    thresholds = gc.get_threshold()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_threshold() == thresholds


def test_a_collector_the_user_turned_off_stays_off(collector_on):
    gc.disable()
    with paused_collector():
        pass
    assert not gc.isenabled()


def test_an_exception_or_ctrl_c_inside_restores_it(collector_on):
    for error in (ValueError, KeyboardInterrupt):
        with pytest.raises(error):
            with paused_collector():
                raise error()
        assert gc.isenabled()


def test_nested_pauses_restore_at_the_outermost(collector_on):
    with paused_collector():
        with paused_collector():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_threads_overlapping_leave_it_on(collector_on):
    inside, release = threading.Barrier(2), threading.Event()
    states = []

    def step(wait: bool):
        with paused_collector():
            inside.wait()
            if wait:
                release.wait()
            states.append(gc.isenabled())

    first = threading.Thread(target=step, args=(True,))
    second = threading.Thread(target=step, args=(False,))
    first.start()
    second.start()
    second.join()  # the second thread is out while the first is still inside
    assert not gc.isenabled()
    release.set()
    first.join()
    assert states == [False, False]
    assert gc.isenabled()


class _Holder:
    """An object of the user's that holds a Value and itself: a cycle only the collector frees."""

    def __init__(self, value):
        self.value, self.me = value, self


def test_fit_pauses_each_step_and_a_users_cycle_is_still_collected(collector_on):
    seen, holders = [], []

    def loss(outputs, targets):  # a loss of the user's that leaves a cycle behind every step
        seen.append(gc.isenabled())
        holder = _Holder(outputs[0])
        holders.append(weakref.ref(holder))
        return mg.losses.mse(outputs, targets)

    model = mg.MLP(2, [3, 1], seed=0)
    mg.fit(model, [[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0], loss=loss, epochs=3, progress=False)
    assert seen == [False, False, False]
    assert gc.isenabled()
    gc.collect()
    assert [ref() for ref in holders] == [None, None, None]


def test_fit_with_the_collector_off_leaves_it_off(collector_on):
    gc.disable()
    mg.fit(mg.MLP(2, [1], seed=0), [[0.0, 1.0]], [1.0], epochs=2, progress=False)
    assert not gc.isenabled()


# ---------------------------------------------------------------- spacing between backward() calls

def _graph(n: int):
    """A chain of n op nodes over one leaf."""
    x = mg.Value(0.5)
    out = x
    for _ in range(n):
        out = out * 1.0
    return x, out


def test_backward_gives_the_young_generation_room_for_the_next_graph(collector_on):
    gc.set_threshold(700, 10, 10)
    _, out = _graph(1000)
    out.backward()
    assert gc.get_threshold() == (collector.OBJECTS_PER_NODE * 1000, 10, 10)
    _, out = _graph(2000)  # the next step's graph is bigger: the room grows with it
    out.backward()
    assert gc.get_threshold() == (collector.OBJECTS_PER_NODE * 2000, 10, 10)
    _, out = _graph(10)  # a small graph: never below what the user set
    out.backward()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_graph_of_the_same_size_is_recorded_without_a_collection(collector_on):
    gc.set_threshold(700, 10, 10)
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    _, out = _graph(5000)
    out.backward()
    del out
    gc.callbacks.append(seen)
    try:
        _, out = _graph(5000)
        out.backward()
    finally:
        gc.callbacks.remove(seen)
    assert collections == []


def test_room_has_a_ceiling(collector_on):
    gc.set_threshold(700, 10, 10)
    collector.space_for_graph(10 ** 9)
    assert gc.get_threshold() == (collector.MOST_OBJECTS, 10, 10)


def test_the_first_collection_gives_the_users_thresholds_back(collector_on):
    gc.set_threshold(900, 11, 12)
    _, out = _graph(1000)
    out.backward()
    assert gc.get_threshold()[0] > 900
    gc.collect()
    assert gc.get_threshold() == (900, 11, 12)


def test_thresholds_the_user_sets_meanwhile_are_kept(collector_on):
    gc.set_threshold(700, 10, 10)
    _, out = _graph(1000)
    out.backward()
    gc.set_threshold(5000, 3, 3)  # the user's own choice, while spaced
    gc.collect()
    assert gc.get_threshold() == (5000, 3, 3)
    out.backward()  # the user's new thresholds are the ones spacing starts from
    assert gc.get_threshold() == (5000, 3, 3)  # 4 x 1000 nodes is less than the user's 5000
    _, out = _graph(2000)
    out.backward()
    gc.collect()
    assert gc.get_threshold() == (5000, 3, 3)


def test_a_users_threshold_of_zero_or_spacing_off_is_left_alone(collector_on):
    gc.set_threshold(0, 10, 10)  # young collections off: the user's choice
    _, out = _graph(1000)
    out.backward()
    assert gc.get_threshold() == (0, 10, 10)
    gc.set_threshold(700, 10, 10)
    collector.SPACING = False
    try:
        out.backward()
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        collector.SPACING = True


def test_a_users_cycle_is_still_collected_without_gc_collect(collector_on):
    gc.set_threshold(700, 10, 10)
    _, out = _graph(1000)
    out.backward()
    cycle = _Holder(out)
    ref = weakref.ref(cycle)
    del cycle
    # a program that goes on making objects without graphs: the spaced room fills, a collection
    # comes, finds the cycle and gives the user's thresholds back
    kept = [[i] for i in range(collector.OBJECTS_PER_NODE * 1000 * 3)]
    assert ref() is None
    assert gc.get_threshold() == (700, 10, 10)
    del kept
