"""The scaled sigmoid family: slope 1 at 0, limits ±1, derivatives equal SymPy's, accurate tails."""
import math

import numpy as np
import pytest
import sympy as sp

from helpers.experiments.sigmoid_family import (NAMES, get_shape, layer_gradient_norms, saturation_point,
                                    scaled, scaled_prime, sigmoid_chain_bound, tail)

z = sp.Symbol("z", real=True)
SYMPY = {
    "logistic": 2 / (1 + sp.exp(-2 * z)) - 1,
    "tanh": sp.tanh(z),
    "erf": sp.erf(sp.sqrt(sp.pi) * z / 2),
    "gudermannian": 4 / sp.pi * sp.atan(sp.tanh(sp.pi * z / 4)),
    "algebraic": z / sp.sqrt(1 + z ** 2),
    "arctan": 2 / sp.pi * sp.atan(sp.pi * z / 2),
    "softsign": z / (1 + sp.Abs(z)),
}
GRID = np.linspace(-6, 6, 241)


def test_every_member_has_a_sympy_reference():
    assert set(SYMPY) == set(NAMES) and len(NAMES) >= 6


@pytest.mark.parametrize("name", NAMES)
def test_values_and_derivative_equal_sympy(name):
    f = sp.lambdify(z, SYMPY[name], "mpmath")
    df = sp.lambdify(z, sp.diff(SYMPY[name], z), "mpmath")
    assert np.allclose(scaled(name, GRID), [float(f(v)) for v in GRID], rtol=1e-12, atol=1e-14)
    assert np.allclose(scaled_prime(name, GRID), [float(df(v)) for v in GRID], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_slope_one_at_origin_odd_and_bounded(name):
    assert scaled_prime(name, 0.0) == pytest.approx(1.0, abs=1e-15)
    assert float(sp.diff(SYMPY[name], z).subs(z, 0)) == pytest.approx(1.0, abs=1e-15)
    assert np.allclose(scaled(name, -GRID), -scaled(name, GRID), atol=1e-15)
    assert np.all(np.abs(scaled(name, GRID * 100)) <= 1.0)
    assert np.all(np.diff(scaled(name, GRID)) > 0)           # strictly increasing


def test_logistic_is_tanh_rescaled():
    assert np.allclose(scaled("logistic", GRID), np.tanh(GRID), atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_tail_equals_one_minus_f_and_stays_accurate(name):
    assert np.allclose(tail(name, GRID), 1 - np.abs(scaled(name, GRID)), atol=1e-15)
    far = tail(name, 30.0)
    assert 0 < far < 1e-1 and math.isfinite(far)              # no cancellation to exactly 0
    assert tail(name, -2.0) == tail(name, 2.0)


def test_tails_order_fastest_to_slowest():
    at = {n: tail(n, 5.0) for n in NAMES}
    assert at["erf"] < at["tanh"] < at["gudermannian"] < at["algebraic"] < at["arctan"] < at["softsign"]


@pytest.mark.parametrize("name", NAMES)
def test_saturation_point_reaches_the_level(name):
    for level in (0.9, 0.99):
        zs = saturation_point(name, level)
        assert scaled(name, zs) == pytest.approx(level, abs=1e-9)
    assert saturation_point(name, 0.99) > saturation_point(name, 0.9)


def test_softsign_saturation_point_is_exact():
    assert saturation_point("softsign", 0.9) == pytest.approx(9.0, rel=1e-12)


def test_scalar_in_scalar_out_and_arrays_keep_shape():
    assert isinstance(scaled("tanh", 0.3), float)
    assert scaled_prime("erf", np.zeros((2, 3))).shape == (2, 3)


def test_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        scaled("sigmoidish", 1.0)
    with pytest.raises(ValueError, match="name"):
        get_shape(3)
    with pytest.raises(TypeError, match="z must be a number"):
        scaled("tanh", "1.0")
    with pytest.raises(TypeError, match="z must be a number"):
        scaled_prime("tanh", None)
    with pytest.raises(ValueError, match="NaN"):
        tail("erf", [0.0, np.nan])
    for level in (0, 1, 1.5, -0.2, True, "0.9"):
        with pytest.raises(ValueError, match="level"):
            saturation_point("tanh", level)


def test_sigmoid_chain_bound():
    assert sigmoid_chain_bound(0) == 1.0
    assert sigmoid_chain_bound(10) == pytest.approx(4.0 ** -10)
    z_grid = np.linspace(-10, 10, 2001)
    s = 1 / (1 + np.exp(-z_grid))
    assert np.max(s * (1 - s)) <= 0.25 + 1e-15
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="n_layers"):
            sigmoid_chain_bound(bad)


def test_layer_gradient_norms_show_sigmoid_vanishing_but_not_tanh():
    sig = layer_gradient_norms("sigmoid", depth=8, width=16, batch=32)
    th = layer_gradient_norms("tanh", depth=8, width=16, batch=32)
    assert sig.shape == th.shape == (8,) and np.all(sig > 0)
    assert sig[0] / sig[-1] < 1e-3                 # shrinks by orders of magnitude towards the input
    assert th[0] / th[-1] > 0.1
    assert np.array_equal(sig, layer_gradient_norms("sigmoid", depth=8, width=16, batch=32))   # seeded


def test_layer_gradient_norms_bad_input():
    with pytest.raises(ValueError, match="activation must be one of"):
        layer_gradient_norms("swish")
    with pytest.raises(ValueError, match="depth"):
        layer_gradient_norms("tanh", depth=1)
    with pytest.raises(ValueError, match="width"):
        layer_gradient_norms("tanh", width=0)
