"""A real JupyterLab on localhost, driven by Debian's Chromium through Playwright.

Used by tests/test_explore_browser.py and scripts/make_explore_screenshot.py:

    with jupyterlab(folder) as lab:                 # a server of this Python, in folder
        page = open_notebook(browser, lab, "explore.ipynb")
        run_first_cell(page)

The server listens on 127.0.0.1 only, with a random token, its own config,
data, runtime, settings and workspace folders inside ``folder`` (nothing of the
user's Jupyter set-up is read or written), and never fetches news or update
checks: it must work without the internet.  It is stopped on leaving the block.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: what keeps JupyterLab off the internet: no news, no update check, no extension index, no language servers
_CONFIG = """\
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.ServerApp.open_browser = False
c.LanguageServerManager.autodetect = False
c.LabApp.extension_manager = "readonly"
"""
_SETTINGS = {  # user settings: no "get Jupyter news?" question over the notebook
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


class Lab(NamedTuple):
    url: str
    token: str
    folder: Path
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(path: Path, cells) -> Path:
    """A notebook of code cells with the python3 kernel named (so Lab asks no question)."""
    notebook = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell{i}", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": code} for i, code in enumerate(cells)],
    }
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return path


@contextlib.contextmanager
def jupyterlab(folder: Path, startup_seconds: float = 60.0):
    """Start `python -m jupyterlab` serving ``folder``; yields a Lab; stops it afterwards."""
    folder = Path(folder)
    home = folder / ".jupyter-home"
    for sub in ("config", "data", "runtime", "workspaces", "settings"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "config" / "jupyter_server_config.py").write_text(_CONFIG, encoding="utf-8")
    for name, settings in _SETTINGS.items():
        target = home / "settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTER_PLATFORM_DIRS="1")
    if sys.prefix != sys.base_prefix:
        # a venv made with --system-site-packages imports the base's ipywidgets; let Lab find
        # the base's lab extensions (the widget manager) too
        shared = [str(Path(sys.base_prefix) / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
        env["JUPYTER_PATH"] = os.pathsep.join(p for p in shared if p)
    port, token = free_port(), secrets.token_hex(16)
    log = home / "server.log"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={folder}"]
    with serving(command, folder, env, port, token, log, startup_seconds) as lab:
        yield lab


@contextlib.contextmanager
def serving(command, folder: Path, env: dict, port: int, token: str, log: Path, startup_seconds: float):
    """Run a Jupyter server's command, wait until it answers on ``port``, yield a Lab; stop it afterwards."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        command = [*command, "--allow-root"]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{url}/api/status?token={token}", startup_seconds, log)
        yield Lab(url, token, folder, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def _wait_until_up(server, status_url: str, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jupyter lab exited ({server.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(status_url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"jupyter lab did not answer in {seconds} s:\n{log.read_text(errors='replace')}")


def open_notebook(browser, lab: Lab, name: str, width: int = 1400, height: int = 1000):
    """A page showing notebook ``name``, its kernel connected and idle."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the status bar says "Python 3 (ipykernel) | Idle" once the page talks to a started kernel
    page.wait_for_function("() => /\\|\\s*Idle/.test(document.getElementById('jp-main-statusbar')?.innerText)",
                           timeout=60_000)
    return page


def run_first_cell(page, seconds: float = 30.0) -> None:
    """Click into the first cell and run it with Shift+Enter, as a learner does.

    A cell run in the instant the kernel connects can be dropped by Lab; then it is run again.
    """
    prompt = page.locator(".jp-Cell").first.locator(".jp-InputPrompt")
    for attempt in range(3):
        page.locator(".jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function("p => /\\[[0-9*]+\\]/.test(p.textContent)", arg=prompt.element_handle(),
                                   timeout=seconds * 1000 / 3)
            return
        except Exception:
            if attempt == 2:
                raise


def run_all_cells(page, seconds: float = 300.0) -> None:
    """Run > Run All Cells from the menu bar, as a teacher does; returns once the kernel is idle again."""
    page.locator(".jp-Cell").first.click()  # the notebook has the focus (its first code cell may be folded)
    page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
    page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click()
    # cells run in order: the last one numbered, they all ran (a folded cell's prompt is not drawn)
    page.wait_for_function("() => /\\[[0-9]+\\]/.test([...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                           ".pop().textContent)", timeout=seconds * 1000)
    page.wait_for_function("() => /\\|\\s*Idle/.test(document.getElementById('jp-main-statusbar')?.innerText)",
                           timeout=seconds * 1000)
