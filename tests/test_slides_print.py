"""Slides (microgradkr slides) and the tour printed: checked by printing to PDF in Chromium.

The pages are read back with poppler-utils (pdftoppm, pdftotext), which .ci/run
installs; README: apt-get install poppler-utils.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from microgradkr.cli import main
from microgradkr.tour import run_tour
from microgradkr.tour.deck import find_topic
from microgradkr.tour.topics import TOPICS

POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="apt-get install poppler-utils (see README)")


def pages_text(pdf: Path):
    """The text of each page of ``pdf``."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def page_sizes(pdf: Path, folder: Path):
    """(width, height) in px of each page rendered to PNG by pdftoppm."""
    subprocess.run(["pdftoppm", "-r", "24", "-png", str(pdf), str(folder / "page")], check=True)
    from PIL import Image

    return [Image.open(path).size for path in sorted(folder.glob("page-*.png"))]


def test_topics_are_found_by_number_or_name():
    assert find_topic("4") == find_topic("04") == find_topic("04_computational_graph") == TOPICS[3]
    assert find_topic("04_computational_graph.py") == find_topic("computational_graph") == TOPICS[3]
    with pytest.raises(ValueError, match="01_random_init"):
        find_topic("99")


@needs_poppler
def test_slides_one_picture_or_step_per_page(tmp_path, capsys, browser):  # browser: skips without chromium
    out = tmp_path / "slides"
    assert main(["slides", "4", "--out", str(out), "--pdf"]) == 0
    assert str(out / "slides.pdf") in capsys.readouterr().out
    deck = (out / "slides.html").read_text(encoding="utf-8")
    slides = deck.count('<section class="slide">')
    steps = len(list(out.glob("04_apple_player_step*.svg")))
    assert steps == 6  # the apple player's frames: one slide each
    sizes = page_sizes(out / "slides.pdf", tmp_path)
    assert len(sizes) == slides  # one slide, one page: nothing spills onto a second page
    assert all(abs(w / h - 1280 / 720) < 0.02 for w, h in sizes)  # each page a projector's screen
    texts = pages_text(out / "slides.pdf")
    assert texts[0].strip().startswith(TOPICS[3].title["ko"])
    assert sum("단계 3 / 5" in text for text in texts) >= 1 and any("학습지" in text for text in texts)


@needs_poppler
def test_the_tour_prints_one_topic_per_page(tmp_path, browser):
    chosen = [TOPICS[1], TOPICS[3], TOPICS[5]]
    result = run_tour(tmp_path / "tour", topics=chosen)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(result.index.resolve().as_uri())
    page.wait_for_load_state("load")
    pdf = tmp_path / "tour.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    texts = pages_text(pdf)
    # the contents alone on the first page, then each topic's heading at the top of a new page
    starts = [k for k, text in enumerate(texts) for n, topic in enumerate(chosen, 1)
              if text.strip().startswith(f"{n}. {topic.title['ko']}")]
    assert len(starts) == len(chosen) and starts == sorted(starts) and starts[0] == 1
    assert not re.search(r"demo = kit\.start", "".join(texts))  # the code (details) is not printed
