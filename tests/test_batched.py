"""The batched compiled mode: one traced sample loss run over a batch equals the eager engine's batch.

Equality is to 1e-12 relative (numpy adds in another order than backward() does);
nan where the eager engine gives nan, inf where it gives inf, 0 where a structural
zero stops an inf from above.
"""

import math
import random
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microgradkr as mg
from microgradkr import Value, losses
from microgradkr.ops import OPS
from microgradkr.testing import expressions, op_cases

np = pytest.importorskip("numpy", reason="pip install 'microgradkr[batch]' (numpy)")

RTOL = 1e-12


@pytest.fixture(autouse=True, scope="module")
def forget_learner_ops():
    """The ops defined here are forgotten afterwards, so the other test files see only the built-ins."""
    before = set(mg.OPS)
    yield
    for name in set(mg.OPS) - before:
        del mg.OPS[name]
        if hasattr(Value, name):
            delattr(Value, name)


def _close(got, expected) -> bool:
    return (got == expected or (got != got and expected != expected)
            or abs(got - expected) <= RTOL * abs(expected))


def _assert_close(got, expected):
    assert len(got) == len(expected)
    bad = [(i, g, e) for i, (g, e) in enumerate(zip(got, expected)) if not _close(g, e)]
    assert not bad, bad[:5]


def _eager(fn, values, batch, reduction="mean"):
    """The eager engine's loss and gradients over the batch: one graph per sample, their mean (or sum)."""
    inputs = [Value(v) for v in values]
    per_sample = [fn(inputs, [Value(float(x)) for x in row]) for row in batch]
    per_sample = [out[0] if isinstance(out, tuple) else out for out in per_sample]
    total = mg.sum(per_sample)
    if reduction == "mean":
        total = total / len(per_sample)
    total.backward()
    return total.data, [x.grad for x in inputs]


def _check(fn, values, batch, reduction="mean"):
    step = mg.compile(fn, values, sample=list(batch[0]), reduction=reduction)
    loss, grads = step(values, batch)
    e_loss, e_grads = _eager(fn, values, batch, reduction)
    assert _close(loss, e_loss), (loss, e_loss)
    _assert_close(grads, e_grads)
    return step


# ---------------------------------------------------------------- every op, random graphs

@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_batched_equals_eager(name):
    """Each op of the table, its operands scaled per sample: forward and gradients over a batch of 3."""
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(op_cases(name))
    def check(case):
        f, point = case
        fn = lambda p, s: f([x * y for x, y in zip(p, s)])  # noqa: E731
        batch = [[1.0] * len(point), [1.0 + 1e-3] * len(point), [1.0 - 2e-3] * len(point)]
        _check(fn, list(point), batch)

    check()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.integers(1, 6), st.randoms(use_true_random=False))
def test_random_graphs_batched_equal_eager(expr, size, rng):
    fn = lambda p, s: expr([x * y for x, y in zip(p, s)])  # noqa: E731
    batch = [[1.0 + rng.uniform(-1e-3, 1e-3) for _ in expr.inputs] for _ in range(size)]
    _check(fn, list(expr.inputs), batch, reduction=rng.choice(["mean", "sum"]))


# ---------------------------------------------------------------- networks and the losses fit uses

ACTIVATIONS = ("relu", "tanh", "sigmoid")


def _network_loss(model, loss_name, width_in):
    def fn(params, s):
        out = model(s[:width_in])
        t = s[width_in]
        if loss_name == "mse":
            return losses.mse(out, t)
        if loss_name == "bce":
            return losses.bce(out.sigmoid(), t)
        if loss_name == "bce_logits":
            return losses.bce(out, t, from_logits=True)
        if loss_name == "hinge_micrograd":  # micrograd's demo: 1 + -y·score, then an L2 term written with sum
            return (1 + -t * out).relu() + 1e-4 * sum(p * p for p in params)
        return (out - t).exp().log1p() + (out * t) ** 2  # exp, log, pow
    return fn


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3), st.lists(st.integers(1, 6), min_size=1, max_size=3), st.sampled_from(ACTIVATIONS),
       st.sampled_from(["mse", "bce", "bce_logits", "hinge_micrograd", "mixed"]), st.integers(1, 40),
       st.integers(0, 10_000))
def test_random_networks_batched_equal_eager(n_in, widths, activation, loss_name, size, seed):
    model = mg.MLP(n_in, widths + [1], activation=activation, seed=seed)
    rng = random.Random(seed)
    batch = [[rng.uniform(-2, 2) for _ in range(n_in)] + [rng.choice([0.0, 1.0]) if "bce" in loss_name
                                                           else rng.choice([-1.0, 1.0])] for _ in range(size)]
    fn = _network_loss(model, loss_name, n_in)
    params = model.parameters()
    step = mg.compile(fn, params, sample=batch[0])
    model.zero_grad()
    loss = step.backward(batch)
    got = [p.grad for p in params]
    model.zero_grad()
    total = mg.sum([fn(params, [Value(x) for x in row]) for row in batch]) / len(batch)
    total.backward()
    assert _close(loss, total.data)
    expected = [p.grad for p in params]
    # A gradient is a sum over the samples, which numpy adds in another order: where the samples'
    # shares cancel (bce: -1.7e-6 out of shares near 1), rounding is relative to the shares, not
    # to what is left.  So the tolerance is RTOL times the larger of the two.
    shares = [0.0] * len(params)
    for row in batch:
        model.zero_grad()
        fn(params, [Value(x) for x in row]).backward()
        shares = [a + abs(p.grad) / len(batch) for a, p in zip(shares, params)]
    bad = [(i, g, e) for i, (g, e, scale) in enumerate(zip(got, expected, shares))
           if not (_close(g, e) or abs(g - e) <= RTOL * scale)]
    assert not bad, bad[:5]


def test_a_layer_runs_as_one_matrix_product():
    """The fused linear nodes of a Layer, and b + Σ wᵢ·xᵢ written micrograd's way, become dense steps."""
    model = mg.MLP(2, [4, 3, 1], seed=1)
    step = mg.compile(lambda p, s: (model(s[:2]) - s[2]) ** 2, model.parameters(), sample=[0.1, 0.2, 1.0])
    layers = [line for line in step.summary() if line.endswith("+ bias")]
    assert layers == ["dense: 4 weighted sums of 2 inputs as one matrix product + bias",
                      "dense: 3 weighted sums of 4 inputs as one matrix product + bias",
                      "dense: 1 weighted sums of 3 inputs as one matrix product + bias"]

    rng = random.Random(0)
    w = [[Value(rng.uniform(-1, 1)) for _ in range(2)] for _ in range(5)]
    b = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    params = [v for row in w for v in row] + b

    def micrograd_style(p, s):
        hidden = [sum((wi * xi for wi, xi in zip(row, s[:2])), bias).tanh() for row, bias in zip(w, b)]
        return sum(hidden) * s[2]

    step = _check(micrograd_style, [v.data for v in params], [[0.5, -1.0, 2.0], [0.1, 0.3, -1.0]])
    # _check made fresh inputs, so the weights above are constants there; traced over them as inputs:
    step = mg.compile(micrograd_style, params, sample=[0.5, -1.0, 2.0])
    assert "dense: 5 weighted sums of 2 inputs as one matrix product + bias" in step.summary()
    assert "tanh: 5 nodes in one array op" in step.summary()


def test_an_l2_term_is_one_sum_of_squares():
    model = mg.MLP(2, [3, 1], seed=2)
    params = model.parameters()
    step = mg.compile(lambda p, s: model(s[:2]) * s[2] + 1e-4 * sum(q * q for q in p), params,
                      sample=[0.1, 0.2, 1.0])
    # Python's sum starts from 0: that term is dropped
    assert f"sum of squares: 1 × Σ of {len(params)} terms (shared × shared)" in step.summary()


def test_sums_of_squares_and_of_products_of_shared_numbers_give_the_eager_gradients():
    values = [0.5, -1.25, 2.0, 0.75]
    batch = [[1.0], [2.0], [-0.5]]
    squares = _check(lambda p, s: s[0] * sum(q * q for q in p) + p[0] * s[0], values, batch)
    assert any(line.startswith("sum of squares") for line in squares.summary())
    crossed = _check(lambda p, s: s[0] * sum(a * b for a, b in zip(p, p[::-1])) + p[1], values, batch)
    assert any(line.startswith("sum of products") for line in crossed.summary())


# ---------------------------------------------------------------- ops a learner defines

def test_a_learners_op_runs_on_arrays_and_one_with_python_if_per_element():
    cube = mg.define_op("batched_cube", forward=lambda m, x: x * x * x,
                        local_grads=lambda m, out, x: (3.0 * x * x,))

    def forward(m, x):
        return x * 2.0 if x > 0 else x * -3.0  # a Python if: cannot run on arrays

    def local_grads(m, out, x):
        return (2.0 if x > 0 else -3.0,)

    bent = mg.define_op("batched_bent", forward=forward, local_grads=local_grads)
    fn = lambda p, s: bent(cube(p[0] * s[0]) + p[1] * s[1]).tanh()  # noqa: E731
    batch = [[0.5, 1.0], [-2.0, 0.3], [1.5, -0.7], [0.0, 0.0]]
    step = _check(fn, [0.8, -0.4], batch)
    summary = step.summary()
    assert "batched_cube: 1 node in one array op" in summary
    assert "batched_bent: 1 node, one element at a time" in summary


def test_a_structural_zero_stops_an_inf_from_above():
    """relu below 0 passes nothing back, even an inf (as the eager engine and PyTorch's masks)."""
    fn = lambda p, s: (p[0] * s[0]).relu().sqrt() + p[1] * s[1]  # noqa: E731 - sqrt'(0) is inf
    batch = [[-1.0, 1.0], [2.0, 1.0]]
    step = mg.compile(fn, [1.0, 1.0], sample=batch[0], reduction="sum")
    loss, grads = step([1.0, 1.0], batch)
    e_loss, e_grads = _eager(fn, [1.0, 1.0], batch, "sum")
    assert loss == e_loss and grads == pytest.approx(e_grads, rel=RTOL)
    assert math.isfinite(grads[0])


def test_a_closure_node_is_refused_by_name():
    def fn(p, s):
        x = p[0] * s[0]
        out = Value(x.data * 2, (x,), "twice")
        out._backward = lambda: None
        return out
    with pytest.raises(ValueError, match="'twice'.*cannot be batched"):
        mg.compile(fn, [1.0], sample=[1.0])


def test_labels_never_become_code():
    """Nothing is generated as text: a label that looks like code is only a label."""
    p = [Value(2.0, label="x\nimport os; os._exit(3)"), Value(3.0, label="'''")]
    step = mg.compile(lambda v, s: v[0] * s[0] + v[1], p, sample=[1.0])
    loss, grads = step([2.0, 3.0], [[1.0], [3.0]])
    assert loss == 7.0 and grads == [2.0, 1.0]


# ---------------------------------------------------------------- shapes, outputs, errors

def test_outputs_backward_and_reduction():
    model = mg.MLP(2, [3, 2], seed=5)
    params = model.parameters()

    def fn(p, s):
        out = model(s[:2])
        return (out[0] - s[2]) ** 2 + out[1] * 0.0, out

    step = mg.compile(fn, params, sample=[0.0, 0.0, 0.0])
    batch = np.array([[0.1, 0.2, 1.0], [0.3, -0.5, 0.0], [1.0, 1.0, 2.0]])
    model.zero_grad()
    loss = step.backward(batch)
    assert step.outputs.shape == (3, 2)
    first = model([0.1, 0.2])
    assert step.outputs[0].tolist() == pytest.approx([first[0].data, first[1].data], rel=RTOL)
    grads = [p.grad for p in params]
    loss_again = step.backward(batch)  # backward adds, as backward() does
    assert loss_again == loss and [p.grad for p in params] == [2 * g for g in grads]
    summed = mg.compile(fn, params, sample=[0.0, 0.0, 0.0], reduction="sum")
    total, _ = summed([p.data for p in params], batch)
    assert total == pytest.approx(3 * loss, rel=RTOL)


def test_arrays_reused_across_calls_change_no_kept_result():
    """The arrays a batch size runs in are reused: what a call returned stays as it was, any order of sizes."""
    model = mg.MLP(2, [4, 1], seed=3)
    params = model.parameters()
    fn = lambda p, s: ((model(s[:2]) - s[2]) ** 2, model(s[:2]))  # noqa: E731 - an extra output kept too
    step = mg.compile(fn, params, sample=[0.0, 0.0, 0.0])
    rng = random.Random(4)
    batches = [[[rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(size)]
               for size in (5, 3, 5, 1, 7, 2, 3, 5)]  # more sizes than are kept, sizes coming back
    kept = []
    for k, batch in enumerate(batches):
        values = [p.data + 0.1 * k for p in params]
        loss, grads = step(values, batch)
        kept.append((values, batch, loss, grads, step.outputs))
    for values, batch, loss, grads, outputs in kept:  # each checked against the eager engine afterwards
        for p, v in zip(params, values):
            p.data = v
        model.zero_grad()
        total = mg.sum([fn(params, [Value(x) for x in row])[0] for row in batch]) / len(batch)
        total.backward()
        assert _close(loss, total.data)
        _assert_close(grads, [p.grad for p in params])
        _assert_close(outputs[:, 0].tolist(), [model(row[:2]).data for row in batch])


def test_relu_on_edge_numbers_as_the_eager_engine():
    """relu's array form: -0.0 gives 0.0, nan stays nan and passes its gradient, inf stays inf."""
    fn = lambda p, s: (p[0] * s[0]).relu() * p[1]  # noqa: E731
    batch = [[-0.0], [0.0], [math.nan], [math.inf], [-math.inf], [-2.0], [3.0]]
    step = mg.compile(fn, [1.0, 2.0], sample=[1.0], reduction="sum")
    for row in batch:
        loss, grads = step([1.0, 2.0], [row])
        e_loss, e_grads = _eager(fn, [1.0, 2.0], [row], "sum")
        assert _close(loss, e_loss) and math.copysign(1.0, loss) == math.copysign(1.0, e_loss), (row, loss)
        assert all(_close(g, e) for g, e in zip(grads, e_grads)), (row, grads, e_grads)
    inverse = mg.compile(lambda p, s: 1.0 / (p[0] * s[0]).relu(), [1.0], sample=[1.0], reduction="sum")
    assert inverse([1.0], [[-0.0]])[0] == math.inf  # relu(-0.0) is +0.0, so 1 / it is +inf


def test_a_loss_shared_by_every_sample():
    step = mg.compile(lambda p, s: p[0] * p[0], [3.0], sample=[1.0], reduction="sum")
    assert step([3.0], [[1.0], [2.0]]) == (18.0, [12.0])
    one_column = mg.compile(lambda p, s: p[0] * s[0], [3.0], sample=[1.0])
    assert one_column([3.0], [1.0, 2.0, 3.0]) == (6.0, [2.0])  # a 1-D batch of a one-number sample


def test_clear_errors():
    step = mg.compile(lambda p, s: p[0] * s[0] + s[1], [1.0], sample=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"\(samples, 2\)"):
        step([1.0], [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="empty"):
        step([1.0], np.zeros((0, 2)))
    with pytest.raises(TypeError, match="rows of 2 numbers"):
        step([1.0], [["a", "b"]])
    with pytest.raises(ValueError, match="traced with 1 inputs, called with 2"):
        step([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(TypeError, match="list of 1 input numbers"):
        step(1.0, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="'mean'"):
        mg.compile(lambda p, s: p[0], [1.0], sample=[1.0], reduction="max")
    with pytest.raises(TypeError, match="sample must be a list"):
        mg.compile(lambda p, s: p[0], [1.0], sample=3.0)
    with pytest.raises(ValueError, match="sample is empty"):
        mg.compile(lambda p, s: p[0], [1.0], sample=[])
    with pytest.raises(TypeError, match="loss of one sample"):
        mg.compile(lambda p, s: 3.0, [1.0], sample=[1.0])


def test_without_numpy_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` now raises ImportError
    with pytest.raises(ImportError) as caught:
        mg.compile(lambda p, s: p[0] * s[0], [1.0], sample=[1.0])
    ko, en = str(caught.value).split("\n")
    assert "numpy" in ko and "microgradkr[batch]" in ko
    assert "needs numpy" in en and "pip install 'microgradkr[batch]'" in en
    with pytest.raises(ImportError, match=r"microgradkr\[batch\]"):
        mg.fit(mg.MLP(2, [2, 1], seed=0), [[0.0, 1.0]], [1.0], epochs=1, progress=False, compiled=True)
    # the eager engine and the plain compile need no numpy
    assert mg.compile(lambda v: v[0] * 2.0, [1.0])([3.0]) == (6.0, [2.0])


# ---------------------------------------------------------------- fit(..., compiled=True)

@pytest.mark.parametrize("loss, activation, targets", [
    ("hinge", "linear", "signed"), ("mse", "linear", "float"), ("bce", "sigmoid", "01"),
    ("bce_logits", "linear", "01"), ("cross_entropy", "linear", "class"), ("cross_entropy", "linear", "onehot"),
])
def test_fit_compiled_trains_as_fit_does(loss, activation, targets):
    X, y = mg.data.moons(48, noise=0.1, seed=3)
    if targets == "signed":
        y = [2.0 * t - 1.0 for t in y]
    elif targets == "float":
        y = [0.5 * t + 0.1 * x[0] for t, x in zip(y, X)]
    elif targets == "class":
        y = [int(t) for t in y]
    elif targets == "onehot":
        y = [[1.0 - t, float(t)] for t in y]
    outputs = 2 if targets in ("class", "onehot") else 1
    runs = []
    for compiled in (False, True):
        model = mg.MLP(2, [6, 6, outputs], seed=7, output_activation=activation)
        history = mg.fit(model, X, y, loss=loss, epochs=4, batch_size=16, seed=2, progress=False,
                         compiled=compiled, optimizer="adam", lr=0.01)
        runs.append((history, [p.data for p in model.parameters()]))
    (eager, w_eager), (batched, w_batched) = runs
    assert batched.loss == pytest.approx(eager.loss, rel=1e-10)
    assert batched.accuracy == eager.accuracy
    assert w_batched == pytest.approx(w_eager, rel=1e-9, abs=1e-12)
    assert batched.loss[-1] < batched.loss[0]


def test_fit_compiled_refuses_dropout_and_batchnorm():
    X, y = [[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]
    for layer in (mg.nn.Dropout(0.5), mg.nn.BatchNorm(2)):
        model = mg.nn.Sequential(mg.nn.Layer(2, 2, seed=0), layer, mg.nn.Layer(2, 1, seed=1))
        with pytest.raises(ValueError, match=type(layer).__name__):
            mg.fit(model, X, y, epochs=1, progress=False, compiled=True)
    with pytest.raises(TypeError, match="compiled"):
        mg.fit(mg.MLP(2, [1], seed=0), X, y, epochs=1, progress=False, compiled="yes")
