"""What code written for micrograd, DeZero and PyTorch expects of a Value.

Value (engine.py) inherits these names from :class:`Habits` so that code a
learner brings runs as written: micrograd's ``_prev``, ``_op`` and
``_backward`` (also set to a closure, its way of adding an op), DeZero's
``name`` and ``cleargrad``, PyTorch's ``item``, ``detach`` and
``requires_grad``.  They are views of engine.py's fields; none adds state.
"""

from __future__ import annotations

from typing import Callable

from .markers import CLOSURE, MANY, NO_GRAD
from .messages import message
from .numbers_in import as_label, short_repr


class ClosureOp:
    """The row of a node made micrograd's way: drawn with its op string, run by its closure."""

    params: dict = {}

    def __init__(self, symbol: str):
        self.name = self.symbol = self.ascii = self.ko = self.en = symbol
        self.op = self

    def label(self, lang: str = "ko") -> str:
        return self.symbol

    def written(self, names) -> str:
        return f"{self.symbol}({', '.join(names)})"


def make_closure_node(node, children, op) -> None:
    """micrograd's ``Value(data, (a, b), '+')``: a node with these operands, run by the ``_backward`` set later."""
    children = tuple(children)
    for child in children:
        if not getattr(type(child), "is_value_type", False):
            raise TypeError(message("bad_child", value=short_repr(child), type=type(child).__name__))
    node._row = ClosureOp(op if isinstance(op, str) else str(op))
    if children:
        node._a, node._b, node._da = children, MANY, CLOSURE


def _pass_nothing() -> None:
    """micrograd's default ``_backward``: a node given no closure passes nothing back."""


class Habits:
    """micrograd's, DeZero's and PyTorch's names for what a Value holds."""

    __slots__ = ()

    @property
    def _prev(self) -> tuple:
        """micrograd's name for the operands (its draw_dot walks ``v._prev``)."""
        return self.children

    @property
    def _op(self) -> str:
        """The op as micrograd writes it ('+', '*', 'ReLU', '**2'; '' for a leaf)."""
        row = self.operation
        return row.ascii if row is not None else ""

    @property
    def _local_grads(self) -> tuple:
        return self.local_grads

    @_local_grads.setter
    def _local_grads(self, grads) -> None:  # a test's way of planting a wrong derivative
        grads = tuple(grads)
        if self._b is MANY:
            self._da = grads
        else:
            self._da, self._db = (grads + (None,))[:2]

    @property
    def _backward(self) -> Callable[[], None]:
        """micrograd's one chain-rule step at this node: each operand's grad += local × self.grad.

        backward() runs it for every node, output first; calling it by hand in
        that order (as micrograd's lecture does) gives the same numbers.  Set
        it to a closure, micrograd's way (``out._backward = fn`` on
        ``out = Value(x, (a,), 'sin')``), and backward() runs the closure.
        """
        if self._da is CLOSURE:  # made micrograd's way: its closure, or nothing yet (micrograd's default)
            return self._db or _pass_nothing
        return self._pass_gradient

    @_backward.setter
    def _backward(self, closure: Callable[[], None]) -> None:
        if not callable(closure):
            raise TypeError(message("bad_backward", value=short_repr(closure), type=type(closure).__name__))
        if self._a is not None:  # an op's node set micrograd's way: the closure replaces its local gradients
            self._a, self._b, self._da = self.children, MANY, CLOSURE
            self._row = self._row if isinstance(self._row, ClosureOp) else ClosureOp(self._op)
        self._db = closure

    @property
    def name(self) -> str:
        """The label, by the name DeZero and PyTorch users know (``x.name = 'x'``)."""
        return self.label

    @name.setter
    def name(self, value: str) -> None:
        self.label = as_label(value)

    def cleargrad(self) -> None:
        """Forget the gradient, as DeZero's ``cleargrad`` and PyTorch's ``x.grad = None``.

        The next backward() then gives this leaf its gradient as a Value (as
        DeZero does); ``zero_grad`` (or ``grad = 0.0``) keeps float gradients.
        """
        self.grad = None

    @property
    def requires_grad(self) -> bool:
        """False for a constant made with ``requires_grad=False``: backward() gives it no gradient."""
        return self._row is not NO_GRAD

    def item(self) -> float:
        """The number, as PyTorch's ``tensor.item()``: the same as ``.data``."""
        return self.data

    def detach(self):
        """A new leaf with the same number and label, cut from the graph."""
        return type(self)(self.data, label=self.label)

    def is_leaf(self) -> bool:
        return self._a is None
