"""The engine at its edges (issue: an adversarial run): each test failed before its fix."""

import gc
import math
import threading
import weakref

import pytest

import microgradkr as mg
from microgradkr import Value


# ---------------------------------------------------------------- compile

def test_compile_keeps_numbers_folded_into_a_sum():
    f = mg.compile(lambda v: mg.sum([v[0], 1.0]), [0.0])
    assert f([0.0]) == (1.0, [1.0])
    f = mg.compile(lambda v: mg.sum([2 * v[0], 10.0, v[1]]), [1.0, 2.0])
    assert f([1.0, 2.0]) == (14.0, [2.0, 1.0])
    assert f.verify([3.0, -4.0])


@pytest.mark.parametrize("labels", [["fi", "ﬁ"], ["X", "Ｘ"], ["xi", "xᵢ"], ["x²", "½"], ["①", "lambda"]])
def test_compile_names_stay_unique_whatever_python_normalises(labels):
    f = mg.compile(lambda v: v[0] * v[0] + 3 * v[1], [2.0, 5.0], names=labels)
    assert f([2.0, 5.0]) == (19.0, [4.0, 3.0])  # not 25 from two labels merged into one name


def test_compile_long_sums_and_weighted_sums():
    f = mg.compile(lambda v: mg.sum([v[0] * float(i) for i in range(3000)]), [1.0])
    assert f([2.0]) == (2 * 4498500.0, [4498500.0])
    f = mg.compile(lambda v: mg.linear(v[:10000], v[10000:], 1.0), [0.5] * 20000)
    out, grads = f([0.5] * 20000)
    assert out == 2501.0 and grads[0] == 0.5 and len(grads) == 20000


def test_a_dropped_compiled_function_is_freed_without_the_cycle_collector():
    gc.disable()
    try:
        f = mg.compile(lambda v: v[0] * 2, [1.0])
        ref = weakref.ref(f._function)
        del f
        assert ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize("names, error", [({"a": 1}, TypeError), ([1], TypeError), (["a", "b"], ValueError)])
def test_compile_names_are_checked(names, error):
    with pytest.raises(error, match="compile"):
        mg.compile(lambda v: v[0] * 2, [1.0], names=names)


# ---------------------------------------------------------------- masks select, they do not multiply

@pytest.mark.parametrize("make, x0", [
    (lambda x: x.relu() ** 0.5, -1.0),
    (lambda x: x.relu().log(), -1.0),
    (lambda x: x.relu() * math.nan, -1.0),
    (lambda x: 1 / x.relu(), 0.0),
    (lambda x: x.step() * math.inf, 1.0),
])
def test_a_zero_local_gradient_stops_inf_and_nan_from_above(make, x0):
    x = Value(x0)
    make(x).backward()
    assert x.grad == 0.0  # as PyTorch: relu and step mask the gradient
    compiled = mg.compile(lambda v: make(v[0]), [x0])
    assert compiled([x0])[1] == [0.0]


def test_relu_passes_the_gradient_of_a_nan():
    x = Value(math.nan)
    x.relu().backward()
    assert x.grad == 1.0  # PyTorch masks by x <= 0, which nan does not meet


def test_power_limits_at_zero_as_pytorch():
    a, b = Value(0.0), Value(0.0)
    (a ** b).backward()
    assert (a.grad, b.grad) == (0.0, 0.0)
    x = Value(0.0)
    (x ** 0.0).backward()
    assert x.grad == 0.0


# ---------------------------------------------------------------- accumulation and modes

def test_a_second_backward_doubles_the_leaves_exactly():
    x = Value(0.3)
    out = x * 0.51 + x * 0.4 + x * 0.78
    out.backward()
    first = x.grad
    out.backward()
    assert first == 1.6900000000000002 and x.grad == 2 * first  # 3.3800000000000003


def test_create_graph_records_inside_no_grad():
    x = Value(3.0)
    y = x ** 3
    with mg.no_grad():
        first = mg.grad(y, x, create_graph=True)
    assert first.data == 27.0 and mg.grad(first, x) == 18.0


def test_one_no_grad_object_shared_by_threads():
    switch = mg.no_grad()
    errors, recorded = [], []

    def work():
        try:
            for _ in range(3000):
                with switch:
                    recorded.append(bool((Value(1.0) * 2)._prev))
        except Exception as error:  # noqa: BLE001 - any error fails the test
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and not any(recorded)
    assert mg.is_grad_enabled()


def test_no_grad_on_a_generator_function():
    @mg.no_grad()
    def squares(n):
        for i in range(n):
            yield Value(float(i)) * Value(float(i))

    produced = list(squares(3))
    assert [v.data for v in produced] == [0.0, 1.0, 4.0] and all(v._prev == () for v in produced)
    assert mg.is_grad_enabled() and (Value(1.0) * 2)._prev  # outside, recording goes on


# ---------------------------------------------------------------- clear errors

@pytest.mark.parametrize("call, error, name", [
    (lambda: mg.topological_order("x"), TypeError, "topological_order"),
    (lambda: mg.sum(None), TypeError, "sum"),
    (lambda: mg.sum(3.0), TypeError, "sum"),
    (lambda: mg.linear(None, None), TypeError, "linear"),
    (lambda: mg.linear([1.0], [1.0, 2.0]), ValueError, "linear"),
    (lambda: Value(Value(1.0)), TypeError, "v.data"),
    (lambda: mg.grad(Value(1.0), 3.0), TypeError, "grad"),
    (lambda: Value(1.0).backward("a"), TypeError, "backward"),
])
def test_bad_arguments_name_the_function(call, error, name):
    with pytest.raises(error, match=name):
        call()
