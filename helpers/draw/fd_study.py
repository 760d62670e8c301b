"""Drawings for notebook 07: error against step size, the cost of gradients, forward vs reverse mode."""
import numpy as np

from .style import BACKWARD, COLORS, FORWARD


def plot_step_size_study(study, eps=np.finfo(float).eps):
    """Log-log plot of a ``helpers.experiments.fd_study.step_size_study`` result, with the best h marked."""
    import matplotlib.pyplot as plt
    if not isinstance(study, dict) or not {"h", "forward", "central"} <= set(study):
        raise TypeError("study must be the dict returned by helpers.experiments.fd_study.step_size_study")
    h = np.asarray(study["h"])
    fig, ax = plt.subplots(figsize=(8.2, 4.8))          # 8.2 in: shown 1:1 in a notebook (<= 850 px)
    floor = 1e-18                                   # an error of exactly 0 cannot go on a log axis
    # each label below-left of its best h, where no line runs
    for method, colour, marker, offset in (("forward", COLORS["orange"], "s", (-80, -40)),
                                           ("central", COLORS["blue"], "o", (-85, -20))):
        err = np.maximum(np.asarray(study[method]), floor)
        ax.loglog(h, err, marker=marker, ms=5, lw=2, color=colour, label=f"{method} difference")
        best = int(np.argmin(study[method]))
        ax.annotate(f"best h ≈ {h[best]:.0e}", (h[best], err[best]), xytext=offset,
                    textcoords="offset points", ha="center", color=colour, fontsize=12,
                    bbox=dict(fc="white", ec="none", alpha=0.85),
                    arrowprops=dict(arrowstyle="->", color=colour))
    ax.loglog(h, eps / h, color=COLORS["grey"], ls=":", lw=2, label=r"round-off $\approx \varepsilon / h$")
    ax.loglog(h, h, color=COLORS["orange"], ls="--", lw=1, alpha=0.7, label=r"slope 1: $\propto h$")
    ax.loglog(h, h ** 2, color=COLORS["blue"], ls="--", lw=1, alpha=0.7, label=r"slope 2: $\propto h^2$")
    ax.set(xlabel="step size $h$", ylabel="|estimate − true derivative|", ylim=(1e-14, 10),
           title="truncation error falls with h, round-off error rises as h shrinks")
    ax.legend(loc="upper center", ncols=2, fontsize=10)
    fig.tight_layout()
    return fig


def plot_costs(n_params, numerical, backprop, ylabel, title):
    """Log-log lines: cost of the finite-difference gradient and of backprop against P."""
    import matplotlib.pyplot as plt
    P = np.asarray(n_params, dtype=float)
    num, bp = np.asarray(numerical, dtype=float), np.asarray(backprop, dtype=float)
    if not (P.ndim == 1 and P.shape == num.shape == bp.shape and P.size >= 2):
        raise ValueError("n_params, numerical and backprop must be 1-D lists of the same length (at least 2)")
    if np.any(P <= 0) or np.any(num <= 0) or np.any(bp <= 0):
        raise ValueError("every value must be > 0 (the axes are logarithmic)")
    fig, ax = plt.subplots(figsize=(8, 4.8))
    ax.loglog(P, num, "o-", lw=2.5, color=COLORS["vermillion"], label="finite differences")
    ax.loglog(P, bp, "s-", lw=2.5, color=COLORS["blue"], label="backprop")
    ax.set(xlabel="number of parameters $P$", ylabel=ylabel, title=title)
    ax.legend()
    fig.tight_layout()
    return fig


def draw_modes():
    """A chain x → a¹ → a² → E drawn twice: forward mode (tangents ride along with the
    forward pass, one input direction at a time) and reverse mode (one backward sweep)."""
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(2, 1, figsize=(8.2, 4.3))
    names = ["$W^1$", "$a^1$", "$a^2$", "$E$"]
    xs = np.arange(4) * 3.0
    texts = [("forward mode: push $\\partial(\\cdot)/\\partial w$ for ONE weight $w$ forward",
              [r"$\frac{\partial W^1}{\partial w}$", r"$\frac{\partial a^1}{\partial w}$",
               r"$\frac{\partial a^2}{\partial w}$", r"$\frac{\partial E}{\partial w}$"], 1, FORWARD,
              "repeat for every\nweight: P sweeps"),
             ("reverse mode (backprop): pull $\\partial E/\\partial(\\cdot)$ backward once",
              [r"$\frac{\partial E}{\partial W^1}$", r"$\frac{\partial E}{\partial a^1}$",
               r"$\frac{\partial E}{\partial a^2}$", r"$\frac{\partial E}{\partial E} = 1$"], -1, BACKWARD,
              "one sweep gives\nall P weights")]
    for ax, (title, labels, direction, colour, note) in zip(axes, texts):
        for x, name, label in zip(xs, names, labels):
            ax.add_patch(plt.Circle((x, 0), 0.55, fc="white", ec=COLORS["black"], lw=2))
            ax.text(x, 0, name, ha="center", va="center", fontsize=15)
            ax.text(x, -1.2, label, ha="center", va="center", fontsize=19, color=colour)
        for a, b in zip(xs[:-1], xs[1:]):
            start, end = (a + 0.6, b - 0.6) if direction > 0 else (b - 0.6, a + 0.6)
            ax.annotate("", (end, 0), (start, 0), arrowprops=dict(arrowstyle="-|>", lw=2.5, color=colour))
        ax.text(xs[-1] + 1.1, 0, note, ha="left", va="center", fontsize=12)
        ax.set_title(title, fontsize=13, loc="left")
        ax.set_xlim(-1, xs[-1] + 4.6)
        ax.set_ylim(-1.9, 0.9)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig
