"""The live training dashboard: TensorFlow Playground's idea inside Jupyter.

Choose a data set, hidden layer sizes, activation f, learning rate η, batch size B and
L2 strength α; press Play and watch the decision boundary, the loss curves and the weights
change epoch by epoch.  Step runs one epoch; Reset starts again from the same weights.

Staying responsive: the Play control is ipywidgets' own ``Play``, a timer that runs in the
browser.  Each of its ticks asks the kernel for one short frame (a few epochs and one
redraw, well under a second), so the kernel is free between ticks and Pause is answered
at once.  The logic is ``helpers.experiments.session.TrainingSession``; the figure is
``helpers.draw.training.TrainingView`` (whose static twin is ``dashboard_snapshot``).
"""
import time

import ipywidgets as widgets

from ..data import TOY_SETS
from ..draw.style import figure_png, new_figure
from ..draw.training import DPI, FIGSIZE, TrainingView
from ..experiments.session import DASHBOARD_ACTIVATIONS, TrainingSession
from .._checks import check_instance, check_int
from .controls import Panel, weak_callback

BATCH_SIZES = (("1 (SGD)", 1), ("5", 5), ("10", 10), ("20", 20), ("50", 50), ("all (full batch)", 10_000))
L2_VALUES = (0.0, 0.0001, 0.001, 0.01, 0.1, 1.0)
EPOCHS_PER_FRAME = (1, 5, 10, 20, 50)
# Twenty epochs a frame: drawing a frame costs far more than an epoch (about 0.2 s against
# 2 ms on a quiet 2-core machine, 0.5-1 s when it is loaded), so on the spiral (2-8-8-1, ReLU,
# η = 1) the loss visibly falls within a few seconds of Play (benchmarks/bench_dashboard.py),
# and a frame still ends soon enough for Pause to be answered at once.
DEFAULT_EPOCHS_PER_FRAME = 20


class TrainingDashboard(Panel):
    """Settings, Play / Pause / Step / Reset, the live figure and a status line."""

    title = "training dashboard"

    def __init__(self, session=None, interval_ms=300, dpi=DPI, min_tick_gap=0.03,
                 epochs_per_frame=DEFAULT_EPOCHS_PER_FRAME, **settings):
        self.session = session if session is not None else TrainingSession(**settings)
        check_instance(self.session, TrainingSession, "session")
        epochs_per_frame = check_int(epochs_per_frame, "epochs_per_frame", 1, 1000)
        self.dpi = dpi
        # Ticks that arrive within min_tick_gap seconds of the end of the previous frame queued up
        # while it was drawing: skipping them keeps Pause prompt on a slow machine.
        self.min_tick_gap = min_tick_gap
        self._frame_end = float("-inf")
        s = self.session.settings
        style, short = {"description_width": "initial"}, widgets.Layout(width="190px")
        self.dataset = widgets.Dropdown(options=list(TOY_SETS), value=s.dataset, description="data",
                                        style=style, layout=short)
        self.hidden = widgets.Text(value=", ".join(map(str, s.hidden)), description="hidden sizes",
                                   continuous_update=False, style=style, layout=short)
        self.activation = widgets.Dropdown(options=list(DASHBOARD_ACTIVATIONS), value=s.activation,
                                           description="activation f", style=style, layout=short)
        self.lr = widgets.FloatLogSlider(value=s.lr, base=10, min=-3, max=2, step=0.25,
                                         description="η", readout_format=".3g", continuous_update=False,
                                         style=style, layout=widgets.Layout(width="260px"))
        batch_options = list(BATCH_SIZES)
        if s.batch_size not in [v for _, v in batch_options]:
            batch_options.append((str(s.batch_size), s.batch_size))
        self.batch_size = widgets.Dropdown(options=batch_options, value=s.batch_size, description="batch B",
                                           style=style, layout=short)
        l2_options = sorted(set(L2_VALUES) | {s.l2})
        self.l2 = widgets.Dropdown(options=[(f"{v:g}", v) for v in l2_options], value=s.l2,
                                   description="α (L2)", style=style, layout=short)
        frames = sorted(set(EPOCHS_PER_FRAME) | {epochs_per_frame})
        self.speed = widgets.Dropdown(options=[(f"{n} epoch{'s' * (n > 1)} per frame", n) for n in frames],
                                      value=epochs_per_frame, layout=widgets.Layout(width="180px"))
        self.play = widgets.Play(value=0, min=0, max=10**6, step=1, interval=interval_ms,
                                 show_repeat=False, description="Play")
        self.step_button = widgets.Button(description="Step", icon="step-forward",
                                          tooltip="train one epoch", layout=widgets.Layout(width="auto"))
        self.reset_button = widgets.Button(description="Reset", icon="undo", layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png")

        self.view = TrainingView(self.session, fig=new_figure(figsize=FIGSIZE))
        self.play.observe(weak_callback(self._playing_changed), names="playing")
        self.play.observe(weak_callback(self._ticked), names="value")
        self.step_button.on_click(weak_callback(self._step_clicked))
        self.reset_button.on_click(weak_callback(self._reset_clicked))
        for control in (self.dataset, self.hidden, self.activation, self.lr, self.batch_size, self.l2):
            control.observe(weak_callback(self._settings_changed), names="value")

        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.widget = widgets.VBox([
            widgets.HBox([self.dataset, self.hidden, self.activation, self.lr, self.batch_size, self.l2], layout=row),
            widgets.HBox([self.play, self.step_button, self.reset_button, self.speed, self.status], layout=row),
            self.image])
        for part, css in ((self.widget, "bp-dashboard"), (self.image, "bp-image"), (self.status, "bp-counter")):
            part.add_class(css)
        self._redraw()
        self._free_when_dropped()

    # ---- transitions (buttons and timer call these; tests may too)
    def _step_clicked(self, button):
        self.step()

    def _reset_clicked(self, button):
        self.reset()

    def step(self):
        self.play.playing = False
        self.session.step()
        self._redraw()

    def reset(self):
        self.play.playing = False
        self.session.reset()
        self._redraw()

    def _playing_changed(self, change):
        """Play or Pause: the session's state changes, the picture does not (the next tick,
        or whoever stopped Play, draws it)."""
        if change["new"]:
            self.session.play()
        else:
            self.session.pause()
        self._show_status()

    def _ticked(self, change):
        """One tick of the Play timer: a few epochs, one redraw, then the kernel is free again."""
        if not self.play.playing or time.monotonic() - self._frame_end < self.min_tick_gap:
            return
        self.session.play()
        for _ in range(self.speed.value):
            if not self.session.tick():
                break
        if self.session.state == "diverged":
            self.play.playing = False
        self._redraw()
        self._frame_end = time.monotonic()

    def _settings_changed(self, change):
        self.play.playing = False
        try:
            self.session.configure(dataset=self.dataset.value, hidden=self.hidden.value,
                                   activation=self.activation.value, lr=self.lr.value,
                                   batch_size=self.batch_size.value, l2=self.l2.value)
        except (TypeError, ValueError) as exc:
            self._redraw(error=str(exc))
            return
        self._redraw()

    # ---- drawing
    def _redraw(self, error=""):
        self.view.update(self.session)
        self._show_status(error)
        self.image.value = figure_png(self.view.fig, self.dpi)

    def _show_status(self, error=""):
        status = self.session.status
        if error:
            self.status.value = f"<b style='color:#D55E00'>Not applied: {error}</b>"
        elif self.session.state == "diverged":
            self.status.value = f"<b style='color:#D55E00'>{status}</b>"
        else:
            self.status.value = f"<b>{status}</b>"

    def describe(self):
        s = self.session.settings
        return f"{s.dataset}, sizes {'-'.join(map(str, s.sizes))}, {s.activation}, η={s.lr:g}"
