"""Data sets: truth tables, moons, the noisy line, study hours, and the split."""

import math
import random
import statistics

import pytest

from microgradkr import data


@pytest.mark.parametrize("name, outputs", [
    ("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]), ("XOR", [0, 1, 1, 0]),
])
def test_truth_tables(name, outputs):
    X, y = data.gate(name)
    assert X == [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    assert y == [float(o) for o in outputs]
    assert data.gate(name.lower()) == (X, y)


def test_truth_table_copies_are_independent():
    X, _ = data.gate("AND")
    X[0][0] = 9.0
    assert data.gate("AND")[0][0] == [0.0, 0.0]


def test_unknown_gate():
    with pytest.raises(ValueError):
        data.gate("NOR")


def test_moons_shape_labels_and_reproducibility():
    random.seed(1)
    state = random.getstate()
    X, y = data.moons(101, noise=0.1, seed=5)
    assert random.getstate() == state
    assert len(X) == len(y) == 101 and all(len(p) == 2 for p in X)
    assert sorted(set(y)) == [0.0, 1.0] and y.count(0.0) == 50
    assert (X, y) == data.moons(101, noise=0.1, seed=5)
    assert X != data.moons(101, noise=0.1, seed=6)[0]
    _, signed = data.moons(101, noise=0.1, seed=5, signed=True)
    assert signed == [2 * t - 1 for t in y]


def test_moons_without_noise_lie_on_the_two_half_circles():
    X, y = data.moons(40, noise=0.0, seed=0)
    for (a, b), t in zip(X, y):
        if t == 0:
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:
            assert math.hypot(a - 1.0, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12


@pytest.mark.parametrize("n, noise, error", [(1, 0.1, ValueError), (2.5, 0.1, TypeError), (10, -1.0, ValueError)])
def test_moons_bad_arguments(n, noise, error):
    with pytest.raises(error):
        data.moons(n, noise=noise)


def test_noisy_line_lesson_003():
    x, y = data.noisy_line()
    assert len(x) == len(y) == 50
    assert (x, y) == data.noisy_line(seed=3)
    assert all(0.0 <= xi < 5.0 for xi in x)
    residuals = [yi - (2.0 * xi + 1.0) for xi, yi in zip(x, y)]
    assert statistics.pstdev(residuals) == pytest.approx(0.5, rel=0.3)
    # least squares recovers roughly 기울기 a = 2, 절편 b = 1
    mx, my = statistics.fmean(x), statistics.fmean(y)
    a = sum((xi - mx) * (yi - my) for xi, yi in zip(x, y)) / sum((xi - mx) ** 2 for xi in x)
    assert a == pytest.approx(2.0, abs=0.2) and my - a * mx == pytest.approx(1.0, abs=0.5)


@pytest.mark.parametrize("kwargs, error", [(dict(n=0), ValueError), (dict(noise=-0.5), ValueError),
                                           (dict(n="50"), TypeError)])
def test_noisy_line_bad_arguments(kwargs, error):
    with pytest.raises(error):
        data.noisy_line(**kwargs)


def test_study_hours():
    assert data.study_hours() == ([2.0, 4.0, 6.0, 8.0], [81.0, 93.0, 91.0, 97.0])


def test_train_valid_test_split():
    X = [[float(i)] for i in range(100)]
    y = list(range(100))
    split = data.train_valid_test_split(X, y, valid=0.2, test=0.1, seed=0)
    (Xt, yt), (Xv, yv), (Xs, ys) = split
    assert (len(yt), len(yv), len(ys)) == (70, 20, 10)
    assert sorted(yt + yv + ys) == y  # every sample exactly once
    assert all(x == [float(t)] for x, t in zip(Xt + Xv + Xs, yt + yv + ys))  # pairs stay together
    assert split == data.train_valid_test_split(X, y, valid=0.2, test=0.1, seed=0)
    assert split != data.train_valid_test_split(X, y, valid=0.2, test=0.1, seed=1)
    assert split.train == (Xt, yt)


@pytest.mark.parametrize("kwargs", [dict(valid=0.5, test=0.5), dict(valid=-0.1), dict(test=1.0), dict(test="a")])
def test_split_bad_fractions(kwargs):
    with pytest.raises(ValueError):
        data.train_valid_test_split(list(range(10)), list(range(10)), **kwargs)


def test_split_lengths_must_match():
    with pytest.raises(ValueError):
        data.train_valid_test_split([1, 2, 3], [1, 2])
