"""Value, a number that remembers how it was made, and backpropagation.

Read this file top to bottom: what a Value holds, how an op records a node,
and backward().  The ops themselves (their forward and local derivatives)
are in :mod:`microgradkr.ops`, each written once.

A node keeps its operands (``children``, in operand order: ``a*a`` has
``a`` twice) and its *local gradients* d node / d operand, computed in the
forward pass.  backward() then only multiplies and adds: from the output
back, each node passes ``local gradient × its own gradient`` to each operand.
Nothing here holds a closure or a reference back to a parent, so a dropped
graph is freed by reference counting alone.
"""

from __future__ import annotations

import numbers
from typing import Callable, Iterable, List, Optional, Sequence

from . import grad_mode
from .floats import to_float
from .messages import message

_new = object.__new__
_EMPTY = ()
_mode = grad_mode.mode


# ================================================================ Value

class Value:
    """A scalar that records the operations made with it.

    ``data`` is the number (always a float), ``grad`` is d(output)/d(this Value)
    after ``output.backward()``.  Leaves (Values you make yourself) accumulate
    their ``grad`` across backward calls, as in PyTorch: call ``zero_grad`` on
    your model, or ``cleargrad()``, between steps.  Intermediate nodes hold
    the gradient of the latest backward call that passed through them (kept for
    the pictures; PyTorch frees them).

    Ordering comparisons (``<``, ``<=``, ``>``, ``>=``) compare ``data`` and
    return a bool.  ``==`` is identity, as for any object, so Values can be
    dict keys and set members; compare ``a.data == b.data`` for numbers.
    ``float(v)`` (and so ``math.exp(v)``) is refused: it would silently cut the
    graph; write ``v.exp()``, ``microgradkr.math.exp(v)`` or ``v.data``.
    """

    # A node's operands and local gradients live in its own fields, not in
    # tuples: most ops have one or two operands, and two tuples per node were
    # two thirds of the objects the garbage collector had to walk (W5
    # forward 84 -> 31 ms per step, W3 148 -> 112 bytes per node).
    #   leaf:                 _a = None
    #   one operand x:        _a = x, _da = d/dx,             _b = None
    #   two operands x, y:    _a = x, _da = d/dx, _b = y, _db = d/dy
    #   more (sum, linear):   _a = (operands...), _da = (local gradients...), _b = MANY
    __slots__ = ("data", "grad", "label", "_row", "_a", "_b", "_da", "_db")

    def __init__(self, data, label: str = ""):
        self.data = as_float(data, "Value")
        self.grad = 0.0
        if not isinstance(label, str):
            raise TypeError(message("bad_label", value=short_repr(label), type=type(label).__name__))
        self.label = label
        self._row = None  # the op that made this Value (None: a leaf)
        self._a = self._b = self._da = self._db = None

    # ---- read-only views of the graph
    @property
    def children(self) -> tuple:
        """The operands, in order (``a*a`` has ``a`` twice)."""
        b = self._b
        if b is None:
            return _EMPTY if self._a is None else (self._a,)
        return self._a if b is MANY else (self._a, b)

    @property
    def local_grads(self) -> tuple:
        """d(this)/d(child) for each child, computed in the forward pass."""
        b = self._b
        if b is None:
            return _EMPTY if self._a is None else (self._da,)
        return self._da if b is MANY else (self._da, self._db)

    #: micrograd's name for the operands (its draw_dot walks ``v._prev``)
    _prev = children

    @property
    def _local_grads(self) -> tuple:
        return self.local_grads

    @_local_grads.setter
    def _local_grads(self, grads) -> None:  # a test's way of planting a wrong derivative
        _link(self, self.children, tuple(grads))

    @property
    def operation(self):
        """The op (a row of :data:`microgradkr.OPS`, parameters bound) that made this Value, or None."""
        return self._row

    @property
    def op(self) -> str:
        """The name of the op that made this Value ('' for a leaf)."""
        return self._row.name if self._row is not None else ""

    @property
    def _op(self) -> str:
        """The op as micrograd writes it ('+', '*', 'ReLU', '**2'; '' for a leaf)."""
        return self._row.ascii if self._row is not None else ""

    @property
    def name(self) -> str:
        """The label, by the name DeZero and PyTorch users know (``x.name = 'x'``)."""
        return self.label

    @name.setter
    def name(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(message("bad_label", value=short_repr(value), type=type(value).__name__))
        self.label = value

    def is_leaf(self) -> bool:
        return self._a is None

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    def __float__(self):
        raise TypeError(message("no_float", value=short_repr(self)))

    def detach(self) -> "Value":
        """A new leaf with the same number and label, cut from the graph."""
        return Value(self.data, self.label)

    def cleargrad(self) -> None:
        """Forget the gradient, as DeZero's ``cleargrad`` and PyTorch's ``x.grad = None``.

        The next backward() then gives this leaf its gradient as a Value
        (DeZero's Variables and PyTorch's tensors are gradients too), so
        ``gx = x.grad; x.cleargrad(); gx.backward(); x.grad.data`` runs as in
        DeZero.  ``zero_grad`` (or ``grad = 0.0``) keeps float gradients.
        """
        self.grad = None

    # ---- arithmetic: each operator is one op of the table (see ops.py).
    # + * / are the ops' own node makers, set at the end of this module
    # (``Value.__mul__ = MUL.make``): one call per node, see node_maker.
    # The code x * y runs: print(microgradkr.OPS["mul"].make.source)

    def __pow__(self, exponent):
        # x ** 2 and x ** 2.0 find the same maker (2 == 2.0, and so are their hashes)
        make = _POW_MAKERS.get(exponent) if exponent.__class__ in _PLAIN_NUMBERS else None
        if make is None:
            if isinstance(exponent, Value):
                return VPOW.make(self, exponent)
            n = _as_number(exponent, "pow")
            if n is NotImplemented:
                return NotImplemented
            make = _pow_maker(n)
        return make(self)

    def __rpow__(self, base):  # number ** self
        return VPOW.make(base, self)

    # ---- derived: built from the ops above, so they draw and differentiate for free
    def __neg__(self):  # -self = self × (-1)
        return self * -1.0

    def __sub__(self, other):  # self - other = self + other × (-1)
        other = _operand(other, "sub")
        return NotImplemented if other is NotImplemented else self + other * -1.0

    def __rsub__(self, other):  # other - self
        other = _operand(other, "sub")
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
    def backward(self, grad=1.0, create_graph: bool = False) -> None:
        """Fill in ``.grad`` of every node this Value depends on.

        ``grad`` is d(final output)/d(self), 1.0 when self is the output.
        Each leaf gets this call's gradient added once (``+=``), so calling
        backward twice doubles the leaves' gradients exactly (z = 3x² at x = 2
        gives x.grad 12, then 24), as in PyTorch; intermediate nodes hold this
        call's gradient.  With ``create_graph=True`` the gradients are Values
        with graphs of their own (call ``x.grad.backward()`` for a second
        derivative, as in DeZero and PyTorch).
        """
        seed = grad if isinstance(grad, Value) else as_float(grad, "backward")
        if not create_graph:
            sweep(self, seed, CHECKED_CHAIN if _mode() & grad_mode.ANOMALY else FLOAT_CHAIN, into_grad=True)
            return
        grads = sweep(self, seed, VALUE_CHAIN)
        for node, g in grads.items():
            if node._a is not None:
                node.grad = g
            elif node.grad is None:  # cleared DeZero's way: the gradient comes as a Value
                node.grad = g if isinstance(g, Value) else Value(g)
            elif create_graph and node.grad.__class__ is float and node.grad == 0.0:
                node.grad = g  # the first gradient of a leaf, kept as the Value it is
            else:
                node.grad = node.grad + g

    def _backward(self) -> None:
        """One chain-rule step, micrograd's: pass ``local × self.grad`` to each operand.

        backward() does this for every node, output first; calling it by hand
        on each node in that order (as micrograd's lecture does) gives the same
        numbers.
        """
        for child, local in zip(self.children, self.local_grads):
            before = child.grad if child.grad is not None else 0.0
            child.grad = before + local * self.grad


# ================================================================ numbers in, Values out

def as_float(x, where: str) -> float:
    """A real number as a float; TypeError naming `where` for anything else.

    bool is accepted as 0.0 / 1.0 (truth tables read naturally), numpy scalars
    and 0-d arrays as the numbers they hold.
    """
    if type(x) is float:
        return x
    number = _as_number(x, where)
    if number is NotImplemented:
        raise TypeError(message("bad_type", where=where, value=short_repr(x), type=type(x).__name__))
    return number


def _as_number(x, where: str):
    """x as a float, NotImplemented for an array (numpy handles those), or TypeError."""
    if type(x) is float:
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, Value):
        return to_float(x)
    ndim = getattr(x, "ndim", None)
    if ndim is not None and hasattr(x, "dtype") and not isinstance(x, Value):
        if ndim == 0 and x.dtype.kind in "biuf":  # a 0-d numpy array holding a real number
            return to_float(x.item())
        if ndim:  # an array: let numpy apply the op element by element
            return NotImplemented
    if isinstance(x, Value):
        raise TypeError(message("value_in_value", where=where, value=short_repr(x)))
    raise TypeError(message("bad_type", where=where, value=short_repr(x), type=type(x).__name__))


def short_repr(x) -> str:
    """repr(x), cut to 60 characters, for error messages."""
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _operand(x, where: str):
    """x as a Value: Values pass through, numbers become constant leaves."""
    if x.__class__ is float:  # the common case first: a plain float constant
        number = x
    elif isinstance(x, Value):
        return x
    else:
        number = _as_number(x, where)
        if number is NotImplemented:
            return NotImplemented
    leaf = _new(Value)  # Value.__init__ without its checks: x is checked here
    leaf.data = number
    leaf.grad = 0.0
    leaf.label = ""
    leaf._row = leaf._a = leaf._b = leaf._da = leaf._db = None
    return leaf


def _data(x, where: str) -> float:
    return x.data if isinstance(x, Value) else as_float(x, where)


# ================================================================ recording a node

class _Many:
    """The ``_b`` of a node with more than two operands: its ``_a`` and ``_da`` are tuples."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MANY"

    def __reduce__(self) -> str:  # copy.deepcopy(graph) keeps the one marker
        return "MANY"


MANY = _Many()


def record(row, data: float, children: tuple, local_grads: tuple) -> Value:
    """Make the result node of one op: its number, operands and local gradients.

    Under no_grad the result is a leaf (nothing is kept for backward).
    """
    node = _new(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._row = row
    _link(node, children, local_grads)
    if _mode():  # the rare path: no_grad or detect_anomaly is on
        return _record_in_mode(node)
    return node


def _link(node: Value, children: Sequence, local_grads: Sequence) -> None:
    """Keep a node's operands and local gradients in its fields (see Value.__slots__)."""
    count = len(children)
    if count == 2:
        (node._a, node._b), (node._da, node._db) = children, local_grads
    elif count == 1:
        (node._a,), (node._da,) = children, local_grads
        node._b = node._db = None
    elif count:
        node._a, node._b, node._da, node._db = tuple(children), MANY, tuple(local_grads), None
    else:  # an op of constants only (sum of numbers): nothing to pass a gradient to
        node._a = node._b = node._da = node._db = None


def apply(row, args: Sequence) -> Value:
    """Apply an op (a row of the table) to Values and numbers: forward, then record."""
    operands = tuple(_operand(a, row.name) for a in args)
    if NotImplemented in operands:
        raise TypeError(message("bad_type", where=row.name, value="array", type="ndarray"))
    out, local_grads = row.rule(*[v.data for v in operands])
    return record(row, out, operands, local_grads)


# record() written out for one op of one or two operands, its formulas (the
# op's code reading, see opdef) in place of a call to its rule: one Python
# call per node instead of four, and no tuple.  This is what x * y, x.relu()
# and x ** 2 run (W2 forward 1,250 -> 720 ns per op, together with the
# operands kept in fields).  ``reflected`` makes 2 * x: the same text, the
# operands swapped.
_NODE_MAKER = """\
def make({parameters}):
{conversions}    x0 = _x.data{load_y}
    try:
        out = {out}
        if out.__class__ is not float:
            out = _as_result(out)
        _d0 = {d0}{grad_y}
    except (ArithmeticError, ValueError):
        out, (_d0{slow_y},) = _slow_rule(x0{slow_x1})
    _node = _new(_Value)
    _node.data = out
    _node.grad = 0.0
    _node.label = ""
    _node._row = _row
    _node._a = _x
    _node._b = {y}
    _node._da = _d0
    _node._db = {dy}
    if _mode():
        return _in_mode(_node)
    return _node
"""

_CONVERSION = """\
    if {v}.__class__ is not _Value:
        {v} = _operand({v}, _name)
        if {v} is NotImplemented:
            return NotImplemented
"""


def node_maker(row, out: str, grads: Sequence[str], namespace: dict, reflected: bool = False) -> Callable:
    """make(x[, y]) -> the node of ``row`` on Values or numbers, from its formulas as code.

    ``out`` and ``grads`` are Python expressions in x0, x1 (the operands'
    numbers) and out; ``namespace`` holds what they name, and _slow_rule and
    _as_result (the op's IEEE fallback and result check).  The maker's own
    names start with _, which no op's name may (define_op refuses it), so a
    learner's op called ``node`` or ``row`` is still the op.  ``make.source``
    is the code, to read: ``print(microgradkr.OPS["mul"].make.source)``.
    """
    binary = len(grads) == 2
    operands = ("_x", "_y") if binary else ("_x",)
    source = _NODE_MAKER.format(
        parameters=", ".join(operands[::-1] if reflected else operands),
        conversions="".join(_CONVERSION.format(v=v) for v in operands),
        load_y="\n    x1 = _y.data" if binary else "", out=out, d0=grads[0],
        grad_y=f"\n        _d1 = {grads[1]}" if binary else "", slow_y=", _d1" if binary else "",
        slow_x1=", x1" if binary else "", y="_y" if binary else "None", dy="_d1" if binary else "None")
    namespace = {**namespace, "_Value": Value, "_new": _new, "_mode": _mode, "_in_mode": _record_in_mode,
                 "_operand": _operand, "_row": row, "_name": row.name}
    exec(compile(source, f"<node of {row.name}>", "exec"), namespace)  # noqa: S102 - our own text
    make = namespace["make"]
    make.source = source
    return make


_POW_MAKERS: dict = {}
_PLAIN_NUMBERS = (float, int)  # not bool, not numpy: those go through _as_number


def _pow_maker(n: float):
    """The node maker of the pow op bound to the exponent n (kept: few exponents recur)."""
    make = POW.bind(n=n).make
    if len(_POW_MAKERS) < 1024 and n == n:
        _POW_MAKERS[n] = make
    return make


def _record_in_mode(node: Value) -> Value:
    mode = _mode()
    if mode & grad_mode.ANOMALY and node.data != node.data:
        raise FloatingPointError(message("anomaly_forward", op=node.op, inputs=_describe(node.children)))
    if mode & grad_mode.GRAD_OFF:
        node._row = node._a = node._b = node._da = node._db = None
    return node


def _describe(values: Sequence[Value]) -> str:
    return ", ".join(f"{v.label or '?'}={v.data!r}" for v in values) or "-"


# ================================================================ backward

class Chain:
    """How the chain rule is computed in one sweep: on floats, checked floats or Values.

    times(local, upstream) is the chain-rule step (a node's gradient × its
    local gradient is the share its operand gets); plus adds shares that
    reach one node along several edges; local_grads(node) gives a node's
    local gradients (None: the floats stored in the forward pass).  None for
    times or plus means Python's own * or +; backward() on floats with all
    three None runs _sweep_floats, which makes no call per edge.
    """

    def __init__(self, times: Optional[Callable] = None, plus: Optional[Callable] = None,
                 local_grads: Optional[Callable] = None):
        self.times = times
        self.plus = plus
        self.local_grads = local_grads


def sweep(root: Value, seed=1.0, chain: Chain = None, visit: Optional[Callable] = None,
          into_grad: bool = False) -> Optional[dict]:
    """The chain rule over every node below ``root``, output first.

    Returns ``{node: d root / d node}`` and writes nothing into ``.grad``.
    This is the one backward pass of microgradkr: ``backward()``, ``grad()``
    (first and higher order), the backprop player and ``compile`` all run it,
    with their own :class:`Chain`.  ``visit(node, upstream, edges, grads)``,
    if given, is called for each node (leaves too) after it has passed on its
    shares, with ``edges`` = [(position, child, local, share, child's gradient so far)]
    (a list valid during the call).

    ``into_grad=True`` is backward()'s way: the gradients are kept in the
    nodes' own ``.grad`` instead of a dict (an attribute costs about half a
    dict entry, and backward writes ``.grad`` anyway): each operation node
    ends with this call's gradient, each leaf gets this call's gradient
    added once.  Nothing is returned then.

    The nodes are taken in the order of :func:`_backward_order`: every node
    after all the nodes that use it, so a gradient is complete when it is
    passed on.  No recursion, so a chain of a million ops needs no
    recursion limit.
    """
    chain = chain or FLOAT_CHAIN
    times, plus, local_grads_of = chain.times, chain.plus, chain.local_grads
    # Leaves are listed only when someone watches them (the player): they
    # pass nothing on.
    with_leaves = visit is not None
    order, leaves = _backward_order(root, with_leaves, into_grad)
    if into_grad:
        root.grad = seed
        grads = None
    else:
        grads, edges = {root: seed}, []
        grads_get = grads.get
    swept = False
    try:
        if into_grad and times is None and local_grads_of is None and not with_leaves:
            _sweep_floats(order)  # backward() on floats: the common case, written out
            swept = True
            return None
        for node in order:
            upstream = node.grad if into_grad else grads[node]
            children = node.children
            if children:
                local_grads = node.local_grads if local_grads_of is None else local_grads_of(node)
                for child, local in zip(children, local_grads):
                    # the chain rule: child's gradient gets local gradient × upstream
                    share = local * upstream if times is None else times(local, upstream)
                    if into_grad:
                        child.grad += share
                        total = child.grad
                    else:
                        before = grads_get(child)
                        total = share if before is None else plus(before, share) if plus else before + share
                        grads[child] = total
                    if with_leaves:
                        edges.append((len(edges), child, local, share, total))
            if with_leaves:
                visit(node, upstream, edges, grads)
                edges.clear()
        swept = True
    except _NanShare:
        position = next(k for k, local in enumerate(local_grads) if local * upstream != local * upstream)
        raise FloatingPointError(message(
            "anomaly_backward", op=node.op, label=node.label or "?", position=position,
            inputs=_describe(children), local=local_grads[position], upstream=upstream)) from None
    finally:
        if into_grad:
            if not swept:  # stopped half way: no node may keep the mark of a listed one
                _unmark(order)
            # each leaf: this call's gradient added once to what it had
            for leaf, before in leaves.items():
                now = leaf.grad
                if before is None:  # cleared DeZero's way: its gradient comes as a Value
                    leaf.grad = Value(now)
                else:
                    leaf.grad = before + now
    return grads


def _sweep_floats(order: List[Value]) -> None:
    """The chain rule on float gradients in ``.grad``, for each way a node keeps its operands.

    The same step as sweep()'s loop (child.grad += local × upstream), without
    its choices: this is backward() in training, and the choices and a tuple
    per node were half of its time.
    """
    for node in order:
        upstream = node.grad
        b = node._b
        if b is None:
            node._a.grad += node._da * upstream
        elif b is MANY:
            for child, local in zip(node._a, node._da):
                child.grad += local * upstream
        else:
            node._a.grad += node._da * upstream
            b.grad += node._db * upstream


# backward() marks a node it has listed by setting its .grad to _LISTED, a
# 0.0 of its own (the sweep adds to it as to any 0.0): a set of every node
# was a sixth of backward's time (W2 backward 490 -> 415 ns per op).
_LISTED = float("0.0")  # not the shared constant 0.0: `is` tells them apart
_FINISHED = object()  # on _backward_order's stack: the node below it has all its operands listed


def _backward_order(root: Value, with_leaves: bool = False, mark: bool = False):
    """Every op node below ``root`` (and the leaves, if asked), each before its operands.

    Returns (order, leaves).  Depth first from root, operands in order, without
    recursion: a node is listed once everything below it is; the list is then
    reversed, so root comes first and every node comes after all that use it.
    With ``mark`` (backward() writing into .grad), every op node's ``.grad``
    is set to 0 (the 0.0 called _LISTED, which also marks it as listed) and
    ``leaves`` maps each leaf that had a gradient to it, to be added back
    once after the sweep; otherwise ``leaves`` is empty.
    """
    listed, leaves, seen = [], {}, set()
    stack = [root]
    try:
        _list_depth_first(stack, listed, leaves, seen, with_leaves, mark)
    except BaseException:  # interrupted (Ctrl-C): no node may keep the mark of a listed one,
        _unmark(listed + stack)  # and every leaf gets back the gradient it had
        for leaf, before in leaves.items():
            leaf.grad = before
        raise
    listed.reverse()
    return listed, leaves


def _list_depth_first(stack: list, listed: list, leaves: dict, seen: set, with_leaves: bool,
                      mark: bool) -> None:
    """_backward_order's walk: each node into ``listed`` after all it reaches."""
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if node is _FINISHED:
            listed.append(pop())
            continue
        a = node._a
        if a is None:  # a leaf: listed only for the player; a gradient it has is kept aside
            if mark and node.grad != 0.0:  # None, a Value or a number: added back after
                leaves[node] = node.grad
                node.grad = 0.0
            if with_leaves and node not in seen:
                seen.add(node)
                listed.append(node)
            continue
        if mark:  # backward(): its .grad, reset to a 0.0 of our own, says it is listed
            if node.grad is _LISTED:
                continue
            node.grad = _LISTED
        elif node in seen:
            continue
        else:
            seen.add(node)
        push(node)
        push(_FINISHED)
        # the operands go on the stack, the first on top; a leaf only if it
        # needs a look (it holds a gradient, or the player watches it)
        b = node._b
        if b is None:
            if a._a is not None or with_leaves or (mark and a.grad != 0.0):
                push(a)
        elif b is MANY:
            for child in reversed(a):
                if child._a is not None or with_leaves or (mark and child.grad != 0.0):
                    push(child)
        else:
            if b._a is not None or with_leaves or (mark and b.grad != 0.0):
                push(b)
            if a._a is not None or with_leaves or (mark and a.grad != 0.0):
                push(a)


def _unmark(nodes) -> None:
    """Give listed nodes that a sweep did not reach a plain 0.0 gradient again."""
    for node in nodes:
        if node is not _FINISHED and node.grad is _LISTED:
            node.grad = 0.0


class _NanShare(ArithmeticError):
    """A checked chain-rule step made a new nan (detect_anomaly)."""


def _checked_times(local, upstream):
    """local × upstream, refusing a new nan (a nan upstream was reported where it arose)."""
    share = local * upstream
    if share != share and upstream == upstream:
        raise _NanShare
    return share


def _value_times(local, upstream):
    """local × upstream for Values, skipping the exact × 1 so derivative graphs stay small."""
    if upstream.__class__ is float:
        if upstream == 1.0 and local.__class__ is not float:
            return local
        if local.__class__ is float or isinstance(local, float):
            return local * upstream
    if local.__class__ is float and local == 1.0:
        return upstream
    return local * upstream


FLOAT_CHAIN = Chain()
CHECKED_CHAIN = Chain(_checked_times)
VALUE_CHAIN = Chain(_value_times, local_grads=lambda node: _value_local_grads(node))


def _value_local_grads(node: Value) -> tuple:
    """A node's local gradients as Values: its op's formulas read with Value arithmetic."""
    from .arithmetic import VALUES
    row = node._row
    with grad_mode.enable_grad():  # a derivative graph is recorded whatever the mode
        return tuple(row.op.local_grads(VALUES, node, *node.children, **row.params))


def topological_order(root: Value) -> List[Value]:
    """Every node ``root`` depends on, each after all of its children.

    Its reverse is exactly the order in which ``backward()`` processes the
    nodes.  The same graph always gives the same order.
    """
    if not isinstance(root, Value):
        raise TypeError(message("bad_root", where="topological_order", value=short_repr(root),
                                type=type(root).__name__))
    order, _ = _backward_order(root, with_leaves=True)
    order.reverse()
    return order


# ================================================================ n-ary ops

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
    return record(row, out, tuple(children), local_grads)


_ONLY_FLOATS = frozenset({float})


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
        raise ValueError(message("linear_lengths", w=n, x=len(inputs)))
    if bias is not None:
        bias = bias if bias.__class__ is Value else _operand(bias, "linear")
        if bias is NotImplemented:
            raise TypeError(message("bad_type", where="linear", value=short_repr(bias), type="ndarray"))
    has_bias = bias is not None
    # The two layouts a network produces take a short path (the hot loop of
    # training): the op's own helpers on lists of floats, no argument unpacking.
    # Reading the numbers and checking the types is one pass: a list is as
    # long as its source only if every item was a Value.
    w_data = [w.data for w in weights if w.__class__ is Value]
    if len(w_data) == n:
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
    return _linear_mixed(list(weights), list(inputs), bias)


def _paired_linear(weights, inputs, bias, w_data: list, x_data: list) -> Value:
    """The linear node of Values only (a network's layers), from their numbers read already."""
    has_bias = bias is not None
    start = bias.data if has_bias else 0.0
    children = (*weights, *inputs, bias) if has_bias else (*weights, *inputs)
    return record(LINEAR_ROWS[True, has_bias], weighted_sum(w_data, x_data, start), children,
                  weighted_sum_grads(w_data, x_data, True, has_bias))


def linear_layer(weight_rows: Sequence, inputs: Sequence, biases: Sequence) -> List[Value]:
    """``[linear(w, inputs, b) for w, b in zip(weight_rows, biases)]``: the nodes of a layer.

    The same nodes, with the inputs checked and read once for all the rows
    rather than once per neuron (a tenth of a network's forward pass).
    """
    for what, given in (("weight_rows", weight_rows), ("inputs", inputs), ("biases", biases)):
        if not isinstance(given, (list, tuple)):
            raise TypeError(message("bad_iterable", where="linear_layer", what=what,
                                    value=short_repr(given), type=type(given).__name__))
    if len(weight_rows) != len(biases):
        raise ValueError(message("linear_layer_lengths", rows=len(weight_rows), biases=len(biases)))
    x_data = [x.data for x in inputs if x.__class__ is Value]
    if len(x_data) != len(inputs) or not x_data:
        return [linear(w, inputs, b) for w, b in zip(weight_rows, biases)]
    nodes = []
    for weights, bias in zip(weight_rows, biases):
        if isinstance(weights, (list, tuple)) and (bias is None or bias.__class__ is Value):
            w_data = [w.data for w in weights if w.__class__ is Value]
            if len(w_data) == len(x_data) == len(weights):
                nodes.append(_paired_linear(weights, inputs, bias, w_data, x_data))
                continue
        # numbers, iterators or a wrong length: linear() takes them, or says what is wrong
        nodes.append(linear(weights, inputs, bias))
    return nodes


def _linear_node(row, children: tuple, bias) -> Value:
    # the op's own formulas on floats, without the eager rule's checks: a
    # weighted sum only adds and multiplies, which never raise
    if bias is not None:
        children += (bias,)
    data = [v.data for v in children]
    params = row.params
    out = _linear_forward(FLOATS, *data, **params)
    return record(row, out, children, _linear_local_grads(FLOATS, out, *data, **params))


def _linear_mixed(weights: list, inputs: list, bias) -> Value:
    """linear() for any mix of numbers and Values (see its docstring)."""
    if any(isinstance(w, Value) and isinstance(x, Value) for w, x in zip(weights, inputs)):
        # both factors of every term as children, numbers as constant leaves
        children = tuple(_operand_checked(v) for v in weights + inputs)
        return _linear_node(LINEAR_ROWS[True, bias is not None], children, bias)
    children, folded = [], []
    for w, x in zip(weights, inputs):
        if isinstance(x, Value):
            children.append(x)
            folded.append(as_float(w, "linear"))
        else:  # the weight (a constant leaf if a number) keeps the term's place
            children.append(_operand_checked(w))
            folded.append(as_float(x, "linear"))
    row = BoundOp(LINEAR, {"paired": False, "bias": bias is not None, "folded": tuple(folded)})
    return _linear_node(row, tuple(children), bias)


def _operand_checked(x) -> Value:
    value = _operand(x, "linear")
    if value is NotImplemented:
        raise TypeError(message("bad_type", where="linear", value=short_repr(x), type=type(x).__name__))
    return value


# The ops Value's operators record.  ops.py defines them with define_op, which
# records nodes through this module, so it is imported last.
from .arithmetic import FLOATS  # noqa: E402
from .opdef import BoundOp  # noqa: E402
from .ops import ADD, DIV, LINEAR, LINEAR_ROWS, MUL, POW, SUM, VPOW  # noqa: E402
from .ops import weighted_sum, weighted_sum_grads  # noqa: E402

_linear_forward, _linear_local_grads = LINEAR.forward, LINEAR.local_grads

# + * / are the ops' node makers themselves (see node_maker): x * y is one call
Value.__add__, Value.__radd__ = ADD.make, ADD.make_reflected
Value.__mul__, Value.__rmul__ = MUL.make, MUL.make_reflected
Value.__truediv__, Value.__rtruediv__ = DIV.make, DIV.make_reflected
