"""Neuron, Layer, MLP, Dropout, BatchNorm, Sequential: the networks and what they learn."""

import math
import random

import pytest

import microgradkr as mg
from microgradkr import MLP, Layer, Neuron, Value, data, gradcheck, losses, optim
from microgradkr.nn import BatchNorm, Dropout, Module, Sequential, iter_weights


# ---------------------------------------------------------------- structure and labels

def test_mlp_parameters_are_labelled_by_layer_neuron_and_input():
    model = MLP(2, [3, 1], seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert names[:3] == ["L1.N1.w0", "L1.N1.w1", "L1.N1.b"]
    assert names[-3:] == ["L2.N1.w1", "L2.N1.w2", "L2.N1.b"]
    assert [p.label for p in model.parameters()] == names
    assert len(model.parameters()) == 3 * 3 + 4


def test_micrograd_parameter_count():
    assert len(MLP(2, [16, 16, 1]).parameters()) == 337


def test_mlp_returns_a_value_for_one_output_and_a_list_otherwise():
    assert isinstance(MLP(2, [4, 1], seed=1)([1.0, 2.0]), Value)
    out = MLP(2, [4, 3], seed=1)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 3 and all(isinstance(o, Value) for o in out)


def test_a_middle_layer_of_one_neuron_still_feeds_the_next():
    out = MLP(2, [1, 2], seed=1)([0.5, -0.5])
    assert isinstance(out, list) and len(out) == 2


def test_mlp_accepts_floats_values_and_a_lone_number_for_one_input():
    model = MLP(2, [3, 1], seed=2)
    xs = [Value(0.3), Value(-1.2)]
    assert model([0.3, -1.2]).data == model(xs).data == model((0.3, -1.2)).data
    out = model(xs)
    out.backward()
    assert xs[0].grad != 0.0  # inputs that are Values get gradients too
    single = MLP(1, [2, 1], seed=2)
    assert single(0.5).data == single([0.5]).data


def test_same_seed_same_model_and_the_global_random_state_is_untouched():
    random.seed(123)
    state = random.getstate()
    a, b = MLP(3, [4, 2], seed=7), MLP(3, [4, 2], seed=7)
    assert random.getstate() == state
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in MLP(3, [4, 2], seed=8).parameters()] != [p.data for p in a.parameters()]


def test_activations_per_layer():
    model = MLP(2, [3, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    assert [layer.activation for layer in model.layers] == ["tanh", "tanh", "sigmoid"]
    out = model([1.0, -1.0])
    assert out.op == "sigmoid" and 0.0 < out.data < 1.0
    linear_out = MLP(2, [3, 1], seed=0)([1.0, -1.0])
    assert linear_out.op == "linear"  # micrograd's: no activation on the last layer


def test_neuron_is_one_linear_node_plus_its_activation():
    n = Neuron(3, activation="tanh", rng=1)
    out = n([1.0, 2.0, 3.0])
    assert out.op == "tanh" and out.children[0].op == "linear"
    # float inputs are folded into the local gradients: only w0, w1, w2, b are children
    assert out.children[0].children == (*n.w, n.b)


def test_neuron_without_bias_has_no_b():
    n = Neuron(2, bias=False, rng=0)
    assert [name for name, _ in n.named_parameters()] == ["w0", "w1"]


@pytest.mark.parametrize("bad, error", [
    (lambda: MLP(2, [3, 1], activation="softmax"), ValueError),
    (lambda: MLP(0, [1]), ValueError),
    (lambda: MLP(2, []), ValueError),
    (lambda: MLP(2, [3, 0]), ValueError),
    (lambda: MLP(2.5, [1]), TypeError),
    (lambda: MLP(2, 3), TypeError),
    (lambda: MLP(2, [1], init="glorot"), ValueError),
    (lambda: MLP(2, [1], rng="seed"), TypeError),
    (lambda: Neuron(2)([1.0]), ValueError),
    (lambda: Neuron(2)("ab"), TypeError),
    (lambda: MLP(2, [1])([1.0, "x"]), TypeError),
    (lambda: Layer(2, 2)([1.0, 2.0, 3.0]), ValueError),
])
def test_bad_arguments(bad, error):
    with pytest.raises(error):
        bad()


def test_error_names_the_problem_in_both_languages():
    with pytest.raises(ValueError) as info:
        MLP(2, [1])([1.0, 2.0, 3.0])
    assert "MLP" in str(info.value) and "2" in str(info.value) and "3" in str(info.value)
    assert "입력" in str(info.value) and "inputs" in str(info.value)


def test_zero_grad_train_eval():
    model = MLP(2, [2, 1], seed=0)
    model([1.0, 1.0]).backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    assert model.eval() is model and not model.training
    assert all(not layer.training for layer in model.layers)
    assert all(not n.training for n in model.layers[0].neurons)
    model.train()
    assert model.training and model.layers[1].neurons[0].training


def test_custom_init_callable():
    model = MLP(2, [2], init=lambda fan_in, fan_out, rng: 0.25)
    assert all(w.data == 0.25 for w in iter_weights(model))
    assert all(n.b.data == 0.0 for n in model.layers[0].neurons)


def test_module_base_has_no_parameters():
    m = Module()
    assert m.parameters() == [] and m.named_parameters() == []


# ---------------------------------------------------------------- fused vs gates

@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear", "step"])
@pytest.mark.parametrize("bias", [True, False])
def test_fused_and_unfused_neurons_agree_bit_for_bit(activation, bias):
    rng = random.Random(5)
    for trial in range(30):
        nin = rng.randint(1, 6)
        fused = Neuron(nin, activation, bias, init="normal", rng=trial)
        gates = Neuron(nin, activation, bias, init="normal", rng=trial, fused=False)
        if bias:  # a nonzero bias, so its gradient and its place in the sum matter
            fused.b.data = gates.b.data = rng.uniform(-1, 1)
        xs_a = [Value(rng.uniform(-3, 3)) for _ in range(nin)]
        xs_b = [Value(x.data) for x in xs_a]
        out_a, out_b = fused(xs_a), gates(xs_b)
        assert out_a.data == out_b.data or (out_a.data == 0.0 and out_b.data == 0.0)
        out_a.backward()
        out_b.backward()
        assert [p.grad for p in fused.parameters()] == [p.grad for p in gates.parameters()]
        assert [x.grad for x in xs_a] == [x.grad for x in xs_b]


def test_unfused_neuron_records_the_gates_left_to_right():
    n = Neuron(2, "sigmoid", rng=0, fused=False)
    out = n([1.0, 2.0])
    z = out.children[0]
    assert z.op == "add" and z.children[1].op == "mul"      # (b + w0·x0) + w1·x1
    assert z.children[0].op == "add" and z.children[0].children[0] is n.b
    fused = MLP(2, [16, 16, 1], seed=0)
    gates = MLP(2, [16, 16, 1], seed=0, fused=False)
    def ops(out):
        return sum(not v.is_leaf() for v in mg.topological_order(out))

    assert ops(fused([1.0, 2.0])) == 16 + 16 + 1 + 16 + 16  # a linear node per neuron + hidden relus
    assert ops(gates([1.0, 2.0])) > 5 * ops(fused([1.0, 2.0]))
    assert fused([1.0, 2.0]).data == gates([1.0, 2.0]).data


# ---------------------------------------------------------------- what they learn

def _train(model, X, y, steps, lr, loss=losses.mse):
    opt = optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        out = [model(x) for x in X]
        total = loss(out, y)
        opt.zero_grad()
        total.backward()
        opt.step()
    return [model(x).data for x in X]


def test_xor_reaches_100_percent():
    X, y = data.gate("XOR")
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", init="xavier_normal", seed=1)
    preds = _train(model, X, y, steps=500, lr=1.0)
    assert [1.0 if p > 0.5 else 0.0 for p in preds] == y


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_a_single_sigmoid_neuron_learns_and_or_nand(gate):
    X, y = data.gate(gate)
    neuron = Neuron(2, activation="sigmoid", rng=0)
    preds = _train(neuron, X, y, steps=300, lr=2.0, loss=losses.bce)
    assert [1.0 if p > 0.5 else 0.0 for p in preds] == y


def test_a_single_neuron_cannot_learn_xor():
    X, y = data.gate("XOR")
    preds = _train(Neuron(2, activation="sigmoid", rng=0), X, y, steps=300, lr=2.0, loss=losses.bce)
    assert [1.0 if p > 0.5 else 0.0 for p in preds] != y


def test_seed_004_neuron_needs_a_bias_to_learn_input_0_to_target_1():
    # Without a bias: sigmoid(w·0) is 0.5 whatever w is, and ∂L/∂w = (∂L/∂y)·y'·0 = 0 exactly.
    no_bias = Neuron(1, activation="sigmoid", bias=False, rng=4)
    w_before = no_bias.w[0].data
    for _ in range(100):
        out = no_bias([0.0])
        assert out.data == 0.5
        loss = losses.mse(out, 1.0)
        no_bias.zero_grad()
        loss.backward()
        assert no_bias.w[0].grad == 0.0
        optim.SGD(no_bias.parameters(), lr=1.0).step()
    assert no_bias.w[0].data == w_before

    with_bias = Neuron(1, activation="sigmoid", bias=True, rng=4)
    opt = optim.SGD(with_bias.parameters(), lr=1.0)
    for _ in range(300):
        loss = losses.mse(with_bias([0.0]), 1.0)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert with_bias.w[0].grad == 0.0  # still no gradient for w: the bias did the learning
    assert with_bias([0.0]).data > 0.9


def test_micrograd_demo_moons_as_its_users_write_it():
    """micrograd's demo.ipynb, line for line in spirit: MLP(2, [16, 16, 1]), hinge loss
    + 1e-4·L2, SGD with lr 1.0 - 0.9·k/100, a Python loop over model(x)."""
    X, y = data.moons(100, noise=0.1, seed=0, signed=True)
    model = MLP(2, [16, 16, 1], seed=1)
    best = 0.0
    for k in range(100):
        scores = [model(x) for x in X]
        losses_ = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = mg.sum(losses_) * (1.0 / len(losses_))
        reg_loss = 1e-4 * mg.sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = sum((yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)) / len(y)
        best = max(best, accuracy)
        if best >= 0.95:
            break
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    assert best >= 0.95, f"accuracy {best} after {k + 1} steps"


# ---------------------------------------------------------------- Dropout

def test_dropout_train_and_eval():
    drop = Dropout(0.5, rng=0)
    xs = [Value(float(i + 1)) for i in range(1000)]
    out = drop(xs)
    kept = [o.data for o in out if o.data != 0.0]
    assert 400 < len(kept) < 600
    assert all(o.data in (0.0, 2.0 * x.data) for o, x in zip(out, xs))  # kept inputs are doubled
    assert drop.eval()(xs) == xs  # eval: the inputs themselves
    assert Dropout(0.0)(xs) == xs
    assert all(o.data == 0.0 for o in Dropout(1.0)(xs[:10]))


def test_dropout_same_seed_same_mask():
    a, b = Dropout(0.3, rng=9), Dropout(0.3, rng=9)
    a([1.0] * 50)
    b([1.0] * 50)
    assert a.last_mask == b.last_mask


def test_dropout_gradcheck_with_a_fixed_mask():
    drop = Dropout(0.25)
    mask = [1, 0, 1, 1, 0]
    weights = [0.3, -1.2, 0.7, 2.0, 0.5]
    f = lambda v: mg.linear(weights, drop([x.tanh() for x in v], mask=mask))  # noqa: E731
    assert gradcheck(f, [0.1, -0.4, 0.9, 1.3, -2.0])
    leaves = [Value(x) for x in [0.1, -0.4, 0.9, 1.3, -2.0]]
    f(leaves).backward()
    assert leaves[1].grad == 0.0 and leaves[4].grad == 0.0  # dropped: no gradient


@pytest.mark.parametrize("bad, error", [(-0.1, ValueError), (1.5, ValueError), ("0.5", TypeError)])
def test_dropout_bad_p(bad, error):
    with pytest.raises(error):
        Dropout(bad)


def test_dropout_bad_mask():
    with pytest.raises(ValueError):
        Dropout(0.5)([1.0, 2.0], mask=[1, 2])
    with pytest.raises(ValueError):
        Dropout(0.5)([1.0, 2.0], mask=[1])


# ---------------------------------------------------------------- BatchNorm

BATCH = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.0], [2.0, 4.0]]


def test_batchnorm_normalises_each_feature_over_the_batch():
    bn = BatchNorm(2)
    out = bn(BATCH)
    for j in range(2):
        column = [row[j].data for row in out]
        mean = sum(column) / len(column)
        var = sum((c - mean) ** 2 for c in column) / len(column)
        assert mean == pytest.approx(0.0, abs=1e-12)
        assert var == pytest.approx(1.0, rel=1e-4)  # eps = 1e-5 keeps it just under 1
    assert [name for name, _ in bn.named_parameters()] == ["gamma0", "gamma1", "beta0", "beta1"]


def test_batchnorm_running_statistics_and_eval_mode():
    bn = BatchNorm(2, momentum=0.1)
    bn(BATCH)
    col0 = [r[0] for r in BATCH]
    mean0 = sum(col0) / 4
    unbiased0 = sum((c - mean0) ** 2 for c in col0) / 3
    assert bn.running_mean[0] == pytest.approx(0.1 * mean0)
    assert bn.running_var[0] == pytest.approx(0.9 + 0.1 * unbiased0)
    bn.eval()
    running = (list(bn.running_mean), list(bn.running_var))
    (single,) = bn([[1.0, 2.0]])  # one sample is fine in eval mode, and changes nothing
    assert (bn.running_mean, bn.running_var) == running
    expected = (1.0 - bn.running_mean[0]) / (bn.running_var[0] + 1e-5) ** 0.5
    assert single[0].data == pytest.approx(expected)


def test_batchnorm_matches_torch():
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    bn = BatchNorm(2)
    bn.gamma[0].data, bn.beta[1].data = 1.5, -0.5
    ref = torch.nn.BatchNorm1d(2, dtype=torch.float64)
    with torch.no_grad():
        ref.weight[0], ref.bias[1] = 1.5, -0.5
    ours = [v.data for row in bn(BATCH) for v in row]
    theirs = ref(torch.tensor(BATCH, dtype=torch.float64)).flatten().tolist()
    assert ours == pytest.approx(theirs, rel=1e-12)
    assert bn.running_mean == pytest.approx(ref.running_mean.tolist(), rel=1e-12)
    assert bn.running_var == pytest.approx(ref.running_var.tolist(), rel=1e-12)
    bn.eval()
    ref.eval()
    ours = [v.data for v in bn([[0.3, 0.7]])[0]]
    assert ours == pytest.approx(ref(torch.tensor([[0.3, 0.7]], dtype=torch.float64))[0].tolist(), rel=1e-12)


def test_batchnorm_gradcheck():
    weights = [0.7, -1.3, 0.4, 2.1, -0.6, 1.1]  # a weighted sum: the plain sum of BN outputs is constant

    def f(v):
        bn = BatchNorm(2)
        bn.gamma[1].data = 1.7
        out = bn([v[0:2], v[2:4], v[4:6]])
        return mg.linear(weights, [o for row in out for o in row])

    assert gradcheck(f, [0.5, -1.0, 1.5, 0.3, -0.2, 2.0])


def test_batchnorm_needs_two_samples_to_train():
    with pytest.raises(ValueError) as info:
        BatchNorm(2)([[1.0, 2.0]])
    assert "eval" in str(info.value)


def test_sequential_with_batchnorm_and_dropout_trains():
    X, y = data.moons(40, noise=0.1, seed=1)
    model = Sequential(Layer(2, 8, "relu", rng=0), BatchNorm(8), Dropout(0.1, rng=0),
                       Layer(8, 1, "linear", rng=1))
    assert [name for name, _ in model.named_parameters()][0] == "M1.N1.w0"
    assert model.parameters()[0].label == "M1.N1.w0"
    history = mg.fit(model, X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.5),
                     epochs=30, progress=False)
    assert history.loss[-1] < history.loss[0]
    model.eval()
    (out,) = model([0.0, 0.5])  # a single sample works in eval mode
    assert isinstance(out, Value)


# ---------------------------------------------------------------- teaching numbers

def _set_layer(layer, W, B):
    """W as the book writes it: W[i][j] is the weight from input i to neuron j."""
    for j, neuron in enumerate(layer.neurons):
        for i, w in enumerate(neuron.w):
            w.data = W[i][j]
        neuron.b.data = B[j]


def test_seed_001_three_layer_forward_first_layer():
    X = [1.0, 0.5]
    W1, B1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], [0.1, 0.2, 0.3]
    pre, post = Layer(2, 3, activation="linear"), Layer(2, 3, activation="sigmoid")
    _set_layer(pre, W1, B1)
    _set_layer(post, W1, B1)
    A1 = [a.data for a in pre(X)]
    # b + w0·x0 + w1·x1 left to right: 0.1 + 0.1 + 0.1 shows the float noise of 0.3
    assert A1 == [0.30000000000000004, 0.7, 1.1]
    Z1 = [round(z.data, 4) for z in post(X)]
    assert Z1 == [0.5744, 0.6682, 0.7503]


def test_sigmoid_neuron_without_bias_at_zero_zero_cannot_learn():
    neuron = Neuron(2, activation="sigmoid", bias=False, rng=0)
    out = neuron([0.0, 0.0])
    assert out.data == 0.5
    losses.mse(out, 1.0).backward()
    assert [w.grad for w in neuron.w] == [0.0, 0.0]


def test_sequential_accepts_only_modules():
    with pytest.raises(TypeError) as info:
        Sequential(Layer(2, 2), "relu")
    assert "Sequential" in str(info.value) and "'relu'" in str(info.value)


# ---------------------------------------------------------------- micrograd's one-output Layer

def test_a_one_output_layer_gives_a_value_and_modules_after_it_still_work():
    layer = Layer(3, 1, activation="linear", seed=4)
    out = layer([1.0, 2.0, 3.0])
    assert isinstance(out, Value) and layer.outputs([1.0, 2.0, 3.0])[0].data == out.data
    assert Dropout(0.5).eval()(out) is out
    dropped = Dropout(0.5, rng=0)(out, mask=[0])
    assert isinstance(dropped, Value) and dropped.data == 0.0
    net = Sequential(Layer(2, 3, seed=0), Layer(3, 1, seed=1))
    assert [len(o) for o in net.forward_batch([[0.1, 0.2], [0.3, 0.4]])] == [1, 1]


# ---------------------------------------------------------------- sizes: numpy integers, and sizes no memory holds



@pytest.mark.parametrize("make, where, count", [
    (lambda: MLP(10 ** 400, [1]), "MLP", "1.00e+400"),
    (lambda: MLP(2, [10 ** 400]), "MLP", "3.00e+400"),
    (lambda: MLP(10 ** 6, [10 ** 6, 1]), "MLP", "1,000,002,000,001"),
    (lambda: Layer(2, 10 ** 400), "Layer", "3.00e+400"),
    (lambda: Neuron(10 ** 400), "Neuron", "1.00e+400"),
    (lambda: BatchNorm(10 ** 400), "BatchNorm", "2.00e+400"),
])
def test_a_size_no_memory_can_hold_is_refused_with_its_number_of_values(no_hang, make, where, count):
    with pytest.raises(ValueError) as error:
        make()
    text = str(error.value)
    assert where in text and count in text and "Values" in text and "Value" in text.split("\n")[0]


def test_numpy_integers_are_sizes():
    np = pytest.importorskip("numpy", reason="numpy is optional: pip install numpy")
    model = MLP(np.int64(2), [np.int32(3), np.int64(1)], seed=np.int64(0))
    assert model.nin == 2 and model.nouts == [3, 1] and type(model.nin) is int
    assert Layer(np.int64(2), np.uint8(4)).nout == 4
    assert Neuron(np.int16(3)).w[2].label == "w2"
    assert BatchNorm(np.int64(2)).num_features == 2
    with pytest.raises(TypeError, match="MLP"):
        MLP(np.float64(2.0), [1])
    with pytest.raises(TypeError, match="MLP"):
        MLP(np.bool_(True), [1])


@pytest.mark.parametrize("kwargs, error", [
    ({"eps": -1}, ValueError), ({"eps": 0.0}, ValueError), ({"eps": "1e-5"}, TypeError),
    ({"eps": math.nan}, ValueError), ({"momentum": math.inf}, ValueError),
    ({"momentum": 1.5}, ValueError), ({"momentum": -0.1}, ValueError), ({"momentum": None}, TypeError),
])
def test_batchnorm_refuses_an_eps_or_momentum_that_gives_nan(kwargs, error):
    with pytest.raises(error) as info:
        BatchNorm(2, **kwargs)
    assert "BatchNorm" in str(info.value) and next(iter(kwargs)) in str(info.value)


def test_a_layer_of_neuron_subclasses_runs_their_own_forward():
    class Answer(Neuron):
        def _forward(self, x):
            return super()._forward(x) * 0.0 + 42.0

    layer = Layer(2, 2)
    layer.neurons = [Answer(2), Answer(2)]
    assert [v.data for v in layer([1.0, 2.0])] == [42.0, 42.0]


def test_a_layer_reads_each_neurons_kind_activation_and_weights_at_each_call():
    """Layer.outputs reads its neurons in one pass: a neuron changed after the layer was made
    (late in the list, unfused, another activation, new weights) is seen at the next call."""
    class Doubled(Neuron):
        def _forward(self, x):
            return super()._forward(x) * 2.0

    x = [0.5, -1.5]
    layer = Layer(2, 3, activation="relu", seed=5)
    first = [v.data for v in layer(x)]
    assert first == [n(x).data for n in layer.neurons]
    layer.neurons[2].activation = "tanh"
    layer.neurons[1].w = [Value(0.25), Value(-0.75)]
    assert [v.data for v in layer(x)] == [n(x).data for n in layer.neurons]
    layer.neurons[2].fused = False
    assert [v.data for v in layer(x)] == [n(x).data for n in layer.neurons]
    layer.neurons[2] = Doubled(2, "relu", seed=6)
    got = [v.data for v in layer(x)]
    assert got == [n(x).data for n in layer.neurons] and got[2] == 2.0 * Neuron(2, "relu", seed=6)(x).data


def test_parameters_are_named_parameters_in_the_same_order():
    """parameters() skips making the names (a training step asks for them twice), nothing else."""
    models = [mg.MLP(3, [4, 2], seed=0), mg.nn.Layer(2, 3, seed=1), mg.nn.Neuron(4, bias=False, seed=2),
              mg.nn.Sequential(mg.nn.Layer(2, 2, seed=3), mg.nn.BatchNorm(2), mg.nn.Layer(2, 1, seed=4))]
    for model in models:
        params = model.parameters()
        assert [id(p) for p in params] == [id(p) for _, p in model.named_parameters()]


def test_parameters_are_named_parameters_in_order_also_for_subclasses():
    # Neuron, Layer and MLP list their parameters without making names; a subclass that
    # names one more parameter still gets it in parameters(), at every level
    for model in (MLP(2, [4, 3, 1], seed=1), MLP(3, [2], bias=False, seed=1), Layer(2, 3), Neuron(4)):
        assert model.parameters() == [p for _, p in model.named_parameters()]

    class Extra(Neuron):
        extra = Value(1.0)

        def named_parameters(self):
            return super().named_parameters() + [("extra", self.extra)]

    mlp = MLP(2, [3, 1], seed=1)
    mlp.layers[0].neurons[1] = Extra(2)
    assert mlp.parameters() == [p for _, p in mlp.named_parameters()]
    assert Extra.extra in mlp.parameters() and Extra.extra in mlp.layers[0].parameters()
