"""The landscape drawings, the descent stepper and its static twin."""
import re

import numpy as np
import pytest

from helpers.draw.landscape import DescentStepView, draw_descent_step, draw_landscape
from helpers.experiments.surface import descent_path, gradient
from helpers.widgets.descent_stepper import DescentStepper

X2, T2 = [1.5, -1.0], [0.2, 0.7]


@pytest.fixture
def cheap_png(monkeypatch):
    monkeypatch.setattr("helpers.widgets.controls.figure_png", lambda fig, dpi=None: b"png")


def test_landscape_has_a_map_a_colorbar_and_a_surface():
    path = descent_path(0.8, 0.0, 2.0, 10, X2, T2)
    fig = draw_landscape(X2, T2, [("η = 2", "C0", path)], arrows=[(1.0, 1.0)])
    names = [ax.name for ax in fig.axes]
    assert names.count("3d") == 1 and len(fig.axes) == 3
    contour_ax = fig.axes[0]
    assert contour_ax.get_aspect() == 1.0                  # equal scales: right angles look right
    line = contour_ax.get_lines()[0]
    assert np.allclose(line.get_xdata(), path[:, 0]) and np.allclose(line.get_ydata(), path[:, 1])


def test_landscape_fits_the_notebook_and_its_legend_covers_no_data():
    import struct
    import matplotlib.pyplot as plt
    from helpers.draw.style import palette_png
    paths = [(f"η = {lr:g}", c, descent_path(0.8, 0.0, lr, 25, X2, T2)) for lr, c in ((1.0, "C0"), (50.0, "C1"))]
    fig = draw_landscape(X2, T2, paths, arrows=[(1.0, 1.2)])
    assert fig.get_size_inches()[0] <= 8.5
    assert struct.unpack(">I", palette_png(fig)[16:20])[0] <= 850      # pixels after the tight bounding box
    assert all(ax.get_legend() is None for ax in fig.axes) and len(fig.legends) == 1   # under the panels
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        assert not legend.overlaps(ax.get_window_extent(renderer))
    plt.close(fig)


def test_step_view_shows_the_path_so_far_and_the_next_update():
    view = DescentStepView(X2, T2, 0.8, 0.0, 2.0, steps=6)
    path = descent_path(0.8, 0.0, 2.0, 6, X2, T2)
    for k in (0, 3, 6):
        html = view.update(k)
        assert f"Step {k} of 6" in html
        assert len(view.line.get_xdata()) == k + 1
        assert view.point(k) == pytest.approx(tuple(path[k]))
        assert ("next:" in html) == (k < 6)
    with pytest.raises(ValueError, match="k must be between 0 and 6"):
        view.update(7)
    with pytest.raises(TypeError, match="k must be a whole number of steps from 0 to 6, got 1.5"):
        view.update(1.5)


def test_static_twin_matches_the_view():
    fig = draw_descent_step(X2, T2, 0.8, 0.0, 25.0, k=3, steps=5)
    ax = fig.axes[0]
    assert "step 3 of 5" in ax.get_title()
    path = descent_path(0.8, 0.0, 25.0, 5, X2, T2)
    xs = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 4][0].get_xdata()
    assert np.allclose(xs, path[:4, 0])


def test_stepper_buttons_and_sliders(cheap_png):
    s = DescentStepper(X2, T2, w0=0.8, b0=0.0, lr=2.0, steps=8)
    c = s.controls
    assert s.k == 0 and c.n_steps == 8
    c.next_button.click(); c.next_button.click()
    assert s.k == 2
    assert s.shown() == pytest.approx(tuple(descent_path(0.8, 0.0, 2.0, 2, X2, T2)[2]))
    s.lr.value = 10.0                                     # a new η restarts at step 0
    assert s.k == 0 and s.shown()[:2] == pytest.approx((0.8, 0.0))
    c.next_button.click()
    dw, db = gradient(0.8, 0.0, X2, T2)
    assert s.shown()[:2] == pytest.approx((0.8 - 10.0 * dw, -10.0 * db))
    s.w0.value = -2.0
    assert s.k == 0 and s.shown()[0] == pytest.approx(-2.0)
    c.previous_button.click()
    assert s.k == 0 and c.previous_button.disabled
    assert "descent on the landscape" in s._repr_mimebundle_()["text/plain"]


@pytest.mark.parametrize("kw, words", [
    (dict(lr=100.0), "lr (the learning rate η) must be a finite number from 0.1 to 60"),
    (dict(w0=1e6), "w0 must be a finite number from -6 to 2"),
    (dict(lr_max=0.05), "lr_max must be a finite number >= 0.2"),
    (dict(lr="a"), "got 'a' (str)"),
])
def test_descent_stepper_refuses_what_its_sliders_cannot_show(kw, words):
    args = {"w0": 0.8, "b0": 0.0, "lr": 2.0, **kw}
    with pytest.raises(ValueError, match=re.escape(words)):
        DescentStepper(X2, T2, **args)


def test_paths_along_the_same_line_all_show_on_the_map():
    """Notebook 01: a small and a good η walk the same way. The path that ends lowest (η = 4) is on top, thin;
    the others are under it and wider, so both show."""
    import matplotlib.pyplot as plt
    paths = [(f"η = {lr:g}", c, descent_path(0.8, 0.0, lr, 25, X2, T2)) for lr, c in ((1.0, "C0"), (4.0, "C1"), (50.0, "C2"))]
    fig = draw_landscape(X2, T2, paths, arrows=[])
    lines = [line for line in fig.axes[0].get_lines() if line.get_label().startswith("η")]
    assert [line.get_label() for line in lines] == ["η = 1", "η = 4", "η = 50"]
    stack = sorted(lines, key=lambda line: line.get_zorder())            # bottom first
    widths = [line.get_linewidth() for line in stack]
    assert stack[-1].get_label() == "η = 4"                              # the lowest end, on top
    assert widths == sorted(widths, reverse=True) and widths[-2] - widths[-1] > 1.5     # wider than the one on top
    plt.close(fig)
