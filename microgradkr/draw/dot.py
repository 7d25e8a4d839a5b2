"""A :class:`~microgradkr.draw.scene.Scene` as DOT text, built with the `graphviz` package.

Pure: no renderer runs here.  Node names are numbered in topological order
(``v3`` is the 4th node, ``op3`` the op that made it), never taken from id(),
so the same graph gives byte-identical DOT in every process.  Every label is
an HTML-like label whose text went through :func:`~microgradkr.draw.markup.cell_text`,
so a label can never turn into markup.

Ids in the SVG (``mgk-v3``, ``mgk-op3``, ``mgk-e3-0`` for operand 0 of node 3,
``mgk-r3`` for the op → result edge) let the backprop player find the parts.
"""

from __future__ import annotations

import math

import graphviz

from .layout import fast_settings, neuron_clusters
from .markup import cell_text, clean, lines
from .scene import Scene, edge_lines, op_symbol
from .textwidth import text_width

GRAD_COLOUR = "#c0392b"   # gradients and backward arrows (red, as the backward arrows of DLFS)
INK = "#222222"
LEAF_FILL = "#eaf2fb"     # inputs (leaves): pale blue
ROOT_FILL = "#fff4d6"     # the output: pale yellow
FONT = "Helvetica"        # a font graphviz-pure has metrics for (sans-serif would fall back to Times)
FONT_SIZE = 14.0          # Graphviz's default size, written into every <text> of the SVG
LEGEND_SIZE = 11.0
OP_MARGIN = 0.04          # inches between an operation's symbol and its circle

# Box sizes.  The renderer measures text with its own Helvetica metrics, but the
# viewer's browser draws it with whatever font it has (DejaVu Sans on a fresh
# Debian is up to 15 % wider; Hangul comes from a Korean font), so a box sized
# by the renderer can be too narrow.  Each cell therefore gets a WIDTH from
# textwidth.py, the widest the text is in any of those fonts, and its text is
# left-aligned: an HTML-like label's text starts where the renderer's own
# measure says (text-anchor="start"), so only a left edge stays put in every
# font; a centred one would drift right by half the difference.  Plain labels
# (the operation circles) are centred by the SVG itself and just get a minimum
# width.  This fixes the cause, for both renderers and every font, instead of
# padding text with spaces whose width depends on the renderer again.


def _cell(text: str, inner: str, padding: int, border: int, size: float = FONT_SIZE,
          bold: bool = False) -> str:
    """A <TD> holding `inner` (the markup of `text`), wide enough for `text` in any font."""
    widest = max(text_width(line, size, bold) for line in lines(text))
    width = math.ceil(widest) + 2 * (padding + border)
    return f'<TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="{width}">{inner}</TD>'


def _value_label(scene: Scene, i: int) -> str:
    node = scene.nodes[i]
    fill = ROOT_FILL if i == len(scene.nodes) - 1 else (LEAF_FILL if not node.children else "white")
    cells = []
    if scene.names[i]:
        cells.append(_cell(scene.names[i], cell_text(scene.names[i]), 4, 1))
    cells.append(_cell(scene.value_texts[i], cell_text(scene.value_texts[i]), 4, 1))
    grad = scene.grad_texts[i]
    if grad is not None:  # sized in bold: the backprop player shows final gradients in bold
        cells.append(_cell(grad, f'<FONT COLOR="{GRAD_COLOUR}">{cell_text(grad)}</FONT>', 4, 1, bold=True))
    # with gradients a box has three cells: stacked, it is a third as wide, and so is the graph
    rows = "".join(f"<TR>{cell}</TR>" for cell in cells) if scene.shows_gradients else f'<TR>{"".join(cells)}</TR>'
    return (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="{fill}">'
            f'{rows}</TABLE>>')


def _caption(scene: Scene) -> str:
    """The graph's own label: title, warning banner and legend, one line each."""
    rows = []
    if scene.title:
        rows.append(f"<TR>{_cell(scene.title, f'<B>{cell_text(scene.title)}</B>', 2, 0, bold=True)}</TR>")
    if scene.banner:
        banner = "⚠ " + scene.banner
        rows.append(f'<TR>{_cell(banner, f"""<FONT COLOR="{GRAD_COLOUR}">{cell_text(banner)}</FONT>""", 2, 0)}</TR>')
    if scene.legend:
        small = f'<FONT POINT-SIZE="{LEGEND_SIZE:g}" COLOR="#555555">{cell_text(scene.legend)}</FONT>'
        rows.append(f"<TR>{_cell(scene.legend, small, 2, 0, size=LEGEND_SIZE)}</TR>")
    if not rows:
        return ""
    return f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def _edge_label(text: str, colour: str = GRAD_COLOUR) -> str:
    """A one-cell table: the layout keeps room for the text in the widest font, and the
    cell's padding keeps the text off the nodes (Graphviz places the label's box)."""
    cell = _cell(text, f'<FONT COLOR="{colour}">{cell_text(text)}</FONT>', 3, 0)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>{cell}</TR></TABLE>>'


def _plain(text: str) -> str:
    """A learner's text as a quoted DOT attribute, never markup.

    The graphviz package writes a value that starts with '<' and ends with '>'
    unquoted, as an HTML-like label (an op named '<b>x</b>' would break the
    DOT), and Graphviz expands backslash escapes such as \\N: graphviz.escape
    turns both off.  clean() writes what XML cannot hold as visible escapes (\\x07).
    """
    return graphviz.escape(clean(text))


def _op_width(symbol: str) -> str:
    """The least width (inches) of an operation's circle or ellipse: its symbol in the widest font.

    Graphviz fits a label's box inside a circle or ellipse by widening it by √2.
    """
    inches = text_width(symbol, FONT_SIZE) / 72 + 2 * OP_MARGIN
    return f"{inches * math.sqrt(2):.2f}"


def to_digraph(scene: Scene) -> graphviz.Digraph:
    """The scene as a graphviz.Digraph (call ``.source`` for the text)."""
    dot = graphviz.Digraph(name="microgradkr")
    dot.attr("graph", rankdir=scene.rankdir, bgcolor="white", fontname=FONT,
             nodesep="0.3", ranksep="0.45", **fast_settings(scene.nodes))
    caption = _caption(scene)
    if caption:
        dot.attr("graph", label=caption, labelloc="t")
    dot.attr("node", fontname=FONT, color=INK, fontcolor=INK)
    dot.attr("edge", fontname=FONT, color=INK, arrowsize="0.8")
    index = {node: i for i, node in enumerate(scene.nodes)}  # Values hash by identity
    backward_only = scene.mode == "backward"
    clusters = neuron_clusters(scene.nodes)
    groups = {}  # neuron name → its subgraph, in order of first appearance
    for i in sorted(clusters):
        groups.setdefault(clusters[i], graphviz.Digraph(name=f"cluster_{len(groups)}"))
    # with clusters, node statements come first so every node is declared inside its cluster
    edges = [] if groups else None
    out = _Deferred(dot, edges)
    for i, node in enumerate(scene.nodes):
        home = groups[clusters[i]] if i in clusters else dot
        home.node(f"v{i}", _value_label(scene, i), shape="plain", id=f"mgk-v{i}")
        if not node.children:
            continue
        row = node.operation
        symbol = clean(op_symbol(node))
        # a plain label (not HTML-like) is centred by the SVG's text-anchor="middle" in every font
        home.node(f"op{i}", graphviz.escape(symbol), id=f"mgk-op{i}", tooltip=_plain(row.label(scene.lang)),
                  shape="circle" if len(symbol) <= 2 else "ellipse", margin=f"{OP_MARGIN:g}",
                  width=_op_width(symbol))
        for position, child in enumerate(node.children):
            _operand_edge(out, scene, index[child], i, position, backward_only)
        _result_edge(out, scene, i, backward_only)
    for name, group in groups.items():
        group.attr(label=f"<{cell_text(name)}>", style="rounded", color="#b8b8b8", fontcolor="#555555")
        dot.subgraph(group)
    for args, kwargs in edges or ():
        dot.edge(*args, **kwargs)
    return dot


class _Deferred:
    """Edges now, or (when clusters are drawn) after every node is declared."""

    def __init__(self, dot, edges):
        self._dot, self._edges = dot, edges

    def edge(self, *args, **kwargs) -> None:
        if self._edges is None:
            self._dot.edge(*args, **kwargs)
        else:
            self._edges.append((args, kwargs))


def _operand_edge(dot, scene: Scene, child: int, parent: int, position: int, backward_only: bool) -> None:
    """operand → op, and in the gradient modes the chain rule flowing back along it."""
    text = scene.edge_texts.get((parent, position))
    colour = INK if scene.mode == "forward" else GRAD_COLOUR  # forward labels are folded numbers
    label = {"label": _edge_label(edge_lines(text, len(scene.nodes)), colour)} if text else {}
    if backward_only:
        dot.edge(f"v{child}", f"op{parent}", id=f"mgk-e{parent}-{position}", dir="back",
                 color=GRAD_COLOUR, **label)
        return
    if scene.mode == "forward":  # a forward label is a number folded into the op (× x of a weight)
        dot.edge(f"v{child}", f"op{parent}", id=f"mgk-e{parent}-{position}", **label)
        return
    dot.edge(f"v{child}", f"op{parent}", id=f"mgk-e{parent}-{position}")
    if scene.mode == "both":
        # the backward twin: drawn beside the forward arrow, ignored by the layout's ranking
        dot.edge(f"v{child}", f"op{parent}", id=f"mgk-b{parent}-{position}", dir="back",
                 color=GRAD_COLOUR, style="dashed", constraint="false", **label)


def _result_edge(dot, scene: Scene, i: int, backward_only: bool) -> None:
    if backward_only:
        dot.edge(f"op{i}", f"v{i}", id=f"mgk-r{i}", dir="back", color=GRAD_COLOUR)
        return
    dot.edge(f"op{i}", f"v{i}", id=f"mgk-r{i}")
    if scene.mode == "both":
        dot.edge(f"op{i}", f"v{i}", id=f"mgk-rb{i}", dir="back", color=GRAD_COLOUR,
                 style="dashed", constraint="false")


def dot_source(scene: Scene) -> str:
    """The DOT text of a scene."""
    return to_digraph(scene).source
