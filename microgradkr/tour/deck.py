"""``microgradkr slides TOPIC``: one topic of the tour as slides, one picture or step per page.

The topic's demo runs as in the tour; then every picture it saved becomes a
slide (a long graph one slide per screen, as on the tour page), every
backprop player one slide per step with its note, and every block of printed
numbers a slide of its own.  The deck is one HTML file whose pages are
1280 x 720 (a projector's screen): shown in a browser, or printed, one slide
per page.  With ``pdf=True`` Chromium prints it to ``slides.pdf``.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional

from ..draw.screens import screens
from ..draw.slides import frame_svgs, player_page_parts
from ..messages import message, say
from .session import run_demo
from .topics import TOPICS, Topic

STYLE = """
@page { size: 1280px 720px; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
       color: #222; background: #888; }
.slide { width: 1280px; height: 720px; box-sizing: border-box; padding: 28px 40px; background: white;
         display: flex; flex-direction: column; overflow: hidden; margin: 0 auto 16px;
         break-after: page; page-break-after: always; }
.slide h1 { font-size: 44px; margin: auto 0 16px; }
.slide h2 { font-size: 26px; margin: 0 0 12px; }
.slide p { font-size: 24px; line-height: 1.5; margin: 0 0 auto; }
.slide .picture { flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; }
.slide .picture img { width: 100%; height: 100%; object-fit: contain; }  /* as large as the slide allows */
.slide pre { font-size: 20px; line-height: 1.35; white-space: pre-wrap; margin: 0;
             font-family: "D2Coding", "NanumGothicCoding", monospace; }
.slide .note { font-size: 22px; background: #f6f6f6; border-left: 6px solid #c0392b; padding: 8px 14px;
               margin: 0 0 10px; white-space: pre-line; }
@media print { body { background: white; } .slide { margin: 0; } }
"""


def find_topic(name: str) -> Topic:
    """The topic a person names: its number ('4', '04'), its script ('04_computational_graph.py') or stem."""
    text = str(name).strip()
    for k, topic in enumerate(TOPICS, 1):
        stem = topic.script[:-3]
        if text in (str(k), f"{k:02d}", topic.script, stem, stem.split("_", 1)[1]):
            return topic
    names = ", ".join(t.script[:-3] for t in TOPICS)
    raise ValueError(message("slides_unknown_topic", name=text, names=names))


def _slide(heading: str, body: str) -> str:
    return f'<section class="slide"><h2>{html.escape(heading)}</h2>{body}</section>'


def _picture(src: str, alt: str) -> str:
    return f'<div class="picture"><img src="{html.escape(src)}" alt="{html.escape(alt)}"></div>'


def deck_page(topic: Topic, events, out: Path, lang: str) -> str:
    """The deck's HTML; writes the parts and the player steps it shows into ``out``."""
    title = topic.title[lang]
    slides = [f'<section class="slide"><h1>{html.escape(title)}</h1>'
              f"<p>{html.escape(topic.intro[lang])}</p></section>"]
    for event in events:
        if event.kind == "text":
            slides.append(_slide(title, f"<pre>{html.escape(event.text)}</pre>"))
        elif event.kind == "plot":
            slides.append(_slide(event.text, _picture(os.path.relpath(event.path, out), event.text)))
        elif event.kind == "svg":
            parts = screens(event.path.read_text(encoding="utf-8"))
            for k, part in enumerate(parts, 1):
                name = event.path.name if len(parts) == 1 else f"{event.path.stem}_screen{k}.svg"
                if len(parts) > 1:
                    (out / name).write_text(part, encoding="utf-8")
                src = os.path.relpath(event.path.parent / name, out) if len(parts) == 1 else name
                heading = event.text if len(parts) == 1 else \
                    f"{event.text} ({say('fit_part', lang, k=k, n=len(parts))})"
                slides.append(_slide(heading, _picture(src, heading)))
        elif event.kind == "player":
            svg, data = player_page_parts(event.path.read_text(encoding="utf-8"))
            for k, (frame_svg, frame) in enumerate(zip(frame_svgs(svg, data), data["frames"])):
                name = f"{event.path.stem}_step{k:02d}.svg"
                (out / name).write_text(frame_svg, encoding="utf-8")
                counter = data["texts"]["counter"].replace("{k}", str(k)).replace("{n}", str(len(data["frames"]) - 1))
                slides.append(_slide(f"{event.text} · {counter}",
                                     f'<p class="note">{html.escape(frame["note"])}</p>' + _picture(name, counter)))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(slides) + "\n</body>\n</html>\n")


def chromium() -> Optional[str]:
    """The Chromium that prints the PDF: $MICROGRADKR_CHROMIUM, else chromium on PATH."""
    chosen = os.environ.get("MICROGRADKR_CHROMIUM")
    if chosen:
        return chosen
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(page: Path, pdf: Path, timeout: float = 120) -> Path:
    """Print the HTML ``page`` to ``pdf`` with headless Chromium (each slide a page)."""
    exe = chromium()
    if exe is None:
        raise RuntimeError(message("slides_no_chromium", page=page))
    args = [exe, "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf.resolve()}", page.resolve().as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    with tempfile.TemporaryDirectory() as profile:  # never the user's own profile
        args.insert(1, f"--user-data-dir={profile}")
        done = subprocess.run(args, capture_output=True, timeout=timeout)
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(message("slides_pdf_failed", page=page, reason=done.stderr.decode(errors="replace")[-300:]))
    return pdf


def write_slides(name, out="microgradkr-slides", lang: str = "ko", pdf: bool = False) -> List[Path]:
    """Run topic ``name`` and write ``out/slides.html`` (and ``out/slides.pdf`` with pdf=True)."""
    topic = find_topic(name)
    out = Path(out)
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    run = run_demo(topic, files, lang)
    if run.failed:
        raise RuntimeError(message("slides_demo_failed", script=topic.script))
    page = out / "slides.html"
    page.write_text(deck_page(topic, run.events, out, lang), encoding="utf-8")
    written = [page]
    if pdf:
        written.append(print_pdf(page, out / "slides.pdf"))
    return written
