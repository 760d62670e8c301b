"""helpers.draw.graph: Value graphs drawn with matplotlib, labels on nodes, the stepper view's texts
per step (the layout and the equations themselves are tested in tests/test_steps_graph.py)."""
import pytest

from helpers.autograd import Value

from helpers.steps.graph import backprop_steps, node_names, sigmoid_neuron
from helpers.draw.graph import GraphStepView, draw_graph, draw_graph_step, fmt


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def neuron():
    return sigmoid_neuron(x=1.5, w=0.8, t=0.2)


def test_draw_graph_shows_every_value_and_grad():
    n = neuron()
    n["E"].backward()
    fig = draw_graph(n["E"])
    shown = texts(fig)
    for name in ("x", "w", "t"):
        assert name in shown
    assert "z  [×]" in shown and "y  [σ]" in shown
    for name, v in n.items():
        assert fmt(v.data) in shown
        assert f"∂E/∂{name} =\n{fmt(v.grad)}" in shown      # two lines, as in the browser stepper
    assert len(shown) == 3 * 6 + 5 and shown.count("") == 5   # 5 arrows, their labels empty


def test_step_view_reveals_values_then_gradients():
    n = neuron()
    E = n["E"]
    view = GraphStepView(E)
    assert view.n_steps == 3 + 5                         # z, y, E forward; every node but the target t backward
    view.update(0)
    assert texts(view.fig).count("?") == 3                # z, y, E not computed yet
    view.update(1)
    assert fmt(n["z"].data) in texts(view.fig) and texts(view.fig).count("?") == 2
    title, sym, num = view.equation(1)
    assert "forward" in title.lower() and sym == r"z = w \cdot x" and num == r"z = 0.8 \cdot 1.5 = 1.2"
    view.update(4)                                        # first backward step: dE/dE = 1
    assert "∂E/∂E =\n1" in texts(view.fig)
    assert view.equation(4)[1] == r"\dfrac{\partial E}{\partial E} = 1"
    html = view.update(5)                                 # dE/dy = −(t − y)
    assert r"\dfrac{\partial E}{\partial y} = -(t - y)" in html
    dEdy = -(0.2 - n["y"].data)
    assert f"∂E/∂y =\n{fmt(dEdy)}" in texts(view.fig)
    with pytest.raises(ValueError, match="k must be (between 0 and 8|a whole number of steps from 0 to 8)"):
        view.update(9)


def test_static_twin_has_the_equation_as_title():
    n = neuron()
    steps = backprop_steps(n["E"])
    k = len(steps)                                        # last step: gradient of an input
    fig = draw_graph_step(n["E"], k)
    title = fig._suptitle.get_text()
    name = node_names(n["E"])[id(steps[-1]["node"])]
    assert f"gradient of {name}" in title and f"step {k} of {k}" in title


def test_reused_node_equation_sums_its_uses():
    a = Value(3.0, "a")
    out = a * a + a
    out.label = "f"
    view = GraphStepView(out)
    title, sym, num = view.equation(view.n_steps)
    assert "sum over its uses" in title
    assert sym.count("+") >= 2 and num.endswith(f"= {2 * 3.0 + 1:.4g}")


def test_too_big_graph_is_refused():
    v = Value(1.0)
    for _ in range(30):
        v = v * 2.0
    with pytest.raises(ValueError, match="drawing is limited to"):
        draw_graph(v)


def test_static_twin_with_a_bad_step_leaves_no_figure_behind():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    for bad in (9, -1, 1.5):
        with pytest.raises(ValueError, match="k must be (between 0 and 8|a whole number of steps from 0 to 8)"):
            draw_graph_step(neuron()["E"], bad)
    assert plt.get_fignums() == before


def test_layout_is_computed_once_per_figure(monkeypatch):
    import helpers.draw.graph as graph
    calls = []
    real = graph.graph_layout
    monkeypatch.setattr(graph, "graph_layout", lambda root: calls.append(root) or real(root))
    E = neuron()["E"]
    for draw in (lambda: GraphStepView(E), lambda: draw_graph_step(E, 2), lambda: draw_graph(E)):
        del calls[:]
        draw()
        assert calls == [E]
    import matplotlib.pyplot as plt
    plt.close("all")


def test_arrows_of_the_current_step_are_highlighted():
    from helpers.draw.style import HIGHLIGHT
    from matplotlib.colors import to_hex
    n = neuron()
    view = GraphStepView(n["E"])
    z, y, x, w = (n[name] for name in ("z", "y", "x", "w"))

    def active():
        return {key for key, arrow in view.drawing.edges.items() if to_hex(arrow.get_edgecolor()) == HIGHLIGHT.lower()}
    view.update(1)                                        # forward: z = w x, the arrows into z
    assert active() == {(id(x), id(z)), (id(w), id(z))}
    view.update(5)                                        # backward: dE/dy, the arrow from y to its user E
    assert active() == {(id(y), id(n["E"]))}
    view.update(0)
    assert active() == set()


def test_the_target_a_constant_is_drawn_dashed_with_no_gradient():
    n = neuron()
    steps = backprop_steps(n["E"])
    fig = draw_graph_step(n["E"], len(steps))
    assert not any(t.startswith("∂E/∂t") for t in texts(fig))     # no gradient drawn for t
    view = GraphStepView(n["E"])
    assert view.drawing.boxes[id(n["t"])].get_linestyle() == "--"
    assert view.drawing.boxes[id(n["w"])].get_linestyle() == "-"


# ------------------------------------------------------------------ size and geometry on the page
def two_input_neuron():
    """Notebook 02's widest graph: five columns."""
    x1, x2, w1, w2, b = (Value(v, n) for v, n in ((1.0, "x1"), (-2.0, "x2"), (0.5, "w1"), (-0.3, "w2"), (0.1, "b")))
    y = ((w1 * x1 + w2 * x2) + b).sigmoid()
    y.label = "y"
    y.backward()
    return y


def extents(fig, artists):
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def assert_texts_inside_boxes_and_labels_clear(fig, drawing):
    """Every text of a node lies inside its box; every arrow's label overlaps no box."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {key: box.get_window_extent(renderer) for key, box in drawing.boxes.items()}
    for key, box in boxes.items():
        for text in (drawing.value_texts[key], drawing.grad_texts[key]):
            if text.get_text():
                inner = text.get_window_extent(renderer)
                assert box.x0 <= inner.x0 and inner.x1 <= box.x1 and box.y0 <= inner.y0 and inner.y1 <= box.y1, \
                    f"{text.get_text()!r} sticks out of its box"
    headings = [t for t in drawing.ax.texts if t not in drawing.value_texts.values()
                and t not in drawing.grad_texts.values() and t not in drawing.edge_texts.values()]
    for t in headings:
        e = t.get_window_extent(renderer)
        assert any(b.x0 <= e.x0 and e.x1 <= b.x1 and b.y0 <= e.y0 and e.y1 <= b.y1 for b in boxes.values()), \
            f"heading {t.get_text()!r} sticks out of its box"
    for label in drawing.edge_texts.values():
        if label.get_text():
            e = label.get_window_extent(renderer)
            assert not any(e.overlaps(b) for b in boxes.values()), f"arrow label {label.get_text()!r} covers a box"
    for (a, b), arrow in drawing.edges.items():                      # arrows run between distinct boxes
        assert boxes[a].x1 < boxes[b].x0
        curve = arrow.get_path().transformed(drawing.ax.transData)   # ... and pass clear of the others
        for point in curve.interpolated(40).vertices[1:-1]:
            assert not any(box.contains(*point) for key, box in boxes.items() if key not in (a, b)), \
                "an arrow crosses a box"


def reused_input():
    """Notebook 02's f = a·b + a: the arrow from a to f must bend around the box of a·b."""
    a, b = Value(2.0, "a"), Value(3.0, "b")
    f = a * b + a
    f.label = "f"
    return f


@pytest.mark.parametrize("make", [lambda: neuron()["E"], two_input_neuron, reused_input])
def test_default_figures_show_one_to_one_in_a_notebook(make):
    """At most 8.5 in (850 px at 100 dpi) wide, the notebook's output width, so nothing is scaled down;
    text inside its boxes, arrow labels clear of them, at every step."""
    import matplotlib.pyplot as plt
    root = make()
    root.backward()
    fig = draw_graph(root)
    assert fig.get_size_inches()[0] <= 8.5
    ax = fig.axes[0]
    for t in ax.texts:                                               # the set font sizes, not shrunk
        assert t.get_fontsize() >= 11
    view = GraphStepView(root)
    assert view.fig.get_size_inches()[0] <= 8.5
    n_forward = sum(s["kind"] == "forward" for s in view.steps)
    for k in (0, n_forward, view.n_steps):                           # no values, all values, all gradients
        view.update(k)
        assert_texts_inside_boxes_and_labels_clear(view.fig, view.drawing)
    k = view.n_steps
    step = draw_graph_step(root, k)
    assert step.get_size_inches()[0] <= 8.5
    from helpers.draw.style import palette_png
    import struct
    png = palette_png(step)
    assert struct.unpack(">I", png[16:20])[0] <= 850                  # pixels, after the tight bounding box
    plt.close("all")


def test_a_graph_too_wide_for_the_page_is_drawn_smaller_text_and_all():
    import matplotlib.pyplot as plt
    v = Value(0.5, "a")
    for _ in range(9):
        v = v.tanh()
    view = GraphStepView(v)
    assert view.fig.get_size_inches()[0] <= 8.5
    sizes = {t.get_fontsize() for t in view.ax.texts}
    assert max(sizes) < 13                                           # shrunk with the boxes
    view.update(view.n_steps)
    assert_texts_inside_boxes_and_labels_clear(view.fig, view.drawing)
    plt.close("all")
