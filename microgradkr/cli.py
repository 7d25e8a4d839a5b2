"""The `microgradkr` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional

from . import gates
from .draw import RenderError, draw_dot
from .draw.gallery import write_gallery
from .draw.scene import expression
from .engine import topological_order
from .fmt import format_beside, format_number
from .cli_parser import Parser, chosen_lang
from .messages import LANGS, say
from .version import __version__


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


def build_parser(lang: str = "ko") -> Parser:
    """The parser of every subcommand, its help and errors in ``lang``."""
    parser = Parser(prog="microgradkr", description=say("cli_description", lang), lang=lang)
    parser.add_argument("--version", action="version", version=f"microgradkr {__version__}",
                        help=say("cli_version_help", lang))
    parser.add_argument("--lang", choices=LANGS, default=lang, help=say("cli_lang_help", lang))
    commands = parser.add_subparsers(dest="command", required=True, title=say("cli_commands", lang))
    apple = _command(commands, "apple", "cli_apple_help", lang)
    apple.add_argument("--orange", action="store_true", help=say("cli_orange_help", lang))
    apple.add_argument("--precision", type=_precision(lang), default=4, help=say("cli_precision_help", lang))
    _add_draw_commands(commands, lang)
    tour = _command(commands, "tour", "cli_tour_help", lang)
    tour.add_argument("--out", metavar="DIR", default="microgradkr-tour", help=say("cli_out_help", lang))
    tour.add_argument("--open", action="store_true", help=say("cli_open_help", lang))
    slides = _command(commands, "slides", "cli_slides_help", lang)
    slides.add_argument("topic", metavar="TOPIC", help=say("cli_topic_help", lang))
    slides.add_argument("--out", metavar="DIR", default="microgradkr-slides", help=say("cli_out_help", lang))
    slides.add_argument("--pdf", action="store_true", help=say("cli_pdf_help", lang))
    # named by its choices in help and errors ("the following arguments are required: {apple,...}")
    commands.metavar = "{" + ",".join(commands.choices) + "}"
    return parser


def _command(commands, name: str, help_key: str, lang: str) -> Parser:
    """A subcommand with its help and its --lang; ``args.command_parser`` names it for its errors."""
    command = commands.add_parser(name, help=say(help_key, lang), description=say(help_key, lang), lang=lang)
    # before or after the subcommand's name alike; not given here, the top level's value stays
    command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=say("cli_lang_help", lang))
    command.set_defaults(command_parser=command)
    return command


# ---------------------------------------------------------------- draw, gates

def _precision(lang: str):
    """--precision: a number of decimals, or 'full' for the whole repr."""
    def read(text: str):
        if text == "full":
            return None
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise argparse.ArgumentTypeError(say("cli_bad_precision", lang, value=text))
        return value
    read.__name__ = "precision"  # argparse names the type in its message
    return read


def _blanks(text: str) -> list:
    """--blanks 사과,소비세:value,grads: labels (a part after ':'), or 'grads' / 'values'."""
    items = []
    for word in (w.strip() for w in text.split(",")):
        if not word:
            continue
        label, _, part = word.rpartition(":") if word.rsplit(":", 1)[-1] in ("value", "grad", "both") \
            else (word, "", "")
        items.append((label, part) if part else word)
    return items


def _add_draw_commands(commands, lang: str) -> None:
    draw = _command(commands, "draw", "cli_draw_help", lang)
    draw.add_argument("gate", metavar="GATE", help=say("cli_gate_help", lang, names=", ".join(gates.GATES)))
    draw.add_argument("--mode", choices=("forward", "backward", "both"), default="forward",
                      help=say("cli_mode_help", lang))
    draw.add_argument("--precision", type=_precision(lang), default=4, help=say("cli_precision_help", lang))
    draw.add_argument("-o", "--output", metavar="FILE", help=say("cli_output_help", lang))
    draw.add_argument("--text", action="store_true", help=say("cli_text_help", lang))
    draw.add_argument("--blanks", metavar="NAMES", type=_blanks, help=say("cli_blanks_help", lang))
    gallery = _command(commands, "gates", "cli_gates_help", lang)
    gallery.add_argument("--out", metavar="DIR", default="microgradkr-gates", help=say("cli_out_help", lang))


def _draw(args) -> int:
    if args.gate not in gates.GATES:
        args.command_parser.error(say("cli_unknown_gate", args.lang, name=args.gate,
                                      names=", ".join(gates.GATES)))
    circuit = gates.GATES[args.gate](lang=args.lang)
    if args.mode != "forward":
        circuit.backward()
    try:
        drawing = draw_dot(circuit, args.mode, args.lang, precision=args.precision, blanks=args.blanks)
    except ValueError as error:  # a --blanks name not in the graph: said once, in our language
        if args.blanks is None:
            raise
        lines = str(error).split("\n")
        args.command_parser.error(lines[LANGS.index(args.lang)] if len(lines) == len(LANGS) else str(error))
    answers = getattr(drawing, "answers", None)  # a worksheet's answer key (--blanks)
    if args.text:
        print(drawing.text())
        if answers is not None:
            print("\n" + answers.text())
    elif args.output:
        print(say("cli_saved", args.lang, path=drawing.save(args.output)))
        if answers is not None:
            path = Path(args.output)
            key = path.with_name(f"{path.stem}_{say('cli_answers_suffix', 'en')}{path.suffix}")
            print(say("cli_saved_answers", args.lang, path=answers.save(key)))
    else:
        sys.stdout.write(drawing.svg())
    return 0


def _gates(args) -> int:
    index = write_gallery(args.out, args.lang)
    print(say("cli_saved", args.lang, path=index))
    return 0


def _tour(args) -> int:
    from . import tour  # imports the demos' helpers only when asked

    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(say("tour_bad_out", args.lang, path=args.out), file=sys.stderr)
        return 2
    return tour.main(args.out, args.lang, open_browser=args.open)


def _slides(args) -> int:
    from .tour.deck import find_topic, write_slides

    try:
        find_topic(args.topic)
    except ValueError as error:  # said once, under this command's usage
        args.command_parser.error(str(error).split("\n")[LANGS.index(args.lang)])
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(say("tour_bad_out", args.lang, path=args.out), file=sys.stderr)
        return 2
    try:
        written = write_slides(args.topic, args.out, args.lang, pdf=args.pdf)
    except RuntimeError as error:  # no Chromium for the PDF, or the demo failed
        print(str(error).split("\n")[LANGS.index(args.lang)], file=sys.stderr)
        return 1
    for path in written:
        print(say("cli_saved", args.lang, path=path))
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(chosen_lang(argv)).parse_args(argv)
    try:
        status = _run(args)
        # flush here, not at exit: since Python 3.13 a large write can wait in the buffer,
        # and a closed pipe found at exit is a warning and exit status 120
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # the reader went away (`microgradkr apple | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args) -> int:
    if args.command == "apple":
        builder = gates.apple_orange if args.orange else gates.apple
        print_circuit(builder(lang=args.lang), args.lang, precision=args.precision)
        return 0
    try:
        if args.command == "tour":
            return _tour(args)
        if args.command == "slides":
            return _slides(args)
        return _draw(args) if args.command == "draw" else _gates(args)
    except BrokenPipeError:  # an OSError too, but not a bad path: main() handles it
        raise
    except OSError as error:  # unwritable path, missing directory, full disk
        path = getattr(error, "filename", None) or getattr(args, "output", None) or getattr(args, "out", "")
        print(say("cli_cannot_write", args.lang, path=path, reason=error.strerror or error), file=sys.stderr)
        return 2
    except ValueError as error:  # e.g. an unsupported file suffix
        print(error, file=sys.stderr)
        return 2
    except RenderError as error:  # no renderer, or it failed: not the user's typing
        print(error, file=sys.stderr)
        return 1
