"""helpers.draw.style: palette PNGs for notebook figures (same size, same look, pure white kept, far fewer bytes)."""
import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from helpers.draw import style


def _figure():
    fig, ax = plt.subplots(figsize=(8, 4.5))
    x = np.linspace(0, 6, 200)
    for k in range(5):
        ax.plot(x, np.sin(x + k), lw=2.5, color=style.CYCLE[k], label=f"curve {k}")
    ax.legend()
    ax.set(title=r"$E = \frac{1}{2}(t - y)^2$", xlabel="$z$")
    return fig


def _both(fig):
    """The figure as plain PNG and as the palette PNG a notebook stores, as RGB arrays."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    full, small = buf.getvalue(), style.palette_png(fig)
    a, b = Image.open(io.BytesIO(full)), Image.open(io.BytesIO(small))
    assert b.mode == "P" and b.size == a.size                        # a palette, the same pixels wide and high
    return full, small, np.asarray(a.convert("RGB")).astype(int), np.asarray(b.convert("RGB")).astype(int), b


def test_palette_png_looks_the_same_in_a_fifth_of_the_bytes():
    full, small, ra, rb, _ = _both(_figure())
    assert len(small) < len(full) / 4, (len(full), len(small))
    white = (ra == 255).all(axis=-1)
    assert white.mean() > 0.5 and (rb[white] == 255).all()          # every pure white pixel is still pure white
    assert np.abs(ra - rb).mean() <= 1.0                            # only antialiased edges move, and little
    # the colours of the lines themselves (not their antialiased edges) are kept within 8 of 255
    for colour in style.CYCLE[:5]:
        rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
        exact = (ra == rgb).all(axis=-1)
        assert exact.sum() > 100 and np.abs(rb[exact] - rgb).max() <= 8, colour


def test_palette_size_adapts_to_the_picture():
    """A line plot needs few colours; a smooth colour map needs many, and gets them."""
    *_, lines = _both(_figure())
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.imshow(np.linspace(0, 1, 300)[None, :] * np.ones((200, 1)), cmap="viridis", aspect="auto")
    _, _, ra, rb, smooth = _both(fig)
    n_lines, n_smooth = (len(set(np.asarray(im).ravel().tolist())) for im in (lines, smooth))
    assert n_lines <= 64 < n_smooth, (n_lines, n_smooth)
    assert np.abs(ra - rb).mean() <= 1.0                            # the gradient still looks smooth


def test_use_style_registers_the_palette_formatter_in_ipython(monkeypatch):
    import IPython
    from IPython.core.formatters import DisplayFormatter
    from matplotlib.figure import Figure

    class Shell:
        display_formatter = DisplayFormatter()

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    style.use_style()
    png = shell.display_formatter.formatters["image/png"](_figure())
    assert Image.open(io.BytesIO(png)).mode == "P"
    assert shell.display_formatter.formatters["image/png"].lookup_by_type(Figure) is style.palette_png


def test_use_style_outside_ipython_only_sets_the_style():
    style.use_style()
    assert plt.rcParams["savefig.dpi"] == style.RC["savefig.dpi"]
