"""Make demos/notebooks/NN_topic.ipynb from each demos/NN_topic.py (jupytext's percent format).

    python scripts/make_notebooks.py           # write the notebooks
    python scripts/make_notebooks.py --check   # exit 1 if one differs from its script

The script is the one source: its ``# %%`` cells are the notebook's code
cells and its ``# %% [markdown]`` comments the Korean prose.  The notebook
gets one cell more, first after the title: it installs microgradkr where it
is missing (Colab), from a wheel uploaded next to the notebook, and does
nothing where it is installed.  Outputs are never stored: the notebooks are
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
# microgradkr가 없으면(Colab 등) 이 노트북 옆에 올린 wheel 파일을 설치합니다. 설치되어 있으면 아무것도 하지 않습니다.
# Installs microgradkr from a wheel uploaded next to this notebook when it is missing (Colab); does nothing otherwise.
import glob
import subprocess
import sys

try:
    import microgradkr  # noqa: F401
except ImportError:
    wheels = sorted(glob.glob("microgradkr-*.whl"))
    if not wheels:
        raise SystemExit(
            "microgradkr가 없습니다: microgradkr-*.whl 파일을 이 노트북 옆에 올리고(Colab: 왼쪽 파일 탭) 이 셀을 다시 실행하세요. "
            "wheel 만드는 법은 README의 '노트북으로 배우기'에 있습니다.\\n"
            "microgradkr is not installed: upload microgradkr-*.whl next to this notebook (Colab: the Files tab) "
            "and run this cell again; README, 'Learn in notebooks', says how to make the wheel.")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", wheels[-1] + "[plot,exercises]"])'''

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebook_text(script: Path) -> str:
    """The notebook of one demo script, as the .ipynb file's text."""
    notebook = jupytext.read(script, fmt="py:percent")
    cells = list(notebook.cells)
    # folded: JupyterLab shows "...", Colab its @title line; one click opens it
    install = nbformat.v4.new_code_cell(INSTALL_CELL, metadata={"jupyter": {"source_hidden": True},
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
