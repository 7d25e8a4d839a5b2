"""Value, a number that remembers how it was made, and backpropagation.

Every operation on Values looks up its row in :mod:`microgradkr.ops`, computes
the forward result and the local gradients there, and records a new node that
keeps its operands (``children``, a tuple in operand order) and those local
gradients.  ``backward()`` then only multiplies and adds: for each node, from
the output back, ``child.grad += local_grad * node.grad``.

Nothing here holds a closure or a reference back to a parent, so a dropped
graph is freed by reference counting alone, with no help from the cyclic
garbage collector.
"""

from __future__ import annotations

import contextvars
import functools
import math
import numbers
from typing import Iterable, List, Sequence

from . import ops
from .ops import ADD, DIV, EXP, LINEAR, LINEAR_ROWS, LOG, MUL, RELU, SIGMOID, SOFTPLUS, STEP, SUM, TANH, VPOW, Op
from .text import message

# --------------------------------------------------------------- grad modes
# Both switches live in one context variable so each op reads it only once.
# contextvars make them per thread (and per asyncio task); a `with` block
# restores the previous mode however it is left, exceptions included.
_GRAD_OFF = 1
_ANOMALY = 2
_mode: contextvars.ContextVar = contextvars.ContextVar("microgradkr_mode", default=0)
_mode_get = _mode.get


class _ModeSwitch:
    """Base for no_grad / enable_grad / detect_anomaly: a `with` block or a decorator."""

    _set = 0    # bits turned on inside
    _clear = 0  # bits turned off inside

    def __new__(cls, func=None):
        self = super().__new__(cls)
        self._tokens = []
        if func is not None:  # used bare, as @no_grad
            return self(func)
        return self

    def __enter__(self):
        self._tokens.append(_mode.set((_mode.get() | self._set) & ~self._clear))
        return self

    def __exit__(self, *exc_info):
        _mode.reset(self._tokens.pop())
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(f"{type(self).__name__}: can decorate only a function, got {func!r}")
        cls = type(self)

        @functools.wraps(func)
        def switched(*args, **kwargs):
            with cls():
                return func(*args, **kwargs)

        return switched


class no_grad(_ModeSwitch):
    """Inside, ops compute values but record no graph: results are leaves.

    Use it as ``with no_grad():`` or as a decorator (``@no_grad()`` or
    ``@no_grad``), e.g. for evaluation or for updating parameters.
    """

    _set = _GRAD_OFF


class enable_grad(_ModeSwitch):
    """Turns recording back on inside a ``no_grad`` block."""

    _clear = _GRAD_OFF


class detect_anomaly(_ModeSwitch):
    """Inside, the first op whose forward result or backward gradient is nan
    raises FloatingPointError naming the op, its label and its inputs.

    Slower (every result is checked), so it is off by default.
    """

    _set = _ANOMALY


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad`` (in this thread)."""
    return not _mode.get() & _GRAD_OFF


def is_anomaly_enabled() -> bool:
    """True inside ``detect_anomaly`` (in this thread)."""
    return bool(_mode.get() & _ANOMALY)


# --------------------------------------------------------------- conversions

_new = object.__new__
_EMPTY = ()


def _as_float(x, where: str) -> float:
    """A real number as a float; TypeError naming `where` for anything else.

    bool is accepted as 0.0 / 1.0, as Python treats it as an int: truth tables
    can be written with True and False.
    """
    if type(x) is float:
        return x
    if isinstance(x, (int, float)) or (isinstance(x, numbers.Real) and not isinstance(x, Value)):
        try:
            return float(x)
        except OverflowError:  # an int beyond float range is ±inf, as IEEE rounding gives
            return math.inf if x > 0 else -math.inf
    raise TypeError(message("bad_type", where=where, value=_short_repr(x), type=type(x).__name__))


def _short_repr(x) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _operand(x, where: str) -> "Value":
    """x as a Value: Values pass through, numbers become constant leaves."""
    if isinstance(x, Value):
        return x
    leaf = _new(Value)  # Value.__init__ without its checks: x is checked here
    leaf.data = x if type(x) is float else _as_float(x, where)
    leaf.grad = 0.0
    leaf.label = ""
    leaf._op = None
    leaf._children = _EMPTY
    leaf._local_grads = _EMPTY
    return leaf


def _data(x, where: str) -> float:
    return x.data if isinstance(x, Value) else _as_float(x, where)


# --------------------------------------------------------------- recording

def _record(op: Op, data: float, children: tuple, local_grads: tuple) -> "Value":
    """Make the result node of one op (a leaf under no_grad)."""
    node = _new(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._op = op
    node._children = children
    node._local_grads = local_grads
    if _mode_get():  # the rare path: no_grad or detect_anomaly is on
        return _record_in_mode(node)
    return node


def _record_in_mode(node: "Value") -> "Value":
    mode = _mode_get()
    if mode & _ANOMALY and node.data != node.data:
        raise FloatingPointError(message("anomaly_forward", op=node._op.name,
                                         inputs=_describe(node._children)))
    if mode & _GRAD_OFF:
        node._op = None
        node._children = _EMPTY
        node._local_grads = _EMPTY
    return node


def _describe(values: Sequence["Value"]) -> str:
    return ", ".join(f"{v.label or '?'}={v.data!r}" for v in values) or "-"


def _unary(op: Op, x: "Value") -> "Value":
    out, local_grads = op.rule(x.data)
    return _record(op, out, (x,), local_grads)


def _binary(op: Op, a: "Value", b: "Value") -> "Value":
    out, local_grads = op.rule(a.data, b.data)
    return _record(op, out, (a, b), local_grads)


# --------------------------------------------------------------- Value

class Value:
    """A scalar that records the operations made with it.

    ``data`` is the number (always a float), ``grad`` is d(output)/d(this Value)
    after ``output.backward()``.  Leaves (Values you make yourself) accumulate
    their ``grad`` across backward calls, as in PyTorch: call ``zero_grad`` on
    your model, or set ``grad = 0.0``, between steps.  Intermediate nodes hold
    the gradient of the latest backward call that passed through them (kept for
    the pictures; PyTorch frees them).

    Ordering comparisons (``<``, ``<=``, ``>``, ``>=``) compare ``data`` and
    return a bool.  ``==`` is identity, as for any object, so Values can be
    dict keys and set members; compare ``a.data == b.data`` for numbers.
    """

    __slots__ = ("data", "grad", "label", "_op", "_children", "_local_grads")

    def __init__(self, data, label: str = ""):
        self.data = _as_float(data, "Value")
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(message("bad_label", value=_short_repr(label), type=type(label).__name__))
        self.label = label
        self._op = None
        self._children = _EMPTY
        self._local_grads = _EMPTY

    # ---- read-only views of the graph
    @property
    def op(self) -> str:
        """The name of the op that made this Value ('' for a leaf)."""
        return self._op.name if self._op is not None else ""

    @property
    def operation(self):
        """The op table row that made this Value (None for a leaf)."""
        return self._op

    @property
    def children(self) -> tuple:
        """The operands, in order (``a*a`` has ``a`` twice)."""
        return self._children

    @property
    def local_grads(self) -> tuple:
        """d(this)/d(child) for each child, computed in the forward pass."""
        return self._local_grads

    def is_leaf(self) -> bool:
        return not self._children

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __float__(self) -> float:
        return self.data

    def detach(self) -> "Value":
        """A new leaf with the same number and label, cut from the graph."""
        return Value(self.data, self.label)

    # ---- arithmetic (primitives)
    def __add__(self, other) -> "Value":
        return _binary(ADD, self, _operand(other, "add"))

    def __mul__(self, other) -> "Value":
        return _binary(MUL, self, _operand(other, "mul"))

    def __truediv__(self, other) -> "Value":
        return _binary(DIV, self, _operand(other, "truediv"))

    def __pow__(self, exponent) -> "Value":
        if isinstance(exponent, Value):
            return _binary(VPOW, self, exponent)
        n = _as_float(exponent, "pow")
        row = ops.pow_row(n)
        out, local_grads = row.rule(self.data, n)
        return _record(row, out, (self,), local_grads)

    def exp(self) -> "Value":
        return _unary(EXP, self)

    def log(self) -> "Value":
        return _unary(LOG, self)

    def relu(self) -> "Value":
        return _unary(RELU, self)

    def tanh(self) -> "Value":
        return _unary(TANH, self)

    def sigmoid(self) -> "Value":
        return _unary(SIGMOID, self)

    def softplus(self) -> "Value":
        return _unary(SOFTPLUS, self)

    def step(self) -> "Value":
        return _unary(STEP, self)

    # ---- derived: built from the primitives, so they draw and differentiate for free
    def __radd__(self, other) -> "Value":  # other + self
        return _binary(ADD, _operand(other, "add"), self)

    def __rmul__(self, other) -> "Value":  # other * self
        return _binary(MUL, _operand(other, "mul"), self)

    def __neg__(self) -> "Value":  # -self = self × (-1)
        return self * -1.0

    def __sub__(self, other) -> "Value":  # self - other = self + other × (-1)
        return self + _operand(other, "sub") * -1.0

    def __rsub__(self, other) -> "Value":  # other - self
        return _operand(other, "sub") + self * -1.0

    def __rtruediv__(self, other) -> "Value":  # other / self: the same div row
        return _binary(DIV, _operand(other, "truediv"), self)

    def __rpow__(self, base) -> "Value":  # number ** self
        return _binary(VPOW, _operand(base, "pow"), self)

    # ---- ordering compares numbers; == stays identity (see the class docstring)
    def __lt__(self, other) -> bool:
        return self.data < _data(other, "<")

    def __le__(self, other) -> bool:
        return self.data <= _data(other, "<=")

    def __gt__(self, other) -> bool:
        return self.data > _data(other, ">")

    def __ge__(self, other) -> bool:
        return self.data >= _data(other, ">=")


    # ---- backpropagation
    def backward(self, grad: float = 1.0) -> None:
        """Fill in ``.grad`` of every node this Value depends on.

        ``grad`` is d(final output)/d(self), 1.0 when self is the output.
        Leaves accumulate (``+=``) across calls; intermediate nodes are reset
        first, so calling backward twice doubles the leaves' gradients exactly
        (z = 3x² at x = 2 gives x.grad 12, then 24), as in PyTorch.
        Nodes are processed in reverse ``topological_order(self)``.
        """
        seed = _as_float(grad, "backward")
        parents_left = _count_parents_resetting(self)
        self.grad += seed
        if _mode.get() & _ANOMALY:
            _backpropagate_checked(self, parents_left)
            return
        # Kahn's algorithm: a node is ready once every parent has sent it its
        # share, so the loop below *is* the reverse topological order, with no
        # recursion and no list of the whole graph built first.  Leaves are
        # not counted or queued: they have nothing to pass on (and skipping
        # them leaves the order of every other node unchanged).
        ready = [self]
        pop, push = ready.pop, ready.append
        while ready:
            node = pop()
            upstream = node.grad
            for child, local in zip(node._children, node._local_grads):
                child.grad += local * upstream
                if child._children:
                    left = parents_left[child] - 1
                    if left:
                        parents_left[child] = left
                    else:
                        push(child)


def _count_parents(root: Value) -> dict:
    """For every node below ``root``: how many edges come into it from above."""
    counts = {root: 0}
    stack = [root]
    pop, push = stack.pop, stack.append
    while stack:
        for child in pop()._children:
            if child in counts:
                counts[child] += 1
            else:
                counts[child] = 1
                push(child)
    return counts


def _count_parents_resetting(root: Value) -> dict:
    """_count_parents for backward: nodes made by ops only, grads reset to 0.

    Leaves are skipped (they keep their grad: it accumulates across calls).
    """
    counts = {root: 0}
    if root._children:
        root.grad = 0.0
    stack = [root]
    pop, push = stack.pop, stack.append
    while stack:
        for child in pop()._children:
            if child._children:
                if child in counts:
                    counts[child] += 1
                else:
                    counts[child] = 1
                    child.grad = 0.0
                    push(child)
    return counts


def _backpropagate_checked(root: Value, parents_left: dict) -> None:
    """backward's loop under detect_anomaly: stop at the first nan gradient."""
    ready = [root]
    while ready:
        node = ready.pop()
        upstream = node.grad
        for position, (child, local) in enumerate(zip(node._children, node._local_grads)):
            child.grad += _checked_share(node, position, local, upstream)
            if child._children:
                parents_left[child] -= 1
                if not parents_left[child]:
                    ready.append(child)


def _checked_share(node: Value, position: int, local: float, upstream: float) -> float:
    """local × upstream, or FloatingPointError if that makes a new nan (detect_anomaly)."""
    share = local * upstream
    if share != share and upstream == upstream:  # a nan upstream was reported where it arose
        raise FloatingPointError(message(
            "anomaly_backward", op=node.op, label=node.label or "?", position=position,
            inputs=_describe(node._children), local=local, upstream=upstream))
    return share


def topological_order(root: Value) -> List[Value]:
    """Every node ``root`` depends on, each after all of its children.

    Its reverse is exactly the order in which ``backward()`` processes the
    nodes (Kahn's algorithm, iterative, so a chain of a million ops needs no
    recursion).  The same graph always gives the same order.
    """
    parents_left = _count_parents(root)
    order = []
    ready = [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for child in node._children:
            parents_left[child] -= 1
            if not parents_left[child]:
                ready.append(child)
    order.reverse()
    return order


# --------------------------------------------------------------- n-ary ops

def sum(values: Iterable) -> Value:  # noqa: A001 - the op's name; use microgradkr.sum
    """Σ values as one node (numbers among them are folded into the result)."""
    items = list(values)
    floats = [_data(v, "sum") for v in items]
    out, _ = SUM.rule(*floats)
    children = tuple(v for v in items if isinstance(v, Value))
    return _record(SUM, out, children, (1.0,) * len(children))


_ONLY_VALUES = frozenset({Value})
_ONLY_FLOATS = frozenset({float})


def linear(weights: Sequence, inputs: Sequence, bias=None) -> Value:
    """b + Σ wᵢ·xᵢ as ONE node: a neuron's weighted sum (bias None: no b).

    Weights, inputs and bias may be Values or numbers.  A number whose partner
    is a Value is folded into the partner's local gradient instead of becoming
    a leaf, so a layer's float inputs cost nothing.  The children are, in
    order, one per term (the Value among wᵢ, xᵢ), then the bias.  When some
    term has two Values, the children are all the weights then all the inputs
    (w₀ ... wₙ₋₁, x₀ ... xₙ₋₁, b: the order of the arguments), numbers
    becoming constant leaves.  Either way the node's row says which
    layout it has (``operation.param``), so the node can be differentiated
    again and compiled.
    """
    try:
        n = len(weights)
        same_length = n == len(inputs)
    except TypeError:  # iterators: take them as lists
        weights, inputs = list(weights), list(inputs)
        n, same_length = len(weights), len(weights) == len(inputs)
    if not same_length:
        raise ValueError(message("linear_lengths", w=len(weights), x=len(inputs)))
    if bias is None:
        b_data = 0.0
    else:
        bias = bias if type(bias) is Value else _operand(bias, "linear")
        b_data = bias.data
    # The two layouts a network produces take a short path (this is the hot
    # loop of training); anything else, e.g. a mix of numbers and Values
    # among the weights, goes through _linear_mixed.
    if set(map(type, weights)) <= _ONLY_VALUES:
        input_types = set(map(type, inputs))
        if input_types <= _ONLY_VALUES and n:  # every term is Value × Value
            out, (d_weights, d_inputs, d_bias) = _linear_rule(
                [w.data for w in weights], [x.data for x in inputs], b_data)
            if bias is None:
                return _record(_LINEAR_PAIRED, out, (*weights, *inputs), (*d_weights, *d_inputs))
            return _record(_LINEAR_PAIRED_BIAS, out, (*weights, *inputs, bias),
                           (*d_weights, *d_inputs, d_bias))
        if input_types <= _ONLY_FLOATS:  # float inputs fold into the weights' local grads
            out, (d_weights, _, d_bias) = _linear_rule([w.data for w in weights], inputs, b_data)
            if bias is None:
                return _record(_LINEAR_FOLDED, out, tuple(weights), tuple(d_weights))
            return _record(_LINEAR_FOLDED_BIAS, out, (*weights, bias), (*d_weights, d_bias))
    return _linear_mixed(list(weights), list(inputs), bias, b_data)


_linear_rule = LINEAR.rule
_LINEAR_PAIRED, _LINEAR_PAIRED_BIAS = LINEAR_ROWS[True, False], LINEAR_ROWS[True, True]
_LINEAR_FOLDED, _LINEAR_FOLDED_BIAS = LINEAR_ROWS[False, False], LINEAR_ROWS[False, True]


def _linear_mixed(weights: list, inputs: list, bias, b_data: float) -> Value:
    """linear() for any mix of numbers and Values (see its docstring)."""
    w_data = [_data(w, "linear") for w in weights]
    x_data = [_data(x, "linear") for x in inputs]
    out, (d_weights, d_inputs, d_bias) = LINEAR.rule(w_data, x_data, b_data)
    if any(isinstance(w, Value) and isinstance(x, Value) for w, x in zip(weights, inputs)):
        # both factors of every term as children, numbers as constant leaves
        children = [_operand(v, "linear") for v in weights + inputs]
        return _linear_node(out, tuple(children), tuple(d_weights) + tuple(d_inputs), bias, d_bias, True)
    children = []
    local_grads = []
    for w, x, dw, dx in zip(weights, inputs, d_weights, d_inputs):
        if isinstance(x, Value):
            children.append(x)
            local_grads.append(dx)
        else:  # the weight (a constant leaf if a number) keeps the term's place
            children.append(_operand(w, "linear"))
            local_grads.append(dw)
    return _linear_node(out, tuple(children), tuple(local_grads), bias, d_bias, False)


def _linear_node(out: float, children: tuple, local_grads: tuple, bias, d_bias: float,
                 paired: bool) -> Value:
    if bias is not None:
        children += (bias,)
        local_grads += (d_bias,)
    return _record(LINEAR_ROWS[paired, bias is not None], out, children, local_grads)


# --------------------------------------------------------------- functions

def exp(x) -> Value:
    return _unary(EXP, _operand(x, "exp"))


def log(x) -> Value:
    return _unary(LOG, _operand(x, "log"))


def relu(x) -> Value:
    return _unary(RELU, _operand(x, "relu"))


def tanh(x) -> Value:
    return _unary(TANH, _operand(x, "tanh"))


def sigmoid(x) -> Value:
    return _unary(SIGMOID, _operand(x, "sigmoid"))


def softplus(x) -> Value:
    return _unary(SOFTPLUS, _operand(x, "softplus"))


def step(x) -> Value:
    return _unary(STEP, _operand(x, "step"))
