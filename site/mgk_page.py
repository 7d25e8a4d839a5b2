"""The Python side of the browser site: runs cells, and answers the page's own controls.

page.js loads this module into Pyodide after the wheels (microgradkr, graphviz,
tqdm) are unpacked.  Every function here returns JSON text: the page reads it
with JSON.parse, so no Python object outlives a call on the JavaScript side.

Why the page's own controls and not ipywidgets: the site runs on Pyodide's core
runtime alone (the `pyodide` npm package), which has no ipywidgets, no
matplotlib and no micropip; the explorer's sliders are HTML inputs that call
``explorer_update`` and the training buttons call ``train_step``.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import json
import time
import traceback
from pathlib import Path

from microgradkr import MLP, data, draw_dot
from microgradkr.explorers.kit import drawing_html, table_html
from microgradkr.fmt import format_number
from microgradkr.messages import say
from microgradkr.tour import kit

# The explorers' modules are imported by the functions that use them: the playground's
# first picture (the budget scripts/measure_site.py checks) does not wait for them.

#: where demo cells save their pictures (Pyodide's in-memory file system)
OUT = Path("/home/pyodide/demo-output")


# ------------------------------------------------------------------ running cells

class Outputs:
    """What one cell showed, in order: printed text, pictures, errors (the notebook's output area)."""

    def __init__(self):
        self.items = []
        self.buffer = io.StringIO()

    def flush_text(self) -> None:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        if text:
            self.items.append({"kind": "text", "text": text})

    def add(self, kind: str, content: str) -> None:
        self.flush_text()  # what was printed before a picture comes before it
        self.items.append({"kind": kind, "text": content})

    def show(self, value) -> None:
        """Show a value as Jupyter would: SVG, then HTML, then its repr."""
        if value is None:
            return
        bundle = {}
        if hasattr(value, "_repr_mimebundle_"):
            bundle = value._repr_mimebundle_() or {}
        if "image/svg+xml" in bundle:
            self.add("html", drawing_html(value) if hasattr(value, "source") else bundle["image/svg+xml"])
            return
        shown = bundle.get("text/html") or (value._repr_html_() if hasattr(value, "_repr_html_") else None)
        if shown:
            self.add("html", shown)
        else:
            self.add("text", bundle.get("text/plain") or repr(value))


class PageSession:
    """Stands in for the tour's session: a demo's pictures go into the output of the cell that drew them.

    One per page, as the demo object a first cell makes (``demo = kit.start(__file__)``)
    keeps its session for the cells after it; ``outputs`` is the running cell's.
    """

    def __init__(self):
        self.outputs = Outputs()
        self.lang = "ko"

    def demo(self, name: str) -> kit.Demo:
        return kit.Demo(name, OUT, self.lang, session=self)

    def add(self, kind: str, path, caption: str) -> None:
        path = Path(path)
        if kind == "svg":
            svg = path.read_text(encoding="utf-8")
            shown = '<svg style="max-width:100%;height:auto"' + svg[svg.index("<svg") + 4:]
        else:  # the player: its own page, in a sandboxed frame
            page = path.read_text(encoding="utf-8")
            shown = (f'<iframe class="mgk-player" sandbox="allow-scripts" '
                     f'srcdoc="{html.escape(page, quote=True)}"></iframe>')
        self.outputs.add("html", f"<figure>{shown}<figcaption>{html.escape(caption)}</figcaption></figure>")

    def left_out(self, kind: str, filename: str, caption: str, reason: str) -> None:
        self.outputs.add("note", say("site_left_out", self.lang, caption=caption, reason=reason))


#: one namespace per page, as one kernel per notebook: later cells see what earlier cells made
_namespace: dict = {}
_session = PageSession()


def _run(source: str, outputs: Outputs, filename: str) -> None:
    """Run `source`; when its last statement is an expression, show its value (as Jupyter does)."""
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), _namespace)
    if last is not None:
        outputs.show(eval(compile(ast.Expression(last.value), filename, "eval"), _namespace))


def run_cell(source: str, filename: str = "/home/pyodide/cell.py", lang: str = "ko") -> str:
    """Run one cell; JSON list of its outputs ({kind: text|html|note|error, text})."""
    outputs = Outputs()
    _namespace.setdefault("__name__", "__main__")
    _namespace["__file__"] = filename
    _namespace["display"] = outputs.show
    _session.outputs, _session.lang = outputs, lang
    kit._session = _session
    try:
        with contextlib.redirect_stdout(outputs.buffer), contextlib.redirect_stderr(outputs.buffer):
            _run(source, outputs, filename)
    except Exception:  # the learner's mistake is shown in the cell, as in a notebook
        outputs.flush_text()
        outputs.add("error", traceback.format_exc(limit=-2))
    finally:
        kit._session = None
    outputs.flush_text()
    return json.dumps(outputs.items, ensure_ascii=False)


# ------------------------------------------------------------------ the graph explorer

def explorer_sliders(circuit: str, lang: str = "ko") -> str:
    """JSON list of the circuit's sliders (name, label, start, low, high, step), started at the book's numbers."""
    from microgradkr import gates
    from microgradkr.explorers.graph import CIRCUITS, slider_for

    _, chosen = CIRCUITS[circuit]
    book = getattr(gates, circuit)(lang=lang)  # each builder's defaults are the book's numbers
    sliders = []
    for name in chosen or book.inputs:
        leaf = book.inputs[name]
        spec = slider_for(name, leaf.data, leaf.label or name, leaf.data, book.domains.get(name))
        sliders.append(dict(name=name, **spec._asdict()))
    return json.dumps(sliders, ensure_ascii=False)


def explorer_update(circuit: str, values_json: str, lang: str = "ko", precision: int = 4) -> str:
    """Rebuild the circuit from the sliders' numbers, run backward: JSON {result, table, picture}."""
    from microgradkr.explorers.graph import CIRCUITS
    from microgradkr.gradcheck import numerical_grad

    rebuild, _ = CIRCUITS[circuit]
    values = {name: float(v) for name, v in json.loads(values_json).items()}
    names = list(values)
    shown = rebuild(values, lang)
    root = shown.output
    root.backward()
    estimates = numerical_grad(lambda vs: rebuild(dict(zip(names, (v.data for v in vs))), lang).output,
                               [values[n] for n in names])
    number = lambda x: format_number(x, precision)  # noqa: E731 - the table's one format
    header = [say(key, lang) for key in ("explore_input", "explore_value", "explore_backward", "explore_numeric")]
    rows = [(shown.inputs[n].label or n, number(values[n]), number(shown.inputs[n].grad), number(e))
            for n, e in zip(names, estimates)]
    result = say("explore_output", lang, name=root.label or "f", value=number(root.data))
    picture = drawing_html(draw_dot(shown, mode="backward", lang=lang, precision=precision))
    grads = {n: shown.inputs[n].grad for n in names}
    return json.dumps({"result": result, "table": table_html(header, rows), "picture": picture,
                       "grads": grads}, ensure_ascii=False)


# ------------------------------------------------------------------ the training explorer

class Training:
    """The moons MLP trained an epoch at a time, as TrainingExplorer does (one optimizer, one generator)."""

    def __init__(self, optimizer: str = "adam", lr: float = 0.05, seed: int = 1):
        from microgradkr.explorers.training import OPTIMIZERS
        from microgradkr.init import make_rng
        from microgradkr.train import History

        self.X, self.y = data.moons(60, noise=0.1, seed=2, signed=True)
        self.model = MLP(2, [8, 8, 1], seed=seed)
        self.optimizer = OPTIMIZERS[optimizer](self.model.parameters(), lr=lr)
        self.rng = make_rng(0)
        self.history = History()
        self.seconds = []  # each epoch's time, for scripts/measure_site.py

    def step(self, epochs: int) -> None:
        from microgradkr.train import fit

        for _ in range(epochs):
            start = time.perf_counter()
            done = fit(self.model, self.X, self.y, loss="hinge", optimizer=self.optimizer, epochs=1,
                       seed=self.rng, progress=False)
            self.seconds.append(time.perf_counter() - start)
            self.history.loss += done.loss
            self.history.accuracy += done.accuracy

    def state(self, resolution: int = 25) -> dict:
        from microgradkr.plot import _grid, _predictions  # the plane's grid, as decision_boundary makes it

        gx, gy = _grid([p[0] for p in self.X], resolution), _grid([p[1] for p in self.X], resolution)
        classes = _predictions(self.model, [[x, y] for y in gy for x in gx], None)
        return {"loss": self.history.loss, "accuracy": self.history.accuracy, "seconds": self.seconds,
                "grid": {"x": gx, "y": gy, "classes": classes},
                "points": [list(p) for p in self.X], "labels": list(self.y)}


_training = None


def train_reset(optimizer: str = "adam", lr: float = 0.05) -> str:
    """A fresh model (same seed: the same first weights); JSON state."""
    global _training
    _training = Training(optimizer, lr)
    return json.dumps(_training.state())


def train_step(epochs: int = 1) -> str:
    """Train `epochs` more epochs; JSON {loss: [...], accuracy: [...], grid, points, labels}."""
    if _training is None:
        train_reset()
    _training.step(int(epochs))
    return json.dumps(_training.state())
