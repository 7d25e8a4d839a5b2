"""microgradkr: a small, clear scalar autograd engine for learning how neural networks learn.

    >>> from microgradkr import Value
    >>> a, b = Value(2.0, label='a'), Value(-3.0, label='b')
    >>> c = a * b + a
    >>> c.backward()
    >>> a.grad, b.grad
    (-2.0, 2.0)
"""

from .engine import (
    Value,
    detect_anomaly,
    enable_grad,
    exp,
    is_anomaly_enabled,
    is_grad_enabled,
    linear,
    log,
    no_grad,
    relu,
    sigmoid,
    softplus,
    step,
    sum,
    tanh,
    topological_order,
)
from .compiled import CompiledFunction, TraceMismatch, compile
from .derivatives import grad
from .gradcheck import GradcheckError, gradcheck, numerical_grad
from .ops import OPS, Op

# pictures: forward/backward drawings and the backprop player (Graphviz runs only when rendering)
from .draw import RendererNotFound, RenderError, backprop_player, draw_dot
from . import gates  # the teaching graphs (apple, CS231n circuits, perceptron gates)

# neural networks; plot and torch_export import matplotlib / torch only when called
from . import data, init, losses, nn, optim, plot
from .nn import MLP, Layer, Neuron
from .train import evaluate, fit

__version__ = "0.1.0"

# `sum` and `compile` are exported as microgradkr.sum and microgradkr.compile
# but left out of __all__ so that `from microgradkr import *` never shadows
# the builtins.
__all__ = [
    "Value", "no_grad", "enable_grad", "detect_anomaly", "is_grad_enabled", "is_anomaly_enabled",
    "linear", "exp", "log", "relu", "tanh", "sigmoid", "softplus", "step", "topological_order",
    "CompiledFunction", "TraceMismatch", "grad", "gradcheck", "numerical_grad", "GradcheckError", "OPS", "Op",
    "nn", "init", "losses", "optim", "data", "plot", "Neuron", "Layer", "MLP", "fit", "evaluate",
    "draw_dot", "backprop_player", "RendererNotFound", "RenderError",
]

# live explorers for Jupyter (sliders, step/play buttons); ipywidgets is imported only when called
from .explorer import explore
__all__.append("explore")
