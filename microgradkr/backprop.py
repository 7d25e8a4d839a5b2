"""The chain rule over a whole graph: the order backward takes, and the sweep that returns gradients.

backward() (engine.py) writes gradients into ``.grad``.  The sweep here
instead returns ``{node: d root / d node}`` and leaves ``.grad`` alone:
``grad()`` of any order, the backprop player and ``compile`` run it, each
with its own :class:`Chain` (floats, checked floats, Values, code).  This
module knows a node only by ``children``, ``local_grads`` and ``_a`` (None
for a leaf), so it sits below engine.py.
"""

from __future__ import annotations

from typing import Callable, List, Optional

from .arithmetic import VALUES
from .messages import message
from .numbers_in import describe


def backward_order(root, with_leaves: bool = False) -> List:
    """Every op node below ``root`` (and the leaves, if asked), each before its operands.

    Depth first from root, operands in order, without recursion (a chain of a
    million ops needs no recursion limit): a node is listed once everything
    below it is, and the list is reversed, so every node comes after all that use it.
    """
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, below_listed = stack.pop()
        if below_listed:
            order.append(node)
        elif node not in seen and (with_leaves or node._a is not None):
            seen.add(node)
            stack.append((node, True))
            # an operand seen already is listed or on its way: pushing it again would be skipped
            stack.extend((child, False) for child in reversed(node.children) if child not in seen)
    order.reverse()
    return order


class Chain:
    """How one sweep computes the chain rule: on floats, checked floats, Values or code.

    ``times(local, upstream)`` is the step (None: Python's ``*``); ``plus``
    adds shares that reach a node along several edges (None: ``+``);
    ``local_grads(node)`` gives a node's local gradients (None: the floats
    stored in the forward pass); a node's gradient starts at ``start``
    (0.0 for floats, as in backward(); None: the first share itself).
    """

    def __init__(self, times=None, plus=None, local_grads=None, start=None):
        self.times, self.plus, self.local_grads, self.start = times, plus, local_grads, start


def sweep(root, seed=1.0, chain: Optional[Chain] = None, visit: Optional[Callable] = None) -> dict:
    """The chain rule over every node below ``root``, output first: ``{node: d root / d node}``.

    ``visit(node, upstream, edges, grads)``, if given, is called for every
    node (leaves too) after it has passed on its shares, with ``edges`` =
    [(position, child, local, share, child's gradient so far)].
    """
    chain = chain or FLOAT_CHAIN
    times, plus, local_grads_of, start = chain.times, chain.plus, chain.local_grads, chain.start
    grads, edges = {root: seed}, []
    for node in backward_order(root, with_leaves=visit is not None):
        upstream, children = grads[node], node.children
        if children and node.local_grads[0] is None:  # made micrograd's way: only backward() runs its closure
            raise ValueError(message("closure_node", op=node._op or "?"))
        local_grads = node.local_grads if local_grads_of is None or not children else local_grads_of(node)
        for position, (child, local) in enumerate(zip(children, local_grads)):
            try:
                share = local * upstream if times is None else times(local, upstream)  # the chain rule
            except _NanShare:
                raise FloatingPointError(message(
                    "anomaly_backward", op=node.op, label=node.label or "?", position=position,
                    inputs=describe(children), local=local, upstream=upstream)) from None
            before = grads.get(child, start)
            total = share if before is None else plus(before, share) if plus else before + share
            grads[child] = total
            edges.append((position, child, local, share, total))
        if visit is not None:
            visit(node, upstream, edges, grads)
        edges.clear()
    return grads


class _NanShare(ArithmeticError):
    """A checked chain-rule step made a new nan (detect_anomaly); sweep() names the node."""


def _checked_times(local, upstream):
    """local × upstream, refusing a new nan (a nan from above was reported where it arose)."""
    share = local * upstream
    if share != share and upstream == upstream:
        raise _NanShare
    return share


def _value_times(local, upstream):
    """local × upstream for Values, skipping an exact × 1 so derivative graphs stay small."""
    if upstream.__class__ is float and upstream == 1.0 and local.__class__ is not float:
        return local
    if local.__class__ is float and local == 1.0:
        return upstream
    return local * upstream


def _value_local_grads(node) -> tuple:
    """A node's local gradients as Values: its op's formulas read with Value arithmetic."""
    row = node.operation
    return tuple(row.op.local_grads(VALUES, node, *node.children, **row.params))


FLOAT_CHAIN = Chain(start=0.0)
CHECKED_CHAIN = Chain(_checked_times, start=0.0)
VALUE_CHAIN = Chain(_value_times, local_grads=_value_local_grads)
