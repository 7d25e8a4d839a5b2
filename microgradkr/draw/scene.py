"""What a picture of a graph shows, decided as plain text before any DOT is written.

A :class:`Scene` lists the nodes in topological order (children first) with
the texts of their cells, and the chain-rule text of each operand edge.  The
drawing fills it from the graph's current ``.grad`` values; the backprop
player fills it with the texts its frames will need, so both share one layout
code path (:mod:`microgradkr.draw.layout`, then :mod:`microgradkr.draw.dot`).
The same texts, one node per line, are the listing ``Drawing.text()`` shows
without a renderer (at the end of this file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .. import checks
from ..engine import Value, topological_order
from ..fmt import format_number
from ..messages import check_lang, message, say
from .markup import clean

MODES = ("forward", "backward", "both")
RANKDIRS = ("auto", "LR", "RL", "TB", "BT")  # auto: LR, or TB when LR would not fit a page (layout.py)
MAX_PRECISION = 100  # decimals; far past a float's 17 digits, and Python's format() still takes it


@dataclass
class Scene:
    """The texts of one picture; index i is the i-th node in topological order."""

    nodes: List[Value]
    mode: str = "forward"
    lang: str = "ko"
    rankdir: str = "LR"         # 'auto' until resolve_rankdir() picks one
    names: List[str] = field(default_factory=list)
    value_texts: List[str] = field(default_factory=list)
    grad_texts: List[Optional[str]] = field(default_factory=list)  # None: no gradient cell
    edge_texts: Dict[Tuple[int, int], str] = field(default_factory=dict)  # (parent, operand position)
    title: str = ""
    banner: str = ""  # a warning, e.g. "backward() has not run"
    legend: str = ""
    precision: Optional[int] = 4

    @property
    def shows_gradients(self) -> bool:
        return self.mode != "forward"


# ---------------------------------------------------------------- checks

def check_options(where: str, mode: str, lang: str, rankdir: str, precision) -> None:
    """ValueError/TypeError for a bad mode, language, rankdir or precision."""
    checks.choice(mode, f"{where}: mode", MODES)
    check_lang(lang, where)
    checks.choice(rankdir, f"{where}: rankdir", RANKDIRS)
    if precision is not None:  # None: the full repr
        checks.count(precision, f"{where}: precision", minimum=0, maximum=MAX_PRECISION)


def check_title(title, where: str) -> Optional[str]:
    """A title (str) or None; TypeError for anything else."""
    if title is not None and not isinstance(title, str):
        raise TypeError(message("draw_bad_text", what=f"{where}: title", value=repr(title)[:60],
                                type=type(title).__name__))
    return title


def resolve_root(obj, where: str) -> Tuple[Value, str]:
    """(root Value, title) from a Value or from a circuit of microgradkr.gates."""
    if isinstance(obj, Value):
        return obj, ""
    output = getattr(obj, "output", None)
    if isinstance(output, Value):
        return output, str(getattr(obj, "title", "") or "")
    text = repr(obj)
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise TypeError(message("draw_bad_root", where=where, value=shown, type=type(obj).__name__))


# ---------------------------------------------------------------- how a node is written
# What an n-ary node folded in, and how to write it: `sum` and `linear` take
# plain numbers without making leaves of them, so a picture has to say them
# itself.  Every picture, listing and player note asks these helpers; the
# numbers themselves are parameters of the node's op (``node.operation.params``).

def folded_constants(node: Value) -> Tuple[float, ...]:
    """The numbers a `sum` node added without leaves, in order; () for any other node.

    ``sum([x, 2.0])`` keeps only x as a child; the op records where the 2 stood
    (its ``layout`` parameter), so it is read back exactly.
    """
    row = node.operation
    if row is None or row.name != "sum":
        return ()
    return tuple(c for c in row.params.get("layout", ()) if c is not None)


def folded_partners(node: Value) -> Optional[Tuple[float, ...]]:
    """For a `linear` node whose inputs were numbers: the number multiplying each weight child.

    The op records them (its ``folded`` parameter).  None for any other node.
    """
    row = node.operation
    if row is None or row.name != "linear" or row.params["paired"]:
        return None
    return tuple(row.params["folded"])


def has_bias(node: Value) -> bool:
    """Whether a `linear` node has a bias child (True for every other op)."""
    row = node.operation
    return not (row is not None and row.name == "linear" and not row.params["bias"])


def op_symbol(node: Value) -> str:
    """The symbol drawn in the op circle: a weighted sum without a bias is Σwx, not Σwx+b."""
    row = node.operation
    if row.name == "linear" and not has_bias(node):
        return "Σwx"
    return row.symbol


def written(node: Value, names: Sequence[str], precision=4) -> str:
    """How node was made from operands called ``names``, folded numbers included.

    'a × b', 'x^2', 'Σ(x, 2)', 'Σwx+b(w0·1, w1·0.5, b)'.
    """
    row = node.operation
    constants = folded_constants(node)
    if constants:
        return row.written(list(names) + [format_number(c, precision) for c in constants])
    partners = folded_partners(node)
    if partners is not None:
        terms = [f"{name}·{format_number(x, precision)}" for name, x in zip(names, partners)]
        return f"{op_symbol(node)}({', '.join(terms + list(names[len(partners):]))})"
    if row.name == "linear":
        return f"{op_symbol(node)}({', '.join(names)})"
    return row.written(list(names))


def expression(node: Value, name_of: Callable[[Value], str], precision=4) -> str:
    """How node was made, in words: 'a × b', 'x^2', 'σ(s)', 'Σ(x, 2)'; '' for a leaf."""
    if not node.children:
        return ""
    return written(node, [name_of(child) for child in node.children], precision)


def short_written(node: Value, name_of: Callable[[Value], str], precision=4, most: int = 3) -> str:
    """A sum with folded numbers, short enough for a box: 'Σ(x, 2)', 'Σ(a, b, c, …, 2)'."""
    names: List[str] = [name_of(child) for child in node.children[:most]]
    if len(node.children) > most:
        names.append("…")
    constants = [format_number(c, precision) for c in folded_constants(node)]
    return f"{node.operation.symbol}({', '.join(names + constants)})"


# ---------------------------------------------------------------- naming

def node_names(nodes: List[Value], precision) -> List[str]:
    """What each node is called in text: its label, a constant's number, else '#i'.

    Labels are cleaned of characters no text file can hold (lone surrogates, NUL).
    """
    names = []
    for i, node in enumerate(nodes):
        if node.label:
            names.append(clean(node.label))
        elif not node.children:
            names.append(format_number(node.data, precision))
        else:
            names.append(f"#{i}")
    return names


def backward_has_run(root: Value) -> bool:
    """Whether root holds a gradient: after root.backward() it is the seed (1 by default).

    A root gradient of 0 means backward() has not run (or was seeded with 0,
    which gives all-zero gradients anyway), so the picture says so instead of
    drawing zeros as if they were gradients.
    """
    return root.grad != 0.0


#: graphs with more nodes than this write chain-rule labels on two lines
NARROW_LABELS_ABOVE = 5


def edge_lines(text: str, nodes: int) -> str:
    """A chain-rule label, on two lines in a big graph ('2 × 1.1' over '= 2.2'): it keeps the graph narrow."""
    return text.replace(" = ", "\n= ", 1) if nodes > NARROW_LABELS_ABOVE else text


def chain_text(local: float, upstream: float, precision) -> str:
    """'local × upstream = product', the chain rule on one edge."""
    return (f"{format_number(local, precision)} × {format_number(upstream, precision)}"
            f" = {format_number(local * upstream, precision)}")


# ---------------------------------------------------------------- building

def box_names(nodes: List[Value], lang: str, precision) -> List[str]:
    """The name cell of each box: the same name the listing and the player's notes use.

    A labelled node shows its label; an unlabelled result '#i' (as in the
    notes); an unlabelled number '상수' / 'constant' (its value is the next
    cell).  A sum that folded numbers in shows them: '#1 = Σ(x, 2)'.
    """
    names = node_names(nodes, precision)
    index = {node: i for i, node in enumerate(nodes)}
    shown = []
    for i, node in enumerate(nodes):
        name = names[i] if node.label or node.children else say("draw_constant", lang)
        if node.children and folded_constants(node):
            name += " = " + short_written(node, lambda child: names[index[child]], precision)
        shown.append(name)
    return shown


def base_scene(root: Value, mode: str, lang: str, rankdir: str, precision, title: str) -> Scene:
    """A scene with names and values filled in, gradients left empty."""
    nodes = topological_order(root)
    return Scene(
        nodes=nodes, mode=mode, lang=lang, rankdir=rankdir, precision=precision,
        names=box_names(nodes, lang, precision),
        value_texts=[say("draw_value", lang, value=format_number(node.data, precision)) for node in nodes],
        grad_texts=[None] * len(nodes),
        title=title,
        legend=say("draw_legend", lang) if mode != "forward" else "",
    )


def graph_scene(root: Value, mode: str = "forward", lang: str = "ko", rankdir: str = "auto",
                precision=4, title: str = "") -> Scene:
    """The scene of the graph as it is now: values, and gradients if backward() has run.

    A rankdir of 'auto' is left for :func:`microgradkr.draw.layout.resolve_rankdir`.
    """
    scene = base_scene(root, mode, lang, rankdir, precision, title)
    if not scene.shows_gradients:
        for i, node in enumerate(scene.nodes):  # the numbers a weighted sum folded in, on their edges
            for position, x in enumerate(folded_partners(node) or ()):
                scene.edge_texts[(i, position)] = f"× {format_number(x, precision)}"
        return scene
    if not backward_has_run(root):
        scene.grad_texts = [say("draw_grad", lang, grad="?")] * len(scene.nodes)
        scene.banner = say("draw_no_backward", lang)
        scene.legend = ""
        return scene
    scene.grad_texts = [say("draw_grad", lang, grad=format_number(node.grad, precision))
                        for node in scene.nodes]
    for i, node in enumerate(scene.nodes):
        for position, local in enumerate(node.local_grads):
            scene.edge_texts[(i, position)] = chain_text(local, node.grad, precision)
    return scene


# ---------------------------------------------------------------- the scene as text
# What ``Drawing.text()`` and Jupyter show without a renderer.  One line per
# node, children first::
#
#     사과 가격 = 사과 × 사과 개수   값 200   기울기 1.1

_GAP = "   "


def listing(scene: Scene, precision) -> str:
    """The scene as text, one node per line (names as in the picture, '#i' when unlabelled)."""
    names = node_names(scene.nodes, precision)
    index = {node: i for i, node in enumerate(scene.nodes)}
    lines: List[str] = []
    if scene.title:
        lines.append(scene.title)
    if scene.banner:
        lines.append(f"⚠ {scene.banner}")
    for i, node in enumerate(scene.nodes):
        # an op's symbol is a learner's text too: no lone surrogate may reach a print or a file
        made = clean(expression(node, lambda child: names[index[child]], precision))
        line = names[i] + (f" = {made}" if made else "") + _GAP + scene.value_texts[i]
        if scene.grad_texts[i] is not None:
            line += _GAP + scene.grad_texts[i]
        lines.append(line)
    return "\n".join(lines)
