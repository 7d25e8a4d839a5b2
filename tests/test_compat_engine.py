"""Engine-level code learners bring: micrograd's trace_graph notebook, the micrograd lecture,
DeZero's second-order cells, numpy numbers and Python's math.

Written the way those notebooks write it (their calls, not their code); the numbers
are the ones they print.
"""

import math as pymath

import pytest

from microgradkr import Value


# ---------------------------------------------------------------- micrograd's trace_graph notebook

def trace(root):
    """The notebook's walk: every node and edge, through v._prev."""
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(root)
    return nodes, edges


def record_labels(root):
    """What the notebook's draw_dot puts in each box: data and grad with 4 decimals, and the op."""
    nodes, edges = trace(root)
    boxes = sorted("{ data %.4f | grad %.4f }" % (n.data, n.grad) for n in nodes)
    ops = sorted(n._op for n in nodes if n._op)
    return boxes, ops, len(edges)


def test_trace_graph_notebook_relu_example_matches_micrograd():
    micrograd = pytest.importorskip("micrograd.engine", reason="pip install micrograd (the bench extra)")
    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    mx = micrograd.Value(1.0)
    my = (mx * 2 + 1).relu()
    my.backward()
    assert record_labels(y) == record_labels(my)
    assert record_labels(y)[1] == ["*", "+", "ReLU"]
    graphviz = pytest.importorskip("graphviz")
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    nodes, edges = trace(y)
    for n in nodes:
        dot.node(name=str(id(n)), label="{ data %.4f | grad %.4f }" % (n.data, n.grad), shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    assert "ReLU" in dot.source and "data 3.0000 | grad 1.0000" in dot.source


def test_op_strings_as_micrograd_writes_them():
    a, b = Value(2.0), Value(3.0)
    assert (a + b)._op == "+" and (a * b)._op == "*" and (a ** 2)._op == "**2"
    assert a.relu()._op == "ReLU" and a.tanh()._op == "tanh" and a.exp()._op == "exp"
    assert a._op == "" and a._prev == () and set((a * b)._prev) == {a, b}


# ---------------------------------------------------------------- the micrograd lecture

def lecture_neuron():
    # inputs x1, x2; weights w1, w2; bias b: the lecture's numbers
    x1 = Value(2.0, label="x1")
    x2 = Value(0.0, label="x2")
    w1 = Value(-3.0, label="w1")
    w2 = Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1; x1w1.label = "x1*w1"  # noqa: E702
    x2w2 = x2 * w2; x2w2.label = "x2*w2"  # noqa: E702
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = "x1*w1 + x2*w2"  # noqa: E702
    n = x1w1x2w2 + b; n.label = "n"  # noqa: E702
    return (x1, x2, w1, w2, b, x1w1, x2w2, x1w1x2w2, n)


def test_lecture_manual_backward_cells():
    x1, x2, w1, w2, b, x1w1, x2w2, x1w1x2w2, n = lecture_neuron()
    o = n.tanh(); o.label = "o"  # noqa: E702
    o.grad = 1.0
    o._backward()
    n._backward()
    b._backward()
    x1w1x2w2._backward()
    x2w2._backward()
    x1w1._backward()
    assert o.data == pytest.approx(0.7071067811865476, rel=1e-15)
    assert n.grad == pytest.approx(0.5, rel=1e-12)
    # the lecture's gradients: x1 -1.5, w1 1.0, x2 0.5, w2 0.0
    assert [x1.grad, w1.grad, x2.grad, w2.grad] == pytest.approx([-1.5, 1.0, 0.5, 0.0], rel=1e-12)


def test_lecture_build_topo_then_backward_equals_backward():
    nodes = lecture_neuron()
    o = nodes[-1].tanh()
    topo, visited = [], set()

    def build_topo(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)

    build_topo(o)
    o.grad = 1.0
    for node in reversed(topo):
        node._backward()
    manual = [v.grad for v in nodes[:5]]
    again = lecture_neuron()
    again[-1].tanh().backward()
    assert manual == [v.grad for v in again[:5]]


def test_lecture_tanh_written_with_exp_and_division():
    x1, x2, w1, w2, b, *_rest, n = lecture_neuron()
    e = (2 * n).exp()
    o = (e - 1) / (e + 1)
    o.backward()
    assert o.data == pytest.approx(0.7071067811865476, rel=1e-14)
    assert [x1.grad, w1.grad, x2.grad, w2.grad] == pytest.approx([-1.5, 1.0, 0.5, 0.0], rel=1e-12, abs=1e-15)


def test_lecture_mlp_written_by_hand_trains():
    import random

    random.seed(0)

    class Neuron:
        def __init__(self, nin):
            self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
            self.b = Value(random.uniform(-1, 1))

        def __call__(self, x):
            act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
            return act.tanh()

        def parameters(self):
            return self.w + [self.b]

    class MLP:
        def __init__(self, nin, nouts):
            sizes = [nin] + nouts
            self.layers = [[Neuron(sizes[i]) for _ in range(sizes[i + 1])] for i in range(len(nouts))]

        def __call__(self, x):
            for layer in self.layers:
                x = [n(x) for n in layer]
            return x[0] if len(x) == 1 else x

        def parameters(self):
            return [p for layer in self.layers for n in layer for p in n.parameters()]

    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    n = MLP(3, [4, 4, 1])
    losses = []
    for _ in range(20):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.1 * losses[0]


# ---------------------------------------------------------------- DeZero (밑바닥부터 시작하는 딥러닝 3)

def test_dezero_step_33_newton():
    def f(x):
        y = x ** 4 - 2 * x ** 2
        return y

    x = Value(2.0)  # DeZero: Variable(np.array(2.0))
    iterates = []
    for i in range(8):
        iterates.append(x.data)
        y = f(x)
        x.cleargrad()
        y.backward(create_graph=True)
        gx = x.grad
        x.cleargrad()
        gx.backward()
        gx2 = x.grad
        x.data -= gx.data / gx2.data
    # the iterates DeZero's step 33 prints
    assert iterates == [2.0, 1.4545454545454546, 1.1510467893775467, 1.0253259289766978,
                        1.0009084519430513, 1.0000012353089454, 1.000000000002289, 1.0]


def test_dezero_names_and_plain_backward_keeps_floats():
    x = Value(3.0)
    x.name = "x"
    assert x.label == "x" and x.name == "x"
    y = x * x
    y.backward()
    assert type(x.grad) is float and x.grad == 6.0
    x.cleargrad()
    assert x.grad is None
    (x * x).backward(create_graph=True)
    assert isinstance(x.grad, Value) and x.grad.data == 6.0 and x.grad._prev


# ---------------------------------------------------------------- PyTorch habits (README: "Coming from micrograd or DLFS")

def test_item_is_the_float_as_tensor_item():
    x = Value(3)  # an int is stored as a float, as torch.tensor(3.0)
    assert type(x.item()) is float and x.item() == 3.0 == x.data
    y = x * Value(True)
    assert y.item() == 3.0


def test_retain_graph_is_accepted_and_backward_runs_again_either_way():
    x = Value(2.0)
    z = 3 * x * x
    z.backward(retain_graph=True)
    z.backward(retain_graph=False)
    z.backward()
    assert x.grad == 36.0  # 12 three times: the graph was kept each time
    with pytest.raises(TypeError, match="retain_graph"):
        z.backward(retain_graph="yes")


def test_a_constant_made_with_requires_grad_false_gets_no_gradient():
    import microgradkr

    c = Value(3.0, requires_grad=False)
    x = Value(2.0)
    y = x * c
    y.backward()
    assert (x.grad, c.grad, c.requires_grad, x.requires_grad) == (3.0, None, False, True)
    with pytest.raises(ValueError, match="requires_grad=False"):
        c.backward()
    with pytest.raises(ValueError, match="requires_grad=False"):
        microgradkr.grad(y, [x, c])
    assert c.grad is None
    with pytest.raises(TypeError, match="requires_grad"):
        Value(1.0, requires_grad="no")


# ---------------------------------------------------------------- numpy and math

def test_numpy_numbers_in_both_operand_orders():
    np = pytest.importorskip("numpy")
    x = Value(np.array(2.0))
    assert x.data == 2.0 and type(x.data) is float
    assert isinstance(x + np.array(3.0), Value) and (x + np.array(3.0)).data == 5.0
    assert isinstance(np.array(3.0) + x, Value) and (np.float64(2.0) * x).data == 4.0
    assert (x ** np.int64(2)).data == 4.0 and (np.array(2.0) ** x).data == 4.0
    W = np.array([[Value(1.0), Value(2.0)]], dtype=object)
    out = np.dot(W, np.array([[3.0], [4.0]]))[0, 0]
    out.backward()
    assert out.data == 11.0 and W[0, 0].grad == 3.0 and W[0, 1].grad == 4.0


def test_python_math_on_a_value_refuses_instead_of_losing_the_gradient():
    x = Value(3.0)
    for function in (pymath.exp, pymath.tanh, float):
        with pytest.raises(TypeError, match=r"(?s)기울기.*v\.exp\(\)"):
            function(x)


def test_microgradkr_math_is_one_import_line_away():
    from microgradkr import math

    x = Value(3.0)
    y = x * math.exp(-x)   # the seeds' own way of writing it
    y.backward()
    assert x.grad == pytest.approx(pymath.exp(-3.0) * (1 - 3.0), rel=1e-15)  # -0.0996, not 0.0498
    s = Value(0.5)
    sig = 1 / (1 + math.exp(-s))
    sig.backward()
    assert s.grad == pytest.approx(sig.data * (1 - sig.data), rel=1e-14)
    assert math.exp(2.0) == pymath.exp(2.0) and type(math.exp(2.0)) is float
    assert math.exp(1000.0) == pymath.inf  # IEEE, as the engine
    assert math.sqrt(-1.0) != math.sqrt(-1.0)
    assert math.sin(Value(0.5)).data == pymath.sin(0.5) and math.log(8.0, 2.0) == 3.0
    assert math.floor(2.5) == 2 and math.pi == pymath.pi  # the rest of Python's math
