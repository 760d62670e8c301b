"""Activations: derivatives against central differences and SymPy, stability, lookup errors."""
import warnings

import numpy as np
import pytest

from helpers.activations import ACTIVATIONS, get_activation
from helpers.gradcheck import numerical_gradient, rel_error

Z = np.linspace(-6, 6, 97)
Z = Z[np.abs(Z) > 1e-3]          # keep away from the ReLU kink at 0


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    f = get_activation(name)
    z = Z.copy()
    numeric = np.empty_like(z)
    for i in range(len(z)):
        point = z[i:i + 1].copy()
        numeric[i] = numerical_gradient(lambda: float(f.f(point)[0]), point)[0]
    assert rel_error(f.prime(z), numeric) < 1e-7


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_extreme_inputs_are_finite_and_silent(name):
    f = get_activation(name)
    z = np.array([-1e4, -710.0, -50.0, 0.0, 50.0, 710.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, slopes = f.f(z), f.prime(z)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))


def test_known_values():
    sig = get_activation("sigmoid")
    assert sig(0.0) == 0.5 and sig.prime(0.0) == 0.25
    assert sig(1e4) == 1.0 and 0.0 <= sig(-1e4) < 1e-307
    assert get_activation("relu")(-2.0) == 0.0 and get_activation("relu")(3.0) == 3.0
    assert get_activation("softplus")(0.0) == pytest.approx(np.log(2))


def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(ValueError, match="activation must be one of .*sigmoid.*got 'sigmoidd'"):
        get_activation("sigmoidd")


@pytest.mark.parametrize("z", [20.0, 30.0, 40.0, 700.0, -20.0, -40.0, -700.0])
def test_sigmoid_and_tanh_slopes_keep_full_precision_in_the_tails(z):
    """No cancellation: σ'(z) and tanh'(z) agree with SymPy's exact values to 1e-14 relative error.

    tanh'(±700) = 3.9e-608 is below the smallest float64, so there the right answer is 0.0.
    """
    import sympy as sp
    s = sp.Symbol("z")
    exact = {"sigmoid": sp.diff(1 / (1 + sp.exp(-s)), s), "tanh": sp.diff(sp.tanh(s), s)}
    for name, expr in exact.items():
        exact_value = sp.N(expr.subs(s, sp.Integer(int(z))), 30, maxn=5000)     # precision raised as needed
        assert exact_value > 0
        true, got = float(exact_value), float(get_activation(name).prime(z))
        if true == 0.0:
            assert got == 0.0, (name, z, got)
        else:
            assert abs(got - true) / true < 1e-14, (name, z, got, true)


def test_slopes_from_the_activation_equal_the_slopes_from_z():
    z = np.linspace(-8, 8, 161)
    for name, f in ACTIVATIONS.items():
        if f.prime_a is not None:
            assert np.allclose(f.prime_a(f.f(z)), f.prime(z), rtol=1e-9, atol=1e-15), name
