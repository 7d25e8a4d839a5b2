"""What an n-ary node folded in, and how to write it: `sum` and `linear` take plain numbers
without making leaves of them, so a picture has to say them itself.

Every picture, listing and player note asks these helpers, so when the op
table offers the folded numbers directly (a ``constants`` view on the node)
only :func:`folded_constants` changes.
"""

from __future__ import annotations

import math
from typing import Callable, List, Optional, Sequence, Tuple

from ..engine import Value
from ..fmt import format_number


def folded_constants(node: Value) -> Tuple[float, ...]:
    """The numbers a `sum` node added without leaves (their total, if not 0); () otherwise.

    ``sum([x, 2.0])`` keeps only x as a child; the 2 is recovered as the
    node's value minus its children's.  That subtraction is exact for the
    small numbers of teaching graphs and may be off in the last bits for
    others, so a difference that is only rounding noise counts as none.
    """
    explicit = getattr(node, "constants", None)  # a view the op table may offer (property or method)
    if callable(explicit):
        explicit = explicit()
    if explicit is not None:
        return tuple(float(c) for c in explicit)
    row = node.operation
    if row is None or row.name != "sum":
        return ()
    parts = [child.data for child in node.children]
    if not all(math.isfinite(p) for p in parts) or not math.isfinite(node.data):
        return ()
    rest = node.data - math.fsum(parts)
    noise = 4 * math.ulp(max([abs(node.data)] + [abs(p) for p in parts]))
    return (rest,) if abs(rest) > noise * max(1, len(parts)) else ()


def folded_partners(node: Value) -> Optional[Tuple[float, ...]]:
    """For a `linear` node whose inputs were numbers: the number multiplying each weight child.

    Its local gradient with respect to a weight is exactly that number (d/dwᵢ = xᵢ),
    so nothing is estimated here.  None for any other node.
    """
    row = node.operation
    layout = getattr(row, "param", None) if row is not None else None
    if row is None or row.name != "linear" or layout is None or layout.paired:
        return None
    terms = len(node.children) - layout.bias
    return tuple(node.local_grads[:terms])


def has_bias(node: Value) -> bool:
    """Whether a `linear` node has a bias child (True for every other op)."""
    row = node.operation
    layout = getattr(row, "param", None) if row is not None else None
    return not (row is not None and row.name == "linear" and layout is not None and not layout.bias)


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
