"""Saving an MLP to a file and loading it back, as functions: ``saving.save(model, 'm.json')``.

The same as the model's own methods (``model.save``, ``MLP.load``,
``model.load_weights``, ``model.to_dict``, ``MLP.from_dict``), for code that
prefers functions; each also checks that it was given an MLP.  What the file
holds, and how it is written atomically and read strictly, is
:mod:`microgradkr.model_file`'s job.  This module imports nn; nn never imports it.
"""

from __future__ import annotations

from .messages import message
from .model_file import FORMAT, VERSION
from .nn import ACTIVATIONS, MLP
from . import model_file

__all__ = ["save", "load", "load_weights", "to_dict", "from_dict", "validate", "FORMAT", "VERSION"]


def _check_model(model, where: str) -> None:
    if not isinstance(model, MLP):
        raise TypeError(message("nn_bad_model", where=where, value=repr(model)[:60], type=type(model).__name__))


def to_dict(model) -> dict:
    """The model as a JSON-ready dict; ValueError if a weight is not finite."""
    _check_model(model, "to_dict")
    return model.to_dict()


def from_dict(data: dict, path="<data>") -> MLP:
    """A new MLP from a dict as ``to_dict`` makes (checked first)."""
    return MLP.from_dict(data, path)


def validate(data, path="<data>") -> dict:
    """A checked copy of a loaded file's content: numbers as floats, nothing missing or extra."""
    return model_file.validate(data, ACTIVATIONS, path)


def save(model, path) -> None:
    """Write ``model`` to ``path`` atomically (temp file in the same folder + os.replace)."""
    _check_model(model, "save")
    model.save(path)


def load(path) -> MLP:
    """A new MLP from a file written by ``save``; ValueError naming what is wrong."""
    return MLP.load(path)


def load_weights(model, path) -> None:
    """Replace ``model``'s weights from a file; the architecture must match."""
    _check_model(model, "load_weights")
    model.load_weights(path)
