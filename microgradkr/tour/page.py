"""The tour's index.html: every topic in order, its text, printed numbers, pictures, plots and players.

Plain HTML and CSS, nothing from the network: pictures are files next to the
page (SVG for graphs, so Hangul is drawn by the browser's own fonts; PNG for
plots), players are embedded in iframes.  Its one script makes each player's
frame as tall as the player says it is (the player posts its height), so a
player never scrolls inside its frame.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import List
from urllib.parse import quote

from ..draw.screens import screen_figure
from ..messages import say
from .session import DemoRun, Event
from .topics import FILES, demo_folder

STYLE = """
body{font-family:"Noto Sans KR","NanumGothic","Malgun Gothic","Apple SD Gothic Neo",sans-serif;
     margin:0 auto;max-width:70em;padding:1.5em;color:#222;line-height:1.55}
nav ol{columns:2}
section{border-top:2px solid #ddd;margin-top:2.5em;padding-top:.5em}
pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.8em;overflow-x:auto;font-size:.9em;
    font-family:"D2Coding","NanumGothicCoding",monospace}
pre.error{background:#fff0f0;border-color:#e99}
figure{margin:1.2em 0}
figure img{max-width:100%;max-height:720px;width:auto;height:auto;border:1px solid #eee;box-sizing:border-box}
figcaption{color:#555;font-size:.95em}
figure.parts img{display:block;margin-top:.8em}
.part{color:#777;font-size:.9em}
iframe{width:100%;height:34em;border:1px solid #ccc;display:block}
.meta{color:#666;font-size:.9em}
.note{background:#fffbe6;border-left:4px solid #e6c200;padding:.4em .8em}
/* printed: the contents on the first page, then one topic per page; no code, no interactive frames */
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  nav{break-after:page}
  section{break-before:page;border-top:none;margin-top:0;padding-top:0}
  details,iframe{display:none}
  figure{break-inside:avoid}
  figure img{max-height:22cm;border:none}
  pre{white-space:pre-wrap;break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
"""


def _link(path: Path, root: Path) -> str:
    return html.escape(quote(path.relative_to(root).as_posix()))


def _event(event: Event, root: Path, lang: str) -> str:
    caption = html.escape(event.text)
    if event.kind == "text":
        return f"<pre>{html.escape(event.text)}</pre>"
    if event.kind == "error":
        return f'<pre class="error">{html.escape(event.text)}</pre>'
    if event.kind == "left_out":
        reason = html.escape(event.reason)
        return f'<p class="note">{html.escape(say("tour_left_out", lang))}: {caption} ({reason})</p>'
    link = _link(event.path, root)
    if event.kind == "player":
        return (f'<figure><iframe src="{link}" title="{caption}" allow="fullscreen"></iframe>\n'
                f'<figcaption>{caption} · <a href="{link}">{html.escape(say("tour_open_player", lang))}</a>'
                "</figcaption></figure>")
    if event.kind == "svg":  # whole, or in parts that each fit a projector's screen (see screens.py)
        return screen_figure(event.path, link, event.text, lang)
    kind = ""
    return (f'<figure{kind}><a href="{link}"><img src="{link}" alt="{caption}"></a>\n'
            f"<figcaption>{caption}</figcaption></figure>")


def _notebook_link(topic, root: Path, lang: str) -> str:
    """A link to the topic's notebook, copied next to the page (to download and open in Jupyter or Colab)."""
    notebook = demo_folder() / "notebooks" / (Path(topic.script).stem + ".ipynb")
    if not notebook.is_file():
        return ""
    copy = root / FILES / notebook.name  # with the pictures: the tour writes nothing else
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, copy)
    return (f'<p class="meta"><a href="{_link(copy, root)}" download>'
            f"{html.escape(say('tour_notebook', lang, name=notebook.name))}</a></p>")


def _section(number: int, run: DemoRun, root: Path, lang: str) -> str:
    topic = run.topic
    title = html.escape(topic.title[lang])
    meta = say("tour_meta", lang, tutorial=topic.tutorial[lang], script=f"demos/{topic.script}",
               seconds=f"{run.seconds:.1f}")
    parts = [f'<section id="topic-{number}">',
             f"<h2>{number}. {title}</h2>",
             f'<p class="meta">{html.escape(meta)}</p>',
             f"<p>{html.escape(topic.intro[lang])}</p>",
             _notebook_link(topic, root, lang)]
    parts += [_event(event, root, lang) for event in run.events]
    script = demo_folder() / topic.script
    if script.is_file():  # (a missing script is already on the page as the demo's error)
        source = script.read_text(encoding="utf-8")
        parts.append(f"<details><summary>{html.escape(say('tour_source', lang, script=topic.script))}</summary>"
                     f"<pre>{html.escape(source)}</pre></details>")
    parts.append("</section>")
    return "\n".join(parts)


# each player posts {mgkPlayerHeight: px} (player.js); its frame takes that height
FIT_PLAYERS = """
window.addEventListener("message", function (event) {
  var frames = document.getElementsByTagName("iframe"), i, height = event.data && event.data.mgkPlayerHeight;
  if (typeof height !== "number") { return; }
  for (i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === event.source) { frames[i].style.height = (height + 2) + "px"; }
  }
});
window.addEventListener("load", function () {  // a player that spoke before this page listened: again
  var frames = document.getElementsByTagName("iframe"), i;
  for (i = 0; i < frames.length; i++) { frames[i].contentWindow.postMessage({ mgkAskHeight: true }, "*"); }
});
"""


def index_page(runs: List[DemoRun], root: Path, lang: str) -> str:
    """The whole page; ``root`` is the folder index.html is written to."""
    title = html.escape(say("tour_title", lang))
    toc = "\n".join(f'<li><a href="#topic-{k}">{html.escape(run.topic.title[lang])}</a></li>'
                    for k, run in enumerate(runs, 1))
    sections = "\n".join(_section(k, run, root, lang) for k, run in enumerate(runs, 1))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{STYLE}</style>\n<script>{FIT_PLAYERS}</script>\n</head>\n<body>\n"
            f"<h1>{title}</h1>\n<p>{html.escape(say('tour_intro', lang))}</p>\n"
            f"<nav><ol>\n{toc}\n</ol></nav>\n{sections}\n</body>\n</html>\n")
