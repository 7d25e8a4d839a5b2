"""The garbage collector paused for fit's steps (collector.py): the user's settings always come back."""

import gc
import threading
import weakref

import pytest

import microgradkr as mg
from microgradkr.collector import paused_collector


@pytest.fixture
def collector_on():
    """Each test starts with the collector on and leaves it as Python had it."""
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
