"""Backpropagation one node at a time, as the frames of the backprop player.

:func:`backward_frames` replays exactly what ``Value.backward()`` does, in the
same order and with the same float operations (it runs the engine's own
sweep: children visited in operand order, nodes in reverse topological
order), but into its own table: the graph's ``.grad`` values are never
touched.  So the last frame holds the engine's gradients bit for bit (for a
single ``backward()`` call with the default seed 1).

Frame 0 is the state after the forward pass (no gradient known); frame k
(k >= 1) processes the k-th node from the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ..backprop import sweep
from ..engine import Value
from ..fmt import format_number
from ..messages import say
from .scene import chain_text, node_names


@dataclass
class Frame:
    """One step: which node is processed, and what changed."""

    node: Optional[int]  # index in topological order; None at the start
    note: str            # what happens, in words
    # (node, gradient so far, final?) for every gradient this step changes
    grads: List[Tuple[int, float, bool]] = field(default_factory=list)
    # (parent, operand position, chain-rule text) for every edge this step labels
    edges: List[Tuple[int, int, str]] = field(default_factory=list)


def backward_frames(nodes: List[Value], lang: str = "ko", precision=4) -> List[Frame]:
    """The frames of backpropagating from nodes[-1] (nodes in topological order).

    The numbers come from the engine's own sweep (the one backward() runs),
    so each frame shows exactly the floats backward() computes, in its order.
    """
    names = node_names(nodes, precision)
    index = {node: i for i, node in enumerate(nodes)}
    frames = [Frame(None, say("step_start", lang))]
    reached = set()  # nodes that got a share already: the next share adds up (the chain rule's sum)

    def add_frame(node, upstream, edges, grads):
        i = index[node]
        shown = format_number(upstream, precision)
        frame = Frame(i, "", grads=[(i, upstream, True)])
        notes = [say("step_root", lang, name=names[i])] if i == len(nodes) - 1 else []
        if not node.children:
            notes.append(say("step_leaf", lang, name=names[i], grad=shown))
        else:
            notes.append(say("step_op", lang, name=names[i], op=node.operation.label(lang), grad=shown))
        for position, child, local, share, total in edges:
            j = index[child]
            frame.grads.append((j, total, False))
            frame.edges.append((i, position, chain_text(local, upstream, precision)))
            notes.append(say("step_edge_sum" if j in reached else "step_edge", lang, child=names[j],
                             local=format_number(local, precision), grad=shown,
                             product=format_number(share, precision),
                             total=format_number(total, precision)))
            reached.add(j)
        frame.note = "\n".join(notes)
        frames.append(frame)

    sweep(nodes[-1], 1.0, visit=add_frame)
    frames[-1].note += "\n" + say("step_done", lang)
    return frames


def final_gradients(frames: List[Frame], count: int) -> List[float]:
    """The gradient of every node after the last frame."""
    grads = [0.0] * count
    for frame in frames:
        for j, grad, _final in frame.grads:
            grads[j] = grad
    return grads


def texts_seen(frames: List[Frame], count: int, lang: str, precision) -> List[List[str]]:
    """For each node, every gradient text it will show, '?' first (to size its box)."""
    seen = [[say("draw_grad", lang, grad="?")] for _ in range(count)]
    for frame in frames:
        for j, grad, _final in frame.grads:
            seen[j].append(say("draw_grad", lang, grad=format_number(grad, precision)))
    return seen
