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

from typing import Sequence, Union

from . import grad_mode
from .backprop import CHECKED_CHAIN, FLOAT_CHAIN, VALUE_CHAIN, sweep
from .engine import Value
from .messages import message
from .numbers_in import short_repr

Number = Union[float, Value]


def _check_inputs(output, inputs):
    if not isinstance(output, Value):
        raise TypeError(message("bad_grad_output", value=short_repr(output), type=type(output).__name__))
    single = isinstance(inputs, Value)
    if not single and (isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__iter__")):
        raise TypeError(message("bad_grad_input", value=short_repr(inputs), type=type(inputs).__name__))
    targets = [inputs] if single else list(inputs)
    for x in targets:
        if not isinstance(x, Value):
            raise TypeError(message("bad_grad_input", value=short_repr(x), type=type(x).__name__))
        if not x.requires_grad:  # as torch.autograd.grad: a constant has no gradient to ask for
            raise ValueError(message("grad_of_constant", value=short_repr(x)))
    return single, targets


def grad(output: Value, inputs: Union[Value, Sequence[Value]], create_graph: bool = False):
    """d output / d input for each input; no ``.grad`` is touched.

    ``inputs`` is one Value (one result) or a list of Values (a list back).
    An input the output does not depend on gets 0.  With
    ``create_graph=False`` the results are floats, equal to what backward()
    would put in ``.grad``; with ``create_graph=True`` they are Values whose
    graphs are recorded (also inside ``no_grad``, as in PyTorch), so they can
    be differentiated again.
    """
    single, targets = _check_inputs(output, inputs)
    if not isinstance(create_graph, bool):
        raise TypeError(message("bad_flag", what="grad: create_graph", value=short_repr(create_graph),
                                type=type(create_graph).__name__))
    if create_graph:
        with grad_mode.enable_grad():  # PyTorch records the gradient graph whatever the mode
            grads = sweep(output, 1.0, VALUE_CHAIN)
    else:
        grads = sweep(output, 1.0, CHECKED_CHAIN if grad_mode.is_anomaly_enabled() else FLOAT_CHAIN)
    results = [grads.get(x, 0.0) for x in targets]
    if create_graph:  # constants (e.g. d x / d x = 1) come back as leaves
        results = [r if isinstance(r, Value) else Value(r) for r in results]
    return results[0] if single else results
