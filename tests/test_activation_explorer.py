"""The activation explorer: controls drive the view, the image updates, the repr is short."""
import numpy as np
import pytest

from helpers.activations import ACTIVATIONS, get_activation
from helpers.widgets.activation_explorer import ActivationExplorer
from helpers.widgets.controls import Panel


def test_is_a_panel_with_short_text_repr():
    w = ActivationExplorer()
    assert isinstance(w, Panel)
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"] == "ActivationExplorer(sigmoid, scale s = 1)"
    assert bytes(w.image.value).startswith(b"\x89PNG")
    assert list(w.dropdown.options) == list(ACTIVATIONS)


def test_controls_redraw_in_place():
    w = ActivationExplorer()
    fig, first_png = w.view.fig, w.image.value
    w.dropdown.value = "tanh"
    assert w.view.name == "tanh" and w.image.value != first_png and w.view.fig is fig
    w.slider.value = 2.0
    assert w.view.scale == pytest.approx(2.0)
    z = w.view.z
    assert np.allclose(w.view.prime_line.get_ydata(), 2.0 * get_activation("tanh").prime(2.0 * z), rtol=1e-6)
    assert "tanh" in w.equation.value or r"\tanh" in w.equation.value


def test_show_sets_both_controls():
    w = ActivationExplorer()
    w.show("relu", 0.5)
    assert (w.dropdown.value, w.view.name) == ("relu", "relu")
    assert w.view.scale == pytest.approx(0.5)
    assert w.describe() == "relu, scale s = 0.5"


def test_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        ActivationExplorer("swish")
    with pytest.raises(ValueError, match="scale must be a number from 0.1 to 10"):
        ActivationExplorer("tanh", 50.0)
    w = ActivationExplorer()
    with pytest.raises(ValueError, match="scale"):
        w.show(scale=-1.0)
    with pytest.raises(ValueError, match="name must be one of"):
        w.show(name="cosine")


def test_show_draws_once(monkeypatch):
    w = ActivationExplorer()
    calls = []
    update = w.view.update
    monkeypatch.setattr(w.view, "update", lambda *a: calls.append(a) or update(*a))
    w.show("tanh", 2.0)
    assert calls == [("tanh", 2.0)] and w.view.name == "tanh"


def test_every_text_is_projector_sized_and_the_formula_is_large():
    from matplotlib.text import Text
    from helpers.draw.activations import SMALL_PT
    from helpers.widgets.readable import CONTROL_PX
    w = ActivationExplorer()
    for name in ACTIVATIONS:
        w.show(name, 3.0)
        w.view.fig.canvas.draw()
        texts = [a for a in w.view.fig.findobj(Text) if a.get_visible() and a.get_text().strip()]
        assert min(a.get_fontsize() for a in texts) >= SMALL_PT
    assert w.equation.style.font_size == f"{CONTROL_PX}px" and CONTROL_PX >= 14
    assert w.equation.value.startswith(r"$\displaystyle f(z)")          # the fraction at full size
    (style,) = [c for c in w.widget.children if "<style>" in getattr(c, "value", "")]
    assert ".bp-activation-explorer .widget-label" in style.value and style.layout.display == "none"
