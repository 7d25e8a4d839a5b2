"""Training you can watch: a step button, play/pause, the learning rate and the optimizer.

A :class:`TrainingExplorer` trains a model on (X, y) one epoch at a time by
calling ``fit(..., epochs=1)`` with one optimizer and one random generator kept
across the calls, so its epochs are exactly ``fit``'s with the same optimizer
and seed.  It shows the loss curve and, for 2-D inputs (moons, XOR, the logic
gates), the decision boundary as it moves.

Play never blocks the kernel: it is an asyncio task on the kernel's own event
loop that trains a few epochs, redraws, then yields (``await asyncio.sleep``),
so button clicks and other cells run in between.  Reset puts back the weights
the model had when the explorer was made.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Optional

from .. import checks, optim, plot
from .kit import figure_png, widgets
from ..fmt import format_number
from ..init import make_rng
from ..messages import check_lang, say
from ..train import History, fit

#: the optimizer menu: name → class (each built with the learning rate of the slider)
OPTIMIZERS = {"sgd": optim.SGD, "momentum": optim.Momentum, "adagrad": optim.AdaGrad, "adam": optim.Adam}
_SHOWN = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad", "adam": "Adam"}
#: while playing, the loss curve is redrawn at most this often (seconds)
CURVE_SECONDS = 0.3


def _is_2d(X) -> bool:
    return all(isinstance(x, (list, tuple)) and len(x) == 2 for x in X)


class TrainingExplorer:
    """Step, play/pause and reset buttons, learning-rate and optimizer controls, live plots.

    ``step_button``, ``play``, ``reset_button``, ``lr``, ``optimizer_menu``,
    ``status``, ``loss_image`` and ``boundary_image`` are ipywidgets;
    ``history`` is a ``fit`` History of every epoch since the last reset and
    ``optimizer`` the optimizer now in use.
    """

    def __init__(self, model, X, y, loss="mse", optimizer: str = "sgd", lr: float = 0.1,
                 batch_size: Optional[int] = None, seed=0, epochs_per_frame: int = 1,
                 max_epochs: int = 1000, resolution: int = 25, boundary_seconds: float = 1.0,
                 lang: str = "ko"):
        ipywidgets = widgets("explore")
        self.model, self.X, self.y = model, list(X), list(y)
        self.loss = loss
        self.batch_size = batch_size
        self.seed = seed
        self.lang = check_lang(lang)
        self.epochs_per_frame = checks.count(epochs_per_frame, "epochs_per_frame")
        self.max_epochs = checks.count(max_epochs, "max_epochs")
        self.resolution = checks.count(resolution, "resolution", minimum=2)
        self.boundary_seconds = checks.number(boundary_seconds, "boundary_seconds")
        checks.choice(optimizer, "optimizer", tuple(OPTIMIZERS))
        lr = checks.number(lr, "lr", inclusive=False)
        self._start = [p.data for p in model.parameters()]  # what reset puts back
        self._task = None
        self._boundary_drawn_at = self._curve_drawn_at = 0.0

        self.step_button = ipywidgets.Button(description=say("explore_step", lang), icon="step-forward")
        self.play = ipywidgets.ToggleButton(description=say("explore_play", lang), icon="play")
        self.reset_button = ipywidgets.Button(description=say("explore_reset", lang), icon="undo")
        # the slider covers 1e-4 to about 3 in steps of 10^0.05, and at least ten steps either side
        # of the lr given (1e-6 stays 1e-6), on a grid through it (a browser snaps the value to
        # the grid: off it, lr would change when the slider appears)
        exponent, notch = math.log10(lr), 0.05
        low = exponent - notch * max(math.ceil((exponent + 4.0) / notch), 10)
        high = exponent + notch * max(math.ceil((0.5 - exponent) / notch), 10)
        self.lr = ipywidgets.FloatLogSlider(value=lr, base=10, min=low, max=high, step=notch,
                                            description=say("explore_lr", lang), readout_format=".3",
                                            style={"description_width": "initial"})
        self.optimizer_menu = ipywidgets.Dropdown(options=[(_SHOWN[k], k) for k in OPTIMIZERS],
                                                  value=optimizer, description=say("explore_optimizer", lang),
                                                  style={"description_width": "initial"},
                                                  layout=ipywidgets.Layout(width="220px"))
        self.status = ipywidgets.HTML()
        size = ipywidgets.Layout(width="420px")
        self.loss_image = ipywidgets.Image(format="png", layout=size)
        self.boundary_image = ipywidgets.Image(format="png", layout=ipywidgets.Layout(width="340px"))
        pictures = [self.loss_image] + ([self.boundary_image] if _is_2d(self.X) else [])
        buttons = ipywidgets.HBox([self.step_button, self.play, self.reset_button])
        settings = ipywidgets.HBox([self.lr, self.optimizer_menu])
        self.widget = ipywidgets.VBox([buttons, settings, self.status, ipywidgets.HBox(pictures)])
        self.widget.add_class("mgk-train")

        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.play.observe(self._play_changed, names="value")
        self.lr.observe(self._lr_changed, names="value")
        self.optimizer_menu.observe(lambda _: self._new_optimizer(), names="value")
        self.reset()

    # ---- training
    def _new_optimizer(self) -> None:
        # a new optimizer starts with empty state (momentum, Adam's m and v) at the current weights
        self.optimizer = OPTIMIZERS[self.optimizer_menu.value](self.model.parameters(), lr=self.lr.value)

    def _lr_changed(self, change) -> None:
        self.optimizer.lr = float(change["new"])

    def reset(self) -> None:
        """Stop, put back the first weights, forget the history and the optimizer's state."""
        self.play.value = False
        for p, start in zip(self.model.parameters(), self._start):
            p.data, p.grad = start, 0.0
        self._rng = make_rng(self.seed)  # the mini-batches are shuffled again as the first time
        self._new_optimizer()
        self.history = History()
        self.redraw(boundary=True)

    def step(self, epochs: int = 1, boundary: bool = True, curve: bool = True) -> None:
        """Train ``epochs`` more epochs (fit with this explorer's optimizer and generator), then redraw."""
        for _ in range(checks.count(epochs, "epochs")):
            done = fit(self.model, self.X, self.y, loss=self.loss, optimizer=self.optimizer, epochs=1,
                       batch_size=self.batch_size, seed=self._rng, progress=False)
            self.history.loss += done.loss
            self.history.accuracy += done.accuracy
        self.redraw(boundary, curve)

    # ---- playing without blocking the kernel
    def _play_changed(self, change) -> None:
        self.play.icon = "pause" if change["new"] else "play"
        self.play.description = say("explore_pause" if change["new"] else "explore_play", self.lang)
        if change["new"] and self._task is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # no event loop (a plain script): nothing can play in the background
                self.play.value = False
                return
            self._task = loop.create_task(self._run())

    async def _run(self) -> None:
        try:
            while self.play.value and len(self.history) < self.max_epochs:
                # matplotlib takes longer than an epoch of a small network: the plots are
                # redrawn only every so often, the status line after every epoch
                now = time.monotonic()
                self.step(min(self.epochs_per_frame, self.max_epochs - len(self.history)),
                          boundary=now - self._boundary_drawn_at >= self.boundary_seconds,
                          curve=now - self._curve_drawn_at >= CURVE_SECONDS)
                await asyncio.sleep(0.02)  # the kernel reads clicks and runs cells here
        finally:
            self._task = None
            self.play.value = False
            self.redraw(boundary=True)

    # ---- pictures
    def redraw(self, boundary: bool = True, curve: bool = True) -> None:
        """The status line; the loss curve when ``curve``, the decision boundary when ``boundary``."""
        epochs = len(self.history)
        if epochs:
            line = say("explore_status", self.lang, epoch=epochs, loss=format_number(self.history.loss[-1], 4))
            if self.history.accuracy[-1] is not None:
                line += say("explore_accuracy", self.lang, accuracy=format_number(100 * self.history.accuracy[-1], 1))
        else:
            line = say("explore_not_started", self.lang)
        self.status.value = f"<b>{line}</b>"
        if curve:
            self.loss_image.value = figure_png(plot.loss_curve(self.history, lang=self.lang))
            self._curve_drawn_at = time.monotonic()
        if boundary and _is_2d(self.X):
            self.boundary_image.value = figure_png(
                plot.decision_boundary(self.model, self.X, self.y, resolution=self.resolution, lang=self.lang))
            self._boundary_drawn_at = time.monotonic()

    # ---- Jupyter
    def _ipython_display_(self) -> None:
        # displaying the box (not a mimebundle of our own) works with every ipywidgets frontend
        from IPython.display import display
        display(self.widget)

    def __repr__(self) -> str:
        return (f"<microgradkr TrainingExplorer: {len(self.history)} epochs, {self.optimizer!r}; "
                f".step(), .reset(), .history, .widget>")
