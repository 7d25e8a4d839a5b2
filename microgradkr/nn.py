"""Neural networks made of Values: Neuron, Layer, MLP, Dropout, BatchNorm.

Every weight (가중치) and bias (편향) is a leaf Value with a label such as
``L1.N3.w0`` (layer 1, neuron 3, the weight of input x0), so a picture of the
graph names it and its gradient.  Layers and neurons are counted from 1, like
the book's W1, b1; a weight is numbered like the input it multiplies.

A Neuron computes its weighted sum with the engine's n-ary ``linear`` op: one
node per neuron instead of one mul and one add per input, which is both faster
and a cleaner picture.  ``fused=False`` records the individual gates
(b + w0·x0 + w1·x1 + ..., left to right), for the picture of a single neuron;
both round in the same order, so they give identical numbers.
"""

from __future__ import annotations

import math
import sys
from typing import Iterator, List, Optional, Sequence, Tuple

from . import checks, fused, model_file
from . import init as initializers
from .engine import Value
from .messages import message

#: activation functions (활성화 함수) by name; 'linear' means none
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "step")


def _activate(z: Value, name: str) -> Value:
    return z if name == "linear" else getattr(z, name)()


def _resolve_activation(activation, nonlin, where: str) -> str:
    """The activation name from ours (``activation=``) or micrograd's ``nonlin=`` keyword.

    micrograd's ``nonlin=True`` is a ReLU neuron and ``nonlin=False`` a linear
    one; micrograd users also pass it as the second positional argument, so a
    bool ``activation`` means the same.  Neither given: ReLU, as micrograd.
    """
    if isinstance(activation, bool):
        activation, nonlin = None, activation if nonlin is None else nonlin
    if nonlin is not None:
        if not isinstance(nonlin, bool):
            raise TypeError(message("nn_bad_nonlin", where=where, value=repr(nonlin)[:60],
                                    type=type(nonlin).__name__))
        implied = "relu" if nonlin else "linear"
        if activation is not None and activation != implied:
            raise ValueError(message("nn_nonlin_conflict", where=where, nonlin=nonlin,
                                     activation=repr(activation)[:60]))
        return implied
    return checks.choice("relu" if activation is None else activation, f"{where}: activation", ACTIVATIONS)


def _as_inputs(x, n: int, where: str) -> list:
    """x as a list of n numbers or Values (a lone number is accepted when n == 1)."""
    if x.__class__ is list and len(x) == n:  # a layer's outputs going to the next: as they are
        return x
    if isinstance(x, (int, float, Value)) and not isinstance(x, bool) and n == 1:
        return [x]
    x = checks.sequence(x, where)
    if len(x) != n:
        raise ValueError(message("nn_input_length", where=where, expected=n, got=len(x)))
    return x


def _check_sizes(where: str, nin, nouts, bias, what: str = "nouts") -> List[int]:
    """[nin, *nouts] as ints, refusing a network too big for this computer's memory."""
    nin = checks.count(nin, f"{where}: nin")
    nouts = [checks.count(n, f"{where}: {what}") for n in checks.sequence(nouts, f"{where}: {what}")]
    checks.count(len(nouts), f"{where}: len({what})")
    bias = checks.flag(bias, f"{where}: bias")
    sizes = [nin] + nouts
    checks.fits_in_memory(sum(sizes[i + 1] * (sizes[i] + bias) for i in range(len(nouts))), where,
                          f"nin, {what}" if where != "Neuron" else "nin")
    return sizes


class Module:
    """Base of everything with parameters (매개변수).

    Subclasses list their parameters in ``named_parameters`` and their
    sub-modules in ``children``; the rest (``parameters``, ``zero_grad``,
    ``train``, ``eval``) is shared.
    """

    training = True

    def children(self) -> List["Module"]:
        return []

    def named_parameters(self) -> List[Tuple[str, Value]]:
        """(name, parameter) pairs, in a fixed order."""
        return []

    def parameters(self) -> List[Value]:
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients accumulate otherwise)."""
        for p in self.parameters():
            p.grad = 0.0

    def train(self, mode: bool = True) -> "Module":
        """Training mode (Dropout drops, BatchNorm uses batch statistics)."""
        self.training = checks.flag(mode, f"{type(self).__name__}.train: mode")
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> "Module":
        """Evaluation mode (Dropout passes through, BatchNorm uses running statistics)."""
        return self.train(False)

    def forward_batch(self, batch: Sequence) -> list:
        """The outputs for a list of samples; modules that mix samples override it."""
        return [self(x) for x in batch]

    def _label_parameters(self) -> None:
        # names are structural; writing them into the labels lets pictures show them
        for name, p in self.named_parameters():
            p.label = name


def _prefixed(prefix: str, modules: Sequence[Module]) -> List[Tuple[str, Value]]:
    return [(f"{prefix}{i}.{name}", p)
            for i, module in enumerate(modules, start=1)
            for name, p in module.named_parameters()]


class Neuron(Module):
    """activation(b + Σ wᵢ·xᵢ) for nin inputs.

    ``init`` names an initialiser of :mod:`microgradkr.init` (or is a callable
    ``(fan_in, fan_out, rng) -> float``).  Where the random numbers come from:
    ``seed`` (an int) or ``rng`` (a ``random.Random`` or a seed) give a private
    stream; with neither, the weights are drawn from the global ``random``
    module, as micrograd does, so ``random.seed(1337)`` then ``Neuron(2)``
    gives micrograd's weights.  The bias starts at 0, as in micrograd and the
    book.  micrograd's ``nonlin=False`` is ``activation='linear'``.
    ``fan_out`` is the size of the neuron's layer, for the Xavier
    initialisers (a Layer sets it).
    """

    def __init__(self, nin: int, activation: Optional[str] = None, bias: bool = True,
                 init="uniform", rng=None, fused: bool = True, fan_out: int = 1,
                 nonlin: Optional[bool] = None, seed=None):
        nin, _ = _check_sizes("Neuron", nin, [1], bias)
        fan_out = checks.count(fan_out, "Neuron: fan_out", maximum=sys.maxsize)  # a layer's size
        self.activation = _resolve_activation(activation, nonlin, "Neuron")
        draw = initializers.get(init, "Neuron: init")
        rng = initializers.weight_source(seed, rng, "Neuron")
        fused = checks.flag(fused, "Neuron: fused")
        self.w = [Value(draw(nin, fan_out, rng)) for _ in range(nin)]
        self.b: Optional[Value] = Value(0.0) if bias else None
        self.fused = bool(fused)
        self._label_parameters()

    def __call__(self, x) -> Value:
        return self._forward(_as_inputs(x, len(self.w), "Neuron: x"))

    def _forward(self, x: list) -> Value:
        if self.fused:
            z = fused.linear(self.w, x, self.b)
        else:
            z = self._gates(x)
        return _activate(z, self.activation)

    def _gates(self, x: list) -> Value:
        # the same order as linear: start from b, add each wᵢ·xᵢ in turn
        terms = iter(zip(self.w, x))
        if self.b is not None:
            z = self.b
        else:
            w0, x0 = next(terms)
            z = w0 * x0
        for w, xi in terms:
            z = z + w * xi
        return z

    def named_parameters(self) -> List[Tuple[str, Value]]:
        named = [(f"w{i}", w) for i, w in enumerate(self.w)]
        if self.b is not None:
            named.append(("b", self.b))
        return named

    def parameters(self) -> List[Value]:
        # named_parameters' list without making its names: a training step asks three
        # times (loss, zero_grad, update; W1 0.9 ms a call for 337 parameters before)
        if type(self).named_parameters is not Neuron.named_parameters:
            return super().parameters()
        return [*self.w, self.b] if self.b is not None else list(self.w)

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, activation={self.activation!r}, bias={self.b is not None})"


_PLAIN_NEURON = {Neuron}


class Layer(Module):
    """nout neurons that all see the same inputs.

    Called on one sample it returns a list of nout Values, or the Value itself
    when nout is 1, as micrograd's Layer.  ``forward_batch`` (what Sequential
    and ``fit`` use) always gives a list per sample.  ``seed``, ``rng`` and
    ``nonlin`` as for :class:`Neuron`.
    """

    def __init__(self, nin: int, nout: int, activation: Optional[str] = None, bias: bool = True,
                 init="uniform", rng=None, fused: bool = True, nonlin: Optional[bool] = None,
                 seed=None):
        nin, nout = _check_sizes("Layer", nin, [nout], bias, "nout")
        activation = _resolve_activation(activation, nonlin, "Layer")
        initializers.get(init, "Layer: init")
        rng = initializers.weight_source(seed, rng, "Layer")
        checks.flag(fused, "Layer: fused")
        self.neurons = [Neuron(nin, activation, bias, init, rng, fused, fan_out=nout)
                        for _ in range(nout)]
        self._label_parameters()

    def __call__(self, x):
        out = self.outputs(x)
        return out[0] if len(out) == 1 else out

    def outputs(self, x) -> List[Value]:
        """The nout outputs as a list, even when there is only one."""
        x = _as_inputs(x, self.nin, "Layer: x")
        neurons = self.neurons
        # plain fused neurons: one weighted-sum node each, the inputs read once for all
        # (a subclass may have its own _forward, so it is asked).  One pass over the
        # neurons reads what the layer needs (five passes were 7 µs a call: W1 1.2 ms a step).
        rows, biases, names = [], [], set()
        for n in neurons:
            if n.__class__ is not Neuron or not n.fused:
                return [n._forward(x) for n in neurons]
            rows.append(n.w)
            biases.append(n.b)
            names.add(n.activation)
        sums = fused.linear_layer(rows, x, biases)
        if len(names) == 1:  # one activation for the whole layer: applied in one go
            name = names.pop()
            return sums if name == "linear" else list(map(getattr(Value, name), sums))
        return [_activate(z, n.activation) for z, n in zip(sums, neurons)]

    def forward_batch(self, batch: Sequence) -> list:
        # a list per sample, so the next module always gets a list of features
        return [self.outputs(x) for x in batch]

    @property
    def nin(self) -> int:
        return len(self.neurons[0].w)

    @property
    def nout(self) -> int:
        return len(self.neurons)

    @property
    def activation(self) -> str:
        return self.neurons[0].activation

    def children(self) -> List[Module]:
        return list(self.neurons)

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return _prefixed("N", self.neurons)

    def parameters(self) -> List[Value]:
        if type(self).named_parameters is not Layer.named_parameters or \
                set(map(type, self.neurons)) != _PLAIN_NEURON:
            return super().parameters()
        # Neuron.parameters' order (w, then b) without a call per neuron: 16 -> 7.5 µs for
        # MLP(2, [16, 16, 1]), which W1's step asks three times
        parameters = []
        for neuron in self.neurons:
            parameters += neuron.w
            if neuron.b is not None:
                parameters.append(neuron.b)
        return parameters

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout}, activation={self.activation!r})"


_PLAIN_LAYER = {Layer}


class MLP(Module):
    """A multi-layer perceptron, used as micrograd's: ``MLP(2, [16, 16, 1])``.

    Hidden layers use ``activation``, the last one ``output_activation``.
    Called on a list of numbers or Values, it returns a Value when the last
    layer has one output and a list otherwise.  ``seed`` makes the initial
    weights reproducible (a private ``random.Random``; the global one is then
    never touched); pass ``rng`` instead to share a generator.  With neither,
    the weights come from the global ``random`` module in micrograd's order,
    so ``random.seed(1337); MLP(2, [16, 16, 1])`` is micrograd's model.
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear", init="uniform", seed=None,
                 bias: bool = True, fused: bool = True, rng=None):
        nin, *nouts = _check_sizes("MLP", nin, nouts, bias, "nouts")
        checks.choice(activation, "MLP: activation", ACTIVATIONS)
        checks.choice(output_activation, "MLP: output_activation", ACTIVATIONS)
        initializers.get(init, "MLP: init")
        checks.flag(fused, "MLP: fused")
        rng = initializers.weight_source(seed, rng, "MLP")
        sizes = [nin] + nouts
        last = len(nouts) - 1
        self.layers = [Layer(sizes[i], sizes[i + 1],
                             output_activation if i == last else activation,
                             bias, init, rng, fused)
                       for i in range(len(nouts))]
        self.hidden_activation = activation
        self.output_activation = output_activation
        self.bias = bool(bias)
        self._label_parameters()

    @property
    def nin(self) -> int:
        return self.layers[0].nin

    @property
    def nouts(self) -> List[int]:
        return [layer.nout for layer in self.layers]

    def __call__(self, x):
        x = _as_inputs(x, self.nin, "MLP: x")
        for layer in self.layers:
            x = layer.outputs(x)
        return x[0] if len(x) == 1 else x

    def children(self) -> List[Module]:
        return list(self.layers)

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return _prefixed("L", self.layers)

    def parameters(self) -> List[Value]:
        if type(self).named_parameters is not MLP.named_parameters or \
                set(map(type, self.layers)) != _PLAIN_LAYER:
            return super().parameters()
        parameters = []  # as Neuron's
        for layer in self.layers:
            parameters += layer.parameters()
        return parameters

    def __repr__(self) -> str:
        return (f"MLP({self.nin}, {self.nouts}, activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r})")

    # ---- files (the file itself is microgradkr.model_file's job) and PyTorch
    def to_dict(self) -> dict:
        """The architecture and weights as a JSON-ready dict; ValueError if a weight is not finite."""
        for name, p in self.named_parameters():
            if not math.isfinite(p.data):
                raise ValueError(message("nn_save_not_finite", name=name, value=p.data))
        return {
            "format": model_file.FORMAT,
            "version": model_file.VERSION,
            "nin": self.nin,
            "nouts": self.nouts,
            "activation": self.hidden_activation,
            "output_activation": self.output_activation,
            "bias": self.bias,
            "layers": [[{"w": [w.data for w in n.w], "b": None if n.b is None else n.b.data}
                        for n in layer.neurons] for layer in self.layers],
        }

    @classmethod
    def from_dict(cls, data, path="<data>") -> "MLP":
        """A new MLP from a dict as ``to_dict`` makes; ValueError naming any problem (and ``path``)."""
        data = model_file.validate(data, ACTIVATIONS, path)
        model = cls(data["nin"], data["nouts"], activation=data["activation"],
                    output_activation=data["output_activation"], bias=data["bias"], seed=0)
        model._set_weights(data)
        return model

    def save(self, path) -> None:
        """Write the architecture and weights as JSON, atomically (see microgradkr.model_file)."""
        path = checks.file_path(path, "save: path")  # a bad path is named before a bad weight
        model_file.write(path, self.to_dict())

    @classmethod
    def load(cls, path) -> "MLP":
        """A new MLP from a file written by ``save``; ValueError naming any problem."""
        return cls.from_dict(model_file.read(path, "load"), path)

    def load_weights(self, path) -> "MLP":
        """Replace this model's weights from a file of the same architecture.

        Everything is checked before the first weight changes: on a ValueError
        the model is exactly as it was.
        """
        data = model_file.validate(model_file.read(path, "load_weights"), ACTIVATIONS, path)
        ours = {"nin": self.nin, "nouts": self.nouts, "activation": self.hidden_activation,
                "output_activation": self.output_activation, "bias": self.bias}
        for key, value in ours.items():
            if data[key] != value:
                raise model_file.invalid(path, f"{key} is {model_file.show(data[key])} in the file "
                                               f"but {model_file.show(value)} in the model")
        self._set_weights(data)
        return self

    def _set_weights(self, data: dict) -> None:
        """Every weight from checked data (gradients back to 0)."""
        for layer, saved_layer in zip(self.layers, data["layers"]):
            for neuron, saved in zip(layer.neurons, saved_layer):
                for w, value in zip(neuron.w, saved["w"]):
                    w.data = value
                    w.grad = 0.0
                if neuron.b is not None:
                    neuron.b.data = saved["b"]
                    neuron.b.grad = 0.0

    def to_torch(self):
        """An equivalent ``torch.nn.Sequential`` in float64 with the same weights."""
        from . import torch_export
        return torch_export.to_torch(self)


class Sequential(Module):
    """Modules applied one after another: ``Sequential(Layer(2, 4), Dropout(0.5), Layer(4, 1))``.

    Call it on one sample, or use ``forward_batch`` on a list of samples
    (needed for BatchNorm in training mode, which mixes the samples).
    """

    def __init__(self, *modules: Module):
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(message("nn_bad_module", index=i, value=repr(m)[:60], type=type(m).__name__))
        self.modules = list(modules)
        self._label_parameters()

    def __call__(self, x):
        # one sample is a batch of one, so BatchNorm (eval mode) works here too
        return self.forward_batch([x])[0]

    def forward_batch(self, batch: Sequence) -> list:
        batch = list(batch)
        for m in self.modules:
            batch = m.forward_batch(batch)
        return batch

    def children(self) -> List[Module]:
        return list(self.modules)

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return _prefixed("M", self.modules)

    def __repr__(self) -> str:
        return "Sequential(" + ", ".join(map(repr, self.modules)) + ")"


class Dropout(Module):
    """Zero each input with probability p while training (inverted dropout, as PyTorch).

    Kept inputs are scaled by 1/(1-p), so nothing changes in eval mode, where
    Dropout passes its input through.  (The book's Dropout scales by (1-p) at
    test time instead; the expected outputs are the same.)  ``mask`` fixes
    which inputs are kept (1) or dropped (0), e.g. for a gradient check; the
    last mask used is in ``last_mask``.
    """

    def __init__(self, p: float = 0.5, rng=None):
        self.p = checks.number(p, "Dropout: p", 0.0, high=1.0)
        self.rng = initializers.make_rng(rng, "Dropout: rng")
        self.last_mask: Optional[List[int]] = None

    def __call__(self, x, mask: Optional[Sequence[int]] = None):
        if isinstance(x, Value):  # the one output of a Layer(n, 1)
            return self(_as_inputs(x, 1, "Dropout"), mask)[0]
        x = checks.sequence(x, "Dropout: x")
        if not self.training or self.p == 0.0:
            return x
        if mask is None:
            mask = [0 if self.rng.random() < self.p else 1 for _ in x]
        mask = _as_inputs(mask, len(x), "Dropout: mask")
        if any(keep not in (0, 1) for keep in mask):
            raise ValueError(message("nn_bad_mask", value=repr(mask)[:60]))
        self.last_mask = list(mask)
        # p == 1 drops everything; there is nothing to scale (PyTorch gives zeros too)
        scale = 0.0 if self.p == 1.0 else 1.0 / (1.0 - self.p)
        return [xi * (scale if keep else 0.0) for xi, keep in zip(x, mask)]

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class BatchNorm(Module):
    """Batch normalisation (배치 정규화) of num_features over a batch of samples.

    Called on a batch (a list of per-sample lists of Values), each feature j
    is normalised with the batch mean and (biased) variance:
    yⱼ = γⱼ · (xⱼ - mean) / √(var + eps) + βⱼ.  Training also updates the
    running mean and the running (unbiased) variance with ``momentum``, as
    PyTorch's BatchNorm1d; in eval mode those are used instead, so a single
    sample can be normalised.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        n = checks.count(num_features, "BatchNorm: num_features")
        checks.fits_in_memory(2 * n, "BatchNorm", "num_features")  # γ and β
        # eps keeps √(var + eps) away from 0; momentum is a fraction of the way to the new statistics
        self.eps = checks.number(eps, "BatchNorm: eps", 0.0, inclusive=False)
        self.momentum = checks.number(momentum, "BatchNorm: momentum", 0.0, high=1.0)
        self.gamma = [Value(1.0) for _ in range(n)]
        self.beta = [Value(0.0) for _ in range(n)]
        self.running_mean = [0.0] * n
        self.running_var = [1.0] * n
        self._label_parameters()

    @property
    def num_features(self) -> int:
        return len(self.gamma)

    def __call__(self, batch: Sequence) -> List[list]:
        n = self.num_features
        batch = [_as_inputs(sample, n, f"BatchNorm: batch[{i}]")
                 for i, sample in enumerate(checks.sequence(batch, "BatchNorm: batch"))]
        if not self.training:
            return [self._normalise_one(sample) for sample in batch]
        if len(batch) < 2:
            raise ValueError(message("nn_batchnorm_batch", got=len(batch)))
        columns = [self._normalise_column(j, [s[j] for s in batch]) for j in range(n)]
        return [list(row) for row in zip(*columns)]

    forward_batch = __call__

    def _normalise_column(self, j: int, xs: list) -> List[Value]:
        count = len(xs)
        mean = fused.sum(xs) / count
        centred = [x - mean for x in xs]
        var = fused.sum([d * d for d in centred]) / count
        std = (var + self.eps) ** 0.5
        m = self.momentum
        self.running_mean[j] = (1 - m) * self.running_mean[j] + m * mean.data
        self.running_var[j] = (1 - m) * self.running_var[j] + m * var.data * count / (count - 1)
        return [fused.linear([self.gamma[j]], [d / std], self.beta[j]) for d in centred]

    def _normalise_one(self, sample: list) -> List[Value]:
        out = []
        for j, x in enumerate(sample):
            std = math.sqrt(self.running_var[j] + self.eps)
            out.append(fused.linear([self.gamma[j]], [(x - self.running_mean[j]) / std], self.beta[j]))
        return out

    def named_parameters(self) -> List[Tuple[str, Value]]:
        return ([(f"gamma{j}", g) for j, g in enumerate(self.gamma)]
                + [(f"beta{j}", b) for j, b in enumerate(self.beta)])

    def __repr__(self) -> str:
        return f"BatchNorm({self.num_features})"


def iter_weights(model: Module) -> Iterator[Value]:
    """The weights only (no biases, no BatchNorm γ/β): for histograms of initial weights."""
    if not isinstance(model, Module):  # checked now, not when the iterator is first used
        raise TypeError(message("nn_bad_model", where="iter_weights", value=repr(model)[:60],
                                type=type(model).__name__))
    return (p for name, p in model.named_parameters() if name.rsplit(".", 1)[-1].startswith("w"))
