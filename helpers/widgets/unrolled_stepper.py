"""The graph stepper for an unrolled recurrent neuron: forward through time, then backward through time.

    from helpers.experiments.recurrent import unrolled_rnn
    from helpers.widgets.unrolled_stepper import UnrolledStepper
    UnrolledStepper(unrolled_rnn([1.0, -0.5, 0.8], w=0.7, u=1.2, t=0.5))

Static twin: ``helpers.draw.unrolled.draw_unrolled_step(nodes, k)``.
"""
import ipywidgets as widgets

from ..draw.unrolled import UnrolledStepView
from .controls import FigureStepper


class UnrolledStepper(FigureStepper):
    """Reset / Previous / Next / Play over the unrolled graph, laid out along time.

    The picture follows the current step (a window at the drawing's own scale, readable on a
    projector); the "whole graph" box shows everything at once, smaller.
    """

    def __init__(self, nodes, title="backprop through time", interval_ms=900):
        view = UnrolledStepView(nodes)
        self.whole = widgets.Checkbox(value=False, description="whole graph", indent=False,
                                      layout=widgets.Layout(width="auto"))
        super().__init__(view, view.n_steps, title=title, interval_ms=interval_ms, label=self._label,
                         extras=(self.whole,))
        # at 80% of the drawing's size the whole stepper fits a 1280x720 screen and its text stays
        # readable; never wider than the notebook (scaled down rather than clipped)
        width = int(0.8 * view.fig.get_figwidth() * view.fig.dpi)
        self.image.layout = widgets.Layout(width=f"{width}px", max_width="100%", height="auto")
        self.whole.observe(self._whole_changed, names="value")

    def _whole_changed(self, change):
        self.view.follow = not change["new"]
        self._show(self.k)

    def _label(self, k, n):
        phase = self.view.steps[k - 1]["kind"] if k else "start"
        return f"{k} / {n} ({phase})"

    def shown(self):
        """{node name: (value or None, grad or None)} currently on screen."""
        return self.view.state(self.k)
