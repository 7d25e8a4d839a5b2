"""The teaching numbers of DESIGN.md that need only the engine, exactly."""

import pytest

import microgradkr as mg
from microgradkr import Value, gates


def test_apple():
    c = gates.apple().backward()
    assert c.output.data == 220.00000000000003
    i = c.inputs
    assert i["apple"].grad == 2.2
    assert i["apple_num"].grad == 110.00000000000001
    assert i["tax"].grad == 200.0


def test_apple_orange():
    c = gates.apple_orange().backward()
    assert c.output.data == 715.0000000000001
    i = c.inputs
    assert i["orange"].grad == 3.3000000000000003
    assert i["orange_num"].grad == 165.0
    assert i["tax"].grad == 650.0
    assert i["apple"].grad == 2.2
    assert i["apple_num"].grad == 110.00000000000001


def test_cs231n_add_mul():
    c = gates.add_mul_circuit().backward()
    assert c.output.data == -12.0
    assert [c.inputs[k].grad for k in "xyz"] == [-4.0, -4.0, 3.0]


def test_cs231n_max():
    c = gates.max_circuit().backward()
    assert c.output.data == -20.0
    assert [c.inputs[k].grad for k in "xyzw"] == [-8.0, 6.0, 2.0, 0.0]


def test_cs231n_sigmoid_neuron_fused():
    c = gates.sigmoid_neuron().backward()
    assert c.output.data == 0.7310585786300049
    i = c.inputs
    assert [i["w0"].grad, i["w1"].grad, i["w2"].grad] == [
        -0.19661193324148185, -0.3932238664829637, 0.19661193324148185]
    assert [i["x0"].grad, i["x1"].grad] == [0.3932238664829637, -0.5898357997244456]


def test_cs231n_sigmoid_neuron_decomposed_differs_in_the_last_bits():
    c = gates.sigmoid_neuron(fused=False).backward()
    assert c.output.data == pytest.approx(0.7310585786300049, abs=1e-15)
    assert c.inputs["w0"].grad == -0.19661193324148188


def test_micrograd_lecture():
    c = gates.lecture_expression().backward()
    assert c.output.data == -8.0
    assert [c.inputs[k].grad for k in "abcf"] == [6.0, -4.0, -2.0, 4.0]


def test_accumulation_a_plus_a():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_accumulation_b_plus_b():
    a = Value(1.0)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0


def test_accumulation_diamond():
    a, b = Value(2.0), Value(3.0)
    c = a + b
    d = a * b
    y = (c + d) + (c * d)
    y.backward()
    assert y.data == 41.0 and a.grad == 25.0 and b.grad == 19.0


TRUTH = [(0, 0), (1, 0), (0, 1), (1, 1)]


@pytest.mark.parametrize("builder, expected", [
    (gates.and_gate, [0, 0, 0, 1]),
    (gates.nand_gate, [1, 1, 1, 0]),
    (gates.or_gate, [0, 1, 1, 1]),
    (gates.xor_gate, [0, 1, 1, 0]),
])
def test_perceptron_truth_tables(builder, expected):
    assert [builder(x1, x2).output.data for x1, x2 in TRUTH] == expected


def test_tutorial_or_gate():
    params = gates.GATE_PARAMS["or_tutorial"]
    assert [gates.or_gate(x1, x2, params=params).output.data for x1, x2 in TRUTH] == [0, 1, 1, 1]


def test_perceptron_cannot_learn_by_gradients():
    c = gates.and_gate(1, 1).backward()
    assert all(leaf.grad == 0.0 for leaf in c.inputs.values())


def test_sigmoid_neuron_without_bias_cannot_learn_from_zero_input():
    w = Value(0.7)
    y = mg.linear([w], [0.0]).sigmoid()
    loss = (y - 1.0) ** 2
    loss.backward()
    assert y.data == 0.5 and w.grad == 0.0
    w, b = Value(0.7), Value(0.0)
    y = mg.linear([w], [0.0], b).sigmoid()
    ((y - 1.0) ** 2).backward()
    assert w.grad == 0.0 and b.grad != 0.0


def test_three_layer_forward_first_layer():
    X = [1.0, 0.5]
    W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
    B1 = [0.1, 0.2, 0.3]
    A1 = [mg.linear([W1[0][j], W1[1][j]], X, B1[j]) for j in range(3)]
    assert [a.data for a in A1] == pytest.approx([0.3, 0.7, 1.1], abs=1e-15)
    Z1 = [a.sigmoid().data for a in A1]
    assert [round(z, 4) for z in Z1] == [0.5744, 0.6682, 0.7503]


def test_study_hours_mse_and_gradients():
    xs, ys = [2.0, 4.0, 6.0, 8.0], [81.0, 93.0, 91.0, 97.0]
    a, b = Value(0.0, "a"), Value(0.0, "b")
    loss = mg.sum([(y - (a * x + b)) ** 2 for x, y in zip(xs, ys)]) / len(xs)
    loss.backward()
    assert loss.data == 8225.0 and a.grad == -928.0 and b.grad == -181.0


def test_gradient_of_the_optimizer_bowl_matches_pytorch_autograd():
    # f = x²/20 + y²: reverse mode multiplies the upstream 1/20 by 2x, as
    # torch.autograd does (-0.7000000000000001 at x = -7); the book's hand
    # formula x/10 gives -0.7.  The SGD golden path lives with the optimizers.
    x, y = Value(-7.0), Value(2.0)
    (x ** 2 / 20 + y ** 2).backward()
    assert x.grad == -0.7000000000000001 and y.grad == 4.0


def test_division_rounds_once_like_pytorch():
    assert (Value(0.3) / 0.1).data == 0.3 / 0.1 == 2.9999999999999996
    assert (0.3 / Value(0.1)).data == 2.9999999999999996
