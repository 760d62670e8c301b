"""How long a class waits after clicking Next: measured in the browser (issue 7).

A private JupyterLab (tests/browser_support.py) runs a generated notebook holding one
NetworkStepper on the 5-8-6-3 sigmoid network (one operation per step, as in
bench_stepper.py), in headless Chromium.  For each click the page itself records
``performance.now()`` just before ``click()`` on Next and again when the new picture is
shown: the Image's ``src`` has changed, the new image is decoded, and the next animation
frame has started.  This is the whole round trip: the click travels to the kernel, Python
updates the diagram and renders the PNG, the bytes travel back, the browser decodes them.

Target: median <= 250 ms (it feels immediate to a class watching a projector).
In smoke mode, or without Chromium / Playwright, it returns one row with a note instead.
"""
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT / "tests"), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from _timing import p95, row  # noqa: E402

TARGET_MS = 250.0
NAME = "browser: Next click -> new image shown, median"

CELL = textwrap.dedent("""\
    from helpers.nn import MLP
    from helpers.widgets.network_stepper import NetworkStepper
    NetworkStepper(MLP([5, 8, 6, 3], seed=1), [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8], lr=0.5)""")

# Runs in the page (tests/test_browser.py runs it too, for its structure): click Next `clicks` times, one after the other, and return each delay in ms.
MEASURE_JS = """async ([root, clicks]) => {
  const next = [...root.querySelectorAll('button')].find(b => b.textContent.trim() === 'Next');
  const img = root.querySelector('img.bp-image') || root.querySelector('.bp-image img');
  const delays = [];
  for (let i = 0; i < clicks; i++) {
    const old = img.src;
    const shown = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no new image after 20 s')), 20000);
      const mo = new MutationObserver(() => {
        if (img.src === old) return;
        mo.disconnect();
        img.decode().then(() => requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now()); }),
                          reject);
      });
      mo.observe(img, {attributes: true, attributeFilter: ['src']});
    });
    const t0 = performance.now();
    next.click();
    delays.push((await shown) - t0);
  }
  return delays;
}"""


def _note_row(note):
    return [row(NAME, 0.0, "ms", notes=note)]


def measure(clicks=30, warmup=3):
    """Delays in ms of ``clicks`` timed Next clicks (after ``warmup`` untimed ones)."""
    import nbformat
    from playwright.sync_api import sync_playwright

    from browser_support import JupyterLabServer, LabPage, find_chromium, launch_browser

    with tempfile.TemporaryDirectory(prefix="bp-bench-") as tmp:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, str(Path(tmp) / "bench.ipynb"))
        with JupyterLabServer(tmp) as server, sync_playwright() as pw:
            browser = launch_browser(pw, find_chromium())
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                lab = LabPage(page, server)
                lab.open_notebook("bench.ipynb")
                lab.run_all()
                root = page.locator(".bp-stepper").first
                root.scroll_into_view_if_needed()
                n_steps = int(root.locator(".bp-counter").inner_text().split("/")[1].split()[0])
                clicks = min(clicks, n_steps - warmup)
                handle = root.element_handle()
                page.evaluate(MEASURE_JS, [handle, warmup])
                return page.evaluate(MEASURE_JS, [handle, clicks])
            finally:
                browser.close()


def run(smoke=False):
    if smoke:
        return _note_row("skipped in smoke mode (starts JupyterLab and Chromium); run without --smoke")
    from browser_support import why_no_browser   # the same check as tests/test_browser.py
    why = why_no_browser()
    if why:
        why = f"skipped: {why}"
        print(f"note: bench_browser {why}")
        return _note_row(why)
    delays = measure()
    med = statistics.median(delays)
    return [
        row(NAME, med, "ms", f"<= {TARGET_MS:.0f} ms", med <= TARGET_MS,
            f"{len(delays)} clicks, network 5-8-6-3, kernel round trip + PNG decode + next frame"),
        row("browser: Next click -> new image shown, p95", p95(delays), "ms", notes="same clicks"),
    ]


if __name__ == "__main__":
    for r in run(smoke="--smoke" in sys.argv):
        print(r)
