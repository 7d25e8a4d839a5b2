"""Shared test settings."""

import os
import signal

import pytest
from hypothesis import HealthCheck, settings

# No deadline: CI machines are slow and timing is the benchmark's job, not the tests'.
settings.register_profile("default", deadline=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


# ---------------------------------------------------------------- headless Chromium
# Debian's chromium through Playwright (Playwright's own browser download cannot
# work offline); tests that ask for `browser` skip without it.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Debian's chromium is needed: apt-get install chromium fonts-nanum (see README)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[test]' (see README)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# ---------------------------------------------------------------- calls that must not hang
def fail_after(seconds: int, what: str):
    """A generator for a fixture: a call that blocks longer than `seconds` raises TimeoutError instead."""
    def too_slow(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s{what}")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def no_hang():
    """A call that waits (on standard input, on an endless allocation) fails instead."""
    yield from fail_after(20, "")
