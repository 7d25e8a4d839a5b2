"""Font sets for the browser and plot tests: a fonts.conf that shows fontconfig only some fonts.

Pointing ``FONTCONFIG_FILE`` at such a file makes Chromium (and fc-list) see
only the fonts of one set, so one machine can check what a fresh Debian, a
machine with Helvetica-metric fonts and one with Nanum would each draw.  The
system's rules (/etc/fonts/conf.d: aliases such as Helvetica → Liberation Sans,
sans-serif → DejaVu Sans) still apply, as on a real machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Tuple

#: name → (families whose font folders are visible, how to install them on Debian)
FONT_SETS: Dict[str, Tuple[Tuple[str, ...], str]] = {
    # (a) a fresh Debian: DejaVu Sans is sans-serif, no Helvetica-metric font at all
    "dejavu": (("DejaVu Sans",), "apt-get install fonts-dejavu-core"),
    # (b) Helvetica metrics: Liberation Sans (the metrics of Arial and Helvetica), DejaVu beside it
    "liberation": (("Liberation Sans", "DejaVu Sans"), "apt-get install fonts-liberation"),
    # (c) a fresh Debian plus the README's fonts-nanum: Hangul from NanumGothic
    "nanum": (("DejaVu Sans", "NanumGothic"), "apt-get install fonts-nanum"),
}


def font_files(family: str, env: Optional[dict] = None) -> List[str]:
    """The files of `family` that fontconfig knows (empty without fc-list or the font)."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", f"{family}", "file"], capture_output=True, text=True,
                         env=env, check=False).stdout
    return sorted(line.strip().rstrip(":") for line in out.splitlines() if line.strip())


def families(env: dict) -> set:
    """Every family fontconfig shows under `env`."""
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                         env=env, check=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def write_fonts_conf(folder: Path, font_dirs) -> Path:
    """A fonts.conf showing only `font_dirs`, with its own cache, keeping the system's rules."""
    folder.mkdir(parents=True, exist_ok=True)
    dirs = "".join(f"<dir>{d}</dir>" for d in sorted(set(font_dirs)))
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f'<fontconfig>{dirs}<cachedir>{folder / "cache"}</cachedir>'
                    '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n',
                    encoding="utf-8")
    return path


def font_set_env(name: str, folder: Path) -> Tuple[Optional[dict], str]:
    """(environment whose fontconfig shows only set `name`, or None, and why not)."""
    if not shutil.which("fc-list"):
        return None, "fontconfig's fc-list is needed: apt-get install fontconfig"
    wanted, install = FONT_SETS[name]
    dirs = []
    for family in wanted:
        files = font_files(family)
        if not files:
            return None, f"the font set {name!r} needs {family}: {install}"
        dirs += [os.path.dirname(f) for f in files]
    env = dict(os.environ, FONTCONFIG_FILE=str(write_fonts_conf(folder, dirs)))
    return env, ""
