"""helpers.draw.training: drawings of a given state, checked through their artists."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.draw.style import NEGATIVE, POSITIVE, new_figure
from helpers.draw.digits import plot_confusion_matrix, plot_digit_grid, plot_hidden_weights
from helpers.draw.training import DPI, FIGSIZE, TEXT_PT, TrainingView, dashboard_snapshot, draw_weights, update_weights
from helpers.nn import MLP
from helpers.experiments.session import TrainingSession, decision_grid
from matplotlib.colors import to_hex


def test_view_updates_in_place():
    s = TrainingSession(dataset="moons")
    view = TrainingView(s, fig=new_figure(figsize=FIGSIZE))
    image, lines, n_axes = view.map_artists["image"], view.loss_lines, len(view.fig.axes)
    s.run(3)
    status = view.update(s)
    assert view.map_artists["image"] is image and view.loss_lines is lines and len(view.fig.axes) == n_axes
    assert np.allclose(image.get_array(), decision_grid(s.net, resolution=view.resolution)[2])
    assert list(lines[0].get_xdata()) == [0, 1, 2, 3] and np.allclose(lines[1].get_ydata(), s.history["test_loss"])
    assert view.title.get_text().startswith("epoch 3") and status == s.status


def test_snapshot_is_a_pyplot_figure_of_the_session():
    s = TrainingSession(dataset="xor").run(2)
    fig = dashboard_snapshot(s)
    assert fig in map(plt.figure, plt.get_fignums())
    assert "epoch 2" in fig._suptitle.get_text()


def test_weight_edges_show_sign_and_size():
    net = MLP.from_params([np.array([[2.0, -1.0]])], [np.zeros(1)])
    fig = new_figure()
    ax = fig.add_subplot()
    edges = draw_weights(ax, net)
    (_, _, _, strong), (_, _, _, weak) = edges
    assert to_hex(strong.get_color()) == POSITIVE.lower() and to_hex(weak.get_color()) == NEGATIVE.lower()
    assert strong.get_linewidth() > weak.get_linewidth()
    net.weights[0][0, 1] = -4.0
    assert update_weights(ax, edges, net) is edges                  # same sizes: recoloured in place
    assert weak.get_linewidth() > strong.get_linewidth()
    bigger = update_weights(ax, edges, MLP([2, 3, 1]))              # new sizes: redrawn
    assert len(bigger) == 9


def test_confusion_matrix_plot_and_digit_grids():
    fig, ax = plt.subplots()
    C = plot_confusion_matrix(ax, np.array([0, 1, 1]), np.array([0, 1, 0]), n_classes=2)
    assert C.tolist() == [[1, 0], [1, 1]] and len(ax.texts) == 3
    ax = plot_digit_grid(plt.figure().add_subplot(), np.zeros((3, 64)), ["a", "b", "c"], ncols=2)
    assert [t.get_text() for t in ax.texts] == ["a", "b", "c"]
    assert ax.images[0].get_array().shape == (2 * 10 + 2, 2 * 10 + 2)     # 2×2 tiles of 8 plus gaps
    ax = plot_hidden_weights(plt.figure().add_subplot(), np.arange(640.0).reshape(10, 64) - 300)
    assert ax.texts[-1].get_text() == "neuron 10" and np.nanmax(np.abs(ax.images[0].get_array())) == 1
    with pytest.raises(ValueError, match="64"):
        plot_hidden_weights(plt.figure().add_subplot(), np.ones((10, 4)))
    with pytest.raises(ValueError, match="images"):
        plot_digit_grid(plt.figure().add_subplot(), np.ones((2, 8, 8)), ["a", "b"])


def test_weight_diagram_keeps_no_state_on_the_axes():
    fig = new_figure()
    ax = fig.add_subplot()
    edges = draw_weights(ax, MLP([2, 3, 1]))
    assert not hasattr(ax, "_bp_sizes")
    assert update_weights(ax, edges, MLP([2, 3, 1], seed=5)) is edges     # same sizes, other weights
    other = update_weights(ax, edges, MLP([1, 3, 2]))                     # same number of edges, other sizes
    assert other is not edges and {(l, j, k) for l, j, k, _ in other} == \
        {(1, j, 0) for j in range(3)} | {(2, j, k) for j in range(2) for k in range(3)}


def test_sign_colormap_is_shared():
    from helpers.draw import style
    from matplotlib.colors import to_hex
    assert to_hex(style.SIGN_CMAP(0.0)) == NEGATIVE.lower() and to_hex(style.SIGN_CMAP(1.0)) == POSITIVE.lower()
    assert np.allclose(style.SIGN_CMAP(0.5)[:3], 1, atol=0.01)
    assert list(style.RC["axes.prop_cycle"].by_key()["color"]) == list(style.CYCLE)
    ax = plot_hidden_weights(plt.figure().add_subplot(), np.ones((2, 64)))
    assert ax.images[0].get_cmap().name.startswith("sign")


# ---------------------------------------------------------------- the loss axis and its legend
LOSS_HISTORIES = {
    "falls over two decades": (np.geomspace(0.5, 0.004, 30), np.geomspace(0.55, 0.01, 30)),
    "within one decade (a spiral's first epochs)": (np.linspace(0.1251, 0.1209, 4), np.linspace(0.1257, 0.1237, 4)),
    "constant": (np.full(6, 0.125), np.full(6, 0.125)),
    "a hair's breadth": (np.linspace(0.10301, 0.10302, 5), np.linspace(0.10301, 0.10303, 5)),
    "less than a decade across 0.1": (np.geomspace(0.2, 0.03, 20), np.geomspace(0.21, 0.05, 20)),
    "twelve decades": (np.geomspace(1, 1e-12, 50), np.geomspace(1, 1e-11, 50)),
    "one point": (np.array([0.2]), np.array([0.21])),
    "rises (diverging)": (np.geomspace(0.1, 0.4, 15), np.geomspace(0.12, 0.5, 15)),
    "zig-zag": (0.1 + 0.02 * (np.arange(25) % 2), 0.11 + 0.02 * (np.arange(25) % 3)),
}


def _loss_view(train, test):
    """The dashboard's figure with this loss history drawn (the rest from a session at epoch 0)."""
    s = TrainingSession(dataset="spiral", n_samples=40)
    view = TrainingView(s, fig=new_figure(figsize=FIGSIZE))
    s.history = {"epoch": list(range(len(train))), "loss": list(train), "test_loss": list(test),
                 "accuracy": [0.5] * len(train), "test_accuracy": [0.5] * len(train)}
    view.update(s)
    view.fig.canvas.draw()
    return view


@pytest.mark.parametrize("name", LOSS_HISTORIES)
def test_the_loss_axis_always_has_numbered_ticks(name):
    view = _loss_view(*LOSS_HISTORIES[name])
    ax = view.ax_loss
    lo, hi = ax.get_ylim()
    assert ax.get_yscale() == "log"
    shown = [(t.get_position()[1], t.get_text()) for t in ax.yaxis.get_ticklabels()
             if t.get_visible() and t.get_text() and lo <= t.get_position()[1] <= hi]
    assert len(shown) >= 2, f"{name}: the loss axis from {lo:.4g} to {hi:.4g} shows the numbers {shown}"
    texts = [text for _, text in shown]
    assert len(set(texts)) == len(texts), f"{name}: two ticks carry the same number: {texts}"
    for value, text in shown:                       # each number is the tick's own value
        assert np.isclose(float(text.replace("\u2212", "-")), value, rtol=1e-9), (name, value, text)


def test_a_fresh_spiral_session_has_numbers_on_its_loss_axis():
    s = TrainingSession(dataset="spiral", hidden=(8, 8), activation="relu").run(1)
    fig = dashboard_snapshot(s)
    fig.canvas.draw()
    ax = fig.axes[1]
    lo, hi = ax.get_ylim()
    assert hi / lo < 1.2                            # the case a plain log axis leaves blank
    assert sum(bool(t.get_text()) and lo <= t.get_position()[1] <= hi for t in ax.yaxis.get_ticklabels()) >= 2


def _segment_points(line, per_segment=40):
    """Display coordinates of points all along a drawn line (the segments are straight on screen)."""
    xy = line.get_transform().transform(np.c_[line.get_xdata(), line.get_ydata()])
    if len(xy) == 1:
        return xy
    t = np.linspace(0, 1, per_segment)[:, None, None]
    return (xy[:-1] + t * (xy[1:] - xy[:-1])).reshape(-1, 2)


@pytest.mark.parametrize("name", LOSS_HISTORIES)
def test_the_legend_covers_no_curve_and_no_title(name):
    view = _loss_view(*LOSS_HISTORIES[name])
    renderer = view.fig.canvas.get_renderer()
    box = view.ax_loss.get_legend().get_window_extent(renderer)
    for line in view.loss_lines:
        pts = _segment_points(line)
        inside = (pts[:, 0] >= box.x0) & (pts[:, 0] <= box.x1) & (pts[:, 1] >= box.y0) & (pts[:, 1] <= box.y1)
        assert not inside.any(), f"{name}: the legend covers {line.get_label()} at {pts[inside][0]}"
    fig_box = view.fig.bbox
    assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1 and fig_box.y0 <= box.y0 and box.y1 <= fig_box.y1
    for title in (view.title, view.ax_map.title):
        assert not box.overlaps(title.get_window_extent(renderer)), f"{name}: the legend overlaps {title.get_text()!r}"


@pytest.mark.parametrize("dataset", ["spiral", "circles", "xor"])
def test_the_map_legend_covers_no_sample_and_no_label(dataset):
    s = TrainingSession(dataset=dataset).run(2)
    view = TrainingView(s, fig=new_figure(figsize=FIGSIZE))
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    box = view.ax_map.get_legend().get_window_extent(renderer)
    for points in (view.map_artists["train"], view.map_artists["test"]):
        xy = view.ax_map.transData.transform(points.get_offsets())
        inside = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)
        assert not inside.any(), f"{dataset}: the legend covers a sample at {xy[inside][0]}"
    labels = [view.ax_map.xaxis.label] + [t for t in view.ax_map.get_xticklabels() if t.get_text()]
    assert not any(box.overlaps(t.get_window_extent(renderer)) for t in labels), "the legend covers a label"
    assert not box.overlaps(view.ax_map.get_window_extent(renderer)), "the legend sits below the map"
    assert box.y0 >= 0 and box.x1 <= view.fig.bbox.x1


def test_the_dashboard_is_shown_one_to_one_with_text_of_14_px_or_more():
    """Live (new_figure, the widget's dpi) and static (pyplot, the notebook's tight PNG): at most
    848 px wide, the width of JupyterLab's output area at 1280x720, so the browser shows the
    picture 1:1 and a text of pt points is pt / 72 * dpi pixels.  Checked under matplotlib's
    default rcParams, so the sizes do not depend on a notebook's use_style()."""
    from matplotlib.text import Text
    from helpers.draw.style import figure_png, palette_png
    s = TrainingSession(dataset="spiral", hidden=(8, 8), activation="relu").run(5)
    with plt.rc_context(plt.rcParamsDefault):
        live = TrainingView(s, fig=new_figure(figsize=FIGSIZE))
        still = dashboard_snapshot(s)
    for fig, png in ((live.fig, figure_png(live.fig, DPI)), (still, palette_png(still))):
        assert int.from_bytes(png[16:20], "big") <= 848
        fig.canvas.draw()
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        assert min(sizes) >= TEXT_PT and TEXT_PT / 72 * DPI >= 14, min(sizes)
    plt.close(still)


def test_the_map_shows_the_output_in_ten_bands():
    """Ten colours of y, so the boundary y = 0.5 is a band edge and the PNG needs few colours."""
    s = TrainingSession(dataset="circles").run(20)
    view = TrainingView(s, fig=new_figure(figsize=FIGSIZE))
    image = view.map_artists["image"]
    assert image.cmap.N == 10 and image.get_interpolation_stage() == "data"
    y = np.linspace(0, 1, 1001)
    colours = image.cmap(image.norm(y))
    assert len({tuple(c) for c in colours}) == 10
    below, above = colours[y < 0.5], colours[y > 0.5]        # orange-ish below 0.5, blue-ish above
    assert np.all(below[:, 0] > below[:, 2]) and np.all(above[:, 2] > above[:, 0])
