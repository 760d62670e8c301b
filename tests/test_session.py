"""helpers.experiments.session: the dashboard's state machine, progress, confusion matrix."""
import numpy as np
import pytest

from helpers.data import xor_table
from helpers.nn import MLP
from helpers.experiments.session import (ProgressReport, TrainingSession, TrainingSettings, confusion_matrix,
                              decision_grid, parse_hidden)

DIVERGING = dict(dataset="circles", activation="relu", lr=50.0, l2=1.0)   # η·L2 > 2: weights blow up


# ---------------------------------------------------------------- settings
def test_settings_defaults_and_sizes():
    s = TrainingSettings(hidden="3, 5")
    assert s.hidden == (3, 5) and s.sizes == [2, 3, 5, 1]
    assert TrainingSettings(hidden="").sizes == [2, 1]
    assert parse_hidden(4) == (4,)


@pytest.mark.parametrize("changes, word", [
    (dict(dataset="blobs"), "dataset"), (dict(activation="softmax"), "activation"),
    (dict(hidden="4, x"), "hidden"), (dict(hidden=(0,)), "hidden"), (dict(hidden=(4.5,)), "hidden"),
    (dict(lr=0), "lr"), (dict(lr=float("nan")), "lr"), (dict(l2=-1), "l2"),
    (dict(batch_size=0), "batch_size"), (dict(batch_size=2.5), "batch_size"), (dict(seed=-1), "seed")])
def test_settings_reject_bad_values_by_name(changes, word):
    with pytest.raises(ValueError, match=word):
        TrainingSettings(**changes)


def test_hidden_must_be_a_list():
    with pytest.raises(TypeError, match="hidden"):
        TrainingSettings(hidden=object())


# ---------------------------------------------------------------- the state machine
def test_starts_ready_at_epoch_zero_with_one_history_point():
    s = TrainingSession(dataset="moons")
    assert s.state == "ready" and s.epoch == 0
    assert all(len(v) == 1 for v in s.history.values())
    assert s.tick() is False and s.epoch == 0            # the timer does nothing until Play


def test_play_tick_pause():
    s = TrainingSession(dataset="xor")
    assert s.play() == "running"
    assert s.tick() and s.tick() and s.epoch == 2
    assert s.pause() == "paused"
    assert s.tick() is False and s.epoch == 2
    assert len(s.history["loss"]) == 3 and s.history["epoch"] == [0, 1, 2]


def test_step_runs_one_epoch_and_pauses_a_running_session():
    s = TrainingSession(dataset="gaussians")
    assert s.step() and s.epoch == 1 and s.state == "paused"
    s.play()
    assert s.step() and s.epoch == 2 and s.state == "paused"


def test_training_lowers_the_loss():
    s = TrainingSession(dataset="circles").run(40)
    assert s.history["loss"][-1] < 0.5 * s.history["loss"][0]
    assert s.history["test_accuracy"][-1] > 0.9


def test_reset_restores_the_same_initial_weights_and_run_is_reproducible():
    s = TrainingSession(dataset="moons")
    W0 = [W.copy() for W in s.net.weights]
    s.run(5)
    losses = list(s.history["loss"])
    assert not np.allclose(s.net.weights[0], W0[0])
    s.reset()
    assert s.state == "ready" and s.epoch == 0 and len(s.history["loss"]) == 1
    assert all(np.array_equal(a, b) for a, b in zip(s.net.weights, W0))
    assert s.run(5).history["loss"] == losses


def test_configure_resets_and_changes_data_and_network():
    s = TrainingSession(dataset="xor").run(3)
    s.configure(dataset="spiral", hidden=(6,), activation="relu")
    assert s.epoch == 0 and s.state == "ready"
    assert s.net.sizes == [2, 6, 1] and s.net.activation == "relu" and s.data.name == "spiral"
    assert s.X_train.min() >= -1 and s.X_train.max() <= 1     # inputs centred into [-1, 1]


def test_configure_with_bad_values_keeps_the_old_settings():
    s = TrainingSession(dataset="xor").run(2)
    with pytest.raises(ValueError, match="lr"):
        s.configure(lr=-1)
    with pytest.raises(ValueError, match="unknown setting"):
        s.configure(learning_rate=0.1)
    assert s.settings.lr == 1.0 and s.epoch == 2


def test_session_rejects_a_non_settings_object():
    with pytest.raises(TypeError, match="settings"):
        TrainingSession(settings={"lr": 1})


def test_divergence_becomes_a_message_and_keeps_finite_weights():
    s = TrainingSession(**DIVERGING)
    s.play()
    for _ in range(60):
        if not s.tick():
            break
    assert s.state == "diverged"
    assert "diverged" in s.message and "lr=50" in s.message and f"epoch {s.epoch + 1}" in s.message
    assert all(np.all(np.isfinite(W)) for W in s.net.weights)
    assert all(np.all(np.isfinite(v)) for v in s.history.values())
    assert s.message in s.status
    # stuck until reset: play, step and tick do nothing
    assert s.play() == "diverged" and s.step() is False and s.tick() is False
    s.reset()
    assert s.state == "ready" and s.message == ""


def test_run_rejects_bad_epochs():
    with pytest.raises(ValueError, match="epochs"):
        TrainingSession().run(-1)


# ---------------------------------------------------------------- decision grid
def test_decision_grid_matches_forward():
    net = MLP([2, 3, 1], seed=1)
    xs, ys, Y = decision_grid(net, bounds=(-1, 1), resolution=5)
    assert Y.shape == (5, 5)
    assert np.isclose(Y[1, 3], net.forward([xs[3], ys[1]])[0])


def test_decision_grid_bad_input():
    with pytest.raises(ValueError, match="2 inputs"):
        decision_grid(MLP([3, 1]))
    with pytest.raises(ValueError, match="bounds"):
        decision_grid(MLP([2, 1]), bounds=(1, -1))
    with pytest.raises(TypeError, match="net"):
        decision_grid("network")


# ---------------------------------------------------------------- progress
def test_progress_report_follows_fit():
    X, T = xor_table()
    seen = []
    report = ProgressReport(total=6, every=2, on_update=lambda r: seen.append((r.done, r.fraction)))
    history = MLP([2, 3, 1]).fit(X, T, epochs=6, batch_size=4, callback=report)
    assert len(history["loss"]) == 6                      # the callback never stops training
    assert seen == [(2, 2 / 6), (4, 4 / 6), (6, 1.0)]
    assert report.loss == history["loss"][-1]
    assert report.text.startswith("epoch 6 of 6 · loss ") and "accuracy" in report.text


def test_progress_report_before_any_epoch():
    r = ProgressReport(3)
    assert r.done == 0 and r.fraction == 0 and r.text == "epoch 0 of 3"


@pytest.mark.parametrize("kwargs, error", [(dict(total=0), ValueError), (dict(total=2.0), ValueError),
                                           (dict(total=3, every=0), ValueError),
                                           (dict(total=3, on_update="print"), TypeError)])
def test_progress_report_bad_input(kwargs, error):
    with pytest.raises(error):
        ProgressReport(**kwargs)


def test_progress_report_rejects_a_bad_history():
    with pytest.raises(TypeError, match="history"):
        ProgressReport(3)(1, [0.5])


# ---------------------------------------------------------------- confusion matrix
def test_confusion_matrix_counts():
    C = confusion_matrix(np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 2, 1]), n_classes=4)
    assert C.shape == (4, 4) and C.sum() == 5 and np.trace(C) == 4 and C[1, 2] == 1 and C[3].sum() == 0


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="same length"):
        confusion_matrix(np.array([0, 1]), np.array([0]))
    with pytest.raises(TypeError, match="whole-number"):
        confusion_matrix(np.array([0.5]), np.array([0]))
    with pytest.raises(ValueError, match="0..1"):
        confusion_matrix(np.array([0, 3]), np.array([0, 1]), n_classes=2)


@pytest.mark.parametrize("noise", [-1, "0.2", True, float("nan")])
def test_bad_noise_is_rejected_and_the_old_settings_stay(noise):
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        TrainingSettings(noise=noise)
    s = TrainingSession(dataset="xor", n_samples=40)
    before, data = s.settings, s.data
    with pytest.raises(ValueError, match="noise must be a finite number >= 0"):
        s.configure(noise=noise)
    assert s.settings is before and s.data is data and s.settings.noise == 0.1


def test_reset_history_matches_the_network_and_divergence_counts_epochs():
    s = TrainingSession(dataset="xor", n_samples=40)
    h, net = s.history, s.net
    assert h["epoch"] == [0]
    assert h["loss"] == [net.loss(s.X_train, s.T_train)] and h["test_loss"] == [net.loss(s.X_test, s.T_test)]
    assert h["accuracy"] == [net.accuracy(s.X_train, s.T_train)]
    assert h["test_accuracy"] == [net.accuracy(s.X_test, s.T_test)]
    s.run(2)
    assert s.history["epoch"] == [0, 1, 2] and all(len(v) == 3 for v in s.history.values())
