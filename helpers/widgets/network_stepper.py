"""The network stepper: one training iteration of a small MLP, one step per click.

    NetworkStepper(net, x, t, lr=0.5)

Diagram (``helpers.draw.network.NetworkView``), the step's equation in symbols and then
with numbers, a counter "k / N · phase", Reset / Previous / Next / Play / slider, a switch
between one operation and one layer per step, and an optional table of every value
computed so far.  The static twins are ``helpers.draw.network.render_step`` and
``storyboard``.
"""
import ipywidgets as widgets

from ..draw.network import NetworkView, check_drawable, fmt_value
from ..trace import GRANULARITIES, convert_k, trace
from .._checks import check_choice, check_instance
from ..nn import MLP
from .controls import FigureStepper, weak_callback

GRANULARITY_LABELS = {"operation": "one operation per step", "layer": "one layer per step"}


def table_html(tr, k, last=None):
    """An HTML table (phase, quantity, value) of what steps 1..k computed, newest last."""
    rows = tr.table(k)
    if last is not None:
        rows = rows[-last:]
    if not rows:
        return "<i>Nothing computed yet.</i>"
    body = "".join(f"<tr><td>{phase}</td><td>${symbol}$</td><td style='text-align:right'>{fmt_value(v)}</td></tr>"
                   for phase, symbol, v in rows)
    return ("<table><thead><tr><th>phase</th><th>quantity</th><th>value</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


class NetworkStepper(FigureStepper):
    """Step through forward pass, loss, backward pass and update of ``net`` on one sample."""

    def __init__(self, net, x, t, lr=0.5, granularity="operation", show_table=False, title="",
                 interval_ms=900, figsize=(10, 5.6)):
        check_instance(net, MLP, "net", "a helpers.nn.MLP")
        check_drawable(net.sizes)
        check_choice(granularity, "granularity", GRANULARITIES)
        self.traces = {g: trace(net, x, t, lr, g) for g in GRANULARITIES}
        self.trace = self.traces[granularity]
        self.table = widgets.HTMLMath(layout=widgets.Layout(max_height="320px", overflow="auto"))
        self.table_toggle = widgets.Checkbox(value=bool(show_table), description="table of values so far",
                                             indent=False, layout=widgets.Layout(width="auto"))
        self.granularity = widgets.ToggleButtons(
            options=[(GRANULARITY_LABELS[g], g) for g in GRANULARITIES], value=granularity,
            style={"button_width": "auto"})
        view = NetworkView(self.trace, figsize=figsize)
        super().__init__(view, len(self.trace), title=title or f"network {net.sizes}",
                         interval_ms=interval_ms, label=self._label,
                         extras=[widgets.HBox([self.granularity, self.table_toggle])], footer=[self.table])
        self.image.layout.max_width = "100%"
        self.granularity.observe(weak_callback(self._granularity_changed), names="value")
        self.table_toggle.observe(weak_callback(self._table_toggled), names="value")
        self._free_when_dropped()

    def _table_toggled(self, change):
        self._show_table(self.k)

    def _label(self, k, n):
        step = self.trace.current(k) if n == len(self.trace) else None
        return f"{k} / {n} · {step.phase if step else 'start'}"

    def _show(self, k):
        super()._show(k)
        self._show_table(k)

    def _show_table(self, k):
        on = self.table_toggle.value
        self.table.value = table_html(self.trace, k) if on else ""
        self.table.layout.display = None if on else "none"

    def _granularity_changed(self, change):
        old, new = self.traces[change["old"]], self.traces[change["new"]]
        k = convert_k(self.k, old, new)
        self.trace = new
        self.view.set_trace(new)        # same network, same artists: only the steps differ
        self.controls.set_n_steps(len(new), k)

    def set_granularity(self, granularity):
        if granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {list(GRANULARITIES)}, got {granularity!r}")
        self.granularity.value = granularity

    def describe(self):
        return f"{self.title}: {len(self.trace)} steps, {GRANULARITY_LABELS[self.trace.granularity]}"
