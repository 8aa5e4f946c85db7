"""The Bass model against a numerical solution of its differential equation, and its bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp

import ckmkit
from ckmkit import network
from ckmkit.network.bass import bass_curve, bass_peak, bass_share

CASES = [(0.03, 0.38), (0.01, 0.5), (0.2, 0.1), (0.05, 0.0)]


@pytest.mark.parametrize("p, q", CASES)
def test_closed_form_solves_the_bass_equation(p, q):
    """F(t) from the formula agrees with dF/dt = (p + qF)(1 - F), F(0) = 0, solved numerically."""
    times = np.arange(0, 31, dtype=float)
    solved = solve_ivp(lambda _, F: (p + q * F) * (1 - F), (0, 30), [0.0], t_eval=times,
                       rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(bass_share(p, q, times), solved.y[0], atol=1e-8)


@pytest.mark.parametrize("p, q", CASES)
def test_innovation_and_imitation_split_each_period(p, q):
    """Innovation is the integral of m p (1 - F) over the period; the two parts add up."""
    curve = bass_curve(p, q, m=500, periods=12)
    for period, row in curve.iterrows():
        expected, _ = quad(lambda s: 500 * p * (1 - float(bass_share(p, q, s))), period - 1, period)
        assert row["from_innovation"] == pytest.approx(expected, rel=1e-9)
    np.testing.assert_allclose(curve["from_innovation"] + curve["from_imitation"], curve["new_adopters"])
    assert curve["adopters"].iloc[-1] == pytest.approx(500 * float(bass_share(p, q, 12)))
    assert (curve["from_imitation"] >= -1e-12).all()


def test_peak_is_where_the_adoption_rate_is_highest():
    p, q = 0.03, 0.38
    grid = np.linspace(0, 20, 200_001)
    rate = np.gradient(bass_share(p, q, grid), grid)
    assert bass_peak(p, q) == pytest.approx(grid[np.argmax(rate)], abs=1e-3)
    assert bass_peak(p, q) == pytest.approx(math.log(0.38 / 0.03) / 0.41)
    assert bass_curve(p, q, periods=20)["new_adopters"].idxmax() == 7  # the period (6, 7]
    assert bass_peak(0.2, 0.1) == 0.0  # imitation weaker than innovation: adoptions only fall


def test_without_imitation_adoption_is_exponential():
    np.testing.assert_allclose(bass_share(0.1, 0.0, [1.0, 5.0]), 1 - np.exp(-0.1 * np.array([1.0, 5.0])))
    assert bass_curve(0.1, 0.0, periods=5)["from_imitation"].abs().max() < 1e-12


def test_word_of_mouth_brings_adoption_forward():
    """More imitation, same innovation: more adopters by every date after launch."""
    slow, fast = bass_share(0.03, 0.1, [2, 5, 10]), bass_share(0.03, 0.5, [2, 5, 10])
    assert (fast > slow).all()


def test_exported_from_the_network_area():
    assert network.bass_curve is bass_curve and network.bass_peak is bass_peak


@pytest.mark.parametrize("call, english, chinese", [
    (lambda: bass_share(0, 0.3, 1), "coefficient p must be a finite number above 0", "系数 p 必须"),
    (lambda: bass_share(0.03, -0.1, 1), "coefficient q must be", "系数 q 必须"),
    (lambda: bass_share(0.03, "high", 1), "got 'high'", "系数 q"),
    (lambda: bass_share(0.03, 0.3, [-1, 2]), "Time since launch", "距上市的时间"),
    (lambda: bass_curve(0.03, 0.3, m=0), "market potential", "市场潜量"),
    (lambda: bass_curve(0.03, 0.3, periods=2.5), "periods must be a whole number", "periods 必须"),
    (lambda: bass_curve(0.03, 0.3, periods=0), "got 0", "periods 必须"),
])
def test_bad_input_is_refused_in_both_languages(call, english, chinese):
    with pytest.raises(ValueError, match=english):
        call()
    with ckmkit.language("zh"), pytest.raises(ValueError, match=chinese):
        call()
