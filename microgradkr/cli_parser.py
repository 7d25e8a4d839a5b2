"""An ArgumentParser that speaks the learner's language (Korean first, English on request).

argparse writes its own sentences in English ("usage:", "invalid choice: ...",
"the following arguments are required: ...").  Rather than replace gettext for
the whole process, this parser

- titles its help in the catalog's words (usage, positional arguments, options,
  the -h line), and
- reads argparse's English error sentences back into their parts and says them
  again from the catalog (``cli_error_*`` keys), so a translator edits the
  TOML files and never this code.  A sentence it does not know is shown as
  argparse wrote it: never lost, at worst in English.

Each error is printed once, under the usage of the command it belongs to
(``microgradkr draw nosuch`` shows ``draw``'s usage, not the top level's).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import unicodedata
from typing import List, Optional, Sequence

from .messages import LANGS, say

#: argparse's English error sentences (Python 3.11 to 3.13), each with the catalog key that says it again
_ARGPARSE_SENTENCES = [
    (r"argument (?P<name>.+?): (?P<problem>.+)", "cli_error_argument"),
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)", "cli_error_invalid_choice"),
    (r"unrecognized arguments: (?P<arguments>.*)", "cli_error_unrecognized"),
    (r"the following arguments are required: (?P<arguments>.*)", "cli_error_required"),
    (r"expected one argument", "cli_error_expected_one"),
    (r"invalid (?P<type>\S+) value: (?P<value>.*)", "cli_error_invalid_value"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "cli_error_ambiguous"),
    (r"ignored explicit argument (?P<value>.*)", "cli_error_ignored"),
]


def translate(sentence: str, lang: str) -> str:
    """argparse's English ``sentence`` said in ``lang`` (as it came if it is not one argparse says)."""
    for pattern, key in _ARGPARSE_SENTENCES:
        found = re.fullmatch(pattern, sentence, flags=re.DOTALL)
        if found:
            fields = found.groupdict()
            if "problem" in fields:  # "argument --mode: invalid choice: ...": the inner sentence too
                fields["problem"] = translate(fields["problem"], lang)
            return say(key, lang, **fields)
    return sentence


def chosen_lang(argv: Sequence[str], environ=os.environ) -> str:
    """The language of the command line: ``--lang`` if given, else $MICROGRADKR_LANG, else Korean.

    Read before parsing, because ``--help`` and the errors of parsing speak it already.
    An unknown value falls back to Korean (the parser then says why it is refused).
    """
    lang = environ.get("MICROGRADKR_LANG", "ko")
    for k, word in enumerate(argv):
        if word == "--lang" and k + 1 < len(argv):
            lang = argv[k + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    return lang if lang in LANGS else "ko"


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Hangul syllable takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> List[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces (textwrap counts characters)."""
    lines: List[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _columns(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return lines + [line] if line else lines


class _Formatter(argparse.HelpFormatter):
    """Help text in the catalog's words ("usage"), wrapped by columns so Korean lines fit."""

    def __init__(self, prog, lang: str = "ko"):
        super().__init__(prog)
        self.lang = lang

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = say("cli_usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)

    def _split_lines(self, text, width):
        return wrap(text, width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser in one language: ``Parser(prog=..., lang='ko')``.

    Subcommands made with ``add_subparsers().add_parser(name, lang=...)`` are
    Parsers too (argparse builds them with the parent's class).
    """

    def __init__(self, *args, lang: str = "ko", **kwargs):
        self.lang = lang
        kwargs.setdefault("formatter_class", functools.partial(_Formatter, lang=lang))
        kwargs["add_help"] = False  # added below with a help line in our words
        super().__init__(*args, **kwargs)
        self._positionals.title = say("cli_positionals", lang)
        self._optionals.title = say("cli_options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=say("cli_help_help", lang))

    def error(self, message: str):
        """Print this command's usage and the error, once, in our language; exit with 2."""
        self.print_usage(sys.stderr)
        self.exit(2, say("cli_error", self.lang, prog=self.prog, message=translate(message, self.lang)) + "\n")

    def parse_args(self, args: Optional[Sequence[str]] = None, namespace=None):
        """As argparse's, but words left over are reported by the subcommand that was given them."""
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            owner = getattr(namespace, "command_parser", None) or self
            owner.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace
