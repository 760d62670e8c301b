"""helpers.experiments.linear_surface: a linear neuron's exact bowl, and slices through a network's weights."""
import numpy as np
import pytest

from helpers.data import xor_table
from helpers.experiments.linear_surface import LinearNeuron, descent_path, plane_loss, swap_hidden, weight_path
from helpers.experiments.pitfalls import get_params
from helpers.nn import MLP


def _neuron(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 2.5, size=20)
    return LinearNeuron(x, 2 * x - 1 + rng.normal(0, 0.1, size=20))


def test_the_surface_is_exactly_the_paraboloid():
    n = _neuron()
    W, B = np.meshgrid(np.linspace(-3, 6, 31), np.linspace(-7, 5, 29))
    assert np.allclose(n.loss(W, B), n.quadratic(W, B), rtol=1e-12, atol=1e-12)
    # the lowest point is the least-squares line, where the gradient vanishes
    assert np.allclose(n.minimum, np.polyfit(n.x, n.t, 1), atol=1e-10)
    assert np.allclose(n.gradient(*n.minimum), 0, atol=1e-12)


def test_gradient_and_hessian_match_finite_differences():
    n = _neuron(3)
    theta, h = np.array([0.7, -1.3]), 1e-5
    numeric = [(n.loss(*(theta + h * e)) - n.loss(*(theta - h * e))) / (2 * h) for e in np.eye(2)]
    assert np.allclose(n.gradient(*theta), numeric, rtol=1e-7)
    hessian = np.array([[(n.gradient(*(theta + h * e))[k] - n.gradient(*(theta - h * e))[k]) / (2 * h)
                         for e in np.eye(2)] for k in range(2)])
    assert np.allclose(hessian, n.hessian, rtol=1e-6)
    assert n.lam_min < n.lam_max and np.isclose(n.lam_max, np.linalg.eigvalsh(n.hessian).max())


def test_descent_path_follows_the_update_rule_and_the_two_over_lambda_limit():
    n = _neuron()
    lr = 1.0 / n.lam_max
    path, losses, message = descent_path(n, (0.0, 2.5), lr, epochs=5)
    assert message == "" and path.shape == (6, 2) and losses.shape == (5,)
    for a, b in zip(path, path[1:]):                          # θ ← θ − η ∇E
        assert np.allclose(b, a - lr * n.gradient(*a), atol=1e-12)
    assert np.isclose(losses[-1], n.loss(*path[-1]))
    _, below, _ = descent_path(n, (0.0, 2.5), 1.95 / n.lam_max, epochs=400)
    assert below[-1] - n.loss_min < 1e-6
    path, _, message = descent_path(n, (0.0, 2.5), 2.05 / n.lam_max, epochs=20_000)
    assert "diverged" in message and np.all(np.isfinite(path))


def test_linear_neuron_bad_input():
    with pytest.raises(ValueError, match="equally long"):
        LinearNeuron([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="constant"):
        LinearNeuron([1, 1, 1], [1, 2, 3])
    with pytest.raises(ValueError, match="finite"):
        LinearNeuron([1, np.nan], [1, 2])
    with pytest.raises(TypeError, match="neuron"):
        descent_path("bowl", (0, 0), 0.1, 5)
    with pytest.raises(ValueError, match="lr"):
        descent_path(_neuron(), (0, 0), -0.1, 5)


def test_plane_loss_evaluates_the_plane_without_changing_the_net():
    X, T = xor_table()
    net = MLP([2, 2, 1], seed=0)
    before = get_params(net).copy()
    d1, d2 = np.eye(net.n_params)[0], np.eye(net.n_params)[5]
    alphas, betas = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.5])
    E = plane_loss(net, X, T, before, d1, d2, alphas, betas)
    assert E.shape == (2, 3) and np.array_equal(get_params(net), before)
    probe = MLP([2, 2, 1], seed=0)
    from helpers.experiments.pitfalls import set_params
    set_params(probe, before + 2.0 * d1 + 0.5 * d2)
    assert np.isclose(E[0, 2], probe.loss(X, T))
    with pytest.raises(ValueError, match="d2"):
        plane_loss(net, X, T, before, d1, d2[:-1], alphas, betas)


def test_swap_hidden_gives_the_same_outputs():
    X, _ = xor_table()
    net = MLP([2, 3, 1], seed=4)
    other = swap_hidden(net, 0, 2)
    assert np.allclose(other.forward_pass(X)["a"][-1], net.forward_pass(X)["a"][-1], atol=1e-15)
    assert not np.allclose(get_params(other), get_params(net))


def test_weight_path_records_two_parameters():
    X, T = xor_table()
    net = MLP([2, 2, 1], activation="tanh", seed=1)
    start = get_params(net)[[0, 6]]
    path, losses = weight_path(net, X, T, lr=0.5, epochs=7, coordinates=(0, 6))
    assert path.shape == (8, 2) and losses.shape == (8,)
    assert np.allclose(path[0], start) and np.allclose(path[-1], get_params(net)[[0, 6]])
    assert np.isclose(losses[-1], net.loss(X, T))
    with pytest.raises(ValueError, match="coordinates"):
        weight_path(net, X, T, lr=0.5, epochs=1, coordinates=(0, 99))
