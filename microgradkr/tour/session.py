"""Running one demo script inside the tour: its printed lines and its pictures, in order."""

from __future__ import annotations

import contextlib
import io
import runpy
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from . import kit
from .topics import Topic, demo_folder


@dataclass
class Event:
    """One thing a demo showed: printed text, or a saved (or left out) picture."""

    kind: str                   # 'text', 'svg', 'plot', 'player', 'left_out', 'error'
    text: str = ""              # printed text, the caption, or the error
    path: Optional[Path] = None
    reason: str = ""            # why a picture was left out


@dataclass
class DemoRun:
    """Everything one demo did, for the page and the summary."""

    topic: Topic
    events: List[Event] = field(default_factory=list)
    seconds: float = 0.0
    failed: bool = False
    notices: List[str] = field(default_factory=list)  # the warnings it raised, each once

    def count(self, kind: str) -> int:
        return sum(1 for event in self.events if event.kind == kind)


class Session:
    """Given to kit.start() while a demo runs: collects the demo's output as events."""

    def __init__(self, out: Path, lang: str):
        self.out = out
        self.lang = lang
        self.events: List[Event] = []
        self.buffer = io.StringIO()

    def demo(self, name: str) -> kit.Demo:
        return kit.Demo(name, self.out, self.lang, session=self)

    def flush_text(self) -> None:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        if text.strip():
            self.events.append(Event("text", text.strip("\n")))

    def add(self, kind: str, path: Path, caption: str) -> None:
        self.flush_text()  # the lines printed before the picture come first
        self.events.append(Event(kind, caption, Path(path)))

    def left_out(self, kind: str, filename: str, caption: str, reason: str) -> None:
        self.flush_text()
        self.events.append(Event("left_out", caption, Path(filename), reason))


def run_demo(topic: Topic, out: Path, lang: str) -> DemoRun:
    """Run one demo script in this process, capturing what it prints and draws."""
    session = Session(out, lang)
    run = DemoRun(topic)
    start = time.perf_counter()
    kit._session = session
    # warnings are kept for the summary: printed as they come, they would split the progress lines
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            with contextlib.redirect_stdout(session.buffer):
                runpy.run_path(str(demo_folder() / topic.script), run_name="__main__")
        except Exception:  # a broken demo is shown on the page; the others still run
            session.flush_text()
            session.events.append(Event("error", traceback.format_exc(limit=-3)))
            run.failed = True
        finally:
            kit._session = None
    run.notices = list(dict.fromkeys(str(w.message) for w in caught))
    session.flush_text()
    run.events = session.events
    run.seconds = time.perf_counter() - start
    return run
