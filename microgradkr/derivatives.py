"""grad(): derivatives as numbers, or as graphs that can be differentiated again.

``backward()`` writes gradients into ``.grad``.  ``grad(output, inputs)``
instead *returns* d output / d input and leaves every ``.grad`` alone, like
``torch.autograd.grad``.  With ``create_graph=True`` the backward pass itself
is recorded with ordinary ops (each op's Value-level derivative from the op
table), so the result is a Value with a graph: draw it, check it, or call
``grad`` on it again for a second derivative (Newton's method, double
backprop).
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Union

from .engine import Value, _checked_share, _short_repr, is_anomaly_enabled, topological_order
from .text import message

Number = Union[float, Value]


def _times(local: Number, upstream: Number) -> Number:
    """local × upstream, skipping the exact identity × 1 so graphs stay small."""
    if isinstance(local, float) and isinstance(upstream, float):
        return local * upstream
    if isinstance(upstream, float) and upstream == 1.0:
        return local
    if isinstance(local, float) and local == 1.0:
        return upstream
    return local * upstream


def _check_inputs(output, inputs):
    if not isinstance(output, Value):
        raise TypeError(message("bad_grad_output", value=_short_repr(output), type=type(output).__name__))
    single = isinstance(inputs, Value)
    targets = [inputs] if single else list(inputs)
    for x in targets:
        if not isinstance(x, Value):
            raise TypeError(message("bad_grad_input", value=_short_repr(x), type=type(x).__name__))
    return single, targets


def grad(output: Value, inputs: Union[Value, Sequence[Value]], create_graph: bool = False):
    """d output / d input for each input; no ``.grad`` is touched.

    ``inputs`` is one Value (one result) or a list of Values (a list back).
    An input the output does not depend on gets 0.  With
    ``create_graph=False`` the results are floats, equal to what backward()
    would put in ``.grad``; with ``create_graph=True`` they are Values whose
    graphs are recorded, so they can be differentiated again.
    """
    single, targets = _check_inputs(output, inputs)
    order = topological_order(output)
    grads = _backward_graph(order) if create_graph else _backward_floats(order)
    results = [grads.get(x, 0.0) for x in targets]
    if create_graph:  # constants (e.g. d x / d x = 1) come back as leaves
        results = [r if isinstance(r, Value) else Value(r) for r in results]
    return results[0] if single else results


def _backward_floats(order: List[Value]) -> Dict[Value, float]:
    """The numbers of backward(), collected in a dict instead of ``.grad``."""
    checked = is_anomaly_enabled()
    grads: Dict[Value, float] = {order[-1]: 1.0}
    for node in reversed(order):
        upstream = grads[node]
        for position, (child, local) in enumerate(zip(node._children, node._local_grads)):
            share = _checked_share(node, position, local, upstream) if checked else local * upstream
            grads[child] = grads.get(child, 0.0) + share
    return grads


def _backward_graph(order: List[Value]) -> Dict[Value, Number]:
    """The same chain rule, but every product and sum is a recorded op.

    Each node's local gradients come from its op row's ``vgrad`` (written with
    Value operations), so the result depends on the inputs through a graph.
    """
    grads: Dict[Value, Number] = {order[-1]: 1.0}
    for node in reversed(order):
        if not node._children:
            continue
        upstream = grads[node]
        row = node._op
        for child, local in zip(node._children, row.vgrad(node, node._children, row.param)):
            contribution = _times(local, upstream)
            if child in grads:
                grads[child] = grads[child] + contribution
            else:
                grads[child] = contribution
    return grads
