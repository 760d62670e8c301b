"""Counting the work of a forward and a backward pass (helpers.experiments.pass_costs)."""
import numpy as np
import pytest

from helpers.experiments.pass_costs import multiply_adds, time_passes
from helpers.nn import MLP


def test_multiply_adds_counts_every_product_by_hand():
    # 5-8-6-3, B = 2: forward 2·(5·8 + 8·6 + 6·3) = 212; backward adds BP2 for layers 2 and 3: 2·(8·6 + 6·3) = 132
    assert multiply_adds([5, 8, 6, 3], batch=2) == {"forward": 212, "backward": 212 + 132}


def test_backward_costs_one_to_two_forward_passes():
    for sizes in ([64, 10, 10], [10, 32, 32, 10], [2, 1], [1, 100, 100, 1]):
        m = multiply_adds(sizes)
        assert m["forward"] <= m["backward"] <= 2 * m["forward"], sizes


def test_multiply_adds_matches_the_products_the_code_does():
    # count the multiply-adds of every @ that MLP runs, by wrapping the weight arrays
    net = MLP([4, 5, 3, 2], seed=1)
    X, T = np.random.default_rng(0).normal(size=(7, 4)), np.random.default_rng(1).uniform(size=(7, 2))
    done = []

    class Counted(np.ndarray):
        def __matmul__(self, other):
            done.append(self.shape[0] * self.shape[1] * np.shape(other)[-1])
            return np.asarray(self) @ np.asarray(other)

        def __rmatmul__(self, other):
            done.append(np.shape(other)[0] * self.shape[0] * self.shape[1])
            return np.asarray(other) @ np.asarray(self)

    net.weights = [W.view(Counted) for W in net.weights]
    cache = net.forward_pass(X)
    forward = sum(done)
    done.clear()
    net.backward_pass({"z": [np.asarray(z) for z in cache["z"]], "a": [np.asarray(a).view(Counted) for a in cache["a"]]}, T)
    counted = multiply_adds(net.sizes, batch=7)
    assert forward == counted["forward"]
    assert sum(done) == counted["backward"]


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "8"])
def test_multiply_adds_rejects_a_bad_batch(bad):
    with pytest.raises(ValueError, match="batch"):
        multiply_adds([2, 3, 1], batch=bad)


def test_time_passes_returns_positive_medians_and_checks_its_arguments():
    net = MLP([3, 4, 2], seed=0)
    times = time_passes(net, np.ones((2, 3)), np.zeros((2, 2)), repeats=3)
    assert set(times) == {"forward", "backward"} and all(v > 0 for v in times.values())
    with pytest.raises(TypeError, match="net"):
        time_passes("net", np.ones((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="repeats"):
        time_passes(net, np.ones((2, 3)), np.zeros((2, 2)), repeats=0)
