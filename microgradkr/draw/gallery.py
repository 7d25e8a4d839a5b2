"""The gate gallery: every teaching graph as forward SVG, backward SVG and player, plus index.html."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Dict, List

from ..gates import GATES
from ..messages import check_lang, say
from .drawing import draw_dot
from .screens import screen_figure
from .player import backprop_player
from .render import DEFAULT_TIMEOUT


def gallery_files(name: str) -> Dict[str, str]:
    """The file names written for one gate."""
    return {"forward": f"{name}_forward.svg", "backward": f"{name}_backward.svg",
            "player": f"{name}_player.html"}


def write_gate(directory: Path, name: str, lang: str, timeout: float) -> str:
    """Write one gate's three files; returns its title."""
    circuit = GATES[name](lang=lang)
    files = gallery_files(name)
    draw_dot(circuit, "forward", lang, timeout=timeout).save(directory / files["forward"])
    circuit.backward()
    draw_dot(circuit, "backward", lang, timeout=timeout).save(directory / files["backward"])
    backprop_player(circuit, lang, timeout=timeout).save(directory / files["player"])
    return circuit.title or name


def index_page(entries: List[tuple], lang: str, directory: Path = Path(".")) -> str:
    """index.html: one section per gate with its forward picture and links."""
    title = html.escape(say("gallery_title", lang))
    sections = []
    for name, gate_title in entries:
        files = {key: html.escape(value) for key, value in gallery_files(name).items()}
        sections.append(
            f'<section id="{html.escape(name)}">\n<h2>{html.escape(gate_title)} '
            f'<small>({html.escape(name)})</small></h2>\n'
            f'<p><a href="{files["forward"]}">{html.escape(say("gallery_forward", lang))}</a> · '
            f'<a href="{files["backward"]}">{html.escape(say("gallery_backward", lang))}</a> · '
            f'<a href="{files["player"]}">{html.escape(say("gallery_player", lang))}</a></p>\n'
            + screen_figure(directory / gallery_files(name)["forward"], files["forward"], gate_title, lang)
            + "\n"
            "</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        "<style>body{font-family:sans-serif;margin:0 auto;max-width:70em;padding:1.5em;color:#222}"
        "section{margin:1.5em 0;border-top:1px solid #ddd}img{max-width:100%;max-height:720px;width:auto;height:auto}figure{margin:1em 0}"
        "figure.parts img{display:block;margin-top:.8em}.part{color:#777;font-size:.9em}"
        ".note{background:#fffbe6;border-left:4px solid #e6c200;padding:.4em .8em}"
        "small{color:#777;font-weight:normal}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n" + "\n".join(sections) + "\n</body>\n</html>\n")


def write_gallery(directory, lang: str = "ko", timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Write every gate of microgradkr.gates.GATES into `directory`; returns index.html's path."""
    check_lang(lang)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    entries = [(name, write_gate(directory, name, lang, timeout)) for name in GATES]
    index = directory / "index.html"
    index.write_text(index_page(entries, lang, directory), encoding="utf-8")
    return index
