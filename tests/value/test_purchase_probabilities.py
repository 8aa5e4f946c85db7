"""P(X(t) = n) for a new customer (BG/NBD, Pareto/NBD): closed forms against sums and simulation."""

from __future__ import annotations

import numpy as np
import pytest

from ckmkit.value import BetaGeo, ParetoNBD

BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # Fader, Hardie & Lee (2005), CDNOW
PN = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}
PN_SLOW_DROPOUT = {"r": 0.553, "alpha": 12.58, "s": 0.606, "beta": 1.67}  # β < α: the other branch


def _model(model_class, params):
    model = model_class()
    model.params_ = dict(params)
    return model


CASES = [(BetaGeo, BG), (ParetoNBD, PN), (ParetoNBD, PN_SLOW_DROPOUT)]


@pytest.mark.parametrize(("model_class", "params"), CASES)
@pytest.mark.parametrize("t", [0.5, 39.0, 78.0])
def test_probabilities_sum_to_one_with_the_known_mean(model_class, params, t):
    model = _model(model_class, params)
    n = np.arange(600)
    p = model.probability_of_purchases(t, n)
    assert (p >= 0).all()
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    assert (n * p).sum() == pytest.approx(model.expected_purchases_new(t), rel=1e-8)


@pytest.mark.parametrize(("model_class", "params"), CASES)
def test_broadcasting_and_a_zero_horizon(model_class, params):
    model = _model(model_class, params)
    assert model.probability_of_purchases(0.0, 0) == 1.0
    assert model.probability_of_purchases(0.0, 3) == 0.0
    grid = model.probability_of_purchases(np.array([[10.0], [20.0]]), np.arange(4))
    assert grid.shape == (2, 4)
    assert grid[1, 2] == model.probability_of_purchases(20.0, 2)


@pytest.mark.parametrize("n", [-1, 1.5, "2", [0, -3]])
def test_purchase_count_must_be_whole_and_not_negative(n):
    with pytest.raises(ValueError, match="number of purchases n must be a whole number"):
        _model(BetaGeo, BG).probability_of_purchases(39, n)


def _simulate(model_class, params, t, size, rng):
    """Purchases in (0, t] of `size` simulated new customers, from the model's story."""
    rate = rng.gamma(params["r"], 1 / params["alpha"], size)
    if model_class is BetaGeo:
        p = rng.beta(params["a"], params["b"], size)
        last = rng.geometric(p)  # drops out right after this purchase
        return np.minimum(rng.poisson(rate * t), last)
    death = rng.exponential(1 / rng.gamma(params["s"], 1 / params["beta"], size))
    return rng.poisson(rate * np.minimum(t, death))


@pytest.mark.parametrize(("model_class", "params"), CASES)
def test_probabilities_match_simulation(model_class, params):
    rng = np.random.default_rng(20051)
    size, t = 200_000, 39.0
    counts = np.bincount(_simulate(model_class, params, t, size, rng), minlength=8)[:8] / size
    exact = _model(model_class, params).probability_of_purchases(t, np.arange(8))
    se = np.sqrt(exact * (1 - exact) / size)
    assert np.all(np.abs(counts - exact) < 4.5 * se + 1e-4), (counts, exact)
