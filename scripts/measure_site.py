"""Measure the browser site against its budgets, in Debian's Chromium.

    python scripts/measure_site.py [--site DIR] [--runs 3] [--epochs 10]

Prints, for the playground served on 127.0.0.1 with every other request aborted:
the time from opening the page to its first picture with a cold cache (a fresh
browser context each run) and with a warm one (a reload), the bytes transferred,
and one training epoch of the moons MLP in the page against the same epoch in
this CPython.  Budgets (issue 25): first picture within 8 s cold, at most 40 MB,
an epoch within 3x CPython's.  Without --site the site is built first.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
BUDGET_SECONDS, BUDGET_MB, BUDGET_RATIO = 8.0, 40.0, 3.0

# when the first SVG appears in an output, in ms since the page began to load
FIRST_PICTURE = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('.mgk-output svg')) {
    window.mgkFirstPicture = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
TRANSFERRED = """
[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .reduce((sum, entry) => sum + entry.transferSize, 0)
"""


def serve(folder: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def new_page(browser, url: str, outside: list):
    context = browser.new_context()  # a context of its own: an empty cache
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                  else (outside.append(route.request.url), route.abort()))
    context.add_init_script(FIRST_PICTURE)
    return context, context.new_page()


def first_picture(page, url: str):
    page.goto(url + "playground.html")
    page.wait_for_function("window.mgkFirstPicture !== undefined", timeout=120_000)
    return page.evaluate("window.mgkFirstPicture") / 1000.0, page.evaluate(TRANSFERRED)


def browser_epochs(browser, url: str, outside: list, epochs: int) -> list:
    context, page = new_page(browser, url, outside)
    page.goto(url + "explorer.html")
    page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=120_000)
    for done in range(1, epochs + 1):
        page.click("#mgk-step")
        page.wait_for_function(
            f"JSON.parse(document.querySelector('#mgk-training').dataset.seconds).length === {done}")
    seconds = json.loads(page.get_attribute("#mgk-training", "data-seconds"))
    context.close()
    return seconds


def cpython_epochs(epochs: int) -> list:
    sys.path.insert(0, str(ROOT / "site"))
    import mgk_page  # the page's own training code, here in CPython

    training = mgk_page.Training()
    training.step(epochs)
    return training.seconds


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="microgradkr-site-"))
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--out", str(site)], check=True)
    on_disk = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    url = serve(site)
    outside: list = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cold, warm, sizes = [], [], []
        for _ in range(args.runs):
            context, page = new_page(browser, url, outside)
            seconds, transferred = first_picture(page, url)
            cold.append(seconds)
            sizes.append(transferred)
            warm.append(first_picture(page, url)[0])  # the same context again: from the cache
            context.close()
        in_page = browser_epochs(browser, url, outside, args.epochs)
        browser.close()
    here = cpython_epochs(args.epochs)

    page_epoch, cpython_epoch = statistics.median(in_page), statistics.median(here)
    ratio = page_epoch / cpython_epoch
    megabytes = max(sizes) / 1e6
    print(f"site on disk: {on_disk / 1e6:.1f} MB in {sum(1 for p in site.rglob('*') if p.is_file())} files")
    print("first picture, cold cache: " + ", ".join(f"{s:.2f} s" for s in cold)
          + f" (median {statistics.median(cold):.2f} s; budget {BUDGET_SECONDS:g} s)")
    print("first picture, warm cache: " + ", ".join(f"{s:.2f} s" for s in warm))
    print(f"transferred (cold): {megabytes:.1f} MB (budget {BUDGET_MB:g} MB)")
    print(f"one moons epoch (MLP 2-8-8-1, 60 points, median of {args.epochs}): "
          f"page {page_epoch * 1000:.1f} ms, CPython {cpython_epoch * 1000:.1f} ms, "
          f"ratio {ratio:.2f}x (budget {BUDGET_RATIO:g}x)")
    print(f"requests outside 127.0.0.1: {len(outside)}" + (f" {outside}" if outside else ""))
    within = (statistics.median(cold) <= BUDGET_SECONDS and megabytes <= BUDGET_MB
              and ratio <= BUDGET_RATIO and not outside)
    print("budgets: " + ("all met" if within else "NOT all met"))


if __name__ == "__main__":
    main()
