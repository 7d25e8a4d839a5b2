"""compile(): trace a function once into straight-line Python code (a Wengert list).

The eager engine builds a graph of Value objects on every call.  When the
*shape* of that graph does not depend on the numbers (which ops, in which
order), it can be traced once and written out as plain Python over floats:
one line per op for the forward pass, one line per edge for the backward
pass.  The generated code is readable (names from labels, the op table's
symbols in comments), so it doubles as a lesson: this is what backward() does.

    >>> import microgradkr as mg
    >>> f = mg.compile(lambda v: (v[0] * v[1]).tanh(), [0.5, -1.0], names=["a", "b"])
    >>> out, (da, db) = f([0.3, 2.0])
    >>> print(f.source)  # doctest: +SKIP

The trace stays valid while the graph's structure does not depend on the data.
Branches *inside* ops are fine (relu and step look at their input on every
call), but Python control flow in ``fn`` on ``.data`` (``if x.data > 0: ...``)
is frozen at the traced branch: ``verify()`` re-runs ``fn`` eagerly and raises
:class:`TraceMismatch` if the two disagree.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from typing import Callable, Dict, List, Optional, Sequence

from .arithmetic import CODE, OPS, Code, code_namespace
from .backprop import Chain, sweep
from .engine import Value, topological_order
from .floats import ZERO
from .numbers_in import as_float


class TraceMismatch(AssertionError):
    """The compiled code and an eager run of the traced function disagree."""


class CompiledFunction:
    """Straight-line forward + backward code for one traced graph.

    ``f(values)`` returns ``(output, [d output / d input, ...])`` for new input
    numbers.  ``f.backward()`` runs on the traced input Values' current
    ``.data`` and *adds* the gradients into their ``.grad``, like backward()
    (how a model is trained with it).  ``f.source`` is the generated code.
    """

    def __init__(self, fn: Callable, inputs: List[Value], source: str, function: Callable):
        self.fn = fn
        self.inputs = inputs
        self.source = source
        self._function = function

    def __call__(self, values: Sequence) -> tuple:
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise TypeError(f"compile: call with a list of {len(self.inputs)} numbers, got {values!r}")
        if len(values) != len(self.inputs):
            raise ValueError(f"compile: traced with {len(self.inputs)} inputs, called with {len(values)}")
        output, grads = self._function(*[as_float(v, "compile") for v in values])
        return output, list(grads)

    def backward(self) -> float:
        """Compute at the inputs' current ``.data``; add into their ``.grad``; return the output."""
        output, grads = self._function(*[v.data for v in self.inputs])
        for value, g in zip(self.inputs, grads):
            value.grad += g
        return output

    def verify(self, values: Sequence, rtol: float = 0.0) -> bool:
        """Re-run ``fn`` eagerly at ``values``; TraceMismatch if output or gradients differ."""
        output, grads = self(values)
        leaves = [Value(float(v), label=x.label) for v, x in zip(values, self.inputs)]
        eager = self.fn(leaves)
        eager.backward()
        expected = [eager.data] + [leaf.grad for leaf in leaves]
        got = [output] + grads
        for name, e, g in zip(["output"] + [x.label or f"x{i}" for i, x in enumerate(self.inputs)],
                              expected, got):
            if not (e == g or abs(e - g) <= rtol * abs(e) or (e != e and g != g)):
                raise TraceMismatch(
                    f"compile: {name} is {g!r} compiled but {e!r} eagerly: the graph's structure "
                    "depends on the data (Python control flow on .data?); trace again at these inputs")
        return True


def compile(fn: Callable, example_inputs: Sequence, names: Optional[Sequence[str]] = None) -> CompiledFunction:  # noqa: A001
    """Trace ``fn`` (a list of Values → one Value) at ``example_inputs`` into code.

    ``example_inputs`` are numbers (fresh leaves are made, labelled from
    ``names`` or x0, x1, ...) or existing leaf Values (used as they are: pass
    a model's parameters and let ``fn`` use the model).  Every other leaf the
    output depends on is a constant, written into the code as a number.
    """
    if isinstance(example_inputs, (str, bytes)) or not hasattr(example_inputs, "__iter__"):
        raise TypeError(f"compile: example_inputs must be a list of numbers or Values, got {example_inputs!r}")
    example_inputs = list(example_inputs)
    if not callable(fn):
        raise TypeError(f"compile: fn must be a function of a list of Values, got {fn!r}")
    if names is not None:
        if isinstance(names, (str, bytes, dict)) or not hasattr(names, "__iter__"):
            raise TypeError(f"compile: names must be a list of strings, one per input, got {names!r}")
        names = list(names)
        if not all(isinstance(n, str) for n in names):
            raise TypeError(f"compile: names must be strings, got {names!r}")
        if len(names) != len(example_inputs):
            raise ValueError(f"compile: {len(names)} names for {len(example_inputs)} inputs")
    inputs = []
    for i, x in enumerate(example_inputs):
        if isinstance(x, Value):
            if x.children:
                raise ValueError(f"compile: input {i} ({x!r}) was computed by an op; inputs must be leaves")
            inputs.append(x)
        else:
            inputs.append(Value(as_float(x, "compile"), label=names[i] if names else f"x{i}"))
    if len(set(map(id, inputs))) != len(inputs):
        raise ValueError("compile: the same Value is given twice as an input")
    output = fn(inputs)
    if not isinstance(output, Value):
        raise TypeError(f"compile: fn must return a Value, got {output!r} ({type(output).__name__})")
    source, codes = _write_source(output, inputs)
    namespace: Dict[str, object] = code_namespace(*codes)
    exec(builtins.compile(source, "<microgradkr.compile>", "exec"), namespace)  # noqa: S102 - our own code
    # taken out of its own globals, so a dropped compiled function is freed by
    # reference counting alone (no function <-> namespace cycle)
    function = namespace.pop("forward_backward")
    _warm_up(function, [x.data for x in inputs])
    return CompiledFunction(fn, inputs, source, function)


#: CPython 3.11 specialises a function's bytecode only from its 9th call on
_WARM_UP_CALLS = 8


def _warm_up(function: Callable, values: list) -> None:
    """Run a new function a few times, so the caller's first calls are already fast.

    Generated code runs each line once per call, so its unspecialised first
    calls are as slow as they look: W1's compiled step took 3.2 ms for its
    first 8 calls and 2.3 ms after (CPython 3.11).  The function is pure
    (numbers in, numbers out), so calling it changes nothing else.
    """
    for _ in range(_WARM_UP_CALLS):
        function(*values)


# ---------------------------------------------------------------- code writing

class _Names:
    """Readable, unique Python identifiers from labels (Hangul is fine in Python 3).

    Python reads identifiers in NFKC form ("ﬁ" is "fi", "Ｘ" is "X", "x²" is
    "x2"), so names are made in that form: two labels that Python would read
    as one name get two names, and a label no identifier can hold falls back
    to a made-up name.
    """

    def __init__(self):
        # the code's own names, and every op's (a formula may call a built-in by its name)
        self.taken = set(code_namespace()) | set(OPS) | {"forward_backward", "ZERO"}

    def make(self, label: str, fallback: str) -> str:
        base = re.sub(r"\W+", "_", unicodedata.normalize("NFKC", label)).strip("_")
        if base and (base[0].isdigit() or keyword.iskeyword(base)):
            base = f"v_{base}"  # '2nd' or 'lambda' cannot stand alone as a name
        if not base.isidentifier() or unicodedata.normalize("NFKC", base) != base:
            base = fallback
        name, k = base, 1
        while name in self.taken or ("d_" + name) in self.taken or name.startswith("_t"):
            k += 1
            name = f"{base}_{k}"
        self.taken.update((name, "d_" + name))
        return name


def _comment(text: str) -> str:
    """An op's names for a comment line: letters, digits, symbols and spaces only.

    A line break (or any control character) in a learner's ``ko`` name would
    end the comment and start code; nothing but these characters is kept.
    """
    kept = "".join(c if unicodedata.category(c)[0] in "LNSP" else " " for c in text)
    return " ".join(kept.split())


def _write_source(output: Value, inputs: List[Value]):
    """The code of forward_backward, and the Code pieces it is made of (for their bound names)."""
    order = topological_order(output)
    codes: List[Code] = []
    names = _Names()
    name: Dict[Value, Code] = {}
    for i, x in enumerate(inputs):
        name[x] = Code(names.make(x.label, f"x{i}"))
    # which nodes depend on an input: only their gradients are worth computing
    needs_grad = set(inputs)
    for k, node in enumerate(order):
        if node in name:
            continue
        if not node.children:
            name[node] = Code.of(node.data)  # a constant leaf: written as its number
        else:
            name[node] = Code(names.make(node.label, f"v{k}"))
            if any(c in needs_grad for c in node.children):
                needs_grad.add(node)

    header = ", ".join(name[x].text for x in inputs)
    lines = [f"def forward_backward({header}):", "    # 순전파 (forward pass): one line per op"]
    for node in order:
        if not node.children:
            continue
        row = node.operation
        forward = Code.of(row.op.forward(CODE, *[name[c] for c in node.children], **row.params))
        codes.append(forward)
        note = _comment(row.ko if row.symbol in row.ko else f"{row.symbol} {row.ko}")
        lines.extend(f"    {line}" for line in forward.prelude)
        lines.append(f"    {name[node].text} = {forward.text}  # {note}")

    lines.append("    # 역전파 (backward pass): one line per edge, local gradient × upstream")
    if output in needs_grad:
        lines.append(f"    d_{name[output].text} = 1.0")
    assigned = _write_backward(output, name, needs_grad, lines, codes)
    # 0.0 + g, as backward() adds each leaf's gradient to its 0.0: a -0.0 comes out 0.0 in both
    grads = ", ".join(f"0.0 + d_{name[x].text}" if x in assigned else "0.0" for x in inputs)
    lines.append(f"    return {name[output].text}, ({grads}{',' if len(inputs) == 1 else ''})")
    return "\n".join(lines) + "\n", codes


def _write_backward(output: Value, name: Dict[Value, Code], needs_grad: set, lines: List[str],
                    codes: List[Code]) -> set:
    """The backward lines: the engine's own sweep, run on code instead of floats.

    Each edge becomes ``d_child = local * d_node`` (``+=`` when the child was
    reached before), in the order backward() adds them, so the compiled
    gradients equal the eager ones bit for bit.  Returns the nodes given a
    gradient.
    """
    assigned = {output} if output in needs_grad else set()

    def local_grads(node):
        row = node.operation
        return tuple(row.op.local_grads(CODE, name[node], *[name[c] for c in node.children], **row.params))

    def write_edges(node, upstream, edges, grads):
        for _position, child, _local, share, _total in edges:
            if child not in needs_grad:
                continue
            share = Code.of(share)
            codes.append(share)
            lines.extend(f"    {line}" for line in share.prelude)
            lines.append(f"    d_{name[child].text} {'+=' if child in assigned else '='} {share.text}")
            assigned.add(child)
            grads[child] = Code(f"d_{name[child].text}")  # its gradient, by name, from now on

    chain = Chain(_code_times, plus=lambda old, share: old, local_grads=local_grads)
    sweep(output, Code(f"d_{name[output].text}"), chain, write_edges)
    return assigned


def _code_times(local, upstream: Code) -> Code:
    """local × upstream as code, written as simply as it computes, bit for bit.

    1.0 × g is g; a structural zero × g is 0.0 (relu below 0: no call to
    StructuralZero.__mul__ per dead unit, a third of a training step's time);
    a choice between such constants multiplies in each branch
    (``(0.0 if v <= 0.0 else d_out)``).
    """
    if isinstance(local, Code):
        if local.choice is not None:
            cond, a, b = local.choice
            if not isinstance(a, Code) and not isinstance(b, Code):
                return CODE.select(cond, _code_times(a, upstream), _code_times(b, upstream))
        return local * upstream
    if local is ZERO:
        return Code("0.0")
    if type(local) in (float, int) and local == 1.0:
        return upstream
    return Code.of(local) * upstream