"""The perceptron learns the linearly separable gates and never XOR (helpers.experiments.perceptron)."""
import numpy as np
import pytest

from helpers.experiments.perceptron import (best_linear_accuracy, gate_data, perceptron_function, predict,
                                            train_perceptron)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_separable_gates_converge(gate):
    X, t = gate_data(gate)
    r = train_perceptron(X, t, epochs=50)
    assert r["converged"] and r["mistakes"][-1] == 0 and r["errors"][-1] == 0
    assert np.array_equal(predict(r["w"], r["b"], X), t)
    assert best_linear_accuracy(X, t) == 1.0


def test_xor_never_converges_and_no_line_beats_three_of_four():
    X, t = gate_data("XOR")
    r = train_perceptron(X, t, epochs=200)
    assert not r["converged"] and len(r["mistakes"]) == 200 and min(r["errors"]) >= 1
    assert best_linear_accuracy(X, t) == 0.75


def test_the_rule_changes_nothing_when_right():
    X, t = gate_data("AND")
    r = train_perceptron(X, t, epochs=1, w=[1.0, 1.0], b=-1.5)
    assert r["converged"] and r["mistakes"] == [0]
    assert np.array_equal(r["w"], [1.0, 1.0]) and r["b"] == -1.5


def test_one_update_by_hand():
    # w = 0, b = 0 predicts 0 for (0, 0): right for AND; (0, 1), (1, 0) right; (1, 1) wrong -> w += x, b += 1
    X, t = gate_data("AND")
    r = train_perceptron(X[:4], t[:4], epochs=1, lr=0.5)
    assert np.array_equal(r["w"], [0.5, 0.5]) and r["b"] == 0.5 and r["mistakes"] == [1]


@pytest.mark.parametrize("call, match", [
    (lambda: gate_data("XNOR"), "name must be one of"),
    (lambda: train_perceptron([[0, 0], [1, 1]], [0, 2]), "0/1 targets"),
    (lambda: train_perceptron([[0, 0], [1, 1]], [0, 1, 1]), "shapes"),
    (lambda: train_perceptron(*gate_data("OR"), epochs=0), "epochs"),
    (lambda: train_perceptron(*gate_data("OR"), lr=-1), "lr"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_perceptron_function_for_the_exercise():
    nand = perceptron_function([-2, -2, 3])
    X, t = gate_data("NAND")
    assert [nand(*x) for x in X] == list(t)
    for bad in (12345, [1, 2], [1, 2, "b"], [1.0, True, 0.0], [1.0, float("nan"), 0.0]):
        with pytest.raises(ValueError, match=r"three numbers \[w1, w2, b\]"):
            perceptron_function(bad)
