"""A progress bar for long training: pass it to ``MLP.fit`` as the callback.

    bar = ProgressBar(total=50, description="digits")
    display(bar)
    history = net.fit(X, T, epochs=50, callback=bar)

The bookkeeping is ``helpers.experiments.session.ProgressReport``; this module only draws it.
"""
import ipywidgets as widgets

from ..experiments.session import ProgressReport
from .controls import Panel


class ProgressBar(Panel):
    """An ipywidgets progress bar and a line "epoch k of N · loss … · accuracy …"."""

    def __init__(self, total, description="training", every=1):
        self.report = ProgressReport(total, on_update=self._show, every=every)
        self.title = str(description)
        self.bar = widgets.IntProgress(value=0, min=0, max=self.report.total, description=self.title,
                                       style={"description_width": "initial", "bar_color": "#0072B2"},
                                       layout=widgets.Layout(width="420px"))
        self.label = widgets.HTML(self.report.text)
        self.widget = widgets.HBox([self.bar, self.label], layout=widgets.Layout(align_items="center"))

    def _show(self, report):
        self.bar.value = report.done
        self.label.value = report.text

    def __call__(self, epoch, history):
        """The ``fit`` callback: records the epoch and redraws (never stops training)."""
        return self.report(epoch, history)

    @property
    def done(self):
        return self.report.done

    def describe(self):
        return f"{self.title}: {self.report.total} epochs"
