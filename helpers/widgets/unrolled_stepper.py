"""The graph stepper for an unrolled recurrent neuron: forward through time, then backward through time.

    from helpers.experiments.recurrent import unrolled_rnn
    from helpers.widgets.unrolled_stepper import UnrolledStepper
    UnrolledStepper(unrolled_rnn([1.0, -0.5, 0.8], w=0.7, u=1.2, t=0.5))

The browser draws it (``stepper.js``, as the graph steppers of notebooks 01 and 02) from
``helpers.steps.unrolled.unrolled_stepper_data``.  The whole graph is too wide to read on a
projector (three columns per time step), so the picture shows a window at a readable size that
follows the step; a step that reaches beyond the window names the nodes outside it beside the
"whole graph" box, which shows everything at once, smaller.
Static twin: ``helpers.draw.unrolled.draw_unrolled_step(nodes, k)``, on the same layout.
"""
from ..steps.graph import backprop_steps, graph_state
from ..steps.unrolled import unrolled_layout, unrolled_stepper_data
from .browser_stepper import BrowserStepper


class UnrolledStepper(BrowserStepper):
    """Reset / Previous / Next / Play over the unrolled graph, laid out along time.

    ``nodes`` is the dict ``unrolled_rnn(..., t=target)`` returns.  ``steps`` lists the steps
    (as ``helpers.steps.graph.backprop_steps``): each a dict with its ``kind`` and ``node``."""

    def __init__(self, nodes, title="backprop through time", interval=1.0, scale=1.0, hide_new=False):
        unrolled_layout(nodes)                       # checks nodes before anything is built
        self.nodes, self.root = nodes, nodes["E"]
        self.steps = backprop_steps(self.root)
        super().__init__(unrolled_stepper_data(nodes, title), title, "operation", interval, scale, hide_new)

    def shown(self):
        """{node name: (value or None, grad or None)} shown now (the engine's numbers)."""
        return graph_state(self.root, self.k, self.steps)
