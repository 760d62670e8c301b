"""Drawings and the stepper of notebook 11: the unrolled recurrent graph, decision boundaries, the timeline."""
import matplotlib.pyplot as plt
import pytest

from helpers.autograd import topological_order

from helpers.steps.graph import backprop_steps, node_names
from helpers.draw.boundary import draw_boundary
from helpers.draw.timeline import draw_timeline
from helpers.draw.graph import BOX_H
from helpers.draw.unrolled import draw_unrolled_step, unrolled_layout
from helpers.steps.unrolled import unrolled_stepper_data
from helpers.experiments.perceptron import gate_data, predict
from helpers.experiments.recurrent import unrolled_rnn
from helpers.widgets.unrolled_stepper import UnrolledStepper


def rnn(T=3):
    return unrolled_rnn([1.0, -0.5, 0.8, 0.3][:T], w=0.7, u=1.2, r0=0.0, t=0.5)


@pytest.mark.parametrize("T", [1, 3, 4])
def test_layout_places_every_node_once_and_runs_along_time(T):
    nodes = rnn(T)
    order, pos = unrolled_layout(nodes)
    assert len(pos) == len(order) == len(topological_order(nodes["E"]))
    assert len(set(pos.values())) == len(pos)                       # no two boxes on one spot
    xs = [pos[id(nodes[f"r{t}"])][0] for t in range(T + 1)]
    assert xs == sorted(xs) and len(set(xs)) == T + 1                 # r_0 → r_1 → ... left to right
    assert pos[id(nodes["E"])][0] > xs[-1]


def test_layout_needs_the_error():
    with pytest.raises(ValueError, match="needs its error E"):
        unrolled_layout(unrolled_rnn([1.0], 0.5, 1.0))


def test_stepper_walks_forward_then_backward_and_shows_the_engine():
    nodes = rnn()
    s = UnrolledStepper(nodes)
    assert s.n_steps == len(backprop_steps(nodes["E"])) == len(s.steps)
    s.go(s.n_steps)
    shown = s.shown()
    nodes["E"].backward()
    names = node_names(nodes["E"])
    for v in topological_order(nodes["E"]):
        if not v.is_constant:
            assert shown[names[id(v)]][1] == pytest.approx(v.grad, abs=1e-15)
    assert s.frame()["counter"] == f"{s.n_steps} / {s.n_steps} · backward"
    assert s.data["follow"] is True                  # the browser shows a window that follows the step
    s.close()


def test_static_twin_titles_the_w_step_as_a_sum():
    nodes = rnn()
    steps = backprop_steps(nodes["E"])
    k = next(i + 1 for i, st in enumerate(steps) if st["node"] is nodes["w"])
    fig = draw_unrolled_step(nodes, k)
    assert "sum over its uses" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="k must be"):
        draw_unrolled_step(nodes, len(steps) + 1)


def test_boundary_counts_the_wrong_points():
    import matplotlib.pyplot as plt
    X, t = gate_data("XOR")
    _, ax = plt.subplots()
    assert draw_boundary(ax, lambda P: predict([1.0, 1.0], -0.5, P), X, t) == 1      # OR's line on XOR
    _, ax = plt.subplots()
    assert draw_boundary(ax, lambda P: predict([1.0, 1.0], -1.5, P), *gate_data("AND")) == 0


def test_timeline_puts_every_event_on_the_figure():
    events = [(1673, "a"), (1958, "b"), (2012, "c")]
    fig = draw_timeline(events, breaks=[(1680, 1950)])
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for year, label in events:
        assert str(year) in texts and label in texts
    fig = draw_timeline([(1676, "x", "1673/76"), (1700, "y")])
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "1673/76" in texts and "1676" not in texts and "1700" in texts
    with pytest.raises(ValueError, match="at least one"):
        draw_timeline([])


def test_timeline_labels_never_overlap_and_the_figure_fits_the_notebook():
    events = [(1676, "Leibniz\nchain rule"), (1958, "Rosenblatt\nperceptron"), (1967, "Amari\nmultilayer SGD"),
              (1969, "Minsky & Papert\nperceptron limits"), (1970, "Linnainmaa\nreverse mode"),
              (1982, "Werbos\nbackprop for MLPs"), (1986, "Rumelhart, Hinton,\nWilliams"), (2012, "GPU era\n(AlexNet)")]
    fig = draw_timeline(events, title="a title", breaks=[(1680, 1950)])
    assert fig.get_size_inches()[0] <= 8.5
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts if "\n" in t.get_text()]
    assert len(boxes) == len(events)
    for i, a in enumerate(boxes):
        assert fig.bbox.contains(a.x0, a.y0) and fig.bbox.contains(a.x1, a.y1)      # nothing clipped
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    plt.close(fig)


@pytest.mark.parametrize("T", [1, 3, 4])
def test_each_step_keeps_its_node_and_the_nodes_it_talks_to_in_view(T):
    """``focus``: what the browser's window keeps on screen. The node itself first, then its inputs
    (forward) or its users (backward), but not the shared weights w and u, which sit at the far left."""
    nodes = rnn(T)
    data = unrolled_stepper_data(nodes)
    names = data["names"]
    frames = data["granularities"]["operation"]["frames"]
    engine_names = node_names(nodes["E"])
    assert [names[i] for i in frames[0]["focus"]] == ["r0", "x1"]
    for frame, step in zip(frames[1:], backprop_steps(nodes["E"])):
        focus = [names[i] for i in frame["focus"]]
        assert focus[0] == names[frame["current"]]
        node = step["node"]
        talking = node.inputs if step["kind"] == "forward" else [u for u, _, _ in step["terms"]]
        expected = {engine_names[id(v)] for v in talking}
        assert set(focus[1:]) == expected - {"w", "u"} - {focus[0]}
    assert data["nodes"][names.index("E")]["heading"] == "E"


def test_static_unrolled_figure_names_the_error_and_the_target():
    nodes = rnn(3)
    fig = draw_unrolled_step(nodes, 1)
    titles = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "E" in titles and "t = 0.5" in titles
    # every box is headed as in the browser stepper
    assert {n["heading"] for n in unrolled_stepper_data(nodes)["nodes"]} <= set(titles)
    plt.close(fig)


def test_static_unrolled_figure_is_one_readable_panel_per_time_step():
    nodes = rnn(3)
    fig = draw_unrolled_step(nodes, 1)
    assert len(fig.axes) == 3                                  # one window per time step
    assert fig.get_size_inches()[0] <= 8.5                     # at most 850 px wide at 100 dpi: shown 1:1
    assert fig.get_size_inches()[1] <= 12                      # three panels and the equation, not two screens
    titles = [t.get_text() for t in fig.axes[0].texts]
    assert "time step 1" in titles
    plt.close(fig)


def test_static_unrolled_figure_keeps_text_in_its_boxes_and_labels_off_them():
    from matplotlib.patches import FancyBboxPatch
    nodes = rnn(3)
    steps = backprop_steps(nodes["E"])
    k = max(i + 1 for i, st in enumerate(steps) if st["node"] is nodes["w"])
    fig = draw_unrolled_step(nodes, k)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, FancyBboxPatch)]
        for t in ax.texts:
            if not t.get_text() or t.get_text().startswith("time step"):
                continue
            e = t.get_window_extent(renderer)
            if t.get_bbox_patch() is not None:                      # an arrow's local derivative
                assert not any(e.overlaps(b) for b in boxes), f"label {t.get_text()!r} covers a box"
            else:
                assert any(b.x0 <= e.x0 and e.x1 <= b.x1 and b.y0 <= e.y0 and e.y1 <= b.y1 for b in boxes), \
                    f"{t.get_text()!r} sticks out of its box"
            assert t.get_fontsize() >= 11                           # the drawing's own text size
    plt.close(fig)


def test_static_unrolled_panels_leave_the_shared_weights_out():
    """w and u sit outside every panel (no box cut in half at a panel's edge): their arrows come in from the side."""
    nodes = rnn(3)
    order, pos = unrolled_layout(nodes)
    fig = draw_unrolled_step(nodes, 1)
    for ax in fig.axes:
        bottom, top = ax.get_ylim()
        for name in ("w", "u"):
            y = pos[id(nodes[name])][1]
            assert y - BOX_H / 2 > top or y + BOX_H / 2 < bottom, f"{name}'s box shows in a panel"
    plt.close(fig)
