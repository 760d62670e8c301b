"""The unrolled recurrent neuron drawn with time running left to right.

``graph_layout`` (helpers.draw.graph) places nodes by depth only, which piles all the
inputs into the first columns.  Here each time step gets its own three columns, the
state chain h_0 → h_1 → ... runs along the middle, the inputs x_s sit just under the state that meets them,
and the shared weights w (top) and u (bottom) send one arrow into every step.

* ``unrolled_layout(nodes)``: (order, positions) for ``GraphStepView`` / ``GraphDrawing``.
* ``draw_unrolled_step(nodes, k)``: the static twin of the unrolled stepper at step k.
"""
import matplotlib.pyplot as plt

from ..autograd import graph_state, topological_order
from .graph import COL_GAP, GraphStepView, _figsize


def unrolled_layout(nodes):
    """Positions for the graph of ``helpers.experiments.recurrent.unrolled_rnn`` (with a target)."""
    if "E" not in nodes:
        raise ValueError("nodes must come from unrolled_rnn(..., t=target): the graph needs its error E")
    root = nodes["E"]
    order = topological_order(root)
    T = sum(1 for name in nodes if name.startswith("z"))
    grid = {id(nodes["w"]): (0, -2.0), id(nodes["h0"]): (0, 0.0), id(nodes["u"]): (0, 2.6)}
    for t in range(1, T + 1):
        c = 3 * t - 2
        z = nodes[f"z{t}"]
        wh, ux = z._prev                       # z = w·h + u·x
        grid.update({id(wh): (c, -0.6), id(ux): (c, 1.5), id(nodes[f"x{t}"]): (c - 1, 0.9),
                     id(z): (c + 1, 0.0), id(nodes[f"h{t}"]): (c + 2, 0.0)})
    grid[id(root)] = (3 * T + 1, 0.0)
    for v in root._prev:                       # the target, a constant
        grid.setdefault(id(v), (3 * T, 1.2))
    missing = [v for v in order if id(v) not in grid]
    if missing:
        raise ValueError(f"nodes has {len(missing)} node(s) the unrolled layout does not know")
    return order, {key: (c * COL_GAP, -row) for key, (c, row) in grid.items()}


def draw_unrolled_step(nodes, k):
    """Static twin of the unrolled stepper: step k of the forward and backward pass through time."""
    root = nodes["E"]
    layout = unrolled_layout(nodes)
    graph_state(root, k)                       # checks k before a figure exists
    w, h = _figsize(layout[1])
    fig = plt.figure(figsize=(w, h + 1.2))
    view = GraphStepView(root, fig=fig, layout=layout)
    view.update(k)
    title, sym, numbers = view.equation(k)
    lines = [title] + ([f"${sym}$", f"${numbers}$"] if sym else [])
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 1.2 / (h + 1.2))
    fig.suptitle("\n".join(lines), fontsize=15, y=0.995, va="top")
    return fig
