"""The MLP: contract, four-equation backprop, training, and clear errors for bad input."""
import warnings

import numpy as np
import pytest

from helpers.data import load_digits, xor_table
from helpers.gradcheck import numerical_gradient, rel_error
from helpers.nn import MLP, TrainingDiverged

X5 = np.array([0.5, 0.2, 0.8, 0.3, 0.6])
T3 = np.array([0.9, 0.1, 0.8])


def test_shapes_follow_the_contract():
    net = MLP([5, 8, 6, 3], activation="sigmoid", output_activation="sigmoid", loss="half_sse", seed=0)
    assert [W.shape for W in net.weights] == [(8, 5), (6, 8), (3, 6)]
    assert [b.shape for b in net.biases] == [(8,), (6,), (3,)]
    assert net.forward(X5).shape == (3,)
    assert net.forward(np.tile(X5, (4, 1))).shape == (4, 3)
    loss, dW, db = net.gradients(X5, T3)
    assert [g.shape for g in dW] == [W.shape for W in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    assert np.isscalar(loss) or isinstance(loss, float)


def test_seed_makes_weights_reproducible():
    a, b, c = MLP([3, 4, 2], seed=7), MLP([3, 4, 2], seed=7), MLP([3, 4, 2], seed=8)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_step_is_one_gradient_descent_update():
    net = MLP([5, 8, 6, 3], seed=0)
    before = [W.copy() for W in net.weights]
    loss, dW, _ = net.gradients(X5, T3)
    assert net.step(X5, T3, lr=0.5) == loss
    for W0, W1, g in zip(before, net.weights, dW):
        assert np.allclose(W1, W0 - 0.5 * g, atol=1e-15)
    assert net.loss(X5, T3) < loss


def test_batch_gradient_is_mean_of_sample_gradients():
    rng = np.random.default_rng(3)
    net = MLP([4, 5, 2], seed=1)
    X, T = rng.uniform(size=(6, 4)), rng.uniform(size=(6, 2))
    _, dW, db = net.gradients(X, T)
    singles = [net.gradients(x, t) for x, t in zip(X, T)]
    for l in range(2):
        assert np.allclose(dW[l], np.mean([s[1][l] for s in singles], axis=0), atol=1e-15)
        assert np.allclose(db[l], np.mean([s[2][l] for s in singles], axis=0), atol=1e-15)


def test_input_gradient():
    net = MLP([4, 5, 3], activation="tanh", seed=2)
    x, t = np.array([[0.1, -0.4, 0.3, 0.9]]), np.array([[0.2, 0.7, 0.1]])
    *_, dx = net.backward_pass(net.forward_pass(x), t, input_grad=True)
    numeric = numerical_gradient(lambda: net.loss(x, t), x)
    assert rel_error(dx, numeric) < 1e-7


def test_from_params_round_trip():
    net = MLP([3, 4, 2], activation="tanh", output_activation="linear", seed=3)
    twin = MLP.from_params(net.weights, net.biases, "tanh", "linear")
    x = np.array([0.3, -0.2, 0.5])
    assert np.array_equal(net.forward(x), twin.forward(x))
    twin.weights[0][0, 0] += 1.0                     # from_params copies its arrays
    assert not np.array_equal(net.weights[0], twin.weights[0])


def test_fit_solves_xor():
    X, T = xor_table()
    net = MLP([2, 3, 1], seed=0)
    history = net.fit(X, T, lr=2.0, epochs=3000, batch_size=4, seed=0)
    assert history["loss"][-1] < 0.01
    assert history["accuracy"][-1] == 1.0
    assert len(history["epoch"]) == 3000


def test_digits_64_10_10_reaches_93_percent():
    data = load_digits(test_fraction=0.5, seed=0)
    net = MLP([64, 10, 10], activation="sigmoid", loss="cross_entropy", seed=0)
    history = net.fit(data.X_train, data.T_train, lr=0.5, epochs=50, batch_size=32, seed=0,
                      X_test=data.X_test, T_test=data.T_test)
    assert history["test_accuracy"][-1] >= 0.93
    assert net.accuracy(data.X_test, data.T_test) == history["test_accuracy"][-1]


def test_callback_can_stop_training():
    X, T = xor_table()
    net = MLP([2, 3, 1], seed=0)
    history = net.fit(X, T, lr=1.0, epochs=100, batch_size=4, callback=lambda epoch, h: epoch < 5)
    assert history["epoch"] == [1, 2, 3, 4, 5]


def test_divergence_is_reported_with_the_learning_rate():
    X, T = xor_table()
    net = MLP([2, 3, 1], activation="linear", output_activation="linear", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the clear error, and no NumPy overflow warning first
        with pytest.raises(TrainingDiverged, match=r"lr=1e\+06"):
            net.fit(X * 100, T, lr=1e6, epochs=50, batch_size=4)
        fresh = MLP([2, 3, 1], activation="linear", output_activation="linear", seed=0)
        with pytest.raises(TrainingDiverged, match=r"at this step.*lr=1e\+200"):
            for _ in range(10):
                fresh.step(X * 100, T, lr=1e200)


def test_extreme_inputs_raise_no_warning():
    for act in ["sigmoid", "tanh", "relu", "leaky_relu", "softplus"]:
        net = MLP([3, 4, 2], activation=act, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            loss, dW, db = net.gradients(np.array([1e4, -1e4, 5e3]), np.array([1.0, 0.0]))
        assert np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in dW + db)


# ------------------------------------------------------------------ bad input
NET = MLP([5, 8, 6, 3], seed=0)


@pytest.mark.parametrize("call, match", [
    (lambda: NET.gradients(X5, np.ones(2)), r"\bt must have 3"),                       # x/t mismatch
    (lambda: NET.gradients(np.ones((4, 5)), np.ones((3, 3))), r"x and t must hold the same number"),
    (lambda: NET.forward(np.ones(4)), r"\bx must have 5 inputs"),                         # wrong n inputs
    (lambda: NET.forward(np.array([0.5, np.nan, 0, 0, 0])), r"\bx contains NaN or inf"),
    (lambda: NET.gradients(X5, np.array([0.9, np.inf, 0.1])), r"\bt contains NaN or inf"),
    (lambda: NET.copy().step(X5, T3, lr=-0.1), r"\blr \(the learning rate η\) must be a finite number > 0"),
    (lambda: NET.copy().step(X5, T3, lr=0.0), r"\blr .* > 0"),
    (lambda: NET.copy().step(X5, T3, lr=float("nan")), r"\blr .* finite"),
    (lambda: NET.copy().fit(np.ones((4, 5)), np.ones((4, 3)), lr=np.inf), r"\blr .* finite"),
    (lambda: NET.forward(np.empty((0, 5))), r"\bx is an empty batch"),
    (lambda: NET.copy().fit(np.empty((0, 5)), np.empty((0, 3))), r"\bx is an empty batch"),
    (lambda: MLP([5, 8, 6, 3], activation="sigmod"), r"activation must be one of"),
    (lambda: MLP([5, 3], loss="mse"), r"loss must be one of"),
    (lambda: MLP([5]), r"sizes must list at least two"),
    (lambda: MLP([5, 0, 3]), r"sizes must be whole numbers >= 1"),
    (lambda: MLP.from_params([np.ones((3, 5))], [np.ones(4)]), r"biases\[0\] \(b\^1\) must have shape \(3,\)"),
    (lambda: MLP.from_params([np.ones((3, 5)), np.ones((2, 4))], [np.ones(3), np.ones(2)]), r"weights\[1\] has 4 columns"),
    (lambda: MLP.from_params([np.ones((3, 5))], []), r"weights and biases must be lists of the same"),
    (lambda: MLP([5, 3], output_activation="softmax"), r"output_activation='softmax' goes with loss='cross_entropy'"),
    (lambda: NET.copy().fit(np.ones((4, 5)), np.ones((4, 3)), batch_size=0), r"batch_size must be"),
    (lambda: NET.copy().fit(np.ones((4, 5)), np.ones((4, 3)), l2=-1), r"\bl2 .* >= 0"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match=r"\bx must be numbers"):
        NET.forward(["a", "b", "c", "d", "e"])


# ---------------------------------------------------------------- review fixes
def test_copy_keeps_activation_objects():
    from helpers.activations import Activation, get_activation
    from helpers.steps.trace import trace
    double_tanh = Activation("double_tanh", lambda z: 2 * np.tanh(z), lambda z: 2 - 2 * np.tanh(z) ** 2, "2\\tanh z")
    net = MLP([2, 3, 1], activation=double_tanh, output_activation=get_activation("linear"), seed=2)
    assert net.output_activation == "linear" and net.activation == "double_tanh"
    twin = net.copy()                      # used to fail: the activation was passed by name only
    assert twin.f is net.f and twin.f_out is net.f_out and twin.output_activation == "linear"
    assert all(np.array_equal(a, b) and a is not b for a, b in zip(twin.weights, net.weights))
    np.testing.assert_array_equal(twin.forward([0.3, -0.2]), net.forward([0.3, -0.2]))
    assert len(trace(net, [0.3, -0.2], [0.5])) > 0
    soft = MLP([2, 3], loss="cross_entropy").copy()
    assert soft.output_activation == "softmax" and soft.f_out is None


def test_cross_entropy_needs_two_output_neurons():
    with pytest.raises(ValueError, match="cross_entropy.*needs >= 2 output neurons"):
        MLP([2, 3, 1], loss="cross_entropy")
    with pytest.raises(ValueError, match="needs >= 2 output neurons"):
        MLP.from_params([[[1.0, 2.0]]], [[0.0]], output_activation="softmax", loss="cross_entropy")


def test_fit_test_set_needs_both_halves():
    X, T = xor_table()
    net = MLP([2, 2, 1])
    with pytest.raises(ValueError, match="X_test and T_test must be given together"):
        net.fit(X, T, epochs=1, X_test=X)
    with pytest.raises(ValueError, match="X_test and T_test must be given together"):
        net.fit(X, T, epochs=1, T_test=T)


def test_record_every_keeps_the_last_epoch_and_the_same_weights():
    X, T = xor_table()
    every, sparse = MLP([2, 3, 1], seed=0), MLP([2, 3, 1], seed=0)
    h1 = every.fit(X, T, lr=2.0, epochs=7, batch_size=2)
    h3 = sparse.fit(X, T, lr=2.0, epochs=7, batch_size=2, record_every=3)
    assert h1["epoch"] == list(range(1, 8)) and h3["epoch"] == [3, 6, 7]
    assert h3["loss"] == [h1["loss"][k - 1] for k in (3, 6, 7)]
    assert all(np.array_equal(a, b) for a, b in zip(every.weights + every.biases, sparse.weights + sparse.biases))


def test_record_every_defaults_to_every_epoch():
    X, T = xor_table()
    history = MLP([2, 3, 1], seed=0).fit(X, T, lr=2.0, epochs=5, batch_size=2)
    assert history["epoch"] == [1, 2, 3, 4, 5]
    assert all(len(values) == 5 for values in history.values()), {k: len(v) for k, v in history.items()}


def test_the_record_equals_loss_and_accuracy_on_the_whole_set():
    # a 700-wide hidden layer: the record evaluates the 100 samples in several blocks of rows
    rng = np.random.default_rng(0)
    X, labels = rng.uniform(size=(100, 3)), rng.integers(0, 2, size=100)
    T, X_test, T_test = np.eye(2)[labels], X[:30] * 0.5, np.eye(2)[labels[:30]]
    net = MLP([3, 700, 2], activation="tanh", loss="cross_entropy", seed=1)
    seen = []
    history = net.fit(X, T, lr=0.1, epochs=3, batch_size=16, X_test=X_test, T_test=T_test,
                      callback=lambda epoch, h: seen.append((net.loss(X, T), net.accuracy(X, T),
                                                             net.loss(X_test, T_test), net.accuracy(X_test, T_test))))
    recorded = list(zip(history["loss"], history["accuracy"], history["test_loss"], history["test_accuracy"]))
    for (loss, accuracy, test_loss, test_accuracy), expected in zip(recorded, seen):
        assert (loss, test_loss) == pytest.approx((expected[0], expected[2]), rel=1e-12)
        assert (accuracy, test_accuracy) == (expected[1], expected[3])
    assert len(recorded) == len(seen) == 3


def test_a_bias_that_overflows_in_fit_is_divergence_even_with_finite_weights():
    # x = 0: dE/dW = δ x = 0 keeps the weight finite, while b − η δ overflows to +inf in epoch 1;
    # no record in epoch 1 (record_every=5), so only the check on the parameters can catch it
    net = MLP.from_params([[[0.5]]], [[0.0]], "linear", "linear")
    with pytest.raises(TrainingDiverged, match=r"at epoch 1:.*restored"):
        net.fit([[0.0]], [[1e10]], lr=1e300, epochs=3, batch_size=1, record_every=5)
    assert net.weights[0][0, 0] == 0.5 and net.biases[0][0] == 0.0


def test_divergence_restores_the_last_finite_parameters():
    X, T = xor_table()
    net = MLP([2, 3, 1], activation="linear", output_activation="linear", seed=0)
    net.fit(X, T, lr=0.01, epochs=2, batch_size=4)
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(TrainingDiverged, match=r"at epoch 1:.*restored"):
        net.fit(X * 1e100, T, lr=1e200, epochs=3, batch_size=4)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))
    assert np.all(np.isfinite(net.forward(X)))


def test_a_bias_that_overflows_is_divergence():
    net = MLP.from_params([[[0.0]]], [[1e308]], "linear", "linear")
    with pytest.raises(TrainingDiverged, match="restored"):
        net.step([[0.0]], [[-1e308]], lr=1e10)
    assert net.biases[0][0] == 1e308


def test_no_warning_and_no_inf_from_huge_outputs():
    net = MLP.from_params([[[1e200]]], [[0.0]], "linear", "linear")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert net.forward([1.0])[0] == 1e200
        with pytest.raises(ValueError, match="too large for a float64"):
            net.loss([1.0], [0.0])
        with pytest.raises(ValueError, match="overflowed"):
            net.forward([1e200])


def test_cross_entropy_targets_must_be_probability_rows():
    net = MLP([2, 3], loss="cross_entropy")
    with pytest.raises(ValueError, match=r"t must hold probability rows.*row 0 is \[2.0, 0.0, 0.0\]"):
        net.gradients([0.1, 0.2], [2.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"T_test must hold probability rows"):
        net.fit([[0.1, 0.2]], [[1.0, 0, 0]], epochs=1, X_test=[[0.1, 0.2]], T_test=[[0.5, 0.6, 0.0]])
    loss, dW, db = net.gradients([0.1, 0.2], [0.2, 0.3, 0.5])      # soft targets are fine
    assert np.isfinite(loss)


def test_fit_checks_the_callback_before_training():
    X, T = xor_table()
    net = MLP([2, 2, 1])
    before = [W.copy() for W in net.weights]
    with pytest.raises(TypeError, match="callback must be a function"):
        net.fit(X, T, epochs=3, callback="print")
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "linear"])
@pytest.mark.parametrize("loss", ["half_sse", "cross_entropy"])
def test_no_warning_and_no_inf_escapes_at_any_finite_input(activation, loss):
    """Huge but finite weights and inputs: every call returns finite numbers or raises a clear ValueError."""
    rng = np.random.default_rng(7)
    out = "linear" if loss == "half_sse" else "softmax"
    for scale in (1.0, 1e100, 1e200, 1e300):
        net = MLP.from_params([rng.normal(size=(4, 3)) * scale, rng.normal(size=(2, 4)) * scale],
                              [rng.normal(size=4) * scale, rng.normal(size=2) * scale], activation, out, loss)
        x, t = rng.normal(size=(5, 3)) * scale, np.eye(2)[rng.integers(0, 2, 5)]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for call in (lambda: net.forward(x), lambda: net.loss(x, t), lambda: net.gradients(x, t)):
                try:
                    result = call()
                except ValueError as err:
                    assert "overflow" in str(err) or "too large" in str(err), err
                    continue
                parts = result if isinstance(result, tuple) else (result,)
                assert all(np.all(np.isfinite(v)) for p in parts for v in (p if isinstance(p, list) else [p]))
