"""Decision boundaries of two-input classifiers on the four logic-gate points."""
import numpy as np

from .style import COLORS


def draw_boundary(ax, classify, X, t, title="", window=(-0.5, 1.5)):
    """Shade where ``classify(points) > 0.5`` (the class-1 side), draw the samples, mark the wrong ones.

    ``classify`` maps an (n, 2) array to n outputs (0/1 or probabilities).  Returns the number
    of samples on the wrong side.
    """
    lo, hi = window
    g = np.linspace(lo, hi, 161)
    G1, G2 = np.meshgrid(g, g)
    out = np.asarray(classify(np.column_stack([G1.ravel(), G2.ravel()])), dtype=float).reshape(G1.shape)
    ax.contourf(G1, G2, (out > 0.5).astype(float), levels=[-0.5, 0.5, 1.5],
                colors=[COLORS["light"], "#CFE6F5"])
    ax.contour(G1, G2, out, levels=[0.5], colors=COLORS["black"], linewidths=2)
    X, t = np.asarray(X, dtype=float), np.asarray(t, dtype=float)
    y = np.asarray(classify(X), dtype=float) > 0.5
    wrong = 0
    for (x1, x2), ti, yi in zip(X, t, y):
        ax.plot(x1, x2, "o" if ti == 1 else "s", ms=16, color=COLORS["blue"] if ti == 1 else COLORS["vermillion"],
                mec="black", zorder=3)
        if yi != (ti == 1):
            wrong += 1
            ax.plot(x1, x2, "x", ms=22, mew=3, color=COLORS["black"], zorder=4)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    ax.set_title(f"{title}: {wrong} wrong" if title else f"{wrong} wrong")
    return wrong
