"""microgradkr: a small, clear scalar autograd engine for learning how neural networks learn.

    >>> from microgradkr import Value
    >>> a, b = Value(2.0, label='a'), Value(-3.0, label='b')
    >>> c = a * b + a
    >>> c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
"""

import importlib as _importlib

from .engine import Value, topological_order
from .backprop import sweep
from .grad_mode import detect_anomaly, enable_grad, is_anomaly_enabled, is_grad_enabled, no_grad
from .opdef import OPS, BoundOp, Op, define_op, fast_path, layer_op
from . import ops as _ops
from .fused import linear, linear_layer, sum
from .compiled import CompiledFunction, TraceMismatch, compile
from .derivatives import grad
from .gradcheck import GradcheckError, gradcheck, numerical_grad

# neural networks (plot and torch_export import matplotlib / torch only when called)
from . import data, init, losses, nn, optim
from .nn import MLP, Layer, Neuron
from .train import evaluate, fit

from .version import __version__

# Every op of the table is a function of the package (microgradkr.exp(x),
# microgradkr.maximum(a, b)); sum and linear are the engine's, which fold
# numbers into the node; pow is written x ** n.
_OP_FUNCTIONS = [name for name in _ops.OPS if name not in ("sum", "linear", "pow")]
globals().update({name: _ops.OPS[name] for name in _OP_FUNCTIONS})

# Pictures, plots and the tour load Graphviz's Python package and matplotlib:
# they are imported on first use, so `import microgradkr` stays light.
_LAZY = {
    "draw_dot": ("draw", "draw_dot"),
    "backprop_player": ("draw", "backprop_player"),
    "draw_network": ("draw", "draw_network"),
    "explore": ("explorers", "explore"),  # live sliders in Jupyter; ipywidgets only when called
    "RendererNotFound": ("draw", "RendererNotFound"),
    "RenderError": ("draw", "RenderError"),
    "draw": ("draw", None),
    "gates": ("gates", None),
    "plot": ("plot", None),
    "math": ("math", None),
    "testing": ("testing", None),
    "torch_export": ("torch_export", None),
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'microgradkr' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = _importlib.import_module(f".{module_name}", __name__)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


# `sum`, `compile`, `abs`, `pow` and `math` are microgradkr.sum and so on, but
# left out of __all__ so that `from microgradkr import *` never shadows the builtins.
__all__ = [
    "Value", "no_grad", "enable_grad", "detect_anomaly", "is_grad_enabled", "is_anomaly_enabled",
    "linear", "linear_layer", "topological_order", "sweep", "define_op", "layer_op", "Op", "BoundOp", "OPS",
    "fast_path",
    *[name for name in _OP_FUNCTIONS if name != "abs"],
    "CompiledFunction", "TraceMismatch", "grad", "gradcheck", "numerical_grad", "GradcheckError",
    "nn", "init", "losses", "optim", "data", "plot", "gates", "Neuron", "Layer", "MLP", "fit", "evaluate",
    "draw_dot", "draw_network", "backprop_player", "RendererNotFound", "RenderError", "explore",
]

