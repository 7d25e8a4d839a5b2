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

import html
import inspect
import math
from typing import Callable, Dict, Optional, Tuple

from .. import gates
from ..draw import draw_dot
from ..engine import Value
from .kit import drawing_html, label_width, table_html, widgets
from .ranges import Slider, check_names, is_number, slider_for
from ..fmt import format_number
from ..messages import check_lang, message, say


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
        """Move sliders by name (as a learner would); the picture follows.

        A number beyond a slider's range widens the range to it (a widget
        slider alone would quietly clamp it to its end).
        """
        check_names(values, list(self.sliders))
        for name, value in values.items():
            if not is_number(value):
                raise TypeError(message("explore_bad_value", name=name, value=repr(value)[:60],
                                        type=type(value).__name__))
            if not math.isfinite(value):
                raise ValueError(message("explore_bad_value", name=name, value=repr(value), type="float"))
            slider = self.sliders[name]
            slider.max, slider.min = max(slider.max, value), min(slider.min, value)
            slider.value = value
        return self

    # ---- computing and drawing
    def _moved(self, change) -> None:
        try:
            self.update()
        except Exception as error:  # a slider callback must not raise into the kernel's log only
            self.picture.value = f"<pre>{html.escape(f'{type(error).__name__}: {error}')}</pre>"

    def update(self) -> None:
        """Build the graph from the sliders, run backward, redraw the picture and the table."""
        values = self.values()
        shown, leaves = self._build(values)
        root = getattr(shown, "output", shown)
        if not isinstance(root, Value):
            raise TypeError(message("explore_not_value", value=repr(root)[:60], type=type(root).__name__))
        root.backward()
        names = list(values)
        self.output = root
        self.rows = [(name, values[name], leaves[name].grad, self.central_difference(values, name))
                     for name in names]
        self.drawing = draw_dot(shown, mode="backward", lang=self.lang, precision=self.precision)
        self.picture.value = drawing_html(self.drawing)
        number = lambda x: format_number(x, self.precision)  # noqa: E731 - the table's one format
        name = html.escape(root.label or "f")  # a label is the learner's text, not markup
        self.result.value = f"<b>{say('explore_output', self.lang, name=name, value=number(root.data))}</b>"
        header = [say(key, self.lang) for key in ("explore_input", "explore_value", "explore_backward",
                                                   "explore_numeric")]
        labels = {n: self.sliders[n].description for n in names}
        self.table.value = table_html(header, [(labels[n], number(v), number(g), number(e))
                                               for n, v, g, e in self.rows])

    def central_difference(self, values: Dict[str, float], name: str) -> float:
        """∂output/∂name ≈ (f(x + h) - f(x - h)) / (2h), with h = eps·max(|x|, 1).

        The step grows with the input: a fixed 1e-6 is lost in the rounding
        of x itself once |x| is large (at 1e10 it is less than one float
        step), and the estimate then has nothing to do with backward's.
        The division is by the distance the floats really moved.
        """
        x = values[name]
        h = self.numeric_eps * max(abs(x), 1.0)
        plus, minus = x + h, x - h
        rise = self._root({**values, name: plus}).data - self._root({**values, name: minus}).data
        return rise / (plus - minus)

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
    check_names(ranges, names)
    sliders = {}
    for p in parameters:
        default = float(p.default) if is_number(p.default) else None
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
    check_names(ranges, names)
    start = {n: circuit.inputs[n].data for n in names}
    labelled = rebuild(start, lang).inputs  # the labels in the language asked for
    sliders = {n: slider_for(n, ranges.get(n, start[n]), labelled[n].label or n, start[n], circuit.domains.get(n))
               for n in names}

    def build(values):
        fresh = rebuild(values, lang)
        return fresh, {n: fresh.inputs[n] for n in names}
    return GraphExplorer(build, sliders, lang, **options)
