"""Finite-difference study, pass counting and planted bugs."""
import numpy as np
import pytest

from helpers.activations import sigmoid, sigmoid_prime
from helpers.experiments.fd_study import (BUGS, BuggyMLP, CountingMLP, buggy_network, central_difference,
                              counting_copy, forward_difference, gradient_costs, step_size_study, step_sizes,
                              time_gradients)
from helpers.gradcheck import check_mlp_gradients, verdict, wrong_parameters
from helpers.nn import MLP


def _batch(n_in=4, n_out=3, b=5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(b, n_in)), rng.uniform(size=(b, n_out))


def test_difference_formulas_on_a_polynomial():
    f = lambda x: x ** 3
    # forward: ((x+h)^3 - x^3)/h = 3x^2 + 3xh + h^2 ; central: 3x^2 + h^2
    assert forward_difference(f, 2.0, 0.1) == pytest.approx(12 + 0.6 + 0.01, rel=1e-12)
    assert central_difference(f, 2.0, 0.1) == pytest.approx(12 + 0.01, rel=1e-12)


def test_error_orders_in_the_truncation_regime():
    study = step_size_study(np.sin, np.cos, 1.0, hs=[1e-2, 1e-3])
    fwd_ratio = study["forward"][0] / study["forward"][1]
    cen_ratio = study["central"][0] / study["central"][1]
    assert fwd_ratio == pytest.approx(10, rel=0.05)          # error ∝ h
    assert cen_ratio == pytest.approx(100, rel=0.05)         # error ∝ h²
    assert study["exact"] == pytest.approx(np.cos(1.0))


def test_best_steps_sit_where_theory_says():
    study = step_size_study(sigmoid, sigmoid_prime, 0.5)
    best = {m: study["h"][np.argmin(study[m])] for m in ("central", "forward")}
    assert 1e-7 <= best["central"] <= 1e-3       # near ε^(1/3) ≈ 6e-6
    assert 1e-10 <= best["forward"] <= 1e-6      # near ε^(1/2) ≈ 1.5e-8
    assert study["central"].min() < study["forward"].min()
    tiny = study["h"] < 1e-14
    assert np.all(study["central"][tiny] > 1e-3)            # round-off dominates for tiny h


def test_step_sizes():
    hs = step_sizes(1e-8, 1.0, per_decade=2)
    assert len(hs) == 17 and hs[0] == pytest.approx(1e-8) and hs[-1] == pytest.approx(1.0)
    assert np.all(np.diff(np.log10(hs)) > 0)


def test_bad_input_finite_differences():
    with pytest.raises(TypeError, match="f must be a function"):
        central_difference(3.0, 1.0, 1e-5)
    with pytest.raises(ValueError, match="h .*> 0"):
        forward_difference(np.sin, 1.0, 0.0)
    with pytest.raises(ValueError, match="x must be a finite number"):
        central_difference(np.sin, np.inf, 1e-5)
    with pytest.raises(ValueError, match="hs must be"):
        step_size_study(np.sin, np.cos, 1.0, hs=[1e-3, -1e-3])
    with pytest.raises(TypeError, match="f_prime"):
        step_size_study(np.sin, None, 1.0)
    with pytest.raises(ValueError, match="smallest must be below largest"):
        step_sizes(1.0, 1e-3)
    with pytest.raises(ValueError, match="per_decade"):
        step_sizes(per_decade=0)


@pytest.mark.parametrize("sizes", [[2, 2, 2], [4, 3, 3, 3], [5, 8, 6, 3]])
def test_counted_passes(sizes):
    net = MLP(sizes, seed=1)
    X, T = _batch(sizes[0], sizes[-1])
    costs = gradient_costs(net, X, T)
    P = net.n_params
    assert costs["n_params"] == P
    assert costs["numerical"] == {"forward": 2 * P, "backward": 0}
    assert costs["backprop"] == {"forward": 1, "backward": 1}


def test_counting_copy_gives_the_same_gradients():
    net = MLP([3, 4, 2], seed=2)
    X, T = _batch(3, 2)
    twin = counting_copy(net)
    assert isinstance(twin, CountingMLP) and twin.forward_passes == 0
    loss_a, dW_a, _ = net.gradients(X, T)
    loss_b, dW_b, _ = twin.gradients(X, T)
    assert loss_a == loss_b and all(np.array_equal(a, b) for a, b in zip(dW_a, dW_b))
    assert (twin.forward_passes, twin.backward_passes) == (1, 1)
    twin.reset_counts()
    assert twin.forward_passes == 0
    with pytest.raises(TypeError, match="net must be"):
        counting_copy("net")


def test_time_gradients():
    net = MLP([3, 4, 2], seed=2)
    X, T = _batch(3, 2)
    times = time_gradients(net, X, T, repeats=1)
    assert set(times) == {"numerical", "backprop"} and all(v > 0 for v in times.values())
    with pytest.raises(ValueError, match="repeats"):
        time_gradients(net, X, T, repeats=0)
    with pytest.raises(TypeError, match="net"):
        time_gradients(None, X, T)


def test_correct_network_passes_the_check_and_matches_mlp():
    X, T = _batch()
    ok = buggy_network(None)
    report = check_mlp_gradients(ok, X, T)
    assert wrong_parameters(report) == [] and all(verdict(e) == "good" for e in report.values())
    ref = MLP([4, 3, 3, 3], seed=0)
    assert all(np.allclose(a, b, rtol=1e-13) for a, b in zip(ok.gradients(X, T)[1], ref.gradients(X, T)[1]))


@pytest.mark.parametrize("bug, wrong", [
    ("missing_f_prime", ["W1", "b1", "W2", "b2", "W3", "b3"]),
    ("transposed_weight", ["W1", "b1", "W2", "b2"]),
    ("forgot_bias", ["b1", "b2", "b3"]),
])
def test_each_planted_bug_is_found_where_it_should_be(bug, wrong):
    X, T = _batch()
    net = buggy_network(bug)
    assert isinstance(net, BuggyMLP) and bug in BUGS
    report = check_mlp_gradients(net, X, T)
    assert wrong_parameters(report) == wrong
    assert all(verdict(report[name]) == "wrong" for name in wrong)
    assert all(verdict(e) == "good" for name, e in report.items() if name not in wrong)


def test_bug_network_bad_input():
    with pytest.raises(ValueError, match="bug must be None or one of"):
        buggy_network("off_by_one")
    with pytest.raises(ValueError, match="square"):
        buggy_network("transposed_weight", sizes=(4, 5, 3, 2))
    with pytest.raises(ValueError, match="input_grad"):
        net = buggy_network("forgot_bias")
        X, T = _batch()
        net.backward_pass(net.forward_pass(X), T, input_grad=True)


def test_counting_copy_keeps_activation_objects():
    from helpers.activations import Activation, get_activation
    double_tanh = Activation("double_tanh", lambda z: 2 * np.tanh(z), lambda z: 2 - 2 * np.tanh(z) ** 2, "2\\tanh z")
    net = MLP([4, 3, 3], activation=double_tanh, output_activation=get_activation("linear"))
    counter = counting_copy(net)               # used to fail for activation objects
    assert counter.f is net.f and counter.f_out is net.f_out
    X, T = _batch()
    costs = gradient_costs(net, X, T)
    assert costs["numerical"] == {"forward": 2 * net.n_params, "backward": 0}
    assert costs["backprop"] == {"forward": 1, "backward": 1}


def test_the_counting_and_the_buggy_networks_still_train():
    """Both subclasses accept MLP.backward_pass's arguments, so fit and step run on them."""
    X, T = np.array([[0.1, 0.2, 0.3, 0.4]]), np.array([[0.2, 0.8, 0.5]])
    net = counting_copy(MLP([4, 3, 3, 3], seed=0))
    net.fit(X, T, lr=0.5, epochs=2, batch_size=1)
    assert net.backward_passes == 2
    for bug in BUGS:
        buggy = buggy_network(bug)
        buggy.step(X, T, 0.5)
        assert np.isfinite(buggy.loss(X, T))


def test_predicted_best_step_is_stable_and_refuses_what_it_cannot_fit():
    """Notebook 07: the model's best step and error, from the truncation fitted where it dominates, do not move
    when the last bit of sigma does (the measured minimum does), and a study without truncation error is refused."""
    from helpers.activations import sigmoid, sigmoid_prime
    from helpers.experiments.fd_study import predicted_best
    best = predicted_best(step_size_study(sigmoid, sigmoid_prime, 0.5), sigmoid(0.5))
    assert 1e-6 < best["central"][0] < 1e-4 and 1e-9 < best["forward"][0] < 1e-7
    rng = np.random.default_rng(0)
    def noisy(z):                                      # sigma, off by one unit in the last place at random
        return float(np.nextafter(sigmoid(z), np.inf * rng.choice([-1, 1])))
    again = predicted_best(step_size_study(noisy, sigmoid_prime, 0.5), sigmoid(0.5))
    ratio = best["forward"][1] / best["central"][1]
    assert abs(again["forward"][1] / again["central"][1] - ratio) < 1e-3 * ratio
    with pytest.raises(ValueError, match="do not fall like h"):
        predicted_best(step_size_study(lambda z: z * z, lambda z: 2 * z, 1.0), 1.0)   # central is exact for x²
    with pytest.raises(TypeError, match="step_size_study"):
        predicted_best({"h": [1.0]}, 1.0)
