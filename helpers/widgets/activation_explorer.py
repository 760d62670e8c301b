"""Choose an activation and a scale for its input; see f and its slope together.

Static twin: ``helpers.draw.activations.plot_activation(name, scale)``.
"""
import ipywidgets as widgets

from ..activations import ACTIVATIONS, get_activation
from ..draw.activations import ActivationView
from ..draw.style import figure_png
from .._checks import check_real
from .controls import Panel, weak_callback
from .readable import CONTROL_PX, readable_controls


SCALE_RANGE = (0.1, 10.0)


def _check(name, scale):
    get_activation(name, "name")
    check_real(scale, "scale", minimum=SCALE_RANGE[0], maximum=SCALE_RANGE[1], what="a number")


class ActivationExplorer(Panel):
    """A dropdown of activations, a log-scale slider for the input scale s, and the picture."""
    title = "activation explorer"

    def __init__(self, name="sigmoid", scale=1.0, dpi=None):
        _check(name, scale)
        self.view = ActivationView()
        self.dpi = dpi
        self.dropdown = widgets.Dropdown(options=list(ACTIVATIONS), value=name, description="f")
        self.slider = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=1, step=0.05,
                                             description="scale s", readout_format=".2f",
                                             continuous_update=False)
        self.equation = widgets.HTMLMath(layout=widgets.Layout(min_height="3.5em"),
                                         style={"font_size": f"{CONTROL_PX}px"})
        self.image = widgets.Image(format="png")
        self._holding = False                 # True while show() sets several controls
        self.dropdown.observe(weak_callback(self._changed), names="value")
        self.slider.observe(weak_callback(self._changed), names="value")
        self.widget = widgets.VBox([widgets.HBox([self.dropdown, self.slider]), self.equation, self.image,
                                    readable_controls("bp-activation-explorer")])
        self.widget.add_class("bp-activation-explorer")
        self.image.add_class("bp-image")
        self.equation.add_class("bp-equation")
        self._changed()
        self._free_when_dropped()

    def _changed(self, change=None):
        if self._holding:
            return
        self.equation.value = self.view.update(self.dropdown.value, self.slider.value)
        self.image.value = figure_png(self.view.fig, self.dpi)

    def show(self, name=None, scale=None):
        """Set the controls from code; the picture follows, drawn once."""
        _check(self.dropdown.value if name is None else name, self.slider.value if scale is None else scale)
        self._holding = True
        try:
            if name is not None:
                self.dropdown.value = name
            if scale is not None:
                self.slider.value = scale
        finally:
            self._holding = False
        self._changed()

    def describe(self):
        return f"{self.dropdown.value}, scale s = {self.slider.value:g}"
