"""A plain-text listing of a graph: what ``Drawing.text()`` and Jupyter show without a renderer.

One line per node, children first::

    사과 가격 = 사과 × 사과 개수   값 200   기울기 1.1
"""

from __future__ import annotations

from typing import Callable, List

from ..engine import Value
from .constants import written
from .markup import clean
from .scene import Scene, node_names

_GAP = "   "


def expression(node: Value, name_of: Callable[[Value], str], precision=4) -> str:
    """How node was made, in words: 'a × b', 'x^2', 'σ(s)', 'Σ(x, 2)'; '' for a leaf."""
    if not node.children:
        return ""
    return written(node, [name_of(child) for child in node.children], precision)


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
