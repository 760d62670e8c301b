"""The graph stepper: Next walks a Value graph forward node by node, then backward.

    from helpers.autograd import sigmoid_neuron
    from helpers.widgets.graph_stepper import GraphStepper
    GraphStepper(sigmoid_neuron(x=1.5, w=0.8, t=0.2)["E"])

Static twin: ``helpers.draw.graph.draw_graph_step(root, k)``.
"""
from .._checks import check_instance
from ..autograd import Value
from ..draw.graph import GraphStepView
from .controls import FigureStepper


class GraphStepper(FigureStepper):
    """Reset / Previous / Next / Play over the forward and backward pass of ``root``'s graph."""

    def __init__(self, root, title="graph stepper", interval_ms=900):
        check_instance(root, Value, "root", "a helpers.autograd.Value (the output of a graph)")
        view = GraphStepView(root)
        super().__init__(view, view.n_steps, title=title, interval_ms=interval_ms, label=self._label)
        self._free_when_dropped()

    def _label(self, k, n):
        phase = self.view.steps[k - 1]["kind"] if k else "start"
        return f"{k} / {n} ({phase})"

    def shown(self):
        """{node name: (value or None, grad or None)} currently on screen."""
        return self.view.state(self.k)
