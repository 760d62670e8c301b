"""The trace of one training iteration agrees with MLP to 1e-12, in both granularities."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.nn import MLP
from helpers.steps.trace import GRANULARITIES, trace

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "linear"]


def random_case(seed, sizes, activation="sigmoid"):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation=activation, seed=seed)
    for b in net.biases:
        b[:] = rng.normal(size=b.shape)
    x = rng.uniform(-1, 1, sizes[0])
    t = rng.uniform(0, 1, sizes[-1])
    lr = float(rng.uniform(0.05, 2.0))
    return net, x, t, lr


def expected_values(net, x, t, lr):
    """Everything the trace must contain, from MLP.forward_pass / gradients / step."""
    cache = net.forward_pass(np.atleast_2d(x))
    loss, dW, db = net.gradients(x, t)
    after = net.copy()
    after.step(x, t, lr)
    return cache, loss, dW, db, after


sizes_strategy = st.lists(st.integers(1, 6), min_size=2, max_size=5)


@given(seed=st.integers(0, 10_000), sizes=sizes_strategy, activation=st.sampled_from(ACTIVATIONS))
def test_trace_values_match_mlp(seed, sizes, activation):
    net, x, t, lr = random_case(seed, sizes, activation)
    cache, loss, dW, db, after = expected_values(net, x, t, lr)
    L = net.n_layers
    # the backward pass's deltas, recomputed from the gradients: db^l = δ^l for one sample
    for granularity in GRANULARITIES:
        tr = trace(net, x, t, lr, granularity)
        final = tr.state(len(tr))
        for l in range(1, L + 1):
            for j in range(sizes[l]):
                assert final[("z", l, j)] == pytest.approx(cache["z"][l - 1][0, j], abs=1e-12, rel=1e-12)
                assert final[("a", l, j)] == pytest.approx(cache["a"][l][0, j], abs=1e-12, rel=1e-12)
                assert final[("delta", l, j)] == pytest.approx(db[l - 1][j], abs=1e-12, rel=1e-12)
                assert final[("db", l, j)] == pytest.approx(db[l - 1][j], abs=1e-12, rel=1e-12)
                assert final[("b_new", l, j)] == pytest.approx(after.biases[l - 1][j], abs=1e-12, rel=1e-12)
                for k in range(sizes[l - 1]):
                    assert final[("dw", l, j, k)] == pytest.approx(dW[l - 1][j, k], abs=1e-12, rel=1e-12)
                    assert final[("w_new", l, j, k)] == pytest.approx(after.weights[l - 1][j, k], abs=1e-12, rel=1e-12)
        assert final[("E",)] == pytest.approx(loss, abs=1e-12, rel=1e-12)
        errors = 0.5 * (np.asarray(t) - cache["a"][-1][0]) ** 2
        for j in range(sizes[-1]):
            assert final[("E", j)] == pytest.approx(errors[j], abs=1e-12, rel=1e-12)


@given(seed=st.integers(0, 10_000), sizes=sizes_strategy)
def test_step_values_are_what_they_write(seed, sizes):
    """Each operation step's value is the quantity it writes (vector steps: the gradient row)."""
    net, x, t, lr = random_case(seed, sizes)
    tr = trace(net, x, t, lr)
    for s in tr:
        if s.phase in ("forward", "loss") or (s.phase == "backward" and s.symbol.startswith(r"\delta")):
            assert list(s.writes.values()) == [s.value]
        elif s.phase == "backward":
            rows = [v for key, v in s.writes.items() if key[0] == "dw"]
            np.testing.assert_array_equal(s.value, rows)
        else:
            W, b = s.value
            assert W.shape == net.weights[s.layer - 1].shape and b.shape == net.biases[s.layer - 1].shape


@pytest.mark.parametrize("sizes", [[2, 2, 2], [5, 8, 6, 3], [1, 1], [3, 1], [4, 5, 5, 5, 2]])
def test_step_counts(sizes):
    net = MLP(sizes, seed=1)
    x, t = np.full(sizes[0], 0.3), np.full(sizes[-1], 0.6)
    L, neurons = len(sizes) - 1, sum(sizes[1:])
    op = trace(net, x, t, 0.5, "operation")
    layer = trace(net, x, t, 0.5, "layer")
    assert len(op) == 2 * neurons + sizes[-1] + 1 + 2 * neurons + L     # z, a; E_j, E; δ, gradients; updates
    assert len(layer) == 3 * L + 1
    # the layer steps cover the operation steps exactly, in order, without gaps
    assert [s.span for s in layer][0][0] == 0 and layer[-1].span[1] == len(op)
    assert all(a.span[1] == b.span[0] for a, b in zip(layer, layer[1:]))


def test_sequence_of_phases():
    sizes = [3, 4, 2]
    tr = trace(MLP(sizes, seed=2), [0.1, 0.2, 0.3], [0.0, 1.0], 0.5)
    phases = [s.phase for s in tr]
    runs = [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p]
    assert runs == ["forward", "loss", "backward", "update"]
    assert phases.count("forward") == 2 * 6 and phases.count("loss") == 2 + 1
    # forward: each neuron's z then its a, layer by layer
    fwd = [(s.layer, s.neuron, s.symbol[0]) for s in tr if s.phase == "forward"]
    assert fwd == [(l, j, c) for l, n in ((1, 4), (2, 2)) for j in range(n) for c in "za"]
    # backward: output layer first; in each layer all deltas before the gradients
    back = [(s.layer, "d" if s.symbol.startswith(r"\delta") else "g") for s in tr if s.phase == "backward"]
    assert back == [(2, "d")] * 2 + [(2, "g")] * 2 + [(1, "d")] * 4 + [(1, "g")] * 4
    assert [s.layer for s in tr if s.phase == "update"] == [1, 2]
    layer_phases = [s.phase for s in trace(MLP(sizes, seed=2), [0.1, 0.2, 0.3], [0.0, 1.0], 0.5, "layer")]
    assert layer_phases == ["forward", "forward", "loss", "backward", "backward", "update", "update"]


def test_hidden_delta_sum_is_explicit_and_reads_next_layer():
    tr = trace(MLP([2, 3, 2], seed=0), [0.5, -0.5], [0.2, 0.8], 0.5)
    (s,) = [s for s in tr if s.symbol == r"\delta^{1}_{2}"]
    assert r"w^{2}_{12} \delta^{2}_{1} + w^{2}_{22} \delta^{2}_{2}" in s.equation
    assert set(s.reads) == {("w", 2, 0, 1), ("w", 2, 1, 1), ("delta", 2, 0), ("delta", 2, 1), ("z", 1, 1)}
    assert s.numbers.endswith(f"= {s.value:.4g}") or "10^" in s.numbers


def test_trace_does_not_change_the_network():
    net = MLP([2, 3, 1], seed=4)
    before = [W.copy() for W in net.weights]
    trace(net, [0.3, 0.4], [1.0], 0.5)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))


def test_bad_input_gives_clear_errors():
    net = MLP([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="x must be one sample: a list of 2 inputs"):
        trace(net, [0.1, 0.2, 0.3], [1.0])
    with pytest.raises(ValueError, match="t must be one sample: a list of 1 targets"):
        trace(net, [0.1, 0.2], [1.0, 0.0])
    with pytest.raises(ValueError, match="granularity must be one of"):
        trace(net, [0.1, 0.2], [1.0], 0.5, "neuron")
    with pytest.raises(ValueError, match="learning rate"):
        trace(net, [0.1, 0.2], [1.0], -1)
    with pytest.raises(TypeError, match="net must be a helpers.nn.MLP"):
        trace("net", [0.1, 0.2], [1.0])
    with pytest.raises(ValueError, match="half_sse"):
        trace(MLP([2, 2], loss="cross_entropy"), [0.1, 0.2], [1.0, 0.0])
    tr = trace(net, [0.1, 0.2], [1.0])
    with pytest.raises(ValueError, match=f"k must be between 0 and {len(tr)}"):
        tr.state(len(tr) + 1)
    with pytest.raises(TypeError, match="whole number"):
        tr.current(1.5)


def test_classic_2_2_2_example_by_hand_equals_mlp_and_trace():
    """Notebook 04's numbers: a plain per-neuron calculation, MLP and the trace agree (to 1e-12)."""
    import math
    s = lambda z: 1 / (1 + math.exp(-z))
    x1, x2, t1, t2, eta = 0.05, 0.10, 0.01, 0.99, 0.5
    w = {"1_11": 0.15, "1_12": 0.20, "1_21": 0.25, "1_22": 0.30,
         "2_11": 0.40, "2_12": 0.45, "2_21": 0.50, "2_22": 0.55}
    b1, b2 = 0.35, 0.60

    def forward(w):
        h1 = s(w["1_11"] * x1 + w["1_12"] * x2 + b1)
        h2 = s(w["1_21"] * x1 + w["1_22"] * x2 + b1)
        o1 = s(w["2_11"] * h1 + w["2_12"] * h2 + b2)
        o2 = s(w["2_21"] * h1 + w["2_22"] * h2 + b2)
        return h1, h2, o1, o2, 0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2

    h1, h2, o1, o2, E = forward(w)
    d_o1, d_o2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
    d_h1 = (d_o1 * w["2_11"] + d_o2 * w["2_21"]) * h1 * (1 - h1)     # both paths, E1 and E2
    d_h2 = (d_o1 * w["2_12"] + d_o2 * w["2_22"]) * h2 * (1 - h2)
    grads = {"1_11": d_h1 * x1, "1_12": d_h1 * x2, "1_21": d_h2 * x1, "1_22": d_h2 * x2,
             "2_11": d_o1 * h1, "2_12": d_o1 * h2, "2_21": d_o2 * h1, "2_22": d_o2 * h2}

    net = MLP.from_params([[[w["1_11"], w["1_12"]], [w["1_21"], w["1_22"]]],
                           [[w["2_11"], w["2_12"]], [w["2_21"], w["2_22"]]]], [[b1, b1], [b2, b2]])
    np.testing.assert_allclose(net.forward([x1, x2]), [o1, o2], rtol=0, atol=1e-12)
    loss, dW, db = net.gradients([x1, x2], [t1, t2])
    assert loss == pytest.approx(E, abs=1e-12)
    mlp_grads = {f"{l}_{j + 1}{k + 1}": dW[l - 1][j, k] for l in (1, 2) for j in range(2) for k in range(2)}
    for name in grads:
        assert mlp_grads[name] == pytest.approx(grads[name], abs=1e-12)
    final = trace(net, [x1, x2], [t1, t2], eta).state(21)
    assert final[("E",)] == pytest.approx(E, abs=1e-12)
    assert final[("delta", 1, 0)] == pytest.approx(d_h1, abs=1e-12)
    assert final[("w_new", 2, 0, 0)] == pytest.approx(w["2_11"] - eta * grads["2_11"], abs=1e-12)
    # one step with the biases fixed (the classic version): the error after it, computed two ways
    E_after_by_hand = forward({n: w[n] - eta * grads[n] for n in w})[-1]
    fixed = MLP.from_params([W - eta * g for W, g in zip(net.weights, dW)], net.biases)
    assert fixed.loss([x1, x2], [t1, t2]) == pytest.approx(E_after_by_hand, abs=1e-12)
    assert E_after_by_hand < E


@pytest.mark.parametrize("net", ["net", None, [2, 2, 2]])
def test_trace_refuses_what_is_not_an_mlp(net):
    with pytest.raises(TypeError, match="net must be a helpers.nn.MLP"):
        trace(net, [0.1, 0.2], [0.5, 0.5])
