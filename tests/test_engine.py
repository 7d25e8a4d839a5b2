"""Value, backward, grad modes, IEEE behaviour, bad input, memory."""

import gc
import math
import sys
import threading
import tracemalloc

import pytest
from hypothesis import given

import microgradkr as mg
from microgradkr import Value
from microgradkr.testing import expressions


# ---------------------------------------------------------------- construction

def test_value_basics():
    a = Value(2, label="a")
    assert type(a.data) is float and a.data == 2.0
    assert a.grad == 0.0 and type(a.grad) is float
    assert a.label == "a" and a.op == "" and a.children == () and a.local_grads == ()
    assert repr(a) == "Value(data=2.0, grad=0.0, label='a')"
    assert repr(Value(1.5)) == "Value(data=1.5, grad=0.0)"


def test_value_uses_slots():
    a = Value(1.0)
    assert not hasattr(a, "__dict__")
    with pytest.raises(AttributeError):
        a.extra = 1


@pytest.mark.parametrize("attribute", ["op", "children", "local_grads"])
def test_graph_views_are_read_only(attribute):
    c = Value(2.0) * Value(3.0)
    with pytest.raises(AttributeError):
        setattr(c, attribute, None)


def test_children_in_operand_order_and_twice_for_a_times_a():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    c = a * b
    assert c.op == "mul" and c.children == (a, b) and c.local_grads == (3.0, 2.0)
    sq = a * a
    assert sq.children == (a, a)
    sq.backward()
    assert a.grad == 4.0


def test_huge_ints_become_inf_not_an_overflow_error():
    assert Value(10 ** 400).data == math.inf and Value(-(10 ** 400)).data == -math.inf
    assert (Value(1.0) * 10 ** 400).data == math.inf


def test_bool_is_accepted_as_zero_and_one():
    assert Value(True).data == 1.0 and Value(False).data == 0.0
    assert (Value(2.0) * True).data == 2.0


@pytest.mark.parametrize("bad", ["3", None, 1 + 2j, [1.0], {"a": 1}, b"1"])
def test_bad_types_in_constructor(bad):
    with pytest.raises(TypeError) as info:
        Value(bad)
    assert "Value" in str(info.value) and repr(bad)[:20] in str(info.value)


@pytest.mark.parametrize("bad", ["x", None, 2j, [1]])
@pytest.mark.parametrize("op, apply", [
    ("add", lambda v, o: v + o), ("add", lambda v, o: o + v),
    ("mul", lambda v, o: v * o), ("mul", lambda v, o: o * v),
    ("sub", lambda v, o: v - o), ("sub", lambda v, o: o - v),
    ("div", lambda v, o: v / o), ("div", lambda v, o: o / v),
    ("pow", lambda v, o: v ** o), ("pow", lambda v, o: o ** v),
    ("linear", lambda v, o: mg.linear([v], [o])), ("sum", lambda v, o: mg.sum([v, o])),
    ("exp", lambda v, o: mg.exp(o)), ("relu", lambda v, o: mg.relu(o)),
])
def test_bad_types_in_ops_name_the_op_and_the_value(op, apply, bad):
    if isinstance(bad, list) and op in ("add", "mul") and apply(Value(1.0), Value(1.0)) is None:
        pytest.fail("unreachable")
    with pytest.raises(TypeError) as info:
        apply(Value(1.0), bad)
    text = str(info.value)
    assert op in text and repr(bad) in text


def test_bad_label():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_comparisons_use_data_and_equality_is_identity():
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a and a < 1.5 and b >= 2
    assert a != Value(1.0) and a == a
    assert {a: "a", Value(1.0): "other"}[a] == "a"
    assert sorted([b, a]) == [a, b]
    with pytest.raises(TypeError, match="<"):
        a < "b"


def test_float_and_detach():
    a = Value(2.0, "a")
    c = a * 3.0
    with pytest.raises(TypeError, match="v.data"):  # float(Value) would cut the graph silently
        float(c)
    d = c.detach()
    assert d.data == 6.0 and d.children == () and d is not c


# ---------------------------------------------------------------- derived ops

def test_derived_ops():
    a, b = Value(6.0), Value(3.0)
    assert (a - b).data == 3.0 and (1 - b).data == -2.0 and (a - 1).data == 5.0
    assert (a / b).data == 2.0 and (12 / b).data == 4.0 and (a / 4).data == 1.5
    assert (-a).data == -6.0 and (2 + a).data == 8.0 and (2 * a).data == 12.0
    assert (Value(2.0) ** Value(3.0)).data == 8.0 and (2 ** Value(3.0)).data == 8.0
    assert (a ** 2).data == 36.0


def test_derived_gradients():
    a, b = Value(6.0), Value(3.0)
    (a / b).backward()
    assert a.grad == pytest.approx(1 / 3) and b.grad == pytest.approx(-6 / 9)
    x, y = Value(2.0), Value(3.0)
    (x ** y).backward()
    assert x.grad == 3 * 4.0 and y.grad == pytest.approx(8 * math.log(2))
    z = Value(3.0)
    (2 ** z).backward()
    assert z.grad == pytest.approx(8 * math.log(2))


def test_functions_accept_numbers():
    assert mg.exp(0).data == 1.0 and mg.log(1).data == 0.0 and mg.relu(-1).data == 0.0
    assert mg.tanh(0).data == 0.0 and mg.sigmoid(0).data == 0.5 and mg.step(1).data == 1.0


def test_sum_and_linear_are_single_nodes():
    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    s = mg.sum([a, b, 4.0, c])
    assert s.op == "sum" and s.data == 10.0 and s.children == (a, b, c)
    s.backward()
    assert (a.grad, b.grad, c.grad) == (1.0, 1.0, 1.0)
    w0, w1, bias = Value(0.5), Value(-2.0), Value(0.25)
    y = mg.linear([w0, w1], [2.0, 3.0], bias)
    assert y.op == "linear" and y.children == (w0, w1, bias) and y.local_grads == (2.0, 3.0, 1.0)
    assert y.data == 0.25 + 0.5 * 2.0 + -2.0 * 3.0
    x0, x1 = Value(2.0), Value(3.0)
    z = mg.linear([w0, w1], [x0, x1])
    assert z.children == (w0, w1, x0, x1) and z.local_grads == (2.0, 3.0, 0.5, -2.0)
    with pytest.raises(ValueError, match="linear"):
        mg.linear([w0], [1.0, 2.0])


def test_linear_layer_makes_the_nodes_linear_makes():
    from microgradkr import linear_layer
    x = [Value(0.35), Value(1.9), Value(-2.2)]
    rows = [[Value(0.1), Value(-0.7), Value(0.3)], [Value(2.0), 0.5, Value(-1.0)], [Value(1.5)] * 3]
    biases = [Value(0.05), None, Value(-0.25)]
    got = linear_layer(rows, x, biases)
    want = [mg.linear(w, x, b) for w, b in zip(rows, biases)]
    for g, w in zip(got, want):  # the row with a number takes linear()'s own path
        assert (g.data, [c.data for c in g.children], g.local_grads, g.operation.params) == \
            (w.data, [c.data for c in w.children], w.local_grads, w.operation.params)
    assert got[0].children == want[0].children == (*rows[0], *x, biases[0])
    float_inputs = linear_layer(rows[:1], [0.35, 1.9, -2.2], biases[:1])[0]
    assert float_inputs.children == (*rows[0], biases[0])  # float inputs fold into local grads
    assert linear_layer([iter(rows[0])], x, biases[:1])[0].data == want[0].data  # a row may be an iterator
    with pytest.raises(ValueError, match="linear"):
        linear_layer([[Value(1.0)]], x, [None])
    with pytest.raises(ValueError, match="linear_layer.*2 weight rows but 1 bias"):
        linear_layer(rows[:2], x, biases[:1])
    with pytest.raises(TypeError, match="linear_layer.*inputs"):
        linear_layer(rows, iter(x), biases)
    with pytest.raises(TypeError, match="linear: weights"):
        linear_layer([5], x, [None])


@pytest.mark.parametrize("n_inputs", [1, 2, 5])
@pytest.mark.parametrize("with_bias", [True, False])
@pytest.mark.parametrize("switch", [mg.enable_grad, mg.no_grad, mg.detect_anomaly])
def test_linear_layer_nodes_are_linears_in_every_size_and_mode(n_inputs, with_bias, switch):
    # the fast path writes a layer's nodes out itself: the same numbers, operands, node layout
    # (one weight, one input, no bias: two operands) and grad mode as linear() per neuron
    from microgradkr import linear_layer
    x = [Value(0.5 + i) for i in range(n_inputs)]
    rows = [[Value((-1.0) ** (i + j) * 0.3 * (i + 1)) for i in range(n_inputs)] for j in range(3)]
    biases = [Value(0.1 * j) if with_bias else None for j in range(3)]
    with switch():
        got = linear_layer(rows, x, biases)
        want = [mg.linear(w, x, b) for w, b in zip(rows, biases)]
    for g, w in zip(got, want):
        assert (g.data, g.grad, g.children, g.local_grads, g.operation) == \
            (w.data, w.grad, w.children, w.local_grads, w.operation)
        assert type(g._b) is type(w._b)
    assert all(g.children == () for g in got) == (switch is mg.no_grad)


def test_linear_equals_the_gates_exactly():
    w = [Value(0.1), Value(-0.7), Value(0.3)]
    x = [0.35, 1.9, -2.2]
    b = Value(0.05)
    fused = mg.linear(w, x, b)
    gates = b + w[0] * x[0] + w[1] * x[1] + w[2] * x[2]
    assert fused.data == gates.data


# ---------------------------------------------------------------- backward

def test_second_backward_accumulates_like_pytorch():
    x = Value(2.0)
    z = 3 * x ** 2
    z.backward()
    assert x.grad == 12.0
    z.backward()
    assert x.grad == 24.0  # micrograd gives 36: its intermediates accumulate too


def test_intermediates_hold_the_latest_call_only():
    x = Value(2.0)
    y = x * 3.0
    z = y * y
    z.backward()
    assert y.grad == 12.0
    z.backward()
    assert y.grad == 12.0 and x.grad == 72.0


def test_backward_seed_and_leaf_root():
    x = Value(2.0)
    y = x * 5.0
    y.backward(2.0)
    assert x.grad == 10.0
    x.backward()
    assert x.grad == 11.0
    with pytest.raises(TypeError, match="backward"):
        y.backward("1")


def test_a_million_op_chain_backpropagates_without_recursion():
    limit = sys.getrecursionlimit()
    x = Value(1.0)
    node = x
    for _ in range(1_000_000):
        node = node * 1.0
    node.backward()
    assert x.grad == 1.0
    assert sys.getrecursionlimit() == limit


def test_topological_order_is_deterministic_and_children_first():
    def build():
        a, b = Value(2.0, "a"), Value(3.0, "b")
        c = a + b
        c.label = "c"
        d = a * b
        d.label = "d"
        y = (c + d) + (c * d)
        y.label = "y"
        return y
    first = [(n.op, n.label, n.data) for n in mg.topological_order(build())]
    second = [(n.op, n.label, n.data) for n in mg.topological_order(build())]
    assert first == second
    order = mg.topological_order(build())
    seen = set()
    for node in order:
        assert all(child in seen for child in node.children)
        seen.add(node)
    assert len(order) == len(set(order))


def test_dropped_graph_is_freed_by_reference_counting():
    """With the cyclic GC off, dropping the root must give all memory back."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        x = Value(1.5)
        node = x
        for i in range(20_000):
            node = (node * 1.0001 + 0.5).tanh() if i % 2 else mg.linear([node], [0.9], node.sigmoid())
        node.backward()
        built = tracemalloc.get_traced_memory()[0]
        del node, x
        freed = tracemalloc.get_traced_memory()[0]
        unreachable = gc.collect()  # what the cyclic collector would have had to free
    finally:
        tracemalloc.stop()
        gc.enable()
    assert built - baseline > 5_000_000  # the graph was really there
    # reference counting alone gave it back (what stays is CPython's float/tuple free lists)
    assert freed - baseline < 0.05 * (built - baseline)
    assert unreachable == 0


# ---------------------------------------------------------------- IEEE floats

@pytest.mark.parametrize("make, expected", [
    (lambda: Value(1000.0).exp(), math.inf),
    (lambda: Value(0.0).log(), -math.inf),
    (lambda: Value(-1.0).log(), math.nan),
    (lambda: 1 / Value(0.0), math.inf),
    (lambda: -1 / Value(0.0), -math.inf),
    (lambda: Value(1.0) / 0.0, math.inf),
    (lambda: Value(0.0) ** -1, math.inf),
    (lambda: Value(-0.0) ** -1, -math.inf),
    (lambda: Value(10.0) ** 400, math.inf),
    (lambda: Value(-10.0) ** 401, -math.inf),
    (lambda: Value(-8.0) ** (1 / 3), math.nan),
    (lambda: Value(-8.0) ** Value(1 / 3), math.nan),
    (lambda: Value(2.0) ** Value(5000.0), math.inf),
    (lambda: Value(1e308) * 10, math.inf),
    (lambda: Value(math.inf) - math.inf, math.nan),
    (lambda: Value(-1000.0).exp(), 0.0),
])
def test_ieee_results_never_raise(make, expected):
    out = make()
    if math.isnan(expected):
        assert math.isnan(out.data)
    else:
        assert out.data == expected
        assert math.copysign(1.0, out.data) == math.copysign(1.0, expected)


@pytest.mark.parametrize("x", [-1000.0, -745.0, -50.0, 0.0, 50.0, 745.0, 1000.0, 1e308, -1e308])
def test_sigmoid_and_tanh_exact_and_finite_far_out(x):
    s = Value(x)
    out = s.sigmoid()
    out.backward()
    assert 0.0 <= out.data <= 1.0 and math.isfinite(s.grad)
    if abs(x) >= 1000:
        assert out.data == (1.0 if x > 0 else 0.0) and s.grad == 0.0
    t = Value(x)
    out = t.tanh()
    out.backward()
    assert -1.0 <= out.data <= 1.0 and math.isfinite(t.grad)
    if abs(x) >= 50:
        assert out.data == math.copysign(1.0, x) and t.grad == 0.0


def test_gradients_at_the_edges_follow_ieee():
    x = Value(0.0)
    x.log().backward()
    assert x.grad == math.inf
    y = Value(0.0)
    (y ** 0.5).backward()
    assert y.grad == math.inf
    z = Value(0.0)
    (z ** 0).backward()
    assert z.grad == 0.0  # x⁰ is constant, also at 0 (as PyTorch)
    a, b = Value(0.0), Value(2.0)
    (a ** b).backward()
    assert a.grad == 0.0 and b.grad == 0.0  # PyTorch's limit at a = 0
    r = Value(0.0)
    r.relu().backward()
    assert r.grad == 0.0  # relu'(0) = 0, as PyTorch


def test_step_has_zero_gradient_everywhere():
    for x in (-2.0, 0.0, 0.3, 5.0):
        v = Value(x)
        out = v.step()
        out.backward()
        assert out.data == (1.0 if x > 0 else 0.0) and v.grad == 0.0


# ---------------------------------------------------------------- no_grad

def test_no_grad_as_context_manager_records_no_graph():
    a = Value(2.0)
    with mg.no_grad():
        assert not mg.is_grad_enabled()
        b = a * 3.0
    assert mg.is_grad_enabled()
    assert b.data == 6.0 and b.children == () and b.op == ""
    assert (a * 3.0).children != ()


def test_no_grad_as_decorator_with_and_without_parentheses():
    @mg.no_grad()
    def f(x):
        return x * 2.0

    @mg.no_grad
    def g(x):
        return x * 2.0

    a = Value(1.0)
    assert f(a).children == () and g(a).children == ()
    assert f.__name__ == "f" and g.__name__ == "g"
    assert mg.is_grad_enabled()


def test_no_grad_restored_after_exception():
    with pytest.raises(RuntimeError):
        with mg.no_grad():
            raise RuntimeError("boom")
    assert mg.is_grad_enabled()

    @mg.no_grad()
    def fails():
        raise ValueError("x")

    with pytest.raises(ValueError):
        fails()
    assert mg.is_grad_enabled()


def test_no_grad_nests_and_enable_grad_reopens():
    with mg.no_grad():
        with mg.no_grad():
            pass
        assert not mg.is_grad_enabled()
        with mg.enable_grad():
            assert (Value(1.0) * 2.0).children != ()
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled()


def test_no_grad_is_per_thread():
    inside = threading.Event()
    release = threading.Event()
    seen = {}

    def worker():
        with mg.no_grad():
            inside.set()
            release.wait(5)
            seen["worker"] = mg.is_grad_enabled()

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    seen["main"] = mg.is_grad_enabled()
    seen["main_records"] = (Value(1.0) * 2.0).children != ()
    release.set()
    thread.join()
    assert seen == {"worker": False, "main": True, "main_records": True}


# ---------------------------------------------------------------- detect_anomaly

def test_detect_anomaly_in_forward_names_op_label_and_inputs():
    x = Value(-1.0, label="x")
    assert math.isnan(x.log().data)  # off by default: nan, no error
    with mg.detect_anomaly():
        assert mg.is_anomaly_enabled()
        with pytest.raises(FloatingPointError) as info:
            x.log()
    assert not mg.is_anomaly_enabled()
    text = str(info.value)
    assert "log" in text and "x=-1.0" in text


def test_detect_anomaly_in_backward():
    x = Value(0.0, label="x")
    y = x ** 0.5      # dy/dx = inf at 0
    y.label = "y"
    z = y * 0.0       # the forward is fine (0), the backward is 0 · inf = nan
    z.label = "z"
    z.backward()
    assert math.isnan(x.grad)
    x.grad = 0.0
    with mg.detect_anomaly():
        with pytest.raises(FloatingPointError) as info:
            z.backward()
    text = str(info.value)
    assert "pow" in text and "label y" in text and "x=0.0" in text


def test_a_backward_stopped_by_an_anomaly_leaves_the_next_one_right():
    """backward() marks the nodes it lists; a sweep stopped half way must clear every mark."""
    x, w, u = Value(1.0, label="x"), Value(3.0, label="w"), Value(0.0, label="u")
    h = (x * w).relu()
    # the second operand is swept first, and its 0 · inf stops the sweep before h
    z = h * h + (u ** 0.5) * 0.0
    with mg.detect_anomaly():
        with pytest.raises(FloatingPointError):
            z.backward()
    x.grad = w.grad = 0.0
    (h * 2.0).backward()  # a new root over the same h
    assert (w.grad, x.grad) == (2.0 * 1.0, 2.0 * 3.0)


def test_a_backward_interrupted_while_listing_leaves_no_mark(monkeypatch):
    from microgradkr import fastpath as engine  # the fast path's walk marks the nodes it lists
    x = Value(2.0)
    mid = x * 3.0
    z = mid * mid + mid
    real = engine._list_depth_first

    def interrupted(stack, listed, *args):
        real(stack, listed, *args)  # every node is listed and marked, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "_list_depth_first", interrupted)
    x.grad = 5.0  # set aside (and zeroed) while listing: it must come back
    with pytest.raises(KeyboardInterrupt):
        z.backward()
    assert x.grad == 5.0
    monkeypatch.undo()
    z.backward()
    assert x.grad == 5.0 + (2 * 6.0 + 1.0) * 3.0


def test_detect_anomaly_as_decorator_and_threads():
    @mg.detect_anomaly()
    def f():
        return Value(-1.0).log()

    with pytest.raises(FloatingPointError):
        f()
    assert not mg.is_anomaly_enabled()


@given(expressions())
def test_backward_processes_nodes_in_reverse_topological_order(expr):
    """Replaying the chain rule over reversed(topological_order) gives the same floats."""
    leaves = [Value(x) for x in expr.inputs]
    out = expr(leaves)
    replay = {out: 1.0}
    for node in reversed(mg.topological_order(out)):
        for child, local in zip(node.children, node.local_grads):
            replay[child] = replay.get(child, 0.0) + local * replay[node]
    out.backward()
    assert [leaf.grad for leaf in leaves] == [replay.get(leaf, 0.0) for leaf in leaves]
