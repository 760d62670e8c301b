"""Drawings of notebooks 03 and 07: the lines drawn are the functions' values, bad input is refused."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.activations import ACTIVATIONS, get_activation
from helpers.draw.activations import (PRIME_LATEX, ActivationView, plot_activation,
                                      plot_gradient_norms, plot_sigmoid_family)
from helpers.draw.fd_study import draw_modes, plot_costs, plot_step_size_study
from helpers.draw.style import figure_png, palette_png
from helpers.experiments.fd_study import step_size_study
from helpers.experiments.sigmoid_family import NAMES, scaled


def test_every_activation_has_a_derivative_label():
    assert set(PRIME_LATEX) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("scale", [0.5, 3.0])
def test_view_draws_f_and_its_slope(name, scale):
    view = ActivationView()
    html = view.update(name, scale)
    act = get_activation(name)
    z = view.z
    assert np.allclose(view.f_line.get_ydata(), act.f(scale * z))
    assert np.allclose(view.prime_line.get_ydata(), scale * act.prime(scale * z))
    assert f"{scale:g}" in html and "$f'(z)" in html
    assert name in view.note.get_text()
    low, high = view.ax.get_ylim()
    assert low <= view.f_line.get_ydata().min() and high >= view.f_line.get_ydata().max()


def test_view_updates_in_place():
    view = ActivationView()
    lines = list(view.ax.lines)
    view.update("tanh", 2.0)
    view.update("relu", 0.5)
    assert list(view.ax.lines) == lines and view.name == "relu" and view.scale == 0.5
    assert figure_png(view.fig).startswith(b"\x89PNG")


def test_sigmoid_slope_note_counts_the_flat_part():
    view = ActivationView()
    view.update("sigmoid", 1.0)
    slope = view.prime_line.get_ydata()
    assert f"{np.mean(slope < 0.01):.0%}" in view.note.get_text()
    assert "0.25" in view.note.get_text()


def test_static_twin_matches_view():
    fig = plot_activation("softplus", 2.0)
    ax = fig.axes[0]
    z = ax.lines[2].get_xdata()
    assert np.allclose(ax.lines[2].get_ydata(), get_activation("softplus").f(2.0 * z))


def test_view_bad_input():
    view = ActivationView()
    with pytest.raises(ValueError, match="name must be one of"):
        view.update("swish", 1.0)
    for bad in (0, -1.0, np.inf, "2", True):
        with pytest.raises(ValueError, match="scale"):
            view.update("tanh", bad)


def test_family_plot_draws_every_member():
    fig = plot_sigmoid_family()
    left, right = fig.axes
    curves = [l for l in left.lines if l.get_label() and not l.get_label().startswith("_")]
    assert len(curves) == len(NAMES)
    for line, name in zip(curves, NAMES):
        assert np.allclose(line.get_ydata(), scaled(name, line.get_xdata()))
    # notebook 03 says the dotted logistic lies on the tanh curve: it is drawn over it, in both panels
    for ax in (left, right):
        dotted = [l for l in ax.lines if l.get_linestyle() == ":"]
        assert len(dotted) == 1 and dotted[0].get_zorder() > max(l.get_zorder() for l in ax.lines if l is not dotted[0])
    assert right.get_yscale() == "log"
    with pytest.raises(ValueError, match="name must be one of"):
        plot_sigmoid_family(["tanh", "cosine"])
    with pytest.raises(ValueError, match="z_max"):
        plot_sigmoid_family(z_max=0)


def test_gradient_norm_bars():
    norms = {"sigmoid": [1e-4, 1e-2, 1.0], "tanh": [0.5, 0.7, 1.0]}
    fig = plot_gradient_norms(norms)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1e-4, 1e-2, 1.0, 0.5, 0.7, 1.0]
    assert ax.get_yscale() == "log"
    with pytest.raises(TypeError, match="norms"):
        plot_gradient_norms([1, 2])
    with pytest.raises(ValueError, match="same length"):
        plot_gradient_norms({"a": [1, 2], "b": [1]})
    with pytest.raises(ValueError, match="> 0"):
        plot_gradient_norms({"a": [1, 0]})


def _png_width(fig):
    png = palette_png(fig)
    return int.from_bytes(png[16:20], "big")


def _legend_covers_no_data(fig, legend):
    """The legend's box overlaps no visible line point and no bar (in display pixels)."""
    fig.canvas.draw()
    box = legend.get_window_extent()
    for ax in fig.axes:
        frame = ax.get_window_extent()
        for line in ax.lines:
            xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
            shown = xy[[frame.contains(x, y) for x, y in xy]]     # the rest is clipped away
            assert len(shown) and box.count_contains(shown) == 0, line.get_label()
        for bar in ax.patches:
            assert not box.overlaps(bar.get_window_extent())


def test_static_figures_are_shown_one_to_one():
    """At most 850 px wide (JupyterLab's output area at 1280x720 is 848 px), legends off the data."""
    fig = plot_sigmoid_family()
    assert _png_width(fig) <= 850
    _legend_covers_no_data(fig, fig.legends[0])
    plt.close(fig)
    norms = {"sigmoid": np.logspace(-5, 1, 10), "tanh": np.full(10, 2.0), "relu": np.full(10, 0.2)}
    fig = plot_gradient_norms(norms)
    assert _png_width(fig) <= 850
    _legend_covers_no_data(fig, fig.axes[0].get_legend())
    plt.close(fig)


def test_step_size_plot_and_costs_plot():
    study = step_size_study(np.sin, np.cos, 1.0)
    fig = plot_step_size_study(study)
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert np.allclose(ax.lines[0].get_xdata(), study["h"])
    with pytest.raises(TypeError, match="study"):
        plot_step_size_study({"h": [1]})
    fig = plot_costs([10, 100, 1000], [20, 200, 2000], [2, 2, 2], "passes", "cost")
    assert [tuple(l.get_ydata()) for l in fig.axes[0].lines] == [(20, 200, 2000), (2, 2, 2)]
    with pytest.raises(ValueError, match="same length"):
        plot_costs([1, 2], [1], [1, 2], "", "")
    with pytest.raises(ValueError, match="> 0"):
        plot_costs([1, 2], [0, 1], [1, 2], "", "")


def test_modes_diagram_has_both_rows():
    fig = draw_modes()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert len(titles) == 2 and titles[0].startswith("forward mode") and titles[1].startswith("reverse mode")


def test_static_twin_with_bad_input_leaves_no_figure_behind():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="name must be one of"):
        plot_activation("swish")
    with pytest.raises(ValueError, match="scale"):
        plot_activation("tanh", -1.0)
    assert plt.get_fignums() == before
