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
from ..text import check_lang, message, say
from .markup import clean

MODES = ("forward", "backward", "both")
RANKDIRS = ("LR", "RL", "TB", "BT")
MAX_PRECISION = 100  # decimals; far past a float's 17 digits, and Python's format() still takes it


@dataclass
class Scene:
    """The texts of one picture; index i is the i-th node in topological order."""

    nodes: List[Value]
    mode: str = "forward"
    lang: str = "ko"
    rankdir: str = "LR"
    names: List[str] = field(default_factory=list)
    value_texts: List[str] = field(default_factory=list)
    grad_texts: List[Optional[str]] = field(default_factory=list)  # None: no gradient cell
    edge_texts: Dict[Tuple[int, int], str] = field(default_factory=dict)  # (parent, operand position)
    title: str = ""
    banner: str = ""  # a warning, e.g. "backward() has not run"
    legend: str = ""

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


def chain_text(local: float, upstream: float, precision) -> str:
    """'local × upstream = product', the chain rule on one edge."""
    return (f"{format_number(local, precision)} × {format_number(upstream, precision)}"
            f" = {format_number(local * upstream, precision)}")


# ---------------------------------------------------------------- building

def base_scene(root: Value, mode: str, lang: str, rankdir: str, precision, title: str) -> Scene:
    """A scene with names and values filled in, gradients left empty."""
    nodes = topological_order(root)
    return Scene(
        nodes=nodes, mode=mode, lang=lang, rankdir=rankdir,
        names=[node.label for node in nodes],
        value_texts=[say("draw_value", lang, value=format_number(node.data, precision)) for node in nodes],
        grad_texts=[None] * len(nodes),
        title=title,
        legend=say("draw_legend", lang) if mode != "forward" else "",
    )


def graph_scene(root: Value, mode: str = "forward", lang: str = "ko", rankdir: str = "LR",
                precision=4, title: str = "") -> Scene:
    """The scene of the graph as it is now: values, and gradients if backward() has run."""
    scene = base_scene(root, mode, lang, rankdir, precision, title)
    if not scene.shows_gradients:
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
