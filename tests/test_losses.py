"""Losses: teaching numbers, gradient checks, stability, and PyTorch's values."""

import math

import pytest

from microgradkr import Value, data, gradcheck, losses


# ---------------------------------------------------------------- mse and the study hours

def test_study_hours_mse_and_its_gradients_at_zero():
    x, y = data.study_hours()
    a, b = Value(0.0, "a"), Value(0.0, "b")  # 기울기 a, 절편 b
    loss = losses.mse([a * xi + b for xi in x], y)
    loss.backward()
    assert loss.data == 8225.0
    assert a.grad == -928.0 and b.grad == -181.0


def test_study_hours_optimum_has_zero_gradient():
    x, y = data.study_hours()
    a, b = Value(2.3), Value(79.0)
    losses.mse([a * xi + b for xi in x], y).backward()
    assert a.grad == pytest.approx(0.0, abs=1e-9) and b.grad == pytest.approx(0.0, abs=1e-9)


def test_mse_of_one_sample_and_sum_reduction():
    assert losses.mse(Value(3.0), 1.0).data == 4.0
    assert losses.mse([Value(1.0), Value(2.0)], [0.0, 0.0], reduction="sum").data == 5.0
    with pytest.raises(ValueError):
        losses.mse([Value(1.0)], [0.0], reduction="avg")


# ---------------------------------------------------------------- gradient checks of every loss

POINT = [0.3, -1.2, 2.0, 0.05]


@pytest.mark.parametrize("name, f", [
    ("mse", lambda v: losses.mse(v, [1.0, 0.0, -1.0, 0.5])),
    ("bce", lambda v: losses.bce([x.sigmoid() for x in v], [1.0, 0.0, 1.0, 0.3])),
    ("bce_logits", lambda v: losses.bce(v, [1.0, 0.0, 1.0, 0.3], from_logits=True)),
    ("hinge", lambda v: losses.hinge(v, [1.0, -1.0, -1.0, 1.0])),
    ("cross_entropy", lambda v: losses.cross_entropy(v, 2)),
    ("cross_entropy_onehot", lambda v: losses.cross_entropy(v, [0.0, 0.0, 1.0, 0.0])),
    ("cross_entropy_batch", lambda v: losses.cross_entropy([v[:2], v[2:]], [0, 1])),
    ("softmax", lambda v: losses.softmax(v)[1] * 2.0 + losses.softmax(v)[3]),
    ("l2", lambda v: losses.l2(v)),
])
def test_gradcheck(name, f):
    assert gradcheck(f, POINT)


def test_bce_from_logits_has_the_right_gradient_at_zero():
    z = Value(0.0)
    losses.bce(z, 1.0, from_logits=True).backward()
    assert z.grad == -0.5  # sigmoid(0) - 1, no kink from an |z|


# ---------------------------------------------------------------- stability

@pytest.mark.parametrize("z", [-1000.0, -50.0, 0.0, 50.0, 1000.0])
def test_bce_from_logits_is_finite_for_any_score(z):
    for t in (0.0, 1.0):
        logit = Value(z)
        loss = losses.bce(logit, t, from_logits=True)
        loss.backward()
        assert math.isfinite(loss.data) and math.isfinite(logit.grad)
        expected = max(z, 0.0) - z * t + math.log1p(math.exp(-abs(z)))
        assert loss.data == pytest.approx(expected, rel=1e-12, abs=1e-15)  # no log1p op: tiny losses round to 0


def test_bce_on_probabilities_clamps_the_log_like_pytorch():
    assert losses.bce(Value(0.0), 1.0).data == 100.0
    assert losses.bce(Value(1.0), 1.0).data == 0.0


def test_softmax_does_not_overflow():
    p = losses.softmax([Value(1000.0), Value(1000.0), Value(-1000.0)])
    assert [x.data for x in p] == [0.5, 0.5, 0.0]
    assert math.isfinite(losses.cross_entropy([Value(1000.0), Value(-1000.0)], 1).data)


def test_softmax_sums_to_one_and_cross_entropy_gradient_is_p_minus_onehot():
    z = [Value(1.0), Value(2.0), Value(3.0)]
    p = [v.data for v in losses.softmax(z)]
    assert sum(p) == pytest.approx(1.0)
    losses.cross_entropy(z, 0).backward()
    assert [v.grad for v in z] == pytest.approx([p[0] - 1.0, p[1], p[2]], rel=1e-12)


def test_hinge_is_micrograds():
    scores = [Value(2.0), Value(0.5), Value(-0.3)]
    loss = losses.hinge(scores, [1.0, 1.0, 1.0])
    assert loss.data == pytest.approx((0.0 + 0.5 + 1.3) / 3)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call", [
    lambda: losses.mse([Value(1.0)], [1.0, 2.0]),
    lambda: losses.mse([], []),
    lambda: losses.cross_entropy([Value(1.0), Value(2.0)], 2),
    lambda: losses.cross_entropy([Value(1.0), Value(2.0)], [1.0]),
    lambda: losses.softmax([]),
])
def test_bad_values(call):
    with pytest.raises(ValueError):
        call()


def test_bad_types():
    with pytest.raises(TypeError):
        losses.mse("abc", [1.0])
    with pytest.raises(TypeError):
        losses.mse([Value(1.0)], 1.0)
    with pytest.raises(TypeError):
        losses.cross_entropy([Value(1.0), Value(2.0)], 1.0)  # a class is an int
    with pytest.raises(TypeError):
        losses.cross_entropy(3.0, 0)


# ---------------------------------------------------------------- the same numbers as PyTorch

def test_losses_match_pytorch():
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    F = torch.nn.functional
    outs = [0.3, -1.2, 2.0, 0.05]
    targets = [1.0, 0.0, 1.0, 0.3]
    t_out = torch.tensor(outs, dtype=torch.float64, requires_grad=True)
    t_tar = torch.tensor(targets, dtype=torch.float64)

    def both(ours_fn, torch_fn):
        values = [Value(o) for o in outs]
        ours = ours_fn(values)
        ours.backward()
        t_out.grad = None
        theirs = torch_fn(t_out)
        theirs.backward()
        assert ours.data == pytest.approx(theirs.item(), rel=1e-12)
        assert [v.grad for v in values] == pytest.approx(t_out.grad.tolist(), rel=1e-10, abs=1e-15)

    both(lambda v: losses.mse(v, targets), lambda t: F.mse_loss(t, t_tar))
    both(lambda v: losses.bce(v, targets, from_logits=True),
         lambda t: F.binary_cross_entropy_with_logits(t, t_tar))
    both(lambda v: losses.bce([x.sigmoid() for x in v], targets),
         lambda t: F.binary_cross_entropy(torch.sigmoid(t), t_tar))
    both(lambda v: losses.cross_entropy([v[:2], v[2:]], [1, 0]),
         lambda t: F.cross_entropy(t.view(2, 2), torch.tensor([1, 0])))


def test_bce_from_logits_keeps_tiny_losses():
    """A confident right answer has a tiny loss, not 0: log1p(e^-50) ≈ 1.93e-22."""
    for z, t in ((50.0, 1.0), (-50.0, 0.0)):
        loss = losses.bce(Value(z), t, from_logits=True)
        assert loss.data == pytest.approx(math.log1p(math.exp(-50.0)), rel=1e-12)
    soft = losses.bce(Value(0.7), 0.3, from_logits=True)  # a soft target: the same function
    assert soft.data == pytest.approx(math.log1p(math.exp(0.7)) - 0.3 * 0.7, rel=1e-14)


# ---------------------------------------------------------------- bce on probabilities, as PyTorch's BCELoss

# (p, t, loss, d loss / d p) from torch.nn.functional.binary_cross_entropy in float64
# (torch 2.13.0 CPU): each log is clamped at -100, the t = 0 side is log1p(-p), and the
# gradient is (p - t) / max(p·(1 - p), 1e-12 as a float32) however the logs were clamped.
PYTORCH_BCE = [
    (0.0, 0.0, 0.0, 0.0),
    (0.0, 1.0, 100.0, -1000000003995.8029),
    (1e-300, 0.0, 1e-300, 1.0000000039958029e-288),
    (1e-300, 1.0, 100.0, -1000000003995.8029),
    (1e-50, 1.0, 100.0, -1000000003995.8029),
    (1e-50, 0.3, 30.0, -300000001198.74084),
    (1e-13, 0.0, 1.00000000000005e-13, 0.10000000039958029),
    (1e-13, 1.0, 29.933606208922594, -1000000003995.7028),
    (1e-12, 1.0, 27.631021115928547, -1000000000000.0001),
    (1e-05, 0.0, 1.0000050000333337e-05, 1.000010000100001),
    (1e-05, 1.0, 11.512925464970229, -100000.0),
    (0.3, 0.0, 0.35667494393873234, 1.4285714285714286),
    (0.3, 1.0, 1.2039728043259361, -3.333333333333333),
    (0.3, 0.3, 0.6108643020548934, 0.0),
    (0.5, 0.3, 0.6931471805599453, 0.8),
    (1 - 1e-13, 1.0, 1.000310945187316e-13, -0.10003109491843114),
    (1 - 1e-13, 0.0, 29.933295312068765, 1000000003995.7028),
    (1.0, 0.0, 100.0, 1000000003995.8029),
    (1.0, 1.0, 0.0, 0.0),
    (1.0, 0.3, 70.0, 700000002797.0619),
    (5e-324, 0.0, 5e-324, 4.940656478155e-312),
]


@pytest.mark.parametrize("p, t, loss, grad", PYTORCH_BCE)
def test_bce_on_a_probability_gives_pytorchs_value_and_gradient(p, t, loss, grad):
    x = Value(p)
    out = losses.bce(x, t)
    out.backward()
    assert (out.data, x.grad) == (loss, grad)


def test_bce_keeps_the_digits_of_a_tiny_loss():
    """-log(1 - p) for a tiny p is p, not 0 and not 3e-4 off: log1p, not log(1 - p)."""
    for p in (1e-13, 1e-200, 1e-300):
        assert losses.bce(Value(p), 0.0).data == pytest.approx(p, rel=1e-15)


@pytest.mark.parametrize("p", [math.nan, 1.5, -0.1, 1.0000000000000002, -5e-324, math.inf, -math.inf])
def test_bce_refuses_what_is_not_a_probability(p):
    with pytest.raises(ValueError, match="bce") as error:
        losses.bce(Value(p), 1.0)
    assert "outputs" in str(error.value) and "from_logits" in str(error.value)
    with pytest.raises(ValueError, match="bce"):
        losses.bce([Value(0.5), p], [1.0, 0.0])  # anywhere in a batch


@pytest.mark.parametrize("t", [math.nan, 1.5, -1.0, math.inf])
def test_bce_refuses_targets_outside_zero_one(t):
    for from_logits in (False, True):
        with pytest.raises(ValueError, match="targets"):
            losses.bce(Value(0.5), t, from_logits=from_logits)


def test_bce_gradients_still_flow_through_the_graph():
    """The loss is made of ops: backward() reaches the weights behind the probability."""
    w = Value(2.0, "w")
    p = (w * 0.5).sigmoid()
    losses.bce([p, p], [1.0, 0.0]).backward()
    expected = 0.5 * (p.data - 1.0) / (p.data * (1 - p.data)) + 0.5 * p.data / (p.data * (1 - p.data))
    assert w.grad == pytest.approx(0.5 * expected * p.data * (1 - p.data), rel=1e-12)


def test_bce_with_a_value_as_target_differentiates_the_target_too():
    p, t = Value(0.3), Value(0.2)
    losses.bce(p, t).backward()
    assert t.grad == pytest.approx(math.log1p(-0.3) - math.log(0.3), rel=1e-14)


def test_bce_table_matches_pytorch_everywhere():
    torch = pytest.importorskip("torch", reason="PyTorch comparison: pip install torch==2.13.0")
    ps = [0.0, 5e-324, 1e-300, 1e-50, 1e-16, 1e-13, 1e-12, 1e-5, 0.1, 0.3, 0.5, 0.7, 0.9,
          1 - 1e-5, 1 - 1e-12, 1 - 1e-13, 1 - 2 ** -53, 1.0]
    for p in ps:
        for t in (0.0, 1.0, 0.3):
            x = torch.tensor(p, dtype=torch.float64, requires_grad=True)
            theirs = torch.nn.functional.binary_cross_entropy(x, torch.tensor(t, dtype=torch.float64))
            theirs.backward()
            ours = Value(p)
            loss = losses.bce(ours, t)
            loss.backward()
            assert (loss.data, ours.grad) == (theirs.item(), x.grad.item()), (p, t)
