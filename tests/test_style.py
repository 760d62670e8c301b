"""helpers.draw.style: palette PNGs for notebook figures (same size, pure white kept, far fewer bytes)."""
import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from helpers.draw import style


def _figure():
    fig, ax = plt.subplots(figsize=(8, 4.5))
    x = np.linspace(0, 6, 200)
    for k in range(5):
        ax.plot(x, np.sin(x + k), lw=2.5, label=f"curve {k}")
    ax.legend()
    ax.set(title=r"$E = \frac{1}{2}(t - y)^2$", xlabel="$z$")
    return fig


def test_palette_png_looks_the_same_in_a_quarter_of_the_bytes():
    fig = _figure()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    full, small = buf.getvalue(), style.palette_png(fig)
    a, b = Image.open(io.BytesIO(full)), Image.open(io.BytesIO(small))
    assert b.mode == "P" and b.size == a.size                        # a palette, the same pixels wide and high
    assert len(small) < len(full) / 2.5, (len(full), len(small))
    ra, rb = np.asarray(a.convert("RGB")).astype(int), np.asarray(b.convert("RGB")).astype(int)
    white = (ra == 255).all(axis=-1)
    assert white.mean() > 0.5 and (rb[white] == 255).all()          # every pure white pixel is still pure white
    assert np.abs(ra - rb).mean() < 1.0 and np.percentile(np.abs(ra - rb), 99.9) < 24


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
