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

    In a Jupyter kernel it also makes figures display as palette PNGs of at most 256
    colours (``palette_png``): the same dpi and look, pure white kept pure white, about a
    fifth of the bytes, so the stored notebooks stay small.
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


# palette sizes tried in turn; the first that looks the same as the original is kept
PALETTE_SIZES = (24, 32, 48, 64, 96, 128, 192, 256)


def quantize_png(png, tolerance=8, mean_error=1.0):
    """PNG bytes re-encoded with the smallest palette (at most 256 colours) that looks the same.

    A figure's lines, fills and text use a few colours; antialiased edges add many blends of
    them. Palettes of 24, 32, ... 256 colours (median cut, no dithering) are tried in turn, and
    the first is kept in which every colour covering at least 0.05 % of the picture is off by at
    most ``tolerance`` (of 255) in each channel and the mean error is at most ``mean_error``.
    Pure white stays pure white.
    """
    from PIL import Image
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    pixels = rgb.reshape(-1, 3)
    code = (pixels[:, 0].astype(np.uint32) << 16) | (pixels[:, 1].astype(np.uint32) << 8) | pixels[:, 2]
    _, first, counts = np.unique(code, return_index=True, return_counts=True)
    large = counts >= 5e-4 * len(pixels)             # the colours of lines, fills and text
    white = code == 0xFFFFFF
    image = Image.fromarray(rgb)
    for size in PALETTE_SIZES:
        indexed = image.quantize(colors=size, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        palette = np.array(indexed.getpalette()[:3 * size], dtype=np.uint8).reshape(-1, 3)
        index = np.asarray(indexed).reshape(-1).copy()
        if white.any():                          # white gets an entry of its own, exactly (255, 255, 255)
            w = int(np.bincount(index[white]).argmax())
            palette[w] = 255
            index[white] = w
        # without dithering every pixel of one colour gets the same entry: judge each colour once
        error = np.abs(palette[index[first]].astype(np.int16) - pixels[first]).max(axis=1)
        if error[large].max(initial=0) <= tolerance and error @ counts <= mean_error * len(pixels):
            break
    out = Image.fromarray(index.reshape(rgb.shape[:2]), mode="P")
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
