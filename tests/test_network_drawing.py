"""The network diagram: highlighted neurons, edges and labels are those of the current step."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.draw.network import (MAX_EDGE_LABELS, UNKNOWN_FACE, NetworkView, fmt_value, render_step, storyboard,
                                  weight_heatmaps)
from helpers.draw.style import HIGHLIGHT, NEGATIVE, POSITIVE
from helpers.nn import MLP
from helpers.steps.trace import trace

X, T = [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8]


@pytest.fixture(scope="module")
def view():
    return NetworkView(trace(MLP([5, 8, 6, 3], seed=1), X, T, 0.5))


def _rgba(c):
    return tuple(np.round(matplotlib.colors.to_rgba(c), 3))


def test_forward_z_step_highlights_its_inputs_and_labels_its_weights(view):
    tr = view.trace
    k = next(i + 1 for i, s in enumerate(tr) if s.symbol == "z^{2}_{3}")
    view.update(k)
    assert view.written_neurons == {(2, 2)}
    assert view.read_neurons == {(1, j) for j in range(8)}
    assert view.highlighted_edges == [(2, 2, j) for j in range(8)]
    W = tr.net.weights[1]
    assert view.label_texts == {(2, 2, j): fmt_value(W[2, j]) for j in range(8)}
    visible = [t for t in view.edge_labels if t.get_visible()]
    assert len(visible) == 8
    # the highlighted circle has the highlight colour and the widest ring
    i = view.index[(2, 2)]
    assert _rgba(view.circles.get_edgecolors()[i]) == _rgba(HIGHLIGHT)
    assert view.circles.get_linewidths()[i] == max(view.circles.get_linewidths())
    assert view.values[i].get_text() == fmt_value(tr[k - 1].value)


def test_not_yet_computed_neurons_are_grey_and_blank(view):
    tr = view.trace
    view.update(3)                 # z^1_1, a^1_1, z^1_2 done
    faces = view.circles.get_facecolors()
    for i, (l, j) in enumerate(view.neurons):
        known = l == 0 or (l == 1 and j < 2)
        assert (tuple(np.round(faces[i], 3)) == _rgba(UNKNOWN_FACE)) == (not known)
        assert (view.values[i].get_text() == "") == (not known)
    assert view.values[view.index[(1, 1)]].get_text() == fmt_value(tr.state(3)[("z", 1, 1)])


def test_hidden_delta_step_reads_next_layer(view):
    tr = view.trace
    k = next(i + 1 for i, s in enumerate(tr) if s.symbol == r"\delta^{1}_{4}")
    view.update(k)
    assert view.written_neurons == {(1, 3)}
    assert view.read_neurons == {(2, i) for i in range(6)}     # (z^1_4 is its own neuron)
    assert view.highlighted_edges == [(2, i, 3) for i in range(6)]
    assert set(view.label_texts) == set(view.highlighted_edges)
    # in the backward pass a neuron shows its delta
    assert view.values[view.index[(2, 0)]].get_text() == fmt_value(tr.state(k)[("delta", 2, 0)])


def test_update_step_highlights_all_edges_of_the_layer_without_labels(view):
    tr = view.trace
    view.update(len(tr) - 1)        # update of layer 2: 48 edges, too many to label
    assert tr[len(tr) - 2].phase == "update"
    assert len(view.highlighted_edges) == 48 > MAX_EDGE_LABELS
    assert view.label_texts == {} and not any(t.get_visible() for t in view.edge_labels)


def test_edges_coloured_by_sign_and_show_new_weights_after_update(view):
    tr = view.trace
    view.update(len(tr))
    new_w = np.array([tr.state(len(tr))[("w_new",) + e] for e in view.edges])
    colors = view.edge_lines.get_colors()
    for c, w in zip(colors, new_w):
        assert _rgba(c)[:3] == _rgba(POSITIVE if w >= 0 else NEGATIVE)[:3]
    widths = view.edge_lines.get_linewidths()
    assert widths[np.argmax(np.abs(new_w))] == max(widths)


def test_update_changes_artists_in_place(view):
    fig, circles, texts = view.fig, view.circles, list(view.values)
    n_children = len(view.ax.get_children())
    for k in (0, 10, 40, 75, 2):
        view.update(k)
        view.png()
    assert view.fig is fig and view.circles is circles and view.values == texts
    assert len(view.ax.get_children()) == n_children


def test_blitted_png_equals_full_render(view):
    """The fast path (cached background, only changed neurons redrawn) matches a full redraw."""
    from PIL import Image
    import io
    from helpers.draw.style import figure_png
    for k in (0, 20, 37, 60, 75, 5):
        view.update(k)
        png = view.png()
        fast = np.array(view.fig.canvas.buffer_rgba(), dtype=int)
        view.fig.canvas.draw()
        full = np.array(view.fig.canvas.buffer_rgba(), dtype=int)
        differ = np.abs(fast - full).max(axis=2) > 80
        assert differ.mean() < 0.01, f"step {k}: {differ.sum()} pixels differ"    # antialiasing at most
        decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
        assert decoded.shape == full.shape[:2] + (3,)
        assert np.mean(np.abs(decoded - fast[..., :3])) < 2.0        # the palette's rounding only


def test_static_twins():
    net = MLP.from_params([[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]], [[0.35, 0.35], [0.6, 0.6]])
    fig = render_step(net, 5, x=[0.05, 0.1], t=[0.01, 0.99])
    assert "z" in fig.axes[0].get_title(loc="left") and "step 5 / 21" in fig.axes[0].get_title(loc="left")
    plt.close(fig)
    tr = trace(net, [0.05, 0.1], [0.01, 0.99], 0.5)
    fig = storyboard(tr, [1, 9, 12, 21], ncols=2)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert [t.split(" ·")[0] for t in titles] == ["step 1 / 21", "step 9 / 21", "step 12 / 21", "step 21 / 21"]
    plt.close(fig)


def test_weight_heatmaps_fit_a_notebook_and_use_a_few_shades():
    """Three layers wrap to two rows (8.2 in: shown 1:1); every cell prints its value; the colours
    are ten steps (sign and rough size), so a palette PNG needs few of them."""
    net = MLP([5, 8, 6, 3], seed=0)
    fig = weight_heatmaps(net.weights)
    assert fig.get_size_inches()[0] <= 8.3
    rows = sorted({round(ax.get_position().y0, 2) for ax in fig.axes}, reverse=True)
    assert len(rows) == 2 and [round(ax.get_position().y0, 2) for ax in fig.axes] == [rows[0], rows[0], rows[1]]
    # one column of a matrix is about equally wide in every panel (W^2 has 8, W^3 6 columns;
    # each panel's tick labels take their own room, hence "about")
    per_column = [ax.get_position().width / M.shape[1] for ax, M in zip(fig.axes, net.weights)]
    assert max(per_column) / min(per_column) < 1.2, per_column
    for ax, M in zip(fig.axes, net.weights):
        assert len(ax.texts) == M.size
        rgba = ax.images[0].cmap(ax.images[0].norm(M.ravel()))
        assert 2 <= len({tuple(np.round(c, 6)) for c in rgba}) <= 10
        # blue (more blue than red) above zero, vermillion below: the sign shows even near zero
        assert np.array_equal(rgba[:, 2] > rgba[:, 0], M.ravel() > 0)
    plt.close(fig)
    # a wider second row: the first row gets the empty cell, columns still about equally wide
    fig = weight_heatmaps([np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 8))], ncols=2)
    per_column = [ax.get_position().width / n for ax, n in zip(fig.axes, (3, 3, 8))]
    assert max(per_column) / min(per_column) < 1.2, per_column
    plt.close(fig)
    with pytest.raises(ValueError, match="ncols must be"):
        weight_heatmaps(net.weights, ncols=0)
    with pytest.raises(ValueError, match="matrices must be a non-empty list"):
        weight_heatmaps([])


def test_bad_input_gives_clear_errors():
    big = MLP([3, 25, 2])
    with pytest.raises(ValueError, match="network too large to draw: layer 1 has 25 neurons"):
        NetworkView(trace(big, [0, 0, 0], [0, 0]))
    with pytest.raises(ValueError, match="too large"):
        render_step(big, 0, x=[0, 0, 0], t=[0, 0])
    net = MLP([2, 2, 1])
    with pytest.raises(ValueError, match="x must be one sample"):
        render_step(net, 0, x=[0.1], t=[0.5])
    with pytest.raises(ValueError, match="give one sample"):
        render_step(net, 0)
    tr = trace(net, [0.1, 0.2], [0.5])
    with pytest.raises(ValueError, match=f"k must be between 0 and {len(tr)}"):
        NetworkView(tr).update(len(tr) + 1)
    with pytest.raises(ValueError, match="steps\\[i\\] must be between"):
        storyboard(tr, [1, -1])
    with pytest.raises(TypeError, match="net_or_trace must be"):
        render_step([1, 2], 0)


def _label_boxes(fig, texts):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]


def test_static_edge_labels_of_crossing_edges_do_not_cover_each_other():
    """Notebook 04's storyboard: the update of the 2-2-2 output layer labels four edges, two of them crossing at
    their midpoints. Every label must be readable: no two label boxes overlap."""
    net = MLP.from_params([np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.40, 0.45], [0.50, 0.55]])],
                          [np.full(2, 0.35), np.full(2, 0.6)])
    tr = trace(net, [0.05, 0.1], [0.01, 0.99], 0.5)
    fig = storyboard(tr, [len(tr)], ncols=1, panel=(4.1, 2.8))
    view_labels = [t for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    boxes = _label_boxes(fig, view_labels)
    assert len(boxes) == 4
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close(fig)


def test_static_edge_labels_of_a_fan_cover_no_neuron_when_there_is_room():
    """Notebook 06's storyboard: eight labels between two layers, none on another or on a neuron's value."""
    tr = trace(MLP([5, 8, 6, 3], seed=1), X, T, 0.5)
    steps = [next(i + 1 for i, s in enumerate(tr) if s.symbol == name) for name in ("z^{2}_{1}", r"\delta^{2}_{2}")]
    fig = storyboard(tr, steps, ncols=2, panel=(4.1, 3.4))
    ax = fig.axes[0]
    labels = _label_boxes(fig, [t for t in ax.texts if t.get_bbox_patch() is not None])
    values = _label_boxes(fig, [t for t in ax.texts if t.get_bbox_patch() is None and t.get_text()[:1] in "−-0123456789"])
    assert len(labels) == 8 and values
    assert not any(a.overlaps(b) for i, a in enumerate(labels) for b in labels[i + 1:])
    assert not any(a.overlaps(v) for a in labels for v in values)
    plt.close(fig)
