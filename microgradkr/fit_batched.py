"""``fit(..., compiled=True)``: each training step through the batched compiled mode.

The loss of ONE sample, ``loss(model(x), t)``, is traced once (microgradkr/batched.py)
and run for a whole (mini-)batch at once on numpy arrays; the gradients are
the eager step's (the mean over the batch) up to rounding, about 1e-12.

A sample's target goes into the trace as a Value where the loss takes one
(mse, bce).  Losses that read their target as a number (hinge's ±1,
cross entropy's class index) are traced once per distinct target instead, and
each trace runs on the samples with that target.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence

from .batched import compile_batched, needs_numpy
from .messages import message
from .nn import BatchNorm, Dropout, Module

#: at most this many traces, one per distinct target, for a loss that needs its target as a number
MAX_TARGET_TRACES = 64


def check_model(model) -> None:
    """Refuse a model with a module that mixes samples (BatchNorm) or draws on each call (Dropout)."""
    stack = [model]
    while stack:
        module = stack.pop()
        if not isinstance(module, Module):
            continue
        if isinstance(module, (Dropout, BatchNorm)):
            raise ValueError(message("batch_fit_module", module=type(module).__name__))
        stack.extend(module.children())


def _flat(target) -> list:
    return list(target) if isinstance(target, (list, tuple)) else [target]


class BatchedSteps:
    """The forward and backward pass of ``fit`` for a batch of sample indices, compiled."""

    def __init__(self, model, loss_fn: Callable, loss_name: str, X: Sequence, y: Sequence):
        np = needs_numpy()
        check_model(model)
        self.np, self.model, self.loss_fn, self.loss_name = np, model, loss_fn, loss_name
        self.params = model.parameters()
        self.width = len(X[0])
        self.X = np.asarray(X, dtype=float).reshape(len(X), self.width)
        self.y = list(y)
        self._traces: Dict[object, object] = {}
        example_target = _flat(self.y[0])
        self.as_values = self._try_targets_as_values(example_target)

    def _sample_loss(self, target_of: Callable):
        model, loss_fn, width = self.model, self.loss_fn, self.width

        def sample_loss(params, s):
            output = model(s[:width])
            if isinstance(output, (list, tuple)) and len(output) == 1:
                output = output[0]
            loss = loss_fn(output, target_of(s[width:]))
            return loss, list(output) if isinstance(output, (list, tuple)) else [output]
        return sample_loss

    def _try_targets_as_values(self, example_target: list) -> bool:
        scalar = not isinstance(self.y[0], (list, tuple))
        fn = self._sample_loss(lambda t: t[0] if scalar else list(t))
        sample = [*self.X[0].tolist(), *map(float, example_target)]
        try:
            self._traces[None] = compile_batched(fn, self.params, sample, reduction="sum")
        except (TypeError, ValueError):  # the loss reads its target as a number: one trace per target
            distinct = {self._key(t) for t in self.y}
            if len(distinct) > MAX_TARGET_TRACES:
                raise ValueError(message("batch_fit_targets", loss=self.loss_name, count=len(distinct),
                                         limit=MAX_TARGET_TRACES)) from None
            return False
        return True

    @staticmethod
    def _key(target):
        return tuple(target) if isinstance(target, (list, tuple)) else target

    def _trace_for(self, target):
        key = self._key(target)
        trace = self._traces.get(key)
        if trace is None:
            fn = self._sample_loss(lambda _: target)
            trace = self._traces[key] = compile_batched(fn, self.params, self.X[0].tolist(), reduction="sum")
        return trace

    def step(self, indices: List[int]) -> tuple:
        """Add the batch's mean-loss gradients into the parameters' .grad; (mean loss, per-sample outputs)."""
        np = self.np
        values = np.fromiter((p.data for p in self.params), dtype=float, count=len(self.params))
        if self.as_values:
            rows = np.array([[*_flat(self.y[i])] for i in indices], dtype=float)
            groups = [(self._traces[None], indices, np.hstack([self.X[indices], rows]))]
        else:
            by_target: Dict[object, List[int]] = {}
            for i in indices:
                by_target.setdefault(self._key(self.y[i]), []).append(i)
            groups = [(self._trace_for(self.y[members[0]]), members, self.X[members])
                      for members in by_target.values()]
        total, grads, outputs = 0.0, np.zeros(len(self.params)), {}
        for trace, members, batch in groups:
            loss, g = trace(values, batch)
            total += loss
            grads += g
            for i, row in zip(members, trace.outputs.tolist()):
                outputs[i] = row
        count = len(indices)
        for p, g in zip(self.params, (grads / count).tolist()):
            p.grad += g
        return total / count, [outputs[i] for i in indices]
