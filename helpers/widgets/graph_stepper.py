"""The graph stepper: Next walks a Value graph forward node by node, then backward.

    from helpers.steps.graph import sigmoid_neuron
    from helpers.widgets.graph_stepper import GraphStepper
    GraphStepper(sigmoid_neuron(x=1.5, w=0.8, t=0.2)["E"])

The browser draws it (``stepper.js``) from ``helpers.steps.graph.graph_stepper_data``,
computed once; the static twin is ``helpers.draw.graph.draw_graph_step(root, k)``, which
uses the same layout, texts and equations.
"""
from .._checks import check_instance
from ..autograd import Value
from ..steps.graph import graph_stepper_data, graph_state
from .browser_stepper import BrowserStepper


class GraphStepper(BrowserStepper):
    """Reset / Previous / Next / Play over the forward and backward pass of ``root``'s graph."""

    def __init__(self, root, title="graph stepper", interval=1.0, scale=1.0, hide_new=False):
        check_instance(root, Value, "root", "a helpers.autograd.Value (the output of a graph)")
        self.root = root
        super().__init__(graph_stepper_data(root, title), title, "operation", interval, scale, hide_new)

    def shown(self):
        """{node name: (value or None, grad or None)} shown now (the engine's numbers)."""
        return graph_state(self.root, self.k)
