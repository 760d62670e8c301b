"""Notebook 11's recurrent-neuron stepper on a projector: a window that follows the step.

The unrolled graph is three columns per time step, far wider than JupyterLab's output area at
1280×720 (about 840 px) once its labels are readable (14 px).  So the browser stepper shows a
window of whole columns at that size, which pans sideways to keep the step's node (and the nodes
it talks to) in view, and never moves the picture up or down; "whole graph" shows it all, smaller.
Here, in a real JupyterLab in headless Chromium: every step is unclipped, readable and on one
screen (the same audit as tests/test_browser.py's steppers), the current node is always inside
the window, no node or label is cut by the window's edge, and the stand-alone page of
``save_html`` follows the step too, offline.

Without Chromium or the playwright package these tests skip with the reason, unless
REQUIRE_BROWSER=1 (set by .ci/run), which makes a missing browser a failure.
"""
import shutil

import pytest

from browser_support import (FULL_HD, ROOT, VIEWPORT, JupyterLabServer, StepperView, offline_context, open_and_run_all,
                             viewport)

pytestmark = pytest.mark.browser
NOTEBOOK = "11_beyond.ipynb"


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / "notebooks" / NOTEBOOK)
    with JupyterLabServer(root) as server:
        context = browser.new_context(viewport=VIEWPORT)
        try:
            yield open_and_run_all(context, server, [NOTEBOOK], timeout_ms=300_000)[NOTEBOOK]
        finally:
            context.close()


@pytest.fixture(scope="module")
def stepper(lab):
    lab.page.bring_to_front()
    roots = lab.page.locator(".bp-stepper")
    assert roots.count() == 1, f"{NOTEBOOK} should show one browser stepper, it shows {roots.count()}"
    return StepperView(lab, roots.first)


# Every step forward (→), then every step back (←): where the window is, and what it cuts.
FOLLOW_JS = """(root) => {
  const problems = [];
  const key = (k) => root.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}));
  const svg = root.querySelector('.bp-diagram');
  const n = +root.querySelector('.bp-slider').max;
  const shared = new Set(['w', 'u']);
  const windows = new Set();
  let seen = 0, notes = 0;
  const check = (k) => {
    const view = svg.getBoundingClientRect();
    const inside = (b) => b.left >= view.left - 0.5 && b.right <= view.right + 0.5;
    const outside = (b) => b.right <= view.left + 0.5 || b.left >= view.right - 0.5;
    windows.add(svg.getAttribute('viewBox'));
    const current = svg.querySelector('.bp-node.bp-current');
    if (k > 0 && !current) problems.push(`step ${k}: no current node`);
    if (current && !inside(current.querySelector('.bp-pill').getBoundingClientRect()))
      problems.push(`step ${k}: the current node ${current.dataset.name} is outside the window`);
    for (const g of svg.querySelectorAll('.bp-node')) {
      const b = g.querySelector('.bp-pill').getBoundingClientRect();
      if (!inside(b) && !outside(b)) problems.push(`step ${k}: node ${g.dataset.name} is cut by the window's edge`);
      if (inside(b)) seen++;
    }
    for (const g of svg.querySelectorAll('.bp-edge-label')) {
      if (g.style.display === 'none') continue;
      const b = g.getBoundingClientRect();
      if (!inside(b) && !outside(b)) problems.push(`step ${k}: edge label "${g.textContent}" is cut by the window's edge`);
    }
    // the step's other nodes are in view too (not the shared weights, whose arrows come from the far
    // left); a shared weight's own step sends to every time step, and the note beside "whole graph"
    // names those outside the window (and only those)
    const name = current && current.dataset.name;
    const note = root.querySelector('.bp-off-hint').textContent;
    const named = new Set((note.match(/[a-zA-Z]+[0-9]*/g) || []).filter(w => w !== 'also'));
    const out = new Set();
    if (name) {
      for (const p of svg.querySelectorAll('path.bp-edge')) {
        if (p.getAttribute('stroke') === '#888') continue;              // not this step's edge
        const other = p.dataset.from === name ? p.dataset.to : p.dataset.from;
        if (shared.has(other)) continue;
        const g = svg.querySelector(`.bp-node[data-name="${other}"]`);
        if (inside(g.querySelector('.bp-pill').getBoundingClientRect())) continue;
        out.add(other);
        if (!shared.has(name)) problems.push(`step ${k}: ${other}, which step ${k} (${name}) reads or sends to, is out of view`);
      }
    }
    if ([...out].some(o => !named.has(o)) || [...named].some(o => !out.has(o)))
      problems.push(`step ${k}: the note reads "${note}", the step's nodes out of view are ${[...out]}`);
    if (out.size) notes++;
  };
  key('Home');
  check(0);
  for (let k = 1; k <= n; k++) { key('ArrowRight'); check(k); }
  for (let k = n - 1; k >= 0; k--) { key('ArrowLeft'); check(k); }
  const vb = svg.viewBox.baseVal;
  return {problems, n, windows: windows.size, scale: svg.getBoundingClientRect().width / vb.width,
          pictureWidth: svg.getBoundingClientRect().width, stepperWidth: root.getBoundingClientRect().width,
          nodes: svg.querySelectorAll('.bp-node').length, seen, notes};
}"""


def _notebook_stepper():
    """The stepper notebook 11 shows, built here with the notebook's numbers."""
    from helpers.experiments.recurrent import unrolled_rnn
    from helpers.widgets.unrolled_stepper import UnrolledStepper
    return UnrolledStepper(unrolled_rnn([1.0, -0.5, 0.8], w=0.7, u=1.2, r0=0.0, t=0.5))


def test_every_step_is_unclipped_readable_and_on_one_screen(lab, stepper):
    stepper.focus()
    report = stepper.audit()
    assert report["n"] == 32
    assert report["problems"] == [], "; ".join(report["problems"][:8])    # incl. "the picture moved"
    assert report["equationPx"] >= 24, f"equation {report['equationPx']} px"
    assert report["minLabel"] >= 14 - 0.01, f"a label of {report['minLabel']:.2f} px"
    assert report["counterPx"] >= 16 and report["buttonPx"] >= 16
    height = lab.notebook_height()
    assert report["maxHeight"] <= height, f"the stepper is {report['maxHeight']:.0f} px tall, the view {height}"
    stepper.go(24)                                   # w collects one term per time step
    lab.screenshot("11-stepper-w", stepper.root)


def test_the_window_follows_the_step_and_cuts_nothing(lab, stepper):
    stepper.focus()
    report = stepper.root.evaluate(FOLLOW_JS)
    assert report["problems"] == [], "; ".join(report["problems"][:8])
    assert report["pictureWidth"] <= report["stepperWidth"]
    assert report["scale"] == pytest.approx(1), "the window shows the graph at its own size, text as set"
    assert report["windows"] >= 3, "the window never moved: the test did not test following"
    assert report["notes"] >= 2, "no step named nodes outside the window (w's and u's steps should)"
    stepper.go(8)
    lab.screenshot("11-stepper-forward", stepper.root)


def test_whole_graph_shows_everything_and_keeps_the_place(lab, stepper):
    stepper.go(20)
    box = stepper.root.locator(".bp-whole")
    top = stepper.diagram.bounding_box()["y"]
    box.check()
    try:
        assert stepper.count() == (20, 32)
        inside = stepper.root.evaluate("""(root) => {
          const svg = root.querySelector('.bp-diagram'), v = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('.bp-pill')].every(p => {
            const b = p.getBoundingClientRect();
            return b.left >= v.left - 0.5 && b.right <= v.right + 0.5 && b.top >= v.top - 0.5 && b.bottom <= v.bottom + 0.5;
          });
        }""")
        assert inside, "with 'whole graph' every node is on screen"
        stepper.go(24)                               # w's step: its uses are all in view now
        assert stepper.root.locator(".bp-off-hint").text_content() == "", "nothing is outside the whole graph"
        stepper.go(20)
        assert stepper.diagram.bounding_box()["y"] == pytest.approx(top, abs=0.5)
        lab.screenshot("11-stepper-whole", stepper.root)
    finally:
        box.uncheck()
    assert stepper.count() == (20, 32)
    assert stepper.root.evaluate(FOLLOW_JS)["problems"] == []


def test_hide_then_reveal_a_gradient_on_one_line(lab, stepper):
    stepper.go(20)                                         # a backward step
    stepper.root.locator(".bp-hide").check()               # hides the step's new gradient
    try:
        current = stepper.root.locator(".bp-node.bp-current .bp-grad").first
        assert current.text_content().endswith("= ?")      # "∂E/∂v3 = ?", on one line
        stepper.button("Reveal").click()
        frame = _notebook_stepper().frame(20)
        assert current.text_content() == frame["grads"][frame["current"]]
    finally:
        stepper.root.locator(".bp-hide").uncheck()


def test_a_1920x1080_screen_shows_more_columns_with_the_same_guarantees(lab, stepper):
    narrow = stepper.root.evaluate(FOLLOW_JS)
    with viewport(lab.page, FULL_HD):
        lab.page.wait_for_function("(r) => r.getBoundingClientRect().width > 1200", arg=stepper.root.element_handle())
        stepper.focus()
        report = stepper.root.evaluate(FOLLOW_JS)
        assert report["problems"] == [], "; ".join(report["problems"][:8])
        assert report["seen"] > narrow["seen"], "a wider window shows more of the graph"
        audit = stepper.audit()
        assert audit["problems"] == [] and audit["minLabel"] >= 14 - 0.01
        assert audit["maxHeight"] <= lab.notebook_height()


def test_the_largest_size_that_fits_still_follows_and_cuts_nothing(lab, stepper):
    """A+ until it greys out (the largest size whose stepper fits the view, on a 1080p screen): fewer
    columns in the window, labels larger in proportion, the same guarantees."""
    larger, smaller = stepper.button("larger"), stepper.button("smaller")
    scale = lambda: float(stepper.root.evaluate("r => getComputedStyle(r).getPropertyValue('--bp-scale')"))
    with viewport(lab.page, FULL_HD):
        lab.page.wait_for_function("(r) => r.getBoundingClientRect().width > 1200", arg=stepper.root.element_handle())
        stepper.focus()
        try:
            for _ in range(12):                                # more presses than there are sizes
                if not larger.is_enabled():
                    break
                larger.click()
                lab.page.wait_for_timeout(100)
            assert not larger.is_enabled(), "A+ never greyed out: some size should be the largest that fits"
            size = scale()
            assert size >= 1.5, f"on a 1080p screen A+ stopped at {size:g}"
            report = stepper.root.evaluate(FOLLOW_JS)
            assert report["problems"] == [], "; ".join(report["problems"][:8])
            audit = stepper.audit()
            assert audit["problems"] == [], "; ".join(audit["problems"][:8])
            assert audit["minLabel"] >= 14 * size - 0.01, f"at size {size:g} a label is {audit['minLabel']:.1f} px"
            assert audit["maxHeight"] <= lab.notebook_height()
            assert report["pictureWidth"] <= report["stepperWidth"]
        finally:
            for _ in range(12):
                if not smaller.is_enabled() or scale() <= 1:
                    break
                smaller.click()


def test_save_html_follows_the_step_offline(browser, tmp_path):
    """The stand-alone page: its own width (the whole window here), the same following window."""
    path = _notebook_stepper().save_html(tmp_path / "rnn.html")
    context, requests = offline_context(browser)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        root = page.locator(".bp-stepper")
        report = root.evaluate(FOLLOW_JS)
        assert report["problems"] == [], "; ".join(report["problems"][:8])
        assert report["n"] == 32 and report["windows"] >= 2
        root.get_by_role("button", name="Next", exact=True).click()
        assert root.locator(".bp-counter").inner_text().startswith("1 / 32")
        assert all(u.startswith("file:") for u in requests), requests
    finally:
        context.close()
