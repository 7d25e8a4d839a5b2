"""Jupyter for real: a notebook executed in a real kernel (nbclient + ipykernel)."""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install '.[test]' (see README)")
nbclient = pytest.importorskip("nbclient", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipykernel", reason="pip install '.[test]' (see README)")

ROOT = Path(__file__).resolve().parent.parent


def run_notebook(cells, env_path=None):
    """Execute code cells in a fresh kernel started in the repository; returns the notebook."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return notebook


def outputs_of(cell, kind):
    return [out for out in cell.outputs if out.output_type == kind]


def test_a_drawing_displays_as_svg_in_a_kernel(monkeypatch):
    # The kernel gets a PATH without the Python environment's bin directory, as
    # when Jupyter starts a kernel of another venv: graphviz-pure must still be found.
    monkeypatch.setenv("PATH", os.pathsep.join(p for p in ("/usr/bin", "/bin") if os.path.isdir(p)))
    monkeypatch.delenv("MICROGRADKR_DOT", raising=False)
    notebook = run_notebook([
        "from microgradkr import gates, draw_dot\n"
        "from microgradkr.draw.render import find_renderer, bundled_renderer\n"
        "print(find_renderer() == bundled_renderer(), find_renderer())",
        "circuit = gates.apple().backward()\n"
        "draw_dot(circuit, mode='backward')",
        "from microgradkr import backprop_player\n"
        "backprop_player(circuit)",
    ])
    found, shown, player = notebook.cells
    assert outputs_of(found, "stream")[0].text.startswith("True"), found.outputs
    results = outputs_of(shown, "execute_result")
    assert len(results) == 1 and not outputs_of(shown, "error")
    svg = results[0].data["image/svg+xml"]
    assert "<svg" in svg and "사과 개수" in svg and "기울기" in svg and "2 × 1.1 = 2.2" in svg
    assert "기울기 2.2" in results[0].data["text/plain"]
    (played,) = outputs_of(player, "execute_result")
    assert played.data["text/html"].startswith("<iframe srcdoc=") and "mgk-next" in played.data["text/html"]


def test_without_a_renderer_the_kernel_shows_the_listing():
    notebook = run_notebook([
        "import os\n"
        "os.environ['MICROGRADKR_DOT'] = '/nonexistent/dot'\n"
        "from microgradkr import gates, draw_dot\n"
        "draw_dot(gates.apple().backward(), mode='backward')",
    ])
    (cell,) = notebook.cells
    assert not outputs_of(cell, "error")
    (result,) = outputs_of(cell, "execute_result")
    assert set(result.data) == {"text/plain"}
    assert "지불 금액 = 사과 가격 × 소비세   값 220   기울기 1" in result.data["text/plain"]
    # the fix comes along: the variable names a renderer that is not there (graphviz-pure is)
    assert "MICROGRADKR_DOT=/nonexistent/dot" in result.data["text/plain"]
    assert "unset MICROGRADKR_DOT" in result.data["text/plain"]
