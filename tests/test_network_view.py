"""The network view (draw_network): circles in layers, weights on edges, the engine's numbers."""

import html
import math
import re
import os
import subprocess
import sys

import pytest

from microgradkr import MLP, Value, draw_network
from microgradkr.draw.network import MAX_LABELLED_EDGES, from_weights
from microgradkr.nn import Layer, Neuron
from renderers import needs_renderer

# seed 001 (DLFS 3.4): the 2-3-2-2 network with W1, B1, W2, B2, W3, B3
X = [1.0, 0.5]
W1, B1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], [0.1, 0.2, 0.3]
W2, B2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], [0.1, 0.2]
W3, B3 = [[0.1, 0.3], [0.2, 0.4]], [0.1, 0.2]
BOOK = [(W1, B1), (W2, B2), (W3, B3)]



def test_seed001_first_layer_is_the_books_A1_and_Z1():
    scene = draw_network(BOOK, x=X).scene
    hidden = scene.layers[1]
    # b + w0·x0 + w1·x1, in the engine's order, written out by hand
    expected = [B1[j] + W1[0][j] * X[0] + W1[1][j] * X[1] for j in range(3)]
    assert [n.total for n in hidden] == expected
    assert [n.total for n in hidden] == pytest.approx([0.3, 0.7, 1.1], abs=1e-12)
    assert [n.value for n in hidden] == pytest.approx([1 / (1 + math.exp(-a)) for a in (0.3, 0.7, 1.1)])
    assert [round(n.value, 4) for n in hidden] == [0.5744, 0.6682, 0.7503]
    assert [n.bias for n in hidden] == B1
    assert [n.name for n in hidden] == ["L1.N1", "L1.N2", "L1.N3"]


def test_seed001_output_is_the_books_Y_with_identity_output():
    scene = draw_network(BOOK, x=X).scene
    out = scene.layers[-1]
    assert [n.value for n in out] == pytest.approx([0.31682708, 0.69627909], abs=1e-8)
    assert [n.value for n in out] == [n.total for n in out]  # identity: output = weighted sum
    assert [len(layer) for layer in scene.layers] == [2, 3, 2, 2]


def test_weights_on_edges_follow_the_books_layout():
    scene = draw_network(BOOK, x=X).scene
    for edge in scene.edges:
        W = BOOK[edge.layer - 1][0]
        assert edge.weight == W[edge.source][edge.target]
    assert len(scene.edges) == 2 * 3 + 3 * 2 + 2 * 2
    text = draw_network(BOOK, x=X).text()
    assert "L1.N3   편향 0.3   가중합 1.1   출력 0.7503" in text.replace(" (σ)", "")
    assert "L1.N2.w1: x1 → L1.N2   0.4" in text


def test_mlp_gradients_equal_backward_and_the_model_is_left_alone():
    model = MLP(3, [4, 2], activation="tanh", seed=3)
    x = [0.5, -1.25, 2.0]
    for p in model.parameters():
        p.grad = 7.0  # whatever the learner's model holds must survive the drawing
    scene = draw_network(model, x, mode="backward").scene
    assert all(p.grad == 7.0 for p in model.parameters())
    model.zero_grad()
    y1, y2 = model(x)
    (y1 + y2).backward()
    by_name = dict(model.named_parameters())
    assert len(scene.edges) == 3 * 4 + 4 * 2
    for edge in scene.edges:
        assert edge.weight == by_name[edge.name].data
        assert edge.grad == by_name[edge.name].grad
    for l, layer in enumerate(model.layers, 1):
        for view, neuron in zip(scene.layers[l], layer.neurons):
            assert view.bias_grad == neuron.b.grad
    assert [v.value for v in scene.layers[-1]] == [y1.data, y2.data]
    assert [v.grad for v in scene.layers[-1]] == [1.0, 1.0]
    assert scene.root == "Σy"


def test_backward_from_a_loss_and_input_gradients():
    model = MLP(2, [3, 1], seed=5)
    x = [0.3, -0.7]

    def loss(y):
        return (y - 1.0) ** 2

    scene = draw_network(model, x, mode="backward", loss=loss).scene
    model.zero_grad()
    inputs = [Value(v) for v in x]
    loss(model(inputs)).backward()
    assert [v.grad for v in scene.layers[0]] == [v.grad for v in inputs]
    assert [e.grad for e in scene.edges] == [dict(model.named_parameters())[e.name].grad for e in scene.edges]
    drawing = draw_network(model, x, mode="backward", loss=loss)
    assert "기울기" in drawing.text()


def test_neuron_and_layer_and_no_bias():
    neuron = Neuron(2, activation="sigmoid", bias=False, rng=1)
    scene = draw_network(neuron, [1.0, 2.0]).scene
    (view,) = scene.layers[1]
    assert view.bias is None and view.name == "N"
    assert view.total == neuron.w[0].data * 1.0 + neuron.w[1].data * 2.0
    assert "편향" not in draw_network(neuron, [1.0, 2.0]).text()
    layer = Layer(2, 3, rng=2)
    names = [v.name for v in draw_network(layer, [1.0, 2.0]).scene.layers[1]]
    assert names == ["N1", "N2", "N3"]
    no_bias = from_weights([(W1, None)], activation="sigmoid")
    assert [n.b for n in no_bias.layers[0].neurons] == [None, None, None]


def test_without_x_only_the_weights():
    drawing = draw_network(BOOK)
    assert drawing.scene.layers[1][0].value is None
    assert "입력 x를 주지 않아" in drawing.source
    with pytest.raises(ValueError, match="needs an input x"):
        draw_network(BOOK, mode="backward")


def test_english_labels():
    drawing = draw_network(BOOK, x=X, lang="en", mode="backward")
    for word in ("input layer", "hidden layer 1", "hidden layer 2", "output layer", "bias 0.1", "grad "):
        assert word in drawing.source
    assert "입력층" not in drawing.source


def test_bad_arguments_are_bilingual():
    with pytest.raises(TypeError) as error:
        draw_network("not a network")
    assert "draw_network" in str(error.value) and "str" in str(error.value)
    assert len(str(error.value).splitlines()) == 2
    with pytest.raises(ValueError, match="x"):
        draw_network(BOOK, x=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="W2"):
        draw_network([(W1, B1), ([[0.1, 0.2]], B2)], x=X)
    with pytest.raises(ValueError, match="mode"):
        draw_network(BOOK, x=X, mode="both")
    with pytest.raises(TypeError, match="loss"):
        draw_network(MLP(2, [1], seed=0), X, mode="backward", loss=lambda y: 3.0)


def test_big_layers_draw_weights_as_colour_and_keep_the_numbers_in_the_listing():
    model = MLP(2, [16, 16, 1], seed=1)
    assert 16 * 16 > MAX_LABELLED_EDGES
    drawing = draw_network(model, [0.5, -0.2])
    weight_lines = [line for line in drawing.source.splitlines() if 'id="mgk-w' in line]
    assert len(weight_lines) == 2 * 16 + 16 * 16 + 16
    assert all("penwidth" in line and "label=" not in line for line in weight_lines)
    assert drawing.text().count("→") == 2 * 16 + 16 * 16 + 16
    small = draw_network(BOOK, x=X)
    assert "penwidth" not in small.source


def test_deterministic_across_processes():
    code = ("from microgradkr import MLP, draw_network\n"
            "print(draw_network(MLP(2, [3, 1], seed=4), [1.0, -1.0], mode='backward').source)")
    runs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        runs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   env=env, check=True).stdout)
    assert runs[0] == runs[1]
    here = draw_network(MLP(2, [3, 1], seed=4), [1.0, -1.0], mode="backward").source
    assert runs[0] == here + "\n"


@needs_renderer
def test_neurons_are_drawn_in_order_top_to_bottom():
    for nouts in ([4, 1], [16, 16, 1], [3, 2, 2]):
        svg = html.unescape(draw_network(MLP(2, nouts, seed=0), [1.0, 0.5], mode="backward").svg())
        for layer in range(len(nouts) + 1):
            found = re.findall(rf'<g id="mgk-n{layer}-(\d+)".*?<ellipse[^>]*cy="([-0-9.]+)"', svg, re.S)
            top_down = [int(j) for j, _ in sorted(found, key=lambda item: float(item[1]))]
            assert top_down == sorted(top_down), (nouts, layer, top_down)


def test_jupyter_bundle_has_the_listing():
    bundle = draw_network(BOOK, x=X)._repr_mimebundle_()
    assert "L3.N2" in bundle["text/plain"]


@needs_renderer
def test_svg_has_one_circle_per_neuron_and_an_edge_per_weight():
    svg = html.unescape(draw_network(BOOK, x=X, mode="backward").svg())
    assert len(re.findall(r'<g id="mgk-n\d+-\d+" class="node"', svg)) == 2 + 3 + 2 + 2
    assert len(re.findall(r'<g id="mgk-w\d+-\d+-\d+" class="edge"', svg)) == 16
    for name in ("입력층", "은닉층 1", "은닉층 2", "출력층"):
        assert name in svg
    assert svg.count("<ellipse") >= 9
    assert 'id="mgk-n1-2"' in svg and 'id="mgk-w2-2-1"' in svg
    assert "L1.N3" in svg
