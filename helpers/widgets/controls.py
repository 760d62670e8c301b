"""The controls every stepper shares, and a generic figure stepper built on them.

    Reset | ◀ Previous | Next ▶ | Play/Pause | slider | "k / N"

The slider is the one home of the position (``k`` is its value, ``n_steps`` its maximum);
Play (ipywidgets' own) is linked to it in Python, and the buttons move it through ``go``, so
the buttons, the slider and Play always agree.
"""
import numbers
import weakref

import ipywidgets as widgets

from .._checks import check_int
from ..draw.style import figure_png


class StepperControls:
    """Reset / Previous / Next / Play / slider / counter, kept in sync around the slider."""

    def __init__(self, n_steps, on_change, interval_ms=700, label=None):
        n_steps = check_int(n_steps, "n_steps", 0)
        self._on_change = on_change
        self._label = label or (lambda k, n: f"{k} / {n}")
        layout = widgets.Layout(width="auto")
        self.reset_button = widgets.Button(description="Reset", icon="undo", layout=layout)
        self.previous_button = widgets.Button(description="Previous", icon="step-backward", layout=layout)
        self.next_button = widgets.Button(description="Next", icon="step-forward", layout=layout)
        self.play = widgets.Play(min=0, max=n_steps, step=1, interval=interval_ms, show_repeat=False,
                                 description="Play")
        self.slider = widgets.IntSlider(min=0, max=n_steps, value=0, readout=False, continuous_update=True,
                                        layout=widgets.Layout(width="260px"))
        self.counter = widgets.HTML()
        self._quiet = False                   # True while set_n_steps moves the slider itself
        self.link = widgets.link((self.play, "value"), (self.slider, "value"))
        self.reset_button.on_click(lambda _: self.go(0))
        self.previous_button.on_click(lambda _: self.go(self.k - 1))
        self.next_button.on_click(lambda _: self.go(self.k + 1))
        self.slider.observe(self._slider_moved, names="value")
        self.box = widgets.HBox([self.reset_button, self.previous_button, self.next_button,
                                 self.play, self.slider, self.counter],
                                layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        self._refresh()

    @property
    def k(self):
        return self.slider.value

    @property
    def n_steps(self):
        return self.slider.max

    def go(self, k):
        """Move to step k, clamped to 0..n_steps (Previous at 0 and Next at the end do nothing).

        Going to the step already shown redraws nothing.
        """
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"k must be a whole number of steps, got {k!r}")
        k = max(0, min(int(k), self.n_steps))
        if k == self.slider.value:
            self._refresh_controls()
        else:
            self.slider.value = k             # fires _slider_moved, which does the work

    def _slider_moved(self, change):
        if not self._quiet:
            self._refresh()

    def _refresh_controls(self):
        k, n = self.k, self.n_steps
        self.counter.value = f"<b>{self._label(k, n)}</b>"
        self.previous_button.disabled = k == 0
        self.next_button.disabled = k == n

    def _refresh(self):
        self._refresh_controls()
        self._on_change(self.k)

    def set_n_steps(self, n_steps, k=0):
        """Change the number of steps (for example a granularity switch) and jump to k
        (clamped to 0..n_steps), drawing once."""
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"k must be a whole number of steps, got {k!r}")
        n_steps = check_int(n_steps, "n_steps", 0)
        self._quiet = True
        try:
            with self.slider.hold_trait_notifications(), self.play.hold_trait_notifications():
                self.play.max = self.slider.max = n_steps
                self.play.value = self.slider.value = max(0, min(int(k), n_steps))
        finally:
            self._quiet = False
        self._refresh()


def weak_callback(method):
    """A callback that calls the bound ``method`` without keeping its object alive.

    ipywidgets keeps every widget (and so its callbacks) until the widget is closed; a
    callback holding the panel itself would keep the panel and its figure forever.
    """
    ref = weakref.WeakMethod(method)

    def call(*args, **kwargs):
        bound = ref()
        return None if bound is None else bound(*args, **kwargs)
    return call


def close_widgets(*roots):
    """Close every widget under ``roots`` (a closed widget leaves ipywidgets' registry)."""
    for w in roots:
        if w is None:
            continue
        if hasattr(w, "unlink"):              # a Python-side link between two widgets
            w.unlink()
            continue
        close_widgets(*getattr(w, "children", ()))
        for part in (getattr(w, "layout", None), getattr(w, "style", None)):
            if isinstance(part, widgets.Widget):
                part.close()                      # each widget has its own Layout (and Style) widget
        w.close()


def _release(widget_list, fig):
    close_widgets(*widget_list)
    if fig is not None:
        import matplotlib.pyplot as plt
        fig.clear()
        plt.close(fig)


class Panel:
    """Base of the workbook's widgets: ``.widget`` is the ipywidgets tree to show.

    Displaying a Panel shows the widget; its plain-text form is short and stable
    (nbval compares it, and ipywidgets' own repr would include image bytes).
    ``close()`` frees the figure and the widgets; a panel that is dropped without
    ``close()`` is freed the same way once Python collects it.
    """
    widget = None
    title = ""
    _finalizer = None

    def _parts(self):
        """The widgets to close (the tree, plus any not in it) and the figure, if any."""
        fig = getattr(getattr(self, "view", None), "fig", None)
        return [self.widget, *getattr(self, "_loose_widgets", ())], fig

    def _free_when_dropped(self):
        """Call at the end of __init__: when Python drops this panel, close its widgets and figure."""
        self._finalizer = weakref.finalize(self, _release, *self._parts())

    def close(self):
        """Free the figure and close every widget (the output area shows nothing afterwards)."""
        if self._finalizer is not None:
            self._finalizer()
        else:
            _release(*self._parts())

    def describe(self):
        return self.title or type(self).__name__

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{type(self).__name__}({self.describe()})"
        return bundle


class FigureStepper(Panel):
    """A stepper over a drawing: controls, an image of the figure, and the step's equation.

    ``view`` is a drawing-layer object with ``.fig`` (a matplotlib Figure) and
    ``.update(k)``, which changes the figure's artists in place for step k and returns
    the step's text as HTML (symbols, then numbers; ``$...$`` is typeset).  A view with
    a ``.png(dpi)`` method renders the image itself (for example by blitting).

    ``extras`` are widgets placed between the controls and the equation, ``footer``
    widgets go below the image.
    """

    def __init__(self, view, n_steps, title="", dpi=None, interval_ms=700, label=None, extras=(), footer=()):
        self.view, self.title, self.dpi = view, title, dpi
        self.image = widgets.Image(format="png")
        # large enough to read from the back of a lecture room
        self.equation = widgets.HTMLMath(layout=widgets.Layout(min_height="4.5em"), style={"font_size": "1.35em"})
        label = weak_callback(label) if hasattr(label, "__self__") else label
        self.controls = StepperControls(n_steps, weak_callback(self._show), interval_ms=interval_ms, label=label)
        self._loose_widgets = [self.controls.link]
        self.widget = widgets.VBox([self.controls.box, *extras, self.equation, self.image, *footer])
        # stable CSS classes: the browser tests find the parts by these
        for part, css in ((self.widget, "bp-figure-stepper"), (self.image, "bp-image"),
                          (self.equation, "bp-equation"), (self.controls.counter, "bp-counter")):
            part.add_class(css)

    def _show(self, k):
        self.equation.value = self.view.update(k)
        png = getattr(self.view, "png", None)
        self.image.value = png(self.dpi) if png is not None else figure_png(self.view.fig, self.dpi)

    @property
    def k(self):
        return self.controls.k

    def go(self, k):
        self.controls.go(k)

    def describe(self):
        return f"{self.title or 'stepper'}: {self.controls.n_steps} steps"
