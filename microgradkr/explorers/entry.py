"""``explore``: the live explorers' one entry point; it picks the explorer for what it is given.

- ``explore(lambda x, y: x * y + x, x=(-2, 2), y=(0, 5))``: a slider per input,
  the backward picture and a gradient table (backward beside central difference).
- ``explore(gates.apple())``: the same for a teaching circuit; ranges optional.
- ``explore(model, X, y, loss='mse', optimizer='adam', lr=0.05)``: training with
  step, play/pause, reset, learning rate and optimizer, loss curve and decision boundary.
"""

from __future__ import annotations

from .graph import for_circuit, for_function
from .kit import in_notebook
from .training import TrainingExplorer
from ..gates import GATES, Circuit
from ..nn import Module
from ..messages import both, message

#: the options explore(model, X, y, ...) accepts (TrainingExplorer's keywords)
TRAINING_OPTIONS = ("loss", "optimizer", "lr", "batch_size", "seed", "epochs_per_frame", "max_epochs",
                    "resolution", "boundary_seconds")


def needs_notebook_line() -> str:
    """The one bilingual line said outside a notebook."""
    return both("explore_needs_notebook")


def make_explorer(target, X=None, y=None, /, lang: str = "ko", **options):
    """The explorer for ``target`` (a GraphExplorer or a TrainingExplorer), notebook or not."""
    if isinstance(target, Module):
        if X is None or y is None:
            raise TypeError(message("explore_needs_data"))
        unknown = sorted(set(options) - set(TRAINING_OPTIONS))
        if unknown:
            raise TypeError(message("explore_bad_option", names=", ".join(unknown),
                                    known=", ".join(TRAINING_OPTIONS)))
        return TrainingExplorer(target, X, y, lang=lang, **options)
    if X is not None or y is not None:  # data only makes sense with a model
        raise TypeError(message("explore_bad_target", value=repr(target)[:60], type=type(target).__name__))
    if any(target is builder for builder in GATES.values()):  # explore(gates.apple): the builder itself
        target = target(lang=lang)
    if isinstance(target, Circuit):
        return for_circuit(target, options, lang)
    if callable(target):
        return for_function(target, options, lang)
    raise TypeError(message("explore_bad_target", value=repr(target)[:60], type=type(target).__name__))


def explore(target, X=None, y=None, /, lang: str = "ko", **options):
    """Explore a graph or a training run live in Jupyter, with sliders and buttons.

    ``target`` is a function of named inputs returning a Value (give each
    input a range: ``x=(-2, 2)`` or ``x=(-2, 2, 0.1)``, or a number to start
    from), a circuit from ``microgradkr.gates`` (ranges optional), or a model
    with its data ``X, y`` (options: loss, optimizer ('sgd', 'momentum',
    'adagrad', 'adam'), lr, batch_size, seed, ...).  Outside a notebook it
    prints one line saying it needs one and returns None.
    """
    if not in_notebook():
        print(needs_notebook_line())
        return None
    return make_explorer(target, X, y, lang, **options)
