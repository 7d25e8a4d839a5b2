"""``MLP.to_torch()``: the same network as a PyTorch model, the door to the framework.

Each Layer becomes a ``torch.nn.Linear`` (float64, the precision of a Value)
holding the same weights, followed by its activation.  PyTorch is an optional
extra: without it, a clear ImportError says how to install it.

The outputs agree with the MLP's in all but the last bits, not bit for bit: PyTorch's
matrix product adds the wᵢ·xᵢ in its own order and the bias last, while a
Neuron adds them left to right starting from the bias.
"""

from __future__ import annotations

from .messages import message


def import_torch():
    """The torch module, or ImportError telling how to install it."""
    try:
        import torch
    except ImportError as error:
        raise ImportError(message("nn_needs_torch")) from error
    return torch


def _activation_module(torch, name: str):
    modules = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}
    if name in modules:
        return modules[name]()
    if name == "step":
        return _step_module(torch)()
    return None  # 'linear': nothing to add


def _step_module(torch):
    class Step(torch.nn.Module):
        """step(t) = 1 if t > 0 else 0, as the Value op (PyTorch has no such layer)."""

        def forward(self, x):
            return (x > 0).to(x.dtype)

    return Step


def to_torch(model):
    """A ``torch.nn.Sequential`` in float64 computing the same function as ``model``."""
    torch = import_torch()
    modules = []
    for layer in model.layers:
        has_bias = layer.neurons[0].b is not None
        linear = torch.nn.Linear(layer.nin, layer.nout, bias=has_bias, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons],
                                             dtype=torch.float64))
            if has_bias:
                linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64))
        modules.append(linear)
        activation = _activation_module(torch, layer.activation)
        if activation is not None:
            modules.append(activation)
    return torch.nn.Sequential(*modules)
