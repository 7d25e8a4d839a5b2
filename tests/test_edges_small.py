"""Smaller edges (issue 22, point 9): arguments that were taken or failed unclearly, and garbage.

Each bad argument is a TypeError (a wrong kind) or ValueError (a wrong value)
whose message names the function and the argument, in Korean and English.
A graph, a drawing and a training run are freed by reference counting alone:
nothing they leave behind waits for the cyclic garbage collector.
"""

import gc
import math

import pytest

import microgradkr as mg
from microgradkr import MLP, Value, draw_dot, evaluate, fit, gates, gradcheck, numerical_grad, optim
from microgradkr.draw.render import RendererNotFound, find_renderer


def _bilingual(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text) and any("a" <= ch <= "z" for ch in text)


# ---------------------------------------------------------------- optimizers

@pytest.mark.parametrize("cls", [optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam])
@pytest.mark.parametrize("how", ["positional", "keyword"])
def test_an_optimizer_given_none_for_its_parameters_is_a_type_error(cls, how):
    with pytest.raises(TypeError) as caught:
        cls(None) if how == "positional" else cls(params=None)
    text = str(caught.value)
    assert cls.__name__ in text and "None" in text and "params" in text and _bilingual(text)


@pytest.mark.parametrize("cls", [optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam])
def test_an_optimizer_made_the_books_way_still_works(cls):
    made = cls(lr=0.1)
    params, grads = {"w": 1.0}, {"w": 0.5}
    made.update(params, grads)
    assert params["w"] < 1.0
    assert cls(lr=0.1).formula == "dlfs" if cls is not optim.SGD else cls().lr == optim.SGD_LR["dlfs"]


# ---------------------------------------------------------------- gradcheck

def _square(v):
    return v[0] * v[0]


@pytest.mark.parametrize("kwargs, argument, error", [
    ({"eps": "x"}, "eps", TypeError),
    ({"eps": None}, "eps", TypeError),
    ({"eps": True}, "eps", TypeError),
    ({"eps": float("nan")}, "eps", ValueError),
    ({"eps": -1e-6}, "eps", ValueError),
    ({"eps": math.inf}, "eps", ValueError),
    ({"atol": "x"}, "atol", TypeError),
    ({"atol": -1.0}, "atol", ValueError),
    ({"rtol": None}, "rtol", TypeError),
    ({"rtol": float("nan")}, "rtol", ValueError),
])
def test_gradcheck_names_a_bad_tolerance_or_step(kwargs, argument, error):
    with pytest.raises(error) as caught:
        gradcheck(_square, [1.0], **kwargs)
    text = str(caught.value)
    assert "gradcheck" in text and argument in text and _bilingual(text)


def test_numerical_grad_names_a_bad_step():
    with pytest.raises(TypeError) as caught:
        numerical_grad(_square, [1.0], eps="x")
    assert "numerical_grad" in str(caught.value) and "eps" in str(caught.value)


@pytest.mark.parametrize("f", [3, None, "x*x"])
def test_gradcheck_names_a_function_that_is_not_one(f):
    with pytest.raises(TypeError) as caught:
        gradcheck(f, [1.0])
    text = str(caught.value)
    assert "gradcheck" in text and " f" in text and repr(f) in text and _bilingual(text)


def test_gradcheck_names_a_result_that_is_not_a_value():
    with pytest.raises(TypeError) as caught:
        gradcheck(lambda v: 3.0, [1.0])
    text = str(caught.value)
    assert "gradcheck" in text and "3.0" in text and _bilingual(text)


# ---------------------------------------------------------------- 0-d arrays

np = pytest.importorskip("numpy", reason="numpy is optional: pip install numpy")


@pytest.mark.parametrize("which", ["X", "y"])
@pytest.mark.parametrize("call", ["evaluate", "fit"])
def test_a_0d_array_as_data_names_the_function_and_the_argument(which, call):
    model = MLP(2, [1], seed=0)
    X, y = [[0.0, 1.0]], [1.0]
    if which == "X":
        X = np.array(1.0)
    else:
        y = np.array(1.0)
    with pytest.raises(TypeError) as caught:
        evaluate(model, X, y) if call == "evaluate" else fit(model, X, y, epochs=1, progress=False)
    text = str(caught.value)
    assert f"{call}: {which}" in text and repr(np.array(1.0)) in text and _bilingual(text)


@pytest.mark.parametrize("build, argument", [
    (lambda bad: gates.and_gate(params=bad), "and_gate: params"),
    (lambda bad: gates.or_gate(params=bad), "or_gate: params"),
    (lambda bad: gates.nand_gate(params=bad), "nand_gate: params"),
    (lambda bad: gates.sigmoid_neuron(w=bad), "sigmoid_neuron: w"),
    (lambda bad: gates.sigmoid_neuron(x=bad), "sigmoid_neuron: x"),
])
@pytest.mark.parametrize("bad, error", [(np.array(1.0), TypeError), (3.0, TypeError), ("abc", TypeError),
                                        ((1.0,), ValueError), ((1.0, 2.0, 3.0, 4.0), ValueError)])
def test_a_gate_given_the_wrong_numbers_names_the_gate_and_the_argument(build, argument, bad, error):
    with pytest.raises(error) as caught:
        build(bad)
    text = str(caught.value)
    assert argument in text and _bilingual(text)


def test_gates_still_take_their_numbers_as_lists_tuples_and_arrays():
    assert gates.and_gate(1.0, 1.0, params=[0.5, 0.5, -0.7]).output.data == 1.0
    assert gates.and_gate(1.0, 1.0, params=np.array([0.5, 0.5, -0.7])).output.data == 1.0
    assert math.isclose(gates.sigmoid_neuron(w=np.array([2.0, -3.0, -3.0]), x=(-1.0, -2.0)).output.data,
                        0.7310585786300049)


# ---------------------------------------------------------------- garbage

def _has_renderer() -> bool:
    try:
        find_renderer()
    except RendererNotFound:
        return False
    return True


def _left_for_the_collector(work) -> int:
    """How many objects ``work()`` leaves that only the cyclic garbage collector would free."""
    work()  # first calls fill caches (the message catalog, imports): those are not garbage
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        work()
        return gc.collect()
    finally:
        if enabled:
            gc.enable()


def _draw():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(1.0, label="b")
    loss = ((x * w + b).tanh() - 1.0) ** 2
    loss.backward()
    drawing = draw_dot(loss)
    drawing.text(), drawing.source
    if _has_renderer():
        drawing.svg()
        drawing._repr_mimebundle_()


def _draw_both_ways_of_a_model():
    model = MLP(2, [3, 1], seed=0)
    loss = (model([1.0, -1.0]) - 0.5) ** 2
    loss.backward()
    for mode in ("forward", "backward", "both"):
        draw_dot(loss, mode=mode, lang="en")


def _fit():
    model = MLP(2, [4, 1], seed=0)
    for optimizer in ("sgd", "adam"):
        fit(model, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], epochs=3, progress=False,
            optimizer=optimizer, validation=([[0, 1]], [1]))
    evaluate(model, [[0, 1]], [1])


@pytest.mark.parametrize("work", [_draw, _draw_both_ways_of_a_model, _fit, lambda: draw_dot(gates.apple())],
                         ids=["draw_dot with svg", "draw_dot of a model", "fit", "a gate circuit"])
def test_reference_counting_alone_frees_what_a_call_made(work):
    assert _left_for_the_collector(work) == 0
