"""What an n-ary node folded in, and how to write it: `sum` and `linear` take plain numbers
without making leaves of them, so a picture has to say them itself.

Every picture, listing and player note asks these helpers; the numbers
themselves are parameters of the node's op (``node.operation.params``).
"""

from __future__ import annotations

from typing import Callable, List, Optional, Sequence, Tuple

from ..engine import Value
from ..fmt import format_number


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


def short_written(node: Value, name_of: Callable[[Value], str], precision=4, most: int = 3) -> str:
    """A sum with folded numbers, short enough for a box: 'Σ(x, 2)', 'Σ(a, b, c, …, 2)'."""
    names: List[str] = [name_of(child) for child in node.children[:most]]
    if len(node.children) > most:
        names.append("…")
    constants = [format_number(c, precision) for c in folded_constants(node)]
    return f"{node.operation.symbol}({', '.join(names + constants)})"
