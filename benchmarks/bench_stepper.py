"""How long one step of the network stepper takes (issue 4).

Network 5-8-6-3 (sigmoid), one operation per step (75 steps).  "One step" is what a click on
Next costs in the drawing layer: change the state of the existing diagram
(``NetworkView.update(k)``) and render it to PNG (``NetworkView.png()``, which reuses a cached
background and redraws only the artists that change).  "From scratch" draws the same step on
a brand-new diagram (build the figure and its artists, then the same ``update`` and ``png``).
Both are timed in the same run, alternating, after a warm-up, over the steps in order.
Targets: median <= 60 ms, and <= 0.4x the from-scratch time.  (This is the static twin's cost; the live
stepper draws in the browser: here only its one-off set-up is timed.)
"""
import time

from _timing import median, p95, row

from helpers.draw.network import NetworkView
from helpers.nn import MLP
from helpers.steps.trace import trace
from helpers.widgets.network_stepper import NetworkStepper

SIZES = [5, 8, 6, 3]
X, T, LR = [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8], 0.5


def run(smoke=False):
    net = MLP(SIZES, seed=1)
    tr = trace(net, X, T, LR)
    view = NetworkView(tr)
    n = len(tr)

    def step(k):
        view.update(k)
        view.png()

    def scratch(k):
        fresh = NetworkView(tr)
        fresh.update(k)
        fresh.png()

    repeats = 4 if smoke else 2 * (n + 1)
    for k in range(min(n + 1, 3 if smoke else n + 1)):       # warm-up: fonts, caches, backgrounds
        step(k)
    scratch(0)
    times = {"step": [], "scratch": []}
    for r in range(repeats):
        k = (r + 1) % (n + 1)                      # Next, Next, ... round the whole trace
        order = ("step", "scratch") if r % 2 == 0 else ("scratch", "step")
        for name in order:
            fn = step if name == "step" else scratch
            start = time.perf_counter()
            fn(k)
            times[name].append(time.perf_counter() - start)

    # the live stepper computes every step once, up front; stepping then happens in the browser
    # (benchmarks/bench_browser.py times that)
    setups = []
    for _ in range(1 if smoke else 5):
        start = time.perf_counter()
        NetworkStepper(net, X, T, LR).close()
        setups.append(time.perf_counter() - start)

    ms_step, ms_scratch = 1000 * median(times["step"]), 1000 * median(times["scratch"])
    ratio = ms_step / ms_scratch
    label = f"stepper {'-'.join(map(str, SIZES))}"
    common = f"{repeats} steps, alternating with from-scratch"
    return [
        row(f"{label}: one step (update + PNG), median", ms_step, "ms", target="<= 60",
            met=ms_step <= 60, notes=common),
        row(f"{label}: one step (update + PNG), p95", 1000 * p95(times["step"]), "ms", notes=common),
        row(f"{label}: same step drawn from scratch, median", ms_scratch, "ms", notes=common),
        row(f"{label}: step / from scratch", ratio, "x", target="<= 0.4", met=ratio <= 0.4,
            notes="medians, same run"),
        row(f"{label}: live stepper set-up (every step of both granularities as JSON), median",
            1000 * median(setups), "ms", notes=f"{len(setups)} set-ups"),
    ]


if __name__ == "__main__":
    import sys
    for r in run(smoke="--smoke" in sys.argv):
        print(r)
