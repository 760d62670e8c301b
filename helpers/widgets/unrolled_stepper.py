"""The graph stepper for an unrolled recurrent neuron: forward through time, then backward through time.

    from helpers.experiments.recurrent import unrolled_rnn
    from helpers.widgets.unrolled_stepper import UnrolledStepper
    UnrolledStepper(unrolled_rnn([1.0, -0.5, 0.8], w=0.7, u=1.2, t=0.5))

Static twin: ``helpers.draw.unrolled.draw_unrolled_step(nodes, k)``.
"""
from ..draw.graph import GraphStepView, _figsize
from ..draw.style import new_figure
from ..draw.unrolled import unrolled_layout
from .controls import FigureStepper


class UnrolledStepper(FigureStepper):
    """Reset / Previous / Next / Play over the unrolled graph, laid out along time."""

    def __init__(self, nodes, title="backprop through time", interval_ms=900):
        layout = unrolled_layout(nodes)
        view = GraphStepView(nodes["E"], fig=new_figure(_figsize(layout[1])), layout=layout)
        super().__init__(view, view.n_steps, title=title, interval_ms=interval_ms, label=self._label)
        # an unrolled graph is wide: scale the picture to the notebook's width instead of clipping it
        self.image.layout.max_width = "100%"
        self.image.layout.height = "auto"

    def _label(self, k, n):
        phase = self.view.steps[k - 1]["kind"] if k else "start"
        return f"{k} / {n} ({phase})"

    def shown(self):
        """{node name: (value or None, grad or None)} currently on screen."""
        return self.view.state(self.k)
