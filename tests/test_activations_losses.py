"""Activations and losses: derivatives against central differences, stability, lookup errors."""
import warnings

import numpy as np
import pytest

from helpers import losses
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


def test_half_sse_value_and_gradient():
    rng = np.random.default_rng(1)
    Y, T = rng.uniform(size=(4, 3)), rng.uniform(size=(4, 3))
    assert losses.half_sse(Y, T) == pytest.approx(0.5 * np.sum((T - Y) ** 2) / 4)
    numeric = numerical_gradient(lambda: losses.half_sse(Y, T), Y)
    assert rel_error(losses.half_sse_grad(Y, T), numeric) < 1e-7


def test_cross_entropy_gradient_and_stability():
    rng = np.random.default_rng(2)
    Z, T = rng.normal(size=(5, 4)), np.eye(4)[[0, 3, 1, 1, 2]]
    numeric = numerical_gradient(lambda: losses.cross_entropy_from_logits(Z, T), Z)
    assert rel_error((losses.softmax(Z) - T) / len(Z), numeric) < 1e-7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = np.array([[1e4, -1e4, 0.0]])
        assert np.isfinite(losses.cross_entropy_from_logits(big, np.array([[0.0, 1.0, 0.0]])))
        assert np.allclose(losses.softmax(big).sum(), 1.0)


def test_unknown_loss():
    with pytest.raises(ValueError, match="loss must be one of"):
        losses.check_loss_name("mse")
