"""What a picture of a graph shows, decided as plain text before any DOT is written.

A :class:`Scene` lists the nodes in topological order (children first) with
the texts of their cells, and the chain-rule text of each operand edge.  The
drawing fills it from the graph's current ``.grad`` values; the backprop
player fills it with the texts its frames will need, so both share one layout
code path (:mod:`microgradkr.draw.dot`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .. import checks
from ..engine import Value, topological_order
from ..fmt import format_number
from ..messages import check_lang, message, say
from .constants import folded_partners, short_written, folded_constants
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
    """The scene of the graph as it is now: values, and gradients if backward() has run."""
    scene = base_scene(root, mode, lang, rankdir, precision, title)
    if not scene.shows_gradients:
        for i, node in enumerate(scene.nodes):  # the numbers a weighted sum folded in, on their edges
            for position, x in enumerate(folded_partners(node) or ()):
                scene.edge_texts[(i, position)] = f"× {format_number(x, precision)}"
        return resolve_rankdir(scene)
    if not backward_has_run(root):
        scene.grad_texts = [say("draw_grad", lang, grad="?")] * len(scene.nodes)
        scene.banner = say("draw_no_backward", lang)
        scene.legend = ""
        return resolve_rankdir(scene)
    scene.grad_texts = [say("draw_grad", lang, grad=format_number(node.grad, precision))
                        for node in scene.nodes]
    for i, node in enumerate(scene.nodes):
        for position, local in enumerate(node.local_grads):
            scene.edge_texts[(i, position)] = chain_text(local, node.grad, precision)
    return resolve_rankdir(scene)


def resolve_rankdir(scene: Scene) -> Scene:
    """rankdir='auto' made concrete once every text of the scene is known."""
    if scene.rankdir == "auto":
        from .layout import choose_rankdir  # layout measures scenes, so it imports this module

        scene.rankdir = choose_rankdir(scene)
    return scene
