"""fit: the training loop, its history, mini-batches and the progress bar."""

import io
import sys

import pytest

from microgradkr import MLP, Neuron, Value, data, evaluate, fit, losses, optim


def test_fit_learns_xor_and_reports_loss_and_accuracy():
    X, y = data.gate("XOR")
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", init="xavier_normal", seed=1)
    history = fit(model, X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=1.0),
                  epochs=600, progress=False)
    assert len(history) == 600 and len(history["accuracy"]) == 600
    assert history.loss[-1] < history.loss[0]
    assert history.accuracy[-1] == 1.0
    assert [1.0 if model(x).data > 0.5 else 0.0 for x in X] == y


def test_fit_regression_has_no_accuracy():
    x, y = data.study_hours()
    neuron = Neuron(1, activation="linear", init=lambda i, o, rng: 0.0)  # a = b = 0
    history = fit(neuron, [[xi] for xi in x], y, loss="mse",
                  optimizer=optim.SGD(neuron.parameters(), lr=0.01), epochs=1, progress=False)
    assert history.loss == [8225.0]  # the loss the first update was computed from
    assert history.accuracy == [None]
    assert neuron.w[0].data == pytest.approx(9.28) and neuron.b.data == pytest.approx(1.81)


def test_fit_mini_batches_are_reproducible_with_a_seed():
    X, y = data.moons(40, noise=0.1, seed=0)

    def train(seed):
        model = MLP(2, [8, 1], seed=3)
        h = fit(model, X, y, loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=0.05),
                epochs=5, batch_size=8, seed=seed, progress=False)
        return h.loss, [p.data for p in model.parameters()]

    assert train(1) == train(1)
    assert train(1) != train(2)


def test_fit_multiclass_cross_entropy():
    X = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.9, 0.1], [0.1, 0.9], [-0.9, -0.1]]
    y = [0, 1, 2, 0, 1, 2]
    model = MLP(2, [8, 3], seed=0)
    history = fit(model, X, y, loss="cross_entropy", optimizer=optim.Adam(model.parameters(), lr=0.05),
                  epochs=100, progress=False)
    assert history.accuracy[-1] == 1.0


def test_fit_hinge_and_a_custom_loss():
    X, y = data.moons(30, noise=0.05, seed=2, signed=True)
    model = MLP(2, [8, 8, 1], seed=0)

    def hinge_l2(outputs, targets):
        return losses.hinge(outputs, targets) + 1e-4 * losses.l2(model.parameters())

    history = fit(model, X, y, loss=hinge_l2, optimizer=optim.SGD(model.parameters(), lr=0.1),
                  epochs=20, progress=False)
    assert history.loss[-1] < history.loss[0]
    h2 = fit(model, X, y, loss="hinge", optimizer=optim.SGD(model.parameters(), lr=0.1),
             epochs=3, progress=False)
    assert all(0.0 <= a <= 1.0 for a in h2.accuracy)


def test_fit_is_silent_when_not_a_terminal(capsys):
    X, y = data.gate("AND")
    fit(Neuron(2, "sigmoid", rng=0), X, y, epochs=3)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_fit_shows_a_progress_bar_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    X, y = data.gate("AND")
    fit(Neuron(2, "sigmoid", rng=0), X, y, epochs=3)
    assert "3/3" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    fit(Neuron(2, "sigmoid", rng=0), X, y, epochs=3, progress=False)
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("kwargs, error", [
    (dict(loss="l1"), ValueError),
    (dict(loss=3), TypeError),
    (dict(epochs=-1), ValueError),
    (dict(batch_size=0), ValueError),
])
def test_fit_bad_arguments(kwargs, error):
    X, y = data.gate("AND")
    with pytest.raises(error):
        fit(Neuron(2, "sigmoid"), X, y, progress=False, **kwargs)


def test_fit_lengths_must_match():
    with pytest.raises(ValueError):
        fit(Neuron(2), [[0.0, 1.0]], [1.0, 0.0], progress=False)


def test_default_optimizer_is_sgd():
    X, y = data.gate("OR")
    neuron = Neuron(2, "sigmoid", rng=0)
    before = [p.data for p in neuron.parameters()]
    fit(neuron, X, y, loss="bce", epochs=1, progress=False)
    assert [p.data for p in neuron.parameters()] != before
    assert isinstance(neuron.w[0], Value)


def test_gradient_descent_finds_the_study_hours_line():
    x, y = data.study_hours()
    neuron = Neuron(1, activation="linear", init=lambda i, o, rng: 0.0)  # 기울기 a = 0, 절편 b = 0
    fit(neuron, [[xi] for xi in x], y, loss="mse", optimizer=optim.SGD(neuron.parameters(), lr=0.03),
        epochs=3000, progress=False)
    assert neuron.w[0].data == pytest.approx(2.3, abs=1e-6)
    assert neuron.b.data == pytest.approx(79.0, abs=1e-5)


def test_weight_decay_keeps_weights_smaller():
    X, y = data.moons(30, noise=0.1, seed=4)

    def weight_norm(decay):
        model = MLP(2, [8, 8, 1], seed=2)
        fit(model, X, y, loss="bce_logits", epochs=30, progress=False,
            optimizer=optim.SGD(model.parameters(), lr=0.3, weight_decay=decay))
        return sum(p.data ** 2 for p in model.parameters())

    assert weight_norm(0.05) < 0.8 * weight_norm(0.0)


def test_fit_with_validation_data_and_evaluate():
    X, y = data.moons(60, noise=0.1, seed=3)
    (Xt, yt), (Xv, yv), _ = data.train_valid_test_split(X, y, valid=0.25, test=0.0, seed=0)
    model = MLP(2, [8, 1], seed=0)
    history = fit(model, Xt, yt, loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=0.05),
                  epochs=20, progress=False, validation=(Xv, yv))
    assert len(history["val_loss"]) == len(history["val_accuracy"]) == 20
    assert history.val_loss[-1] < history.val_loss[0]
    assert model.training
    loss, accuracy = evaluate(model, Xv, yv, loss="bce_logits")
    assert (loss, accuracy) == (history.val_loss[-1], history.val_accuracy[-1])
    assert model.training  # evaluate restores the mode
    assert evaluate(model, [[1.0, 0.0]], [1.5])[1] is None  # regression: no accuracy


def test_evaluate_records_no_graph():
    model = MLP(2, [3, 1], seed=0)
    evaluate(model, [[1.0, 2.0]], [1.0])
    assert all(p.grad == 0.0 for p in model.parameters())


# ---------------------------------------------------------------- optimizers by name, hinge labels

@pytest.mark.parametrize("name, cls, default_lr", [
    ("sgd", optim.SGD, 0.1), ("momentum", optim.Momentum, 0.01),
    ("adagrad", optim.AdaGrad, 0.01), ("adam", optim.Adam, 1e-3),
])
def test_fit_optimizer_by_name_is_the_same_as_the_object(name, cls, default_lr):
    X, y = data.gate("XOR")

    def train(optimizer, **kwargs):
        model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=2)
        opt = optimizer(model) if callable(optimizer) else optimizer
        history = fit(model, X, y, loss="mse", optimizer=opt, epochs=5, progress=False, **kwargs)
        return history.loss, [p.data for p in model.parameters()]

    assert train(name, lr=0.3) == train(lambda m: cls(m.parameters(), lr=0.3))
    assert train(name) == train(lambda m: cls(m.parameters(), lr=default_lr))
    assert train(name.upper(), lr=0.3) == train(name, lr=0.3)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(optimizer="rmsprop"), ValueError, "rmsprop"),
    (dict(optimizer=3), TypeError, "optimizer"),
    (dict(optimizer=optim.SGD(lr=0.1)), ValueError, "model.parameters()"),
])
def test_fit_bad_optimizer_says_what_to_write(kwargs, error, words):
    X, y = data.gate("AND")
    with pytest.raises(error) as caught:
        fit(Neuron(2, "sigmoid", seed=0), X, y, progress=False, **kwargs)
    assert words in str(caught.value)


def test_fit_lr_with_an_optimizer_object_is_an_error_not_ignored():
    X, y = data.gate("AND")
    neuron = Neuron(2, "sigmoid", seed=0)
    with pytest.raises(ValueError, match="lr=0.5"):
        fit(neuron, X, y, optimizer=optim.SGD(neuron.parameters(), lr=0.1), lr=0.5, progress=False)


def test_hinge_with_0_1_labels_trains_as_with_signed_labels():
    # data.moons() gives 0/1 labels; the hinge loss needs -1/+1: fit maps them (class 0 → -1)
    X, labels = data.moons(60, noise=0.1, seed=0)
    _, signed = data.moons(60, noise=0.1, seed=0, signed=True)
    assert set(labels) == {0.0, 1.0} and signed == [2.0 * t - 1.0 for t in labels]

    def train(y):
        model = MLP(2, [8, 8, 1], seed=1)
        history = fit(model, X, y, loss="hinge", optimizer="adam", lr=0.05, epochs=40, progress=False,
                      validation=(X, y))
        return history, evaluate(model, X, y, loss="hinge")

    with_01, with_signed = train(labels), train(signed)
    assert with_01 == with_signed
    history, (loss, accuracy) = with_01
    assert history.accuracy[-1] >= 0.9 and accuracy >= 0.9  # not the silent 50% of t = 0


def test_the_hinge_loss_itself_refuses_0_1_labels():
    with pytest.raises(ValueError, match="2\\*t - 1"):
        losses.hinge([Value(0.5), Value(-0.5)], [1.0, 0.0])
    assert losses.hinge([Value(0.5), Value(-0.5)], [1.0, -1.0]).data == 0.5
