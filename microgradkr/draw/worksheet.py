"""Worksheets: a picture with chosen values or gradients left as "?" boxes, and its answer key.

    >>> sheet = draw_dot(circuit, "backward", blanks=["사과", "소비세"])   # doctest: +SKIP
    >>> sheet.save("worksheet.svg"); sheet.answers.save("answers.svg")     # doctest: +SKIP

``blanks`` names what the students fill in by hand, each item one of

- a node: a Value of the graph, or its label ('사과');
- a pair (node, part), part 'value', 'grad' or 'both';
- 'values' or 'grads': every value or every gradient (the output's seed 1 stays).

A node alone blanks what the picture teaches: its gradient in a backward
picture, its value in a forward one.  Where a gradient is blank, the chain-rule
labels that would give it away show "?" too: the product on the edge into it,
and the upstream factor on the edges out of it.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Set, Tuple

from ..fmt import format_number
from ..messages import message, say
from .scene import Scene

PARTS = ("value", "grad", "both")


def _node_index(scene: Scene, item, where: str) -> int:
    for i, node in enumerate(scene.nodes):
        if node is item or (isinstance(item, str) and node.label == item):
            return i
    labels = ", ".join(node.label for node in scene.nodes if node.label)
    raise ValueError(message("worksheet_unknown", where=where, item=repr(item)[:60], labels=labels))


def chosen_blanks(scene: Scene, blanks, where: str = "draw_dot") -> Tuple[Set[int], Set[int]]:
    """(nodes whose value is blank, nodes whose gradient is blank), by index in the scene."""
    if isinstance(blanks, str) and blanks not in ("values", "grads"):
        blanks = [blanks]
    elif isinstance(blanks, str) or not hasattr(blanks, "__iter__"):
        blanks = [blanks]
    values: Set[int] = set()
    grads: Set[int] = set()
    root = len(scene.nodes) - 1
    for item in blanks:
        if item == "values":
            values.update(range(len(scene.nodes)))
            continue
        if item == "grads":
            grads.update(i for i in range(len(scene.nodes)) if i != root)
            continue
        part = "grad" if scene.shows_gradients else "value"
        if isinstance(item, tuple):
            if len(item) != 2 or item[1] not in PARTS:
                raise ValueError(message("worksheet_bad_part", where=where, item=repr(item)[:60]))
            item, part = item
        i = _node_index(scene, item, where)
        if part in ("value", "both"):
            values.add(i)
        if part in ("grad", "both"):
            grads.add(i)
    if not values and not grads:  # a worksheet with nothing to fill in is a mistake, not a picture
        raise ValueError(message("worksheet_empty", where=where, value=repr(blanks)[:60]))
    if grads and not scene.shows_gradients:
        raise ValueError(message("worksheet_grads_forward", where=where))
    return values, grads


def blanked(scene: Scene, blanks, where: str = "draw_dot") -> Scene:
    """A copy of ``scene`` with the chosen cells (and the labels that would give them away) as '?'."""
    values, grads = chosen_blanks(scene, blanks, where)
    sheet = dataclasses.replace(scene, value_texts=list(scene.value_texts), grad_texts=list(scene.grad_texts),
                                edge_texts=dict(scene.edge_texts),
                                legend=say("worksheet_legend", scene.lang))
    for i in values:
        sheet.value_texts[i] = say("draw_value", scene.lang, value="?")
    for i in grads:
        sheet.grad_texts[i] = say("draw_grad", scene.lang, grad="?")
    if scene.shows_gradients and scene.edge_texts:
        index = {node: i for i, node in enumerate(scene.nodes)}
        for (parent, position), _ in scene.edge_texts.items():
            node = scene.nodes[parent]
            child = index[node.children[position]]
            local = format_number(node.local_grads[position], scene.precision)
            hidden_local = any(index[other] in values for k, other in enumerate(node.children) if k != position)
            upstream = "?" if parent in grads else format_number(node.grad, scene.precision)
            product = "?" if parent in grads or child in grads else \
                format_number(node.local_grads[position] * node.grad, scene.precision)
            sheet.edge_texts[(parent, position)] = f"{'?' if hidden_local else local} × {upstream} = {product}"
    return sheet


def answer_key(scene: Scene) -> Scene:
    """The same picture with every number, titled as the answers."""
    title = say("worksheet_answers", scene.lang, title=scene.title) if scene.title else \
        say("worksheet_answers_untitled", scene.lang)
    return dataclasses.replace(scene, title=title)


def blank_counts(scene: Scene) -> Dict[str, int]:
    """How many value and gradient cells of a scene are '?' (for tests and the CLI's message)."""
    value_q = say("draw_value", scene.lang, value="?")
    grad_q = say("draw_grad", scene.lang, grad="?")
    return {"values": scene.value_texts.count(value_q), "grads": scene.grad_texts.count(grad_q)}
