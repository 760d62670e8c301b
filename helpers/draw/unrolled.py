"""The unrolled recurrent neuron drawn with time running left to right (matplotlib).

* ``draw_unrolled_step(nodes, k)``: the static twin of the unrolled stepper
  (``helpers.widgets.unrolled_stepper``) at step k, on the same layout
  (``helpers.steps.unrolled.unrolled_layout``, re-exported here) and with the same texts.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from ..steps.graph import COL_GAP, graph_state
from ..steps.unrolled import ERROR_HEADING, unrolled_layout
from .graph import BOX_H, BOX_W, INCHES_PER_UNIT, GraphStepView
from .style import COLORS

__all__ = ["draw_unrolled_step", "unrolled_layout"]


def _name_error_node(ax):
    """Title the error node plainly "E" (as the browser stepper): its operation ½(t−y)² names
    the output y, here the last state."""
    for text in ax.texts:
        if text.get_text().startswith("E  ["):
            text.set_text(ERROR_HEADING)


def draw_unrolled_step(nodes, k):
    """Static twin of the unrolled stepper: step k of the forward and backward pass through time.

    The whole graph in one row is too wide to read (three columns per time step), so the figure
    shows one panel per time step, stacked, at the drawing's own scale: each panel is a window on
    the same graph, from the state that enters the step to the state it makes, the rest whited out (the last panel
    also shows E and the target t).  The shared weights w and u sit outside the windows; their
    arrows come in from the side, one into every time step, as in the stepper's view that follows the step.
    """
    layout = unrolled_layout(nodes)             # checks nodes
    root = nodes["E"]
    graph_state(root, k)                       # checks k before a figure exists
    n_steps = sum(1 for name in nodes if name.startswith("z"))
    per_inch = INCHES_PER_UNIT                 # helpers.draw.graph's scale: its text at its set size
    width = 4 * COL_GAP + BOX_W + 0.1          # a step's columns (state in, products, z, state out) and E
    rows = [p[1] for key, p in layout[1].items()
            if key not in (id(nodes["w"]), id(nodes["u"]))]
    bottom, top = min(rows) - BOX_H / 2 - 0.05, max(rows) + BOX_H / 2 + 0.05
    panel = (top - bottom) * per_inch
    head = 1.25
    fig = plt.figure(figsize=(width * per_inch, head + n_steps * panel))
    subfigs = fig.subfigures(n_steps + 1, 1, height_ratios=[head] + [panel] * n_steps)
    view = None
    for s, sub in enumerate(subfigs[1:], start=1):
        view = GraphStepView(root, fig=sub, layout=layout, fontscale=1.0)
        _name_error_node(view.ax)
        view.update(k)
        left = (3 * s - 3) * COL_GAP - BOX_W / 2 - 0.05
        view.ax.set_xlim(left, left + width)
        view.ax.set_ylim(bottom, top)
        view.ax.set_position([0, 0, 1, 1])     # the window fills its panel: no margins
        for text in view.ax.texts:             # text of nodes outside the window stays hidden
            text.set_clip_on(True)
        # the panel's name sits in the free corner above the state that enters the step
        view.ax.text(left + 0.03, top - 0.03, f"time step {s}", ha="left", va="top", fontsize=13,
                     color=COLORS["grey"], zorder=6, bbox=dict(boxstyle="square,pad=0.1", facecolor="white",
                                                                edgecolor="none", alpha=0.85))
        if s < n_steps:                        # the window ends with the state the step makes: what lies to its
            end = left + 3 * COL_GAP + BOX_W + 0.1           # right is the next step, which the next panel shows
            view.ax.add_patch(Rectangle((end, bottom - 1), left + width - end + 1, top - bottom + 2,
                                        facecolor="white", edgecolor="none", zorder=5))
        if s > 1:                              # a thin rule between two panels
            view.ax.plot([0, 1], [1, 1], color=COLORS["light"], lw=1.5, transform=view.ax.transAxes, clip_on=False)
    title, sym, numbers = view.equation(k)
    lines = [title] + ([f"${sym}$", f"${numbers}$"] if sym else [])
    fig.suptitle("\n".join(lines), fontsize=15, y=1.0, va="top")
    return fig
