"""Layout settings that keep big graphs with a much reused input quick to draw.

Why a graph like Horner's rule (``p = p * x + c`` sixty times, one leaf ``x``)
is slow: Graphviz's dot puts each node in a rank (a column, left to right), and
an edge that skips ranks becomes a chain of invisible "virtual" nodes, one per
rank it crosses.  ``x`` feeds every multiplication, so its edges cross 1, 3,
5, ... ranks: about n² virtual nodes for n uses.  Two steps of dot grow much
faster than that count: placing nodes (network simplex, stopped after
``nslimit`` × nodes iterations) and routing each long edge as a curve through
its chain (``splines``).  Measured with graphviz-pure 0.2.2, degree 60: over a
minute either way; with both settings below, 1-4 s.

So when a graph has many virtual nodes the picture uses straight edges and a
shorter search for positions.  Small graphs (every example and demo of this
project) keep curved edges and the full search: they are below the threshold.
"""

from __future__ import annotations

from typing import Dict, List

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
