"""Loss functions (손실 함수), built from Value ops so they differentiate and draw.

Each takes the model's outputs and the targets, for one sample or for a batch
(a list of samples), and returns one Value: the mean over the batch unless
``reduction='sum'``.

- ``mse``: mean squared error, (1/N)·Σ(y - t)² (PyTorch's MSELoss).  The book's
  sum of squares error is 0.5·Σ(y - t)²: the same minimum, half the gradient.
- ``bce``: binary cross entropy; ``from_logits=True`` takes scores instead of
  probabilities and stays finite for any score.
- ``hinge``: max(0, 1 - t·y) with t = ±1, micrograd's demo loss.
- ``softmax`` and ``cross_entropy`` for several classes.
- ``l2``: Σ w², the weight decay penalty added to a loss.
"""

from __future__ import annotations

import numbers
import operator
from typing import List, Sequence, Union

from . import checks, fused, ops
from .engine import Value
from .messages import message

def _is_one(x) -> bool:
    """A single output: a Value or a number (numpy's too), not a list."""
    return isinstance(x, (Value, numbers.Real)) and not isinstance(x, bool)


def _pairs(outputs, targets, where: str):
    """(output, target) pairs: one sample or a batch of them."""
    if _is_one(outputs):
        return [(outputs, targets)]
    outputs = checks.sequence(outputs, f"{where}: outputs")
    if not outputs:
        raise ValueError(message("empty", what=f"{where}: outputs"))
    targets = checks.sequence(targets, f"{where}: targets")
    # a model with one output in a list ([y], e.g. from a Layer) stands for y
    outputs = [y[0] if isinstance(y, (list, tuple)) and len(y) == 1 else y for y in outputs]
    if len(outputs) != len(targets):
        raise ValueError(message("nn_loss_lengths", where=where, outputs=len(outputs), targets=len(targets)))
    return list(zip(outputs, targets))


def _reduce(terms: List[Value], reduction: str, where: str) -> Value:
    checks.choice(reduction, f"{where}: reduction", ("mean", "sum"))
    total = fused.sum(terms)
    return total / len(terms) if reduction == "mean" else total


def _as_value(x, what: str = "Value") -> Value:
    """x as a Value: a Value itself, or a real number as a constant."""
    return x if isinstance(x, Value) else Value(checks.real(x, what))


def _number(x, what: str):
    """A target: a Value, or a real number as a float."""
    return x if isinstance(x, Value) else checks.real(x, what, allow_bool=True)


def _checked_pairs(outputs, targets, where: str):
    """(output as a Value, target as a Value or float) pairs; the messages name the item."""
    pairs = _pairs(outputs, targets, where)
    one = _is_one(outputs)
    return [(_as_value(y, f"{where}: outputs" + ("" if one else f"[{i}]")),
             _number(t, f"{where}: targets" + ("" if one else f"[{i}]")))
            for i, (y, t) in enumerate(pairs)]


def mse(outputs, targets, reduction: str = "mean") -> Value:
    """Mean squared error (평균 제곱 오차): (1/N)·Σ(yᵢ - tᵢ)²."""
    terms = []
    for y, t in _checked_pairs(outputs, targets, "mse"):
        error = y - t
        terms.append(error * error)
    return _reduce(terms, reduction, "mse")


def _probability(y, where: str, index) -> Value:
    y = _as_value(y, f"{where}: outputs{index}")
    if not 0.0 <= y.data <= 1.0:  # nan fails too
        raise ValueError(message("nn_not_probability", where=where, index=index, value=repr(y.data)))
    return y


def _target(t, where: str, index) -> float:
    """The number of a target in [0, 1] (a Value target gives its .data)."""
    value = checks.real(t.data if isinstance(t, Value) else t, f"{where}: targets{index}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(message("nn_bad_target", where=where, index=index, value=repr(value)))
    return value


def _bce_from_logit(z: Value, t) -> Value:
    if isinstance(t, (int, float)) and t in (0, 1):  # hard labels: one softplus
        return (-z).softplus() if t == 1 else z.softplus()
    return t * (-z).softplus() + (1.0 - t) * z.softplus()


def bce(outputs, targets, from_logits: bool = False, reduction: str = "mean") -> Value:
    """Binary cross entropy (교차 엔트로피 오차) for targets t in [0, 1].

    With probabilities p in [0, 1] (anything else is a ValueError, as in
    PyTorch): -(t·log p + (1-t)·log(1-p)), each log clamped at -100, with the
    value and gradient of PyTorch's BCELoss (the book adds 1e-7 inside the log
    instead).  With ``from_logits=True`` the outputs are scores z
    (p = sigmoid(z)) and the loss is softplus(z) - t·z, PyTorch's
    BCEWithLogitsLoss: finite for any z.  It is computed as
    t·softplus(-z) + (1-t)·softplus(z) (the same function), so a confident
    right answer keeps its tiny loss (t = 1, z = 50 gives 1.9e-22) where
    softplus(z) - z would cancel to 0.
    """
    checks.flag(from_logits, "bce: from_logits")
    terms = []
    pairs = _pairs(outputs, targets, "bce")
    for i, (y, t) in enumerate(pairs):
        index = "" if _is_one(outputs) else f"[{i}]"
        t_data = _target(t, "bce", index)
        if from_logits:
            terms.append(_bce_from_logit(_as_value(y, f"bce: outputs{index}"), t))
        else:
            # one node per sample: the bce op (microgradkr/ops.py) has PyTorch's value and gradient
            terms.append(ops.bce(_probability(y, "bce", index), t if isinstance(t, Value) else t_data))
    return _reduce(terms, reduction, "bce")


def hinge(outputs, targets, reduction: str = "mean") -> Value:
    """max(0, 1 - t·y) for targets t = ±1 (SVM's loss, micrograd's demo).

    Any other target is a ValueError: with t = 0 (a 0/1 label) the loss is 1
    whatever the score, so nothing would be learned.  ``fit`` maps 0/1 labels
    to -1/+1 itself; here write ``2 * t - 1`` or use ``data.moons(signed=True)``.
    """
    pairs = _checked_pairs(outputs, targets, "hinge")
    for _, t in pairs:
        if isinstance(t, bool) or t not in (-1, 1):
            raise ValueError(message("nn_hinge_target", value=repr(t)[:60]))
    terms = [(1.0 - y * t).relu() for y, t in pairs]
    return _reduce(terms, reduction, "hinge")


def _is_one_sample(logits) -> bool:
    return bool(logits) and _is_one(logits[0])


def _logits(logits, what: str) -> List[Value]:
    logits = checks.sequence(logits, what)
    if not logits:
        raise ValueError(message("empty", what=what))
    return [_as_value(z, f"{what}[{i}]") for i, z in enumerate(logits)]


def softmax(logits: Sequence) -> List[Value]:
    """exp(zᵢ) / Σ exp(zⱼ) for one sample.

    The largest z is subtracted first (a constant, so the result and its
    gradient are unchanged) so that exp never overflows.
    """
    logits = _logits(logits, "softmax: logits")
    top = max(z.data for z in logits)
    exps = [(z - top).exp() for z in logits]
    total = fused.sum(exps)
    return [e / total for e in exps]


def _log_softmax(logits: List[Value]) -> List[Value]:
    # log softmax(z)ᵢ = (zᵢ - m) - log Σ exp(zⱼ - m): no exp overflows, no log of 0
    top = max(z.data for z in logits)
    shifted = [z - top for z in logits]
    log_total = fused.sum([s.exp() for s in shifted]).log()
    return [s - log_total for s in shifted]


def _one_cross_entropy(logits, target, index: str = "") -> Value:
    logits = _logits(logits, "cross_entropy: logits" + index)
    log_p = _log_softmax(logits)
    if not isinstance(target, (bool, float)) and hasattr(target, "__index__"):  # a class (numpy's int too)
        target = operator.index(target)
        if not 0 <= target < len(logits):
            raise ValueError(message("nn_class_index", index=index, target=checks.shown_int(target),
                                     classes=len(logits)))
        return -log_p[target]
    # class probabilities (a one-hot list, as in the book)
    target = checks.sequence(target, "cross_entropy: targets" + index)
    target = [checks.real(p, f"cross_entropy: targets{index}[{k}]") for k, p in enumerate(target)]
    if len(target) != len(logits):
        raise ValueError(message("nn_loss_lengths", where="cross_entropy", outputs=len(logits),
                                 targets=len(target)))
    return -fused.linear(target, log_p)


def cross_entropy(logits, targets: Union[int, Sequence], reduction: str = "mean") -> Value:
    """Softmax cross entropy from scores (logits), as PyTorch's ``cross_entropy``.

    ``logits`` is one sample (a list of class scores) with ``targets`` a class
    index or a list of class probabilities (one-hot), or a batch of samples
    with one target each.  The book's version takes softmax probabilities and
    adds 1e-7 inside the log; this one never takes the log of a probability.
    """
    logits = checks.sequence(logits, "cross_entropy: logits")
    if not logits:
        raise ValueError(message("empty", what="cross_entropy: logits"))
    if _is_one_sample(logits):
        checks.choice(reduction, "cross_entropy: reduction", ("mean", "sum"))
        return _one_cross_entropy(logits, targets)
    pairs = _pairs(logits, targets, "cross_entropy")
    return _reduce([_one_cross_entropy(z, t, f"[{i}]") for i, (z, t) in enumerate(pairs)],
                   reduction, "cross_entropy")


def l2(parameters: Sequence[Value]) -> Value:
    """Σ w²: add alpha·l2(model.parameters()) to a loss for weight decay (가중치 감소)."""
    parameters = checks.sequence(parameters, "l2: parameters")
    values = [_as_value(p, f"l2: parameters[{i}]") for i, p in enumerate(parameters)]
    return fused.sum([p * p for p in values])
