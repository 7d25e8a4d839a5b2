"""Initialisers: the spread each formula promises, reproducible, and no global state."""

import math
import random
import statistics

import pytest

from microgradkr import MLP, init
from microgradkr.nn import iter_weights

FAN_IN, FAN_OUT = 50, 30

EXPECTED_STD = {
    "uniform": 1 / math.sqrt(3),
    "normal": 1.0,
    "xavier_uniform": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "xavier_normal": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(2 / FAN_IN),
    "he_normal": math.sqrt(2 / FAN_IN),
    "book_xavier": math.sqrt(1 / FAN_IN),
}


def test_every_initialiser_is_listed():
    assert set(init.INITIALIZERS) == set(EXPECTED_STD)


@pytest.mark.parametrize("name", sorted(EXPECTED_STD))
def test_sample_standard_deviation_matches_the_formula(name):
    draws = init.get(name).sample(40_000, FAN_IN, FAN_OUT, rng=random.Random(0))
    assert statistics.pstdev(draws) == pytest.approx(EXPECTED_STD[name], rel=0.02)
    assert statistics.fmean(draws) == pytest.approx(0.0, abs=0.03 * EXPECTED_STD[name])
    assert init.get(name).std(FAN_IN, FAN_OUT) == pytest.approx(EXPECTED_STD[name])


@pytest.mark.parametrize("name", ["uniform", "xavier_uniform", "he_uniform"])
def test_uniform_initialisers_stay_inside_their_bound(name):
    bound = math.sqrt(3) * EXPECTED_STD[name]
    draws = init.get(name).sample(10_000, FAN_IN, FAN_OUT, rng=1)
    assert max(abs(d) for d in draws) <= bound
    assert max(abs(d) for d in draws) > 0.99 * bound


def test_uniform_is_micrograds_minus_one_to_one_drawn_directly():
    rng_a, rng_b = random.Random(3), random.Random(3)
    assert [init.uniform(2, 1, rng_a) for _ in range(5)] == [rng_b.uniform(-1, 1) for _ in range(5)]


def test_pytorch_xavier_and_the_books_xavier_are_different_things():
    assert init.xavier_normal.std(100, 100) == pytest.approx(0.1)
    assert init.book_xavier.std(100, 100) == pytest.approx(0.1)
    assert init.xavier_normal.std(100, 50) != init.book_xavier.std(100, 50)


@pytest.mark.parametrize("name", sorted(EXPECTED_STD))
def test_same_seed_same_weights_and_global_random_untouched(name):
    random.seed(2024)
    before = random.getstate()
    a = [w.data for w in iter_weights(MLP(4, [8, 3], init=name, seed=11))]
    b = [w.data for w in iter_weights(MLP(4, [8, 3], init=name, seed=11))]
    assert random.getstate() == before
    assert a == b
    assert a != [w.data for w in iter_weights(MLP(4, [8, 3], init=name, seed=12))]


def test_layers_use_their_fan_out_for_xavier():
    model = MLP(200, [400, 1], init="xavier_normal", seed=0)
    first = [w.data for n in model.layers[0].neurons for w in n.w]
    assert statistics.pstdev(first) == pytest.approx(math.sqrt(2 / 600), rel=0.02)


def test_a_shared_rng_continues_its_sequence():
    rng = random.Random(5)
    a = MLP(2, [2], rng=rng)
    b = MLP(2, [2], rng=rng)
    assert [p.data for p in a.parameters()] != [p.data for p in b.parameters()]


@pytest.mark.parametrize("bad, error", [("lecun", ValueError), (3.0, TypeError), (None, TypeError)])
def test_get_rejects_unknown_initialisers(bad, error):
    with pytest.raises(error):
        init.get(bad)


@pytest.mark.parametrize("bad", ["seed", 1.5, True, object()])
def test_make_rng_rejects_what_is_not_a_seed(bad):
    with pytest.raises(TypeError):
        init.make_rng(bad)
