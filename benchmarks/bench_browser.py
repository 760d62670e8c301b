"""How long a class waits after pressing Next: measured in the browser (issue 12).

The steppers draw in the browser (helpers/widgets/stepper.js), so a step needs no kernel:
this benchmark opens the stepper's stand-alone page (``save_html``, the same ES module
and data as in JupyterLab) in headless Chromium and, in the page, records
``performance.now()`` just before Next (a click, or the → key) and again once the new
picture and equation have been painted (the next animation frame has run and the
browser has rendered it).  Networks: 5-8-6-3 (notebook 06) and a 20-wide one.

Target: median <= 16 ms (one frame at 60 Hz), p90 <= 50 ms.
In smoke mode, or without Chromium / Playwright, it returns one row with a note instead.
"""
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT / "tests"), str(HERE), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

from _timing import row  # noqa: E402

TARGET_MEDIAN_MS, TARGET_P90_MS = 16.0, 50.0
NAME = "browser: Next -> new picture and equation painted"
NETWORKS = {"5-8-6-3": ([5, 8, 6, 3], 1), "20-20-20-3": ([20, 20, 20, 3], 1)}

# Runs in the page: press Next `n` times (alternately a click and the → key) and return each
# delay in ms, from the press to the frame after the one that drew the new step.
MEASURE_JS = """async ([root, n]) => {
  const next = root.querySelector('button[aria-label=Next]');
  const counter = root.querySelector('.bp-counter');
  const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const delays = [];
  for (let i = 0; i < n; i++) {
    const before = counter.textContent;
    const t0 = performance.now();
    if (i % 2) root.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    else next.click();
    await painted();
    if (counter.textContent === before) throw new Error('Next did not move the stepper');
    delays.push(performance.now() - t0);
  }
  return delays;
}"""


def _note_row(note):
    return [row(NAME, 0.0, "ms", notes=note)]


def p90(values):
    ordered = sorted(values)
    return ordered[max(0, int(0.9 * len(ordered) + 0.999999) - 1)]


def measure(sizes, seed, clicks=40):
    """Delays in ms of ``clicks`` Next presses on the stand-alone stepper of MLP(sizes)."""
    import numpy as np
    from playwright.sync_api import sync_playwright

    from browser_support import find_chromium, launch_browser
    from helpers.nn import MLP
    from helpers.widgets.network_stepper import NetworkStepper

    rng = np.random.default_rng(seed)
    x, t = rng.uniform(0, 1, sizes[0]), rng.uniform(0.1, 0.9, sizes[-1])
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as tmp:
        page_path = NetworkStepper(MLP(sizes, seed=seed), x, t, 0.5).save_html(Path(tmp) / "stepper.html")
        with sync_playwright() as pw:
            browser = launch_browser(pw, find_chromium())
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(page_path.as_uri())
                root = page.locator(".bp-stepper").first
                root.wait_for()
                handle = root.element_handle()
                page.evaluate(MEASURE_JS, [handle, 4])                     # warm-up
                return page.evaluate(MEASURE_JS, [handle, clicks])
            finally:
                browser.close()


def run(smoke=False):
    if smoke:
        return _note_row("skipped in smoke mode (starts Chromium); run without --smoke")
    from browser_support import why_no_browser   # the same check as tests/test_browser.py
    why = why_no_browser()
    if why:
        why = f"skipped: {why}"
        print(f"note: bench_browser {why}")
        return _note_row(why)
    rows = []
    for label, (sizes, seed) in NETWORKS.items():
        delays = measure(sizes, seed)
        med, hi = statistics.median(delays), p90(delays)
        rows.append(row(f"{NAME}, {label}, median", med, "ms", f"<= {TARGET_MEDIAN_MS:.0f} ms",
                        med <= TARGET_MEDIAN_MS, f"{len(delays)} presses (click and → key), stand-alone page"))
        rows.append(row(f"{NAME}, {label}, p90", hi, "ms", f"<= {TARGET_P90_MS:.0f} ms", hi <= TARGET_P90_MS,
                        "same presses"))
    return rows


if __name__ == "__main__":
    for r in run(smoke="--smoke" in sys.argv):
        print(r)
