"""How long a class waits after pressing Next: measured in the browser (issue 12).

The steppers draw in the browser (helpers/widgets/stepper.js), so a step needs no kernel:
this benchmark opens the stepper's stand-alone page (``save_html``, the same ES module
and data as in JupyterLab) in headless Chromium and presses Next the way a person does,
through Chromium's own input pipeline (a mouse click on the button, or the → key, sent
by Playwright as trusted input), at a random moment of the display's 60 Hz frame clock.
Networks: 5-8-6-3 (notebook 06) and a 20-wide one.

Each press is timed from the moment the browser received it (the event's timestamp,
so Playwright's own messaging is not counted) to two end points:

* presented: the frame showing the new step has been drawn and swapped to the screen,
  from Chromium's own trace of the press (``EventLatency``: input to presentation);
  this is the "new picture and equation painted on screen" of the target;
* painted by the page: the main thread has run the step and painted that frame (an
  animation frame callback, then a task after it), i.e. what stepper.js and the page's
  style, layout and paint cost, before Chromium's compositor rasterises and draws it.

Target (on "presented"): median <= 16 ms (one frame at 60 Hz), p90 <= 50 ms.
In smoke mode, or without Chromium / Playwright, it returns one row with a note instead.

Beside the steppers, in the same browser (one for all pages) and with the same presses, it
times a reference page after each stepper (``reference_page``): a plain page of text as large
as the stepper's, whose Next changes what every step of the stepper changes outside its picture
(the counter and the slider at the top, a line of numbers at the bottom where the equation is, the
focus back on the page after a click) and nothing else. Its figures are what Chromium needs on the
machine that runs it to show a press that changes the top and the bottom of the window, before
any picture or equation is drawn: the floor the stepper's figures stand on. No target.

``python benchmarks/bench_browser.py --against REV [REV ...]`` prints the figures of this
checkout's stepper.js and .css and of those of other git revisions (pages alternating in one
browser), for A/B comparisons.
"""
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT / "tests"), str(HERE), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

from _timing import row  # noqa: E402

TARGET_MEDIAN_MS, TARGET_P90_MS = 16.0, 50.0
NAME = "browser: Next -> new picture and equation"
NETWORKS = {"5-8-6-3": ([5, 8, 6, 3], 1), "20-20-20-3": ([20, 20, 20, 3], 1)}
REFERENCE = "browser: Next -> the reference page's counter, slider and line of numbers"
FRAME_S = 1 / 60
# Chromium's trace of each input, from its creation in the browser to the frame presented
TRACE_CATEGORIES = ["benchmark", "input", "disabled-by-default-devtools.timeline.frame"]

# Runs in the page before a press: the next `kind` event on the page starts a clock at its own
# timestamp (when the browser received the input), stopped in a task queued by the first
# animation frame callback after it, i.e. once that frame's style, layout and paint have run.
ARM_JS = """(kind) => {
  const counter = document.querySelector('.bp-counter');
  window.__bpPress = new Promise(resolve => {
    window.addEventListener(kind, (e) => {
      const before = counter.textContent;
      requestAnimationFrame(() => setTimeout(() => resolve({
        t0: e.timeStamp, painted: performance.now() - e.timeStamp,
        moved: counter.textContent !== before}), 0));
    }, {capture: true, once: true});
  });
}"""


# Three frames: whatever the last press started has been drawn and presented.
SETTLE_JS = """() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>
  requestAnimationFrame(r))))"""


def _note_row(note):
    return [row(NAME, 0.0, "ms", notes=note)]


def p90(values):
    ordered = sorted(values)
    return ordered[max(0, int(0.9 * len(ordered) + 0.999999) - 1)]


def stepper_page(sizes, seed, folder, rev=None):
    """save_html of the stepper of MLP(sizes) in ``folder``; with ``rev``, with the stepper.js
    and stepper.css of that git revision instead of this checkout's."""
    import subprocess

    import numpy as np

    from helpers.nn import MLP
    from helpers.widgets import browser_stepper
    from helpers.widgets.network_stepper import NetworkStepper

    rng = np.random.default_rng(seed)
    x, t = rng.uniform(0, 1, sizes[0]), rng.uniform(0.1, 0.9, sizes[-1])
    tag = "" if rev is None else "-" + "".join(c if c.isalnum() else "_" for c in rev)
    stepper = NetworkStepper(MLP(sizes, seed=seed), x, t, 0.5)
    target = Path(folder) / ("-".join(map(str, sizes)) + tag + ".html")
    if rev is None:
        return stepper.save_html(target)
    saved = browser_stepper.ESM, browser_stepper.CSS
    for name in ("ESM", "CSS"):
        source = getattr(browser_stepper, name)
        copy = Path(folder) / (source.stem + tag + source.suffix)
        copy.write_bytes(subprocess.run(["git", "show", f"{rev}:helpers/widgets/{source.name}"], cwd=ROOT,
                                        check=True, capture_output=True).stdout)
        setattr(browser_stepper, name, copy)
    try:
        return stepper.save_html(target)
    finally:
        browser_stepper.ESM, browser_stepper.CSS = saved


# The reference page: as wide and as tall as the stepper's page at 1280x720, text all over it (a
# page of content, as the picture is), and a press changes what every step of the stepper changes
# outside its picture: the counter and the slider in the top row, and a line of numbers at the
# bottom as wide as the equation of a weighted sum.
REFERENCE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reference page</title>
<style>
  body { margin: 8px; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; }
  .bp-stepper { border: 2px solid #56B4E9; border-radius: 6px; padding: 6px 4px; height: 704px;
    box-sizing: border-box; overflow: hidden; outline: none; }
  .row { display: flex; gap: 5px; align-items: center; font-size: 16px; margin-bottom: 5px; }
  .bp-counter { font-weight: bold; font-size: 18px; min-width: 8.5em; }
  .slider { flex: 1 1 100px; }
  .text { font-size: 15px; line-height: 1.45; color: #333; height: 610px; overflow: hidden; }
  .result { font-size: 24px; white-space: nowrap; }
</style></head>
<body><div class="bp-stepper" tabindex="0">
<div class="row"><button type="button" aria-label="Previous">Previous</button>
  <button type="button" aria-label="Next">Next</button><span class="bp-counter"></span>
  <input type="range" class="slider" min="0" max="99" value="0" aria-label="step"></div>
<div class="text">TEXT</div>
<div class="result"></div>
</div>
<script>
  const counter = document.querySelector(".bp-counter"), result = document.querySelector(".result");
  const slider = document.querySelector(".slider");
  let k = 0;
  function next() {
    k = (k + 1) % 100;
    counter.textContent = `${k} / 99 · forward`;
    slider.value = String(k);
    const terms = [1, 2, 3, 4, 5].map(i => `${(((k * i) % 17) / 17).toFixed(4)}·${(i / 7).toFixed(4)}`);
    result.textContent = `z = ${terms.join(" + ")} = ${(k / 7).toFixed(4)}`;
  }
  // as on the stepper, a click leaves the focus on the page's box (so the keys go on working)
  const box = document.querySelector(".bp-stepper");
  document.querySelector("[aria-label=Next]").addEventListener("click", () => { next(); box.focus({preventScroll: true}); });
  window.addEventListener("keydown", (e) => { if (e.key === "ArrowRight") { e.preventDefault(); next(); } });
  next();
</script></body></html>
"""


def reference_page(folder):
    """The reference page (see REFERENCE_HTML) in ``folder``; its path."""
    words = ("a step of the stepper changes the counter at the top and the equation at the bottom "
             "so the browser redraws the window from one to the other").split()
    lines = [" ".join(words[(i + j) % len(words)] for j in range(24)) for i in range(40)]
    target = Path(folder) / "reference.html"
    target.write_text(REFERENCE_HTML.replace("TEXT", "<br>\n".join(lines)), encoding="utf-8")
    return target


def presentation_delays(trace_bytes):
    """Input-to-presentation times in ms of the key presses and mouse releases in a trace.

    Chromium traces each input as an ``EventLatency`` slice whose stages end with
    ``SubmitCompositorFrameToPresentationCompositorFrame`` when the input changed what is on
    screen; inputs that changed nothing end otherwise and are left out.  Returns
    [(start_us, kind, ms)] in time order."""
    data = json.loads(trace_bytes)
    events = data["traceEvents"] if isinstance(data, dict) else data
    wanted = {"KEY_PRESSED": "key", "MOUSE_RELEASED": "click"}
    open_, out = {}, []
    for e in sorted((e for e in events if e.get("ph") in ("b", "e")), key=lambda e: e["ts"]):
        key = (e.get("pid"), json.dumps(e.get("id2") or e.get("id")))
        if e.get("name") == "EventLatency":
            if e["ph"] == "b":
                kind = e.get("args", {}).get("event_latency", {}).get("event_type")
                open_[key] = {"ts": e["ts"], "kind": wanted.get(kind), "presented": False}
            elif key in open_:
                lat = open_.pop(key)
                if lat["kind"] and lat["presented"]:
                    out.append((lat["ts"], lat["kind"], (e["ts"] - lat["ts"]) / 1000))
        elif e.get("name") == "SubmitCompositorFrameToPresentationCompositorFrame" and key in open_:
            open_[key]["presented"] = True
    return sorted(out)


def press_next(page, presses, rng):
    """Press Next ``presses`` times (click, key, click, ...), each at a random moment of the
    frame clock; return the in-page timings (see ARM_JS)."""
    box = page.locator("button[aria-label=Next]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    timings = []
    for i in range(presses):
        kind = "keydown" if i % 2 else "click"
        page.evaluate(SETTLE_JS)                    # the last press is on screen, nothing pending
        page.evaluate(ARM_JS, kind)
        time.sleep(rng.uniform(0, FRAME_S))         # a person's press falls anywhere in a frame
        if kind == "keydown":
            page.keyboard.press("ArrowRight")
        else:
            page.mouse.click(cx, cy)
        got = page.evaluate("() => window.__bpPress")
        if not got["moved"]:
            raise RuntimeError("Next did not move the stepper")
        timings.append(got)
    return timings


def measure(page_path, presses=40, seed=0, browser=None):
    """{"painted": [ms], "presented": [ms]} for ``presses`` Next presses on a stand-alone page."""
    from browser_support import VIEWPORT, find_chromium, running_browser

    if browser is None:
        with running_browser(find_chromium()) as browser:
            return measure(page_path, presses, seed, browser)
    rng = random.Random(seed)
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(Path(page_path).as_uri())
        page.locator(".bp-stepper").first.wait_for()
        press_next(page, 4, rng)                                     # warm-up
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        try:
            timings = press_next(page, presses, rng)
            page.evaluate(SETTLE_JS)
        finally:
            trace = browser.stop_tracing()
    finally:
        page.close()
    presented = match_presses(timings, presentation_delays(trace))
    return {"painted": [t["painted"] for t in timings], "presented": presented}


def match_presses(timings, traced, slack_ms=1.0):
    """The traced delay of each press: the trace's clock differs from the page's by a constant,
    found as the shift that lines up the most traced inputs with the presses' timestamps."""
    kinds = ["click" if i % 2 == 0 else "key" for i in range(len(timings))]
    t0 = [t["t0"] for t in timings]
    best = None
    for ts, _, _ in traced:
        shift = ts / 1000 - t0[0]
        hits = sum(any(abs(ts2 / 1000 - shift - t) <= slack_ms for ts2, _, _ in traced) for t in t0)
        if best is None or hits > best[0]:
            best = (hits, shift)
    out = []
    for t, kind in zip(t0, kinds):
        near = [ms for ts, k, ms in traced if k == kind and abs(ts / 1000 - best[1] - t) <= slack_ms]
        if len(near) != 1:
            raise RuntimeError(f"{len(near)} traced inputs match the press at {t:.1f} ms ({kind})")
        out.append(near[0])
    return out


def _rows(label, got, load, target=True, name=NAME):
    """Rows of median and p90 for both end points; the target only on "presented" and only when
    ``target``."""
    rows = []
    n = len(got["presented"])
    for what, values, note in (
            ("presented", got["presented"], "input to frame on screen (Chromium's EventLatency trace); "
             f"{n} presses (click and → key) at random moments of the frame; load average {load}"),
            ("painted by the page", got["painted"], "input to the page's own work done (script, style, "
             "layout, paint; before Chromium rasterises and draws); same presses")):
        judged = target and what == "presented"
        med, hi = statistics.median(values), p90(values)
        title = f"{name} {what}" + (f", {label}" if label else "")
        rows.append(row(f"{title}, median", med, "ms",
                        f"<= {TARGET_MEDIAN_MS:.0f} ms" if judged else "",
                        (med <= TARGET_MEDIAN_MS) if judged else None, note))
        rows.append(row(f"{title}, p90", hi, "ms",
                        f"<= {TARGET_P90_MS:.0f} ms" if judged else "",
                        (hi <= TARGET_P90_MS) if judged else None, "same presses"))
    return rows


def load_average():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def run(smoke=False):
    if smoke:
        return _note_row("skipped in smoke mode (starts Chromium); run without --smoke")
    from browser_support import why_no_browser   # the same check as tests/test_browser.py
    why = why_no_browser()
    if why:
        why = f"skipped: {why}"
        print(f"note: bench_browser {why}")
        return _note_row(why)
    from browser_support import find_chromium, running_browser
    rows, reference, loads = [], {"painted": [], "presented": []}, []
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as tmp, running_browser(find_chromium()) as browser:
        ref_page = reference_page(tmp)
        for i, (label, (sizes, seed)) in enumerate(NETWORKS.items()):   # each network, then the reference
            load = load_average()
            rows += _rows(label, measure(stepper_page(sizes, seed, tmp), browser=browser), load)
            loads.append(load_average())
            for key, values in measure(ref_page, seed=i, browser=browser).items():
                reference[key] += values
    return rows + _rows("", reference, ", ".join(loads), target=False, name=REFERENCE)


def compare(revs, presses=40, rounds=3):
    """A/B: this checkout's stepper, that of each git revision in ``revs``, and the reference page,
    pages alternating in one browser, ``rounds`` times ``presses`` presses each."""
    from browser_support import find_chromium, running_browser

    versions = [None] + list(revs)
    names = ["this checkout"] + list(revs) + ["reference page"]
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as tmp, running_browser(find_chromium()) as browser:
        ref_page = reference_page(tmp)
        for label, (sizes, seed) in NETWORKS.items():
            pages = [stepper_page(sizes, seed, tmp, rev) for rev in versions] + [ref_page]
            got = {n: {"painted": [], "presented": []} for n in names}
            loads = [load_average()]
            for r in range(rounds):
                order = list(zip(names, pages))
                order = order[r % len(order):] + order[:r % len(order)]
                for n, p in order:
                    one = measure(p, presses, seed=r, browser=browser)
                    for k in one:
                        got[n][k] += one[k]
                loads.append(load_average())
            print(f"{label} (load average {', '.join(loads)}):")
            for n in names:
                pr, pa = got[n]["presented"], got[n]["painted"]
                print(f"  {n:>14}: presented median {statistics.median(pr):5.1f} p90 {p90(pr):5.1f} ms;"
                      f" painted by the page median {statistics.median(pa):5.1f} p90 {p90(pa):5.1f} ms"
                      f" ({len(pr)} presses)")


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--against", nargs="+", metavar="REV",
                        help="git revisions whose stepper.js and .css to time against this checkout's")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    opts = parser.parse_args()
    if opts.against:
        compare(opts.against, presses=opts.presses, rounds=opts.rounds)
    else:
        for r in run(smoke=opts.smoke):
            print(r)
