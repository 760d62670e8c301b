"""The neuron explorer: sliders for x, t, w and η beside the curve E(w) and its tangent.

Moving a slider redraws the figure in place (``NeuronView.update``) and shows it as a
PNG in an Image.  Static twin: ``helpers.draw.neuron.draw_neuron(x, t, w, lr)``.
"""
import ipywidgets as widgets

from .._checks import check_real
from ..draw.neuron import W_RANGE, NeuronView
from ..draw.style import figure_png
from .controls import Panel, weak_callback
from .readable import readable_controls


SLIDER_RANGES = {"x": (-3.0, 3.0), "t": (0.0, 1.0), "w": W_RANGE, "lr": (0.0, 50.0)}


def _check(name, value):
    lo, hi = SLIDER_RANGES[name]
    check_real(value, name, minimum=lo, maximum=hi, what="a number")


class NeuronExplorer(Panel):
    """Sliders x, t, w, η and the picture of one gradient-descent step of one neuron."""

    title = "one sigmoid neuron"

    def __init__(self, x=1.5, t=0.2, w=0.8, lr=2.0, dpi=None):
        for name, value in (("x", x), ("t", t), ("w", w), ("lr", lr)):
            _check(name, value)
        self.view, self.dpi = NeuronView(x, t, w, lr), dpi
        style = {"description_width": "2em"}
        layout = widgets.Layout(width="340px")
        make = lambda description, value, lo, hi, step: widgets.FloatSlider(
            value=value, min=lo, max=hi, step=step, description=description, style=style, layout=layout,
            continuous_update=False, readout_format=".2f")
        self.sliders = {
            "x": make("x", x, *SLIDER_RANGES["x"], 0.1),
            "t": make("t", t, *SLIDER_RANGES["t"], 0.05),
            "w": make("w", w, *SLIDER_RANGES["w"], 0.1),
            "lr": make("η", lr, *SLIDER_RANGES["lr"], 0.5),
        }
        self.image = widgets.Image(format="png")
        self.image.add_class("bp-image")
        self._holding = False                 # True while set() moves several sliders
        for slider in self.sliders.values():
            slider.observe(weak_callback(self._redraw), names="value")
        self.step_button = widgets.Button(description="Take the step: w ← w_new", icon="arrow-down",
                                          layout=widgets.Layout(width="340px"))
        self.step_button.on_click(weak_callback(self._step_clicked))
        controls = widgets.VBox(list(self.sliders.values()) + [self.step_button])
        self.widget = widgets.VBox([controls, self.image, readable_controls("bp-explorer")])
        self.widget.add_class("bp-explorer")
        self._redraw()
        self._free_when_dropped()

    @property
    def numbers(self):
        """Every number on screen now (from ``helpers.symbolic.neuron_numbers``)."""
        return self.view.numbers

    def set(self, **values):
        """Move sliders by name (x, t, w, lr), as a learner would; the picture is drawn once."""
        for name, value in values.items():
            if name not in self.sliders:
                raise ValueError(f"unknown slider {name!r}; the sliders are {list(self.sliders)}")
            _check(name, value)
        self._holding = True
        try:
            for name, value in values.items():
                self.sliders[name].value = value
        finally:
            self._holding = False
        self._redraw()

    def _step_clicked(self, button):
        self.take_step()

    def take_step(self):
        """Move w to w_new (clipped to the slider's range): one step of gradient descent."""
        self.sliders["w"].value = min(max(self.numbers["w_new"], W_RANGE[0]), W_RANGE[1])

    def _redraw(self, change=None):
        if self._holding:
            return
        s = {name: slider.value for name, slider in self.sliders.items()}
        self.view.update(s["x"], s["t"], s["w"], s["lr"])
        self.image.value = figure_png(self.view.fig, self.dpi)
