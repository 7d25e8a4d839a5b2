"""The `microgradkr` command line."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from . import gates
from .draw import RenderError, draw_dot
from .draw.gallery import write_gallery
from .draw.scene import expression
from .engine import topological_order
from .fmt import format_beside, format_number
from .messages import message, say


def _expression(node, lang: str) -> str:
    """' = 사과 × 사과 개수' for a node made by an op, '' for a leaf."""
    made = expression(node, lambda child: child.label or format_number(child.data))
    return f" = {made}" if made else ""


def print_circuit(circuit, lang: str = "ko", out=None, precision=4) -> None:
    """Print a circuit's forward values, then backpropagate and print gradients.

    Numbers read as in the pictures (220), the full float beside them when
    rounding hid float noise (220 (float 220.00000000000003)); precision=None
    prints the full floats alone.
    """
    out = out or sys.stdout
    order = topological_order(circuit.output)
    print(circuit.title, file=out)
    print(say("forward", lang), file=out)
    for node in order:
        if node.label:
            print(f"  {node.label}{_expression(node, lang)} = {format_beside(node.data, precision)}", file=out)
    circuit.output.backward()
    print(say("backward", lang, output=circuit.output.label), file=out)
    for name, leaf in circuit.inputs.items():
        print(f"  ∂{circuit.output.label}/∂{leaf.label} = {format_beside(leaf.grad, precision)}", file=out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microgradkr", description=say("cli_description", "ko")
                                     + " / " + say("cli_description", "en"))
    commands = parser.add_subparsers(dest="command", required=True)
    apple = commands.add_parser("apple", help=say("cli_apple_help", "en"))
    apple.add_argument("--lang", choices=("ko", "en"), default="ko")
    apple.add_argument("--orange", action="store_true", help="apples and oranges (DLFS 5.4)")
    apple.add_argument("--precision", type=_precision, default=4,
                       help="decimals shown (the full float is added when rounding hides it), or 'full'")
    _add_draw_commands(commands)
    tour = commands.add_parser("tour", help=say("cli_tour_help", "en"),
                               description=say("cli_tour_help", "ko") + " / " + say("cli_tour_help", "en"))
    tour.add_argument("--out", metavar="DIR", default="microgradkr-tour")
    tour.add_argument("--lang", choices=("ko", "en"), default="ko")
    tour.add_argument("--open", action="store_true", help="open index.html in a browser at the end")
    return parser


# ---------------------------------------------------------------- draw, gates

def _precision(text: str):
    """--precision: a number of decimals, or 'full' for the whole repr."""
    if text == "full":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0 or 'full', got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0 or 'full', got {text!r}")
    return value


def _add_draw_commands(commands) -> None:
    draw = commands.add_parser("draw", help=say("cli_draw_help", "en"),
                               description=say("cli_draw_help", "ko") + " / " + say("cli_draw_help", "en"))
    draw.add_argument("gate", metavar="GATE", help="one of: " + ", ".join(gates.GATES))
    draw.add_argument("--mode", choices=("forward", "backward", "both"), default="forward")
    draw.add_argument("--lang", choices=("ko", "en"), default="ko")
    draw.add_argument("--precision", type=_precision, default=4, help="decimals shown, or 'full'")
    draw.add_argument("-o", "--output", metavar="FILE",
                      help=".svg, .png or .dot (default: SVG on standard output)")
    draw.add_argument("--text", action="store_true",
                      help="print the node listing instead (no Graphviz needed)")
    gallery = commands.add_parser("gates", help=say("cli_gates_help", "en"),
                                  description=say("cli_gates_help", "ko") + " / " + say("cli_gates_help", "en"))
    gallery.add_argument("--out", metavar="DIR", default="microgradkr-gates")
    gallery.add_argument("--lang", choices=("ko", "en"), default="ko")


def _draw(args, parser) -> int:
    if args.gate not in gates.GATES:
        parser.error(message("cli_unknown_gate", name=args.gate, names=", ".join(gates.GATES)))
    circuit = gates.GATES[args.gate](lang=args.lang)
    if args.mode != "forward":
        circuit.backward()
    drawing = draw_dot(circuit, args.mode, args.lang, precision=args.precision)
    if args.text:
        print(drawing.text())
    elif args.output:
        print(say("cli_saved", args.lang, path=drawing.save(args.output)))
    else:
        sys.stdout.write(drawing.svg())
    return 0


def _gates(args) -> int:
    index = write_gallery(args.out, args.lang)
    print(say("cli_saved", args.lang, path=index))
    return 0


def _tour(args) -> int:
    from pathlib import Path

    from . import tour  # imports the demos' helpers only when asked

    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(message("tour_bad_out", path=args.out), file=sys.stderr)
        return 2
    return tour.main(args.out, args.lang, open_browser=args.open)


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = _run(args, parser)
        # flush here, not at exit: since Python 3.13 a large write can wait in the buffer,
        # and a closed pipe found at exit is a warning and exit status 120
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # the reader went away (`microgradkr apple | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args, parser) -> int:
    if args.command == "apple":
        builder = gates.apple_orange if args.orange else gates.apple
        print_circuit(builder(lang=args.lang), args.lang, precision=args.precision)
        return 0
    try:
        if args.command == "tour":
            return _tour(args)
        return _draw(args, parser) if args.command == "draw" else _gates(args)
    except BrokenPipeError:  # an OSError too, but not a bad path: main() handles it
        raise
    except OSError as error:  # unwritable path, missing directory, full disk
        path = getattr(error, "filename", None) or getattr(args, "output", None) or getattr(args, "out", "")
        print(message("cli_cannot_write", path=path, reason=error.strerror or error), file=sys.stderr)
        return 2
    except ValueError as error:  # e.g. an unsupported file suffix
        print(error, file=sys.stderr)
        return 2
    except RenderError as error:  # no renderer, or it failed: not the user's typing
        print(error, file=sys.stderr)
        return 1
