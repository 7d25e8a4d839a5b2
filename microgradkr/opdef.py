"""Defining an op: its forward and its local derivatives, written once.

:func:`define_op` is how every op of microgradkr is made, the built-ins in
:mod:`microgradkr.ops` and a learner's own alike::

    from microgradkr import define_op

    sin = define_op("sin", symbol="sin", ko="사인 함수", en="sine",
                    forward=lambda m, x: m.sin(x),
                    local_grads=lambda m, out, x: (m.cos(x),))

``forward(m, *operands)`` gives the result, ``local_grads(m, out, *operands)``
gives d out / d operand for each operand, and ``m`` is the arithmetic they
are read in (:mod:`microgradkr.arithmetic`: floats for the eager engine,
Values for higher-order derivatives, code for ``compile``).  Parameters
that are constants rather than operands (the exponent of ``x ** 2``, the
slope of leaky ReLU) are keyword arguments of both functions, named in
``params`` or given a default in ``forward``'s signature.

The result is an :class:`Op`: call it on Values or numbers to record a node.
It is drawn with its symbol and names, replayed by the backprop player,
differentiated again by ``grad(create_graph=True)``, compiled, gradchecked,
and covered by the hypothesis strategies of :mod:`microgradkr.testing`
(from ``domain`` and ``kinks``).
"""

from __future__ import annotations

import functools
import inspect
import keyword
import math
import numbers
from typing import Callable, Dict, Optional, Sequence, Tuple

from . import fastpath
from .arithmetic import CODE, FLOATS, IEEE_FLOATS, OPS, VALUES, lookup
from .engine import Value, apply, fast
from .floats import ZERO, IEEEFloat, Reciprocal, to_float
from .messages import message

INF = math.inf


class Op:
    """One op of the table: what it is called, how it is drawn, its formulas.

    Call it (``op(x)``, ``op(a, b)``, ``op(x, n=2)``) to apply it to Values or
    numbers.  ``params`` holds the bound constants of a node's op (the
    exponent of ``x ** 2``); the op as defined has none.
    """

    params: dict = {}

    def __init__(self, name, symbol, ko, en, forward, local_grads, arity, param_names,
                 defaults, domain, kinks, postfix, ascii, builtin, examples=None):
        self.name = name
        self._symbol = symbol
        self.ko = ko
        self.en = en
        self.forward = forward
        self.local_grads = local_grads
        self.arity = arity
        self.param_names = param_names
        self.defaults = defaults
        self._domain = domain
        self._kinks = kinks
        self.examples = examples or {}
        self.postfix = postfix
        self._ascii = ascii
        self.builtin = builtin
        self.method = False
        self._bound: dict = {}

    # ---- its eager functions, made from the formulas on first use (see _make_rules);
    # cached_property keeps them in the instance, so reading one is a dict lookup
    _compiled = True  # whether the fast path may write its formulas as code (see Op.bind)

    @functools.cached_property
    def _rules(self) -> tuple:
        return _make_rules(self.op, self.params, self._compiled)

    @functools.cached_property
    def rule(self) -> Callable:
        """rule(*floats) -> (out, local grads): the eager engine's forward step."""
        return self._rules[0]

    @functools.cached_property
    def float_function(self) -> Callable:
        """The forward alone, on floats (what ``microgradkr.math`` gives for numbers)."""
        return self._rules[1]

    @functools.cached_property
    def traced(self) -> bool:
        """True when the fast path wrote the formulas as straight-line code (no Python `if`)."""
        return self._rules[2] is not None

    @functools.cached_property
    def make(self) -> Callable:
        """make(*operands) -> the op's node (what ``x * y`` and ``x.relu()`` run).

        Operands are Values or numbers; an array gives NotImplemented, so
        numpy applies the op element by element.
        """
        return _node_maker(self, reflected=False)

    @functools.cached_property
    def make_reflected(self) -> Callable:
        """make with its two operands swapped: ``__rmul__(x, 2)`` is make_reflected(x, 2) = 2 * x."""
        return _node_maker(self, reflected=True)

    # ---- the op as a row of the table
    @property
    def op(self) -> "Op":
        """The op itself (a bound op answers with the op it was bound from)."""
        return self

    @property
    def symbol(self) -> str:
        """What pictures draw for the op ('×', 'ReLU', '^2')."""
        return _symbol_text(self, self._symbol)

    @property
    def ascii(self) -> str:
        """The op as micrograd writes it in ``v._op`` ('+', '*', 'ReLU', '**2')."""
        return _symbol_text(self, self._ascii or self._symbol)

    @property
    def domain(self) -> tuple:
        """For each operand, the open interval (lo, hi) where the op is defined."""
        return _per_operand(_of_params(self, self._domain), self.arity, "domain", self.name)

    @property
    def kinks(self) -> tuple:
        """For each operand, the points where the op is not smooth."""
        return _per_operand(_of_params(self, self._kinks), self.arity, "kinks", self.name)

    @property
    def param(self):
        """The single bound parameter, or a tuple of them (None when unbound)."""
        values = tuple(self.params.values())
        return None if not values else values[0] if len(values) == 1 else values

    def label(self, lang: str = "ko") -> str:
        """The op's name for people, in Korean ('ko') or English ('en')."""
        return self.ko if lang == "ko" else self.en

    def written(self, names) -> str:
        """The op applied to operands called ``names``: 'a × b', 'x^2', 'σ(s)'."""
        if self.arity == 2 and not self.param_names:
            return f"{names[0]} {self.symbol} {names[1]}"
        if self.postfix:
            return f"{names[0]}{self.symbol}"
        return f"{self.symbol}({', '.join(names)})"

    def __repr__(self) -> str:
        bound = f" {self.params}" if self.params else ""
        return f"<op {self.name}{bound}: {self.ko} / {self.en}>"

    # ---- applying it
    def __call__(self, *args, **params):
        """Apply the op: Values and numbers in, a Value out (a node of the graph)."""
        if self.arity is not None:
            extra = args[self.arity:]
            if len(args) < self.arity or len(extra) > len(self.param_names):
                raise TypeError(message("op_arity", op=self.name, arity=self.arity, got=len(args)))
            args = args[:self.arity]
            params = {**dict(zip(self.param_names, extra)), **params}
        return apply(self.bind(**params) if (params or self.param_names) else self, args)

    def bind(self, **params) -> "Op":
        """The op with its parameters fixed: ``pow.bind(n=2.0)`` is the op of ``x ** 2``."""
        unknown = set(params) - set(self.param_names)
        if unknown:
            raise TypeError(message("op_params", op=self.name, names=", ".join(sorted(unknown)),
                                    known=", ".join(self.param_names) or "-"))
        values = {**self.defaults, **params}
        missing = [p for p in self.param_names if p not in values]
        if missing:
            raise TypeError(message("op_params_missing", op=self.name, names=", ".join(missing)))
        try:
            key = tuple(values[p] for p in self.param_names)
            hash(key)
        except TypeError:  # unhashable parameters (a layout with lists): bound afresh
            return BoundOp(self, values)
        bound = self._bound.get(key)
        if bound is None:
            if len(self._bound) < 1024:  # a sweep over exponents can't grow it forever
                bound = self._bound[key] = BoundOp(self, values)
            else:  # not kept, so not worth compiling its code (about 0.3 ms): its formulas run as written
                bound = BoundOp(self, values, compiled=False)
        return bound


class BoundOp:
    """An op with its parameters fixed: the row of a node such as ``x ** 2``.

    It answers everything the op answers (name, symbols, formulas), with
    ``params`` filled in; its eager rule is made on first use, so binding is
    cheap (a weighted-sum node of a network binds its layout on every call).
    """

    def __init__(self, op: Op, params: dict, compiled: bool = True):
        self._op = op
        self.params = params
        self._compiled = compiled

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._op, name)

    @property
    def op(self) -> Op:
        return self._op

    symbol = Op.symbol
    ascii = Op.ascii
    param = Op.param
    domain = Op.domain
    kinks = Op.kinks
    label = Op.label
    written = Op.written
    __repr__ = Op.__repr__

    _rules = Op._rules
    rule = Op.rule
    float_function = Op.float_function
    traced = Op.traced
    make = Op.make
    make_reflected = Op.make_reflected

    def __call__(self, *args):
        return apply(self, args)

    def bind(self, **params):
        return self._op.bind(**{**self.params, **params})


def _of_params(op, spec):
    """A domain or kinks given as a function of the parameters, read for this op's parameters."""
    if not callable(spec):
        return spec
    missing = set(op.param_names) - set(op.params) - set(op.defaults)
    if missing:  # the op as defined (pow): its domain depends on the exponent it is bound to
        raise TypeError(message("op_params_missing", op=op.name, names=", ".join(sorted(missing))))
    return spec(**{**op.defaults, **op.params})


def _symbol_text(op, symbol) -> str:
    """A symbol that may depend on the parameters (``^2``); the name when they are not bound."""
    if not callable(symbol):
        return symbol
    if set(op.param_names) - set(op.params) - set(op.defaults):
        return op.name
    return symbol(**{**op.defaults, **op.params})


# ---------------------------------------------------------------- the eager rule

def _make_rules(op: Op, params: dict, compiled: bool = True):
    """(rule, forward, code) of an op: its formulas on floats, and the code the fast path wrote, or None.

    ``rule(*floats) -> (out, local grads)`` is the eager engine's forward
    step; ``forward(*floats)`` the result alone.  Plainly, both run the
    formulas as Python functions of ``m = FLOATS``; with the fast path on,
    formulas that can be written as straight-line code (no Python ``if`` on
    an operand) are, which gives the same numbers faster.  Either way a
    formula that raises on plain floats (``1 / 0.0``) is computed again on
    IEEE floats, which do not raise.
    """
    missing = set(op.param_names) - set(params) - set(op.defaults)
    if missing:  # the op as defined, before its parameters are bound: nothing to compute yet
        def needs_params(*xs):
            raise TypeError(message("op_params_missing", op=op.name, names=", ".join(sorted(missing))))
        return needs_params, needs_params, None
    params = {**op.defaults, **params}
    slow_rule, slow_forward = _slow_functions(op, params)
    if (fastpath.ENABLED and compiled and op.arity is not None
            and all(_is_literal(v) for v in params.values())):
        made = fastpath.compiled_rule(op, params, slow_rule, slow_forward, _result_checker(op))
        if made is not None:
            return made
    return _interpreted_rule(op, params, slow_rule, slow_forward) + (None,)


def _node_maker(row, reflected: bool) -> Callable:
    """What ``x * y`` or ``x.relu()`` runs: the fast path's node maker, or apply() on the operands."""
    if fastpath.ENABLED:
        made = fastpath.maker_for(row, reflected)
        if made is not None:
            return made

    def make(*operands):
        if row.arity is not None and len(operands) != row.arity:
            raise TypeError(message("op_arity", op=row.name, arity=row.arity, got=len(operands)))
        return apply(row, operands[::-1] if reflected else operands, operator=True)

    return make


def _is_literal(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _interpreted_rule(op: Op, params: dict, slow_rule: Callable, slow_forward: Callable):
    """(rule, forward): the formulas run as Python functions of ``m = FLOATS``."""
    forward, local_grads = op.forward, op.local_grads
    as_result = _result_checker(op, complex_retries=True)

    # the IEEE retry runs after the except block, so its own errors do not show this one's traceback
    def rule(*xs):
        try:
            out = as_result(forward(FLOATS, *xs, **params))
            return out, _as_grads(local_grads(FLOATS, out, *xs, **params), op, len(xs), complex_retries=True)
        except (ArithmeticError, ValueError):
            pass
        return slow_rule(*xs)

    def forward_only(*xs):
        try:
            return as_result(forward(FLOATS, *xs, **params))
        except (ArithmeticError, ValueError):
            pass
        return slow_forward(*xs)

    return rule, forward_only


def _slow_functions(op: Op, params: dict):
    """The same formulas on IEEE floats: for the inputs where plain floats raise."""
    as_result = _result_checker(op)
    ieee_params = {k: IEEEFloat(v) if type(v) is float else v for k, v in params.items()}

    def slow_forward(*xs):
        return as_result(op.forward(IEEE_FLOATS, *map(_ieee, xs), **ieee_params))

    def slow_rule(*xs):
        wide = [_ieee(x) for x in xs]
        out = as_result(op.forward(IEEE_FLOATS, *wide, **ieee_params))
        grads = op.local_grads(IEEE_FLOATS, IEEEFloat(out), *wide, **ieee_params)
        return out, _as_grads(grads, op, len(xs))

    return slow_rule, slow_forward


def _ieee(x):
    return IEEEFloat(x) if type(x) is float else x


class _ComplexPower(ArithmeticError):
    """Python's ** of a negative float gave a complex number: the IEEE retry gives C99's nan."""


def _result_checker(op: Op, complex_retries: bool = False) -> Callable:
    def as_result(out) -> float:
        """out as a float, or TypeError naming the op (a complex number, None, a str...)."""
        if isinstance(out, float):
            return float(out)
        if isinstance(out, int) and not isinstance(out, bool):
            return float(out)
        if complex_retries and out.__class__ is complex:  # on plain floats: the IEEE retry decides
            raise _ComplexPower
        raise TypeError(message("op_result", op=op.name, value=_short(out), type=type(out).__name__))
    return as_result


def _as_grads(grads, op: Op, count: int, complex_retries: bool = False) -> tuple:
    """The local gradients a formula gave, as a tuple of numbers; TypeError naming the op otherwise."""
    if not isinstance(grads, (tuple, list)):
        if count != 1:
            raise TypeError(message("op_grads_type", op=op.name, count=count, value=_short(grads),
                                    type=type(grads).__name__))
        grads = (grads,)
    if len(grads) != count:
        raise TypeError(message("op_grad_count", op=op.name, count=count, got=len(grads)))
    return tuple(_as_grad(g, op, k, complex_retries) for k, g in enumerate(grads))


def _as_grad(g, op: Op, position: int, complex_retries: bool = False):
    """One local gradient as a float (the structural zero kept as it is)."""
    if g.__class__ is float or g is ZERO or g.__class__ is Reciprocal:
        return g
    if isinstance(g, numbers.Real) and not hasattr(g, "_row") and getattr(g, "ndim", 0) == 0:
        return to_float(g)  # an int, an IEEE float of the slow path, a numpy number
    if complex_retries and g.__class__ is complex:
        raise _ComplexPower
    raise TypeError(message("op_grad_type", op=op.name, position=position, value=_short(g),
                            type=type(g).__name__))


def _short(x) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- defining

_RESERVED = frozenset(("data", "grad", "label", "name", "backward", "children", "local_grads",
                       "operation", "op", "detach", "is_leaf", "zero_grad", "cleargrad", "item",
                       "requires_grad"))


def define_op(name: str, *, forward: Callable, local_grads: Callable,
              symbol: Optional[str] = None, ko: Optional[str] = None, en: Optional[str] = None,
              arity: Optional[int] = -1, params: Sequence[str] = (),
              domain: Tuple[float, float] = (-INF, INF), kinks: Sequence[float] = (),
              method: bool = False, postfix: bool = False, ascii: Optional[str] = None,
              examples: Optional[Dict[str, Sequence]] = None, builtin: bool = False) -> Op:
    """Define an op once; get a function that works on Values and numbers.

    name: a Python identifier (``"sin"``); symbol: what pictures draw
    (default: the name); ko / en: its name for people.
    forward(m, *operands, **params) -> the result.
    local_grads(m, out, *operands, **params) -> d out / d operand, one per operand.
    arity: the number of operands (default: counted from ``forward``; None
    for any number).  params: names of constant parameters (those with a
    default in ``forward``'s signature are found by themselves).
    domain: the open interval where the op is defined (log: (0, inf)), for
    the whole op or one pair per operand; kinks: points where it is not
    smooth (relu: 0), likewise; either may be a function of the parameters,
    and an operand's kinks a function of the operands before it
    (``kinks=((), lambda a: (a,))``: max(a, b) has a kink where b = a).
    Both steer the hypothesis strategies and gradient checks away from where
    finite differences are no derivative.  examples: parameter values for
    those strategies to try ({"n": (2.0, 0.5)}; default: the defaults).
    method: also make it a Value method (``x.sin()``; unary ops).
    ascii: how micrograd writes the op in ``v._op`` (default: the symbol).
    """
    _check_definition(name, forward, local_grads)
    found_arity, param_names, defaults = _signature(forward, params)
    if arity == -1:
        arity = found_arity
    existing = OPS.get(name)
    if existing is not None and existing.builtin:
        raise ValueError(message("op_builtin_name", op=name))
    if not builtin:
        _check_not_reserved(name)
    if method and (name in _RESERVED or name.startswith("_")):
        raise ValueError(message("op_method_name", op=name))
    for what, text in (("symbol", symbol), ("ko", ko), ("en", en), ("ascii", ascii)):
        if text is not None and not isinstance(text, str) and not (what in ("symbol", "ascii") and callable(text)):
            raise TypeError(message("op_bad_text", op=name, what=what, value=_short(text), type=type(text).__name__))
    op = Op(name, symbol or name, ko or name, en or name, forward, local_grads, arity,
            param_names, defaults, domain, kinks, postfix, ascii, builtin, examples)
    if not callable(domain) and not callable(kinks):
        op.domain, op.kinks  # noqa: B018 - a malformed domain or kinks fails here, by name
    _probe(op)
    OPS[name] = op
    if method:
        _METHODS[name] = op
        op.method = True
    if existing is not None:  # every op's code may call the old one: made again on first use
        _forget_made_code()
    elif method:
        _wire(name, op, method=True)
    return op


def _check_definition(name, forward, local_grads) -> None:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(message("op_name", value=_short(name)))

    for what, fn in (("forward", forward), ("local_grads", local_grads)):
        if not callable(fn):
            raise TypeError(message("op_not_callable", op=name, what=what, value=_short(fn)))


def _check_not_reserved(name: str) -> None:
    """A formula finds an op as ``m.<name>``: the name may not be one of m's own (select, zero ...)."""
    own = sorted({a for m in (FLOATS, VALUES, CODE) for a in dir(m) if not a.startswith("_")} - set(OPS))
    if name in own:
        raise ValueError(message("op_reserved_name", op=name, names=", ".join(own)))


def _signature(forward: Callable, params: Sequence[str]):
    """(arity, parameter names, their defaults) from forward(m, *operands, **params)."""
    try:
        signature = inspect.signature(forward)
    except (TypeError, ValueError):  # a builtin without a signature: one operand
        return 1, tuple(params), {}
    names, defaults, arity = list(params), {}, 0
    positional = list(signature.parameters.values())[1:]  # skip m
    for p in positional:
        if p.kind is p.VAR_POSITIONAL:
            arity = None
        elif p.kind is p.VAR_KEYWORD:
            continue
        elif p.default is not p.empty:
            defaults[p.name] = p.default
            if p.name not in names:
                names.append(p.name)
        elif p.name in names or p.kind is p.KEYWORD_ONLY:
            if p.name not in names:
                names.append(p.name)
        elif arity is not None:
            arity += 1
    return arity, tuple(names), defaults


def _per_operand(spec, arity, what: str, name: str) -> tuple:
    """domain/kinks as one entry per operand (an n-ary op keeps one for all)."""
    count = 1 if arity is None else max(arity, 1)
    if what == "domain":
        if len(spec) == 2 and all(isinstance(v, (int, float)) for v in spec):
            spec = (tuple(spec),) * count
    elif not spec or all(isinstance(v, (int, float)) for v in spec):
        spec = (tuple(spec),) * count
    # an operand's kinks may depend on the operands before it (max(a, b) has a kink at b = a)
    spec = tuple(s if callable(s) else tuple(s) for s in spec)
    if len(spec) != count:
        raise ValueError(message("op_spec", op=name, what=what, count=count))
    return spec


def _probe(op: Op) -> None:
    """Run the op once at a point of its domain, so a wrong definition fails now, by name."""
    if op.arity is None:
        return
    params = {name: values[0] for name, values in op.examples.items() if values}
    if set(op.param_names) - set(op.defaults) - set(params):
        return
    row = op.bind(**params) if op.param_names else op
    point = []
    for (lo, hi), kinks in zip(row.domain, row.kinks):
        point.append(_inside(lo, hi, kinks(*point) if callable(kinks) else kinks))
    try:
        row.rule(*point[:op.arity])
    except AttributeError as error:
        name = getattr(error, "name", None)
        if name is None or getattr(error, "obj", None) not in (FLOATS, VALUES, CODE):
            raise
        offered = {a for m in (FLOATS, VALUES, CODE) for a in dir(m) if not a.startswith("_")} | set(OPS)
        offered -= {"name"}
        raise AttributeError(message("op_formula_unknown", op=op.name, name=name,
                                     known=", ".join(sorted(offered)))) from None


def _inside(lo: float, hi: float, kinks) -> float:
    """A point inside (lo, hi) and off the kinks: 0.7 if it can be, else near the middle."""
    for x in (0.7, 1.3, -0.7, 1.9, lo + 0.5, hi - 0.5, (lo + hi) / 2):
        if lo < x < hi and math.isfinite(x) and x not in kinks:
            return x
    return (lo + hi) / 2


# ---------------------------------------------------------------- Value's operators and methods

_OPERATORS: Dict[str, tuple] = {}  # Value's dunder name -> (op, reflected), from ops.py
_METHODS: Dict[str, Op] = {}  # x.exp(), x.relu() ...: the ops defined with method=True
_forgetters: list = []  # other caches of made code, cleared with the ops' (ops.py's powers)


def operator(name: str, op: Op, reflected: bool = False) -> None:
    """Make ``Value.<name>`` record ``op``: ``operator("__mul__", MUL)`` is what makes x * y a node."""
    _OPERATORS[name] = (op, reflected)
    _wire(name, op, reflected=reflected)


def _wire(name: str, op: Op, reflected: bool = False, method: bool = False) -> None:
    if method and op.param_names:
        def function(self, *args, **params):
            return op(self, *args, **params)
    else:  # the op's node maker itself: one call per node
        function = op.make_reflected if reflected else op.make
    if method:
        function.__name__ = op.name
        function.__qualname__ = f"Value.{op.name}"
        function.__doc__ = f"{op.ko} / {op.en}: the op {op.name!r} applied to this Value."
    setattr(Value, name, function)


def _forget_made_code() -> None:
    """Drop every op's made rules and node makers (they are made again on first use), and rewire Value."""
    for op in OPS.values():
        for row in (op, *op._bound.values()):
            for cached in ("_rules", "rule", "float_function", "traced", "make", "make_reflected"):
                row.__dict__.pop(cached, None)
    for forget in _forgetters:
        forget()
    for name, (op, reflected) in _OPERATORS.items():
        _wire(name, op, reflected=reflected)
    for name, op in list(_METHODS.items()):
        if OPS.get(name) is op:
            _wire(name, op, method=True)
        else:  # taken out of the table since
            del _METHODS[name]


def fast_path(enabled: Optional[bool] = None) -> bool:
    """Switch the fast path (microgradkr/fastpath.py) on or off; returns whether it is on.

    Off, every op runs its formulas as written and backward() calls each
    node's ``_backward()``: the plain code of engine.py and opdef.py, to step
    through in a debugger.  The numbers are the same bit for bit.  Graphs
    made before the switch keep working.  ``MICROGRADKR_FAST=0`` before
    ``import microgradkr`` starts with it off.
    """
    if enabled is not None:
        if not isinstance(enabled, bool):
            raise TypeError(message("bad_flag", what="fast_path", value=_short(enabled),
                                    type=type(enabled).__name__))
        fastpath.ENABLED = enabled
        fast.fill_grads = fastpath.fill_grads if enabled else None
        _forget_made_code()
    return fastpath.ENABLED


# ---------------------------------------------------------------- a DLFS layer as an op

def layer_op(layer, name: str, *, symbol: Optional[str] = None, ko: Optional[str] = None,
             en: Optional[str] = None, arity: Optional[int] = None, **options) -> Op:
    """A layer in the style of 밑바닥부터 시작하는 딥러닝 (DLFS) as an op.

    ``layer.forward(x, y)`` returns the output; ``layer.backward(dout)``
    returns ``(dx, dy)`` (or ``dx`` for one input), after a forward.  Called
    with ``dout = 1`` it gives exactly the local gradients, which is all an
    op needs: ``MulLayer()`` becomes the multiply op.
    """
    for what in ("forward", "backward"):
        if not callable(getattr(layer, what, None)):
            raise TypeError(message("layer_methods", name=name, what=what, value=_short(layer)))
    if arity is None:  # the inputs of forward(x, y) (a bound method: self is not counted)
        try:
            arity = len([p for p in inspect.signature(layer.forward).parameters.values()
                         if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
        except (TypeError, ValueError):
            arity = 1

    def forward(m, *xs):
        return layer.forward(*xs)

    def local_grads(m, out, *xs):
        layer.forward(*xs)  # the layer keeps what backward needs from its forward
        grads = layer.backward(1.0)
        return grads if isinstance(grads, (tuple, list)) else (grads,)

    return define_op(name, forward=forward, local_grads=local_grads, symbol=symbol, ko=ko, en=en,
                     arity=arity, **options)
