"""Backprop through time and the two modes of the chain rule (helpers.experiments.recurrent)."""
import math

import pytest

from helpers.autograd import Value

from helpers.steps.graph import backprop_steps
from helpers.experiments.recurrent import (bptt, count_gradient_costs, forward_mode, gradient_through_time,
                                           reverse_mode, rnn_error, rnn_states, unrolled_rnn, wide_neuron)
from helpers.gradcheck import rel_error

CASES = [([1.0, -0.5, 0.8], 0.7, 1.2, 0.0, 0.5), ([0.3, 2.0, -1.0, 0.4], -1.3, 0.6, 0.25, -0.7),
         ([2.5], 1.8, -0.4, -0.6, 0.9)]


def central(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("xs, w, u, r0, t", CASES)
def test_engine_gradients_match_central_differences(xs, w, u, r0, t):
    g = unrolled_rnn(xs, w, u, r0, t)
    g["E"].backward()
    assert rel_error(g["w"].grad, central(lambda v: rnn_error(xs, v, u, r0, t), w)) < 1e-7
    assert rel_error(g["u"].grad, central(lambda v: rnn_error(xs, w, v, r0, t), u)) < 1e-7
    assert rel_error(g["r0"].grad, central(lambda v: rnn_error(xs, w, u, v, t), r0)) < 1e-7


@pytest.mark.parametrize("xs, w, u, r0, t", CASES)
def test_bptt_by_hand_is_the_engine_and_w_gradient_is_a_sum_over_time(xs, w, u, r0, t):
    g = unrolled_rnn(xs, w, u, r0, t)
    g["E"].backward()
    b = bptt(xs, w, u, r0, t)
    assert len(b["w_terms"]) == len(xs)
    assert b["dw"] == pytest.approx(g["w"].grad, abs=1e-15)
    assert b["du"] == pytest.approx(g["u"].grad, abs=1e-15)
    assert b["dr0"] == pytest.approx(g["r0"].grad, abs=1e-15)
    for i, d in enumerate(b["delta"], start=1):       # δ_t is the engine's gradient at z_t
        assert d == pytest.approx(g[f"z{i}"].grad, abs=1e-15)
    assert [n.data for n in (g[f"r{i}"] for i in range(1, len(xs) + 1))] == rnn_states(xs, w, u, r0)[1:]


def test_the_stepper_sums_one_term_per_time_step_for_w():
    g = unrolled_rnn([1.0, -0.5, 0.8], 0.7, 1.2, 0.0, 0.5)
    step = next(s for s in backprop_steps(g["E"]) if s["kind"] == "backward" and s["node"] is g["w"])
    assert len(step["terms"]) == 3
    assert step["grad"] == pytest.approx(bptt([1.0, -0.5, 0.8], 0.7, 1.2, 0.0, 0.5)["dw"], abs=1e-15)


@pytest.mark.parametrize("w", [0.5, -0.9, 1.1, 1.5])
def test_quiet_neuron_gradient_is_a_power_of_w(w):
    lengths = [1, 2, 5, 10, 20]
    got = gradient_through_time(w, lengths, t=2.0)
    assert got == pytest.approx([2.0 * abs(w) ** T for T in lengths], rel=1e-12)


def test_gradient_through_time_with_inputs_matches_bptt():
    xs = [0.4, -1.0, 0.7, 0.2, -0.3]
    got = gradient_through_time(0.9, [3, 5], u=0.8, xs=xs, r0=0.1, t=0.5)
    assert got[0] == pytest.approx(abs(bptt(xs[:3], 0.9, 0.8, 0.1, 0.5)["dr0"]), rel=1e-12)
    assert got[1] == pytest.approx(abs(bptt(xs, 0.9, 0.8, 0.1, 0.5)["dr0"]), rel=1e-12)


def test_shared_weights_can_be_values():
    w = Value(0.5, "w")
    g = unrolled_rnn([1.0, 2.0], w, 0.3, t=0.0)
    assert g["w"] is w


@pytest.mark.parametrize("n", [1, 5, 40])
def test_forward_and_reverse_mode_agree_and_cost_what_they_should(n):
    E, inputs = wide_neuron(n, seed=3)
    c = count_gradient_costs(E, inputs)
    assert c["n_inputs"] == n + 1
    assert c["reverse_ops"] == c["n_edges"]
    assert c["forward_ops"] == (n + 1) * c["n_edges"]
    assert rel_error(c["reverse_grad"], c["forward_grad"]) < 1e-12
    E.backward()                                      # the engine's own backward pass
    assert rel_error(c["reverse_grad"], [v.grad for v in inputs]) < 1e-12


def test_forward_mode_matches_central_differences():
    E, inputs = wide_neuron(6, seed=1)
    w = inputs[2]
    base = w.data

    def E_at(v):                                      # E with plain floats, w_3 replaced by v
        import random
        rng = random.Random(1)
        ws = [rng.uniform(-1, 1) for _ in range(6)]
        ws[2] = v
        z = 0.1 + sum(wi * rng.uniform(-1, 1) for wi in ws)
        return 0.5 * (0.5 - 1 / (1 + math.exp(-z))) ** 2

    assert E_at(base) == pytest.approx(E.data, abs=1e-15)
    g, _ = forward_mode(E, w)
    assert rel_error(g, central(E_at, base)) < 1e-7


def test_reverse_mode_gives_dE_dE_one():
    E, _ = wide_neuron(3)
    grad, ops = reverse_mode(E)
    assert grad[id(E)] == 1.0 and ops > 0


@pytest.mark.parametrize("call, match", [
    (lambda: unrolled_rnn([], 0.5, 1.0), "at least one input"),
    (lambda: unrolled_rnn("abc", 0.5, 1.0), "xs must be numbers"),
    (lambda: unrolled_rnn([1.0, float("nan")], 0.5, 1.0), "xs contains NaN"),
    (lambda: unrolled_rnn([1.0], "w", 1.0), "w must be a finite number"),
    (lambda: unrolled_rnn(5, 0.5, 1.0), "xs must be a list"),
    (lambda: gradient_through_time(0.5, [0, 3]), "lengths"),
    (lambda: gradient_through_time(0.5, [5], xs=[1.0, 2.0]), "xs has 2 inputs"),
    (lambda: forward_mode(wide_neuron(2)[0], Value(1.0)), "not part of root's graph"),
    (lambda: forward_mode(1.0, Value(1.0)), "root must be a Value"),
    (lambda: wide_neuron(0), "n"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
