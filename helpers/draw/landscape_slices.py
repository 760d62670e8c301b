"""Error landscapes for notebook 09: the contours of a linear neuron's bowl with descent paths on them.

Matplotlib only; the numbers come from ``helpers.experiments.linear_surface``.
"""
import numpy as np

from .style import COLORS, CYCLE


def draw_paraboloid_paths(ax, neuron, paths, extent, levels=7, colours=None):
    """Contours of a ``LinearNeuron``'s E(w, b) with descent paths drawn on it.

    ``paths`` maps a label to an array (k, 2) of (w, b) points; ``extent`` is
    (w_low, w_high, b_low, b_high); ``colours`` one colour per path (default: the style's
    cycle).  Points are joined, the start is a square, the
    end a dot; the lowest point of the bowl is a star.  Returns ``ax``.
    """
    w_lo, w_hi, b_lo, b_hi = extent
    ws, bs = np.linspace(w_lo, w_hi, 200), np.linspace(b_lo, b_hi, 200)
    W, B = np.meshgrid(ws, bs)
    E = neuron.loss(W, B)
    heights = neuron.loss_min + (E.max() - neuron.loss_min) * np.linspace(0, 1, levels + 1)[1:] ** 2
    ax.contour(W, B, E, levels=heights, colors="0.35", linewidths=0.8)
    for (label, path), colour in zip(paths.items(), colours or CYCLE):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], "o-", color=colour, ms=4, lw=1.8, label=label, clip_on=True)
        ax.plot(*path[0], "s", color=colour, ms=9, mec="black")
        ax.plot(*path[-1], "o", color=colour, ms=9, mec="black")
    ax.plot(*neuron.minimum, "*", color=COLORS["yellow"], ms=18, mec="black",
            label="lowest point $(w^*, b^*)$")
    ax.set(xlim=(w_lo, w_hi), ylim=(b_lo, b_hi), xlabel="weight $w$", ylabel="bias $b$")
    return ax
