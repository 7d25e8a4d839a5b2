"""The teaching graphs: each tutorial's computational graph, built from Values.

Every builder returns a :class:`Circuit` with ``.output`` (the root Value) and
``.inputs`` (name → leaf Value), labelled in Korean (``lang='ko'``) or English
(``lang='en'``).  The forward pass is done; call ``circuit.output.backward()``
(or ``circuit.backward()``) for the gradients.

Sources of the numbers: 밑바닥부터 시작하는 딥러닝 (DLFS) 5.4 for the apples,
CS231n's backprop notes for the circuits and the sigmoid neuron, the micrograd
lecture for L = (a·b + c)·f, and DLFS 2 for the perceptron gates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, NamedTuple, Optional, Tuple

from .engine import Value
from .fused import linear
from . import checks
from .messages import check_lang, message


class Domain(NamedTuple):
    """Where an input makes sense (None: no bound that side); the explorer's sliders stay inside."""

    low: Optional[float] = None
    high: Optional[float] = None
    whole: bool = False  # a count: whole numbers only


#: the natural ranges of the teaching circuits' inputs
PRICE = Domain(low=0.0)  # a price is not negative
COUNT = Domain(low=0.0, whole=True)  # nor is a count, and it has no fractions
TAX_RATE = Domain(low=0.0, high=2.0)  # the multiplier 1.1 of a 10% tax: 0 (no charge) to 2 (100% tax)
LOGIC = Domain(low=0.0, high=1.0)  # a perceptron gate's input: 0 (false) to 1 (true)


@dataclass
class Circuit:
    """A teaching graph: its root Value, its named leaves, a title, and the inputs' natural ranges."""

    name: str
    output: Value
    inputs: Dict[str, Value]
    title: str = ""
    #: input name → its Domain; an input not listed takes any number
    domains: Dict[str, Domain] = field(default_factory=dict)

    def backward(self) -> "Circuit":
        """Run backpropagation from the output; returns self for chaining."""
        self.output.backward()
        return self


def _numbers(values, where: str, count: int) -> Tuple[float, ...]:
    """``count`` numbers from a list, tuple or array; an error naming the builder and argument otherwise."""
    values = checks.sequence(values, where)
    if len(values) != count:
        raise ValueError(message("gates_bad_count", where=where, expected=count, got=len(values)))
    return tuple(checks.real(v, f"{where}[{i}]") for i, v in enumerate(values))


def _namer(lang: str):
    check_lang(lang)
    return lambda ko, en: ko if lang == "ko" else en


def apple(lang: str = "ko", apple: float = 100.0, apple_num: float = 2.0, tax: float = 1.1) -> Circuit:
    """DLFS 5.4: 2 apples at 100 each with 10% tax → 220 (other numbers by keyword)."""
    t = _namer(lang)
    apple_ = Value(apple, t("사과", "apple"))
    count = Value(apple_num, t("사과 개수", "apple count"))
    tax = Value(tax, t("소비세", "tax"))
    price = apple_ * count
    price.label = t("사과 가격", "apple price")
    total = price * tax
    total.label = t("지불 금액", "total")
    return Circuit("apple", total, {"apple": apple_, "apple_num": count, "tax": tax},
                   t("사과 쇼핑", "Buying apples"), {"apple": PRICE, "apple_num": COUNT, "tax": TAX_RATE})


def apple_orange(lang: str = "ko", apple: float = 100.0, apple_num: float = 2.0, orange: float = 150.0,
                 orange_num: float = 3.0, tax: float = 1.1) -> Circuit:
    """DLFS 5.4: 2 apples at 100 and 3 oranges at 150, 10% tax → 715 (other numbers by keyword)."""
    t = _namer(lang)
    apple_ = Value(apple, t("사과", "apple"))
    apple_count = Value(apple_num, t("사과 개수", "apple count"))
    orange = Value(orange, t("오렌지", "orange"))
    orange_count = Value(orange_num, t("오렌지 개수", "orange count"))
    tax = Value(tax, t("소비세", "tax"))
    apple_price = apple_ * apple_count
    apple_price.label = t("사과 가격", "apple price")
    orange_price = orange * orange_count
    orange_price.label = t("오렌지 가격", "orange price")
    subtotal = apple_price + orange_price
    subtotal.label = t("합계", "subtotal")
    total = subtotal * tax
    total.label = t("지불 금액", "total")
    return Circuit("apple_orange", total,
                   {"apple": apple_, "apple_num": apple_count, "orange": orange,
                    "orange_num": orange_count, "tax": tax},
                   t("사과와 오렌지 쇼핑", "Buying apples and oranges"),
                   {"apple": PRICE, "apple_num": COUNT, "orange": PRICE, "orange_num": COUNT, "tax": TAX_RATE})


def add_mul_circuit(x: float = -2.0, y: float = 5.0, z: float = -4.0, lang: str = "ko") -> Circuit:
    """CS231n: f = (x + y)·z, at -2, 5, -4 → -12."""
    t = _namer(lang)
    xv, yv, zv = Value(x, "x"), Value(y, "y"), Value(z, "z")
    q = xv + yv
    q.label = "q"
    f = q * zv
    f.label = "f"
    return Circuit("add_mul_circuit", f, {"x": xv, "y": yv, "z": zv},
                   t("덧셈과 곱셈 회로", "Add and multiply circuit"))


def max_circuit(x: float = 3.0, y: float = -4.0, z: float = 2.0, w: float = -1.0,
                lang: str = "ko") -> Circuit:
    """CS231n: f = 2·(x·y + max(z, w)), with max(z, w) = relu(z - w) + w."""
    t = _namer(lang)
    xv, yv, zv, wv = Value(x, "x"), Value(y, "y"), Value(z, "z"), Value(w, "w")
    xy = xv * yv
    xy.label = "x·y"
    gap = (zv - wv).relu()
    gap.label = "relu(z-w)"
    biggest = gap + wv
    biggest.label = "max(z,w)"
    inner = xy + biggest
    inner.label = "x·y+max"
    f = inner * 2.0
    f.label = "f"
    return Circuit("max_circuit", f, {"x": xv, "y": yv, "z": zv, "w": wv},
                   t("max 게이트 회로", "Circuit with a max gate"))


def sigmoid_neuron(w: Tuple[float, float, float] = (2.0, -3.0, -3.0),
                   x: Tuple[float, float] = (-1.0, -2.0), fused: bool = True,
                   lang: str = "ko") -> Circuit:
    """CS231n: σ(w0·x0 + w1·x1 + w2) at w = [2, -3, -3], x = [-1, -2] → 0.7311.

    ``fused=True`` draws one weighted-sum node and one σ node (σ' = σ(1 - σ));
    ``fused=False`` builds σ from gates: ×(-1), exp, +1, 1/x, as CS231n does.
    """
    t = _namer(lang)
    w0, w1, w2 = (Value(v, f"w{i}") for i, v in enumerate(_numbers(w, "sigmoid_neuron: w", 3)))
    x0, x1 = (Value(v, f"x{i}") for i, v in enumerate(_numbers(x, "sigmoid_neuron: x", 2)))
    if fused:
        s = linear([w0, w1], [x0, x1], w2)
        s.label = t("가중합", "weighted sum")
        out = s.sigmoid()
    else:
        p0 = w0 * x0
        p1 = w1 * x1
        s = p0 + p1 + w2
        s.label = t("가중합", "weighted sum")
        negated = s * -1.0
        e = negated.exp()
        one_plus = e + 1.0
        out = one_plus ** -1.0
    out.label = t("출력", "output")
    return Circuit("sigmoid_neuron" if fused else "sigmoid_neuron_gates", out,
                   {"w0": w0, "w1": w1, "w2": w2, "x0": x0, "x1": x1},
                   t("시그모이드 뉴런", "Sigmoid neuron"))


def lecture_expression(a: float = 2.0, b: float = -3.0, c: float = 10.0, f: float = -2.0,
                       lang: str = "ko") -> Circuit:
    """The micrograd lecture: L = (a·b + c)·f at 2, -3, 10, -2 → -8."""
    t = _namer(lang)
    av, bv, cv, fv = Value(a, "a"), Value(b, "b"), Value(c, "c"), Value(f, "f")
    e = av * bv
    e.label = "e"
    d = e + cv
    d.label = "d"
    loss = d * fv
    loss.label = "L"
    return Circuit("lecture_expression", loss, {"a": av, "b": bv, "c": cv, "f": fv},
                   t("강의 예제 L = (a·b + c)·f", "Lecture example L = (a·b + c)·f"))


# ---------------------------------------------------------------- perceptrons

#: (w1, w2, b) of each perceptron gate (DLFS 2.3); 'or_tutorial' is the
#: (0.6, 0.6, -0.5) OR used by several Korean tutorials.  Both OR gates are right.
GATE_PARAMS: Dict[str, Tuple[float, float, float]] = {
    "and": (0.5, 0.5, -0.7),
    "nand": (-0.5, -0.5, 0.7),
    "or": (0.5, 0.5, -0.2),
    "or_tutorial": (0.6, 0.6, -0.5),
}


def _perceptron(x1: Value, x2: Value, params, name: str, lang: str) -> Tuple[Value, dict]:
    """step(x1·w1 + x2·w2 + b) with explicit multiply and add nodes."""
    w1, w2, b = (Value(p, f"{name}.{n}") for p, n in zip(params, ("w1", "w2", "b")))
    s = x1 * w1 + x2 * w2 + b
    s.label = f"{name}.{'가중합' if lang == 'ko' else 'sum'}"
    y = s.step()
    y.label = name.upper()
    return y, {f"{name}.w1": w1, f"{name}.w2": w2, f"{name}.b": b}


def _gate(name: str, key: str, x1: float, x2: float, lang: str, params=None) -> Circuit:
    t = _namer(lang)
    # `params or ...` would ask a numpy array for its truth value
    params = GATE_PARAMS[key] if params is None else _numbers(params, f"{name}_gate: params", 3)
    a, b = Value(x1, "x1"), Value(x2, "x2")
    y, weights = _perceptron(a, b, params, name, lang)
    return Circuit(f"{name}_gate", y, {"x1": a, "x2": b, **weights},
                   t(f"{name.upper()} 게이트 (퍼셉트론)", f"{name.upper()} gate (perceptron)"),
                   {"x1": LOGIC, "x2": LOGIC})


def and_gate(x1: float = 1.0, x2: float = 1.0, lang: str = "ko", params=None) -> Circuit:
    """AND perceptron: w = (0.5, 0.5), b = -0.7."""
    return _gate("and", "and", x1, x2, lang, params)


def nand_gate(x1: float = 1.0, x2: float = 1.0, lang: str = "ko", params=None) -> Circuit:
    """NAND perceptron: w = (-0.5, -0.5), b = 0.7."""
    return _gate("nand", "nand", x1, x2, lang, params)


def or_gate(x1: float = 1.0, x2: float = 0.0, lang: str = "ko", params=None) -> Circuit:
    """OR perceptron: w = (0.5, 0.5), b = -0.2 (pass GATE_PARAMS['or_tutorial'] for 0.6, 0.6, -0.5)."""
    return _gate("or", "or", x1, x2, lang, params)


def xor_gate(x1: float = 1.0, x2: float = 0.0, lang: str = "ko") -> Circuit:
    """XOR as a two-layer perceptron: AND(NAND(x1, x2), OR(x1, x2))."""
    t = _namer(lang)
    a, b = Value(x1, "x1"), Value(x2, "x2")
    s1, w_nand = _perceptron(a, b, GATE_PARAMS["nand"], "nand", lang)
    s2, w_or = _perceptron(a, b, GATE_PARAMS["or"], "or", lang)
    y, w_and = _perceptron(s1, s2, GATE_PARAMS["and"], "and", lang)
    y.label = "XOR"
    return Circuit("xor_gate", y, {"x1": a, "x2": b, **w_nand, **w_or, **w_and},
                   t("XOR 게이트 (2층 퍼셉트론)", "XOR gate (two-layer perceptron)"),
                   {"x1": LOGIC, "x2": LOGIC})


#: every builder, by the name the CLI and the gallery use
GATES: Dict[str, Callable[..., Circuit]] = {
    "apple": apple,
    "apple_orange": apple_orange,
    "add_mul_circuit": add_mul_circuit,
    "max_circuit": max_circuit,
    "sigmoid_neuron": sigmoid_neuron,
    "sigmoid_neuron_gates": lambda lang="ko": sigmoid_neuron(fused=False, lang=lang),
    "lecture_expression": lecture_expression,
    "and_gate": and_gate,
    "nand_gate": nand_gate,
    "or_gate": or_gate,
    "xor_gate": xor_gate,
}
