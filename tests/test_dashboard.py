"""helpers.widgets: the training dashboard and the progress bar, driven as a browser would."""
import numpy as np

from helpers.data import xor_table
from helpers.nn import MLP
from helpers.experiments.session import TrainingSession
from helpers.widgets.dashboard import TrainingDashboard
from helpers.widgets.progress import ProgressBar

PNG = b"\x89PNG"


def test_dashboard_shows_a_png_and_a_short_text_form():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="moons")
    assert bytes(d.image.value).startswith(PNG)
    assert d._repr_mimebundle_()["text/plain"] == "TrainingDashboard(moons, sizes 2-4-4-1, tanh, η=1)"
    assert "epoch 0" in d.status.value


def test_play_ticks_train_and_pause_stops():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor", epochs_per_frame=1)
    d.play.value = 1                                      # a tick while not playing does nothing
    assert d.session.epoch == 0
    d.play.playing = True
    assert d.session.state == "running"
    before = d.image.value
    d.play.value = 2
    d.play.value = 3
    assert d.session.epoch == 2 and "epoch 2" in d.status.value and d.image.value != before
    d.play.playing = False
    d.play.value = 4
    assert d.session.state == "paused" and d.session.epoch == 2


def test_ticks_queued_during_a_frame_are_skipped():
    d = TrainingDashboard(dpi=20, min_tick_gap=60, dataset="xor", epochs_per_frame=1)
    d.play.playing = True
    d.play.value = 1          # the first tick trains
    d.play.value = 2          # arrives "while" the previous frame was drawing: dropped
    assert d.session.epoch == 1


def test_epochs_per_frame():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor")
    d.speed.value = 5
    d.play.playing = True
    d.play.value = 1
    assert d.session.epoch == 5


def test_step_and_reset_buttons():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="gaussians")
    d.play.playing = True
    d.step_button.click()
    assert d.session.epoch == 1 and d.play.playing is False and d.session.state == "paused"
    d.reset_button.click()
    assert d.session.epoch == 0 and d.session.state == "ready" and "epoch 0" in d.status.value


def test_changing_a_setting_resets_with_the_new_network():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor")
    d.step()
    d.hidden.value = "6, 3"
    d.activation.value = "relu"
    d.batch_size.value = 1
    d.l2.value = 0.01
    s = d.session.settings
    assert d.session.epoch == 0 and d.session.net.sizes == [2, 6, 3, 1]
    assert (s.activation, s.batch_size, s.l2) == ("relu", 1, 0.01)
    assert "sizes 2-6-3-1" in d.view.title.get_text()


def test_bad_hidden_sizes_show_a_message_and_keep_the_old_network():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor")
    d.hidden.value = "4, banana"
    assert "Not applied" in d.status.value and "hidden" in d.status.value
    assert d.session.net.sizes == [2, 4, 4, 1]


def test_divergence_stops_play_and_shows_the_message():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="circles", activation="relu", lr=100.0, l2=1.0)
    d.speed.value = 5
    d.play.playing = True
    for tick in range(1, 80):
        d.play.value = tick
        if not d.play.playing:
            break
    assert d.session.state == "diverged" and d.play.playing is False
    assert "diverged" in d.status.value and "D55E00" in d.status.value
    assert np.isfinite(d.session.history["loss"][-1])


def test_dashboard_accepts_a_session_and_rejects_other_things():
    s = TrainingSession(dataset="spiral").run(2)
    assert TrainingDashboard(session=s, dpi=20, min_tick_gap=0).session.epoch == 2
    try:
        TrainingDashboard(session="spiral")
    except TypeError as exc:
        assert "session" in str(exc)
    else:
        raise AssertionError("a string session must be refused")


def test_progress_bar_as_fit_callback():
    X, T = xor_table()
    bar = ProgressBar(total=4, description="xor")
    assert bar._repr_mimebundle_()["text/plain"] == "ProgressBar(xor: 4 epochs)"
    history = MLP([2, 2, 1]).fit(X, T, epochs=4, batch_size=4, callback=bar)
    assert bar.bar.value == 4 == bar.done and bar.bar.max == 4
    assert f"{history['loss'][-1]:.4f}" in bar.label.value


def test_stopping_play_draws_the_picture_once(monkeypatch):
    import helpers.widgets.dashboard as dashboard
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor")
    d.play.playing = True
    renders = []
    real = dashboard.figure_png
    monkeypatch.setattr(dashboard, "figure_png", lambda *a: renders.append(1) or real(*a))
    d.step()                                              # stops Play, trains one epoch, draws
    assert len(renders) == 1 and "epoch 1" in d.status.value
    d.play.playing = True                                 # Play and Pause change no picture
    d.play.playing = False
    assert len(renders) == 1 and d.session.state == "paused"
    d.play.playing = True
    d.reset()
    assert len(renders) == 2 and "epoch 0" in d.status.value


def test_play_starts_with_twenty_epochs_per_frame_and_the_l2_control_is_alpha():
    d = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor", n_samples=40)
    assert d.speed.value == 20 and [v for _, v in d.speed.options] == [1, 5, 10, 20, 50]
    assert d.l2.description.startswith("α")           # the notebooks' symbol for the L2 strength
    d.play.playing = True
    d.play.value = 1
    assert d.session.epoch == 20
    other = TrainingDashboard(dpi=20, min_tick_gap=0, dataset="xor", n_samples=40, epochs_per_frame=7)
    assert other.speed.value == 7 and 7 in [v for _, v in other.speed.options]
