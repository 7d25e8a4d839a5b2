"""Sliders on a graph's inputs: move one and see every value and gradient change.

A :class:`GraphExplorer` holds one slider per input, the backward picture
(``draw_dot(mode='backward')``: values, gradients and the local × upstream
edge labels) and a table with each input's value, its gradient from
``backward()`` and the central-difference estimate beside it.  Moving a slider
builds the graph again from the new numbers and redraws both.

What it explores is either a function of named inputs returning a Value
(``lambda x, y: x * y + x``, with a range for each name) or a circuit from
``microgradkr.gates``, rebuilt by its builder with the new numbers.
"""

from __future__ import annotations

import inspect
import math
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

from .. import gates
from ..draw import draw_dot
from ..engine import Value
from .kit import drawing_html, label_width, table_html, widgets
from ..fmt import format_number
from ..gradcheck import numerical_grad
from ..messages import check_lang, message, say


class Slider(NamedTuple):
    """Where one input's slider starts and what it covers."""

    label: str
    start: float
    low: float
    high: float
    step: float


# ------------------------------------------------------------------ circuits

def _by_keyword(builder):
    return lambda values, lang: builder(lang=lang, **values)


def _sigmoid_neuron(fused: bool):
    def build(v, lang):
        return gates.sigmoid_neuron(w=(v["w0"], v["w1"], v["w2"]), x=(v["x0"], v["x1"]),
                                    fused=fused, lang=lang)
    return build


def _perceptron(builder, name: str):
    def build(v, lang):
        return builder(v["x1"], v["x2"], lang=lang,
                       params=(v[f"{name}.w1"], v[f"{name}.w2"], v[f"{name}.b"]))
    return build


#: circuit name → (builder from the inputs' numbers, which inputs get a slider; None: all)
CIRCUITS: Dict[str, Tuple[Callable, Optional[Tuple[str, ...]]]] = {
    "apple": (_by_keyword(gates.apple), None),
    "apple_orange": (_by_keyword(gates.apple_orange), None),
    "add_mul_circuit": (_by_keyword(gates.add_mul_circuit), None),
    "max_circuit": (_by_keyword(gates.max_circuit), None),
    "lecture_expression": (_by_keyword(gates.lecture_expression), None),
    "sigmoid_neuron": (_sigmoid_neuron(True), None),
    "sigmoid_neuron_gates": (_sigmoid_neuron(False), None),
    "and_gate": (_perceptron(gates.and_gate, "and"), None),
    "nand_gate": (_perceptron(gates.nand_gate, "nand"), None),
    "or_gate": (_perceptron(gates.or_gate, "or"), None),
    # XOR's builder takes only the two inputs; its weights stay the book's
    "xor_gate": (lambda v, lang: gates.xor_gate(v["x1"], v["x2"], lang=lang), ("x1", "x2")),
}


# ------------------------------------------------------------------ ranges

def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def around(start: float) -> Tuple[float, float, float]:
    """A range for a number with none given: start ± 2·max(|start|, 1), 200 steps.

    Wide enough to cross zero (a sign change is what changes a gradient most).
    """
    spread = 2.0 * max(abs(start), 1.0)
    return start - spread, start + spread, spread / 100.0


def slider_for(name: str, spec, label: str, start: Optional[float]) -> Slider:
    """Read a range: a number (where to start), (low, high) or (low, high, step).

    ``start`` is where the slider starts when the range does not say (the
    circuit's number or the function's default); without one, the middle.
    """
    if _is_number(spec):
        start = float(spec)
        low, high, step = around(start)
    elif isinstance(spec, (tuple, list)) and len(spec) in (2, 3) and all(map(_is_number, spec)):
        low, high = float(spec[0]), float(spec[1])
        step = float(spec[2]) if len(spec) == 3 else (high - low) / 100.0
    else:
        raise TypeError(message("explore_bad_range", name=name, value=repr(spec)))
    if not (all(map(math.isfinite, (low, high, step))) and low < high and step > 0):
        raise ValueError(message("explore_bad_bounds", name=name, value=repr(spec)))
    if start is None or not low <= start <= high:
        start = (low + high) / 2.0
    return Slider(label, start, low, high, step)


def _check_names(ranges: dict, known: List[str]) -> None:
    for name in ranges:
        if name not in known:
            raise ValueError(message("explore_unknown_input", name=name, known=", ".join(known)))


# ------------------------------------------------------------------ the explorer

class GraphExplorer:
    """Sliders on the inputs of a graph, its backward picture and a table of gradients.

    ``sliders`` (name → FloatSlider), ``picture`` and ``table`` (HTML widgets)
    and ``widget`` (all of them in one box) are ipywidgets; ``output``,
    ``drawing`` and ``rows`` (name, value, gradient, central difference) hold
    what is shown now.  Jupyter displays the explorer itself.
    """

    def __init__(self, build: Callable, sliders: Dict[str, Slider], lang: str = "ko",
                 precision: int = 4, numeric_eps: float = 1e-6):
        ipywidgets = widgets("explore")
        self._build = build  # {name: number or Value} → (root or circuit, {name: leaf Value})
        self.lang = check_lang(lang)
        self.precision = precision
        self.numeric_eps = numeric_eps
        width = label_width(s.label for s in sliders.values())  # the sliders line up
        self.sliders = {
            name: ipywidgets.FloatSlider(
                value=s.start, min=s.low, max=s.high, step=s.step, description=s.label,
                readout_format=".4", continuous_update=True,
                style={"description_width": width}, layout=ipywidgets.Layout(width="440px"))
            for name, s in sliders.items()}
        self.result = ipywidgets.HTML()
        self.table = ipywidgets.HTML()
        self.picture = ipywidgets.HTML(layout=ipywidgets.Layout(overflow="auto"))
        self.picture.add_class("mgk-explore-picture")
        self.table.add_class("mgk-explore-table")
        controls = ipywidgets.VBox(list(self.sliders.values()))
        numbers = ipywidgets.VBox([self.result, self.table], layout=ipywidgets.Layout(margin="0 0 0 24px"))
        self.widget = ipywidgets.VBox([ipywidgets.HBox([controls, numbers]), self.picture])
        self.widget.add_class("mgk-explore")
        self.update()
        for slider in self.sliders.values():
            slider.observe(self._moved, names="value")

    # ---- reading and setting
    def values(self) -> Dict[str, float]:
        """Each input's number, as the sliders show it now."""
        return {name: float(s.value) for name, s in self.sliders.items()}

    def set(self, **values) -> "GraphExplorer":
        """Move sliders by name (as a learner would); the picture follows."""
        _check_names(values, list(self.sliders))
        for name, value in values.items():
            self.sliders[name].value = value
        return self

    # ---- computing and drawing
    def _moved(self, change) -> None:
        try:
            self.update()
        except Exception as error:  # a slider callback must not raise into the kernel's log only
            self.picture.value = f"<pre>{type(error).__name__}: {error}</pre>"

    def update(self) -> None:
        """Build the graph from the sliders, run backward, redraw the picture and the table."""
        values = self.values()
        shown, leaves = self._build(values)
        root = getattr(shown, "output", shown)
        if not isinstance(root, Value):
            raise TypeError(message("explore_not_value", value=repr(root)[:60], type=type(root).__name__))
        root.backward()
        names = list(values)
        estimates = numerical_grad(
            lambda vs: self._root(dict(zip(names, (v.data for v in vs)))), [values[n] for n in names],
            eps=self.numeric_eps)
        self.output = root
        self.rows = [(name, values[name], leaves[name].grad, estimate)
                     for name, estimate in zip(names, estimates)]
        self.drawing = draw_dot(shown, mode="backward", lang=self.lang, precision=self.precision)
        self.picture.value = drawing_html(self.drawing)
        number = lambda x: format_number(x, self.precision)  # noqa: E731 - the table's one format
        name = root.label or "f"
        self.result.value = f"<b>{say('explore_output', self.lang, name=name, value=number(root.data))}</b>"
        header = [say(key, self.lang) for key in ("explore_input", "explore_value", "explore_backward",
                                                   "explore_numeric")]
        labels = {n: self.sliders[n].description for n in names}
        self.table.value = table_html(header, [(labels[n], number(v), number(g), number(e))
                                               for n, v, g, e in self.rows])

    def _root(self, values: Dict[str, float]) -> Value:
        shown, _ = self._build(values)
        return getattr(shown, "output", shown)

    # ---- Jupyter
    def _ipython_display_(self) -> None:
        # displaying the box (not a mimebundle of our own) works with every ipywidgets frontend
        from IPython.display import display
        display(self.widget)

    def __repr__(self) -> str:
        inputs = ", ".join(f"{n}={format_number(v)}" for n, v in self.values().items())
        return f"<microgradkr GraphExplorer: {inputs}; .sliders, .rows, .drawing, .widget>"


# ------------------------------------------------------------------ making one

def for_function(function: Callable, ranges: dict, lang: str = "ko", **options) -> GraphExplorer:
    """An explorer of ``function(x=..., y=...) -> Value``, one slider per named parameter."""
    parameters = [p for p in inspect.signature(function).parameters.values()
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    names = [p.name for p in parameters]
    if not names:
        raise ValueError(message("explore_no_inputs"))
    _check_names(ranges, names)
    sliders = {}
    for p in parameters:
        default = float(p.default) if _is_number(p.default) else None
        if p.name not in ranges and default is None:
            raise ValueError(message("explore_missing_range", name=p.name))
        sliders[p.name] = slider_for(p.name, ranges.get(p.name, default), p.name, default)

    def build(values):
        leaves = {n: Value(v, label=n) for n, v in values.items()}
        return function(**leaves), leaves
    return GraphExplorer(build, sliders, lang, **options)


def for_circuit(circuit, ranges: dict, lang: str = "ko", **options) -> GraphExplorer:
    """An explorer of a ``gates`` circuit: its builder runs again with the sliders' numbers."""
    if circuit.name not in CIRCUITS:
        raise ValueError(message("explore_unknown_circuit", name=circuit.name, known=", ".join(CIRCUITS)))
    rebuild, chosen = CIRCUITS[circuit.name]
    names = list(chosen or circuit.inputs)
    _check_names(ranges, names)
    start = {n: circuit.inputs[n].data for n in names}
    labelled = rebuild(start, lang).inputs  # the labels in the language asked for
    sliders = {n: slider_for(n, ranges.get(n, start[n]), labelled[n].label or n, start[n]) for n in names}

    def build(values):
        fresh = rebuild(values, lang)
        return fresh, {n: fresh.inputs[n] for n in names}
    return GraphExplorer(build, sliders, lang, **options)
