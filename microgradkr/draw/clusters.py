"""Grouping a network's computational graph by neuron, so a big graph reads as its neurons.

A neuron of :mod:`microgradkr.nn` is one `linear` node on parameters
labelled ``L1.N3.w0`` ... ``L1.N3.b`` and one activation node on it; those
nodes (for every sample the graph went through) form the cluster ``L1.N3``.
Nothing else is grouped: a graph without such labels is drawn as before.
"""

from __future__ import annotations

import re
from typing import Dict, List

from ..engine import Value

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
