"""The backprop player's frames as numbered SVG files, one per step, for a teacher's slides.

Each file is the player's own picture (laid out once by Graphviz) with the
texts and colours the page shows at that step: unknown gradients grey,
partial sums orange, final gradients red and bold, the current node yellow.
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import List

from ..messages import message

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

#: the colours of player.css, written into the files (a slide has no stylesheet)
COLOURS = {"unknown": "#999999", "partial": "#d35400", "final": "#c0392b", "current": "#ffd966"}


def _texts(group) -> List[ET.Element]:
    return list(group.iter(f"{{{SVG}}}text"))


def _state(frames: list, k: int):
    """(gradient text and kind of each node, text of each edge) after frames 0..k."""
    grads, edges = {}, {}
    for frame in frames[:k + 1]:
        for j, _value, text, final in frame["grads"]:
            grads[j] = (text, "final" if final else "partial")
        for edge_id, text in frame["edges"]:
            edges[edge_id] = text
    return grads, edges


def frame_svgs(svg_text: str, data: dict) -> List[str]:
    """One SVG text per frame of the player's data (see Player._data)."""
    start = svg_text.index("<svg")
    base = ET.fromstring(svg_text[start:])
    out = []
    for k, frame in enumerate(data["frames"]):
        root = copy.deepcopy(base)
        groups = {g.get("id"): g for g in root.iter(f"{{{SVG}}}g") if g.get("id")}
        grads, edges = _state(data["frames"], k)
        for i in range(data["nodes"]):
            group = groups.get(f"mgk-v{i}")
            texts = _texts(group) if group is not None else []
            if not texts:
                continue
            text, kind = grads.get(i, (data["unknown"], "unknown"))
            texts[-1].text = text
            texts[-1].set("fill", COLOURS[kind])
            if kind == "final":
                texts[-1].set("font-weight", "bold")
        for edge_id in data["edgeIds"]:
            group = groups.get(edge_id)
            texts = _texts(group) if group is not None else []
            lines = edges.get(edge_id, "").split("\n") if edges.get(edge_id) else []
            for n, element in enumerate(texts):
                element.text = lines[n] if n < len(lines) else ""
        if frame["node"] is not None:
            for name in (f"mgk-v{frame['node']}", f"mgk-op{frame['node']}"):
                group = groups.get(name)
                for shape in [] if group is None else list(group.iter(f"{{{SVG}}}polygon")) + list(
                        group.iter(f"{{{SVG}}}ellipse")):
                    shape.set("fill", COLOURS["current"])
                    shape.set("stroke-width", "2")
            for edge_id, _ in frame["edges"]:
                for path in [] if groups.get(edge_id) is None else groups[edge_id].iter(f"{{{SVG}}}path"):
                    path.set("stroke-width", "2.6")
        out.append('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                   + ET.tostring(root, encoding="unicode") + "\n")
    return out


def save_frames(svg_text: str, data: dict, directory, stem: str = "frame") -> List[Path]:
    """Write frame_00.svg, frame_01.svg, ... and notes.txt (the note of each step); returns the SVG paths."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ValueError(message("slides_bad_folder", path=directory))
    directory.mkdir(parents=True, exist_ok=True)
    svgs = frame_svgs(svg_text, data)
    width = max(2, len(str(len(svgs) - 1)))
    paths = []
    notes = []
    for k, (svg, frame) in enumerate(zip(svgs, data["frames"])):
        path = directory / f"{stem}_{k:0{width}d}.svg"
        path.write_text(svg, encoding="utf-8")
        paths.append(path)
        notes.append(f"[{path.name}]\n{frame['note']}\n")
    (directory / "notes.txt").write_text("\n".join(notes), encoding="utf-8")
    return paths


def player_page_parts(page: str):
    """(svg text, data) of a page Player.html() wrote: what frame_svgs() needs, read back from the file."""
    start = page.index('<div id="mgk-graph">') + len('<div id="mgk-graph">')
    svg = page[start:page.index("</svg>", start) + len("</svg>")]
    marker = "const DATA = "
    begin = page.index(marker) + len(marker)
    data, _ = json.JSONDecoder().raw_decode(page[begin:])
    return svg.strip(), data
