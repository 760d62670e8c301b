"""Drawings for training: decision boundaries, loss curves, a weight diagram.

No widgets here.  ``TrainingView`` is the training dashboard's figure; it updates its
artists in place, and ``dashboard_snapshot(session)`` is its static twin.  The drawings of
the digits (confusion matrix, digit grids, hidden weights) live in ``helpers.draw.digits``.
"""
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import Formatter, LogLocator, MaxNLocator, NullFormatter

from ..experiments.session import decision_grid
from .digits import plot_confusion_matrix, plot_digit_grid, plot_hidden_weights  # noqa: F401 (older imports)
from .._checks import check_int
from .style import COLORS, NEGATIVE, POSITIVE, check_figure

CLASS_COLORS = (COLORS["orange"], COLORS["blue"])          # class 0, class 1
BOUNDARY_CMAP = LinearSegmentedColormap.from_list(
    "boundary", [CLASS_COLORS[0], "#FFFFFF", CLASS_COLORS[1]])
# y in ten bands of 0.1 (y = 0.5 where pale orange meets pale blue): a PNG needs few colours
BOUNDARY_BANDS = BOUNDARY_CMAP.resampled(10)
BOUNDS = (-1.2, 1.2)
# The dashboard's figure, live and static: 8.4 in at 100 dpi is 840 px, which JupyterLab shows
# 1:1 at 1280x720 (its output area is 848 px wide), so TEXT_PT = 11 pt is 15 px on screen.
FIGSIZE, DPI, TEXT_PT = (8.4, 5.2), 100, 11


def _label_axes(ax, xlabel, ylabel):
    """Axis labels and tick labels at least TEXT_PT, whatever the rcParams."""
    ax.set_xlabel(xlabel, fontsize=TEXT_PT + 1)
    ax.set_ylabel(ylabel, fontsize=TEXT_PT + 1)
    ax.tick_params(labelsize=TEXT_PT)


# ---------------------------------------------------------------- decision boundary
def plot_decision_boundary(ax, net, X, y, X_test=None, y_test=None, bounds=BOUNDS, resolution=80):
    """The output y over the input square in ten colour bands (``BOUNDARY_BANDS``), and the samples.

    Returns a dict of artists ('image', 'train', 'test') for in-place updates.
    """
    xs, ys, Y = decision_grid(net, bounds, resolution)
    image = ax.imshow(Y, origin="lower", extent=(*bounds, *bounds), cmap=BOUNDARY_BANDS, vmin=0, vmax=1,
                      interpolation="bilinear", interpolation_stage="data", aspect="equal")
    artists = {"image": image}
    artists["train"] = ax.scatter(X[:, 0], X[:, 1], c=[CLASS_COLORS[k] for k in y], s=30,
                                  edgecolors="black", linewidths=0.6, label="train")
    if X_test is not None:
        artists["test"] = ax.scatter(X_test[:, 0], X_test[:, 1], c=[CLASS_COLORS[k] for k in y_test],
                                     s=40, marker="^", edgecolors="black", linewidths=0.6, label="test")
    ax.set(xlim=bounds, ylim=bounds)
    _label_axes(ax, "$x_1$", "$x_2$")
    return artists


def update_decision_boundary(artists, net, X, y, X_test=None, y_test=None, bounds=BOUNDS, resolution=80):
    """Refresh the map and the points of ``plot_decision_boundary`` in place."""
    artists["image"].set_data(decision_grid(net, bounds, resolution)[2])
    artists["train"].set_offsets(X)
    artists["train"].set_facecolors([CLASS_COLORS[k] for k in y])
    if X_test is not None and "test" in artists:
        artists["test"].set_offsets(X_test)
        artists["test"].set_facecolors([CLASS_COLORS[k] for k in y_test])


# ---------------------------------------------------------------- loss curves
class LossLocator(LogLocator):
    """Major ticks of a log loss axis with at least two numbers in view, however narrow the range.

    A plain log axis labels only powers of ten: a loss between 0.11 and 0.13 (a spiral's first
    epochs) gets no number at all.  This tries 10^k, then 1, 2, 5 × 10^k, then 1…9 × 10^k, then
    evenly spaced round numbers, and keeps the first that puts two ticks in view.
    """

    def tick_values(self, vmin, vmax):
        vmin, vmax = sorted((vmin, vmax))
        decades = super().tick_values(vmin, vmax)
        if not (np.isfinite(vmin) and np.isfinite(vmax) and 0 < vmin < vmax):
            return decades
        inside = lambda ticks: ticks[(ticks >= vmin * (1 - 1e-9)) & (ticks <= vmax * (1 + 1e-9))]
        if len(inside(decades)) >= 2:
            return decades
        powers = 10.0 ** np.arange(np.floor(np.log10(vmin)), np.ceil(np.log10(vmax)) + 1)
        for subs in ((1, 2, 5), (1, 2, 3, 4, 5, 6, 7, 8, 9)):
            ticks = inside(np.outer(powers, subs).ravel())
            if len(ticks) >= 2:
                return ticks
        return inside(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10], min_n_ticks=2).tick_values(vmin, vmax))


class LossFormatter(Formatter):
    """Tick labels with as few significant digits as show every tick's value exactly (0.1, 0.125)."""

    digits = 1

    def set_locs(self, locs):
        super().set_locs(locs)
        values = [v for v in np.asarray(locs, dtype=float) if np.isfinite(v) and v > 0]
        self.digits = next((d for d in range(1, 8) if all(abs(float(f"{v:.{d}g}") - v) <= 1e-9 * v
                                                          for v in values)), 8)

    def __call__(self, x, pos=None):
        return f"{x:.{self.digits}g}"


def label_loss_axis(ax):
    """A log y axis whose major ticks always carry numbers (see ``LossLocator``)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LossLocator())
    ax.yaxis.set_major_formatter(LossFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())
    return ax


def plot_loss_curves(ax, history, keys=("loss", "test_loss"), labels=("train loss", "test loss"), log=True):
    """Lines of history[key] against history['epoch'] (a list of Line2D); the legend sits above
    the axes, so it covers no curve whatever the loss does."""
    lines = []
    styles = [dict(color=COLORS["blue"], lw=2.5), dict(color=COLORS["orange"], lw=2.5, ls="--")]
    for key, label, style in zip(keys, labels, styles * 2):
        (line,) = ax.plot(history["epoch"], history[key], label=label, **style)
        lines.append(line)
    if log:
        label_loss_axis(ax)
    _label_axes(ax, "epoch", "loss $E$")
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=len(lines), frameon=False, borderaxespad=0.1,
              fontsize=TEXT_PT)
    return lines


def update_loss_curves(ax, lines, history, keys=("loss", "test_loss")):
    for line, key in zip(lines, keys):
        line.set_data(history["epoch"], history[key])
    ax.relim()
    ax.autoscale_view()
    ax.set_xlim(0, max(10, history["epoch"][-1]))


# ---------------------------------------------------------------- the network's weights
def _node_positions(sizes):
    pos = []
    for l, n in enumerate(sizes):
        ys = np.linspace(0.5, -0.5, n) * (n - 1) / max(max(sizes) - 1, 1) if n > 1 else np.zeros(1)
        pos.append(np.c_[np.full(n, float(l)), ys])
    return pos


def _edge_style(w, w_max):
    colour = POSITIVE if w >= 0 else NEGATIVE
    return colour, 0.3 + 5.0 * min(abs(w) / w_max, 1.0)


def draw_weights(ax, net):
    """The network as circles and lines: blue = positive weight, vermillion = negative,
    thicker = larger |w|.  Returns a list of (l, j, k, Line2D) for ``update_weights``."""
    ax.clear()
    pos = _node_positions(net.sizes)
    w_max = max(max(float(np.abs(W).max()) for W in net.weights), 1e-12)
    edges = []
    for l, W in enumerate(net.weights, start=1):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                colour, width = _edge_style(W[j, k], w_max)
                (line,) = ax.plot([pos[l - 1][k, 0], pos[l][j, 0]], [pos[l - 1][k, 1], pos[l][j, 1]],
                                  color=colour, lw=width, alpha=0.8, zorder=1, solid_capstyle="round")
                edges.append((l, j, k, line))
    for l, p in enumerate(pos):
        ax.scatter(p[:, 0], p[:, 1], s=180, color="white", edgecolors="black", linewidths=1.5, zorder=2)
    names = ["input"] + [f"hidden {l}" for l in range(1, net.n_layers)] + ["output"]
    for l, name in enumerate(names):
        ax.text(l, 0.62, name, ha="center", va="bottom", fontsize=TEXT_PT)
    ax.set_xlim(-0.4, len(net.sizes) - 0.6)
    ax.set_ylim(-0.72, 0.8)
    ax.text((len(net.sizes) - 1) / 2, -0.7, "weights: blue > 0, vermillion < 0,\nthicker = larger |w|",
            ha="center", va="top", fontsize=TEXT_PT, color=COLORS["black"])
    ax.axis("off")
    return edges


def _drawn_sizes(edges):
    """The layer sizes of the network that ``draw_weights`` drew these (l, j, k, line) edges for."""
    sizes = {}
    for l, j, k, _ in edges:
        sizes[l - 1] = max(sizes.get(l - 1, 0), k + 1)
        sizes[l] = max(sizes.get(l, 0), j + 1)
    return [sizes[l] for l in sorted(sizes)]


def update_weights(ax, edges, net):
    """Recolour and re-thicken the edges in place; redraw only if the layer sizes changed."""
    if _drawn_sizes(edges) != list(net.sizes):
        return draw_weights(ax, net)
    w_max = max(max(float(np.abs(W).max()) for W in net.weights), 1e-12)
    for l, j, k, line in edges:
        colour, width = _edge_style(net.weights[l - 1][j, k], w_max)
        line.set_color(colour)
        line.set_linewidth(width)
    return edges


# ---------------------------------------------------------------- the dashboard's figure
class TrainingView:
    """The map of y with the data (left), loss curves (top right), weights (bottom right), a title line.

    ``update(session)`` changes the artists in place and returns the session's status line.
    Pass ``fig`` (from ``helpers.draw.new_figure`` for a widget, or ``plt.figure`` for a
    static picture).
    """

    def __init__(self, session, fig=None, resolution=70):
        check_int(resolution, "resolution", minimum=2)
        if check_figure(fig) is None:
            import matplotlib.pyplot as plt
            fig = plt.figure(figsize=FIGSIZE)
        self.fig, self.resolution = fig, resolution
        grid = fig.add_gridspec(2, 2, width_ratios=(1, 1.05), hspace=0.45, wspace=0.22,
                                left=0.09, right=0.96, bottom=0.12, top=0.86)
        self.ax_map = fig.add_subplot(grid[:, 0])
        self.ax_loss = fig.add_subplot(grid[0, 1])
        self.ax_net = fig.add_subplot(grid[1, 1])
        self.title = fig.suptitle("", fontsize=14)
        s = session
        self.map_artists = plot_decision_boundary(self.ax_map, s.net, s.X_train, s.data.y_train,
                                                  s.X_test, s.data.y_test, resolution=resolution)
        self.ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.155), ncols=2, frameon=False, fontsize=TEXT_PT,
                           borderaxespad=0, handletextpad=0.2, columnspacing=1.0)   # below x1: covers no point
        self.loss_lines = plot_loss_curves(self.ax_loss, s.history)
        self.edges = draw_weights(self.ax_net, s.net)
        self.update(session)

    def update(self, session):
        s = session
        update_decision_boundary(self.map_artists, s.net, s.X_train, s.data.y_train,
                                 s.X_test, s.data.y_test, resolution=self.resolution)
        update_loss_curves(self.ax_loss, self.loss_lines, s.history)
        self.edges = update_weights(self.ax_net, self.edges, s.net)
        cfg = s.settings
        self.ax_map.set_title(f"{cfg.dataset}: output $y$ (orange: class 0, blue: 1)", fontsize=TEXT_PT)
        self.title.set_text(f"epoch {s.epoch}   ·   {cfg.activation}, sizes {'-'.join(map(str, cfg.sizes))}, "
                            f"η = {cfg.lr:g}, B = {cfg.batch_size}, α = {cfg.l2:g}")
        self.title.set_color(COLORS["vermillion"] if s.state == "diverged" else "black")
        return s.status


def dashboard_snapshot(session, resolution=70):
    """The static twin of the training dashboard: the session as it is now, as a figure."""
    return TrainingView(session, resolution=resolution).fig
