"""The unrolled recurrent neuron drawn with time running left to right.

``graph_layout`` (helpers.steps.graph) places nodes by depth only, which piles all the
inputs into the first columns.  Here each time step gets its own three columns, the
state chain r_0 → r_1 → ... runs along the middle, the inputs x_s sit just under the state that meets them,
and the shared weights w (top) and u (bottom) send one arrow into every step.

* ``unrolled_layout(nodes)``: (order, positions) for ``GraphStepView`` / ``GraphDrawing``.
* ``draw_unrolled_step(nodes, k)``: the static twin of the unrolled stepper at step k.
"""
import matplotlib.pyplot as plt

from ..autograd import topological_order

from ..steps.graph import COL_GAP, graph_state
from .graph import BOX_H, BOX_W, INCHES_PER_UNIT, GraphStepView
from .style import COLORS, new_figure


def unrolled_layout(nodes):
    """Positions for the graph of ``helpers.experiments.recurrent.unrolled_rnn`` (with a target)."""
    if "E" not in nodes:
        raise ValueError("nodes must come from unrolled_rnn(..., t=target): the graph needs its error E")
    root = nodes["E"]
    order = topological_order(root)
    T = sum(1 for name in nodes if name.startswith("z"))
    # rows (down is positive): w·r just above the state chain, x and u·x just below it, as
    # close as the boxes allow; w and u far enough out that their long arrows pass above the
    # states and below the inputs x on their way to every time step
    grid = {id(nodes["w"]): (0, -1.6), id(nodes["r0"]): (0, 0.0), id(nodes["u"]): (0, 2.4)}
    for t in range(1, T + 1):
        c = 3 * t - 2
        z = nodes[f"z{t}"]
        wh, ux = z.inputs                      # z = w·h + u·x
        grid.update({id(wh): (c, -0.45), id(ux): (c, 1.25), id(nodes[f"x{t}"]): (c - 1, 0.85),
                     id(z): (c + 1, 0.0), id(nodes[f"r{t}"]): (c + 2, 0.0)})
    grid[id(root)] = (3 * T + 1, 0.0)
    for v in root.inputs:                     # the target, a constant
        grid.setdefault(id(v), (3 * T, 0.85))
    missing = [v for v in order if id(v) not in grid]
    if missing:
        raise ValueError(f"nodes has {len(missing)} node(s) the unrolled layout does not know")
    return order, {key: (c * COL_GAP, -row) for key, (c, row) in grid.items()}


def _name_error_node(ax):
    """Title the error node plainly "E": its operation ½(t−y)² names the output y, here the last state."""
    for text in ax.texts:
        if text.get_text().startswith("E  ["):
            text.set_text("E")


def draw_unrolled_step(nodes, k):
    """Static twin of the unrolled stepper: step k of the forward and backward pass through time.

    The whole graph in one row is too wide to read (three columns per time step), so the figure
    shows one panel per time step, stacked, at the drawing's own scale: each panel is a window on
    the same graph, from the state that enters the step to the state it makes (the last panel
    also shows E and the target t).  The shared weights w and u sit outside the windows; their
    arrows come in from the side, one into every time step, as in the stepper's close-up view.
    """
    root = nodes["E"]
    layout = unrolled_layout(nodes)
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
        if s > 1:                              # a thin rule between two panels
            view.ax.plot([0, 1], [1, 1], color=COLORS["light"], lw=1.5, transform=view.ax.transAxes, clip_on=False)
    title, sym, numbers = view.equation(k)
    lines = [title] + ([f"${sym}$", f"${numbers}$"] if sym else [])
    fig.suptitle("\n".join(lines), fontsize=15, y=1.0, va="top")
    return fig


class UnrolledStepView(GraphStepView):
    """The unrolled graph for a widget on a projector: the camera follows the step.

    The whole graph is wide (three columns per time step): shrunk to a screen's width, its
    text is too small to read from the back of a room.  This view keeps the drawing's own
    scale and shows a window of ``size`` inches around the current node and the nodes it
    talks to at this step (its inputs going forward, its users going backward; the shared
    weights w and u are left out, their arrows come in from the side).  Step 0 and a step
    whose nodes do not fit in the window (the backward steps of w and u, which collect one
    term per time step) show the whole graph, smaller.  ``follow = False`` always shows it all.
    """

    INCHES_PER_UNIT = 2.6 / COL_GAP          # roomier than the static figures' scale (graph.INCHES_PER_UNIT)

    def __init__(self, nodes, size=(11.5, 5.1), fig=None):
        layout = unrolled_layout(nodes)
        xs = [p[0] for p in layout[1].values()]
        ys = [p[1] for p in layout[1].values()]
        self.follow = True
        self.shared = {id(nodes["w"]), id(nodes["u"])}
        self.full = (min(xs) - 0.55, max(xs) + 0.55, min(ys) - 0.45, max(ys) + 0.45)
        self.window = (size[0] / self.INCHES_PER_UNIT, size[1] / self.INCHES_PER_UNIT)
        super().__init__(nodes["E"], fig=new_figure(size) if fig is None else fig, layout=layout, fontscale=1.0)
        _name_error_node(self.ax)
        self.font = {}
        for text in self.ax.texts:              # text of nodes outside the window stays hidden
            text.set_clip_on(True)
            self.font[text] = text.get_fontsize()
        self.update(0)

    def visible_range(self, k):
        """(left, right, bottom, top) of the axes at step k."""
        if not self.follow or k == 0:
            return self.full
        step = self.steps[k - 1]
        talking = list(step["node"].inputs) if step["kind"] == "forward" else [u for u, _, _ in step["terms"]]
        nodes = [step["node"], *(v for v in talking if id(v) not in self.shared)]
        pos = [self.drawing.pos[id(v)] for v in nodes]
        limits = []
        for axis, (lo_full, hi_full), width, pad in ((0, self.full[:2], self.window[0], 0.5),
                                                      (1, self.full[2:], self.window[1], 0.36)):
            lo, hi = min(p[axis] for p in pos) - pad, max(p[axis] for p in pos) + pad
            if hi - lo > width:
                return self.full
            if hi_full - lo_full <= width:
                centre = (lo_full + hi_full) / 2
            else:
                centre = min(max((lo + hi) / 2, lo_full + width / 2), hi_full - width / 2)
            limits += [centre - width / 2, centre + width / 2]
        return tuple(limits)

    def update(self, k):
        html = super().update(k)
        if hasattr(self, "font"):               # (GraphStepView.__init__ calls update(0) first)
            left, right, bottom, top = self.visible_range(k)
            self.ax.set_xlim(left, right)
            self.ax.set_ylim(bottom, top)
            # a wider view draws the boxes smaller: shrink the text with them
            scale = min(1.0, self.window[0] / (right - left), self.window[1] / (top - bottom))
            for text, size in self.font.items():
                text.set_fontsize(size * scale)
        return html
