"""helpers.experiments.pitfalls: the experiments of notebook 09."""
import numpy as np
import pytest

from helpers.data import xor_table
from helpers.experiments.pitfalls import (backprop_step_cost, evolve, get_params, race, set_params, train_many,
                                         xor_outcomes)
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
    with pytest.raises(ValueError, match="X must have 2 inputs"):
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




# ---------------------------------------------------------------- stuck XOR runs
def test_xor_outcomes_groups_solved_and_tied_runs():
    X, T = xor_table()
    result = train_many([2, 2, 1], X, T, seeds=range(12), lr=2.0, epochs=3000)
    groups = xor_outcomes(result["nets"], X, T)
    assert sum(len(g["runs"]) for g in groups) == 12
    assert sorted(r for g in groups for r in g["runs"]) == list(range(12))
    for g in groups:
        for r in g["runs"]:
            y = result["nets"][r].forward_pass(X)["a"][-1][:, 0]
            assert g["solved"] == bool(np.all((y > 0.5) == (T[:, 0] > 0.5)))
        if not g["solved"]:
            assert g["tied"], "an unsolved XOR run should give two rows the same answer"
    assert groups[0]["solved"] and len(groups[0]["runs"]) >= len(groups[-1]["runs"])


def test_xor_outcomes_names_the_two_thirds_plateau():
    # hidden neuron 1 fires for every row but 00, neuron 2 is silent: rows 01, 10, 11 look the same
    X, T = xor_table()
    net = MLP.from_params([np.array([[20.0, 20.0], [0.0, 0.0]]), np.array([[10.0 + np.log(2.0), 0.0]])],
                          [np.array([-10.0, 0.0]), np.array([-10.0])])
    y = net.forward_pass(X)["a"][-1][:, 0]
    assert y[0] < 0.01 and np.allclose(y[1:], 2 / 3, atol=1e-3)
    (group,) = xor_outcomes([net], X, T)
    assert not group["solved"] and group["tied"] == (0.667,) and group["runs"] == [0]


# ---------------------------------------------------------------- the cost of a backprop step
def test_backprop_step_cost_counts_multiply_adds():
    # 2-4-1: forward 8 + 4 = 12, backward 12 (∂E/∂W) + 4 (δ back through W^2) = 16
    assert backprop_step_cost([2, 4, 1]) == (12 + 16) / 12
    assert backprop_step_cost([5, 3]) == 2.0                      # one layer: no δ to send further back
    assert 2 < backprop_step_cost([64, 10, 10]) < 3
    with pytest.raises(ValueError, match="sizes"):
        backprop_step_cost([3])


def test_race_gives_both_methods_the_same_budget():
    X, T = xor_table()
    result = race([2, 3, 1], X, T, budget=200, seeds=[0, 1], lr=1.0)
    cost = backprop_step_cost([2, 3, 1])
    assert result["steps"] == int(200 // cost) and result["generations"] == 199 // 20
    for method in ("backprop", "evolution"):
        run = result[method]
        assert run["loss"].shape == (2, len(run["work"])) and run["work"][-1] <= 200
        assert np.array_equal(run["final"], run["loss"][:, -1])
        assert np.all(run["final"] < run["loss"][:, 0])             # both learn something
    assert result["backprop"]["work"][-1] > 200 - cost and result["evolution"]["work"][-1] > 200 - 20
    # backprop's curve is MLP.fit's, from the same start
    net = MLP([2, 3, 1], activation="tanh", seed=1)
    history = net.fit(X, T, lr=1.0, epochs=result["steps"], batch_size=4, seed=1)
    assert np.allclose(result["backprop"]["loss"][1, 1:], history["loss"])


def test_race_runs_one_method_alone_with_the_same_results():
    X, T = xor_table()
    both = race([2, 3, 1], X, T, budget=200, seeds=[0, 1], lr=1.0, sigma=0.3)
    for method in ("backprop", "evolution"):
        alone = race([2, 3, 1], X, T, budget=200, seeds=[0, 1], lr=1.0, sigma=0.3, methods=(method,))
        assert set(alone) == {"budget", "step_cost", "steps", "generations", method}
        assert np.array_equal(alone[method]["loss"], both[method]["loss"])


def test_race_bad_input():
    X, T = xor_table()
    for methods in ((), "backprop", ("backprop", "gradient-free")):
        with pytest.raises(ValueError, match="methods must be one or both of"):
            race([2, 2, 1], X, T, budget=100, seeds=[0], lr=1.0, methods=methods)
    with pytest.raises(ValueError, match="seeds"):
        race([2, 2, 1], X, T, budget=100, seeds=[], lr=1.0)
    with pytest.raises(ValueError, match="too small"):
        race([2, 2, 1], X, T, budget=10, seeds=[0], lr=1.0)
    with pytest.raises(ValueError, match="budget"):
        race([2, 2, 1], X, T, budget=2.5, seeds=[0], lr=1.0)
