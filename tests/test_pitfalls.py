"""helpers.experiments.pitfalls: the experiments of notebook 09."""
import numpy as np
import pytest

from helpers.data import xor_table
from helpers.experiments.pitfalls import evolve, get_params, set_params, train_many
from helpers.nn import MLP


# ---------------------------------------------------------------- parameters and evolution
def test_params_round_trip():
    net = MLP([2, 3, 2], seed=0)
    theta = get_params(net)
    assert theta.shape == (net.n_params,)
    set_params(net, theta * 2)
    assert np.allclose(get_params(net), 2 * theta)
    with pytest.raises(ValueError, match="theta"):
        set_params(net, theta[:-1])


def test_evolve_never_gets_worse_and_counts_evaluations():
    X, T = xor_table()
    net = MLP([2, 3, 1], seed=0)
    start = net.loss(X, T)
    h = evolve(net, X, T, generations=30, population=10, sigma=0.3, seed=1)
    assert h["evaluations"] == [1 + 10 * g for g in range(31)]
    assert all(b <= a for a, b in zip(h["loss"], h["loss"][1:]))
    assert h["loss"][-1] < start
    assert np.isclose(net.loss(X, T), h["loss"][-1])          # net holds the best parameters


def test_evolve_is_seeded():
    X, T = xor_table()
    a = evolve(MLP([2, 3, 1]), X, T, generations=5, seed=3)["loss"]
    b = evolve(MLP([2, 3, 1]), X, T, generations=5, seed=3)["loss"]
    assert a == b


@pytest.mark.parametrize("kwargs, word", [(dict(generations=0), "generations"),
                                          (dict(population=1.5), "population"),
                                          (dict(sigma=0), "sigma"), (dict(sigma=True), "sigma")])
def test_evolve_bad_input(kwargs, word):
    X, T = xor_table()
    with pytest.raises(ValueError, match=word):
        evolve(MLP([2, 2, 1]), X, T, **kwargs)


def test_evolve_checks_data_shapes():
    with pytest.raises(ValueError, match="x"):
        evolve(MLP([2, 2, 1]), np.zeros((4, 3)), np.zeros((4, 1)))
    with pytest.raises(TypeError, match="net"):
        evolve(None, np.zeros((4, 2)), np.zeros((4, 1)))


# ---------------------------------------------------------------- many networks side by side
def test_train_many_matches_fit_with_full_batches():
    X, T = xor_table()
    result = train_many([2, 3, 1], X, T, seeds=[4, 7], lr=0.5, epochs=5, activation="tanh")
    assert result["loss"].shape == (2, 6)
    for r, seed in enumerate([4, 7]):
        net = MLP([2, 3, 1], activation="tanh", seed=seed)
        assert np.isclose(result["loss"][r, 0], net.loss(X, T))
        history = net.fit(X, T, lr=0.5, epochs=5, batch_size=4)
        assert np.allclose(result["loss"][r, 1:], history["loss"])
        assert all(np.allclose(a, b) for a, b in zip(result["nets"][r].weights, net.weights))


def test_train_many_bad_input():
    X, T = xor_table()
    with pytest.raises(ValueError, match="seeds"):
        train_many([2, 2, 1], X, T, seeds=[], lr=1, epochs=1)
    with pytest.raises(ValueError, match="lr"):
        train_many([2, 2, 1], X, T, seeds=[0], lr=-1, epochs=1)
    with pytest.raises(ValueError, match="epochs"):
        train_many([2, 2, 1], X, T, seeds=[0], lr=1, epochs=0)
    with pytest.raises(ValueError, match="inputs"):
        train_many([3, 2, 1], X, T, seeds=[0], lr=1, epochs=1)


