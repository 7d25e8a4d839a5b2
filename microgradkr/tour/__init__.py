"""``microgradkr tour``: run every demo and write one page that walks through them.

    >>> from microgradkr.tour import run_tour
    >>> result = run_tour("microgradkr-tour", lang="ko")   # doctest: +SKIP
    >>> result.index                                       # doctest: +SKIP
    PosixPath('microgradkr-tour/index.html')

Each demo in ``demos/`` runs in a Python process of the tour (see
session.py), two at a time on a machine with two cores or more; what it
prints and the pictures it saves become one section of index.html
(page.py).  The demos are the single source: the tour adds only the titles
and short introductions of topics.py.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import sys
import time
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
             progress=None, jobs: Optional[int] = None) -> TourResult:
    """Run the demos (all of TOPICS by default) and write ``out/index.html``.

    ``progress`` is a text stream for a first line at once, then one line per
    topic, in order (None: quiet).  ``jobs`` demos run at the same time, each
    in a process of its own (default: 2, or 1 on a one-core machine); with
    ``jobs=1`` they run one after the other in this process.
    """
    check_lang(lang)
    topics = list(TOPICS if topics is None else topics)
    jobs = default_jobs(len(topics)) if jobs is None else max(1, min(jobs, len(topics) or 1))
    root = Path(out)
    files = root / FILES
    files.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if progress is not None:
        print(say("tour_start", lang, topics=len(topics), jobs=jobs), file=progress, flush=True)
    runs = []
    for k, run in enumerate(_runs(topics, files, lang, jobs), 1):
        runs.append(run)
        if progress is not None:
            status = say("tour_failed", lang) if run.failed else say("tour_seconds", lang, seconds=f"{run.seconds:.1f}")
            print(f"[{k:2d}/{len(topics)}] {run.topic.title[lang]} ... {status}", file=progress, flush=True)
    index = root / "index.html"
    index.write_text(index_page(runs, root, lang), encoding="utf-8")
    notices = list(dict.fromkeys(notice for run in runs for notice in run.notices))
    return TourResult(index, runs, time.perf_counter() - start, notices)


def default_jobs(topics: int) -> int:
    """How many demos run at once: two where the machine has the cores and can fork, else one.

    The demos are independent (each writes files of its own prefix), and the
    slow ones (10 and 11 train networks) then overlap with the rest: on two
    cores the tour takes a little over half as long.
    """
    if os.environ.get("MICROGRADKR_TOUR_JOBS", "").isdigit():  # e.g. 1 to compare, or on a shared machine
        return max(1, min(int(os.environ["MICROGRADKR_TOUR_JOBS"]), topics))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # spawn would import everything again per process: not worth it for 13 short demos
    return max(1, min(2, os.cpu_count() or 1, topics))


def _runs(topics, files, lang, jobs):
    """Each topic's DemoRun, in the topics' order, as soon as it (and those before it) are done."""
    if jobs == 1:
        for topic in topics:
            yield run_demo(topic, files, lang)
        return
    # fork: a worker starts with this process's modules (and whatever a caller hid from it)
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures = [pool.submit(run_demo, topic, files, lang) for topic in topics]
        for future in futures:
            yield future.result()


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
