"""The network view: a network drawn the way textbooks draw it, circles in layers.

    >>> from microgradkr import draw_network
    >>> W1, B1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], [0.1, 0.2, 0.3]
    >>> picture = draw_network([(W1, B1)], x=[1.0, 0.5], activation="sigmoid")
    >>> [round(n.total, 4) for n in picture.scene.layers[1]]
    [0.3, 0.7, 1.1]

Where :func:`~microgradkr.draw.draw_dot` draws every operation, this view
draws one circle per neuron (inputs, hidden layers, output), the weights on
the edges, each neuron's bias, weighted sum and output, and in backward mode
each weight's gradient on its edge and each neuron's gradient in red.  The
numbers come from running the network on Values, so they are the engine's
own, bit for bit; the model's gradients are left as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import graphviz

from .. import checks
from ..engine import Value
from ..fmt import format_number
from ..nn import MLP, Layer, Neuron
from ..messages import check_lang, message, say
from .dot import FONT, GRAD_COLOUR, INK, LEAF_FILL, ROOT_FILL
from .drawing import Drawing
from .markup import cell_text
from .render import DEFAULT_TIMEOUT, check_timeout

#: above this many edges between two layers, weights are drawn as colour and width, not numbers
MAX_LABELLED_EDGES = 24
POSITIVE = "#2e6da4"   # thin mode: a positive weight (blue)
NEGATIVE = "#c0392b"   # thin mode: a negative weight (red)
FAINT = "#d5d5d5"      # focus mode: a weight of another neuron

#: how an activation is written next to a neuron's name ('' for the identity)
SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "step": "step", "linear": ""}


@dataclass
class NeuronView:
    """One circle: an input (layer 0) or a neuron."""

    name: str                       # 'x0', 'L1.N3'
    layer: int
    activation: str = ""            # '' for an input
    value: Optional[float] = None   # the input, or the neuron's output (after the activation)
    total: Optional[float] = None   # the weighted sum b + Σ wᵢxᵢ (None for an input)
    bias: Optional[float] = None    # None: an input, or a neuron without a bias
    grad: Optional[float] = None    # ∂root/∂value (backward mode only)
    bias_grad: Optional[float] = None


@dataclass
class EdgeView:
    """One weight: from neuron `source` of layer-1 to neuron `target` of `layer`."""

    layer: int
    source: int
    target: int
    name: str                       # the parameter's label, 'L1.N3.w0'
    weight: float
    grad: Optional[float] = None


@dataclass
class NetworkScene:
    """What the picture shows, before any DOT is written."""

    layers: List[List[NeuronView]]
    edges: List[EdgeView]
    mode: str = "forward"
    lang: str = "ko"
    precision: Optional[int] = 4
    title: str = ""
    root: str = ""                  # what the gradients are of ('y', 'L')
    has_values: bool = True
    most: Optional[int] = None      # compact view: at most this many circles per layer
    focus: Optional[str] = None     # one neuron whose weights stand out ('L2.N3'); the rest faint

    def shown(self, layer: int) -> List[int]:
        """The neurons of ``layer`` drawn: all, or (compact view) the first ones and the last."""
        count = len(self.layers[layer])
        if self.most is None or count <= self.most:
            return list(range(count))
        names = [view.name for view in self.layers[layer]]
        focused = names.index(self.focus) if self.focus in names else None
        if focused is not None and self.most - 1 <= focused < count - 1:  # the focused neuron is always drawn
            return list(range(self.most - 2)) + [focused, count - 1]
        return list(range(self.most - 1)) + [count - 1]

    def edge_shown(self, edge: "EdgeView") -> bool:
        return edge.source in self.shown(edge.layer - 1) and edge.target in self.shown(edge.layer)

    def in_focus(self, edge: "EdgeView") -> bool:
        """Whether ``edge`` is a weight into or out of the focused neuron (every edge without a focus)."""
        if self.focus is None:
            return True
        return self.focus in (self.layers[edge.layer - 1][edge.source].name,
                              self.layers[edge.layer][edge.target].name)

    @property
    def shows_gradients(self) -> bool:
        return self.mode == "backward"

    def layer_name(self, layer: int) -> str:
        if layer == 0:
            return say("net_input_layer", self.lang)
        if layer == len(self.layers) - 1:
            return say("net_output_layer", self.lang)
        return say("net_hidden_layer", self.lang, k=layer)


# ---------------------------------------------------------------- models

def _matrix(value, rows: int, cols: Optional[int], where: str, what: str) -> List[List[float]]:
    """A rows × cols list of floats (cols None: any, the same for every row)."""
    table = checks.sequence(value, where)
    if len(table) != rows:
        raise ValueError(message("net_bad_shape", where=where, what=what,
                                 expected=f"{rows} rows", got=f"{len(table)} rows"))
    out = []
    for row in table:
        row = checks.sequence(row, where)
        cols = len(row) if cols is None else cols
        if len(row) != cols:
            raise ValueError(message("net_bad_shape", where=where, what=what,
                                     expected=f"{cols} columns", got=f"{len(row)} columns"))
        out.append([checks.number(v, f"{where}: {what}", low=-float("inf")) for v in row])
    return out


def from_weights(pairs: Sequence, activation: str = "sigmoid", output_activation: str = "linear") -> MLP:
    """An MLP holding the given weights: pairs = [(W1, B1), (W2, B2), ...], the book's layout.

    W[i][j] is the weight from input i to neuron j (shape inputs × neurons),
    B[j] the bias of neuron j; a bias of None makes a layer without biases.
    Hidden layers use ``activation``, the last one ``output_activation``.
    """
    where = "from_weights"
    pairs = checks.sequence(pairs, where)
    checks.count(len(pairs), "len(pairs)")
    shapes, tables = [], []
    nin = None
    for k, pair in enumerate(pairs, 1):
        pair = checks.sequence(pair, where)
        if len(pair) != 2:
            raise ValueError(message("net_bad_shape", where=where, what=f"pair {k}",
                                     expected="(W, B)", got=f"{len(pair)} items"))
        weights, biases = pair
        rows = len(checks.sequence(weights, where)) if nin is None else nin
        table = _matrix(weights, rows, None, where, f"W{k}")
        nout = len(table[0])
        bias = None if biases is None else _matrix([biases], 1, nout, where, f"B{k}")[0]
        shapes.append(nout)
        tables.append((table, bias))
        nin = nout  # the next W has one row per neuron of this layer
    first_rows = len(tables[0][0])
    with_bias = all(bias is not None for _, bias in tables)
    model = MLP(first_rows, shapes, activation=activation, output_activation=output_activation,
                bias=with_bias, seed=0)
    for layer, (table, bias) in zip(model.layers, tables):
        for j, neuron in enumerate(layer.neurons):
            for i, w in enumerate(neuron.w):
                w.data = table[i][j]
            if neuron.b is not None:
                neuron.b.data = bias[j]
    return model


def _layers_of(net) -> List[List[Neuron]]:
    """The neurons of a model, layer by layer."""
    if isinstance(net, MLP):
        return [list(layer.neurons) for layer in net.layers]
    if isinstance(net, Layer):
        return [list(net.neurons)]
    if isinstance(net, Neuron):
        return [[net]]
    text = repr(net)
    raise TypeError(message("net_bad_model", value=text if len(text) <= 60 else text[:57] + "...",
                            type=type(net).__name__))


def _neuron_name(neuron: Neuron, layer: int, j: int, layers: int) -> str:
    """The neuron's name as its parameters carry it: 'L1.N3' from 'L1.N3.w0' ('N' alone)."""
    label = neuron.w[0].label
    if label.endswith(".w0"):
        return label[:-3]
    if label == "w0":
        return "N"
    return f"L{layer}.N{j + 1}" if layers > 1 else f"N{j + 1}"


# ---------------------------------------------------------------- the scene

def _forward(layers: List[List[Neuron]], x: List[Value]) -> List[List[Tuple[Value, Value]]]:
    """(weighted sum, output) Values of every neuron, layer by layer."""
    done, inputs = [], x
    for neurons in layers:
        pairs = []
        for neuron in neurons:
            out = neuron(inputs)
            # the activation is one op on the weighted sum; 'linear' adds none
            total = out if neuron.activation == "linear" else out.children[0]
            pairs.append((total, out))
        done.append(pairs)
        inputs = [out for _, out in pairs]
    return done


def _backward(root: Value, parameters: List[Value]) -> None:
    """root.backward() with the parameters' gradients starting from 0."""
    for p in parameters:
        p.grad = 0.0
    root.backward()


def _root_of(outputs: List[Value], loss: Optional[Callable], lang: str) -> Tuple[Value, str]:
    """What the backward pass starts from: loss(outputs), the output, or the sum of the outputs."""
    if loss is not None:
        root = loss(outputs[0] if len(outputs) == 1 else outputs)
        if not isinstance(root, Value):
            raise TypeError(message("net_bad_loss", value=repr(root)[:60], type=type(root).__name__))
        return root, root.label or "L"
    if len(outputs) == 1:
        return outputs[0], "y"
    # several outputs: backward() from their sum seeds each output with 1
    total = outputs[0]
    for out in outputs[1:]:
        total = total + out
    return total, "Σy"


def network_scene(net, x=None, mode: str = "forward", lang: str = "ko", precision=4,
                  title: str = "", loss: Optional[Callable] = None) -> NetworkScene:
    """Run the network once on x (and backward in mode 'backward') and collect the numbers."""
    layers = _layers_of(net)
    nin = len(layers[0][0].w)
    count = len(layers)
    if x is None and mode == "backward":
        raise ValueError(message("net_backward_needs_x", mode=mode))
    views: List[List[NeuronView]] = [[NeuronView(f"x{i}", 0) for i in range(nin)]]
    edges: List[EdgeView] = []
    for l, neurons in enumerate(layers, 1):
        row = []
        for j, neuron in enumerate(neurons):
            row.append(NeuronView(_neuron_name(neuron, l, j, count), l, neuron.activation,
                                  bias=None if neuron.b is None else neuron.b.data))
            edges += [EdgeView(l, i, j, w.label or f"w{i}", w.data) for i, w in enumerate(neuron.w)]
        views.append(row)
    scene = NetworkScene(views, edges, mode, lang, precision, title, has_values=x is not None)
    if x is None:
        return scene
    numbers = [checks.number(v, "draw_network: x", low=-float("inf"))
               for v in checks.sequence([x] if isinstance(x, (int, float)) else x, "draw_network: x")]
    if len(numbers) != nin:
        raise ValueError(message("net_bad_shape", where="draw_network", what="x",
                                 expected=f"{nin} numbers", got=f"{len(numbers)} numbers"))
    inputs = [Value(v, f"x{i}") for i, v in enumerate(numbers)]
    parameters = [p for neurons in layers for neuron in neurons for p in neuron.parameters()]
    saved = [p.grad for p in parameters]
    try:
        made = _forward(layers, inputs)
        if scene.shows_gradients:
            root, scene.root = _root_of([out for _, out in made[-1]], loss, lang)
            _backward(root, parameters)
        _fill(scene, inputs, made, layers)
    finally:  # the drawing must not change what the learner's model holds
        for p, grad in zip(parameters, saved):
            p.grad = grad
    return scene


def _fill(scene: NetworkScene, inputs: List[Value], made, layers: List[List[Neuron]]) -> None:
    backward = scene.shows_gradients
    for view, value in zip(scene.layers[0], inputs):
        view.value = value.data
        view.grad = value.grad if backward else None
    for l, pairs in enumerate(made, 1):
        for view, (total, out), neuron in zip(scene.layers[l], pairs, layers[l - 1]):
            view.total, view.value = total.data, out.data
            if backward:
                view.grad = out.grad
                view.bias_grad = None if neuron.b is None else neuron.b.grad
    if backward:
        weights = {(l, j, i): w for l, neurons in enumerate(layers, 1)
                   for j, neuron in enumerate(neurons) for i, w in enumerate(neuron.w)}
        for edge in scene.edges:
            edge.grad = weights[edge.layer, edge.target, edge.source].grad


# ---------------------------------------------------------------- DOT

def _number(scene: NetworkScene, x: float) -> str:
    return format_number(x, scene.precision)


def _neuron_lines(scene: NetworkScene, view: NeuronView) -> List[Tuple[str, bool]]:
    """(text, red?) lines inside a circle."""
    symbol = SYMBOLS.get(view.activation, view.activation)
    lines = [(view.name + (f" ({symbol})" if symbol else ""), False)]
    if view.bias is not None:
        lines.append((say("net_bias", scene.lang, b=_number(scene, view.bias)), False))
    if scene.has_values:
        if view.layer == 0:
            lines.append((say("draw_value", scene.lang, value=_number(scene, view.value)), False))
        else:
            lines.append((say("net_sum", scene.lang, a=_number(scene, view.total)), False))
            if view.activation != "linear":
                lines.append((say("net_out", scene.lang, z=_number(scene, view.value)), False))
    if view.grad is not None:
        lines.append((say("draw_grad", scene.lang, grad=_number(scene, view.grad)), True))
    return lines


def _neuron_label(scene: NetworkScene, view: NeuronView) -> str:
    rows = []
    for k, (text, red) in enumerate(_neuron_lines(scene, view)):
        inner = cell_text(text)
        if k == 0:
            inner = f"<B>{inner}</B>"
        if red:
            inner = f'<FONT COLOR="{GRAD_COLOUR}">{inner}</FONT>'
        rows.append(f"<TR><TD>{inner}</TD></TR>")
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _edge_label(scene: NetworkScene, edge: EdgeView) -> str:
    rows = [f"<TR><TD>{cell_text(_number(scene, edge.weight))}</TD></TR>"]
    if edge.grad is not None:
        rows.append(f'<TR><TD><FONT COLOR="{GRAD_COLOUR}">'
                    f"{cell_text(say('draw_grad', scene.lang, grad=_number(scene, edge.grad)))}</FONT></TD></TR>")
    # a white, padded box: the label never touches a line or a circle
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="white">'
            f'{"".join(rows)}</TABLE>>')


def _caption(scene: NetworkScene, thin: bool) -> str:
    rows = []
    if scene.title:
        rows.append(f"<TR><TD><B>{cell_text(scene.title)}</B></TD></TR>")
    notes = [say("net_legend_forward", scene.lang)]
    if scene.shows_gradients:
        notes.append(say("net_legend_backward", scene.lang, root=scene.root))
    if not scene.has_values:
        notes.append(say("net_no_input", scene.lang))
    if thin:
        notes.append(say("net_legend_thin", scene.lang))
    if any(len(scene.shown(l)) < len(views) for l, views in enumerate(scene.layers)):
        notes.append(say("net_legend_compact", scene.lang))
    if scene.focus is not None:
        notes.append(say("net_legend_focus", scene.lang, name=scene.focus))
    for note in notes:
        rows.append(f'<TR><TD><FONT POINT-SIZE="11" COLOR="#555555">{cell_text(note)}</FONT></TD></TR>')
    return f'<<TABLE BORDER="0" CELLSPACING="2">{"".join(rows)}</TABLE>>'


def _thin(scene: NetworkScene) -> bool:
    """Whether some pair of layers has too many drawn edges to write each weight."""
    if scene.focus is not None:  # only the focused neuron's weights carry numbers
        return sum(1 for e in scene.edges if scene.edge_shown(e) and scene.in_focus(e)) > MAX_LABELLED_EDGES
    return any(len(scene.shown(l - 1)) * len(scene.shown(l)) > MAX_LABELLED_EDGES
               for l in range(1, len(scene.layers)))


def network_digraph(scene: NetworkScene) -> graphviz.Digraph:
    """The scene as a graphviz.Digraph; node names are numbered (n1_3), so the DOT is deterministic."""
    thin = _thin(scene)
    dot = graphviz.Digraph(name="microgradkr_network")
    dot.attr("graph", rankdir="LR", bgcolor="white", fontname=FONT, nodesep="0.25",
             ranksep="1.1" if thin else "0.5", labelloc="t", label=_caption(scene, thin))
    dot.attr("node", fontname=FONT, color=INK, fontcolor=INK, shape="circle", margin="0.02",
             style="filled")
    dot.attr("edge", fontname=FONT, color=INK, arrowsize="0.6")
    last = len(scene.layers) - 1
    for l, views in enumerate(scene.layers):
        fill = LEAF_FILL if l == 0 else (ROOT_FILL if l == last else "white")
        # one rank per layer, its name on top, then N1, N2, ... held in order by invisible links
        # (no cluster boxes: inside clusters the renderers do not keep that order)
        with dot.subgraph(name=f"layer{l}") as layer:
            layer.attr(rank="same")
            layer.node(f"h{l}", f"<<B>{cell_text(scene.layer_name(l))}</B>>", shape="plaintext",
                       style="", fontcolor="#555555", id=f"mgk-h{l}")
            chain = [f"h{l}"]
            shown = scene.shown(l)
            for j in shown:
                view = views[j]
                if j == shown[-1] and len(shown) < len(views):  # the compact view's "12 more" in between
                    layer.node(f"m{l}", cell_text(say("net_more", scene.lang, count=len(views) - len(shown))),
                               shape="plaintext", style="", fontcolor="#555555", id=f"mgk-m{l}")
                    chain.append(f"m{l}")
                layer.node(f"n{l}_{j}", _neuron_label(scene, view), fillcolor=fill, id=f"mgk-n{l}-{j}",
                           tooltip=view.name)
                chain.append(f"n{l}_{j}")
            for upper, lower in zip(chain, chain[1:]):
                layer.edge(upper, lower, style="invis")
    biggest = max((abs(e.weight) for e in scene.edges), default=1.0) or 1.0
    for edge in sorted(scene.edges, key=lambda e: (e.layer, e.source, e.target)):  # source by source
        if not scene.edge_shown(edge):
            continue
        options = {"id": f"mgk-w{edge.layer}-{edge.source}-{edge.target}", "tooltip": edge.name}
        if not scene.in_focus(edge):  # faint, without numbers: the focused neuron's weights stand out
            options.update(color=FAINT, penwidth="0.5", arrowsize="0.4")
        elif thin:
            options["color"] = POSITIVE if edge.weight >= 0 else NEGATIVE
            options["penwidth"] = f"{0.4 + 2.6 * min(1.0, abs(edge.weight) / biggest):.2f}"
        else:
            options["label"] = _edge_label(scene, edge)
        dot.edge(f"n{edge.layer - 1}_{edge.source}", f"n{edge.layer}_{edge.target}", **options)
    return dot


def network_listing(scene: NetworkScene) -> str:
    """The scene as text: one line per neuron, then one per weight."""
    lines = [scene.title] if scene.title else []
    for l, views in enumerate(scene.layers):
        lines.append(f"[{scene.layer_name(l)}]")
        for view in views:
            parts = [text for text, _ in _neuron_lines(scene, view)]
            lines.append("  " + "   ".join(parts))
    for edge in scene.edges:
        source = scene.layers[edge.layer - 1][edge.source].name
        target = scene.layers[edge.layer][edge.target].name
        line = f"  {edge.name}: {source} → {target}   {_number(scene, edge.weight)}"
        if edge.grad is not None:
            line += "   " + say("draw_grad", scene.lang, grad=_number(scene, edge.grad))
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------- the public function

class NetworkDrawing(Drawing):
    """A Drawing of a network view; ``.scene`` holds its numbers (neurons, weights, gradients)."""

    def __init__(self, scene: NetworkScene, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(network_digraph(scene).source, network_listing(scene), timeout)
        self.scene = scene


def draw_network(net, x=None, mode: str = "forward", lang: str = "ko", precision=4,
                 title: Optional[str] = None, loss: Optional[Callable] = None,
                 activation: str = "sigmoid", output_activation: str = "linear",
                 timeout: float = DEFAULT_TIMEOUT, most: Optional[int] = None,
                 focus: Optional[str] = None) -> NetworkDrawing:
    """Draw a network as circles in layers, weights on the edges.

    net: an MLP, a Layer, a Neuron, or the book's weight lists
    [(W1, B1), (W2, B2), ...] (W[i][j] from input i to neuron j; then
    ``activation`` / ``output_activation`` say what the layers apply).
    x: one input sample; the picture shows the forward pass on it (None: only
    the weights).  mode 'backward' also runs backward from ``loss(outputs)``,
    or from the output (the sum of the outputs if there are several), and
    shows each weight's gradient on its edge and each neuron's in red.  The
    model's own ``.grad`` values are left as they were.

    For a projector, two compact views of wide layers: ``most=4`` draws at
    most 4 circles per layer (the first 3 and the last, "⋮ 12 more" between;
    the listing keeps them all), and ``focus='L2.N3'`` draws that neuron's
    weights with their numbers and every other weight faint.
    """
    check_lang(lang)
    checks.choice(mode, "draw_network: mode", ("forward", "backward"))
    if precision is not None:
        checks.count(precision, "draw_network: precision", minimum=0)
    timeout = check_timeout(timeout, "draw_network")
    if isinstance(net, (list, tuple)):
        net = from_weights(net, activation, output_activation)
    if most is not None:
        checks.count(most, "draw_network: most", minimum=2)
    scene = network_scene(net, x, mode, lang, precision, "" if title is None else str(title), loss)
    if focus is not None:
        names = [view.name for views in scene.layers for view in views]
        if focus not in names:
            raise ValueError(message("net_bad_focus", name=repr(focus)[:60], names=", ".join(names[:12])))
    scene.most, scene.focus = most, focus
    return NetworkDrawing(scene, timeout)
