"""helpers.draw.training: drawings of a given state, checked through their artists."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.draw.style import NEGATIVE, POSITIVE, new_figure
from helpers.draw.training import (TrainingView, dashboard_snapshot, draw_weights,
                                   plot_confusion_matrix, plot_digit_grid, plot_hidden_weights,
                                   update_weights)
from helpers.nn import MLP
from helpers.experiments.session import TrainingSession, decision_grid
from matplotlib.colors import to_hex


def test_view_updates_in_place():
    s = TrainingSession(dataset="moons")
    view = TrainingView(s, fig=new_figure(figsize=(12, 5.6)))
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
