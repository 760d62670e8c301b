"""Drawings for notebook 03: an activation with its derivative, the sigmoid family, vanishing gradients.

``ActivationView`` draws f and f′ of one activation on one set of axes and redraws in place
(the widget uses it); ``plot_activation`` is its static twin.
"""
import numpy as np

from .._checks import check_real
from ..activations import ACTIVATIONS, get_activation
from ..experiments.sigmoid_family import NAMES as FAMILY_NAMES
from ..experiments.sigmoid_family import get_shape, scaled, tail
from .style import COLORS, CYCLE, check_figure, new_figure

PRIME_LATEX = {
    "sigmoid": r"\sigma(z)\,(1 - \sigma(z))",
    "tanh": r"1 - \tanh^2(z)",
    "relu": r"1 \text{ if } z > 0 \text{ else } 0",
    "leaky_relu": r"1 \text{ if } z > 0 \text{ else } 0.01",
    "softplus": r"\sigma(z)",
    "linear": r"1",
}
FAMILY_LABELS = {   # matplotlib's mathtext understands less LaTeX than MathJax
    "logistic": r"$2\sigma(2z) - 1$ (= tanh)", "tanh": r"$\tanh(z)$",
    "erf": r"$\mathrm{erf}(\frac{\sqrt{\pi}}{2} z)$", "gudermannian": r"$\frac{2}{\pi}\mathrm{gd}(\frac{\pi}{2} z)$",
    "algebraic": r"$z / \sqrt{1 + z^2}$", "arctan": r"$\frac{2}{\pi}\arctan(\frac{\pi}{2} z)$",
    "softsign": r"$z / (1 + |z|)$",
}
Z_RANGE = (-6.0, 6.0)
# Text sizes for a projector: at 1280×720 JupyterLab shows the explorer's 8-inch figure about
# 840 px wide (105 px per inch) and its static twin at 100 px per inch, so 12 pt is 16.7 px or
# more (tests/test_browser_explorers.py measures it).  Every text here is at least SMALL_PT.
TEXT_PT, SMALL_PT = 14.0, 12.0
FLAT = 0.01            # a slope below this counts as "flat": almost no gradient passes


def _check_scale(scale):
    return check_real(scale, "scale (the factor s in f(s·z))", above=0)


class ActivationView:
    """f(s·z) and its slope s·f′(s·z) on one set of axes, for z in Z_RANGE.

    ``update(name, scale)`` moves the lines in place and returns a line of HTML
    describing the setting (symbols, then numbers).
    """

    def __init__(self, fig=None, n_points=601):
        self.fig = fig if check_figure(fig) is not None else new_figure(figsize=(8, 4.5))
        self.ax = self.fig.axes[0] if self.fig.axes else self.fig.add_subplot(1, 1, 1)
        self.z = np.linspace(*Z_RANGE, n_points)
        ax = self.ax
        ax.axhline(0, color=COLORS["grey"], lw=0.8)
        ax.axvline(0, color=COLORS["grey"], lw=0.8)
        (self.f_line,) = ax.plot(self.z, self.z, color=COLORS["blue"], lw=3, label="$f(s z)$")
        (self.prime_line,) = ax.plot(self.z, self.z, color=COLORS["vermillion"], lw=3, ls="--",
                                     label=r"slope $d f(s z)/dz = s\,f'(s z)$")
        self.note = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=TEXT_PT - 1,
                            bbox=dict(boxstyle="round", fc="white", ec=COLORS["light"]))
        ax.set_xlim(*Z_RANGE)
        ax.set_xlabel("$z$", fontsize=TEXT_PT)
        ax.tick_params(labelsize=SMALL_PT)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=TEXT_PT - 1)
        self.name, self.scale = None, None

    def update(self, name="sigmoid", scale=1.0):
        act = get_activation(name, "name")
        s = _check_scale(scale)
        f = act.f(s * self.z)
        slope = s * act.prime(s * self.z)
        self.f_line.set_ydata(f)
        self.prime_line.set_ydata(slope)
        low, high = min(f.min(), slope.min(), -0.1), max(f.max(), slope.max(), 1.1)
        pad = 0.08 * (high - low)
        self.ax.set_ylim(low - pad, high + pad)
        flat = float(np.mean(np.abs(slope) < FLAT))
        self.note.set_text(f"{act.name}, input scale s = {s:g}\nlargest slope {slope.max():.3g}\n"
                           f"slope < {FLAT} on {flat:.0%} of this range")
        self.name, self.scale = act.name, s
        return (f"$\\displaystyle f(z) = {act.latex}$, &nbsp; $f'(z) = {PRIME_LATEX[act.name]}$<br>"
                f"With $s = {s:g}$: the largest slope of $f(sz)$ is ${slope.max():.3g}$, and the slope is "
                f"below ${FLAT}$ on {flat:.0%} of $z \\in [{Z_RANGE[0]:g}, {Z_RANGE[1]:g}]$.")


def plot_activation(name="sigmoid", scale=1.0):
    """Static twin of the activation explorer: f(s·z) and its slope for one setting."""
    import matplotlib.pyplot as plt
    get_activation(name, "name")              # check the arguments before a figure exists
    _check_scale(scale)
    fig, _ = plt.subplots(figsize=(8, 4.5))
    ActivationView(fig).update(name, scale)
    return fig


# Static figures 8.3 in wide: at 100 dpi that is <= 850 px, which JupyterLab shows 1:1
# at 1280x720 (its output area is 848 px wide), so the text keeps the size it is set to.
FIGURE_WIDTH = 8.3


def plot_sigmoid_family(names=None, z_max=4.0, tail_max=10.0):
    """Left: the scaled family on one plot.  Right: how far each is from ±1 (log scale).

    The legend names the curves of both panels and sits below them, where it covers no curve.
    """
    import matplotlib.pyplot as plt
    names = list(FAMILY_NAMES) if names is None else list(names)
    for n in names:
        get_shape(n)
    check_real(z_max, "z_max", above=0)
    check_real(tail_max, "tail_max", above=0)
    colours = [*CYCLE, COLORS["black"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(FIGURE_WIDTH, 5.0), layout="constrained")
    z = np.linspace(-z_max, z_max, 801)
    zt = np.linspace(0, tail_max, 401)
    for i, n in enumerate(names):
        style = dict(color=colours[i % len(colours)], lw=2.5)
        if n == "logistic":
            style.update(ls=":", lw=4, color=COLORS["grey"], zorder=5)      # on top: it lies on tanh
        label = FAMILY_LABELS.get(n, n)
        left.plot(z, scaled(n, z), label=label, **style)
        right.semilogy(zt, tail(n, zt), **style)
    left.plot(z, np.clip(z, -1.2, 1.2), color=COLORS["grey"], lw=1, ls="--")      # f(z) = z: the text names it
    left.set(xlabel="$z$", ylabel="$f(z)$", title="slope 1 at 0, limits ±1", ylim=(-1.1, 1.1))
    right.set(xlabel="$z$", ylabel=r"$1 - |f(z)|$ (log scale)", title="the tails: how fast each saturates",
              ylim=(1e-12, 1.5))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=4, frameon=False)
    return fig


def plot_gradient_norms(norms, title="gradient reaching each layer of a fresh 10-layer network"):
    """Grouped bars of ‖∂E/∂W^l‖ per layer l, one colour per activation (log scale).

    ``norms`` maps an activation name to an array of norms for layers 1..L.  The legend sits
    between the title and the bars, where it covers none of them.
    """
    import matplotlib.pyplot as plt
    if not isinstance(norms, dict) or not norms:
        raise TypeError("norms must be a non-empty dict {activation name: array of per-layer norms}")
    arrays = {k: np.asarray(v, dtype=float) for k, v in norms.items()}
    lengths = {a.shape for a in arrays.values()}
    if len(lengths) != 1 or arrays[next(iter(arrays))].ndim != 1:
        raise ValueError(f"every entry of norms must be a 1-D array of the same length, got shapes {sorted(lengths)}")
    if any(np.any(a <= 0) or not np.all(np.isfinite(a)) for a in arrays.values()):
        raise ValueError("norms must be finite and > 0 (they are drawn on a log scale)")
    n_layers = len(next(iter(arrays.values())))
    layers = np.arange(1, n_layers + 1)
    width = 0.8 / len(arrays)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 4.8), layout="constrained")
    colours = [COLORS[c] for c in ("vermillion", "blue", "green", "orange", "purple", "sky")]
    for i, (name, values) in enumerate(arrays.items()):
        ax.bar(layers + (i - (len(arrays) - 1) / 2) * width, values, width=width,
               color=colours[i % len(colours)], label=name)
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set(xlabel="layer $l$ (1 = next to the input)", ylabel=r"$\|\partial E / \partial W^l\|$ (log scale)")
    ax.set_title(title, pad=30)
    ax.legend(ncols=len(arrays), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return fig


__all__ = ["ActivationView", "plot_activation", "plot_sigmoid_family", "plot_gradient_norms",
           "PRIME_LATEX", "ACTIVATIONS"]
