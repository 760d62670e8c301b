"""The descent stepper: choose a start (w, b) and η with sliders, then step gradient descent.

    from helpers.widgets.descent_stepper import DescentStepper
    DescentStepper(x=[1.5, -1.0], t=[0.2, 0.7], w0=0.8, b0=0.0, lr=4.0)

Static twin: ``helpers.draw.landscape.draw_descent_step(x, t, w0, b0, lr, k)``.
"""
import ipywidgets as widgets

from .._checks import check_real
from ..draw.landscape import WINDOW, DescentStepView
from .controls import FigureStepper, weak_callback


class DescentStepper(FigureStepper):
    """Reset / Previous / Next / Play over the updates of gradient descent on E(w, b)."""

    def __init__(self, x, t, w0, b0, lr, steps=20, lr_max=60.0, title="descent on the landscape"):
        w_lo, w_hi, b_lo, b_hi = WINDOW        # the sliders show exactly the numbers the path uses
        w0, b0 = check_real(w0, "w0", w_lo, w_hi), check_real(b0, "b0", b_lo, b_hi)
        lr_max = check_real(lr_max, "lr_max", minimum=0.2)
        lr = check_real(lr, "lr (the learning rate η)", minimum=0.1, maximum=lr_max)
        view = DescentStepView(x, t, w0, b0, lr, steps)
        style = {"description_width": "7em"}
        layout = widgets.Layout(width="330px")
        self.w0 = widgets.FloatSlider(value=w0, min=w_lo, max=w_hi, step=0.1, description="start w",
                                      continuous_update=False, style=style, layout=layout)
        self.b0 = widgets.FloatSlider(value=b0, min=b_lo, max=b_hi, step=0.1, description="start b",
                                      continuous_update=False, style=style, layout=layout)
        self.lr = widgets.FloatSlider(value=lr, min=0.1, max=lr_max, step=0.1, description="η",
                                       continuous_update=False, style=style, layout=layout)
        sliders = widgets.HBox([self.w0, self.b0, self.lr], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(view, view.n_steps, title=title, extras=(sliders,))
        # the picture at its own size (not stretched to the notebook's width), so it all fits one screen
        width = int(view.fig.get_figwidth() * view.fig.dpi)
        self.image.layout = widgets.Layout(width=f"{width}px", max_width="100%", height="auto")
        for s in (self.w0, self.b0, self.lr):
            s.observe(weak_callback(self._restart), names="value")
        self.controls.go(0)
        self._show(0)

    def _restart(self, change=None):
        """New start or η: recompute the path and go back to step 0."""
        self.view.set_start(self.w0.value, self.b0.value, self.lr.value)
        self.controls.set_n_steps(self.view.n_steps, k=0)

    def shown(self):
        """(w, b, E) of the point on screen."""
        return self.view.point(self.k)
