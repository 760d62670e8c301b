"""helpers.widgets.controls: the shared stepper controls (the slider holds the position) and
the generic figure stepper built on them."""
import ipywidgets as widgets
import numpy as np
import pytest

from helpers.draw import new_figure
from helpers.widgets.controls import FigureStepper, StepperControls


class LineView:
    def __init__(self):
        self.fig = new_figure((3, 2))
        ax = self.fig.add_subplot()
        self.line, = ax.plot([0], [0])
        ax.set(xlim=(0, 6), ylim=(0, 6))
        self.calls = []

    def update(self, k):
        self.calls.append(k)
        self.line.set_data(range(k + 1), range(k + 1))
        return f"step ${k}$"


def test_buttons_and_go_keep_the_position_in_range():
    shown = []
    c = StepperControls(7, shown.append)
    rng = np.random.default_rng(0)
    for _ in range(500):
        action = rng.integers(4)
        before = c.k
        if action == 0:
            c.next_button.click()
            assert c.k == min(before + 1, 7)
        elif action == 1:
            c.previous_button.click()
            assert c.k == max(before - 1, 0)
        elif action == 2:
            c.reset_button.click()
            assert c.k == 0
        else:
            k = int(rng.integers(-3, 11))
            c.go(k)
            assert c.k == max(0, min(k, 7))               # clamped, like Previous at 0 and Next at 7
        assert c.slider.value == c.play.value == c.k and shown[-1] == c.k
    assert c.n_steps == 7
    with pytest.raises(ValueError, match="n_steps must be a whole number >= 0"):
        StepperControls(-1, shown.append)


def test_controls_buttons_slider_and_play_agree():
    view = LineView()
    s = FigureStepper(view, 5, "demo")
    c = s.controls
    assert s.equation.style.font_size == "1.35em"       # readable on a projector
    c.previous_button.click()
    assert s.k == 0 and c.previous_button.disabled
    for _ in range(7):
        c.next_button.click()
    assert s.k == 5 and c.slider.value == 5 and c.play.value == 5 and c.next_button.disabled
    c.play.value = 2                                   # Play advancing drives everything
    assert s.k == 2 and c.slider.value == 2 and "2 / 5" in c.counter.value
    assert s.equation.value == "step $2$" and view.calls[-1] == 2
    png = bytes(s.image.value)
    c.next_button.click()
    assert bytes(s.image.value) != png
    c.reset_button.click()
    assert s.k == 0 and c.play.value == 0
    assert s._repr_mimebundle_()["text/plain"] == "FigureStepper(demo: 5 steps)"


def test_set_n_steps():
    s = FigureStepper(LineView(), 5)
    s.go(4)
    s.controls.set_n_steps(3, k=3)
    assert s.k == 3 and s.controls.slider.max == 3 and s.controls.next_button.disabled


def test_set_n_steps_renders_once():
    view = LineView()
    s = FigureStepper(view, 5)
    s.go(4)
    del view.calls[:]
    s.controls.set_n_steps(3, k=2)
    assert view.calls == [2] and s.k == 2 and "2 / 3" in s.controls.counter.value
    assert s.controls.slider.value == 2 and s.controls.play.value == 2
    del view.calls[:]
    s.controls.set_n_steps(8, k=20)                    # k is clamped to the new range
    assert view.calls == [8] and s.k == 8 and s.controls.next_button.disabled


def test_go_to_the_same_step_renders_nothing():
    view = LineView()
    s = FigureStepper(view, 5)
    assert view.calls == [0]
    png = s.image.value
    s.controls.reset_button.click()
    s.controls.previous_button.click()
    s.go(0)
    assert view.calls == [0] and s.image.value is png
    s.controls.next_button.click()
    s.go(1)
    assert view.calls == [0, 1] and "1 / 5" in s.controls.counter.value


@pytest.mark.parametrize("k", [1.5, 2.0, "3", True, None])
def test_go_refuses_non_integers(k):
    s = FigureStepper(LineView(), 5)
    with pytest.raises(TypeError, match="k must be a whole number of steps"):
        s.go(k)
    with pytest.raises(TypeError, match="k must be a whole number of steps"):
        s.controls.set_n_steps(3, k=k)
    assert s.k == 0 and s.controls.n_steps == 5
    s.go(np.int64(9))                                   # numpy integers are fine; out of range is clamped
    assert s.k == 5


class PngView(LineView):
    def __init__(self):
        super().__init__()
        self.png_calls = []

    def png(self, dpi=None):
        self.png_calls.append(dpi)
        return b"png of step %d" % self.calls[-1]


def test_figure_stepper_uses_the_views_png_and_places_extra_widgets():
    view = PngView()
    extra, foot = widgets.HTML("extra"), widgets.HTML("foot")
    s = FigureStepper(view, 3, dpi=50, extras=[extra], footer=[foot])
    assert view.png_calls == [50] and bytes(s.image.value) == b"png of step 0"
    assert list(s.widget.children) == [s.controls.box, extra, s.equation, s.image, foot]
