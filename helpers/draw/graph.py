"""Drawing a ``Value`` graph left to right, and stepping through its two passes.

* ``draw_graph(root)``: every node as a box with its name, value and gradient (as the
  engine has them now), arrows from inputs to outputs.  Pure matplotlib: no graphviz.
* ``GraphStepView(root)``: the same drawing, revealed one node per step: first the
  forward pass (values appear), then the backward pass (gradients appear, with the
  local derivative on each arrow).  ``update(k)`` changes the artists in place and
  returns the step's equation in symbols and then in numbers (HTML with ``$...$``).
* ``draw_graph_step(root, k)``: the static twin, one step as a plain figure.

The layout, the headings and the equations come from ``helpers.steps.graph``, which the
browser stepper uses too.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from ..steps.graph import (COL_GAP, backprop_steps, graph_equation, graph_layout, graph_state, node_heading,
                           node_names)
from ..steps.latex import plain
from .style import BACKWARD, COLORS, FORWARD, HIGHLIGHT, new_figure

# A drawn box in layout units (columns are COL_GAP apart, rows 1): a heading, the value, and the
# gradient on two lines; the gap between columns holds an arrow and its local derivative.
BOX_W, BOX_H = 0.82, 0.76
INCHES_PER_UNIT = 1.3     # the smallest scale at which the text fits its box at its set size
MAX_SCALE = 1.6           # a small graph's boxes grow up to this (roomier), the text stays at its size
MAX_WIDTH = 8.4           # inches: at 100 dpi the figure is at most 850 px wide, shown 1:1 in a notebook
FONT = {"heading": 13, "value": 12, "grad": 11, "edge": 11}


def fmt(v):
    """A number as short text: 4 significant digits, a real minus sign (``latex.plain``),
    the digits the equations show."""
    return plain(v)


def edge_control(start, end, boxes):
    """The control point of an arrow from start to end (a quadratic curve): the midpoint, a
    straight arrow, unless that would cross one of the boxes centred at ``boxes``; then moved
    up or down just enough that the curve passes clear of every box (as the browser stepper)."""
    (x0, y0), (x1, y1) = start, end

    def clear(cy):
        cx = (x0 + x1) / 2
        for i in range(1, 40):
            s = i / 40
            x = (1 - s) ** 2 * x0 + 2 * s * (1 - s) * cx + s * s * x1
            y = (1 - s) ** 2 * y0 + 2 * s * (1 - s) * cy + s * s * y1
            if any(abs(x - bx) < BOX_W / 2 + 0.05 and abs(y - by) < BOX_H / 2 + 0.05 for bx, by in boxes):
                return False
        return True
    middle = (y0 + y1) / 2
    for offset in (0, 0.9, -0.9, 1.3, -1.3, 1.8, -1.8):
        if clear(middle + offset):
            return ((x0 + x1) / 2, middle + offset)
    return ((x0 + x1) / 2, middle + 1.3)


class GraphDrawing:
    """The artists of one graph on one Axes; ``set_node`` changes a node's texts in place.

    ``layout`` is ``graph_layout(root)`` when the caller has it already.  ``fontscale`` scales
    every text with the boxes when a figure draws the graph smaller than ``INCHES_PER_UNIT``.
    """

    def __init__(self, root, ax, layout=None, fontscale=1.0):
        self.root, self.ax = root, ax
        self.order, self.pos = graph_layout(root) if layout is None else layout
        self.names = node_names(root)
        self.boxes, self.value_texts, self.grad_texts, self.edges, self.edge_texts = {}, {}, {}, {}, {}
        xs = [p[0] for p in self.pos.values()]
        ys = [p[1] for p in self.pos.values()]
        ax.set_xlim(min(xs) - BOX_W / 2 - 0.05, max(xs) + BOX_W / 2 + 0.05)
        ax.set_ylim(min(ys) - BOX_H / 2 - 0.08, max(ys) + BOX_H / 2 + 0.08)
        font = {key: size * fontscale for key, size in FONT.items()}
        ax.set_aspect("equal")
        ax.axis("off")
        for v in self.order:
            x, y = self.pos[id(v)]
            box = FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
                                 boxstyle="round,pad=0.02,rounding_size=0.08",
                                 facecolor="white", edgecolor=COLORS["grey"], linewidth=1.5, zorder=2)
            ax.add_patch(box)
            self.boxes[id(v)] = box
            ax.text(x, y + 0.25, node_heading(v, self.names[id(v)]), ha="center", va="center",
                    fontsize=font["heading"], fontweight="bold", zorder=3)
            self.value_texts[id(v)] = ax.text(x, y + 0.075, "", ha="center", va="center", fontsize=font["value"],
                                              color=FORWARD, zorder=3)
            # the gradient on two lines, "∂E/∂w =" over its number, as in the browser stepper
            self.grad_texts[id(v)] = ax.text(x, y - 0.185, "", ha="center", va="center", fontsize=font["grad"],
                                             color=BACKWARD, zorder=3, linespacing=1.15)
            for p in v.inputs:
                (x0, y0), (x1, y1) = self.pos[id(p)], (x, y)
                if (id(p), id(v)) in self.edges:        # the same input twice (x * x): one arrow
                    continue
                start, end = (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1)
                others = [q for key, q in self.pos.items() if key not in (id(p), id(v))]
                control = edge_control(start, end, others)
                arrow = FancyArrowPatch(path=Path([start, control, end], [Path.MOVETO, Path.CURVE3, Path.CURVE3]),
                                        arrowstyle="-|>", mutation_scale=14, color=COLORS["grey"], linewidth=1.4,
                                        zorder=1, shrinkA=2, shrinkB=2)
                ax.add_patch(arrow)
                self.edges[(id(p), id(v))] = arrow
                mid = ((start[0] + 2 * control[0] + end[0]) / 4, (start[1] + 2 * control[1] + end[1]) / 4)
                falls = (end[1] < start[1]) - (end[1] > start[1])           # +1 falls, -1 rises, 0 level
                self.edge_texts[(id(p), id(v))] = ax.text(                  # above the line, off it
                    mid[0] + 0.04 * falls, mid[1] + 0.06 + 0.06 * abs(falls), "", ha="center", va="bottom", fontsize=font["edge"],
                    color=BACKWARD, zorder=4,
                    bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))

    def set_node(self, v, value=None, grad=None, current=False):
        name = self.names[id(v)]
        self.value_texts[id(v)].set_text("?" if value is None else f"{fmt(value)}")
        self.grad_texts[id(v)].set_text("" if grad is None else f"∂{self.names[id(self.root)]}/∂{name} =\n{fmt(grad)}")
        box = self.boxes[id(v)]
        box.set_edgecolor(HIGHLIGHT if current else (COLORS["black"] if value is not None else COLORS["grey"]))
        box.set_linewidth(3.5 if current else 1.5)
        box.set_linestyle("--" if v.is_constant and not current else "-")
        box.set_facecolor("#FFF4DC" if current else "white")

    def set_edge(self, child, user, local=None, active=False):
        key = (id(child), id(user))
        self.edge_texts[key].set_text("" if local is None else fmt(local))
        self.edges[key].set_color(HIGHLIGHT if active else COLORS["grey"])
        self.edges[key].set_linewidth(3 if active else 1.4)


def figure_scale(pos):
    """(figure size in inches, font scale) for a graph laid out at ``pos``: as wide as
    ``MAX_WIDTH`` allows, between ``INCHES_PER_UNIT`` and ``MAX_SCALE`` inches per unit; a graph
    too wide even at ``INCHES_PER_UNIT`` is drawn smaller, its text shrunk with the boxes."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    width = max(xs) - min(xs) + BOX_W + 0.1                 # layout units, as GraphDrawing's limits
    height = max(ys) - min(ys) + BOX_H + 0.16
    per_inch = min(MAX_SCALE, MAX_WIDTH / width)
    return (per_inch * width, per_inch * height), min(1.0, per_inch / INCHES_PER_UNIT)


def draw_graph(root, ax=None, show_grad=True):
    """Draw root's graph with every value and (if show_grad) every ``.grad`` as stored now."""
    layout = graph_layout(root)
    size, fontscale = figure_scale(layout[1])
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    drawing = GraphDrawing(root, ax, layout, fontscale)
    for v in drawing.order:
        drawing.set_node(v, v.data, v.grad if show_grad else None)
    ax.figure.tight_layout()
    return ax.figure


class GraphStepView:
    """Root's graph revealed step by step: forward node by node, then backward node by node.

    ``fontscale`` (default: the one ``figure_scale`` gives the whole graph) is for a caller whose
    axes show a window on the graph at its own scale."""

    def __init__(self, root, fig=None, layout=None, fontscale=None):
        self.root = root
        layout = graph_layout(root) if layout is None else layout
        self.steps = backprop_steps(root)
        self.n_steps = len(self.steps)
        size, fit = figure_scale(layout[1])
        fontscale = fit if fontscale is None else fontscale     # a window on the graph: the caller's scale
        self.fig = new_figure(size) if fig is None else fig
        self.ax = self.fig.add_subplot()
        self.drawing = GraphDrawing(root, self.ax, layout, fontscale)
        self.names = self.drawing.names
        self.fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
        self.k = None
        self.update(0)

    def state(self, k):
        """{node name: (value or None, grad or None)} shown after k steps."""
        return graph_state(self.root, k, self.steps)

    def update(self, k):
        state = self.state(k)                      # also checks k
        current = self.steps[k - 1]["node"] if k > 0 else None
        for v in self.drawing.order:
            value, grad = state[self.names[id(v)]]
            self.drawing.set_node(v, value, grad, current=v is current)
        done = {id(s["node"]) for s in self.steps[:k] if s["kind"] == "backward"}
        kind = self.steps[k - 1]["kind"] if k > 0 else None
        for v in self.drawing.order:
            for p, local in zip(v.inputs, v.local_derivatives):
                # backward: the arrows into the current node's users; forward: the arrows into it
                active = (kind == "backward" and p is current) or (kind == "forward" and v is current)
                self.drawing.set_edge(p, v, local if id(p) in done else None, active=active)
        self.k = k
        return self.equation_html(k)

    # ---------------------------------------------------------------- the step's text
    def equation(self, k):
        """(title, symbols, numbers) of step k; symbols and numbers are LaTeX (no $)."""
        self.state(k)                              # checks k
        return graph_equation(self.root, self.steps, self.names, k)

    def equation_html(self, k):
        title, sym, numbers = self.equation(k)
        html = f"<b>{title}</b>"
        if sym:
            html += f"<br>${sym}$<br>${numbers}$"
        return html


def draw_graph_step(root, k):
    """Static twin of the graph stepper: step k as a plain figure, the equation as its title."""
    layout = graph_layout(root)
    graph_state(root, k)                       # checks k before a figure exists
    (w, h), _ = figure_scale(layout[1])
    fig = plt.figure(figsize=(w, h + 1.3))
    view = GraphStepView(root, fig=fig, layout=layout)
    view.update(k)
    title, sym, numbers = view.equation(k)
    lines = [title] + ([f"${sym}$", f"${numbers}$"] if sym else [])
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 1.3 / (h + 1.3))
    fig.suptitle("\n".join(lines), fontsize=15, y=0.995, va="top")
    return fig
