"""Losses: values and gradients against central differences, stability, no broadcasting."""
import warnings

import numpy as np
import pytest

from helpers import losses
from helpers.gradcheck import numerical_gradient, rel_error


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


def test_no_broadcasting_between_outputs_and_targets():
    with pytest.raises(ValueError, match=r"same shape, got \(3, 1\) and \(1, 3\)"):
        losses.half_sse(np.ones((3, 1)), np.ones((1, 3)))


def test_huge_outputs_give_a_clear_error_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="too large for a float64"):
            losses.half_sse([[1e200]], [[0.0]])
        assert losses.half_sse([[1e150]], [[0.0]]) == pytest.approx(0.5e300)

