"""``fit``: the training loop (학습) every tutorial writes, once.

For each epoch, for each (mini-)batch: forward pass, loss, ``zero_grad``,
``backward``, ``optimizer.step()``.  The history records the mean loss and the
accuracy over each epoch's batches (the numbers the updates were computed
from, as Keras reports them).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence, Union

from . import checks, losses
from .collector import paused_collector
from .engine import Value
from .grad_mode import no_grad
from .init import make_rng
from .optim import SGD, AdaGrad, Adam, Momentum, Optimizer
from .messages import message

#: optimizers by name (any case: the book's Trainer writes 'SGD', 'Adam'); fit's own default lr is SGD's
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adagrad": AdaGrad, "adam": Adam}
FIT_SGD_LR = 0.1

#: losses by name, with how a prediction becomes a class for the accuracy
LOSSES = {
    "mse": losses.mse,
    "bce": losses.bce,
    "bce_logits": lambda y, t: losses.bce(y, t, from_logits=True),
    "hinge": losses.hinge,
    "cross_entropy": losses.cross_entropy,
}


@dataclass
class History:
    """Per-epoch numbers of a ``fit`` run; ``history['loss']`` works too.

    ``val_loss`` and ``val_accuracy`` stay empty unless ``fit`` was given
    validation data.
    """

    loss: List[float] = field(default_factory=list)
    accuracy: List[Optional[float]] = field(default_factory=list)
    val_loss: List[float] = field(default_factory=list)
    val_accuracy: List[Optional[float]] = field(default_factory=list)

    def __getitem__(self, key: str) -> list:
        if key not in ("loss", "accuracy", "val_loss", "val_accuracy"):
            raise KeyError(key)
        return getattr(self, key)

    def __len__(self) -> int:
        return len(self.loss)


def _value(x) -> float:
    return x.data if isinstance(x, Value) else float(x)


def _predicted_class(output, loss_name: str):
    """The class a model output stands for: the largest score, or a threshold on one output."""
    if isinstance(output, (list, tuple)) and len(output) == 1:
        output = output[0]
    if isinstance(output, (list, tuple)):  # several scores: the largest wins
        scores = [_value(z) for z in output]
        return scores.index(max(scores))
    y = _value(output)
    if loss_name == "hinge":
        return 1.0 if y > 0 else -1.0
    if loss_name == "bce_logits":
        return 1.0 if y > 0 else 0.0
    return 1.0 if y > 0.5 else 0.0


def _is_classification(targets: Sequence, loss_name: str) -> bool:
    if loss_name in ("hinge", "bce", "bce_logits", "cross_entropy"):
        return True
    # mse on 0/1 targets (XOR with a sigmoid output, as the book does) is a classification too
    return loss_name == "mse" and all(t in (0, 1) for t in targets if not isinstance(t, (list, tuple)))


def _correct(outputs, targets, loss_name: str) -> int:
    hits = 0
    for y, t in zip(outputs, targets):
        if isinstance(t, (list, tuple)):  # one-hot: its index
            t = list(t).index(max(t))
        hits += _predicted_class(y, loss_name) == t
    return hits


def _make_optimizer(optimizer, lr, model):
    """An Optimizer for ``model`` from None, a name ('sgd', 'momentum', 'adagrad', 'adam') or itself."""
    if optimizer is None or isinstance(optimizer, str):
        name = "sgd" if optimizer is None else optimizer.lower()
        cls = OPTIMIZERS[checks.choice(name, "fit: optimizer", tuple(OPTIMIZERS))]
        if lr is not None:
            lr = checks.number(lr, "fit: lr", low=0.0)
        if lr is None:  # each optimizer's own default, but fit's 0.1 for SGD (PyTorch's 1e-3 crawls)
            return cls(model.parameters(), lr=FIT_SGD_LR) if cls is SGD else cls(model.parameters())
        return cls(model.parameters(), lr=lr)
    if lr is not None:  # the optimizer already has its lr: a second one would be silently ignored
        raise ValueError(message("nn_lr_with_optimizer", lr=repr(lr), optimizer=type(optimizer).__name__))
    if not (callable(getattr(optimizer, "zero_grad", None)) and callable(getattr(optimizer, "step", None))):
        raise TypeError(message("nn_bad_optimizer", value=repr(optimizer)[:60], type=type(optimizer).__name__,
                                names=", ".join(OPTIMIZERS)))
    if isinstance(optimizer, Optimizer) and not optimizer.params:
        raise ValueError(message("nn_optimizer_no_params", optimizer=type(optimizer).__name__,
                                 lower=type(optimizer).__name__.lower()))
    return optimizer


def _signed_for_hinge(targets: list, loss_name: str) -> list:
    """0/1 labels as -1/+1 for the hinge loss (class 0 → -1, class 1 → +1); others as they are.

    The hinge loss max(0, 1 - t·y) needs t = ±1: with t = 0 every sample
    costs 1 whatever the score and nothing is learned, so 0/1 labels (as
    ``data.moons()`` gives) are mapped rather than trained on silently.
    """
    if loss_name == "hinge" and any(t == 0 for t in targets) and all(t in (0, 1) for t in targets):
        return [2.0 * t - 1.0 for t in targets]
    return targets


def _resolve_loss(loss, where: str) -> tuple:
    if isinstance(loss, str):
        return LOSSES[checks.choice(loss, f"{where}: loss", tuple(LOSSES))], loss
    if callable(loss):
        return loss, getattr(loss, "__name__", "custom")
    raise TypeError(message("nn_bad_choice_type", what=f"{where}: loss", value=repr(loss)[:60],
                            type=type(loss).__name__))


def _batches(n: int, batch_size: Optional[int], rng) -> List[List[int]]:
    order = list(range(n))
    if batch_size is None or batch_size >= n:
        return [order]
    rng.shuffle(order)  # mini-batches are drawn in a new order every epoch
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def _progress_bar(epochs: int, show: bool):
    # tqdm only on a terminal: in a log file or a test its bar is noise
    from tqdm import tqdm
    if sys.platform == "emscripten":
        # Pyodide cannot start threads: tqdm's monitor thread would warn on the first bar
        tqdm.monitor_interval = 0
    visible = show and hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    return tqdm(range(epochs), disable=not visible, file=sys.stderr, leave=True, desc="fit")


def _check_data(X, y, where: str, names=("X", "y")):
    X = checks.sequence(X, f"{where}: {names[0]}")
    y = checks.sequence(y, f"{where}: {names[1]}")
    if len(X) != len(y):
        raise ValueError(message("nn_data_lengths", where=where, X=names[0], y=names[1], n=len(X), m=len(y)))
    if not X:
        raise ValueError(message("empty", what=f"{where}: {names[0]}"))
    return X, y


def _check_model(model, where: str, needs_parameters: bool = False) -> None:
    if not callable(model) or (needs_parameters and not hasattr(model, "parameters")):
        raise TypeError(message("nn_bad_model", where=where, value=repr(model)[:60], type=type(model).__name__))


def _check_validation(validation):
    """(X_valid, y_valid) from fit's ``validation`` pair."""
    if isinstance(validation, (str, bytes)) or not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(message("nn_bad_validation", value=repr(validation)[:60], type=type(validation).__name__))
    return _check_data(*validation, "fit: validation", ("validation[0]", "validation[1]"))


@no_grad()
def evaluate(model, X: Sequence, y: Sequence, loss: Union[str, Callable] = "mse"):
    """(loss, accuracy) of ``model`` on (X, y) in eval mode, recording no graph.

    The model's training mode is restored afterwards.  As in ``fit``, 0/1
    labels are read as -1/+1 for the 'hinge' loss.
    """
    _check_model(model, "evaluate")
    X, y = _check_data(X, y, "evaluate")
    loss_fn, loss_name = _resolve_loss(loss, "evaluate")
    y = _signed_for_hinge(y, loss_name)
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()  # no dropout, BatchNorm with its running statistics
    try:
        forward = getattr(model, "forward_batch", None) or (lambda batch: [model(x) for x in batch])
        outputs = forward(X)
    finally:
        if hasattr(model, "train"):
            model.train(was_training)
    accuracy = _correct(outputs, y, loss_name) / len(X) if _is_classification(y, loss_name) else None
    return loss_fn(outputs, y).data, accuracy


def _step(forward, loss_fn, optimizer, inputs, targets, classify_by: Optional[str]):
    """One step of fit: (the batch's loss, its correct predictions); its graph is freed on return."""
    outputs = forward(inputs)
    batch_loss = loss_fn(outputs, targets)
    optimizer.zero_grad()
    batch_loss.backward()
    optimizer.step()
    return batch_loss.data, _correct(outputs, targets, classify_by) if classify_by else 0


def fit(model, X: Sequence, y: Sequence, loss: Union[str, Callable] = "mse",
        optimizer: Union[None, str, Optimizer] = None, epochs: int = 100,
        batch_size: Optional[int] = None, seed=None, progress: bool = True,
        validation: Optional[tuple] = None, lr: Optional[float] = None) -> History:
    """Train ``model`` on (X, y) and return the per-epoch loss and accuracy.

    ``loss`` is a name ('mse', 'bce', 'bce_logits', 'hinge', 'cross_entropy')
    or a function ``(outputs, targets) -> Value``.  With the 'hinge' loss,
    0/1 labels are read as -1/+1 (class 0 → -1), since the hinge loss needs
    ±1.  ``optimizer`` is an optimizer of :mod:`microgradkr.optim` or a name,
    'sgd', 'momentum', 'adagrad' or 'adam', made for the model's parameters
    with learning rate ``lr`` (default: SGD with lr 0.1, the others their
    own defaults).  ``batch_size=None`` uses the whole data set each step;
    otherwise the samples are shuffled every epoch with ``random.Random(seed)``.
    Accuracy is None for regression (mse on targets other than 0/1) and for
    a loss function of your own (its outputs could be scores or probabilities).
    ``validation=(X_valid, y_valid)`` also records, after each epoch, the loss
    and accuracy on that data (``evaluate``: eval mode, no graph).
    A tqdm progress bar is shown on a terminal unless ``progress=False``.
    """
    _check_model(model, "fit", needs_parameters=optimizer is None)
    X, y = _check_data(X, y, "fit")
    if validation is not None:
        X_valid, y_valid = _check_validation(validation)
    epochs = checks.count(epochs, "fit: epochs", minimum=0, maximum=sys.maxsize)  # range() must hold it
    if batch_size is not None:
        checks.count(batch_size, "fit: batch_size")
    loss_fn, loss_name = _resolve_loss(loss, "fit")
    progress = checks.flag(progress, "fit: progress")
    y = _signed_for_hinge(y, loss_name)
    if validation is not None:
        y_valid = _signed_for_hinge(y_valid, loss_name)
    optimizer = _make_optimizer(optimizer, lr, model)
    classify = _is_classification(y, loss_name)
    rng = make_rng(seed, "fit: seed")
    forward = getattr(model, "forward_batch", None) or (lambda batch: [model(x) for x in batch])
    if hasattr(model, "train"):
        model.train()

    history = History()
    bar = _progress_bar(epochs, progress)
    for _ in bar:
        total_loss, hits = 0.0, 0
        for indices in _batches(len(X), batch_size, rng):
            inputs, targets = [X[i] for i in indices], [y[i] for i in indices]
            with paused_collector():  # the step's graph is freed inside (collector.py says why)
                step_loss, step_hits = _step(forward, loss_fn, optimizer, inputs, targets,
                                             loss_name if classify else None)
            total_loss += step_loss * len(indices)
            hits += step_hits
        history.loss.append(total_loss / len(X))
        history.accuracy.append(hits / len(X) if classify else None)
        if validation is not None:
            val_loss, val_accuracy = evaluate(model, X_valid, y_valid, loss)
            history.val_loss.append(val_loss)
            history.val_accuracy.append(val_accuracy)
        bar.set_postfix(loss=f"{history.loss[-1]:.4g}", refresh=False)
    bar.close()
    return history
