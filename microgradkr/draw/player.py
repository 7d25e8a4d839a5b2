"""The backprop player: backpropagation step by step, as ONE self-contained HTML file.

The page holds the graph's SVG (laid out once by Graphviz, with room for the
longest gradient text each box will show), the frames as data, and a small
script that steps through them.  Nothing is loaded from the network; a
Content-Security-Policy with the hashes of the page's own script and style
blocks anything else, so even a hostile label could not run code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import string
import uuid
from importlib import resources
from pathlib import Path
from typing import List, Optional

from .. import checks
from ..fmt import format_number
from ..messages import say
from .dot import dot_source
from .markup import clean, shown_text
from .render import DEFAULT_TIMEOUT, check_timeout, render
from .layout import resolve_rankdir
from .scene import base_scene, check_options, check_title, edge_lines, resolve_root
from .steps import Frame, backward_frames, final_gradients, texts_seen
from .textwidth import text_width


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def script_json(data) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# $-placeholders: the CSS and script are full of braces.  Substituted values are not rescanned.
_PAGE = string.Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>$heading</title>
<style>$style</style>
</head>
<body>
<h1>$heading</h1>
<div id="mgk-controls">
<button id="mgk-prev" type="button">$prev</button>
<button id="mgk-play" type="button">$play</button>
<button id="mgk-next" type="button">$next</button>
<button id="mgk-projector" type="button" title="$projector_hint">$projector</button>
<span id="mgk-counter" aria-live="polite"></span>
<span class="mgk-hint">$keys</span>
</div>
<p class="mgk-legend">$legend</p>
<p id="mgk-note" aria-live="polite"></p>
<div id="mgk-graph">
$svg</div>
<script>$script</script>
</body>
</html>
""")


class Player:
    """Backpropagation of one graph, frame by frame; ``.save(path)`` writes the HTML page."""

    def __init__(self, root, lang: str = "ko", precision=4, rankdir: str = "auto",
                 title: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT):
        value, circuit_title = resolve_root(root, "backprop_player")
        check_options("backprop_player", "backward", lang, rankdir, precision)
        self.timeout = check_timeout(timeout, "backprop_player")
        self.lang = lang
        self.title = clean(circuit_title if check_title(title, "backprop_player") is None else title)
        self._scene = base_scene(value, "backward", lang, rankdir, precision, self.title)
        self.frames: List[Frame] = backward_frames(self._scene.nodes, lang, precision)
        self._precision = precision
        self._fit_texts()
        resolve_rankdir(self._scene)  # with the longest texts in place, as the layout will see them

    def _fit_texts(self) -> None:
        """Lay out each box with the widest text it will ever hold (in bold), so nothing overflows."""
        seen = texts_seen(self.frames, len(self._scene.nodes), self.lang, self._precision)
        self._scene.grad_texts = [max(texts, key=lambda t: text_width(shown_text(t), bold=True))
                                  for texts in seen]
        for frame in self.frames:
            for parent, position, text in frame.edges:
                self._scene.edge_texts[(parent, position)] = text

    @property
    def gradients(self) -> List[float]:
        """The gradient of each node (topological order) after the last frame."""
        return final_gradients(self.frames, len(self._scene.nodes))

    @property
    def source(self) -> str:
        """The DOT text of the player's picture."""
        return dot_source(self._scene)

    def _grad_text(self, shown_number: str) -> str:
        """A gradient cell's text exactly as the SVG holds it (padded)."""
        return shown_text(say("draw_grad", self.lang, grad=shown_number))

    def _data(self) -> dict:
        """Everything the page's script needs: frames as changes, and the texts of the buttons."""
        frames = [{
            "node": frame.node,
            "note": frame.note,
            "grads": [[j, value, self._grad_text(format_number(value, self._precision)), final]
                      for j, value, final in frame.grads],
            "edges": [[f"mgk-e{parent}-{position}", shown_text(edge_lines(text, len(self._scene.nodes)))]
                      for parent, position, text in frame.edges],
        } for frame in self.frames]
        return {
            "nodes": len(self._scene.nodes),
            "unknown": self._grad_text("?"),
            "edgeIds": sorted(f"mgk-e{p}-{k}" for p, k in self._scene.edge_texts),
            "frames": frames,
            "texts": {"play": say("player_play", self.lang), "pause": say("player_pause", self.lang),
                      # filled in by the script: the placeholders go through unchanged
                      "counter": say("player_counter", self.lang, k="{k}", n="{n}")},
        }

    def html(self) -> str:
        """The whole page (runs the renderer once for the layout)."""
        svg = render(self.source, "svg", self.timeout).decode("utf-8")
        script = "const DATA = " + script_json(self._data()) + ";\n" + _asset("player.js")
        style = _asset("player.css")
        heading = say("player_title", self.lang) + (f": {self.title}" if self.title else "")
        words = {key: html.escape(say("player_" + key, self.lang))
                 for key in ("prev", "play", "next", "keys", "legend", "projector", "projector_hint")}
        return _PAGE.substitute(
            lang=self.lang, heading=html.escape(heading), style=style, script=script,
            csp=(f"default-src 'none'; script-src {_csp_hash(script)}; "
                 f"style-src {_csp_hash(style)}; img-src data:"),
            svg=svg[svg.index("<svg"):],  # without the XML prolog and doctype: the SVG goes inline
            **words)

    def save(self, path) -> Path:
        """Write the page to `path` (UTF-8) and return the path."""
        path = Path(os.fsdecode(checks.file_path(path, "Player.save: path")))
        path.write_text(self.html(), encoding="utf-8")
        return path

    def save_frames(self, directory, stem: str = "frame") -> List[Path]:
        """Write every step as a numbered SVG (frame_00.svg ...), same colours as the page, for slides.

        notes.txt next to them holds each step's note.  Returns the SVG paths.
        """
        from .slides import save_frames  # only slides need the XML tools

        svg = render(self.source, "svg", self.timeout).decode("utf-8")
        return save_frames(svg, self._data(), directory, stem)

    def _repr_html_(self) -> Optional[str]:
        """Jupyter: the page in a sandboxed iframe; None (plain repr) if it cannot be rendered."""
        try:
            page = self.html()
        except Exception:  # a display hook must not raise; the plain repr still shows
            return None
        return _framed(page)

    def __repr__(self) -> str:
        return f"<microgradkr Player: {len(self.frames)} frames; .save(path)>"


# Under its frame in a notebook's output: the player posts {mgkPlayerHeight: px} (player.js) when it
# loads and whenever its body changes size, and this sizes the frame that sent it.  Asked once more
# here, for a player that spoke before the listener was there.  The frame is found by its id:
# classic Notebook runs an output's scripts through jQuery, where document.currentScript is not it.
_FIT_FRAME = string.Template("""<script>(function () {
  var frame = document.getElementById("$id");
  if (!frame || !frame.contentWindow) { return; }
  window.addEventListener("message", function (event) {
    var height = event.data && event.data.mgkPlayerHeight;
    if (event.source === frame.contentWindow && typeof height === "number") { frame.style.height = (height + 2) + "px"; }
  });
  frame.contentWindow.postMessage({ mgkAskHeight: true }, "*");
})();</script>""")


def _framed(page: str) -> str:
    """The player's page in a sandboxed iframe that takes the player's height (JupyterLab, Notebook, VS Code, Colab).

    Where the output's script cannot run (an untrusted notebook), the frame keeps a height
    guessed from the picture: the buttons, the note and the graph at its own size.
    """
    guess = 260 + _svg_height_px(page)
    frame_id = f"mgk-player-{uuid.uuid4().hex[:12]}"  # one per output: a notebook shows many players
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" id="{frame_id}" sandbox="allow-scripts" '
            f'allow="fullscreen" style="width: 100%; height: {guess}px; border: 1px solid #ddd"></iframe>'
            + _FIT_FRAME.substitute(id=frame_id))


def _svg_height_px(page: str) -> int:
    """The height of the page's SVG in CSS pixels (Graphviz writes it in points)."""
    match = re.search(r'<svg width="[^"]*" height="([0-9.]+)pt"', page)
    return int(float(match.group(1)) * 4 / 3) if match else 400


def backprop_player(root, lang: str = "ko", precision=4, rankdir: str = "auto",
                    title: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> Player:
    """A step-by-step backward pass of `root` (a Value or a gates circuit); ``.save('x.html')``.

    It replays backward() on its own copy of the gradients: the graph is not
    changed, and backward() need not have run.
    """
    return Player(root, lang, precision, rankdir, title, timeout)
