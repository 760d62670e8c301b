"""The neuron explorer: its numbers, drawing (static twin) and widget wiring."""
import pytest

from helpers.draw.neuron import NeuronView, draw_neuron
from helpers.widgets.neuron_explorer import NeuronExplorer


def panel_texts(view):
    return [t.get_text() for t in view.panel.texts]


def test_view_updates_in_place():
    view = NeuronView(1.5, 0.2, 0.8, 2.0)
    curve, lines = view.curve, list(view.panel.texts)
    n = view.numbers
    assert view.point.get_xydata().tolist() == [[0.8, pytest.approx(n["E"])]]
    (w0, e0), (w1, e1) = view.tangent.get_xydata()
    assert (e1 - e0) / (w1 - w0) == pytest.approx(n["dE_dw"])            # the tangent's slope is dE/dw
    assert view.new_point.get_xydata()[0, 0] == pytest.approx(n["w_new"])
    texts = panel_texts(view)                  # the product of the factors, then on the next line its value
    k = next(i for i, s in enumerate(texts) if s.startswith("$\\partial E/\\partial w = "))
    assert f"{n['dE_dy']:.3g} \\cdot {n['dy_dz']:.3g} \\cdot {n['dz_dw']:.3g}" in texts[k]
    assert texts[k + 1].endswith(f"= {n['dE_dw']:.3g}$")
    view.update(2.0, 0.9, -1.0, 60.0)
    assert view.curve is curve and list(view.panel.texts) == lines        # same artists, new data
    assert view.numbers["x"] == 2.0 and "off the plot" in view.off_note.get_text()


def test_static_twin_shows_the_setting():
    fig = draw_neuron(x=1.0, t=0.5, w=-2.0, lr=3.0)
    ax = fig.axes[0]
    assert ax.get_title() == "x = 1, t = 0.5, w = -2, η = 3"
    assert ax.get_xlabel() == "weight $w$"


def test_explorer_sliders_change_the_image():
    ex = NeuronExplorer()
    assert [s.description for s in ex.sliders.values()] == ["x", "t", "w", "η"]
    assert "bp-explorer" in ex.widget._dom_classes and "bp-image" in ex.image._dom_classes
    png = bytes(ex.image.value)
    ex.set(w=-1.0)
    assert bytes(ex.image.value) != png and ex.numbers["w"] == -1.0
    w_new = ex.numbers["w_new"]
    ex.take_step()
    assert ex.sliders["w"].value == pytest.approx(w_new, abs=0.1)         # the slider's step is 0.1
    assert ex._repr_mimebundle_()["text/plain"] == "NeuronExplorer(one sigmoid neuron)"
    with pytest.raises(ValueError, match="unknown slider 'b'"):
        ex.set(b=1.0)


def test_exercise_verdict_is_printed_once_not_echoed(capsys):
    from helpers.exercises import check
    verdict = check(..., 0.5)
    assert isinstance(verdict, str) and "not answered yet" in verdict
    assert capsys.readouterr().out.count("not answered yet") == 1
    verdict._ipython_display_()                          # what Jupyter calls to show the cell's value
    assert capsys.readouterr().out == "", "displaying the verdict printed it a second time"


def test_static_twin_with_bad_numbers_leaves_no_figure_behind():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"lr \(the learning rate η\) must be a finite number"):
        draw_neuron(lr=float("inf"))
    with pytest.raises(ValueError, match="x must be a finite number"):
        draw_neuron(x="one")
    assert plt.get_fignums() == before


def test_set_draws_once_for_several_sliders(monkeypatch):
    ex = NeuronExplorer()
    calls = []
    update = ex.view.update
    monkeypatch.setattr(ex.view, "update", lambda *a: calls.append(a) or update(*a))
    ex.set(x=1.0, t=0.5, w=-2.0, lr=3.0)
    assert calls == [(1.0, 0.5, -2.0, 3.0)] and ex.numbers["lr"] == 3.0


@pytest.mark.parametrize("name, value, allowed", [("lr", 100, "0 to 50"), ("x", -3.5, "-3 to 3"),
                                                   ("t", 1.5, "0 to 1"), ("w", "2", "-6 to 6")])
def test_out_of_range_values_are_refused_not_clamped(name, value, allowed):
    ex = NeuronExplorer()
    before = {n: s.value for n, s in ex.sliders.items()}
    with pytest.raises(ValueError, match=f"{name} must be a number from {allowed}"):
        ex.set(**{name: value})
    assert {n: s.value for n, s in ex.sliders.items()} == before
    with pytest.raises(ValueError, match=f"{name} must be a number from {allowed}"):
        NeuronExplorer(**{name: value})
    with pytest.raises(ValueError, match="lr must be a number"):
        ex.set(w=1.0, lr=100)                            # nothing moves when one value is bad
    assert ex.sliders["w"].value == before["w"]


def test_every_text_is_projector_sized_and_stays_in_the_figure():
    """12.5 pt in an 8.4-inch figure shown 1:1 (at most 848 px wide) is 17 px (the browser test measures it);
    no line of the factor panel may run off the figure, even with the longest numbers."""
    import itertools
    from matplotlib.text import Text
    from helpers.draw.neuron import FIGSIZE, SMALL_PT
    view = NeuronView()
    assert view.fig.get_figwidth() == FIGSIZE[0] and FIGSIZE[0] * view.fig.dpi <= 848 and SMALL_PT / 72 * view.fig.dpi >= 14
    for x, t, w, lr in itertools.product([-3, 0.1, 3], [0, 1], [-6, 0.3, 6], [0, 50]):
        view.update(x, t, w, lr)
        view.fig.canvas.draw()
        renderer = view.fig.canvas.get_renderer()
        texts = [a for a in view.fig.findobj(Text) if a.get_visible() and a.get_text().strip()]
        assert min(a.get_fontsize() for a in texts) >= SMALL_PT
        for a in view.panel.texts + [view.title, view.off_note]:
            if a.get_text():
                box = a.get_window_extent(renderer)
                assert 0 <= box.x0 and box.x1 <= view.fig.bbox.x1, (x, t, w, lr, a.get_text())
