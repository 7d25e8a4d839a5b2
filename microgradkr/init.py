"""Weight initialisers (가중치 초기값): how the first weights of a network are drawn.

Each initialiser draws one weight at a time from the generator it is given.
A network given a ``seed`` (or an ``rng``) draws from a private
``random.Random``: the same seed always gives the same model and the global
``random`` state is never touched.  A network given neither draws from the
global ``random`` module, as micrograd does: ``random.seed(1337)`` then
``MLP(2, [16, 16, 1])`` gives micrograd's weights bit for bit
(``random.uniform(-1, 1)`` per weight, neuron by neuron, layer by layer).  ``fan_in`` is the number of inputs of a neuron, ``fan_out``
the number of neurons in its layer.

========================  ===========================  ==========================
name                      distribution                 standard deviation
========================  ===========================  ==========================
``uniform``               U(-1, 1) (micrograd's)       1/√3
``normal``                N(0, 1)                      1
``xavier_uniform``        U(-a, a), a = √3·std         √(2/(fan_in+fan_out))
``xavier_normal``         N(0, std²)                   √(2/(fan_in+fan_out))
``he_uniform``            U(-a, a), a = √3·std         √(2/fan_in)
``he_normal``             N(0, std²)                   √(2/fan_in)
``book_xavier``           N(0, std²)                   √(1/fan_in)
========================  ===========================  ==========================

The Xavier rows follow PyTorch (``torch.nn.init.xavier_*`` with gain 1).  The
book 밑바닥부터 시작하는 딥러닝 (DLFS, 6.2) calls √(1/n) "Xavier" (n = the
number of nodes of the previous layer): it is here as ``book_xavier`` so the
two are never confused.  He (Kaiming) init matches ``kaiming_*`` with
``nonlinearity='relu'`` and ``mode='fan_in'``.
"""

from __future__ import annotations

import math
import operator
import random
import sys
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Union

from .checks import choice, count, fits_in_memory
from .messages import message


@dataclass(frozen=True)
class Initializer:
    """A named way to draw weights: ``init(fan_in, fan_out, rng)`` draws one."""

    name: str
    description: str
    std_formula: Callable[[int, int], float]
    gaussian: bool

    def std(self, fan_in: int, fan_out: int = 1) -> float:
        """The standard deviation of the weights this initialiser draws."""
        # a neuron's inputs and a layer's neurons are counted in memory: sys.maxsize is beyond any
        fan_in = count(fan_in, f"{self.name}.std: fan_in", maximum=sys.maxsize)
        fan_out = count(fan_out, f"{self.name}.std: fan_out", maximum=sys.maxsize)
        return self.std_formula(fan_in, fan_out)

    def __call__(self, fan_in: int, fan_out: int, rng: random.Random) -> float:
        std = self.std(fan_in, fan_out)
        if self.gaussian:
            return rng.gauss(0.0, std)
        bound = math.sqrt(3.0) * std  # U(-a, a) has standard deviation a/√3
        return rng.uniform(-bound, bound)

    def sample(self, n: int, fan_in: int, fan_out: int = 1,
               rng: Optional[random.Random] = None) -> List[float]:
        """n weights in a list (handy for looking at the distribution)."""
        where = f"{self.name}.sample"
        n = count(n, f"{where}: n", minimum=0)
        fits_in_memory(n, where, "n", bytes_each=32)  # a float and its place in the list
        count(fan_in, f"{where}: fan_in", maximum=sys.maxsize)
        count(fan_out, f"{where}: fan_out", maximum=sys.maxsize)
        rng = make_rng(rng, f"{where}: rng")
        return [self(fan_in, fan_out, rng) for _ in range(n)]


class _Uniform(Initializer):
    # micrograd draws U(-1, 1) directly; going through √3·(1/√3) would round the bound.
    def __call__(self, fan_in: int, fan_out: int, rng: random.Random) -> float:
        return rng.uniform(-1.0, 1.0)


uniform = _Uniform("uniform", "U(-1, 1), micrograd", lambda i, o: 1.0 / math.sqrt(3.0), False)
normal = Initializer("normal", "N(0, 1)", lambda i, o: 1.0, True)
xavier_uniform = Initializer("xavier_uniform", "Xavier (Glorot) uniform, PyTorch",
                             lambda i, o: math.sqrt(2.0 / (i + o)), False)
xavier_normal = Initializer("xavier_normal", "Xavier (Glorot) normal, PyTorch",
                            lambda i, o: math.sqrt(2.0 / (i + o)), True)
he_uniform = Initializer("he_uniform", "He (Kaiming) uniform", lambda i, o: math.sqrt(2.0 / i), False)
he_normal = Initializer("he_normal", "He (Kaiming) normal", lambda i, o: math.sqrt(2.0 / i), True)
book_xavier = Initializer("book_xavier", "DLFS 6.2 'Xavier': N(0, 1/n)", lambda i, o: math.sqrt(1.0 / i), True)

#: Every initialiser by name.
INITIALIZERS: Dict[str, Initializer] = {
    init.name: init for init in
    (uniform, normal, xavier_uniform, xavier_normal, he_uniform, he_normal, book_xavier)
}


def get(init: Union[str, Initializer, Callable], what: str = "init.get: init") -> Callable:
    """An initialiser from its name, or ``init`` itself if it is callable.

    A callable of your own must take ``(fan_in, fan_out, rng)`` and return a number.
    ``what`` names the caller's argument in an error message.
    """
    if isinstance(init, str):
        return INITIALIZERS[choice(init, what, tuple(INITIALIZERS))]
    if callable(init):
        return init
    raise TypeError(message("nn_bad_choice_type", what=what, value=repr(init)[:60], type=type(init).__name__))


def weight_source(seed=None, rng=None, where: str = "weight_source"):
    """Where a network's initial weights come from.

    ``rng`` (a ``random.Random`` or a seed) or ``seed`` (an int or a
    ``random.Random``): a private stream, as :func:`make_rng`.  Neither: the
    global ``random`` module itself, micrograd's choice, so ``random.seed``
    decides the weights.  Giving both is a ValueError (which one was meant?).
    """
    if seed is not None and rng is not None:
        raise ValueError(message("nn_seed_and_rng", where=where, seed=repr(seed)[:60], rng=repr(rng)[:60]))
    if seed is None and rng in (None, random):  # a Layer passes the module on to its neurons
        return random  # the module has uniform and gauss, like a random.Random
    return make_rng(rng if rng is not None else seed, f"{where}: {'rng' if rng is not None else 'seed'}")


def make_rng(rng=None, what: str = "make_rng: rng") -> random.Random:
    """A private ``random.Random``: a new one for None, seeded for an int, or ``rng`` itself.

    Never the module-level ``random`` functions, so drawing weights cannot
    change (or depend on) anyone else's random numbers.  Any integer type
    (numpy's too) is a seed; ``what`` names the caller's argument in an error.
    """
    if rng is None:
        return random.Random()
    if isinstance(rng, random.Random):
        return rng
    if not isinstance(rng, bool) and type(rng).__name__ != "bool_":
        try:
            return random.Random(operator.index(rng))
        except TypeError:
            pass
    raise TypeError(message("nn_bad_rng", what=what, value=repr(rng)[:60], type=type(rng).__name__))
