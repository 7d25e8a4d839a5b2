"""A second Python with ipywidgets 7.7.1 (what Colab ships) and classic Notebook 6, for the explorer's tests.

The explorers must work under ipywidgets 7.7 and 8; the test venv holds 8
(JupyterLab 4).  This one is made on first use in a cache folder
(``$XDG_CACHE_HOME/microgradkr/``, pip from PyPI, about a minute) and reused
after; ``MICROGRADKR_WIDGETS7_PYTHON`` names one made elsewhere.  It holds no
microgradkr: its kernels and servers import this source tree (PYTHONPATH), so
they always run the code under test.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the front end and kernel side Colab's ipywidgets speaks (Notebook 6 draws widgets 7 with widgetsnbextension 3)
PINS = ["ipywidgets==7.7.1", "widgetsnbextension==3.6.*", "notebook==6.5.*", "ipykernel>=6", "matplotlib>=3.5",
        # Notebook 6 imports distutils, which Python 3.12 removed; setuptools brings it back
        # (as on Colab's Python 3.13, where setuptools is installed)
        "setuptools; python_version >= '3.12'"]
ENVIRONMENT = "MICROGRADKR_WIDGETS7_PYTHON"


def _runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"]


def _cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    wanted = PINS + _runtime_dependencies()
    tag = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:10]
    return base / "microgradkr" / f"widgets7-py{sys.version_info[0]}{sys.version_info[1]}-{tag}"


def widgets7_python() -> Path:
    """The python of the widgets-7 venv, made if missing (raises RuntimeError if pip cannot)."""
    given = os.environ.get(ENVIRONMENT)
    if given:
        return Path(given)
    venv = _cache()
    python = venv / "bin" / "python"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / (venv.name + ".lock"), "w") as lock:  # one maker at a time (pytest -n)
        fcntl.flock(lock, fcntl.LOCK_EX)
        if python.exists():
            return python
        building = venv.with_name(venv.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(building)], check=True)
        done = subprocess.run([str(building / "bin" / "python"), "-m", "pip", "install", "-q",
                               *PINS, *_runtime_dependencies()], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pip could not make the ipywidgets 7.7.1 venv:\n{done.stderr[-2000:]}")
        building.rename(venv)  # a venv's scripts name their folder: only python -m is used from it
    return python


def source_env(**more) -> dict:
    """The environment a widgets-7 kernel or server runs in: this source tree first on its path."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path, **more)
