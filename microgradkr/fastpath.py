"""The fast path: the engine's plain code written out for speed, computing the same bits.

engine.py and opdef.py read simply: an op's rule runs its formulas as
Python functions of ``m``, a node is recorded by ``record()``, and backward()
calls each node's ``_backward()``.  That costs Python calls per node and per
edge, so three of those steps are also written here as code made once per op:

1. **An op's eager rule as straight-line code** (``compiled_rule``): the
   formulas read with the code arithmetic (``m = CODE``) are printed as one
   Python function over floats, with the IEEE fallback kept for inputs where
   plain floats raise.  The very text compile() writes for the op.
2. **Node makers** (``node_maker``): record() written out for an op of one or
   two operands, its formulas in place of a call to its rule: one Python call
   per node instead of four, and no tuple.  This is what ``x * y``,
   ``x.relu()`` and ``x ** 2`` run (W2 forward 1,250 -> 720 ns per op,
   together with the operands kept in the node's own fields).
3. **backward() on floats written out** (``fill_grads``): the chain rule for
   each way a node keeps its operands, with no call per edge, and listed
   nodes marked in their own ``.grad`` instead of a set (W2 backward 6,362 ->
   6,248 instructions per op for the written-out sweep; 490 -> 415 ns per op
   for the marks; the two were half of backward's time).  The walk that
   lists the nodes pushes no operand twice and lists a node with nothing
   left below it at once (``_list_depth_first``: W5 walk 20.4 -> 17.3 ms,
   W1 5.5 -> 4.2 ms).
4. **A layer's neurons written out** (``neuron_maker``): a fused layer's
   neuron node, b + w₀·x₀ + w₁·x₁ + ... as one expression, made once per
   number of inputs instead of a list and a loop per neuron.

Every name in the generated code is made here or by the code arithmetic
(operands x0, x1, the package's float functions, temporaries); numbers are
literals written from their value; everything else (the op's row, its name
for errors, a learner's op called from a formula) is bound as a value in the
code's namespace.  No string a user gives becomes code.

``microgradkr.fast_path(False)`` (or ``MICROGRADKR_FAST=0`` before the
import) switches all of this off; tests/test_fast_path.py checks that both
paths give the same numbers bit for bit.
"""

from __future__ import annotations

import math
import numbers
import os
from typing import Callable, List, Optional

from . import engine
from .arithmetic import CODE, Code, NotTraceable, code_namespace
from .engine import Value, in_mode, operand
from .floats import ZERO, to_float
from .grad_mode import mode as _mode
from .markers import MANY, NO_GRAD

#: whether the fast path is on (switch it with microgradkr.fast_path)
ENABLED = os.environ.get("MICROGRADKR_FAST", "1").strip().lower() not in ("0", "false", "no", "off")

_new = object.__new__


# ================================================================ 1. an op's rule as code

def compiled_rule(op, params: dict, slow_rule: Callable, slow_forward: Callable, as_result: Callable):
    """(rule, forward, code) of an op whose formulas are straight-line code, or None.

    ``code`` is (out, local gradients, namespace): the formulas as text and
    what they name, for node_maker.  None when a formula needs Python's own
    ``if`` on an operand (it then runs as written, see opdef).
    """
    names = [f"x{i}" for i in range(op.arity)]
    operands = [Code(n) for n in names]
    try:
        out = Code.of(op.forward(CODE, *operands, **params))
        given = op.local_grads(CODE, Code("out"), *operands, **params)
        given = tuple(given) if isinstance(given, (tuple, list)) else (given,)
        if len(given) != op.arity:
            return None  # the plain rule says how many were expected, by name
        # a constant gradient written as an int or a bool is a float, as the plain rule makes it
        given = tuple(map(_as_float_grad, given))
        grads = tuple(Code.of(g) for g in given)
    except (NotTraceable, TypeError):  # e.g. //, % or round(), which Code does not write: run as written
        return None
    header = ", ".join(names)
    grads_text, constant_tuples = _grads_text(given, grads)
    source = (f"def rule({header}):\n"
              f"    try:\n"
              f"        out = {out}\n"
              f"        if out.__class__ is not float:\n"
              f"            out = _as_result(out)\n"
              f"        return out, {grads_text}\n"
              f"    except (ArithmeticError, ValueError):\n"
              f"        return _slow_rule({header})\n"
              f"def forward({header}):\n"
              f"    try:\n"
              f"        out = {out}\n"
              f"    except (ArithmeticError, ValueError):\n"
              f"        return _slow_forward({header})\n"
              f"    return out if out.__class__ is float else _as_result(out)\n")
    namespace = code_namespace(out, *grads)
    # power() is C's pow itself here: an exception takes the IEEE path (see CODE.pow)
    namespace.update(_slow_rule=slow_rule, _slow_forward=slow_forward, _as_result=as_result,
                     power=math.pow, **constant_tuples)
    exec(compile(source, "<op rule>", "exec"), namespace)  # noqa: S102 - made of our names and numbers
    return namespace["rule"], namespace["forward"], (str(out), tuple(str(g) for g in grads), namespace)


def _grads_text(given: tuple, grads: tuple):
    """The local gradients as a tuple expression, and the constant tuples it names.

    Constant local gradients come back as one shared tuple rather than a new
    one per node (relu's (1.0,) or (0.0,)): a tuple per node is 56 bytes, a
    third of what the node itself takes.
    """
    if all(_is_literal(g) for g in given):
        return "_grads", {"_grads": tuple(given)}
    if len(given) == 1 and isinstance(given[0], Code) and given[0].choice is not None:
        cond, a, b = given[0].choice
        if _is_literal(a) and _is_literal(b):
            return (f"_grads_true if {Code.of(cond)} else _grads_false",
                    {"_grads_true": (_as_float_grad(a),), "_grads_false": (_as_float_grad(b),)})
    return f"({''.join(f'{g}, ' for g in grads)})", {}


def _as_float_grad(g):
    """A constant local gradient written as an int or a bool, as the float the plain rule makes it."""
    if g.__class__ is float or g is ZERO or not isinstance(g, numbers.Real):
        return g  # a float, the structural zero, or a formula (Code)
    return to_float(g)


def _is_literal(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ================================================================ 2. node makers

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


def node_maker(row, out: str, grads, namespace: dict, reflected: bool = False) -> Callable:
    """make(x[, y]) -> the node of ``row`` on Values or numbers, its formulas inlined.

    ``out`` and ``grads`` are the formulas as code (see compiled_rule), in
    x0, x1 and out; ``reflected`` makes ``2 * x``: the same text, the
    operands swapped.  ``make.source`` is the code, to read:
    ``print(microgradkr.OPS["mul"].make.source)``.
    """
    binary = len(grads) == 2
    operands = ("_x", "_y") if binary else ("_x",)
    source = _NODE_MAKER.format(
        parameters=", ".join(operands[::-1] if reflected else operands),
        conversions="".join(_CONVERSION.format(v=v) for v in operands),
        load_y="\n    x1 = _y.data" if binary else "", out=out, d0=grads[0],
        grad_y=f"\n        _d1 = {grads[1]}" if binary else "", slow_y=", _d1" if binary else "",
        slow_x1=", x1" if binary else "", y="_y" if binary else "None", dy="_d1" if binary else "None")
    namespace = {**namespace, "_Value": Value, "_new": _new, "_mode": _mode, "_in_mode": in_mode,
                 "_operand": operand, "_row": row, "_name": row.name}
    exec(compile(source, "<node maker>", "exec"), namespace)  # noqa: S102 - made of our names and numbers
    make = namespace["make"]
    make.source = source
    return make


# ================================================================ 3. backward() on floats

# backward() marks a node it has listed by setting its .grad to _LISTED, a
# 0.0 of its own (the sweep adds to it as to any 0.0): a set of every node
# was a sixth of backward's time.
_LISTED = float("0.0")  # not the shared constant 0.0: `is` tells them apart
_FINISHED = object()  # on the stack: the node below it has all its operands listed


def fill_grads(root: Value, seed: float) -> int:
    """engine.fill_grads written out: the same order, the same additions, the same bits (and count)."""
    order, kept = _listed_order(root)
    root.grad = seed
    try:
        for node in order:  # the chain rule, child.grad += local × upstream, for each layout
            upstream = node.grad
            b = node._b
            if b is None:
                node._a.grad += node._da * upstream
            elif b is MANY:
                for child, local in zip(node._a, node._da):
                    child.grad += local * upstream
                if node._db is not None:  # made micrograd's way: its own closure
                    node._db()
            else:
                node._a.grad += node._da * upstream
                b.grad += node._db * upstream
    except BaseException:  # stopped half way (Ctrl-C, a closure's error): no node keeps a mark
        _unmark(order)
        raise
    finally:
        for leaf, before in kept.items():
            now = leaf.grad
            leaf.grad = None if leaf._row is NO_GRAD else Value(now) if before is None else before + now
    return len(order)


def _listed_order(root: Value):
    """engine.backward_order's op nodes, each ``.grad`` set to _LISTED; the leaves' gradients set aside.

    Returns (order, kept): kept maps each leaf that had a gradient to it (the
    leaf's .grad is 0.0 meanwhile), to be added back once after the sweep.
    """
    listed: List[Value] = []
    kept: dict = {}
    stack = [root]
    try:
        _list_depth_first(stack, listed, kept)
    except BaseException:  # interrupted (Ctrl-C): every mark goes, every leaf gets back what it had
        _unmark(listed + stack)
        for leaf, before in kept.items():
            leaf.grad = before
        raise
    listed.reverse()
    return listed, kept


def _list_depth_first(stack: list, listed: list, kept: dict) -> None:
    """_listed_order's walk: each node into ``listed`` after all it reaches.

    Three things keep it short, each with the same order as the plain walk:
    an operand already listed is not pushed again (W1's ReLU outputs feed 16
    neurons each: 31,576 pushes for 7,577 nodes before; walk 5.5 -> 4.2 ms);
    a node of one or two operands with nothing left to push is listed at
    once, without the _FINISHED round trip (W5's w*x: walk 19.5 -> 17.9 ms);
    and the walk goes straight on into the first operand to push instead of
    pushing and popping it (W5's chains of adds: 18.8 -> 17.3 ms).
    """
    pop, push, append = stack.pop, stack.append, listed.append
    while stack:
        node = pop()
        if node is _FINISHED:
            append(pop())
            continue
        while True:  # node, then down its first operand still to list, and so on
            a = node._a
            if a is None:  # a leaf: a gradient it has (None, a Value or a number) is kept aside
                if node.grad != 0.0:
                    kept[node], node.grad = node.grad, 0.0
                break
            if node.grad is _LISTED:  # reached twice before it was listed
                break
            node.grad = _LISTED
            # an operand is pushed if it is an op node not listed yet, or a leaf holding a gradient
            b = node._b
            if b is None:
                if a.grad is not _LISTED if a._a is not None else a.grad != 0.0:
                    push(node)
                    push(_FINISHED)
                    node = a
                    continue
                append(node)
                break
            if b is MANY:
                push(node)
                push(_FINISHED)
                for child in reversed(a):  # the first on top
                    if child._a is not None:
                        if child.grad is not _LISTED:
                            push(child)
                    elif child.grad != 0.0:
                        push(child)
                break
            push_b = b.grad is not _LISTED if b._a is not None else b.grad != 0.0
            if a.grad is not _LISTED if a._a is not None else a.grad != 0.0:
                push(node)
                push(_FINISHED)
                if push_b:
                    push(b)
                node = a
                continue
            if push_b:
                push(node)
                push(_FINISHED)
                node = b
                continue
            append(node)
            break


def _unmark(nodes) -> None:
    """Give listed nodes that a sweep did not reach a plain 0.0 gradient again."""
    for node in nodes:
        if node is not _FINISHED and node.grad is _LISTED:
            node.grad = 0.0


# ================================================================ 4. a layer's neurons written out

#: the most inputs a neuron's node is written out for (a longer sum is a deep expression for the
#: compiler); a wider layer's neurons go through fused.linear one by one
WIDEST_WRITTEN_NEURON = 256
_NEURON = """\
def neuron(weights, bias, inputs, x):
    {ws}, = weights
    if {checks}:
        return None
    {xs}, = x
{reads}    node = _new(_Value)
    node.data = {start}{terms}
    node.grad = 0.0
    node.label = ""
    node._row = _row
    node._a = ({ws}, *inputs{bias})
    node._b = _MANY
    node._da = ({xs}, {ds}{one})
    node._db = None
    return node
"""
_neurons: dict = {}


def neuron_maker(n: int, bias: bool, row) -> Optional[Callable]:
    """neuron(weights, bias, inputs, x) -> the ``linear`` node of n Value weights and inputs, written out.

    ``x`` holds the inputs' numbers.  The node fused.linear() makes: the sum
    b + w0·x0 + w1·x1 + ... in that order (Python adds left to right), the
    same operands, local gradients and fields, without a list or a loop per
    neuron (W1 forward 10.9 -> 8.3 ms, with Layer.outputs' one pass).  It
    returns None when a weight is not a Value; ``neuron_maker`` returns None
    beyond WIDEST_WRITTEN_NEURON inputs.  ``neuron.source`` is the code.
    """
    key = (n, bias)
    neuron = _neurons.get(key)
    if neuron is None and 0 < n <= WIDEST_WRITTEN_NEURON:
        names = {v: [f"{v}{i}" for i in range(n)] for v in "wxd"}
        source = _NEURON.format(
            ws=", ".join(names["w"]), xs=", ".join(names["x"]), ds=", ".join(names["d"]),
            checks=" or ".join(f"{w}.__class__ is not _Value" for w in names["w"]),
            reads="".join(f"    d{i} = w{i}.data\n" for i in range(n)),
            start="bias.data" if bias else "0.0", terms="".join(f" + d{i} * x{i}" for i in range(n)),
            bias=", bias" if bias else "", one=", 1.0" if bias else "")
        namespace = {"_Value": Value, "_new": _new, "_row": row, "_MANY": MANY}
        exec(compile(source, "<neuron>", "exec"), namespace)  # noqa: S102 - our names only
        neuron = _neurons[key] = namespace["neuron"]
        neuron.source = source
    return neuron


def maker_for(row, reflected: bool) -> Optional[Callable]:
    """The fast node maker of ``row``, or None where its formulas are not straight-line code."""
    code = row._rules[2]
    if code is None or row.arity not in (1, 2):
        return None
    return node_maker(row, *code, reflected=reflected)


engine.fast.fill_grads = fill_grads if ENABLED else None
