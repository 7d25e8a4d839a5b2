"""Nodes of many operands: Σ values, and a neuron's weighted sum b + Σ wᵢ·xᵢ, each as ONE node.

A neuron as one ``linear`` node (its local gradients: xᵢ for wᵢ, wᵢ for xᵢ,
1 for b) instead of a chain of multiply and add gates is ten times fewer
nodes, which is where most of the eager engine's speed comes from, and a
cleaner picture.  Numbers among the operands are folded into the node (a
layer's float inputs into its weights' local gradients) instead of becoming
leaves.  The ops themselves, ``sum`` and ``linear``, are rows of the table
in ops.py; this module decides which layout a call makes.
"""

from __future__ import annotations

from typing import Iterable, List, Sequence

from . import fastpath
from .engine import Value, apply, operand, record
from .grad_mode import mode as _mode
from .messages import message
from .numbers_in import as_float, short_repr
from .opdef import BoundOp
from .ops import LINEAR, LINEAR_ROWS, SUM, weighted_sum, weighted_sum_grads

_ONLY_FLOATS = frozenset({float})


def sum(values: Iterable) -> Value:  # noqa: A001 - the op's name; use microgradkr.sum
    """Σ values as one node; numbers among them are folded into the node as constants."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(message("bad_iterable", where="sum", what="values", value=short_repr(values),
                                type=type(values).__name__))
    items = list(values)
    children, layout = [], []
    for item in items:
        if isinstance(item, Value):
            children.append(item)
            layout.append(None)
        else:
            layout.append(as_float(item, "sum"))
    row = SUM.bind(layout=tuple(layout) if len(children) != len(items) else ())
    out, local_grads = row.rule(*[v.data for v in children])
    return record(row, out, children, local_grads)


def linear(weights: Sequence, inputs: Sequence, bias=None) -> Value:
    """b + Σ wᵢ·xᵢ as ONE node: a neuron's weighted sum (bias None: no b).

    Weights, inputs and bias may be Values or numbers.  A number whose partner
    is a Value is folded into the partner's local gradient instead of becoming
    a leaf, so a layer's float inputs cost nothing.  The children are, in
    order, one per term (the Value among wᵢ, xᵢ), then the bias.  When some
    term has two Values, the children are all the weights then all the inputs
    (w₀ ... wₙ₋₁, x₀ ... xₙ₋₁, b: the order of the arguments), numbers
    becoming constant leaves.  The node's op records which layout it has
    (``operation.params``), so it can be differentiated again and compiled.
    """
    try:
        n, n_inputs = len(weights), len(inputs)
    except TypeError:  # iterators are taken as lists; anything else is refused by name
        for what, seq in (("weights", weights), ("inputs", inputs)):
            if not hasattr(seq, "__iter__"):
                raise TypeError(message("bad_iterable", where="linear", what=what, value=short_repr(seq),
                                        type=type(seq).__name__)) from None
        weights, inputs = list(weights), list(inputs)
        n, n_inputs = len(weights), len(inputs)
    if n != n_inputs:
        raise ValueError(message("linear_lengths", w=n, x=n_inputs))
    if bias is not None:
        bias = _checked_operand(bias)
    if fastpath.ENABLED:  # the two layouts a network makes, written out (the hot loop of training)
        node = _fast_linear(weights, inputs, bias, n)
        if node is not None:
            return node
    return _linear_any(list(weights), list(inputs), bias)


def _linear_any(weights: list, inputs: list, bias) -> Value:
    """linear() for any mix of numbers and Values (see its docstring)."""
    has_bias = bias is not None
    if any(isinstance(w, Value) and isinstance(x, Value) for w, x in zip(weights, inputs)):
        # both factors of every term as children, numbers as constant leaves
        children = [_checked_operand(v) for v in weights + inputs]
        row = LINEAR_ROWS[True, has_bias]
    else:
        children, folded = [], []
        for w, x in zip(weights, inputs):
            if isinstance(x, Value):
                children.append(x)
                folded.append(as_float(w, "linear"))
            else:  # the weight (a constant leaf if a number) keeps the term's place
                children.append(_checked_operand(w))
                folded.append(as_float(x, "linear"))
        row = BoundOp(LINEAR, {"paired": False, "bias": has_bias, "folded": tuple(folded)})
    return apply(row, children + [bias] if has_bias else children)


def _checked_operand(x) -> Value:
    value = operand(x, "linear")
    if value is NotImplemented:
        raise TypeError(message("bad_type", where="linear", value=short_repr(x), type=type(x).__name__))
    return value


def linear_layer(weight_rows: Sequence, inputs: Sequence, biases: Sequence) -> List[Value]:
    """``[linear(w, inputs, b) for w, b in zip(weight_rows, biases)]``: the nodes of a layer."""
    for what, given in (("weight_rows", weight_rows), ("inputs", inputs), ("biases", biases)):
        if not isinstance(given, (list, tuple)):
            raise TypeError(message("bad_iterable", where="linear_layer", what=what,
                                    value=short_repr(given), type=type(given).__name__))
    if len(weight_rows) != len(biases):
        raise ValueError(message("linear_layer_lengths", rows=len(weight_rows), biases=len(biases)))
    if fastpath.ENABLED:
        return _fast_linear_layer(weight_rows, inputs, biases)
    return [linear(w, inputs, b) for w, b in zip(weight_rows, biases)]


# ---------------------------------------------------------------- the fast path's layouts
# The same nodes as _linear_any, the numbers read and the types checked in
# one pass (a list is as long as its source only if every item was a Value),
# and the op's own helpers called on lists of floats without its rule's
# checks: a weighted sum only adds and multiplies, which never raise.  A
# layer reads its inputs once for all its neurons (a tenth of a network's
# forward pass; W1 forward 13.9 -> 12.0 ms per step, with the order's leaves).

def _fast_linear(weights, inputs, bias, n: int):
    """The linear node of Values only, or of Value weights and float inputs; None for other mixes."""
    has_bias = bias is not None
    w_data = [w.data for w in weights if w.__class__ is Value]
    if len(w_data) != n:
        return None
    x_data = [x.data for x in inputs if x.__class__ is Value]
    if len(x_data) == n and n:  # every term is Value × Value
        return _paired_linear(weights, inputs, bias, w_data, x_data)
    if set(map(type, inputs)) <= _ONLY_FLOATS:  # float inputs fold into the weights' local grads
        start = bias.data if has_bias else 0.0
        folded = tuple(inputs)
        row = BoundOp(LINEAR, {"paired": False, "bias": has_bias, "folded": folded})
        children = (*weights, bias) if has_bias else tuple(weights)
        return record(row, weighted_sum(w_data, folded, start), children,
                      weighted_sum_grads(w_data, folded, False, has_bias))
    return None


def _paired_linear(weights, inputs, bias, w_data: list, x_data: list) -> Value:
    has_bias = bias is not None
    start = bias.data if has_bias else 0.0
    children = (*weights, *inputs, bias) if has_bias else (*weights, *inputs)
    return record(LINEAR_ROWS[True, has_bias], weighted_sum(w_data, x_data, start), children,
                  weighted_sum_grads(w_data, x_data, True, has_bias))


def _fast_linear_layer(weight_rows, inputs, biases) -> List[Value]:
    x_data = [x.data for x in inputs if x.__class__ is Value]
    if len(x_data) != len(inputs) or not x_data or _mode():  # under a grad mode: record() per node
        return [linear(w, inputs, b) for w, b in zip(weight_rows, biases)]
    # Each neuron's node is made by code written out for this number of inputs
    # (fastpath.neuron_maker): the same sum (b, then + wᵢ·xᵢ in turn), local
    # gradients and fields as record() gives, without four calls per neuron
    # (W1 forward 16.8 -> 14.6 ms) nor a list and a loop (10.9 -> 8.3 ms).
    inputs, n = tuple(inputs), len(x_data)
    with_bias = fastpath.neuron_maker(n, True, LINEAR_ROWS[True, True])
    without_bias = fastpath.neuron_maker(n, False, LINEAR_ROWS[True, False])
    nodes = []
    for weights, bias in zip(weight_rows, biases):
        node = None
        if isinstance(weights, (list, tuple)) and len(weights) == n and with_bias is not None:
            if bias is None:
                if n > 1:  # (with one input: two operands, which record() keeps in _a and _b)
                    node = without_bias(weights, None, inputs, x_data)
            elif bias.__class__ is Value:
                node = with_bias(weights, bias, inputs, x_data)
        # numbers, iterators, a wrong length or a wide layer: linear() takes them, or says what is wrong
        nodes.append(node if node is not None else linear(weights, inputs, bias))
    return nodes
