"""Every public call of the network side, given a bad value, says which function and argument.

Each site below is one argument of one public function (nn, losses, optim,
train, init, data, saving, plot, draw).  Every value of BAD goes in; the call
must either accept it (only where the site lists it as meaningful, e.g. None
for a seed) or raise TypeError or ValueError whose message names the function
and the argument, in Korean and English.  Anything else (OverflowError,
AttributeError, "'NoneType' object is not iterable", a hang) fails.
"""

import math
import re
from dataclasses import dataclass
from typing import Callable, FrozenSet

import pytest

from microgradkr import (MLP, Layer, Neuron, Value, backprop_player, data, draw_dot, evaluate, fit, init, losses,
                         optim, saving)
from microgradkr.nn import BatchNorm, Dropout, Sequential, iter_weights

BAD = {"None": None, "'a'": "a", "10**400": 10 ** 400, "-1": -1, "nan": math.nan, "inf": math.inf,
       "[]": [], "object()": object()}
NUMBERS = frozenset({"-1", "10**400", "nan", "inf"})  # IEEE numbers: a loss of inf is an answer
SEEDS = frozenset({"None", "-1", "10**400"})
PATHS = frozenset({"'a'"})  # a file name: saving works, loading finds no file (FileNotFoundError)


@dataclass(frozen=True)
class Site:
    function: str  # what the message must name
    argument: str
    call: Callable
    accepts: FrozenSet[str] = frozenset()  # values of BAD that mean something here

    def __str__(self):
        return f"{self.function}({self.argument})"


def _model():
    return MLP(2, [2, 1], seed=0)


def _params():
    return _model().parameters()


XOR = data.gate("XOR")

SITES = [
    # ---- nn
    Site("Neuron", "nin", lambda v: Neuron(v)),
    Site("Neuron", "activation", lambda v: Neuron(2, activation=v), frozenset({"None"})),
    Site("Neuron", "nonlin", lambda v: Neuron(2, nonlin=v), frozenset({"None"})),
    Site("Neuron", "seed", lambda v: Neuron(2, seed=v), SEEDS),
    Site("Neuron", "bias", lambda v: Neuron(2, bias=v)),
    Site("Neuron", "init", lambda v: Neuron(2, init=v)),
    Site("Neuron", "rng", lambda v: Neuron(2, rng=v), SEEDS),
    Site("Neuron", "fused", lambda v: Neuron(2, fused=v)),
    Site("Neuron", "fan_out", lambda v: Neuron(2, fan_out=v)),
    Site("Neuron", "x", lambda v: Neuron(2, rng=0)(v)),
    Site("Layer", "nin", lambda v: Layer(v, 2)),
    Site("Layer", "nout", lambda v: Layer(2, v)),
    Site("Layer", "activation", lambda v: Layer(2, 2, activation=v), frozenset({"None"})),
    Site("Layer", "nonlin", lambda v: Layer(2, 2, nonlin=v), frozenset({"None"})),
    Site("Layer", "seed", lambda v: Layer(2, 2, seed=v), SEEDS),
    Site("Layer", "bias", lambda v: Layer(2, 2, bias=v)),
    Site("Layer", "init", lambda v: Layer(2, 2, init=v)),
    Site("Layer", "rng", lambda v: Layer(2, 2, rng=v), SEEDS),
    Site("Layer", "fused", lambda v: Layer(2, 2, fused=v)),
    Site("Layer", "x", lambda v: Layer(2, 2, rng=0)(v)),
    Site("MLP", "nin", lambda v: MLP(v, [1])),
    Site("MLP", "nouts", lambda v: MLP(2, v)),
    Site("MLP", "nouts", lambda v: MLP(2, [v])),
    Site("MLP", "activation", lambda v: MLP(2, [1], activation=v)),
    Site("MLP", "output_activation", lambda v: MLP(2, [1], output_activation=v)),
    Site("MLP", "init", lambda v: MLP(2, [1], init=v)),
    Site("MLP", "seed", lambda v: MLP(2, [1], seed=v), SEEDS),
    Site("MLP", "bias", lambda v: MLP(2, [1], bias=v)),
    Site("MLP", "fused", lambda v: MLP(2, [1], fused=v)),
    Site("MLP", "rng", lambda v: MLP(2, [1], rng=v), SEEDS),
    Site("MLP", "x", lambda v: _model()(v)),
    Site("train", "mode", lambda v: _model().train(v)),
    Site("Sequential", "modules", lambda v: Sequential(v)),
    Site("Dropout", "p", lambda v: Dropout(v)),
    Site("Dropout", "rng", lambda v: Dropout(0.5, rng=v), SEEDS),
    Site("Dropout", "x", lambda v: Dropout(0.5, rng=0)(v), frozenset({"[]"})),
    Site("Dropout", "mask", lambda v: Dropout(0.5, rng=0)([1.0, 2.0], mask=v), frozenset({"None"})),
    Site("BatchNorm", "num_features", lambda v: BatchNorm(v)),
    Site("BatchNorm", "eps", lambda v: BatchNorm(2, eps=v)),
    Site("BatchNorm", "momentum", lambda v: BatchNorm(2, momentum=v)),
    Site("BatchNorm", "batch", lambda v: BatchNorm(2)(v)),
    Site("iter_weights", "model", lambda v: iter_weights(v)),
    # ---- losses
    Site("mse", "outputs", lambda v: losses.mse(v, 1.0), NUMBERS),
    Site("mse", "targets", lambda v: losses.mse(Value(1.0), v), NUMBERS),
    Site("mse", "reduction", lambda v: losses.mse([Value(1.0)], [1.0], reduction=v)),
    Site("bce", "outputs", lambda v: losses.bce(v, 1.0)),
    Site("bce", "outputs", lambda v: losses.bce(v, 1.0, from_logits=True), NUMBERS),
    Site("bce", "targets", lambda v: losses.bce(Value(0.5), v)),
    Site("bce", "from_logits", lambda v: losses.bce(Value(0.5), 1.0, from_logits=v)),
    Site("bce", "reduction", lambda v: losses.bce([Value(0.5)], [1.0], reduction=v)),
    Site("hinge", "outputs", lambda v: losses.hinge(v, 1.0), NUMBERS),
    Site("hinge", "targets", lambda v: losses.hinge(Value(0.5), v), NUMBERS),
    Site("hinge", "reduction", lambda v: losses.hinge([Value(0.5)], [1.0], reduction=v)),
    Site("softmax", "logits", lambda v: losses.softmax(v)),
    Site("cross_entropy", "logits", lambda v: losses.cross_entropy(v, 0)),
    Site("cross_entropy", "targets", lambda v: losses.cross_entropy([Value(1.0), Value(2.0)], v)),
    Site("cross_entropy", "reduction",
         lambda v: losses.cross_entropy([[Value(1.0), Value(2.0)]], [0], reduction=v)),
    Site("l2", "parameters", lambda v: losses.l2(v), frozenset({"[]"})),
    # ---- optim
    # None: made the book's way, for update(params, grads) (a step() then says so)
    *[Site(cls.__name__, "params", lambda v, cls=cls: cls(v), frozenset({"None"})) for cls in
      (optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam)],
    # lr, formula, betas: None is each optimizer's default (the book's, made without params)
    *[Site(cls.__name__, "lr", lambda v, cls=cls: cls(_params(), lr=v), frozenset({"None"})) for cls in
      (optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam)],
    *[Site(cls.__name__, "weight_decay", lambda v, cls=cls: cls(_params(), weight_decay=v)) for cls in
      (optim.SGD, optim.Momentum, optim.AdaGrad, optim.Adam)],
    *[Site(cls.__name__, "formula", lambda v, cls=cls: cls(_params(), formula=v), frozenset({"None"})) for cls in
      (optim.Momentum, optim.AdaGrad, optim.Adam)],
    Site("SGD", "momentum", lambda v: optim.SGD(_params(), momentum=v)),
    Site("SGD", "dampening", lambda v: optim.SGD(_params(), dampening=v)),
    Site("SGD", "nesterov", lambda v: optim.SGD(_params(), momentum=0.9, nesterov=v)),
    Site("Momentum", "momentum", lambda v: optim.Momentum(_params(), momentum=v)),
    Site("AdaGrad", "eps", lambda v: optim.AdaGrad(_params(), eps=v)),
    Site("Adam", "eps", lambda v: optim.Adam(_params(), eps=v)),
    Site("Adam", "betas", lambda v: optim.Adam(_params(), betas=v), frozenset({"None"})),
    Site("Adam", "beta1", lambda v: optim.Adam(_params(), beta1=v), frozenset({"None"})),
    Site("Adam", "beta2", lambda v: optim.Adam(_params(), beta2=v), frozenset({"None"})),
    Site("Adam", "betas", lambda v: optim.Adam(_params(), betas=(0.9, v))),
    # ---- train
    Site("fit", "model", lambda v: fit(v, *XOR, epochs=1, progress=False)),
    Site("fit", "X", lambda v: fit(_model(), v, XOR[1], epochs=1, progress=False)),
    Site("fit", "y", lambda v: fit(_model(), XOR[0], v, epochs=1, progress=False)),
    Site("fit", "loss", lambda v: fit(_model(), *XOR, loss=v, epochs=1, progress=False)),
    Site("fit", "optimizer", lambda v: fit(_model(), *XOR, optimizer=v, epochs=1, progress=False),
         frozenset({"None"})),
    Site("fit", "lr", lambda v: fit(_model(), *XOR, optimizer="sgd", lr=v, epochs=1, progress=False),
         frozenset({"None"})),
    Site("fit", "epochs", lambda v: fit(_model(), *XOR, epochs=v, progress=False)),
    Site("fit", "batch_size", lambda v: fit(_model(), *XOR, epochs=1, batch_size=v, progress=False),
         frozenset({"None", "10**400"})),
    Site("fit", "seed", lambda v: fit(_model(), *XOR, epochs=1, seed=v, progress=False), SEEDS),
    Site("fit", "progress", lambda v: fit(_model(), *XOR, epochs=1, progress=v)),
    Site("fit", "validation", lambda v: fit(_model(), *XOR, epochs=1, progress=False, validation=v),
         frozenset({"None"})),
    Site("evaluate", "model", lambda v: evaluate(v, *XOR)),
    Site("evaluate", "X", lambda v: evaluate(_model(), v, XOR[1])),
    Site("evaluate", "y", lambda v: evaluate(_model(), XOR[0], v)),
    Site("evaluate", "loss", lambda v: evaluate(_model(), *XOR, loss=v)),
    # ---- init
    Site("get", "init", lambda v: init.get(v)),
    Site("make_rng", "rng", lambda v: init.make_rng(v), SEEDS),
    Site("weight_source", "seed", lambda v: init.weight_source(seed=v), SEEDS),
    Site("weight_source", "rng", lambda v: init.weight_source(rng=v), SEEDS),
    Site("std", "fan_in", lambda v: init.he_normal.std(v)),
    Site("std", "fan_out", lambda v: init.xavier_normal.std(2, v)),
    Site("sample", "n", lambda v: init.normal.sample(v, 2)),
    Site("sample", "fan_in", lambda v: init.he_normal.sample(3, v)),
    Site("sample", "rng", lambda v: init.normal.sample(3, 2, rng=v), SEEDS),
    # ---- data
    Site("gate", "name", lambda v: data.gate(v)),
    Site("moons", "n", lambda v: data.moons(v)),
    Site("moons", "noise", lambda v: data.moons(10, noise=v)),
    Site("moons", "seed", lambda v: data.moons(10, seed=v), SEEDS),
    Site("moons", "signed", lambda v: data.moons(10, signed=v)),
    Site("noisy_line", "n", lambda v: data.noisy_line(v)),
    Site("noisy_line", "a", lambda v: data.noisy_line(5, a=v), frozenset({"-1"})),
    Site("noisy_line", "b", lambda v: data.noisy_line(5, b=v), frozenset({"-1"})),
    Site("noisy_line", "noise", lambda v: data.noisy_line(5, noise=v)),
    Site("noisy_line", "seed", lambda v: data.noisy_line(5, seed=v), SEEDS),
    Site("noisy_line", "x_range", lambda v: data.noisy_line(5, x_range=v)),
    Site("noisy_line", "x_range", lambda v: data.noisy_line(5, x_range=(0.0, v)), frozenset({"-1"})),
    Site("train_valid_test_split", "X", lambda v: data.train_valid_test_split(v, [1, 2, 3])),
    Site("train_valid_test_split", "y", lambda v: data.train_valid_test_split([1, 2, 3], v)),
    Site("train_valid_test_split", "valid", lambda v: data.train_valid_test_split(*XOR, valid=v)),
    Site("train_valid_test_split", "test", lambda v: data.train_valid_test_split(*XOR, test=v)),
    Site("train_valid_test_split", "seed", lambda v: data.train_valid_test_split(*XOR, seed=v), SEEDS),
    # ---- saving
    Site("save", "path", lambda v: _model().save(v), PATHS),
    Site("save", "model", lambda v: saving.save(v, "never-written.json")),
    Site("load", "path", lambda v: MLP.load(v), PATHS),
    Site("load", "path", lambda v: saving.load(v), PATHS),
    Site("load_weights", "path", lambda v: _model().load_weights(v), PATHS),
    Site("load_weights", "model", lambda v: saving.load_weights(v, "never-read.json")),
    Site("to_dict", "model", lambda v: saving.to_dict(v)),
    Site("load", "data", lambda v: saving.validate(v)),
    Site("load", "data", lambda v: saving.from_dict(v)),
    # ---- draw (the arguments; what the pictures show is tested in test_draw)
    Site("draw_dot", "root", lambda v: draw_dot(v)),
    Site("draw_dot", "mode", lambda v: draw_dot(Value(1.0), mode=v), frozenset({"None"})),  # None: follow backward()
    Site("draw_dot", "lang", lambda v: draw_dot(Value(1.0), lang=v)),
    Site("draw_dot", "rankdir", lambda v: draw_dot(Value(1.0), rankdir=v)),
    Site("draw_dot", "precision", lambda v: draw_dot(Value(1.0), precision=v), frozenset({"None"})),
    Site("draw_dot", "title", lambda v: draw_dot(Value(1.0), title=v), frozenset({"None", "'a'"})),
    Site("draw_dot", "timeout", lambda v: draw_dot(Value(1.0), timeout=v)),
    Site("draw_dot", "blanks", lambda v: draw_dot(Value(1.0), blanks=v), frozenset({"None"})),  # None: no worksheet
    Site("save", "path", lambda v: draw_dot(Value(1.0)).save(v)),  # 'a' has no picture suffix
    Site("pipe", "format", lambda v: draw_dot(Value(1.0)).pipe(v), frozenset({"None"})),  # None: .format
    Site("pipe", "timeout", lambda v: draw_dot(Value(1.0)).pipe("svg", timeout=v), frozenset({"None"})),
    Site("svg", "timeout", lambda v: draw_dot(Value(1.0)).svg(timeout=v), frozenset({"None"})),
    Site("backprop_player", "root", lambda v: backprop_player(v)),
    Site("backprop_player", "lang", lambda v: backprop_player(Value(1.0), lang=v)),
    Site("backprop_player", "precision", lambda v: backprop_player(Value(1.0), precision=v), frozenset({"None"})),
    Site("backprop_player", "rankdir", lambda v: backprop_player(Value(1.0), rankdir=v)),
    Site("backprop_player", "title", lambda v: backprop_player(Value(1.0), title=v), frozenset({"None", "'a'"})),
    Site("backprop_player", "timeout", lambda v: backprop_player(Value(1.0), timeout=v)),
    Site("save", "path", lambda v: backprop_player(Value(1.0)).save(v), PATHS),
]


def _history():
    return fit(_model(), *XOR, epochs=2, progress=False)


def _plot():
    pytest.importorskip("matplotlib", reason="plots need matplotlib: pip install 'microgradkr[plot]'")
    from microgradkr import plot
    return plot


PLOT_SITES = [
    Site("loss_curve", "history", lambda v: _plot().loss_curve(v), frozenset({"[]"})),
    Site("loss_curve", "path", lambda v: _plot().loss_curve(_history(), path=v), frozenset({"None"})),
    Site("loss_curve", "lang", lambda v: _plot().loss_curve(_history(), lang=v)),
    Site("decision_boundary", "model", lambda v: _plot().decision_boundary(v, *XOR)),
    Site("decision_boundary", "X", lambda v: _plot().decision_boundary(_model(), v, XOR[1])),
    Site("decision_boundary", "y", lambda v: _plot().decision_boundary(_model(), XOR[0], v)),
    Site("decision_boundary", "path", lambda v: _plot().decision_boundary(_model(), *XOR, path=v),
         frozenset({"None"})),
    Site("decision_boundary", "threshold", lambda v: _plot().decision_boundary(_model(), *XOR, threshold=v),
         NUMBERS | {"None"}),
    Site("decision_boundary", "resolution", lambda v: _plot().decision_boundary(_model(), *XOR, resolution=v)),
    Site("decision_boundary", "lang", lambda v: _plot().decision_boundary(_model(), *XOR, lang=v)),
    Site("activation_functions", "names", lambda v: _plot().activation_functions(v)),
    Site("activation_functions", "x_range", lambda v: _plot().activation_functions(x_range=v)),
    Site("activation_functions", "x_range", lambda v: _plot().activation_functions(x_range=(-1, v))),
    Site("activation_functions", "points", lambda v: _plot().activation_functions(points=v)),
    Site("activation_functions", "path", lambda v: _plot().activation_functions(path=v), frozenset({"None"})),
    Site("activation_functions", "lang", lambda v: _plot().activation_functions(lang=v)),
    Site("activation_curve", "name", lambda v: _plot().activation_curve(v, [0.0])),
    Site("activation_curve", "xs", lambda v: _plot().activation_curve("relu", v), frozenset({"[]"})),
    Site("weight_histogram", "weights", lambda v: _plot().weight_histogram(v), frozenset({"[]"})),
    Site("weight_histogram", "bins", lambda v: _plot().weight_histogram(_model(), bins=v), frozenset({"None"})),
    Site("weight_histogram", "lang", lambda v: _plot().weight_histogram(_model(), lang=v)),
    Site("weight_histogram", "path", lambda v: _plot().weight_histogram(_model(), path=v), frozenset({"None"})),
    Site("save", "figure", lambda v: _plot().save(v, "never-written.png")),
    Site("save", "path", lambda v: _plot().save(_plot().loss_curve([1.0, 0.5]), v)),
    Site("plot_language", "lang", lambda v: _plot().plot_language(v)),
    Site("figure", "lang", lambda v: _plot().figure(v).__enter__()),
    Site("figure", "ncols", lambda v: _plot().figure("en", ncols=v).__enter__()),
    Site("figure", "width", lambda v: _plot().figure("en", width=v).__enter__()),
    Site("figure", "height", lambda v: _plot().figure("en", height=v).__enter__()),
]




def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def check(site: Site, label: str) -> None:
    try:
        site.call(BAD[label])
    except (TypeError, ValueError) as error:
        text = str(error)
        named = [re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in (site.function, site.argument)]
        assert all(named), f"{site} with {label}: {text!r}"
        korean, _, english = text.partition("\n")
        assert _has_hangul(korean) and english and not _has_hangul(english), f"{site}: {text!r}"
    except OSError:
        assert label in site.accepts, f"{site} with {label}: an OSError for a bad argument"
    else:
        assert label in site.accepts, f"{site} accepted {label}"


@pytest.mark.parametrize("label", list(BAD))
@pytest.mark.parametrize("site", SITES + PLOT_SITES, ids=str)
def test_a_bad_value_gets_an_error_naming_the_function_and_the_argument(no_hang, tmp_path, monkeypatch,
                                                                          site, label):
    monkeypatch.chdir(tmp_path)  # a call that wrongly succeeds writes nothing into the project
    check(site, label)


# ---------------------------------------------------------------- the examples of the issue, one by one

@pytest.mark.parametrize("call, names", [
    (lambda: optim.SGD(_params(), lr=10 ** 400), ("SGD", "lr")),
    (lambda: optim.Adam(_params(), eps=10 ** 400), ("Adam", "eps")),
    (lambda: draw_dot(Value(1.0), timeout=10 ** 400), ("draw_dot", "timeout")),
    (lambda: fit(_model(), *XOR, epochs=10 ** 400, progress=False), ("fit", "epochs")),
    (lambda: BatchNorm(2, eps=-1), ("BatchNorm", "eps")),
    (lambda: BatchNorm(2, momentum=math.inf), ("BatchNorm", "momentum")),
])
def test_out_of_range_numbers_are_value_errors_not_overflow(call, names):
    with pytest.raises(ValueError) as error:
        call()
    assert all(name in str(error.value) for name in names)


@pytest.mark.parametrize("call, names", [
    (lambda: optim.SGD("abc"), ("SGD", "params")),
    (lambda: fit(_model(), None, XOR[1]), ("fit", "X")),
    (lambda: optim.Adam(_params(), betas=0.9), ("Adam", "betas")),
    (lambda: losses.hinge(Value(0.5), "a"), ("hinge", "targets")),
    (lambda: BatchNorm(2, eps="1e-5"), ("BatchNorm", "eps")),
])
def test_wrong_types_are_type_errors_naming_the_call(call, names):  # noqa: D103
    with pytest.raises(TypeError) as error:
        call()
    text = str(error.value)
    assert all(name in text for name in names)
    assert "mul" not in text and "NoneType' object" not in text and "unpack" not in text


def test_a_title_with_a_lone_surrogate_can_be_printed_and_saved(tmp_path, capsys):
    drawing = draw_dot(Value(2.0, "a") * 3.0, title="제목 \ud800 끝")
    listing = drawing.text()
    listing.encode("utf-8")  # a lone surrogate cannot be encoded; its visible escape can
    print(listing)
    assert capsys.readouterr().out.splitlines()[0] == "제목 \\ud800 끝"
    drawing.save(tmp_path / "g.dot")
    assert "제목" in (tmp_path / "g.dot").read_text(encoding="utf-8")
    player = backprop_player(Value(2.0, "a") * 3.0, title="제목 \udfff")
    assert player.title == "제목 \\udfff"


# ---------------------------------------------------------------- every public argument has a site

#: public callables whose arguments the sites above need not walk, and why
NOT_WALKED = {
    "Module": "an abstract base: no arguments",
    "Optimizer": "an abstract base: its arguments are walked through SGD, Momentum, AdaGrad and Adam",
    "History": "a record that fit fills in",
    "Initializer": "the library defines the initialisers; get() and their methods are walked",
    "Split": "a named tuple that train_valid_test_split returns",
    "Drawing": "made by draw_dot (walked); its methods are walked",
    "Player": "made by backprop_player (walked), with the same arguments",
    "script_json": "a helper of the player page",
    "HangulFontWarning": "a warning class the plots emit, not called by users",
    ("validate", "path"): "only names the data in messages",
    ("from_dict", "path"): "only names the data in messages",
    ("get", "what"): "names the caller's argument in messages",
    ("make_rng", "what"): "names the caller's argument in messages",
    ("weight_source", "where"): "names the caller in messages",
}


def _public_callables():
    import inspect

    from microgradkr import plot
    from microgradkr.draw import drawing, player
    from microgradkr import nn, train

    for module in (nn, losses, optim, train, init, data, saving, plot, drawing, player):
        for name, obj in vars(module).items():
            if (not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                    and obj.__module__ == module.__name__):
                yield name, obj


def _names_in(site: Site) -> set:
    """The names a site's call uses (a class passed as a default argument too)."""
    code = site.call.__code__
    return set(code.co_names) | {d.__name__ for d in site.call.__defaults__ or () if hasattr(d, "__name__")}


def test_every_argument_of_every_public_function_is_walked():
    import inspect

    missing = []
    for name, obj in _public_callables():
        if name in NOT_WALKED:
            continue
        for parameter in inspect.signature(obj).parameters:
            walked = any(site.argument == parameter and name in _names_in(site) for site in SITES + PLOT_SITES)
            if not walked and (name, parameter) not in NOT_WALKED:
                missing.append(f"{name}({parameter})")
    assert not missing, "add a Site for: " + ", ".join(missing)


def test_an_optimizer_made_the_books_way_has_no_step_and_says_so():
    with pytest.raises(ValueError, match=r"(?s)SGD.*params.*update\(params, grads\)"):
        optim.SGD().step()
