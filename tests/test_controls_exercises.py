"""The shared stepper controls and the exercise checks."""
import ipywidgets as widgets
import numpy as np
import pytest
import sympy as sp

from helpers.draw import new_figure
from helpers.exercises import check, check_choice, check_function
from helpers.steps.cursor import StepCursor, check_step
from helpers.widgets.controls import FigureStepper


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


def test_cursor_stays_in_range():
    rng = np.random.default_rng(0)
    c = StepCursor(7)
    for _ in range(2000):
        action = rng.integers(4)
        if action == 0:
            c.next()
        elif action == 1:
            c.previous()
        elif action == 2:
            c.reset()
        else:
            c.jump(int(rng.integers(0, 8)))
        assert 0 <= c.k <= 7
    with pytest.raises(ValueError, match="k must be between 0 and 7"):
        c.jump(8)
    with pytest.raises(TypeError, match="k must be a whole number"):
        check_step(1.5, 7)


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


def test_check_numbers(capsys):
    assert "not answered yet" in check(..., 0.5)
    assert "correct" in check(0.5000000000001, 0.5)   # compared at 10 significant figures
    assert "off" in check(0.6, 0.5, hint="look again")
    assert "Hint: look again" in check(0.6, 0.5, hint="look again")
    assert "shape" in check([1, 2], [1, 2, 3])
    assert "Expected a number" in check("abc", 0.5)
    assert "correct" in check(np.array([1.0, 2.0]), [1, 2])


def test_check_expressions():
    x, w, t = sp.symbols("x w t")
    y = sp.Function("y")
    assert "correct" in check(x * (w + 1), x * w + x)
    assert "not quite" in check(x * w, x * w + x)
    assert "symbols the answer does not need" in check(x * w + t - t + sp.Symbol("q"), x * w)
    assert "not answered" in check(..., x)


def test_check_choice_and_function():
    assert "correct" in check_choice(" B ", "b")
    assert "not quite" in check_choice("a", "b")
    assert "correct" in check_function(lambda z: 2 * z, lambda z: z + z, [(1.0,), (3.0,)])
    assert "raised ZeroDivisionError" in check_function(lambda z: 1 / 0, lambda z: z, [(1.0,)])
    assert "not answered" in check_function(..., lambda z: z, [(1.0,)])
    assert "not answered" in check_function(lambda z: ..., lambda z: z, [(1.0,)])
