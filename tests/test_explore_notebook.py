"""The explorers in a real kernel (nbclient + ipykernel): what a notebook frontend receives.

nbclient keeps the widgets' state as the kernel sends it to a frontend
(comm open and update messages), so these tests read the models a browser
would draw, not only the Python objects.  Each test runs twice: in a kernel
of this Python (ipywidgets 8, as JupyterLab 4, Notebook 7 and VS Code) and in
one of the widgets-7 venv (ipywidgets 7.7.1, as Colab; see tests/widgets7.py).
"""

import json
import sys
import time
from pathlib import Path
from typing import Callable, NamedTuple

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install '.[test]' (see README)")
nbclient = pytest.importorskip("nbclient", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipykernel", reason="pip install '.[test]' (see README)")
pytest.importorskip("ipywidgets", reason="pip install '.[test]' (see README)")

from jupyter_client import KernelManager  # noqa: E402
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402

from microgradkr import MLP, data, draw_dot, fit, gates, optim  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from widgets7 import source_env, widgets7_python  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class Kernel(NamedTuple):
    widgets: str  # the major version of ipywidgets in the kernel: "8" or "7"
    manager: Callable[[], KernelManager]  # a fresh manager for each notebook


@pytest.fixture(scope="module", params=["ipywidgets 8", "ipywidgets 7.7.1"])
def kernel(request, tmp_path_factory):
    """Where the cells run: this Python (ipywidgets 8) or the widgets-7 venv (7.7.1, as Colab)."""
    if request.param == "ipywidgets 8":
        return Kernel("8", lambda: KernelManager(kernel_name="python3"))
    try:
        python = widgets7_python()
    except RuntimeError as error:
        pytest.skip(f"no ipywidgets 7.7.1 venv ({error}); set MICROGRADKR_WIDGETS7_PYTHON (see README)")
    specs = tmp_path_factory.mktemp("kernels")
    (specs / "widgets7").mkdir()
    (specs / "widgets7" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipywidgets 7.7.1)", "language": "python",
        "env": {"PYTHONPATH": source_env()["PYTHONPATH"]}}), encoding="utf-8")
    found = KernelSpecManager(kernel_dirs=[str(specs)])
    return Kernel("7", lambda: KernelManager(kernel_name="widgets7", kernel_spec_manager=found))


def run_cells(kernel, cells, pause_after=()):
    """Execute cells one by one in a fresh kernel; sleep after the cells listed in pause_after
    (the kernel idles meanwhile, as between a learner's clicks)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    client = nbclient.NotebookClient(notebook, km=kernel.manager(), timeout=120,
                                     resources={"metadata": {"path": str(ROOT)}})
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
            if index in pause_after:
                time.sleep(pause_after[index])
        client.set_widgets_metadata()
    return notebook


def printed(cell):
    errors = [out for out in cell.outputs if out.output_type == "error"]
    assert not errors, errors[0].get("traceback") if errors else None
    return "".join(out.text for out in cell.outputs if out.output_type == "stream")


def widget_models(notebook):
    return notebook.metadata["widgets"][WIDGET_STATE]["state"]


def model_with_class(notebook, css_class):
    (found,) = [m["state"] for m in widget_models(notebook).values()
                if css_class in m["state"].get("_dom_classes", [])]
    return found


def test_moving_a_slider_in_a_kernel_redraws_with_backwards_numbers(kernel):
    notebook = run_cells(kernel, [
        "import ipywidgets\n"
        "print(ipywidgets.__version__)",
        "from microgradkr import explore, gates\n"
        "ex = explore(gates.apple())\n"
        "ex",
        "ex.sliders['apple_num'].value = 5.0\n"
        "import json\n"
        "print(json.dumps(ex.rows))",
    ])
    version, shown, moved = notebook.cells
    assert printed(version).split(".")[0] == kernel.widgets
    (result,) = [out for out in shown.outputs if out.output_type in ("execute_result", "display_data")]
    assert WIDGET_VIEW in result.data  # a notebook frontend draws the widget
    rows = json.loads(printed(moved))
    expected = gates.apple(apple_num=5.0).backward()
    assert {name: grad for name, _, grad, _ in rows} == {n: v.grad for n, v in expected.inputs.items()}
    for name, value, grad, numeric in rows:
        assert numeric == pytest.approx(grad, rel=1e-6)
    # the picture the frontend holds now is draw_dot's of the graph built with 5 apples
    picture = model_with_class(notebook, "mgk-explore-picture")["value"]
    svg = draw_dot(expected, mode="backward").svg()
    assert picture == '<svg style="max-width:100%;height:auto"' + svg[svg.index("<svg") + 4:]
    assert "기울기 5.5" in picture  # d(total)/d(apple) = 5 apples × 1.1
    table = model_with_class(notebook, "mgk-explore-table")["value"]
    assert ">5.5<" in table and ">500<" in table and ">110<" in table


def test_the_training_explorer_in_a_kernel_equals_fit_and_never_blocks(kernel):
    setup = ("from microgradkr import explore, MLP, data\n"
             "X, y = data.moons(24, noise=0.1, seed=2, signed=True)\n"
             "model = MLP(2, [6, 1], seed=1)\n"
             "ex = explore(model, X, y, loss='hinge', optimizer='adam', lr=0.05, batch_size=8, seed=5,"
             " resolution=8, max_epochs=40)\n"
             "ex")
    notebook = run_cells(kernel, [
        setup,
        "for _ in range(3):\n    ex.step_button.click()\n"
        "import json\nprint(json.dumps(ex.history.loss))",
        "ex.reset_button.click()\nex.play.value = True\nprint(len(ex.history))",  # returns at once
        "print(len(ex.history), ex.play.value)",  # after the kernel idled for a while
        "ex.play.value = False\nimport asyncio\nawait asyncio.sleep(0.5)\n"
        "print(json.dumps([ex.history.loss, [p.data for p in model.parameters()]]))",
    ], pause_after={2: 3.0})
    _, stepped, started, later, stopped = notebook.cells
    history = fit_reference(3)[0]
    assert json.loads(printed(stepped)) == history.loss
    assert printed(started).strip() == "0"
    epochs, playing = printed(later).split()
    assert int(epochs) >= 2 and playing in ("True", "False")  # it trained while no cell ran
    losses, weights = json.loads(printed(stopped))
    assert len(losses) >= int(epochs)
    reference_history, reference_weights = fit_reference(len(losses))
    assert losses == reference_history.loss and weights == reference_weights
    # the frontend was told the new loss curve: a PNG image model
    images = [m for m in widget_models(notebook).values() if m["model_name"] == "ImageModel"]
    assert len(images) == 2


def fit_reference(epochs):
    X, y = data.moons(24, noise=0.1, seed=2, signed=True)
    model = MLP(2, [6, 1], seed=1)
    history = fit(model, X, y, loss="hinge", optimizer=optim.Adam(model.parameters(), lr=0.05),
                  epochs=epochs, batch_size=8, seed=5, progress=False)
    return history, [p.data for p in model.parameters()]
