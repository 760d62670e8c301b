"""The error landscape of one neuron: filled contours, a 3-D surface, descent paths, gradient arrows.

* ``draw_landscape(x, t, paths, arrows)``: contour map (left) and surface (right) with paths.
* ``DescentStepView``: the contour map with one descent path revealed one update per step
  (for ``helpers.widgets.descent_stepper``); ``draw_descent_step`` is its static twin.

The contour map uses equal scales on both axes, so an angle of 90° on the page is one in
(w, b): the gradient arrows cross the contour lines at right angles.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm

from .._checks import check_step
from ..experiments.surface import descent_path, error_grid, exact_fit, gradient
from .graph import fmt
from .style import COLORS, check_figure, new_figure

WINDOW = (-6.0, 2.0, -4.0, 2.0)           # w from, w to, b from, b to
LEVELS = 16                              # bands, log-spaced: fine near E = 0, coarse high up
UPDATE = COLORS["vermillion"]            # the stepper's next update (downhill); gradient arrows are white
FIGSIZE = (6.4, 4.0)                     # the stepper's map: fits a 1280x720 screen with its controls


def _grid(window, n=201):
    w0, w1, b0, b1 = window
    W, B = np.meshgrid(np.linspace(w0, w1, n), np.linspace(b0, b1, n))
    return W, B


def contour_map(ax, x, t, window=WINDOW, colorbar=True, cax=None):
    """Filled contours of E(w, b) on ax, equal scales, labelled axes; the colour bar beside ax,
    or in ``cax`` (then titled just "E")."""
    W, B = _grid(window)
    E = error_grid(W, B, x, t)
    top = float(E.max())
    levels = np.concatenate([[0.0], np.geomspace(top / 200, top, LEVELS)])
    norm = BoundaryNorm(levels, ncolors=256)
    filled = ax.contourf(W, B, E, levels=levels, cmap="viridis", norm=norm)
    ax.set_aspect("equal")
    ax.set_xlim(window[0], window[1])
    ax.set_ylim(window[2], window[3])
    ax.set(xlabel="weight $w$", ylabel="bias $b$")
    if colorbar:
        if cax is None:
            bar = ax.figure.colorbar(filled, ax=ax, label="error $E$ (bands finer near 0)", shrink=0.85)
        else:
            bar = ax.figure.colorbar(filled, cax=cax)
            cax.set_title("$E$", fontsize=12)
        bar.set_ticks(levels[::3])
        bar.set_ticklabels([f"{v:.2g}" for v in levels[::3]])
    return filled


def mark_minimum(ax, x, t, z=None):
    """A white star at the minimum (the exact fit of two samples); nothing for other sample counts."""
    try:
        w, b = exact_fit(x, t)
    except ValueError:                   # one sample: a whole line of minima; three or more: no formula
        return
    if z is None:
        ax.plot(w, b, "*", ms=20, color="white", mec="black", mew=1, zorder=20, label="minimum")
    else:
        ax.plot([w], [b], [z], "*", ms=16, color="white", mec="black", mew=1, zorder=9)


def plot_path(ax, path, color, label=None, zorder=5, z=None, lw=1.8):
    """A descent path: points joined by a line, start a circle, end a cross."""
    if z is None:
        ax.plot(path[:, 0], path[:, 1], "o-", ms=3.5 if lw < 2 else 5, lw=lw, color=color, label=label, zorder=zorder)
        ax.plot(path[0, 0], path[0, 1], "o", ms=11, mfc="white", mec=color, mew=2.5, zorder=zorder + 1)
        ax.plot(path[-1, 0], path[-1, 1], "X", ms=13, color=color, mec="white", mew=1, zorder=zorder + 1)
    else:
        ax.plot(path[:, 0], path[:, 1], z, "o-", ms=3, lw=1.8, color=color, zorder=zorder)
        ax.plot([path[0, 0]], [path[0, 1]], [z[0]], "o", ms=9, mfc="white", mec=color, mew=2.5, zorder=zorder)
        ax.plot([path[-1, 0]], [path[-1, 1]], [z[-1]], "X", ms=11, color=color, zorder=zorder)


def gradient_arrows(ax, points, x, t, length=0.8):
    """Arrows of the gradient at each (w, b), all drawn with the same length (direction only)."""
    for w, b in points:
        g = np.array(gradient(w, b, x, t))
        d = length * g / np.hypot(*g)
        ax.annotate("", xy=(w + d[0], b + d[1]), xytext=(w, b), zorder=7,
                    arrowprops=dict(arrowstyle="-|>", color="white", lw=2.2, mutation_scale=16))
        ax.plot(w, b, "o", ms=5, color="white", zorder=7)


def draw_landscape(x, t, paths, arrows=(), window=WINDOW):
    """Contour map with paths and gradient arrows (left), the same paths on the 3-D surface (right).

    ``paths`` is a list of (label, colour, array from ``descent_path``).  8.4 in wide: at 100 dpi
    at most 850 px, so a notebook shows it 1:1; the legend sits under both panels, on no data.
    """
    fig = plt.figure(figsize=(8.4, 4.0))
    ax = fig.add_axes([0.075, 0.22, 0.44, 0.7])
    ax3 = fig.add_axes([0.565, 0.1, 0.38, 0.82], projection="3d")
    ax3.set_zorder(-1)                       # under the map's colour bar, which reaches into its empty margin
    contour_map(ax, x, t, window, cax=fig.add_axes([0.53, 0.22, 0.017, 0.7]))
    # the path that ends lowest on top, thin; the others under it, wider, so that where two paths run
    # along the same line (a small and a good step size walk the same way) both show
    rank = sorted(range(len(paths)), key=lambda i: paths[i][2][-1, 2])
    for i, (label, color, path) in enumerate(paths):
        under = rank.index(i)
        plot_path(ax, path, color, label, zorder=5 + 2 * (len(paths) - under), lw=1.8 if under == 0 else 3.8)
    gradient_arrows(ax, arrows, x, t)
    mark_minimum(ax, x, t)
    ax.set_title("contour map, gradients (white)", fontsize=12)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=10, frameon=False,
               bbox_to_anchor=(0.5, -0.01))
    W, B = _grid(window, 61)
    ax3.plot_surface(W, B, error_grid(W, B, x, t), cmap="viridis", alpha=0.75, linewidth=0, antialiased=False, rcount=40, ccount=40)
    for label, color, path in paths:
        plot_path(ax3, path, color, label, z=path[:, 2] + 0.01)
    mark_minimum(ax3, x, t, z=0.01)
    ax3.set(xlabel="$w$", ylabel="$b$", zlabel="$E$")
    ax3.set_title("the same as a surface", fontsize=12, y=1.03)
    ax3.view_init(elev=35, azim=-60)
    return fig


class DescentStepView:
    """The contour map with a descent path revealed one update per step.

    ``update(k)`` shows the first k updates and the gradient at the current point, and
    returns the step's text (HTML with ``$...$``).  ``set_start`` changes start and η.
    """

    def __init__(self, x, t, w0, b0, lr, steps=20, window=WINDOW, fig=None):
        self.x, self.t, self.steps, self.window = x, t, steps, window
        self.fig = new_figure(FIGSIZE) if check_figure(fig) is None else fig
        self.ax = self.fig.add_subplot()
        contour_map(self.ax, x, t, window)
        mark_minimum(self.ax, x, t)
        self.line, = self.ax.plot([], [], "o-", ms=4, lw=2, color=COLORS["orange"], zorder=5)
        self.start, = self.ax.plot([], [], "o", ms=11, mfc="white", mec=COLORS["orange"], mew=2.5, zorder=6)
        self.current, = self.ax.plot([], [], "o", ms=12, color=COLORS["vermillion"], mec="white", zorder=7)
        self.arrow = None
        self.fig.subplots_adjust(left=0.1, right=0.98, bottom=0.11, top=0.93)
        self.set_start(w0, b0, lr)

    def set_start(self, w0, b0, lr):
        """A new start (w0, b0) and learning rate η: recompute the path and show step 0."""
        self.path = descent_path(w0, b0, lr, self.steps, self.x, self.t)
        self.lr = float(lr)
        self.n_steps = self.steps
        return self.update(0)

    def point(self, k):
        """(w, b, E) after k updates."""
        return tuple(float(v) for v in self.path[check_step(k, self.n_steps)])

    def update(self, k):
        w, b, E = self.point(k)
        seen = self.path[:k + 1]
        self.line.set_data(seen[:, 0], seen[:, 1])
        self.start.set_data([self.path[0, 0]], [self.path[0, 1]])
        self.current.set_data([w], [b])
        dw, db = gradient(w, b, self.x, self.t)
        if self.arrow is not None:
            self.arrow.remove()
        self.arrow = self.ax.annotate(
            "", xy=(w - self.lr * dw, b - self.lr * db), xytext=(w, b), zorder=8,
            arrowprops=dict(arrowstyle="-|>", color=UPDATE, lw=2.5, mutation_scale=18))
        self.ax.set_title(f"η = {self.lr:g}, step {k} of {self.n_steps}: E = {fmt(E)}")
        self.k = k
        return self.equation_html(k)

    def equation_html(self, k):
        w, b, E = self.point(k)
        dw, db = gradient(w, b, self.x, self.t)
        html = (f"<b>Step {k} of {self.n_steps}</b>: at $(w, b) = ({fmt(w)}, {fmt(b)})$ the error is "
                f"$E = {fmt(E)}$ and the slope is "
                rf"$\nabla E = ({fmt(dw)}, {fmt(db)})$")
        if k < self.n_steps:
            html += (rf"<br>next: $(w, b) \leftarrow (w, b) - \eta\,\nabla E$"
                     f" $= ({fmt(self.path[k + 1, 0])}, {fmt(self.path[k + 1, 1])})$ (red arrow, downhill)")
        return html.replace("−", "-")


def draw_descent_step(x, t, w0, b0, lr, k, steps=20, window=WINDOW):
    """Static twin of the descent stepper: the contour map after k updates, as a plain figure."""
    fig = plt.figure(figsize=FIGSIZE)
    view = DescentStepView(x, t, w0, b0, lr, steps, window, fig=fig)
    view.update(k)
    return fig
