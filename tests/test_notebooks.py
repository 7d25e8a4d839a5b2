"""The notebooks: generated from the demo scripts (one source), and each one runs top to bottom.

Each demos/notebooks/NN_topic.ipynb must be exactly what scripts/make_notebooks.py
makes of demos/NN_topic.py (so they cannot drift), and runs in a real kernel
(nbclient + ipykernel) with no error: its printed numbers are the tutorial's,
its pictures, plots and player show inline, and its exercise cells, still
`...`, say "not done yet" instead of failing.
"""

import importlib.util
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install '.[test]' (see README)")
nbclient = pytest.importorskip("nbclient", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipykernel", reason="pip install '.[test]' (see README)")
pytest.importorskip("jupytext", reason="pip install '.[test]' (see README)")

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "demos").glob("[0-9][0-9]_*.py"))


def _maker():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_notebooks = _maker()

# what each notebook must print: the teaching numbers of DESIGN.md and the tutorials
PRINTED = {
    "01": ["book_xavier   공식 0.1000", "he_normal     공식 0.1414"],
    "02": ["AND  w1=+0.5 w2=+0.5 b=-0.7:  00→0  10→0  01→0  11→1", "XOR = AND(NAND, OR): 00→0  10→1  01→1  11→0",
           "XOR 0"],
    "03": ["σ(0) = 0.5, σ'(0) = 0.25"],
    "04": ["지불 금액 = 220 (float 220.00000000000003)", "∂지불 금액/∂사과 = 2.2", "∂지불 금액/∂소비세 = 200",
           "f = -12; ∂f/∂x = -4, ∂f/∂y = -4, ∂f/∂z = 3"],
    "05": ["∂L/∂b = -0.125"],
    "06": ["A1  = [0.3, 0.7, 1.1]", "Z1  = [0.57444252, 0.66818777, 0.75026011]", "Y   = [0.31682708, 0.69627909]"],
    "07": ["처음 L = 8225, ∂L/∂a = -928, ∂L/∂b = -181", "결과: 기울기 a = 2.3000, 절편 b = 79.0000"],
    "08": ["정확도: 100%"],
    "09": ["x =      -0.3503929957523195  y =       0.0847823165504322"],
    "10": ["매개변수 337개", "정확도 100%"],
    "11": ["학습 72개, 검증 24개, 시험 24개"],
    "12": ["f = 8, f' = 24, f'' = 44", "x7 = 1.0"],
    "13": ["200개 모두 통과", "MulLayer로 만든 사과 쇼핑: 지불 금액 220, d사과 가격 2.2, d사과 개수 110, d소비세 200"],
}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem[:2])
def test_the_notebook_is_what_its_script_makes(script):
    notebook = ROOT / "demos" / "notebooks" / f"{script.stem}.ipynb"
    assert notebook.is_file(), "run: python scripts/make_notebooks.py"
    assert notebook.read_text(encoding="utf-8") == make_notebooks.notebook_text(script), \
        f"{notebook.name} differs from {script.name}: run python scripts/make_notebooks.py"


def test_the_check_mode_finds_a_stale_notebook(tmp_path, monkeypatch, capsys):
    script = SCRIPTS[0]
    (tmp_path / script.name).write_text(script.read_text(encoding="utf-8") + "\n# %%\nprint('new cell')\n",
                                        encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    committed = ROOT / "demos" / "notebooks" / f"{script.stem}.ipynb"
    (tmp_path / "notebooks" / committed.name).write_text(committed.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(make_notebooks, "DEMOS", tmp_path)
    monkeypatch.setattr(make_notebooks, "NOTEBOOKS", tmp_path / "notebooks")
    assert make_notebooks.main(["--check"]) == 1
    assert "stale: " in capsys.readouterr().out


def test_every_script_is_a_percent_script_that_starts_its_own_demo():
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        assert text.startswith("# %% [markdown]\n# # "), script.name  # the title is a markdown cell
        assert f'demo = kit.start("{script.stem}", lang=LANG)' in text, script.name
        assert text.count("check(") >= 2, script.name  # 2-4 exercises each


def _run(notebook_path, tmp_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return notebook


def _outputs(cell, kind):
    return [out for out in cell.get("outputs", []) if out.output_type == kind]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem[:2])
def test_the_notebook_runs_top_to_bottom(script, tmp_path):
    notebook = _run(ROOT / "demos" / "notebooks" / f"{script.stem}.ipynb", tmp_path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not [out for cell in code for out in _outputs(cell, "error")]
    assert code[0].outputs == []  # microgradkr is installed here: the install cell does nothing
    printed = "".join(out.text for cell in code for out in _outputs(cell, "stream") if out.name == "stdout")
    for expected in PRINTED[script.stem[:2]]:
        assert expected in printed, expected
    assert "저장:" not in printed  # pictures are shown, not saved
    shown = [out.data for cell in code for out in _outputs(cell, "display_data")]
    source = script.read_text(encoding="utf-8")
    pictures = source.count("demo.picture(")
    plots = source.count("demo.plot(")
    if pictures:  # fitted to the cell's width: an <img> of the SVG, at least 60% of its size
        assert any(data.get("text/html", "").startswith('<div style="overflow-x:auto"><img src="data:image/svg+xml;base64,')
                   and "min-width:" in data["text/html"] for data in shown)
        import base64

        first = next(data["text/html"] for data in shown if "data:image/svg+xml" in data.get("text/html", ""))
        svg = base64.b64decode(re.search(r"base64,([^\"]+)", first).group(1)).decode("utf-8")
        width = float(re.search(r'<svg width="([0-9.]+)pt"', svg).group(1)) * 4 / 3
        assert f"max-width:{width:.0f}px;min-width:{width * 0.6:.0f}px" in first
    if plots:
        assert any("image/png" in data for data in shown)
    if "demo.player(" in source:
        assert any(data.get("text/html", "").startswith("<iframe srcdoc=") for data in shown)
    # each exercise cell, its function still '...', says so in one line instead of failing
    exercises = [cell for cell in code if re.search(r"^check\(", cell.source, re.M)]
    assert len(exercises) >= 2
    for cell in exercises:
        (result,) = _outputs(cell, "execute_result")
        assert result.data["text/plain"].startswith("…") and "아직 풀지 않았습니다" in result.data["text/plain"]
    assert list(tmp_path.iterdir()) == []  # nothing written into the learner's folder


def test_the_tour_page_links_each_topic_to_its_notebook(tmp_path):
    from microgradkr.tour.page import index_page
    from microgradkr.tour.session import DemoRun
    from microgradkr.tour.topics import TOPICS

    page = index_page([DemoRun(topic) for topic in TOPICS], tmp_path, "ko")
    for topic in TOPICS:
        name = topic.script.replace(".py", ".ipynb")
        assert f'<a href="tour-files/{name}" download>노트북으로 배우기: {name}' in page
        copied = tmp_path / "tour-files" / name
        assert copied.read_bytes() == (ROOT / "demos" / "notebooks" / name).read_bytes()


def test_each_notebook_has_its_topics_exercises_and_the_readme_lists_them():
    from microgradkr.exercises import names

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    korean, english = readme.split("# microgradkr (English)")
    for script in SCRIPTS:
        topic = script.stem[:2]
        text = script.read_text(encoding="utf-8")
        checked = re.findall(r"^check\((\w+), lang=LANG\)$", text, re.M)
        assert checked == names(topic), script.name
        for name in checked:
            assert re.search(rf"^def {name}\(.*\):\n(    .*\n)*    \.\.\.  # TODO$", text, re.M), name
        for half in (korean, english):
            row = next(line for line in half.splitlines() if line.startswith(f"| `demos/notebooks/{script.stem}.ipynb` |"))
            assert row.rstrip(" |").endswith(", ".join(f"`{name}`" for name in checked)), row


def _run_install_cell(monkeypatch, folder, installed, script="07_linear_regression.py"):
    """Run the first cell of ``script``'s notebook in ``folder``; returns the pip commands it ran."""
    import subprocess
    import sys

    commands = []
    monkeypatch.chdir(folder)
    monkeypatch.setattr(subprocess, "check_call", lambda command: commands.append(command))
    if not installed:
        monkeypatch.setitem(sys.modules, "microgradkr", None)  # import microgradkr raises ImportError
    cell = make_notebooks.install_cell((ROOT / "demos" / script).read_text(encoding="utf-8"))
    exec(compile(cell, "install-cell", "exec"), {})
    return commands


def test_the_first_cell_does_nothing_where_microgradkr_is_installed(monkeypatch, tmp_path):
    (tmp_path / "microgradkr-0.1.0-py3-none-any.whl").write_bytes(b"")
    assert _run_install_cell(monkeypatch, tmp_path, installed=True) == []


def test_the_first_cell_installs_an_uploaded_wheel_where_microgradkr_is_missing(monkeypatch, tmp_path):
    import sys

    wheel = tmp_path / "microgradkr-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    commands = _run_install_cell(monkeypatch, tmp_path, installed=False)
    assert commands == [[sys.executable, "-m", "pip", "install", "-q", f"{wheel}[plot,exercises]"]]


def test_the_first_cell_installs_the_extras_its_notebook_needs():
    for script in SCRIPTS:
        source = script.read_text(encoding="utf-8")
        wanted = set(make_notebooks.extras(source).split(","))
        assert "exercises" in wanted, script.name  # every notebook checks exercises (hypothesis)
        assert ("plot" in wanted) == ("demo.plot(" in source), script.name
        # the explorer's ipywidgets: the extra asks >= 7.7, so Colab's 7.7.1 stays (8 shows nothing there)
        assert ("jupyter" in wanted) == ("explore(" in source), script.name
    assert make_notebooks.extras((ROOT / "demos" / "04_computational_graph.py").read_text(encoding="utf-8")) \
        == "exercises,jupyter"


def test_a_second_upload_renamed_by_colab_is_installed_under_its_wheel_name(monkeypatch, tmp_path):
    import os

    older = tmp_path / "microgradkr-0.1.0-py3-none-any.whl"
    older.write_bytes(b"old")
    newer = tmp_path / "microgradkr-0.1.0-py3-none-any (1).whl"  # what Colab calls a second upload
    newer.write_bytes(b"new")
    os.utime(older, (1, 1))
    ((command),) = _run_install_cell(monkeypatch, tmp_path, installed=False)
    wheel = Path(command[-1].removesuffix("[plot,exercises]"))
    assert wheel.name == "microgradkr-0.1.0-py3-none-any.whl" and wheel.read_bytes() == b"new"


def test_without_a_wheel_the_first_cell_says_what_to_do_and_stops(monkeypatch, tmp_path):
    with pytest.raises(Exception) as stop:
        _run_install_cell(monkeypatch, tmp_path, installed=False)
    # Jupyter shows _render_traceback_'s lines instead of a traceback: the steps, Korean then English
    lines = stop.value._render_traceback_()
    assert lines[0] == "microgradkr가 설치되어 있지 않고 wheel 파일(microgradkr-*.whl)도 없습니다."
    assert "microgradkr is not installed and there is no wheel (microgradkr-*.whl):" in lines
    assert sum("python -m pip wheel . --no-deps -w dist" in line for line in lines) == 2
    assert sum("Colab" in line for line in lines) == 2 and not [line for line in lines if "Traceback" in line]


def test_an_english_reader_gets_english_from_the_same_notebook(monkeypatch, tmp_path):
    monkeypatch.setenv("MICROGRADKR_LANG", "en")  # the kernel inherits it; LANG in the first cell follows
    notebook = _run(ROOT / "demos" / "notebooks" / "04_computational_graph.ipynb", tmp_path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    printed = "".join(out.text for cell in code for out in _outputs(cell, "stream"))
    assert "Apples, backward: ∂total/∂apple = 2.2" in printed and not re.search("[가-힣]", printed)
    results = [out.data["text/plain"] for cell in code for out in _outputs(cell, "execute_result")]
    assert results and all(text.startswith("… ") and "not done yet" in text for text in results)
