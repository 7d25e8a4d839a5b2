"""Layout choices made before Graphviz runs: the direction (rankdir='auto') so a graph fits a
page without scrolling sideways, boxes around each neuron of a network, and quick settings
for big graphs (the last two at the end of this file).

Left to right reads best and suits short graphs; a long chain (a loss over
a neuron, a two-layer perceptron) drawn left to right is several screens
wide, while top to bottom it is narrow and scrolls down like a page.  The
choice is made from the texts alone, without running Graphviz (the DOT
text must not depend on a renderer), by estimating both widths the way
dot's ranks stack up: every value box, op circle and edge label takes a rank.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, List

from ..engine import Value
from .markup import lines as shown_lines
from .scene import Scene, edge_lines

#: a graph estimated wider than this (CSS px) is turned top to bottom when that is narrower:
#: the page column at 1,280 px (fitting.COLUMN_PX) at 80% scale.  The pages accept 60%, but
#: text at 60% is about 8 px; a top-to-bottom graph scrolls down and keeps its size instead
WIDE_PX = 1340
_CHAR_PX = 8.6        # a Latin character or digit at 14 pt Helvetica, in CSS px (measured: about 8-9)
_WIDE_CHAR_PX = 18.0  # a Hangul syllable
_CELL_PAD_PX = 14     # cell padding and borders of a box
_OP_PX = 50           # an op circle
_RANKSEP_PX = 43      # ranksep 0.45 in
_NODESEP_PX = 29      # nodesep 0.3 in


def text_px(text: str) -> float:
    """The estimated width of one line of text in CSS px."""
    return sum(_WIDE_CHAR_PX if unicodedata.east_asian_width(ch) in ("W", "F") else _CHAR_PX
               for ch in text)


def _block_px(text: str) -> float:
    return max((text_px(line) for line in shown_lines(text)), default=0.0)


def box_px(scene: Scene, i: int) -> float:
    """A value box: its cells side by side, or stacked when it shows a gradient (see dot.py)."""
    cells = [t for t in (scene.names[i], scene.value_texts[i], scene.grad_texts[i]) if t]
    widths = [_block_px(t) + _CELL_PAD_PX for t in cells]
    return max(widths) if scene.shows_gradients else sum(widths)


def _ranks(scene: Scene) -> Dict[tuple, int]:
    """Rank of every item: ('v', i) value box, ('op', i) op, ('e', i, k) label of operand k of node i."""
    index = {node: i for i, node in enumerate(scene.nodes)}
    labelled = bool(scene.edge_texts)
    step = 2 if labelled else 1  # a labelled edge puts its label in a rank of its own
    rank: Dict[tuple, int] = {}
    for i, node in enumerate(scene.nodes):  # children first
        if not node.children:
            rank[("v", i)] = 0
            continue
        op = max(rank[("v", index[child])] for child in node.children) + step
        rank[("op", i)] = op
        rank[("v", i)] = op + 1
    # leaves sit next to their first consumer, as dot's layout pulls them there
    first_use: Dict[int, int] = {}
    for i, node in enumerate(scene.nodes):
        for child in node.children:
            j = index[child]
            if not child.children:
                first_use[j] = min(first_use.get(j, rank[("op", i)]), rank[("op", i)])
    for j, op in first_use.items():
        rank[("v", j)] = op - step
    for (i, k) in scene.edge_texts:
        rank[("e", i, k)] = rank[("op", i)] - 1
    return rank


def estimated_widths(scene: Scene) -> Dict[str, float]:
    """{'LR': px, 'TB': px}: how wide the picture would be each way."""
    widths: Dict[tuple, float] = {}
    for i, node in enumerate(scene.nodes):
        widths[("v", i)] = box_px(scene, i)
        if node.children:
            widths[("op", i)] = _OP_PX
    for (i, k), text in scene.edge_texts.items():
        widths[("e", i, k)] = _block_px(edge_lines(text, len(scene.nodes))) + 6
    by_rank: Dict[int, List[float]] = {}
    for item, r in _ranks(scene).items():
        by_rank.setdefault(r, []).append(widths.get(item, 0.0))
    lr = sum(max(ws) for ws in by_rank.values()) + _RANKSEP_PX * (len(by_rank) - 1)
    tb = max(sum(ws) + _NODESEP_PX * (len(ws) - 1) for ws in by_rank.values())
    return {"LR": lr, "TB": tb}


def choose_rankdir(scene: Scene) -> str:
    """'LR' when it fits (or nothing fits better), else 'TB'."""
    widths = estimated_widths(scene)
    return "TB" if widths["LR"] > WIDE_PX and widths["TB"] < widths["LR"] else "LR"


def resolve_rankdir(scene: Scene) -> Scene:
    """rankdir='auto' made concrete, once every text of the scene is known."""
    if scene.rankdir == "auto":
        scene.rankdir = choose_rankdir(scene)
    return scene


# ---------------------------------------------------------------- neurons drawn as groups
# Grouping a network's computational graph by neuron, so a big graph reads as
# its neurons.  A neuron of :mod:`microgradkr.nn` is one `linear` node on
# parameters labelled ``L1.N3.w0`` ... ``L1.N3.b`` and one activation node on
# it; those nodes (for every sample the graph went through) form the cluster
# ``L1.N3``.  Nothing else is grouped: a graph without such labels is drawn
# without clusters.

_PARAMETER = re.compile(r"^(?P<owner>.+)\.(?:w\d+|b)$")


def _owner(node: Value) -> str:
    match = _PARAMETER.match(node.label or "")
    return match.group("owner") if match and not node.children else ""


def neuron_clusters(nodes: List[Value]) -> Dict[int, str]:
    """node index (topological order) → the neuron it belongs to, for the nodes that belong to one."""
    index = {node: i for i, node in enumerate(nodes)}
    parents: Dict[int, List[int]] = {}
    for i, node in enumerate(nodes):
        for child in node.children:
            parents.setdefault(index[child], []).append(i)
    found: Dict[int, str] = {}
    for i, node in enumerate(nodes):
        row = node.operation
        if row is None or row.name != "linear":
            continue
        owners = {_owner(child) for child in node.children} - {""}
        if len(owners) != 1:
            continue
        owner = owners.pop()
        found[i] = owner
        for child in node.children:
            if _owner(child) == owner:
                found[index[child]] = owner
        above = parents.get(i, [])
        # the activation: the one parent, a unary op on the weighted sum alone
        if len(above) == 1 and len(nodes[above[0]].children) == 1:
            found[above[0]] = owner
    return found


# ---------------------------------------------------------------- big graphs drawn quickly
# Layout settings that keep big graphs with a much reused input quick to draw.
#
# Why a graph like Horner's rule (``p = p * x + c`` sixty times, one leaf ``x``)
# is slow: Graphviz's dot puts each node in a rank (a column, left to right), and
# an edge that skips ranks becomes a chain of invisible "virtual" nodes, one per
# rank it crosses.  ``x`` feeds every multiplication, so its edges cross 1, 3,
# 5, ... ranks: about n² virtual nodes for n uses.  Two steps of dot grow much
# faster than that count: placing nodes (network simplex, stopped after
# ``nslimit`` × nodes iterations) and routing each long edge as a curve through
# its chain (``splines``).  Measured with graphviz-pure 0.2.2, degree 60: over a
# minute either way; with both settings below, 1-4 s.
#
# So when a graph has many virtual nodes the picture uses straight edges and a
# shorter search for positions.  Small graphs (every example and demo of this
# project) keep curved edges and the full search: they are below the threshold.

#: above this many virtual nodes, curved edges and the full position search take too long
STRETCH_LIMIT = 1000


def stretch(nodes: List) -> int:
    """About how many virtual nodes dot will add: the ranks each operand edge skips, summed.

    ``nodes`` are Values in topological order (children first).  An operation
    sits one rank after its deepest non-leaf operand and its value one after it;
    dot pulls a leaf (an input) up to just before its first use, so only a
    leaf's later uses skip ranks.
    """
    rank: Dict[int, int] = {}
    uses: Dict[int, List[int]] = {}
    skipped = 0
    for node in nodes:
        children = node.children
        if not children:
            continue
        op_rank = 1 + max((rank[id(c)] for c in children if c.children), default=0)
        for child in children:
            if child.children:
                skipped += op_rank - rank[id(child)] - 1
            else:
                uses.setdefault(id(child), []).append(op_rank)
        rank[id(node)] = op_rank + 1
    for ranks in uses.values():
        skipped += sum(r - min(ranks) for r in ranks)
    return skipped


def fast_settings(nodes: List) -> Dict[str, str]:
    """Graph attributes for a quick layout when the graph is stretched; {} otherwise."""
    if stretch(nodes) <= STRETCH_LIMIT:
        return {}
    return {"splines": "line", "nslimit": "1"}
