"""The one browser widget behind both steppers (anywidget) and its stand-alone HTML page.

``StepperWidget`` syncs the steps' data (``helpers.steps.state``) to the browser once, as
JSON; ``stepper.js`` draws every step from it, so stepping never waits for the kernel.
``k``, ``granularity``, ``scale``, ``interval``, ``hide_new`` and ``show_table`` go both ways:
set them from Python (``stepper.go(12)``) or read them after a class has clicked.

``BrowserStepper`` is the base of ``NetworkStepper`` and ``GraphStepper``: ``.widget`` to
display, ``go(k)``, ``k``, ``frame()`` (what is on screen), ``save_html(path)`` and
``close()``.
"""
import html
import json
from pathlib import Path

import anywidget
import numpy as np
import traitlets

from .._checks import ArgumentTypeError, check_int, check_real, show

from .controls import Panel

HERE = Path(__file__).resolve().parent
ESM, CSS = HERE / "stepper.js", HERE / "stepper.css"
OPTIONS = ("k", "granularity", "scale", "interval", "hide_new", "show_table")
SCALE_RANGE, INTERVAL_RANGE = (0.75, 2.0), (0.25, 3.0)


class StepperWidget(anywidget.AnyWidget):
    """The browser side of a stepper: the data once, and the position and options."""
    # The module's text, not its path: anywidget watches a path for live reloading and its
    # watcher keeps every widget alive, so a dropped stepper would never be freed.
    _esm = ESM.read_text(encoding="utf-8")
    _css = CSS.read_text(encoding="utf-8")
    data = traitlets.Dict().tag(sync=True)
    k = traitlets.Int(0).tag(sync=True)
    granularity = traitlets.Unicode("operation").tag(sync=True)
    scale = traitlets.Float(1.0).tag(sync=True)
    interval = traitlets.Float(1.0).tag(sync=True)          # seconds per step when playing
    hide_new = traitlets.Bool(False).tag(sync=True)
    show_table = traitlets.Bool(False).tag(sync=True)


def _flag(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False, got {show(value)}")
    return bool(value)


class BrowserStepper(Panel):
    """What NetworkStepper and GraphStepper share: the widget, the position, save_html."""

    def __init__(self, data, title, granularity="operation", interval=1.0, scale=1.0, hide_new=False,
                 show_table=False):
        self.title = title
        self.widget = StepperWidget(data=data, granularity=granularity,
                                    interval=check_real(interval, "interval", *INTERVAL_RANGE),
                                    scale=check_real(scale, "scale", *SCALE_RANGE),
                                    hide_new=_flag(hide_new, "hide_new"), show_table=_flag(show_table, "show_table"))
        self._free_when_dropped()

    @property
    def data(self):
        return self.widget.data

    @property
    def frames(self):
        return self.data["granularities"][self.widget.granularity]["frames"]

    @property
    def n_steps(self):
        return len(self.frames) - 1

    @property
    def k(self):
        return self.widget.k

    def go(self, k):
        """Show step k (clamped to 0..n_steps), as if the slider were moved there."""
        self.widget.k = max(0, min(check_int(k, "k", minimum=-2**63), self.n_steps))

    def frame(self, k=None):
        """The data the browser draws for step k (default: the step on screen)."""
        return self.frames[self.k if k is None else k]

    def save_html(self, path, title=None):
        """Write one self-contained HTML file of this stepper: the same picture, equation,
        counter, buttons, slider and keys, stepping with no Python and no network (open it
        from disk, a course page or a phone). Returns the path written."""
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"path must end in .html, got {str(path)!r}")
        state = {name: getattr(self.widget, name) for name in OPTIONS}
        state["data"] = self.data
        path.write_text(standalone_html(state, title or self.title), encoding="utf-8")
        return path

    def describe(self):
        return f"{self.title}: {self.n_steps} steps"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = dict(data, **{"text/plain": f"{type(self).__name__}({self.describe()})"})
        return data, metadata


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 12px; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; }}
h1 {{ font-size: 20px; margin: 0 0 8px; }}
{css}
</style>
</head>
<body>
<h1>{title}</h1>
<p style="font-size:15px;margin:0 0 8px">Click the stepper, then use Next / Previous or the keys
→ / ← / PageDown / PageUp / Space / Home / End. Made by <i>Backprop, Step by Step</i>; no internet needed.</p>
<div id="bp-app"></div>
<script type="application/json" id="bp-state">{state}</script>
<script type="module">
{js}
// A stand-in for the Jupyter widget model: the state lives in this page.
const state = JSON.parse(document.getElementById("bp-state").textContent);
const handlers = {{}};
const model = {{
  get: (name) => state[name],
  set: (name, value) => {{ state[name] = value; }},
  save_changes: () => {{}},
  on: (events, fn) => {{ for (const e of events.split(" ")) (handlers[e] = handlers[e] || []).push(fn); }},
  off: (events, fn) => {{ for (const e of events.split(" ")) handlers[e] = (handlers[e] || []).filter(f => f !== fn); }},
}};
bpStepper.render({{ model, el: document.getElementById("bp-app") }});
document.querySelector(".bp-stepper").focus({{ preventScroll: true }});
</script>
</body>
</html>
"""


def standalone_html(state, title):
    """The page save_html writes: CSS, the ES module and the JSON state, all inline."""
    js = ESM.read_text(encoding="utf-8").replace("export default { render };", "const bpStepper = { render };")
    if "const bpStepper" not in js:
        raise RuntimeError("stepper.js must end with `export default { render };`")
    state_json = json.dumps(state, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return _PAGE.format(title=html.escape(title), css=CSS.read_text(encoding="utf-8"), js=js, state=state_json)
