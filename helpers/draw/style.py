"""Colours, text sizes and PNG rendering shared by every drawing."""
import io

import matplotlib
from matplotlib.colors import LinearSegmentedColormap

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
COLORS = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
    "grey": "#999999", "light": "#E5E5E5",
}
POSITIVE, NEGATIVE = COLORS["blue"], COLORS["vermillion"]      # signs of weights and gradients
FORWARD, BACKWARD = COLORS["blue"], COLORS["vermillion"]       # the two passes
HIGHLIGHT = COLORS["orange"]
# the colour cycle of lines drawn one after another
CYCLE = tuple(COLORS[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple"))
# signed values (weights, gradients): NEGATIVE below zero, white at zero, POSITIVE above
SIGN_CMAP = LinearSegmentedColormap.from_list("sign", [NEGATIVE, "#FFFFFF", POSITIVE])

RC = {
    "font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12,
    "xtick.labelsize": 11, "ytick.labelsize": 11, "legend.fontsize": 11,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(CYCLE)),
    "figure.dpi": 100, "savefig.dpi": 100,
}


def use_style():
    """Apply the workbook's style to every later figure (a notebook calls this once)."""
    matplotlib.rcParams.update(RC)


def new_figure(figsize=(8, 4.5), **kwargs):
    """A figure that is *not* registered with pyplot, so widgets can redraw it without
    it also appearing as a stray inline output. Use ``plt.subplots`` for static twins.

    Only the Figure itself (its size, dpi and colours) is made under the workbook's style
    (``RC``); axes and text added to it later follow the rcParams in force when they are
    added, which are the workbook's once a notebook has called ``use_style()``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=figsize, **kwargs)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig, dpi=None):
    """The figure rendered as PNG bytes (what a widget's Image shows)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi)
    return buf.getvalue()
