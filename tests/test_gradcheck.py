"""Gradient checking: central differences, relative error, verdicts, the MLP's gradients against them."""
import numpy as np
import pytest

from helpers.gradcheck import (central_difference, check_mlp_gradients, numerical_gradient, numerical_mlp_gradients,
                               rel_error, verdict, wrong_parameters)
from helpers.nn import MLP

X5 = np.array([0.5, 0.2, 0.8, 0.3, 0.6])
T3 = np.array([0.9, 0.1, 0.8])


def test_plain_central_difference_on_the_5_8_6_3_network():
    net = MLP([5, 8, 6, 3], seed=0)
    report = check_mlp_gradients(net, X5, T3)        # two-point stencil, h = 1e-5
    assert max(report.values()) < 1e-7, report


@pytest.mark.parametrize("h", ["a", None, True, 0.0, float("nan")])
def test_numerical_gradient_rejects_bad_h(h):
    theta = np.zeros(2)
    with pytest.raises(ValueError, match="h \\(the step size\\) must be a finite number > 0"):
        numerical_gradient(lambda: float(theta.sum()), theta, h=h)


def test_wrong_parameters_accepts_numpy_threshold():
    assert wrong_parameters({"W1": 1e-3, "b1": 1e-9}, threshold=np.float32(1e-4)) == ["W1"]
    with pytest.raises(ValueError, match="threshold must be a finite number > 0"):
        wrong_parameters({"W1": 1e-3}, threshold="1e-4")


def test_numerical_mlp_gradients_refuses_bad_t_before_nudging_anything():
    net = MLP([5, 4, 3], seed=1)
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(ValueError, match=r"\bt must have 3 targets"):
        numerical_mlp_gradients(net, X5, np.ones(2))
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))
    dW, db = numerical_mlp_gradients(net, X5, T3)
    _, gW, gb = net.gradients(X5, T3)
    assert max(rel_error(a, b) for a, b in zip(dW + db, gW + gb)) < 1e-6


def test_verdict_thresholds():
    assert verdict(1e-9) == "good"
    assert verdict(1e-5).startswith("fine only near kinks")
    assert verdict(1e-3) == "suspicious"
    assert verdict(0.5) == "wrong" and verdict(2.0) == "wrong"
    for bad in (-1.0, float("nan"), "0.1", None, True):
        with pytest.raises(ValueError, match="err"):
            verdict(bad)


def test_wrong_parameters_bad_input():
    with pytest.raises(TypeError, match="report"):
        wrong_parameters([0.1])
    with pytest.raises(ValueError, match="threshold"):
        wrong_parameters({"W1": 0.1}, threshold=0)




def test_central_difference_error_falls_like_h_squared_or_h_to_the_fourth():
    """Halving h divides the error of order 2 by about 4 and that of order 4 by about 16 (sin at 1)."""
    exact = np.cos(1.0)
    err = {(order, h): abs(central_difference(np.sin, 1.0, h, order) - exact)
           for order in (2, 4) for h in (0.1, 0.05)}
    assert 3.9 < err[2, 0.1] / err[2, 0.05] < 4.1
    assert 15.5 < err[4, 0.1] / err[4, 0.05] < 16.5
    assert err[2, 0.1] == pytest.approx(np.cos(1.0) * 0.1 ** 2 / 6, rel=1e-2)    # |f'''| h²/6, f''' = −cos


def test_numerical_gradient_is_central_difference_entry_by_entry_and_restores_theta():
    theta = np.array([[0.3, -1.2], [2.0, 0.05]])
    before = theta.copy()
    f = lambda: float(np.sum(np.sin(theta) * np.arange(1, 5).reshape(2, 2)))
    for order in (2, 4):
        grad = numerical_gradient(f, theta, 1e-3, order)
        for i in np.ndindex(theta.shape):
            def along(v, i=i):
                moved = before.copy()
                moved[i] = v
                return float(np.sum(np.sin(moved) * np.arange(1, 5).reshape(2, 2)))
            assert grad[i] == central_difference(along, before[i], 1e-3, order)
        assert np.array_equal(theta, before)


def test_numerical_gradient_restores_theta_when_f_raises():
    theta = np.array([1.0, 2.0])

    def f():
        if theta[1] != 2.0:
            raise RuntimeError("f refuses")
        return float(theta.sum())
    with pytest.raises(RuntimeError):
        numerical_gradient(f, theta)
    assert theta.tolist() == [1.0, 2.0]
