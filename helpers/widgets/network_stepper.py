"""The network stepper: one training iteration of a small MLP, one step per click.

    stepper = NetworkStepper(net, x, t, lr=0.5)
    stepper                        # in a notebook: the live stepper (drawn by the browser)
    stepper.save_html("steps.html")   # the same stepper as one file that needs no Python

The picture (neurons with their values, edges coloured by the sign of their weight, the
current step ringed in orange), the step's equation in symbols and with the numbers, a
counter "k / N · phase", Reset / Previous / Next / Play, a slider, jumps to each phase, a
switch between one operation and one layer per step, Play speed, "hide new values"
(predict, then reveal), a size control and a table of every value computed so far.
Python computes every step once (``helpers.steps.state.network_data``); the browser
draws them (``stepper.js``).  The static twins are ``helpers.draw.network.render_step``
and ``storyboard``.
"""
from .._checks import check_choice, check_instance
from ..draw.network import check_drawable
from ..nn import MLP
from ..steps.state import network_data
from ..steps.trace import GRANULARITIES, trace
from .browser_stepper import BrowserStepper

GRANULARITY_LABELS = {"operation": "one operation per step", "layer": "one layer per step"}


class NetworkStepper(BrowserStepper):
    """Step through forward pass, loss, backward pass and update of ``net`` on one sample.

    ``interval`` is Play's speed in seconds per step (0.25 to 3), ``scale`` the size of
    everything (0.75 to 2, also the A− / A+ buttons; shown as large as fits the view), ``hide_new`` starts in predict-then-reveal
    mode, ``show_table`` shows the table of values beside the picture (beside the equation when
    the picture needs the width).
    """

    def __init__(self, net, x, t, lr=0.5, granularity="operation", show_table=False, title="",
                 interval=1.0, scale=1.0, hide_new=False):
        check_instance(net, MLP, "net", "a helpers.nn.MLP")
        check_drawable(net.sizes)
        check_choice(granularity, "granularity", GRANULARITIES)
        self.traces = {g: trace(net, x, t, lr, g) for g in GRANULARITIES}
        title = title or f"network {net.sizes}"
        data = network_data(net, x, t, lr, granularity, title)
        super().__init__(data, title, granularity, interval, scale, hide_new, show_table)

    @property
    def trace(self):
        return self.traces[self.widget.granularity]

    def set_granularity(self, granularity):
        """Switch between one operation and one layer per step, keeping the place."""
        check_choice(granularity, "granularity", GRANULARITIES)
        from ..steps.state import switch_position
        if granularity != self.widget.granularity:
            k = switch_position(self.data, self.k, granularity)
            with self.widget.hold_sync():
                self.widget.granularity = granularity
                self.widget.k = k

    def describe(self):
        return f"{self.title}: {self.n_steps} steps, {GRANULARITY_LABELS[self.widget.granularity]}"
