"""Plots for the tutorials (matplotlib, the ``plot`` extra: ``pip install 'microgradkr[plot]'``).

- ``loss_curve(history)``: loss (and accuracy) per epoch.
- ``decision_boundary(model, X, y)``: what a 2-input classifier decides, everywhere.
- ``activation_functions()``: step, sigmoid, tanh, ReLU and their derivatives,
  the derivatives computed by the engine's backward pass (not typed in).
- ``weight_histogram(model)``: how the initial weights are spread (compare initialisers).

Every function returns a ``matplotlib.figure.Figure`` (Jupyter shows it) and
saves it when given ``path`` (.png or .svg).  No pyplot and no window: figures
are drawn with matplotlib's Agg renderer, so this works on a server without a
display.  matplotlib is imported only when a function is called.
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from typing import Dict, Optional, Sequence

from . import checks
from .checks import choice
from .engine import Value
from .grad_mode import no_grad
from .messages import check_lang, message, say

#: fonts with Hangul, tried in order (Linux, Windows, macOS)
HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                "Source Han Sans KR", "Malgun Gothic", "AppleGothic", "Apple SD Gothic Neo",
                "UnDotum", "Baekmuk Gulim")
FORMATS = ("png", "svg")
#: the activation functions activation_curve can draw (Value methods)
CURVES = ("step", "sigmoid", "tanh", "relu")


class HangulFontWarning(UserWarning):
    """No Hangul font: Korean plots are drawn in English (said once per process)."""


_told_no_hangul = False  # the notice is given once per process, not once per plot


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(message("nn_needs_matplotlib")) from error
    return matplotlib, Figure


def _hangul_files() -> list:
    """Font files that can show Korean, as the system knows them now.

    fontconfig is asked first (``fc-list :lang=ko``): it is how Linux knows its
    fonts, so a font installed a minute ago is there.  Without it, the font
    files matplotlib finds on the system whose names are those of Korean fonts
    (reading every font file would be slow).
    """
    import shutil
    import subprocess

    from matplotlib import font_manager

    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=ko", "file"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        return sorted({line.strip().rstrip(":") for line in out.splitlines() if line.strip()})
    return sorted(path for path in font_manager.findSystemFonts()
                  if any(hint in os.path.basename(path).lower() for hint in _HANGUL_FILE_HINTS))


#: parts of the file names of Korean fonts (Nanum, Noto/Source Han CJK, Malgun, Apple, Un, Baekmuk)
_HANGUL_FILE_HINTS = ("nanum", "cjk", "notosanskr", "sourcehan", "malgun", "applegothic",
                      "applesdgothic", "un-", "undotum", "baekmuk", "gulim", "dotum", "batang")


_looked_for_new_fonts = False


def _add_fonts_installed_since_the_cache() -> None:
    """Teach matplotlib the Hangul fonts installed after it built its font cache.

    matplotlib lists the system's fonts once and keeps the list in a cache
    file, so after ``apt-get install fonts-nanum`` it still knows no Hangul
    font until someone deletes the cache by hand.  Here the new files are
    added to its list for this process (once; only when no Hangul font is known).
    """
    global _looked_for_new_fonts
    if _looked_for_new_fonts:
        return
    _looked_for_new_fonts = True
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in _hangul_files():
        if path not in known and path.lower().endswith((".ttf", ".otf", ".ttc")):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:  # noqa: BLE001 - an unreadable font file is just not used
                continue


def _known_hangul_font(matplotlib) -> Optional[str]:
    installed = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    return next((name for name in HANGUL_FONTS if name in installed), None)


def _hangul_font(matplotlib) -> Optional[str]:
    """The first font of HANGUL_FONTS this system has, or None."""
    import matplotlib.font_manager  # noqa: F401 - loads the font list

    found = _known_hangul_font(matplotlib)
    if found is None:
        _add_fonts_installed_since_the_cache()
        found = _known_hangul_font(matplotlib)
    return found


def plot_language(lang: str) -> str:
    """The language plots can use: 'ko' only with a Hangul font, else 'en' (and one notice)."""
    global _told_no_hangul
    check_lang(lang, "plot_language")
    if lang != "ko":
        return lang
    matplotlib, _ = _matplotlib()
    if _hangul_font(matplotlib) is not None:
        return "ko"
    if not _told_no_hangul:
        _told_no_hangul = True
        # one line in both languages: a run of many plots says it once, not once per plot
        warnings.warn(say("nn_no_hangul_font", "ko") + " / " + say("nn_no_hangul_font", "en"),
                      HangulFontWarning, stacklevel=3)
    return "en"


@contextlib.contextmanager
def figure(lang: str, ncols: int = 1, width: float = 6.0, height: float = 4.0):
    """A Figure whose text can show Korean, as (figure, axes, language used).

    Without a Hangul font the language used is 'en': write every text of the
    figure in that language, or it shows empty boxes.
    """
    check_lang(lang, "figure")
    ncols = checks.count(ncols, "figure: ncols", maximum=100)
    width = checks.number(width, "figure: width", 0.0, inclusive=False)
    height = checks.number(height, "figure: height", 0.0, inclusive=False)
    matplotlib, Figure = _matplotlib()
    lang = plot_language(lang)
    style = {"axes.unicode_minus": False}  # Korean fonts often lack the '−' sign
    if lang == "ko":
        style["font.family"] = [_hangul_font(matplotlib), "DejaVu Sans"]
    # text takes its font when it is created, so the style only has to hold while drawing
    with matplotlib.rc_context(style):
        fig = Figure(figsize=(width * ncols, height), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
        yield fig, list(axes), lang


def save(figure, path) -> None:
    """Save a figure as PNG or SVG, chosen by the file name's ending."""
    _save(figure, path, "save")


def _save(figure, path, where: str) -> None:
    if not callable(getattr(figure, "savefig", None)):
        raise TypeError(message("plot_bad_figure", value=repr(figure)[:60], type=type(figure).__name__))
    path = _check_path(path, where)
    ending = os.path.splitext(path)[1].lower().lstrip(".")
    matplotlib, _ = _matplotlib()
    # no date and fixed element ids in the SVG, so the same figure gives the same file
    metadata = {"Date": None} if ending == "svg" else None
    with matplotlib.rc_context({"svg.hashsalt": "microgradkr"}):
        figure.savefig(path, format=ending, metadata=metadata)


def _check_path(path, where: str) -> str:
    """A file name ending in .png or .svg, checked before anything is drawn."""
    path = os.fsdecode(checks.file_path(path, f"{where}: path"))
    if os.path.splitext(path)[1].lower().lstrip(".") not in FORMATS:
        raise ValueError(message("plot_format", where=where, path=path, formats=", ".join(FORMATS)))
    return path


def _finish(fig, path, where: str):
    if path is not None:
        _save(fig, path, where)
    return fig


def _number(x) -> float:
    """A Value's number, or a number as a float (float(Value) is refused: it would cut a graph)."""
    return x.data if isinstance(x, Value) else float(x)


def _numbers(values, what: str) -> list:
    """A list of real numbers as floats (Values give their .data)."""
    values = checks.sequence(values, what)
    return [checks.real(v.data if isinstance(v, Value) else v, f"{what}[{i}]") for i, v in enumerate(values)]


def _start(where: str, path, lang: str) -> None:
    """The checks every plot shares, made before any drawing."""
    if path is not None:
        _check_path(path, where)
    check_lang(lang, where)


# ------------------------------------------------------------------ the plots

def loss_curve(history, path=None, lang: str = "ko"):
    """Loss per epoch (and accuracy on a second axis when there is one).

    ``history`` is what ``fit`` returned, or a plain list of losses; a
    validation loss, when there is one, is drawn dashed.
    """
    _start("loss_curve", path, lang)
    losses = _numbers(history.loss if hasattr(history, "loss") else history, "loss_curve: history")
    accuracy = [a for a in getattr(history, "accuracy", []) if a is not None]
    epochs = range(1, len(losses) + 1)
    val_losses = list(getattr(history, "val_loss", []))
    with figure(lang) as (fig, (ax,), lang):
        ax.plot(epochs, losses, color="tab:blue", label=say("plot_train", lang))
        if val_losses and len(val_losses) == len(losses):  # (an empty history has no validation curve)
            ax.plot(epochs, val_losses, color="tab:blue", linestyle="--", label=say("plot_valid", lang))
            ax.legend(loc="center right")
        ax.set_xlabel(say("plot_epoch", lang))
        ax.set_ylabel(say("plot_loss", lang), color="tab:blue")
        ax.set_title(say("plot_loss_title", lang))
        if accuracy and len(accuracy) == len(losses):
            right = ax.twinx()
            right.plot(epochs, accuracy, color="tab:orange")
            right.set_ylabel(say("plot_accuracy", lang), color="tab:orange")
            right.set_ylim(0.0, 1.05)
    return _finish(fig, path, "loss_curve")


def _predictions(model, points, threshold: Optional[float]) -> list:
    """The class the model predicts at each point (under no_grad, in eval mode)."""
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()  # no dropout while looking at the decision
    try:
        with no_grad():
            outputs = [model(p) for p in points]
    finally:
        if hasattr(model, "train"):
            model.train(was_training)
    if threshold is None:
        threshold = 0.5 if getattr(model, "output_activation", "") == "sigmoid" else 0.0
    classes = []
    for out in outputs:
        if isinstance(out, (list, tuple)):  # several outputs: the largest wins
            scores = [_number(o) for o in out]
            classes.append(scores.index(max(scores)))
        else:
            classes.append(1 if _number(out) > threshold else 0)
    return classes


def _grid(values: Sequence[float], resolution: int) -> list:
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad
    return [low + (high - low) * i / (resolution - 1) for i in range(resolution)]


def decision_boundary(model, X: Sequence, y: Sequence, path=None, threshold: Optional[float] = None,
                      resolution: int = 60, lang: str = "ko"):
    """Colour the plane by the class a 2-input model predicts, with the data on top.

    A one-output model predicts class 1 where its output is above
    ``threshold`` (0.5 after a sigmoid output, 0 otherwise, e.g. for the hinge
    loss); a model with several outputs predicts the largest.
    """
    _start("decision_boundary", path, lang)
    if not callable(model):
        raise TypeError(message("nn_bad_model", where="decision_boundary", value=repr(model)[:60],
                                type=type(model).__name__))
    X = checks.sequence(X, "decision_boundary: X")
    points = [_numbers(p, f"decision_boundary: X[{i}]") for i, p in enumerate(X)]
    if not points or any(len(p) != 2 for p in points):
        raise ValueError(message("plot_bad_points", count=len(points)))
    labels = _numbers(y, "decision_boundary: y")
    if len(labels) != len(points):
        raise ValueError(message("nn_data_lengths", where="decision_boundary", X="X", y="y",
                                 n=len(points), m=len(labels)))
    if threshold is not None:
        threshold = checks.real(threshold, "decision_boundary: threshold")
    resolution = checks.count(resolution, "decision_boundary: resolution", minimum=2)
    checks.fits_in_memory(resolution * resolution, "decision_boundary", "resolution")  # one Value per point
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    grid_x, grid_y = _grid(xs, resolution), _grid(ys, resolution)
    flat = _predictions(model, [[gx, gy] for gy in grid_y for gx in grid_x], threshold)
    rows = [flat[j * resolution:(j + 1) * resolution] for j in range(resolution)]
    levels = [k - 0.5 for k in range(max(flat) + 2)] if max(flat) > 0 else [-0.5, 0.5]
    with figure(lang, width=5.0, height=5.0) as (fig, (ax,), lang):
        ax.contourf(grid_x, grid_y, rows, levels=levels, cmap="coolwarm", alpha=0.35)
        ax.scatter(xs, ys, c=labels, cmap="coolwarm", edgecolors="black",
                   linewidths=0.5, s=25)
        ax.set_xlabel("x0")
        ax.set_ylabel("x1")
        ax.set_title(say("plot_boundary_title", lang))
    return _finish(fig, path, "decision_boundary")


def activation_functions(names: Sequence[str] = ("step", "sigmoid", "tanh", "relu"), path=None,
                         x_range=(-5.0, 5.0), points: int = 201, lang: str = "ko"):
    """Each activation function (활성화 함수) and its derivative, one panel each.

    The derivative is ``x.grad`` after ``f(x).backward()``: what backpropagation
    really uses (so step's derivative is 0 everywhere and relu'(0) = 0).
    """
    _start("activation_functions", path, lang)
    names = checks.sequence(names, "activation_functions: names")
    if not names:
        raise ValueError(message("empty", what="activation_functions: names"))
    for name in names:
        choice(name, "activation_functions: names", CURVES)
    low, high = _range(x_range, "activation_functions: x_range")
    points = checks.count(points, "activation_functions: points", minimum=2)
    checks.fits_in_memory(points, "activation_functions", "points")
    grid = [low + (high - low) * i / (points - 1) for i in range(points)]
    with figure(lang, ncols=len(names), width=3.2, height=3.0) as (fig, axes, lang):
        for ax, name in zip(axes, names):
            values, slopes = activation_curve(name, grid)
            ax.plot(grid, values, label=name)
            ax.plot(grid, slopes, linestyle="--", label=say("plot_derivative", lang, name=name))
            ax.axhline(0.0, color="gray", linewidth=0.5)
            ax.set_title(name)
            ax.legend(loc="upper left", fontsize="small")
    return _finish(fig, path, "activation_functions")


def _range(pair, what: str) -> tuple:
    """(low, high): two finite numbers, low < high."""
    pair = checks.sequence(pair, what)
    if len(pair) != 2:
        raise ValueError(message("plot_bad_range", what=what, value=repr(pair)[:60]))
    low, high = (checks.number(x, f"{what}[{i}]", -math.inf) for i, x in enumerate(pair))
    if not low < high:
        raise ValueError(message("plot_bad_range", what=what, value=repr(pair)[:60]))
    return low, high


def activation_curve(name: str, xs: Sequence[float]):
    """(f(x), f'(x)) at each x, f' by backpropagation through the engine."""
    choice(name, "activation_curve: name", CURVES)
    values, slopes = [], []
    for x in _numbers(xs, "activation_curve: xs"):
        leaf = Value(x)
        out = getattr(leaf, name)()
        out.backward()
        values.append(out.data)
        slopes.append(leaf.grad)
    return values, slopes


def _weights_of(source, what: str) -> list:
    from .nn import Module, iter_weights

    if isinstance(source, Module):
        return [w.data for w in iter_weights(source)]
    return _numbers(source, what)


def weight_histogram(weights, path=None, bins: int = 30, lang: str = "ko"):
    """A histogram of weights: a model (its weights, not biases), a list, or
    a dict {title: model or list} to compare initialisers side by side."""
    _start("weight_histogram", path, lang)
    if bins is not None:
        bins = checks.count(bins, "weight_histogram: bins", maximum=10 ** 6)
    groups: Dict[str, list] = ({str(k): _weights_of(v, f"weight_histogram: weights[{k!r}]")
                                for k, v in weights.items()}
                               if isinstance(weights, dict) else {"": _weights_of(weights, "weight_histogram: weights")})
    if not groups:
        raise ValueError(message("empty", what="weight_histogram: weights"))
    with figure(lang, ncols=len(groups), width=3.5, height=3.0) as (fig, axes, lang):
        for ax, (title, data) in zip(axes, groups.items()):
            ax.hist(data, bins=bins, color="tab:blue", alpha=0.8)
            ax.set_title(title or say("plot_weights_title", lang))
            ax.set_xlabel(say("plot_weight", lang))
    return _finish(fig, path, "weight_histogram")
