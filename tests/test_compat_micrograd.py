"""Coming from micrograd: its notebooks' calls give micrograd's numbers here.

micrograd 0.1.0 (the `test` extra installs it) is imported and run side by
side: ``random.seed(1337)`` then ``MLP(2, [16, 16, 1])`` must give the same
weights, and the demo notebook's training loop the same losses.
"""

import random

import pytest

import microgradkr as mg
from microgradkr import MLP, Layer, Neuron, Value, data, fit
from microgradkr.nn import Sequential

micrograd_nn = pytest.importorskip("micrograd.nn")
micrograd_engine = pytest.importorskip("micrograd.engine")


def both(make_ours, make_theirs, seed=1337):
    """Build a model in each engine after the same random.seed, as a notebook does."""
    random.seed(seed)
    ours = make_ours()
    after_ours = random.random()
    random.seed(seed)
    theirs = make_theirs()
    after_theirs = random.random()
    return ours, theirs, after_ours, after_theirs


# ---------------------------------------------------------------- initial weights

def test_random_seed_1337_then_mlp_is_micrograds_model():
    ours, theirs, after_ours, after_theirs = both(lambda: MLP(2, [16, 16, 1]),
                                                  lambda: micrograd_nn.MLP(2, [16, 16, 1]))
    assert len(ours.parameters()) == len(theirs.parameters()) == 337
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    # the same number of draws from the global generator: what comes next is the same too
    assert after_ours == after_theirs


def test_neuron_and_layer_draw_as_micrograds():
    ours, theirs, *_ = both(lambda: Neuron(2), lambda: micrograd_nn.Neuron(2))
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    assert ours.b.data == 0.0
    ours, theirs, *_ = both(lambda: Layer(3, 4), lambda: micrograd_nn.Layer(3, 4), seed=7)
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.5, -1.5, 2.0]
    assert [o.data for o in ours(x)] == [o.data for o in theirs(x)]


def test_mlp_outputs_are_micrograds_bit_for_bit():
    ours, theirs, *_ = both(lambda: MLP(3, [4, 4, 1]), lambda: micrograd_nn.MLP(3, [4, 4, 1]), seed=42)
    rng = random.Random(0)
    for _ in range(20):
        x = [rng.uniform(-3, 3) for _ in range(3)]
        assert ours(x).data == theirs(x).data


def test_a_one_output_layer_returns_its_value_as_micrograds():
    ours, theirs, *_ = both(lambda: Layer(2, 1), lambda: micrograd_nn.Layer(2, 1))
    out = ours([1.0, -2.0])
    assert isinstance(out, Value) and isinstance(theirs([1.0, -2.0]), micrograd_engine.Value)
    assert out.data == theirs([1.0, -2.0]).data
    assert isinstance(Layer(2, 2, seed=0)([1.0, -2.0]), list)
    assert ours.outputs([1.0, -2.0])[0].data == out.data  # the list form, when it is wanted


def test_seed_gives_a_private_stream_on_neuron_layer_and_mlp():
    random.seed(2024)
    state = random.getstate()
    for make in (lambda s: Neuron(3, seed=s), lambda s: Layer(3, 2, seed=s), lambda s: MLP(3, [2, 1], seed=s)):
        a, b = make(5), make(5)
        assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
        assert [p.data for p in make(6).parameters()] != [p.data for p in a.parameters()]
    assert random.getstate() == state  # seeded models never touch the global generator
    # rng= keeps working and means the same as seed=
    assert [p.data for p in Neuron(3, rng=5).parameters()] == [p.data for p in Neuron(3, seed=5).parameters()]
    assert [p.data for p in Layer(3, 2, rng=random.Random(5)).parameters()] == \
        [p.data for p in Layer(3, 2, seed=5).parameters()]


def test_default_init_follows_the_global_random_state():
    random.seed(3)
    a = MLP(2, [3, 1])
    random.seed(3)
    b = MLP(2, [3, 1])
    c = MLP(2, [3, 1])  # the generator moved on
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in a.parameters()] != [p.data for p in c.parameters()]


def test_seed_and_rng_together_is_an_error():
    with pytest.raises(ValueError, match="seed.*rng"):
        Neuron(2, seed=1, rng=2)
    with pytest.raises(ValueError, match="seed.*rng"):
        MLP(2, [1], seed=1, rng=random.Random(2))


# ---------------------------------------------------------------- nonlin=

def test_nonlin_false_is_a_linear_neuron_as_micrograds():
    ours, theirs, *_ = both(lambda: Neuron(2, nonlin=False), lambda: micrograd_nn.Neuron(2, nonlin=False))
    x = [-3.0, -4.0]  # a negative weighted sum: ReLU would give 0
    assert ours.activation == "linear"
    assert ours(x).data == theirs(x).data
    assert Neuron(2, nonlin=True, seed=0).activation == "relu" and Neuron(2, seed=0).activation == "relu"
    assert Neuron(2, False, seed=0).activation == "linear"  # micrograd's positional form
    layer = Layer(2, 3, nonlin=False, seed=0)
    assert [n.activation for n in layer.neurons] == ["linear"] * 3


def test_nonlin_must_be_a_bool_and_agree_with_activation():
    with pytest.raises(TypeError, match="nonlin"):
        Neuron(2, nonlin="no")
    with pytest.raises(ValueError, match="nonlin"):
        Neuron(2, activation="tanh", nonlin=True)
    assert Neuron(2, activation="linear", nonlin=False, seed=0).activation == "linear"


# ---------------------------------------------------------------- the demo notebook's training

def demo_loop(nn, value, X, y, steps):
    """micrograd's demo.ipynb: hinge loss + 1e-4·L2, SGD with lr 1.0 - 0.9·k/100, as its users write it."""
    random.seed(1337)
    model = nn.MLP(2, [16, 16, 1])
    record = []
    for k in range(steps):
        inputs = [list(map(value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        model.zero_grad()
        total_loss.backward()
        record.append({"loss": total_loss.data, "accuracy": sum(accuracy) / len(accuracy),
                       "scores": [s.data for s in scores], "grads": [p.grad for p in model.parameters()]})
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    return record


def test_demo_notebook_training_matches_micrograd():
    """The same 100 two-moons points in both engines (the notebook's come from scikit-learn,
    which is not a dependency; data.moons has the same shape but other random numbers).

    The first forward pass is the same to the last bit.  micrograd sums each weight's
    gradient over its 100 uses in the order of a set of Values (memory addresses), so
    micrograd itself differs from run to run in the last bits after the first update:
    from there the two agree to rounding, and the accuracies exactly.
    """
    X, labels = data.moons(100, noise=0.1, seed=0)
    y = [int(t) * 2 - 1 for t in labels]
    ours = demo_loop(mg.nn, Value, X, y, steps=3)
    theirs = demo_loop(micrograd_nn, micrograd_engine.Value, X, y, steps=3)
    first_ours, first_theirs = ours[0], theirs[0]
    assert first_ours["scores"] == first_theirs["scores"]
    assert first_ours["loss"] == first_theirs["loss"]
    assert first_ours["accuracy"] == first_theirs["accuracy"]
    assert first_ours["grads"] == pytest.approx(first_theirs["grads"], rel=1e-12, abs=1e-15)
    for step_ours, step_theirs in zip(ours, theirs):
        assert step_ours["loss"] == pytest.approx(step_theirs["loss"], rel=1e-12)
        assert step_ours["accuracy"] == step_theirs["accuracy"]
    assert ours[-1]["loss"] < ours[0]["loss"]


def test_our_tools_work_on_a_micrograd_initialised_model(tmp_path):
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    X, y = data.moons(40, noise=0.1, seed=1)
    history = fit(model, X, y, loss="hinge", optimizer="sgd", lr=0.1, epochs=3, progress=False)
    assert len(history) == 3
    model.save(tmp_path / "model.json")
    loaded = MLP.load(tmp_path / "model.json")
    assert loaded(X[0]).data == model(X[0]).data
    # a one-output Layer at the end of a Sequential still feeds fit (a list per sample inside)
    net = Sequential(Layer(2, 8, seed=0), Layer(8, 1, activation="linear", seed=1))
    assert isinstance(net.forward_batch(X[:2])[0], list)
    fit(net, X, y, loss="hinge", optimizer="adam", lr=0.01, epochs=2, progress=False)
