"""Value, a number that remembers how it was made, and backpropagation.

Read this file top to bottom: what a Value holds, how an op records a node,
and backward().  The ops themselves (each one's forward and local
derivatives, written once) are in :mod:`microgradkr.ops`, which also gives
Value its operators (``x * y`` records a node of the ``mul`` op); this file
imports none of them.

A node keeps its operands (``children``, in operand order: ``a*a`` has ``a``
twice) and its *local gradients* d node / d operand, computed in the forward
pass.  backward() then only multiplies and adds: from the output back, each
node passes ``local gradient × its own gradient`` to each operand.  Nothing
here holds a closure or a reference back to a parent, so a dropped graph is
freed by reference counting alone.

The fast path (:mod:`microgradkr.fastpath`) swaps a few functions of this
file for ones written out for speed that compute the same bits.
``microgradkr.fast_path(False)`` (or ``MICROGRADKR_FAST=0`` before the import)
switches it off, so a debugger steps through the code below.
"""

from __future__ import annotations

import types
from typing import List, Optional, Sequence

from . import collector, grad_mode
from .backprop import CHECKED_CHAIN, VALUE_CHAIN, backward_order, sweep
from .habits import Habits, make_closure_node
from .markers import CLOSURE, MANY, NO_GRAD
from .messages import message
from .numbers_in import as_float, as_label, as_number, describe, short_repr

_new = object.__new__
_mode = grad_mode.mode

# ================================================================ Value

class Value(Habits):
    """A scalar that records the operations made with it.

    ``data`` is the number (always a float), ``grad`` is d(output)/d(this Value)
    after ``output.backward()``.  Leaves (Values you make yourself) accumulate
    their ``grad`` across backward calls, as in PyTorch (``zero_grad`` between
    steps); an op's node holds the gradient of the latest backward call.
    ``Value(data, label='x')``; ``requires_grad=False`` makes a constant that
    gets no gradient; micrograd's ``Value(data, (a, b), '+')`` works too
    (habits.py holds the names code from micrograd, DeZero and PyTorch uses).
    Ordering compares ``data``; ``==`` is identity, so Values can be dict keys.
    ``float(v)`` is refused: it would silently cut the graph.
    """

    # A node's operands and local gradients live in its own fields, not in
    # tuples: two tuples per node were two thirds of the objects the garbage
    # collector walked (W5 forward 84 -> 31 ms, W3 148 -> 112 bytes per node).
    #   leaf:                _a = None            (_row: None, or NO_GRAD for a constant)
    #   one operand x:       _a = x, _da = d/dx,  _b = None
    #   two operands x, y:   _a = x, _da = d/dx,  _b = y, _db = d/dy
    #   more (sum, linear):  _a = (operands...), _da = (local gradients...), _b = MANY
    #   micrograd's way:     _a = (operands...), _da = CLOSURE, _b = MANY, _db = its _backward
    __slots__ = ("data", "grad", "label", "_row", "_a", "_b", "_da", "_db")
    is_value_type = True  # how numbers_in.py, below this file, tells a Value from a number

    def __init__(self, data, _children=(), _op: str = "", label: str = "", *, requires_grad: bool = True):
        if isinstance(_children, str) and not label and not _op:  # Value(1.0, "x"): a label
            _children, label = (), _children
        self.data = as_float(data, "Value")
        self.grad = 0.0
        self.label = as_label(label)
        self._row = self._a = self._b = self._da = self._db = None
        if _children or _op:
            make_closure_node(self, _children, _op)
        if requires_grad is not True:
            if requires_grad is not False:
                raise TypeError(message("bad_flag", what="Value: requires_grad", value=short_repr(requires_grad),
                                        type=type(requires_grad).__name__))
            if self._a is not None:
                raise ValueError(message("no_grad_node"))
            self._row, self.grad = NO_GRAD, None

    # ---- read-only views of the graph
    @property
    def children(self) -> tuple:
        """The operands, in order (``a*a`` has ``a`` twice)."""
        b = self._b
        if b is None:
            return () if self._a is None else (self._a,)
        return self._a if b is MANY else (self._a, b)

    @property
    def local_grads(self) -> tuple:
        """d(this)/d(child) for each child, computed in the forward pass (None: micrograd's closure)."""
        b = self._b
        if b is None:
            return () if self._a is None else (self._da,)
        if b is MANY:
            return (None,) * len(self._a) if self._da is CLOSURE else self._da
        return (self._da, self._db)

    @property
    def operation(self):
        """The op (a row of :data:`microgradkr.OPS`, parameters bound) that made this Value, or None."""
        return None if self._row is NO_GRAD else self._row

    @property
    def op(self) -> str:
        """The name of the op that made this Value ('' for a leaf)."""
        row = self.operation
        return row.name if row is not None else ""

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __float__(self):
        raise TypeError(message("no_float", value=short_repr(self)))

    # ---- derived: built from the ops, so they draw and differentiate for free
    def __neg__(self):  # -self = self × (-1)
        return self * -1.0

    def __sub__(self, other):  # self - other = self + other × (-1)
        other = operand(other, "sub")
        return NotImplemented if other is NotImplemented else self + other * -1.0

    def __rsub__(self, other):  # other - self
        other = operand(other, "sub")
        return NotImplemented if other is NotImplemented else other + self * -1.0

    # ---- ordering compares numbers; == stays identity (see the class docstring)
    def __lt__(self, other) -> bool:
        return self.data < _data(other, "<")

    def __le__(self, other) -> bool:
        return self.data <= _data(other, "<=")

    def __gt__(self, other) -> bool:
        return self.data > _data(other, ">")

    def __ge__(self, other) -> bool:
        return self.data >= _data(other, ">=")

    __hash__ = object.__hash__

    # ---- backpropagation
    def backward(self, grad=1.0, create_graph: bool = False, retain_graph: Optional[bool] = None) -> None:
        """Fill in ``.grad`` of every node this Value depends on.

        ``grad`` is d(final output)/d(self), 1.0 when self is the output.  Each
        leaf gets this call's gradient added once, so calling backward twice
        doubles the leaves' gradients exactly (z = 3x² at x = 2: x.grad 12,
        then 24), as in PyTorch; intermediate nodes hold this call's gradient.
        ``create_graph=True``: the gradients are Values with graphs of their
        own (differentiate them again), recorded even inside no_grad, as in
        PyTorch.  ``retain_graph`` is accepted for PyTorch code: the graph is
        always kept (the pictures draw it), so backward can run again.
        """
        for what, flag in (("create_graph", create_graph), ("retain_graph", retain_graph)):
            if flag is not None and not isinstance(flag, bool):
                raise TypeError(message("bad_flag", what=f"backward: {what}", value=short_repr(flag),
                                        type=type(flag).__name__))
        if self._row is NO_GRAD:
            raise ValueError(message("backward_of_constant", value=short_repr(self)))
        seed = grad if isinstance(grad, Value) else as_float(grad, "backward")
        if create_graph:
            with grad_mode.enable_grad():  # PyTorch records the gradient graph whatever the mode
                write_grads(sweep(self, seed, VALUE_CHAIN), as_values=True)
        elif _mode() & grad_mode.ANOMALY:
            write_grads(sweep(self, seed, CHECKED_CHAIN), as_values=False)
        else:  # the step's end: the collector is given room for the next step's graph (collector.py)
            collector.space_for_graph((fast.fill_grads or fill_grads)(self, seed))

    def _pass_gradient(self) -> None:
        """The chain rule at this node: each operand's grad += local gradient × this node's grad."""
        for child, local in zip(self.children, self.local_grads):
            before = child.grad if child.grad is not None else 0.0
            child.grad = before + local * self.grad


def _data(x, where: str) -> float:
    return x.data if isinstance(x, Value) else as_float(x, where)


def operand(x, where: str):
    """x as a Value: Values pass through, numbers become constant leaves (NotImplemented for an array)."""
    if x.__class__ is float:  # the common case first: a float constant
        number = x
    elif isinstance(x, Value):
        return x
    else:
        number = as_number(x, where)
        if number is NotImplemented:
            return number
    leaf = _new(Value)  # Value.__init__ without its checks: the number is checked already
    leaf.data, leaf.grad, leaf.label = number, 0.0, ""
    leaf._row = leaf._a = leaf._b = leaf._da = leaf._db = None
    return leaf


# ================================================================ recording a node

def record(row, data: float, children: Sequence["Value"], local_grads: Sequence) -> Value:
    """Make the result node of one op: its number, operands and local gradients.

    Under no_grad the result is a leaf (nothing is kept for backward).
    """
    node = _new(Value)
    node.data, node.grad, node.label, node._row = data, 0.0, "", row
    count = len(children)
    if count == 1:
        node._a, node._da, node._b, node._db = children[0], local_grads[0], None, None
    elif count == 2:
        (node._a, node._b), (node._da, node._db) = children, local_grads
    elif count:
        node._a, node._b, node._da, node._db = tuple(children), MANY, tuple(local_grads), None
    else:  # an op of constants only (a sum of numbers): nothing to pass a gradient to
        node._a = node._b = node._da = node._db = None
    return in_mode(node) if _mode() else node


def in_mode(node: Value) -> Value:
    """A new node under no_grad (made a leaf) or detect_anomaly (refused if its number is nan)."""
    mode = _mode()
    if mode & grad_mode.ANOMALY and node.data != node.data:
        raise FloatingPointError(message("anomaly_forward", op=node.op, inputs=describe(node.children)))
    if mode & grad_mode.GRAD_OFF:
        node._row = node._a = node._b = node._da = node._db = None
    return node


def apply(row, args: Sequence, operator: bool = False):
    """Apply an op (a row of the table) to Values and numbers: forward on the numbers, then record.

    An array among the operands is an error, or NotImplemented for an
    ``operator`` (so numpy applies ``array * x`` element by element).
    """
    operands = [operand(a, row.name) for a in args]
    if NotImplemented in operands:
        if operator:
            return NotImplemented
        raise TypeError(message("bad_type", where=row.name, value="array", type="ndarray"))
    out, local_grads = row.rule(*[v.data for v in operands])
    return record(row, out, operands, local_grads)


# ================================================================ backward

#: The fast path (fastpath.py) puts its own version of these here; None runs this file's.
fast = types.SimpleNamespace(fill_grads=None)


def fill_grads(root: Value, seed: float) -> int:
    """backward() on floats: each op node gets this call's gradient, each leaf has it added once (-> nodes swept)."""
    order = backward_order(root)
    kept = {}  # each leaf that had a gradient: what it had, added back at the end
    for node in (root, *(child for node in order for child in node.children)):
        if node._a is None and node not in kept and node.grad != 0.0:
            kept[node], node.grad = node.grad, 0.0
    for node in order:
        node.grad = 0.0
    root.grad = seed
    try:
        for node in order:
            node._backward()  # _pass_gradient above, or a closure set micrograd's way (habits.py)
    finally:
        for leaf, before in kept.items():
            give_back(leaf, before)
    return len(order)


def give_back(leaf: Value, before) -> None:
    """A leaf's gradient: what it had plus this call's (a Value if it was cleared, none for a constant)."""
    now = leaf.grad
    leaf.grad = None if leaf._row is NO_GRAD else Value(now) if before is None else before + now


def write_grads(grads: dict, as_values: bool) -> None:
    """Put a sweep's gradients into ``.grad``: an op node's replaced, a leaf's added to what it had."""
    for node, g in grads.items():
        if node._a is not None:
            node.grad = g
        elif node._row is not NO_GRAD:
            before = node.grad
            if before is None:  # cleared DeZero's way: the gradient comes as a Value
                node.grad = g if isinstance(g, Value) else Value(g)
            elif as_values and before.__class__ is float and before == 0.0:
                node.grad = g  # the first gradient of a leaf, kept as the Value it is
            else:
                node.grad = before + g


def topological_order(root: Value) -> List[Value]:
    """Every node ``root`` depends on, each after all of its children (backward's order, reversed)."""
    if not isinstance(root, Value):
        raise TypeError(message("bad_root", where="topological_order", value=short_repr(root),
                                type=type(root).__name__))
    order = backward_order(root, with_leaves=True)
    order.reverse()
    return order
