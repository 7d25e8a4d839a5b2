"""Small data sets for the tutorials, in plain Python lists (no numpy, no scikit-learn).

Each returns ``(X, y)``: X a list of samples (each a list of floats, or a
float for one-input data), y a list of targets.  Everything random draws from
a private ``random.Random(seed)``, never the global one.
"""

from __future__ import annotations

import math
from typing import List, NamedTuple, Sequence, Tuple

from .checks import choice, count, fits_in_memory, flag, number, sequence
from .init import make_rng
from .messages import message

_INPUTS = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]  # the book's order (DLFS 2.3)

#: truth tables (진리표) of the logic gates: name → outputs for _INPUTS
_GATE_OUTPUTS = {
    "AND": [0.0, 0.0, 0.0, 1.0],
    "OR": [0.0, 1.0, 1.0, 1.0],
    "NAND": [1.0, 1.0, 1.0, 0.0],
    "XOR": [0.0, 1.0, 1.0, 0.0],
}
GATES = tuple(_GATE_OUTPUTS)
_BYTES_PER_SAMPLE = 200  # a sample's list, its floats and its target


def gate(name: str) -> Tuple[List[List[float]], List[float]]:
    """The truth table of AND, OR, NAND or XOR: inputs (0,0), (1,0), (0,1), (1,1)."""
    key = choice(name.upper() if isinstance(name, str) else name, "gate: name", GATES)
    return [list(x) for x in _INPUTS], list(_GATE_OUTPUTS[key])


def moons(n: int = 100, noise: float = 0.1, seed=None, signed: bool = False):
    """Two interleaving half circles, the classic 2-D toy problem (scikit-learn's make_moons).

    The upper moon (class 0) is (cos θ, sin θ), the lower one (class 1) is
    (1 - cos θ, 0.5 - sin θ), θ evenly spaced in [0, π]; then Gaussian noise of
    standard deviation ``noise`` is added and the points are shuffled.
    ``signed=True`` gives labels -1/+1 (for the hinge loss) instead of 0/1.
    """
    n = count(n, "moons: n", minimum=2)
    fits_in_memory(n, "moons", "n", bytes_each=_BYTES_PER_SAMPLE)
    noise = number(noise, "moons: noise")
    signed = flag(signed, "moons: signed")
    rng = make_rng(seed, "moons: seed")
    upper, lower = n // 2, n - n // 2
    points = []
    for size, label in ((upper, 0), (lower, 1)):
        for k in range(size):
            theta = math.pi * k / (size - 1) if size > 1 else 0.0
            if label == 0:
                x, y = math.cos(theta), math.sin(theta)
            else:
                x, y = 1.0 - math.cos(theta), 0.5 - math.sin(theta)
            points.append(([x, y], label))
    rng.shuffle(points)
    X = [[x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)] for (x, y), _ in points]
    labels = [(2.0 * t - 1.0) if signed else float(t) for _, t in points]
    return X, labels


#: the line of the lesson 003 data set: y = 2x + 1, x in [0, 5), noise σ = 0.5
LINE_SLOPE, LINE_INTERCEPT, LINE_NOISE = 2.0, 1.0, 0.5


def noisy_line(n: int = 50, a: float = LINE_SLOPE, b: float = LINE_INTERCEPT,
               noise: float = LINE_NOISE, seed=3, x_range: Tuple[float, float] = (0.0, 5.0)):
    """Points near the line y = a·x + b (기울기 a, 절편 b), for linear regression.

    x is drawn uniformly from ``x_range`` and y gets Gaussian noise of standard
    deviation ``noise``.  The defaults are lesson 003's data set: 50 points
    near y = 2x + 1 with σ = 0.5, seed 3.
    """
    n = count(n, "noisy_line: n")
    fits_in_memory(n, "noisy_line", "n", bytes_each=_BYTES_PER_SAMPLE)
    a = number(a, "noisy_line: a", -math.inf)
    b = number(b, "noisy_line: b", -math.inf)
    noise = number(noise, "noisy_line: noise")
    rng = make_rng(seed, "noisy_line: seed")
    x_range = sequence(x_range, "noisy_line: x_range")
    if len(x_range) != 2:
        raise ValueError(message("data_bad_range", value=repr(x_range)[:60]))
    low, high = (number(x, f"noisy_line: x_range[{i}]", -math.inf) for i, x in enumerate(x_range))
    if low > high:
        raise ValueError(message("data_bad_range", value=repr(x_range)[:60]))
    xs = [rng.uniform(low, high) for _ in range(n)]
    ys = [a * x + b + rng.gauss(0.0, noise) for x in xs]
    return xs, ys


def study_hours():
    """Hours studied and exam scores: x = [2, 4, 6, 8], y = [81, 93, 91, 97].

    Least squares gives y = 2.3·x + 79.
    """
    return [2.0, 4.0, 6.0, 8.0], [81.0, 93.0, 91.0, 97.0]


class Split(NamedTuple):
    """(X, y) for training, validation and test."""

    train: Tuple[list, list]
    valid: Tuple[list, list]
    test: Tuple[list, list]


def train_valid_test_split(X: Sequence, y: Sequence, valid: float = 0.2, test: float = 0.2,
                           seed=None) -> Split:
    """Shuffle (X, y) together and cut it into training, validation and test sets.

    ``valid`` and ``test`` are fractions of the data (rounded to whole
    samples); the rest is for training.  The same seed gives the same split.
    """
    X = sequence(X, "train_valid_test_split: X")
    y = sequence(y, "train_valid_test_split: y")
    if len(X) != len(y):
        raise ValueError(message("nn_data_lengths", where="train_valid_test_split", X="X", y="y",
                                 n=len(X), m=len(y)))
    for name, fraction in (("valid", valid), ("test", test)):
        try:
            number(fraction, f"train_valid_test_split: {name}", high=1.0, high_inclusive=False)
        except TypeError as error:  # a fraction of the wrong type has always been a ValueError here
            raise ValueError(str(error)) from None
    rng = make_rng(seed, "train_valid_test_split: seed")
    n = len(X)
    n_valid, n_test = round(n * valid), round(n * test)
    if n_valid + n_test >= n:
        raise ValueError(message("nn_split_too_small", n=n, valid=n_valid, test=n_test))
    order = list(range(n))
    rng.shuffle(order)

    def part(indices):
        return [X[i] for i in indices], [y[i] for i in indices]

    return Split(part(order[n_valid + n_test:]), part(order[:n_valid]),
                 part(order[n_valid:n_valid + n_test]))
