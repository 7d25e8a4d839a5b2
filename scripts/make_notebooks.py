"""Make demos/notebooks/NN_topic.ipynb from each demos/NN_topic.py (jupytext's percent format).

    python scripts/make_notebooks.py           # write the notebooks
    python scripts/make_notebooks.py --check   # exit 1 if one differs from its script

The script is the one source: its ``# %%`` cells are the notebook's code
cells and its ``# %% [markdown]`` comments the Korean prose.  The notebook
gets one cell more, first after the title: it installs microgradkr where it
is missing (Colab), from a wheel uploaded next to the notebook or in Colab's
/content, with the extras that notebook uses, and does nothing where it is
installed.  Outputs are never stored: the notebooks are
checked in clean, and tests/test_notebooks.py runs them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demos"
NOTEBOOKS = DEMOS / "notebooks"

INSTALL_CELL = '''\
# @title microgradkr 설치 (없을 때만) / install microgradkr (only where it is missing)
# microgradkr가 없으면(Colab 등) 올려 둔 wheel(microgradkr-*.whl)을 설치하고, 있으면 아무것도 하지 않습니다.
# Where microgradkr is missing (Colab), installs the uploaded wheel; where it is installed, does nothing.
import glob, os, re, shutil, subprocess, sys, tempfile


class NotInstalled(Exception):
    def _render_traceback_(self):  # Jupyter shows these lines instead of a traceback
        return str(self).splitlines()


try:
    import microgradkr  # noqa: F401
except ImportError:
    # this notebook's folder, and Colab's, where the Files tab puts uploads; the newest wheel wins
    found = {os.path.abspath(p) for p in glob.glob("microgradkr-*.whl") + glob.glob("/content/microgradkr-*.whl")}
    if not found:
        raise NotInstalled(
            "microgradkr가 설치되어 있지 않고 wheel 파일(microgradkr-*.whl)도 없습니다.\\n"
            "  1. 저장소 폴더에서 wheel을 만듭니다: python -m pip wheel . --no-deps -w dist\\n"
            "  2. dist/ 안의 microgradkr-...whl을 Colab 왼쪽의 파일 탭에 올립니다(Jupyter: 이 노트북 옆에 둡니다).\\n"
            "  3. 이 셀을 다시 실행하세요.\\n"
            "microgradkr is not installed and there is no wheel (microgradkr-*.whl):\\n"
            "  1. in the repository folder, build it: python -m pip wheel . --no-deps -w dist\\n"
            "  2. upload dist/microgradkr-...whl in Colab's Files tab (Jupyter: put it next to this notebook);\\n"
            "  3. run this cell again.")
    wheel = max(found, key=os.path.getmtime)
    if " (" in wheel:  # Colab names a second upload '... (1).whl', which pip refuses: install a copy
        clean = re.sub(r" \\(\\d+\\)", "", os.path.basename(wheel))
        wheel = shutil.copy(wheel, os.path.join(tempfile.mkdtemp(), clean))
    print(f"설치합니다 / installing {os.path.basename(wheel)}[EXTRAS] ...")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", wheel + "[EXTRAS]"])'''


def extras(source: str) -> str:
    """The extras a demo's notebook needs, from what its script calls."""
    wanted = [("plot", "demo.plot("), ("exercises", "check("), ("jupyter", "explore(")]
    return ",".join(name for name, call in wanted if call in source)


def install_cell(source: str) -> str:
    """The first code cell of the notebook made from the script ``source``."""
    return INSTALL_CELL.replace("EXTRAS", extras(source))

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebook_text(script: Path) -> str:
    """The notebook of one demo script, as the .ipynb file's text."""
    notebook = jupytext.read(script, fmt="py:percent")
    cells = list(notebook.cells)
    # folded: JupyterLab shows "...", Colab its @title line; one click opens it
    install = nbformat.v4.new_code_cell(install_cell(script.read_text(encoding="utf-8")), metadata={"jupyter": {"source_hidden": True},
                                                                "cellView": "form"})
    cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0, install)
    for k, cell in enumerate(cells):
        if cell is not install:
            cell.metadata = {}      # jupytext's bookkeeping (blank lines kept between cells) is not for readers
        cell.id = f"{script.stem[:2]}-{k:02d}"  # stable ids: the file is the same on every run
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    fresh = nbformat.v4.new_notebook(cells=cells, metadata=METADATA)
    fresh.nbformat_minor = 5
    return nbformat.writes(fresh) + "\n"


def pairs():
    """(script, notebook) for every numbered demo."""
    return [(script, NOTEBOOKS / f"{script.stem}.ipynb") for script in sorted(DEMOS.glob("[0-9][0-9]_*.py"))]


def main(argv) -> int:
    check = "--check" in argv
    stale = []
    NOTEBOOKS.mkdir(exist_ok=True)
    for script, notebook in pairs():
        text = notebook_text(script)
        if notebook.is_file() and notebook.read_text(encoding="utf-8") == text:
            continue
        stale.append(notebook)
        if not check:
            notebook.write_text(text, encoding="utf-8")
    for notebook in stale:
        print(("stale: " if check else "wrote ") + notebook.name)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
