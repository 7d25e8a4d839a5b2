"""``microgradkr tour``: run every demo and write one page that walks through them.

    >>> from microgradkr.tour import run_tour
    >>> result = run_tour("microgradkr-tour", lang="ko")   # doctest: +SKIP
    >>> result.index                                       # doctest: +SKIP
    PosixPath('microgradkr-tour/index.html')

Each demo in ``demos/`` runs in this process (see session.py); what it
prints and the pictures it saves become one section of index.html
(page.py).  The demos are the single source: the tour adds only the titles
and short introductions of topics.py.
"""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence

from ..messages import check_lang, say
from .page import index_page
from .session import DemoRun, run_demo
from .topics import FILES, TOPICS, Topic

#: the pictures go in this folder next to index.html


@dataclass
class TourResult:
    index: Path
    runs: List[DemoRun]
    seconds: float
    notices: List[str] = field(default_factory=list)  # warnings the demos raised, each once

    def count(self, kind: str) -> int:
        return sum(run.count(kind) for run in self.runs)

    @property
    def failed(self) -> List[DemoRun]:
        return [run for run in self.runs if run.failed]


def run_tour(out="microgradkr-tour", lang: str = "ko", topics: Optional[Sequence[Topic]] = None,
             progress=None) -> TourResult:
    """Run the demos (all of TOPICS by default) and write ``out/index.html``.

    ``progress`` is a text stream for one line per topic (None: quiet).
    """
    check_lang(lang)
    topics = list(TOPICS if topics is None else topics)
    root = Path(out)
    files = root / FILES
    files.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    runs = []
    # warnings are kept for the summary: printed as they come, they would split the progress lines
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for k, topic in enumerate(topics, 1):
            if progress is not None:
                print(f"[{k:2d}/{len(topics)}] {topic.title[lang]} ...", end=" ", file=progress, flush=True)
            run = run_demo(topic, files, lang)
            runs.append(run)
            if progress is not None:
                status = say("tour_failed", lang) if run.failed else say("tour_seconds", lang, seconds=f"{run.seconds:.1f}")
                print(status, file=progress, flush=True)
    index = root / "index.html"
    index.write_text(index_page(runs, root, lang), encoding="utf-8")
    notices = list(dict.fromkeys(str(w.message) for w in caught))
    return TourResult(index, runs, time.perf_counter() - start, notices)


def summary(result: TourResult, lang: str) -> str:
    """The closing lines: what was made, what was left out and why, where the page is."""
    lines = [say("tour_summary", lang, topics=len(result.runs), graphs=result.count("svg"),
                 plots=result.count("plot"), players=result.count("player"),
                 seconds=f"{result.seconds:.1f}")]
    left_out = [event for run in result.runs for event in run.events if event.kind == "left_out"]
    if left_out:
        reasons = sorted({event.reason for event in left_out})
        lines.append(say("tour_left_out_summary", lang, count=len(left_out),
                         names=", ".join(event.path.name for event in left_out)))
        if "matplotlib" in reasons:
            lines.append(say("tour_install_plot", lang))
    for run in result.failed:
        lines.append(say("tour_demo_failed", lang, script=run.topic.script))
    lines += result.notices
    lines.append(say("tour_open", lang, path=result.index.resolve()))
    return "\n".join(lines)


def main(out, lang: str, open_browser: bool = False, stream=None) -> int:
    """What `microgradkr tour` does; returns the exit code (1 if a demo failed)."""
    stream = stream or sys.stdout
    result = run_tour(out, lang, progress=stream)
    print(summary(result, lang), file=stream)
    if open_browser:
        import webbrowser

        webbrowser.open(result.index.resolve().as_uri())
    return 1 if result.failed else 0
