"""A classic Notebook 6 (widgetsnbextension 3, ipywidgets 7.7.1) on localhost, driven by Chromium.

The widgets-7 front end, as Colab's: tests/test_explore_browser.py drags the
explorer's slider in it.  Used like jupyterlab_session:

    with notebook6(folder, python) as server:       # `python` has notebook 6 and ipywidgets 7
        page = open_notebook6(browser, server, "explore.ipynb")
        run_first_cell6(page)

The server listens on 127.0.0.1 with a random token; its config, data and
runtime folders are inside ``folder``, so nothing of the user's Jupyter set-up
is read or written.  ``env`` is the server's environment (its kernels inherit
it: a PYTHONPATH there reaches them).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from jupyterlab_session import Lab, free_port, serving

#: the classic notebook asks nothing of the internet, but would open a browser of its own
_CONFIG = "c.NotebookApp.open_browser = False\n"


@contextlib.contextmanager
def notebook6(folder: Path, python: Path, env=None, startup_seconds: float = 60.0):
    """Start `python -m notebook` (Notebook 6) serving ``folder``; yields a Lab; stops it afterwards."""
    folder = Path(folder)
    home = folder / ".jupyter-home"
    for sub in ("config", "data", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "config" / "jupyter_notebook_config.py").write_text(_CONFIG, encoding="utf-8")
    env = dict(env or os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_PLATFORM_DIRS="1")
    env.pop("JUPYTER_PATH", None)  # the venv's own share/jupyter holds widgetsnbextension
    port, token = free_port(), secrets.token_hex(16)
    log = home / "server.log"
    command = [str(python), "-m", "notebook", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--NotebookApp.token={token}", "--NotebookApp.port_retries=0",
               f"--NotebookApp.notebook_dir={folder}"]
    with serving(command, folder, env, port, token, log, startup_seconds) as lab:
        yield lab


def open_notebook6(browser, server: Lab, name: str, width: int = 1400, height: int = 1000):
    """A page showing notebook ``name`` in the classic interface, its kernel started and idle."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.url}/notebooks/{name}?token={server.token}")
    page.wait_for_selector("#notebook .cell", timeout=60_000)
    page.wait_for_function("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                           " && Jupyter.notebook.kernel.is_connected()"
                           " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon')",
                           timeout=60_000)
    return page


def run_first_cell6(page, seconds: float = 30.0) -> None:
    """Click into the first cell and run it with Shift+Enter, as a learner does."""
    page.locator("#notebook .cell .CodeMirror").first.click()
    page.keyboard.press("Shift+Enter")
    prompt = page.locator("#notebook .cell .input_prompt").first
    page.wait_for_function("p => /\\[[0-9*]+\\]/.test(p.textContent)", arg=prompt.element_handle(),
                           timeout=seconds * 1000)
