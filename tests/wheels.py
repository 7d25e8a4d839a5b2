"""Building microgradkr's wheel the way pip installs it (an isolated build), for the packaging tests."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_wheels(out_dir: Path, *requirements: str) -> "tuple[dict, str]":
    """`pip wheel --no-deps` of the repository (and of `requirements`, e.g. 'tqdm==4.67.1').

    Returns ({distribution name: wheel path}, pip's verbose output).  The build runs
    without PYTHONDONTWRITEBYTECODE, which only makes setuptools say that it skips
    byte-compiling: what is left to read is what the build says about the project.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out_dir),
                           str(ROOT), *requirements],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    wheels = {path.name.split("-")[0]: path for path in out_dir.glob("*.whl")}
    return wheels, done.stdout + done.stderr
