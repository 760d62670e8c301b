"""One sigmoid neuron's error as a function of its weight, with the tangent and one update.

Left: the curve E(w) = ½(t − σ(w·x))², the current weight w, the tangent there (its slope
is dE/dw), and the point after one gradient-descent step w_new = w − η·dE/dw.
Right: every number of the chain rule, factor by factor.

``NeuronView`` keeps its artists and ``update(x, t, w, lr)`` changes them in place (the
explorer widget uses it); ``draw_neuron(x, t, w, lr)`` is its static twin.
"""
import matplotlib.pyplot as plt
import numpy as np

from ..symbolic import neuron_error, neuron_numbers
from .._checks import check_lr
from .style import BACKWARD, COLORS, FORWARD, HIGHLIGHT, check_figure, new_figure

W_RANGE = (-6.0, 6.0)
E_MAX = 0.52          # E = ½(t − y)² ≤ ½ when t and y are in [0, 1]
TANGENT_HALF_WIDTH = 1.2
# Sized for a projector: JupyterLab at 1280×720 shows a cell's output up to 848 px wide, so this
# 8.4-inch figure (840 px at 100 dpi) is shown 1:1, and 12.5 pt text is 12.5/72 × 100 ≈ 17 px
# (tests/test_browser_explorers.py measures it).  Every text of the figure is at least SMALL_PT.
FIGSIZE = (8.4, 5.0)
TEXT_PT, SMALL_PT = 13.5, 12.5


def _r(v):
    """A result for mathtext: 3 significant digits."""
    v = float(v) + 0.0                 # −0.0 shows as 0
    return f"{v:.3g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.2e}"


def _n(v):
    """An operand for mathtext: like _r, negatives in parentheses."""
    return f"({_r(v)})" if v < 0 else _r(v)


def factor_lines(n):
    """The right-hand panel, as (text, colour) lines in mathtext, for the numbers n."""
    lines = [
        ("Forward pass", None),
        (rf"$z = w\,x = {_n(n['w'])} \cdot {_n(n['x'])} = {_r(n['z'])}$", FORWARD),
        (rf"$y = \sigma(z) = {_r(n['y'])}$", FORWARD),
        (rf"$E = ½\,(t - y)^2 = {_r(n['E'])}$", FORWARD),
        ("Chain-rule factors", None),
        (rf"$\partial E/\partial y = -(t - y) = {_r(n['dE_dy'])}$", BACKWARD),
        (rf"$\partial y/\partial z = y\,(1 - y) = {_r(n['dy_dz'])}$", BACKWARD),
        (rf"$\partial z/\partial w = x = {_r(n['dz_dw'])}$", BACKWARD),
        (rf"$\partial E/\partial w = {_n(n['dE_dy'])} \cdot {_n(n['dy_dz'])} \cdot {_n(n['dz_dw'])}$", BACKWARD),
        (rf"$\quad\ \ = {_r(n['dE_dw'])}$", BACKWARD),       # its own line: long numbers fit 8.4 in
    ]
    if "lr" in n:
        lines += [
            ("One update", None),
            (rf"$w_{{\mathrm{{new}}}} = w - \eta\,\partial E/\partial w = {_n(n['w'])} - {_n(n['lr'])} \cdot {_n(n['dE_dw'])}$",
             COLORS["black"]),
            (rf"$\quad\ \ = {_r(n['w_new'])},\quad E: {_r(n['E'])} \rightarrow {_r(n['E_new'])}$", COLORS["black"]),
        ]
    return lines


class NeuronView:
    """The explorer's figure; ``update(x, t, w, lr)`` redraws by moving existing artists."""

    def __init__(self, x=1.5, t=0.2, w=0.8, lr=2.0, fig=None):
        self.fig = new_figure(FIGSIZE) if check_figure(fig) is None else fig
        self.ax = self.fig.add_axes([0.095, 0.31, 0.355, 0.61])
        self.panel = self.fig.add_axes([0.475, 0.02, 0.525, 0.96])
        self.panel.axis("off")
        ax = self.ax
        self.ws = np.linspace(*W_RANGE, 400)
        self.curve, = ax.plot([], [], color=COLORS["black"], lw=2.2, label="$E(w)$")
        self.tangent, = ax.plot([], [], color=BACKWARD, lw=2.2, ls="--", label="tangent")
        self.point, = ax.plot([], [], "o", color=FORWARD, ms=11, zorder=5, label="current $w$")
        self.new_point, = ax.plot([], [], "D", color=HIGHLIGHT, ms=10, zorder=5, label="after one update")
        self.step_arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                                      arrowprops=dict(arrowstyle="->", color=HIGHLIGHT, lw=2))
        self.off_note = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                                color=HIGHLIGHT, fontsize=TEXT_PT)
        ax.set(xlim=W_RANGE, ylim=(-0.02, E_MAX), xticks=np.linspace(*W_RANGE, 5))
        ax.set_xlabel("weight $w$", fontsize=TEXT_PT)
        ax.set_ylabel("error $E$", fontsize=TEXT_PT)
        ax.tick_params(labelsize=SMALL_PT)
        # below the x label, so it covers no curve whatever the sliders say
        self.legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, frameon=False,
                                fontsize=SMALL_PT, handlelength=1.6, borderaxespad=0, labelspacing=0.3,
                                columnspacing=1.2)
        self.title = ax.set_title("", fontsize=TEXT_PT)
        self.lines = []
        for i, (_, _) in enumerate(factor_lines(neuron_numbers(1, 0, 0, lr=1))):
            self.lines.append(self.panel.text(0.0, 1 - 0.076 * i - 0.04, "", va="center", fontsize=TEXT_PT,
                                              transform=self.panel.transAxes))
        self.numbers = None
        self.update(x, t, w, lr)

    def update(self, x, t, w, lr):
        n = neuron_numbers(x, t, w, lr=lr)
        self.numbers = n
        self.curve.set_data(self.ws, neuron_error(self.ws, x, t))
        dw = np.array([-TANGENT_HALF_WIDTH, TANGENT_HALF_WIDTH])
        self.tangent.set_data(w + dw, n["E"] + n["dE_dw"] * dw)
        self.point.set_data([w], [n["E"]])
        self.new_point.set_data([n["w_new"]], [n["E_new"]])
        inside = W_RANGE[0] <= n["w_new"] <= W_RANGE[1]
        self.step_arrow.xy = (min(max(n["w_new"], W_RANGE[0]), W_RANGE[1]), n["E_new"] if inside else n["E"])
        self.step_arrow.set_position((w, n["E"]))
        self.off_note.set_text("" if inside else f"w_new = {n['w_new']:.3g} is off the plot")
        self.title.set_text(f"x = {x:.3g}, t = {t:.3g}, w = {w:.3g}, η = {lr:.3g}")
        for artist, (text, colour) in zip(self.lines, factor_lines(n)):
            artist.set_text(text)
            artist.set_color(colour or COLORS["black"])
            artist.set_fontweight("normal" if colour else "bold")
        return n


def draw_neuron(x=1.5, t=0.2, w=0.8, lr=2.0):
    """Static twin of the neuron explorer: the same figure for one setting of the sliders."""
    neuron_numbers(x, t, w, lr=check_lr(lr))  # checks the arguments before a figure exists
    fig = plt.figure(figsize=FIGSIZE)
    NeuronView(x, t, w, lr, fig=fig)
    return fig
