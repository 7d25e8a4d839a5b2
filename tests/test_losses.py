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
