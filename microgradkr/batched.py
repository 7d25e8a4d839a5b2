"""The batched compiled mode: one traced step run over a whole batch at once, on numpy arrays.

``compile(fn, inputs, sample=[...])`` traces ``fn(inputs, sample)`` (the loss
of ONE sample) at an example sample, then runs that trace for every sample of
a batch together: each traced number becomes a row of numbers, one per
sample (or a single number, when it is the same for every sample), and the
batch's loss is the mean (or sum) over the samples::

    >>> import microgradkr as mg
    >>> model = mg.MLP(2, [16, 16, 1], seed=0)
    >>> def sample_loss(params, s):            # s = [x0, x1, target]
    ...     return (1 + -s[2] * model(s[:2])).relu()
    >>> step = mg.compile(sample_loss, model.parameters(), sample=[0.5, -0.5, 1.0])
    >>> loss = step.backward([[0.1, 0.2, 1.0], [0.3, -0.4, -1.0]])  # doctest: +SKIP

What is grouped, so that numpy does the work in few calls:

- the nodes of a layer: nodes of the same op with the same parameters, at the
  same depth, whose operands come from the same kind of column (per sample, or
  shared by all samples), run as one array op over (samples × neurons);
- a layer's weighted sums that share their inputs (the fused ``linear`` nodes
  a Layer makes, or ``b + Σ wᵢ·xᵢ`` written micrograd's way, a chain of ``+``
  over ``*``) run as ONE matrix product, W (neurons × inputs) @ X (inputs × samples);
- other sums of products (an L2 term ``sum(p * p for p in params)``) as one
  multiply and one sum over the gathered terms.

Each batch size gets its arrays once (values and gradients, every step bound
to views of its rows) and reuses them on every call of that size; what a call
returns is copied out, so a result kept from an earlier call never changes.

Everything is data: the plan is a list of steps holding column numbers, and
no text (a label, an op's name, a parameter) ever becomes code.  An op whose
formulas cannot run on arrays (a Python ``if`` on an operand) is computed one
element at a time with its float rule, which is slower but exact.

The gradients are the eager engine's, summed over the batch, up to rounding:
numpy adds in another order than ``backward()`` does (a matrix product sums
its terms its own way), so they agree to about 1e-12 relative, not bit for
bit.  Numpy is an optional extra: ``pip install 'microgradkr[batch]'``.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence

from .engine import Value, topological_order
from .floats import ZERO, Reciprocal
from .messages import message
from .numbers_in import as_float, short_repr
from .ops import ADD, LINEAR, MUL, SUM

BATCHED, SHARED = 0, 1  # the two kinds of row: one number per sample, or one for the whole batch
_KIND_NAMES = ("per sample", "shared")


def needs_numpy():
    """numpy, or an ImportError (Korean and English) that names the extra to install."""
    try:
        import numpy
    except ImportError:
        raise ImportError(message("batch_needs_numpy")) from None
    return numpy


class BatchedFunction:
    """One traced sample loss, run over a batch: ``f(values, batch)`` and ``f.backward(batch)``.

    ``f(values, batch)`` gives ``(loss, [d loss / d input, ...])`` at input
    numbers ``values``; ``f.backward(batch)`` computes at the inputs' current
    ``.data``, *adds* the gradients into their ``.grad`` (as backward() does)
    and returns the loss.  ``batch`` holds one row per sample, each as long as
    the example sample (a list of lists or a 2-D array).  The loss is the mean
    over the samples (``reduction='sum'``: their sum).  ``f.outputs`` holds,
    after a call, the per-sample numbers ``fn`` returned besides the loss (one
    row per sample), and ``f.summary()`` says how the trace was grouped.
    """

    def __init__(self, fn: Callable, inputs: List[Value], plan: "_Plan", reduction: str):
        self.fn = fn
        self.inputs = inputs
        self.reduction = reduction
        self._plan = plan
        self.outputs = None

    def __call__(self, values: Sequence, batch) -> tuple:
        np = needs_numpy()
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise TypeError(message("batch_bad_values", count=len(self.inputs), value=short_repr(values)))
        if len(values) != len(self.inputs):
            raise ValueError(message("batch_values_count", count=len(self.inputs), got=len(values)))
        try:
            numbers = np.asarray(values, dtype=float).reshape(len(self.inputs))
        except (TypeError, ValueError):
            raise TypeError(message("batch_bad_values", count=len(self.inputs), value=short_repr(values))) from None
        plan = self._plan
        space = plan.space(self._checked_batch(batch))
        space.shared[plan.input_columns, 0] = numbers
        loss, self.outputs = plan.run(space, self.reduction)
        return loss, space.shared_grads[plan.input_columns, 0].tolist()  # a copy: the space is reused

    def backward(self, batch) -> float:
        """Compute at the inputs' current ``.data``; add into their ``.grad``; return the batch's loss."""
        plan = self._plan
        space = plan.space(self._checked_batch(batch))
        start, stop = plan.input_rows
        space.shared[start:stop, 0] = [value.data for value in plan.inputs_by_row]
        loss, self.outputs = plan.run(space, self.reduction)
        for value, g in zip(plan.inputs_by_row, space.shared_grads[start:stop, 0].tolist()):
            value.grad += g  # each distinct input once, even when ``inputs`` names it twice
        return loss

    def summary(self) -> List[str]:
        """One line per step of the plan: what each numpy call computes (the groups made)."""
        return [step.describe() for step in self._plan.steps]

    def _checked_batch(self, batch):
        np = needs_numpy()
        width = self._plan.sample_width
        try:
            rows = np.asarray(batch, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(message("batch_bad_batch", width=width, value=short_repr(batch))) from None
        if rows.ndim == 1 and width == 1:
            rows = rows.reshape(-1, 1)
        if rows.ndim != 2 or rows.shape[1] != width:
            raise ValueError(message("batch_shape", width=width, shape=tuple(rows.shape)))
        if rows.shape[0] == 0:
            raise ValueError(message("empty", what="compile: batch"))
        return rows


def compile_batched(fn: Callable, inputs: List[Value], sample: Sequence, reduction: str = "mean",
                    names: Optional[Sequence[str]] = None) -> BatchedFunction:
    """Trace ``fn(inputs, sample_values)`` once; the plan that runs it for a whole batch (see the module)."""
    np = needs_numpy()
    if reduction not in ("mean", "sum"):
        raise ValueError(message("batch_reduction", value=short_repr(reduction)))
    if isinstance(sample, (str, bytes)) or not hasattr(sample, "__iter__"):
        raise TypeError(message("batch_bad_sample", value=short_repr(sample)))
    sample = list(sample)
    if not sample:
        raise ValueError(message("empty", what="compile: sample"))
    leaves = [Value(as_float(s, "compile"), label=f"s{i}") for i, s in enumerate(sample)]
    result = fn(inputs, leaves)
    loss, extra = result if isinstance(result, tuple) and len(result) == 2 else (result, ())
    extra = [extra] if isinstance(extra, Value) else list(extra)
    for value in (loss, *extra):
        if not isinstance(value, Value):
            raise TypeError(message("batch_result", value=short_repr(value), type=type(value).__name__))
    return BatchedFunction(fn, inputs, _Plan(np, inputs, leaves, loss, extra), reduction)


# ---------------------------------------------------------------- the trace as terms and groups

class _Dot:
    """``Σ a·b`` over ``terms`` (a summand is a term ``(x, ONE)``): a flattened chain of + over *."""

    __slots__ = ("terms", "node")

    def __init__(self, node: Value, terms: list):
        self.node, self.terms = node, terms


def _ordered(roots: Sequence[Value]) -> List[Value]:
    """Every node below ``roots``, each after its operands."""
    order, seen = [], set()
    for root in roots:
        for node in topological_order(root):
            if node not in seen:
                seen.add(node)
                order.append(node)
    return order


class _Plan:
    """The steps that run one trace over a batch: column numbers and numpy calls, no code."""

    def __init__(self, np, inputs: List[Value], sample: List[Value], loss: Value, extra: List[Value]):
        from . import arrays  # numpy is there (needs_numpy): the arrays reading can be loaded
        self.np, self.arrays = np, arrays
        self.sample_width = len(sample)
        order = _ordered([loss, *extra])
        # each node's operands, read once (Value.children makes a tuple on every read)
        self.kids = kids = {node: node.children for node in order}
        for node in order:
            if kids[node] and node.local_grads[0] is None:
                raise ValueError(message("batch_closure_op", op=node._op or "?"))
        self.kind: Dict[Value, int] = {}
        self.column: Dict[Value, int] = {}
        widths = [0, 0]
        self._shared_numbers: List[float] = []
        self._constants: Dict[str, int] = {}
        self._fixed: set = set()  # the constant leaves (not inputs, not samples)

        def place(node, kind):
            self.kind[node], self.column[node] = kind, widths[kind]
            widths[kind] += 1
            if kind == SHARED:
                self._shared_numbers.append(node.data)

        for leaf in sample:
            place(leaf, BATCHED)
        for x in inputs:  # placed after grouping, in the order the layers read them
            self.kind[x] = SHARED
        self._widths = widths
        self.one = self.constant(1.0)
        for node in order:
            if node not in self.kind and not kids[node]:
                place(node, SHARED)  # a constant leaf: its number, fixed
                self._fixed.add(node)
        for node in order:  # an op node is per sample as soon as one operand is
            if kids[node] and node not in self.kind:
                self.kind[node] = BATCHED if any(self.kind[c] == BATCHED for c in kids[node]) else SHARED
        # only what depends on an input needs a gradient (not the samples, not the constants)
        self.needs_grad = set(inputs)
        for node in order:
            if kids[node] and any(c in self.needs_grad for c in kids[node]):
                self.needs_grad.add(node)

        groups = self._groups(_flatten(order, self, {loss, *extra}))
        self._place_inputs(inputs, groups, place)
        self.input_columns = np.array([self.column[x] for x in inputs], dtype=np.intp)
        # the inputs hold one run of shared rows (placed together): read and written as one slice
        self.inputs_by_row = sorted(set(inputs), key=self.column.__getitem__)
        first = self.column[self.inputs_by_row[0]] if inputs else 0
        self.input_rows = (first, first + len(self.inputs_by_row))
        assert [self.column[x] for x in self.inputs_by_row] == list(range(*self.input_rows))
        self.steps = []
        for key, members in groups:
            nodes = [m.node if isinstance(m, _Dot) else m for m in members]
            kind = self.kind[nodes[0]]
            for node in nodes:
                place(node, kind)
            self.steps.append(self._step(key[1], members, kind, _Columns(np, [self.column[n] for n in nodes])))
        self.widths = tuple(widths)
        self.shared_start = np.array(self._shared_numbers, dtype=float).reshape(-1, 1)
        self.loss = (self.kind[loss], self.column[loss])
        self.extra = [(self.kind[v], self.column[v]) for v in extra]
        self._spaces: Dict[int, _Space] = {}

    def constant(self, number: float) -> Value:
        """A shared column holding ``number`` (one per distinct float)."""
        key = float(number).hex()
        node = self._constants.get(key)
        if node is None:
            node = self._constants[key] = Value(float(number))
            self.kind[node], self.column[node] = SHARED, self._widths[SHARED]
            self._widths[SHARED] += 1
            self._shared_numbers.append(float(number))
        return node

    # ---- grouping: one numpy call for many nodes
    def _groups(self, items) -> list:
        """[(key, members)]: nodes that run as one numpy call, in an order that computes operands first.

        Members share a depth (1 + the deepest operand's), so no member needs another's result.
        """
        depth: Dict[Value, int] = {}
        groups: Dict[tuple, list] = {}
        for item in items:
            node = item.node if isinstance(item, _Dot) else item
            operands = ([v for pair in item.terms for v in pair] if isinstance(item, _Dot) else self.kids[node])
            depth[node] = 1 + max((depth.get(v, 0) for v in operands), default=0)
            groups.setdefault((depth[node], *self._key(item)), []).append(item)
        # dict order within a depth: first met, first run
        return [(key, groups[key]) for key in sorted(groups, key=lambda k: k[0])]

    def _place_inputs(self, inputs, groups, place) -> None:
        """The inputs' rows: each layer's weight matrix, then its biases, in one run of rows.

        Then a matrix product reads its weights as a view (no gathering copy).
        """
        waiting = set(inputs)

        def take(node):
            if node in waiting:
                waiting.discard(node)
                place(node, SHARED)

        for key, members in groups:
            if key[1] == "dense":
                shapes = [_dense_shape(m, self.kind, self.one) for m in members]
                for weights, _, _ in shapes:
                    for w in weights:
                        take(w)
                for _, _, bias in shapes:
                    if bias is not None:
                        take(bias)
        for x in inputs:
            take(x)

    def _key(self, item) -> tuple:
        kind = self.kind
        if isinstance(item, _Dot):
            shape = _dense_shape(item, kind, self.one)
            if shape is not None:
                weights, xs, bias = shape
                return ("dense", tuple(map(id, xs)), bias is not None)
            return ("dot", len(item.terms), kind[item.terms[0][0]], kind[item.terms[0][1]])
        row = item.operation
        try:
            params = tuple(sorted(row.params.items()))
            hash(params)
        except TypeError:
            params = id(row)
        return ("op", row.op, params, tuple(kind[c] for c in self.kids[item]), kind[item])

    def _step(self, what: str, members, kind: int, out: "_Columns"):
        np, column, kinds, needed = self.np, self.column, self.kind, self.needs_grad

        def columns(nodes):  # their rows, and whether any of them needs a gradient
            rows = _Columns(np, [[column[v] for v in group] for group in nodes] if isinstance(nodes[0], list)
                            else [column[v] for v in nodes])
            rows.needed = any(v in needed for group in nodes for v in (group if isinstance(group, list) else [group]))
            return rows

        if what == "dense":
            shapes = [_dense_shape(m, kinds, self.one) for m in members]
            bias = columns([s[2] for s in shapes]) if shapes[0][2] is not None else None
            return _Dense(np, out, columns(shapes[0][1]), columns([s[0] for s in shapes]), bias)
        if what == "dot":
            terms = [self._dot_terms(m.terms) for m in members]
            a_kind, b_kind = kinds[terms[0][0][0]], kinds[terms[0][0][1]]
            a = columns([[u for u, _ in t] for t in terms])
            b = columns([[v for _, v in t] for t in terms])
            return _DotStep(np, out, kind, a_kind, a, b_kind, b)
        row = members[0].operation
        kids = self.kids
        operands = [(kinds[c], columns([kids[m][p] for m in members]))
                    for p, c in enumerate(kids[members[0]])]
        step = _Elementwise(np, self.arrays, row, out, kind, operands)
        if not step.agrees_with(members[0]):
            step = _PerElement(np, row, out, kind, operands)
        return step

    def _dot_terms(self, terms) -> list:
        """A sum's terms in the order of their rows (so they are read as views), a 0 summand dropped.

        Python's ``sum`` starts from 0: that term adds nothing.  The order of
        the terms changes the rounding only, which numpy's sum changes anyway.
        """
        zero = [(a, b) for a, b in terms if b is self.one and a in self._fixed and a.data == 0.0]
        kept = [t for t in _normal_terms(terms, self.kind) if t not in zero] or terms
        return sorted(kept, key=lambda t: (self.column[t[0]], self.column[t[1]]))

    # ---- running
    def space(self, batch) -> "_Space":
        """The arrays for a batch of this many samples (made once, reused), the batch's numbers put in."""
        rows = batch.shape[0]
        space = self._spaces.get(rows)
        if space is None:
            if len(self._spaces) >= MAX_SPACES:  # a few batch sizes kept (a last, smaller mini-batch...)
                del self._spaces[next(iter(self._spaces))]
            space = self._spaces[rows] = _Space(self, rows)
        space.batched[:self.sample_width] = batch.T
        return space

    def run(self, space: "_Space", reduction: str) -> tuple:
        """(the batch's loss, the extra outputs): forward and backward in ``space``, its inputs put in."""
        np = self.np
        rows = space.rows
        space.batched_grads.fill(0.0)
        space.shared_grads.fill(0.0)
        with np.errstate(all="ignore"):
            for forward in space.forwards:
                forward()
            kind, col = self.loss
            losses = space.values[kind][col]
            count = rows if kind == BATCHED else 1  # a loss shared by every sample counts once per sample
            total = float(losses.sum()) * (rows // count)
            seed = 1.0 if reduction == "sum" else 1.0 / rows
            loss = total if reduction == "sum" else total / rows
            space.grads[kind][col] = seed * (rows // count)
            for backward in space.backwards:
                backward()
        outputs = None
        if self.extra:  # new arrays: nothing the user keeps is a view of the reused space
            outputs = np.column_stack([np.broadcast_to(space.values[k][c], (rows,)) for k, c in self.extra])
        return loss, outputs


#: at most this many batch sizes keep their arrays between calls
MAX_SPACES = 4


class _Space:
    """The arrays one batch size runs in, made once and reused by every call of that size.

    One row per traced number, one column per sample (a shared number has one
    column); each step is bound to views of its rows here once, so a call only
    runs numpy, without finding rows again.  A call overwrites the previous
    call's numbers: what a call returns is copied out (so, one call at a time:
    not for two threads at once).
    """

    def __init__(self, plan: _Plan, rows: int):
        np = plan.np
        self.rows = rows
        self.batched = np.empty((plan.widths[BATCHED], rows))
        self.shared = plan.shared_start.copy()  # the constants' numbers stay; the inputs are put in per call
        self.batched_grads, self.shared_grads = np.zeros_like(self.batched), np.zeros_like(self.shared)
        self.values, self.grads = (self.batched, self.shared), (self.batched_grads, self.shared_grads)
        # bound in the order backward runs, so a step knows which gradient rows nothing wrote before it
        written = (np.zeros(plan.widths[BATCHED], dtype=bool), np.zeros(plan.widths[SHARED], dtype=bool))
        written[plan.loss[0]][plan.loss[1]] = True  # the seed
        bound = [step.bind(self.values, self.grads, written) for step in reversed(plan.steps)]
        self.forwards = [forward for forward, _ in reversed(bound)]
        self.backwards = [backward for _, backward in bound if backward is not None]


def _flatten(order: List[Value], plan: _Plan, kept: set) -> list:
    """The trace's op nodes, with chains of + over * (and sum, linear nodes) as one _Dot each.

    A chain is followed down through + and sum nodes used only once (their
    partial sums are needed by nothing else); a product used only once becomes
    a term.  A chain is kept as a _Dot only when numpy can run it in one go: a
    layer's weighted sum (shared weights × per-sample inputs, at most one
    shared bias) or terms all of one kind on each side.  Otherwise its nodes
    stay as they are, each an op of its own.
    """
    kids = plan.kids
    uses: Dict[Value, int] = {}
    for node in order:
        for child in plan.kids[node]:
            uses[child] = uses.get(child, 0) + 1
    for node in kept:
        uses[node] = uses.get(node, 0) + 2  # an output is never folded into another node

    def single(node, ops) -> bool:
        return uses.get(node, 0) == 1 and bool(kids[node]) and node.operation.op in ops

    absorbed, items = set(), []
    for node in reversed(order):
        if not kids[node] or node in absorbed:
            continue
        terms = _terms(node, single, plan)
        if terms is not None:
            terms, inner = terms
            dot = _Dot(node, terms)
            if (inner or node.operation.op is not ADD) and (
                    _dense_shape(dot, plan.kind, plan.one) is not None or _uniform(terms, plan.kind)):
                items.append(dot)
                absorbed.update(inner)
                continue
        items.append(node)
    items.reverse()
    return items


def _terms(node: Value, single, plan: _Plan):
    """(terms, nodes folded in) of an add, sum or linear node as Σ a·b; None for other ops."""
    row = node.operation
    op = row.op
    if op is LINEAR:
        children, params = plan.kids[node], row.params
        n = len(children) - params["bias"]
        if params["paired"]:
            terms = list(zip(children[:n // 2], children[n // 2:n]))
        else:
            terms = [(c, plan.constant(f)) for c, f in zip(children[:n], params["folded"])]
        if params["bias"]:
            terms.append((children[-1], plan.one))
        return terms, []
    if op not in (ADD, SUM):
        return None
    terms, inner, stack = [], [], [node]
    while stack:  # left to right: a chain (((b + t0) + t1) + t2) gives b, t0, t1, t2
        current = stack.pop()
        if current is not node:
            inner.append(current)
        if current.operation.op is SUM and current.operation.params.get("layout"):
            parts = iter(plan.kids[current])
            operands = [next(parts) if item is None else plan.constant(item)
                        for item in current.operation.params["layout"]]
        else:
            operands = list(plan.kids[current])
        for child in reversed(operands):
            if single(child, (ADD, SUM)):
                stack.append(child)
            elif single(child, (MUL,)):
                inner.append(child)
                stack.append(("term", plan.kids[child]))
            else:
                stack.append(("term", (child, plan.one)))
        while stack and isinstance(stack[-1], tuple):
            terms.append(stack.pop()[1])
    return terms, inner


def _dense_shape(dot: _Dot, kind, one):
    """(weights, inputs, bias) when ``dot`` is a layer's weighted sum: shared wᵢ × per-sample xᵢ (+ b)."""
    weights, xs, bias = [], [], None
    for a, b in dot.terms:
        if b is one and kind[a] == SHARED and bias is None:
            bias = a
        elif kind[a] == SHARED and kind[b] == BATCHED:
            weights.append(a)
            xs.append(b)
        elif kind[b] == SHARED and kind[a] == BATCHED:
            weights.append(b)
            xs.append(a)
        else:
            return None
    return (weights, xs, bias) if xs else None


def _normal_terms(terms, kind) -> list:
    """Each term with its shared factor first when the two factors differ in kind."""
    return [(b, a) if kind[a] == BATCHED and kind[b] == SHARED else (a, b) for a, b in terms]


def _uniform(terms, kind) -> bool:
    terms = _normal_terms(terms, kind)
    return (len({kind[a] for a, _ in terms}) == 1 and len({kind[b] for _, b in terms}) == 1)


# ---------------------------------------------------------------- the steps

class _Columns:
    """Rows of a values matrix (one row per traced number): a slice when they run in order, else an index."""

    def __init__(self, np, rows):
        index = np.asarray(rows, dtype=np.intp)
        self.np, self.count, self.shape = np, index.shape[0], index.shape
        flat = index.ravel()
        self.needed = True  # whether a gradient must be passed back to these rows
        if flat.size and bool((np.diff(flat) == 1).all()):  # a run of rows: a view, no copy
            self.index, self.unique = slice(int(flat[0]), int(flat[-1]) + 1), True
        else:
            self.index, self.unique = index, np.unique(flat).size == flat.size

    def take(self, matrix):
        rows = matrix[self.index]
        if len(self.shape) > 1 and isinstance(self.index, slice):
            rows = rows.reshape(*self.shape, matrix.shape[1])
        return rows

    def matrix(self, shared):
        """A 2-D index's numbers from the shared column, as a (k, n) matrix (a weight matrix)."""
        if isinstance(self.index, slice):
            return shared[self.index].reshape(self.shape)
        return shared[self.index, 0]

    def reader(self, matrix, as_matrix: bool = False) -> Callable:
        """A call giving these rows of ``matrix`` (``as_matrix``: as ``matrix()`` does): a view made once, when
        the rows run in order, else gathered anew per call (the numbers change between calls)."""
        take = self.matrix if as_matrix else self.take
        if isinstance(self.index, slice):
            view = take(matrix)
            return lambda: view
        return lambda: take(matrix)

    def fresh(self, written) -> bool:
        """Whether nothing before wrote these gradient rows (``written``: the rows written so far, then these too).

        Then a step may write its shares there itself (a matrix product's ``out=``):
        the rows hold 0, so that is the same as adding, one numpy call less.
        """
        fresh = self.unique and isinstance(self.index, slice) and not written[self.index].any()
        written[self.index] = True
        return fresh

    def adder(self, grads, written, as_matrix: bool = False) -> Callable:
        """A call ``add(shares)``: ``grads`` at these rows += shares, as ``add`` (``add_matrix``) does, bound once."""
        written[self.index] = True
        if not (self.unique and isinstance(self.index, slice)):
            if as_matrix:
                return lambda shares: self.add_matrix(grads, shares)
            return lambda shares: self.add(grads, shares)
        view = self.matrix(grads) if as_matrix else self.take(grads)  # a view: adding into it writes grads
        width, plus = grads.shape[1], self.np.add

        def add(shares):
            if not as_matrix and shares.shape[-1] != width:  # per-sample shares into a shared row: their sum
                shares = shares.sum(axis=-1, keepdims=True)
            plus(view, shares, out=view)
        return add

    def put(self, matrix, numbers) -> None:
        matrix[self.index] = numbers

    def add_matrix(self, shared_grads, shares) -> None:
        """The shared column's gradients at a 2-D index += a (k, n) matrix of shares."""
        if isinstance(self.index, slice):
            shared_grads[self.index] += shares.reshape(-1, 1)
        else:
            self.np.add.at(shared_grads, (self.index, 0), shares)

    def add(self, grads, shares) -> None:
        """grads[rows] += shares; a shared number gets the sum over the batch; repeated rows add up."""
        if shares.shape[-1] != grads.shape[-1]:
            shares = shares.sum(axis=-1, keepdims=True)
        if self.unique:
            if len(self.shape) > 1 and isinstance(self.index, slice):
                shares = shares.reshape(-1, grads.shape[1])
            grads[self.index] += shares
        else:
            self.np.add.at(grads, self.index, shares)


class _Dense:
    """A layer's weighted sums sharing their inputs: Z = W @ X (+ b), one matrix product."""

    def __init__(self, np, out, xs, weights, bias):
        self.np, self.out, self.xs, self.weights, self.bias = np, out, xs, weights, bias

    def describe(self) -> str:
        return (f"dense: {self.out.count} weighted sums of {self.xs.count} inputs as one matrix product"
                + (" + bias" if self.bias is not None else ""))

    def bind(self, values, grads, written) -> tuple:
        """(forward, backward): calls that run this step in ``values`` and ``grads``, their views made once."""
        np = self.np
        z, upstream = values[BATCHED][self.out.index], grads[BATCHED][self.out.index]
        weights = self.weights.reader(values[SHARED], as_matrix=True)
        xs = self.xs.reader(values[BATCHED])
        bias = self.bias.reader(values[SHARED]) if self.bias is not None else None
        matmul, add = np.matmul, np.add

        def forward():
            matmul(weights(), xs(), out=z)
            if bias is not None:
                add(z, bias(), out=z)

        passes = []  # each a matrix product (a sum) written into its gradient rows where nothing else wrote yet
        if self.xs.needed:  # not for a first layer: its inputs are the samples
            if self.xs.fresh(written[BATCHED]):
                xs_grads = self.xs.take(grads[BATCHED])
                passes.append(lambda: matmul(weights().T, upstream, out=xs_grads))
            else:
                add_xs = self.xs.adder(grads[BATCHED], written[BATCHED])
                passes.append(lambda: add_xs(weights().T @ upstream))
        if self.weights.needed:
            if self.weights.fresh(written[SHARED]):
                weight_grads = self.weights.matrix(grads[SHARED])
                passes.append(lambda: matmul(upstream, xs().T, out=weight_grads))
            else:
                add_weights = self.weights.adder(grads[SHARED], written[SHARED], as_matrix=True)
                passes.append(lambda: add_weights(upstream @ xs().T))
        if self.bias is not None and self.bias.needed:
            if self.bias.fresh(written[SHARED]):
                bias_grads = self.bias.take(grads[SHARED])
                passes.append(lambda: upstream.sum(axis=1, keepdims=True, out=bias_grads))
            else:
                add_bias = self.bias.adder(grads[SHARED], written[SHARED])
                passes.append(lambda: add_bias(upstream.sum(axis=1, keepdims=True)))
        return forward, _in_turn(passes)



class _DotStep:
    """Sums of products Σ aᵢ·bᵢ, one per member: one multiply and one sum over the gathered terms."""

    def __init__(self, np, out, kind, a_kind, a, b_kind, b):
        self.out, self.kind, self.a_kind, self.a, self.b_kind, self.b = out, kind, a_kind, a, b_kind, b
        # Σ xᵢ·xᵢ (an L2 term, p * p): the numbers read once, the two shares passed as one
        self.squares = a_kind == b_kind and _same_rows(np, a, b)

    def describe(self) -> str:
        return (f"sum of {'squares' if self.squares else 'products'}: {self.out.count} × Σ of {self.a.shape[1]} "
                f"terms ({_KIND_NAMES[self.a_kind]} × {_KIND_NAMES[self.b_kind]})")

    def bind(self, values, grads, written) -> tuple:
        """(forward, backward), as _Dense.bind."""
        out, upstream = self.out.take(values[self.kind]), self.out.take(grads[self.kind])[:, None, :]
        a, b = self.a.reader(values[self.a_kind]), self.b.reader(values[self.b_kind])

        if self.squares:  # one read; d(x·x)/dx passed as x·g + x·g, as the eager engine's two edges give it
            def forward():
                x = a()
                out[...] = (x * x).sum(axis=1)

            if not self.a.needed:
                return forward, None
            add_a = self.a.adder(grads[self.a_kind], written[self.a_kind])

            def backward():
                share = upstream * a()
                add_a(share + share)
            return forward, backward

        def forward():
            out[...] = (a() * b()).sum(axis=1)

        passes = []
        if self.a.needed:
            add_a = self.a.adder(grads[self.a_kind], written[self.a_kind])
            passes.append(lambda: add_a(upstream * b()))
        if self.b.needed:
            add_b = self.b.adder(grads[self.b_kind], written[self.b_kind])
            passes.append(lambda: add_b(upstream * a()))
        return forward, _in_turn(passes)



def _same_rows(np, a: "_Columns", b: "_Columns") -> bool:
    """Whether two row selections read the same rows in the same order."""
    a_run, b_run = isinstance(a.index, slice), isinstance(b.index, slice)
    if a_run or b_run:
        return a_run and b_run and a.index == b.index and a.shape == b.shape
    return a.index.shape == b.index.shape and bool(np.array_equal(a.index, b.index))


class _Elementwise:
    """One op over many nodes at once: its formulas read on arrays (samples × nodes)."""

    def __init__(self, np, arrays, row, out, kind, operands):
        self.np, self.arrays, self.row, self.out, self.kind, self.operands = np, arrays, row, out, kind, operands
        self.params = row.params
        # what each call reads, looked up once: the formulas, and each operand's (kind, rows)
        self._forward, self._local_grads = row.op.forward, row.op.local_grads
        self._passes = [(kind, columns) for kind, columns in operands if columns.needed]

    def describe(self) -> str:
        return f"{self.row.name}: {self.out.count} node{'s' if self.out.count != 1 else ''} in one array op"

    def _formulas(self, xs, out=None):
        arrays = self.arrays.ARRAYS
        if out is None:
            return self._forward(arrays, *xs, **self.params)
        grads = self._local_grads(arrays, out, *xs, **self.params)
        return grads if isinstance(grads, (tuple, list)) else (grads,)

    def bind(self, values, grads, written) -> tuple:
        """(forward, backward), as _Dense.bind."""
        out, upstream = self.out.take(values[self.kind]), self.out.take(grads[self.kind])
        if all(isinstance(columns.index, slice) for _, columns in self.operands):
            views = [columns.take(values[kind]) for kind, columns in self.operands]  # read once: views
            operands = lambda: views  # noqa: E731
        else:
            readers = [columns.reader(values[kind]) for kind, columns in self.operands]
            operands = lambda: [read() for read in readers]  # noqa: E731

        formulas = self._formulas

        def forward():
            out[...] = formulas(operands())

        if not self._passes:
            return forward, None
        adders = [columns.adder(grads[kind], written[kind]) if columns.needed else None
                  for kind, columns in self.operands]
        times = self.arrays.times

        def backward():
            for add, local in zip(adders, formulas(operands(), out)):
                if add is not None:
                    share = times(local, upstream)
                    if share is not None:
                        add(share)
        return forward, backward

    def agrees_with(self, node: Value) -> bool:
        """Whether the array reading gives the traced node's number and local gradients.

        Tried on two copies of the node's operands: a Python ``if`` on an
        operand fails on two numbers (numpy cannot say which is meant).
        """
        np = self.np
        xs = [np.array([[c.data, c.data]]) for c in node.children]  # one node, two samples
        try:
            with np.errstate(all="ignore"):
                out = np.broadcast_to(np.asarray(self._formulas(xs), dtype=float), (1, 2))
                locals_ = self._formulas(xs, out)
                if len(locals_) != len(xs) or not all(_close(o, node.data) for o in out[0]):
                    return False
                for local, eager in zip(locals_, node.local_grads):
                    zero, value = self.arrays._parts(local)
                    zero = np.broadcast_to(zero, (1, 2))
                    value = np.broadcast_to(np.asarray(value, dtype=float), (1, 2))
                    for z, v in zip(zero[0], value[0]):
                        if not ((z or v == 0.0) if eager is ZERO else (not z and _close(v, eager))):
                            return False
        except Exception:  # noqa: BLE001 - any failure of a formula on arrays means: compute it per element
            return False
        return True


def _in_turn(calls: list) -> Optional[Callable]:
    """One call running ``calls`` in order (None when there are none: nothing to pass back)."""
    if not calls:
        return None
    if len(calls) == 1:
        return calls[0]

    def in_turn() -> None:
        for call in calls:
            call()
    return in_turn


def _close(got, expected) -> bool:
    got, expected = float(got), float(expected)
    return got == expected or (got != got and expected != expected) or abs(got - expected) <= 1e-12 * abs(expected)


def _divisors(np, divisors, shape):
    """(where a local gradient divides, by what) for one operand, or None when none of them does."""
    if all(d is None for d in divisors):
        return None
    dividing = np.array([d is not None for d in divisors], dtype=bool).reshape(shape)
    return dividing, np.array([1.0 if d is None else d for d in divisors], dtype=float).reshape(shape)


class _PerElement:
    """An op whose formulas do not run on arrays: its float rule, one element at a time (slow, exact)."""

    def __init__(self, np, row, out, kind, operands):
        self.np, self.row, self.out, self.kind, self.operands = np, row, out, kind, operands
        self._locals = None

    def describe(self) -> str:
        return f"{self.row.name}: {self.out.count} node{'s' if self.out.count != 1 else ''}, one element at a time"

    def forward(self, values) -> None:
        np = self.np
        shape = (self.out.count, values[self.kind].shape[1])
        xs = [np.broadcast_to(columns.take(values[kind]), shape).ravel().tolist() for kind, columns in self.operands]
        rule, outs = self.row.rule, []
        locals_, zeros, divisors = [[] for _ in xs], [[] for _ in xs], [[] for _ in xs]
        for numbers in zip(*xs):
            out, grads = rule(*numbers)
            outs.append(out)
            for column, zero, divisor, g in zip(locals_, zeros, divisors, grads):
                zero.append(g is ZERO)  # a structural zero passes nothing, not even an inf from above
                column.append(0.0 if g is ZERO else g)
                divisor.append(g.divisor if g.__class__ is Reciprocal else None)  # g × upstream is upstream / d
        self.out.put(values[self.kind], np.array(outs, dtype=float).reshape(shape))
        self._locals = [(np.array(z, dtype=bool).reshape(shape), np.array(c, dtype=float).reshape(shape),
                         _divisors(np, d, shape)) for z, c, d in zip(zeros, locals_, divisors)]

    def bind(self, values, grads, written) -> tuple:
        """(forward, backward), as _Dense.bind: its float rule per element, each call."""
        for kind, columns in self.operands:
            if columns.needed:
                written[kind][columns.index] = True
        return (lambda: self.forward(values)), (lambda: self.backward(values, grads))

    def backward(self, values, grads) -> None:
        np = self.np
        upstream = self.out.take(grads[self.kind])
        for (kind, columns), (zero, local, divisor) in zip(self.operands, self._locals):
            if columns.needed:
                share = local * upstream
                if divisor is not None:  # as the eager engine: upstream / d, not (1/d) × upstream
                    dividing, d = divisor
                    share = np.where(dividing, upstream / d, share)
                columns.add(grads[kind], np.where(zero, 0.0, share))
