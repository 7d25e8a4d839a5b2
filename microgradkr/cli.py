"""The `microgradkr` command line."""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from . import gates
from .engine import topological_order
from .fmt import format_number
from .text import say


def _expression(node, lang: str) -> str:
    """'사과 × 사과 개수' for a node made by an op, '' for a leaf."""
    if not node.children:
        return ""
    row = node.operation
    names = [c.label or format_number(c.data) for c in node.children]
    if row.arity == 2:
        return f" = {names[0]} {row.symbol} {names[1]}"
    return f" = {row.symbol}({', '.join(names)})"


def print_circuit(circuit, lang: str = "ko", out=None) -> None:
    """Print a circuit's forward values, then backpropagate and print gradients."""
    out = out or sys.stdout
    order = topological_order(circuit.output)
    print(circuit.title, file=out)
    print(say("forward", lang), file=out)
    for node in order:
        if node.label:
            print(f"  {node.label}{_expression(node, lang)} = {format_number(node.data, None)}", file=out)
    circuit.output.backward()
    print(say("backward", lang, output=circuit.output.label), file=out)
    for name, leaf in circuit.inputs.items():
        print(f"  ∂{circuit.output.label}/∂{leaf.label} = {format_number(leaf.grad, None)}", file=out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microgradkr", description=say("cli_description", "ko")
                                     + " / " + say("cli_description", "en"))
    commands = parser.add_subparsers(dest="command", required=True)
    apple = commands.add_parser("apple", help=say("cli_apple_help", "en"))
    apple.add_argument("--lang", choices=("ko", "en"), default="ko")
    apple.add_argument("--orange", action="store_true", help="apples and oranges (DLFS 5.4)")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "apple":
        builder = gates.apple_orange if args.orange else gates.apple
        print_circuit(builder(lang=args.lang), args.lang)
    return 0
