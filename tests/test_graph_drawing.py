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
        assert f"∂E/∂{name} = {fmt(v.grad)}" in shown
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
    assert "∂E/∂E = 1" in texts(view.fig)
    assert view.equation(4)[1] == r"\dfrac{\partial E}{\partial E} = 1"
    html = view.update(5)                                 # dE/dy = −(t − y)
    assert r"\dfrac{\partial E}{\partial y} = -(t - y)" in html
    dEdy = -(0.2 - n["y"].data)
    assert f"∂E/∂y = {fmt(dEdy)}" in texts(view.fig)
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
