"""Colours, text sizes and PNG rendering shared by every drawing."""
import io

import matplotlib
import numpy as np
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
    """Apply the workbook's style to every later figure (a notebook calls this once).

    In a Jupyter kernel it also makes figures display as 256-colour palette PNGs
    (``palette_png``): the same dpi and look, pure white kept pure white, about a
    quarter of the bytes, so the stored notebooks stay small.
    """
    matplotlib.rcParams.update(RC)
    try:
        from IPython import get_ipython
    except ImportError:                      # plain Python: nothing is displayed inline
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        import matplotlib.pyplot as _plt  # noqa: F401  (the inline backend registers its formatter first)
        from matplotlib.figure import Figure
        shell.display_formatter.formatters["image/png"].for_type(Figure, palette_png)


def quantize_png(png):
    """PNG bytes re-encoded with a palette of at most 256 colours; pure white stays pure white."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("RGB")
    white = np.all(np.asarray(image) == 255, axis=-1)
    indexed = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = np.array(indexed.getpalette()[:768], dtype=np.uint8).reshape(-1, 3)
    index = np.asarray(indexed).copy()
    if white.any():                          # white gets an entry of its own, exactly (255, 255, 255)
        w = int(np.bincount(index[white]).argmax())
        palette[w] = 255
        index[white] = w
    out = Image.fromarray(index, mode="P")
    out.putpalette(palette.ravel().tolist())
    buf = io.BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def palette_png(fig):
    """A figure as an inline notebook shows it (tight bounding box, savefig dpi), as a palette PNG."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return quantize_png(buf.getvalue())


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
