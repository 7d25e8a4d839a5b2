"""The three arithmetics an op's formulas are read in: floats, Values, code.

An op is written once, as two small functions of ``m`` (see :mod:`microgradkr.ops`)::

    forward     = lambda m, x: m.tanh(x)
    local_grads = lambda m, out, x: (1 - out * out,)

``m`` is one of the objects below, and the operands are of its kind:

- ``FLOATS``: plain floats.  This is the eager engine: the forward pass
  computes numbers and the local gradients it stores for backward().
- ``VALUES``: Values.  Every ``+`` or ``m.tanh`` records a node, so a local
  gradient is itself a graph: ``grad(..., create_graph=True)`` differentiates
  it again (Newton's method, second derivatives).
- ``CODE``: :class:`Code`, Python source text.  ``m.tanh(x)`` writes
  ``"tanh(x)"``, so ``compile()`` can turn a graph into straight-line code.

What ``m`` offers, in all three: the ops of the table by name (``m.exp``,
``m.log``, ``m.sin`` ...), ``m.pow(x, n)`` (a number power as PyTorch's
``tensor ** n``: x·x for 2, 1/x for -1, √x for 0.5), ``m.vpow(a, b)`` (C's pow
of two operands, as PyTorch's pow of two tensors) and ``m.div(a, b)`` (IEEE
results, never an exception), ``m.reciprocal(d)`` (1/d as a local gradient:
the upstream gradient is divided by d, as PyTorch's ``grad / d``, instead of
multiplied by a rounded 1/d), ``m.select(cond, a, b)`` (``a`` where ``cond`` holds,
else ``b``), ``m.isnan(x)``, ``m.eq(a, b)`` (``a == b`` by number: ``==`` on Values is
identity), ``m.zero`` (a local gradient that is zero by the op's structure:
nothing flows back, even when an inf or nan comes from above, as PyTorch's
masks), and ``m.inf``, ``m.nan``.  Conditions combine with ``&`` and ``|``.
Python's ``if`` on an operand cannot be written as code: use ``m.select``.
"""

from __future__ import annotations

import functools
import itertools
import math

from . import floats
from .floats import ZERO, to_float
from .messages import message


#: Every op, by name: the built-ins first, then any a learner defines (define_op fills it).
#: It lives here, below the op definitions, because every ``m`` finds ops in it by name.
OPS: dict = {}
#: Ops the readings use that no formula calls by name (PyTorch's where, for m.select): ops.py fills it.
INTERNAL_OPS: dict = {}


def lookup(name: str, where: str):
    """The op called ``name``, or an AttributeError that says what ``m`` offers."""
    op = OPS.get(name)
    if op is None:
        error = AttributeError(message("op_unknown", name=name, where=where, known=", ".join(OPS)))
        error.name, error.obj = name, _ARITHMETICS.get(where)  # for define_op, which names the op
        raise error
    return op


class NotTraceable(TypeError):
    """An op's formula used an operand where code needs a fixed answer (``if x > 0``)."""


# ---------------------------------------------------------------- floats

class FloatArithmetic:
    """``m`` for plain floats: the eager engine (IEEE, like PyTorch)."""

    name = "floats"
    zero = ZERO
    inf = math.inf
    nan = math.nan
    exp = staticmethod(floats.exp)
    log = staticmethod(floats.log)
    log1p = staticmethod(floats.log1p)
    sqrt = staticmethod(floats.sqrt)
    sin = staticmethod(floats.sin)
    cos = staticmethod(floats.cos)
    tanh = staticmethod(floats.tanh)
    sigmoid = staticmethod(floats.sigmoid)
    abs = staticmethod(abs)
    pow = staticmethod(floats.power)
    vpow = staticmethod(floats.pow)
    div = staticmethod(floats.div)
    reciprocal = staticmethod(floats.reciprocal)

    @staticmethod
    def select(cond, a, b):
        return a if cond else b

    @staticmethod
    def eq(a, b) -> bool:
        return a == b

    @staticmethod
    def isnan(x) -> bool:
        return x != x

    def __getattr__(self, name):
        # an op of the table that has no float function of its own here
        # (maximum, leaky_relu, a learner's op): its eager forward on floats
        if name.startswith("__"):
            raise AttributeError(name)
        return lookup(name, "floats").float_function


FLOATS = FloatArithmetic()


class IEEEFloatArithmetic(FloatArithmetic):
    """``m`` for an op's IEEE retry: every function gives an IEEEFloat, so a ``/`` or ``**`` after it never raises."""

    def __getattribute__(self, name):
        found = super().__getattribute__(name)
        if name in _IEEE_WRAPPED:
            return lambda *args: _as_ieee(found(*args))
        return found


_IEEE_WRAPPED = frozenset(("exp", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs", "pow",
                           "vpow", "div"))


def _as_ieee(x):
    return floats.IEEEFloat(x) if x.__class__ is float else x


IEEE_FLOATS = IEEEFloatArithmetic()


# ---------------------------------------------------------------- Values

class ValueArithmetic:
    """``m`` for Values: every operation records a node (higher-order derivatives)."""

    name = "values"
    zero = ZERO
    inf = math.inf
    nan = math.nan

    @staticmethod
    def pow(x, n):
        return x ** n

    @staticmethod
    def div(a, b):
        return a / b

    @staticmethod
    def reciprocal(d):
        # the node 1/d, which multiplied by an upstream gradient g records g / d instead
        node = lookup("div", "values")(1.0, d)
        if getattr(d, "is_value_type", False) and node.children:
            node.__class__ = _reciprocal_class(type(node))
        return node

    @staticmethod
    def select(cond, a, b):
        # A choice made by an operand's value (m.eq(b, 0.0)) between formulas
        # is PyTorch's where(cond, a, b): the branch not taken stays in the
        # graph and is sent a zero gradient, so an inf inside it makes a nan
        # in the next derivative (d²/dx² x^x at 0 is nan, as in PyTorch).
        chosen = a if cond else b
        if isinstance(cond, Condition):
            other = b if cond else a
            if getattr(other, "is_value_type", False) and other.children:
                node = _where()(chosen, other)
                if chosen is ZERO and node.children:  # a mask: the upstream gradient goes inside it
                    node.__class__ = _masked_class(type(node))
                return node
        return chosen

    @staticmethod
    def eq(a, b):
        same = _number(a) == _number(b)
        if getattr(a, "is_value_type", False) or getattr(b, "is_value_type", False):
            return Condition(same)
        return same

    @staticmethod
    def isnan(x) -> bool:
        return _number(x) != _number(x)

    @staticmethod
    def abs(x):
        return lookup("abs", "values")(x)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return lookup(name, "values")


def _number(x) -> float:
    return getattr(x, "data", x)


class Condition:
    """A truth about an operand's value (m.eq on Values): it decides as a bool, and tells
    m.select that the choice depends on an operand (so the choice is PyTorch's where)."""

    __slots__ = ("holds",)

    def __init__(self, holds: bool):
        self.holds = bool(holds)

    def __bool__(self) -> bool:
        return self.holds

    def __and__(self, other): return Condition(self.holds and bool(other))
    def __or__(self, other): return Condition(self.holds or bool(other))
    __rand__, __ror__ = __and__, __or__


def _where():
    return INTERNAL_OPS["where"]


@functools.cache
def _masked_class(value_class):
    """Value's kind for where(cond, zero, branch) as a local gradient: times g, it is
    where(cond, zero, branch × g), PyTorch's form, so an inf or nan from above stays masked."""

    class MaskedValue(value_class):
        __slots__ = ()

        def __mul__(self, other):
            zero, branch = self.children
            return _where()(zero, branch * other)

        __rmul__ = __mul__

    return MaskedValue


@functools.cache
def _reciprocal_class(value_class):
    """Value's kind for the node 1/d of m.reciprocal: times g, it gives the node g / d (PyTorch's grad / d)."""

    class ReciprocalValue(value_class):
        __slots__ = ()

        def __mul__(self, other):
            return other / self.children[1]

        __rmul__ = __mul__

    return ReciprocalValue


VALUES = ValueArithmetic()


# ---------------------------------------------------------------- code

# Python's operator precedence, loosest first; a sub-expression that binds
# looser than the operator it stands under gets parentheses.
_IF, _OR, _AND, _COMPARE, _SUM, _PRODUCT, _UNARY, _POWER, _ATOM = range(1, 10)


class Code:
    """A Python expression as text; operators build bigger expressions.

    ``Code("x") * 2.0 + 1.0`` is ``Code("x * 2.0 + 1.0")``.  Parentheses are
    written only where Python needs them, and a right operand of the same
    precedence keeps its own, so the code adds and multiplies in exactly the
    order the formula does (float arithmetic is not associative).

    The text is made only of names this package makes (operands, its float
    functions, temporaries) and number literals it writes itself from the
    number's value: no string a user gave ever becomes code.  A learner's op
    called from a formula is a made-up name bound to its function, carried in
    ``bound`` to the namespace the code runs in.
    """

    __slots__ = ("text", "precedence", "depth", "prelude", "choice", "bound", "divisor")

    def __init__(self, text: str, precedence: int = _ATOM, depth: int = 0, prelude: tuple = (),
                 bound: tuple = ()):
        self.text = text
        self.precedence = precedence
        self.depth = depth      # how deeply operators nest in `text`
        self.prelude = prelude  # statements `name = expression` that must run first
        self.choice = None      # (cond, a, b) as given, when this is m.select(cond, a, b)
        self.bound = bound      # (name, value) pairs the text refers to by name
        self.divisor = None     # d, when this is m.reciprocal(d): times g it is written div(g, d)

    def __repr__(self) -> str:
        return f"Code({self.text!r})"

    def __str__(self) -> str:
        return self.text

    # ---- building
    @staticmethod
    def of(x) -> "Code":
        """x as code: Code stays, numbers become literals written from their value."""
        if isinstance(x, Code):
            return x
        if isinstance(x, bool):
            return Code("True" if x else "False")
        if x is ZERO:
            return Code("ZERO")
        if isinstance(x, float):
            # float's own repr of the number, never a subclass's __repr__ (which could be any text)
            if x != x:
                return Code("nan")
            if x in (math.inf, -math.inf):
                return Code("inf" if x > 0 else "-inf", _ATOM if x > 0 else _UNARY)
            text = float.__repr__(x)
        elif isinstance(x, int):
            text = int.__repr__(x)  # an IntEnum or another int subclass: its digits, nothing else
        else:
            raise NotTraceable(f"cannot write {type(x).__name__} as code")
        return Code(text, _UNARY if text.startswith("-") else _ATOM)

    def _operand(self, precedence: int, strict: bool) -> str:
        loose = self.precedence < precedence or (strict and self.precedence == precedence)
        return f"({self.text})" if loose else self.text

    def _binary(self, other, symbol: str, precedence: int, reflected: bool = False) -> "Code":
        left, right = (Code.of(other), self) if reflected else (self, Code.of(other))
        right_assoc = symbol == "**"
        return _spilled(Code(f"{left._operand(precedence, right_assoc)} {symbol} "
                             f"{right._operand(precedence, not right_assoc)}", precedence,
                             max(left.depth, right.depth) + 1, left.prelude + right.prelude,
                             left.bound + right.bound))

    def __add__(self, other): return self._binary(other, "+", _SUM)
    def __radd__(self, other): return self._binary(other, "+", _SUM, True)
    def __sub__(self, other): return self._binary(other, "-", _SUM)
    def __rsub__(self, other): return self._binary(other, "-", _SUM, True)
    def __mul__(self, other):
        return _call("div", other, self.divisor) if self.divisor is not None else self._binary(other, "*", _PRODUCT)

    def __rmul__(self, other):
        return _call("div", other, self.divisor) if self.divisor is not None else \
            self._binary(other, "*", _PRODUCT, True)

    def __truediv__(self, other): return _call("div", self, other)
    def __rtruediv__(self, other): return _call("div", other, self)
    # Python's ** on floats is C's pow, so is ``power`` (floats.pow)
    def __pow__(self, other): return _call("power", self, other)
    def __rpow__(self, other): return _call("power", other, self)
    def __neg__(self): return _composed(f"-{self._operand(_UNARY, False)}", _UNARY, self)
    def __pos__(self): return self
    def __abs__(self): return _call("abs", self)
    def __lt__(self, other): return self._binary(other, "<", _COMPARE)
    def __le__(self, other): return self._binary(other, "<=", _COMPARE)
    def __gt__(self, other): return self._binary(other, ">", _COMPARE)
    def __ge__(self, other): return self._binary(other, ">=", _COMPARE)
    def __and__(self, other): return self._binary(other, "and", _AND)
    def __rand__(self, other): return self._binary(other, "and", _AND, True)
    def __or__(self, other): return self._binary(other, "or", _OR)
    def __ror__(self, other): return self._binary(other, "or", _OR, True)

    __hash__ = object.__hash__

    def __eq__(self, other):
        raise NotTraceable("== on an operand cannot become code (on Values it is identity): write m.eq(a, b)")

    __ne__ = __eq__

    def __bool__(self):
        raise NotTraceable("Python `if` on an operand cannot become code: write m.select(cond, a, b)")

    def __float__(self):
        raise NotTraceable("a formula turned an operand into a float: use m's functions instead of math's")


def _composed(text: str, precedence: int, *parts: Code, bound: tuple = ()) -> Code:
    """An expression made of ``parts``: their statements come first, it nests one deeper."""
    return _spilled(Code(text, precedence, max(p.depth for p in parts) + 1,
                         tuple(line for p in parts for line in p.prelude),
                         bound + tuple(pair for p in parts for pair in p.bound)))


#: the float functions generated code calls by name (the names are this package's own)
FUNCTIONS = ("exp", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs", "pow", "div",
             "reciprocal")


def _call(function: str, *args, bound: tuple = ()) -> Code:
    """``function(args...)`` as code; ``function`` is one of this package's names."""
    codes = [Code.of(a) for a in args]
    return _composed(f"{function}({', '.join(c.text for c in codes)})", _ATOM, *codes, bound=bound)


_MAX_DEPTH = 100
_temporaries = itertools.count()
_op_names = itertools.count()


def _spilled(code: Code) -> Code:
    """A deep expression moved into a temporary variable.

    Python's compiler recurses once per level of an expression, so the sum of
    3,000 terms, written ``a + b + c + ...`` in one line, does not compile.
    Every hundred levels the expression so far becomes a statement of its own
    (``_t1 = a + b + ...``), and the addition goes on from ``_t1``: the same
    operations in the same order.
    """
    if code.depth < _MAX_DEPTH:
        return code
    name = f"_t{next(_temporaries)}"
    return Code(name, _ATOM, 0, code.prelude + (f"{name} = {code.text}",), code.bound)


class CodeArithmetic:
    """``m`` for code: formulas become Python source over variable names (compile)."""

    name = "code"
    zero = ZERO  # written "ZERO"; a zero by structure times anything is that zero
    inf = Code("inf")
    nan = Code("nan")

    @staticmethod
    def select(cond, a, b):
        if isinstance(cond, bool):  # decided while tracing (a parameter, not an operand)
            return a if cond else b
        given = (cond, a, b)
        # an int branch is written as the float it becomes (a bool stays: a result may not be one)
        a, b = (to_float(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in (a, b))
        a, cond, b = Code.of(a), Code.of(cond), Code.of(b)
        code = _composed(f"{a._operand(_IF, True)} if {cond._operand(_IF, True)} "
                         f"else {b._operand(_IF, False)}", _IF, a, cond, b)
        code.choice = given
        return code

    @staticmethod
    def eq(a, b):
        if not isinstance(a, Code) and not isinstance(b, Code):
            return a == b
        return Code.of(a)._binary(b, "==", _COMPARE)

    @staticmethod
    def isnan(x):
        if not isinstance(x, Code):
            return x != x
        return x._binary(x, "!=", _COMPARE)

    @staticmethod
    def pow(x, n):
        # A number power is written as floats.power computes it (x * x for 2,
        # div(1.0, x) for -1 ...), or else as C's pow, written power(): the
        # eager engine binds that to math.pow itself, whose exceptions send
        # the op down its IEEE path (two Python calls fewer); compiled code,
        # which has no such path, binds it to floats.pow.
        if isinstance(n, (int, float)) and not isinstance(n, bool):
            n = to_float(n)  # an int too big for a float is inf
            x = Code.of(x)
            if n == 2.0:
                return x * x
            if n == 3.0:
                return x * x * x
            if n == -1.0:
                return _call("div", 1.0, x)
            if n == -2.0:
                return _call("div", 1.0, x * x)
            if n == 0.5:
                return _call("sqrt", x)
            if n == -0.5:
                return _call("div", 1.0, _call("sqrt", x))
            return _call("power", x, n)
        return _call("pow", x, n)  # an operand exponent: floats.power, deciding as it runs

    @staticmethod
    def vpow(a, b):
        return _call("power", a, b)

    @staticmethod
    def div(a, b):
        return _call("div", a, b)

    @staticmethod
    def reciprocal(d):
        code = _call("reciprocal", d)
        code.divisor = Code.of(d)
        return code

    def __getattr__(self, name):
        # an op of the table called from a formula: its float function, by a
        # name made up here (a built-in's own name; _op7 for a learner's op)
        if name.startswith("__"):
            raise AttributeError(name)
        if name in FUNCTIONS:
            return lambda *args: _call(name, *args)
        op = lookup(name, "code")
        made_up = name if op.builtin else f"_op{next(_op_names)}"
        return lambda *args: _call(made_up, *args, bound=((made_up, op.float_function),))


CODE = CodeArithmetic()
_ARITHMETICS = {"floats": FLOATS, "values": VALUES, "code": CODE}


def code_namespace(*codes: Code) -> dict:
    """The names generated code may call: the float functions, and what ``codes`` bound by name."""
    names = {name: getattr(FLOATS, name) for name in FUNCTIONS}
    names.update(ZERO=ZERO, inf=math.inf, nan=math.nan, power=floats.pow)
    for code in codes:
        names.update(code.bound)
    return names
