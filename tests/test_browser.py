"""The widgets work where users meet them: a real JupyterLab in a real (headless) Chromium.

One JupyterLab server and one browser serve every test here (started once, always stopped).
Notebooks are copied to a temporary folder first, so JupyterLab never writes to the
repository's own files.

Without Chromium or the playwright package these tests skip with the reason, unless
REQUIRE_BROWSER=1 (set by .ci/run), which makes a missing browser a failure.
"""
import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest

import browser_support
from browser_support import (FULL_HD, ROOT, VIEWPORT, JupyterLabServer, LabPage, StepperView, need_browser,
                             offline_context, open_and_run_all, viewport, why_no_browser)

pytestmark = pytest.mark.browser
NOTEBOOKS = ("01_one_neuron.ipynb", "02_chain_rule_graphs.ipynb", "04_hidden_layer_by_hand.ipynb",
             "06_two_hidden_layers.ipynb")


def test_a_missing_browser_skips_with_the_reason_or_fails_when_required(monkeypatch):
    # Playwright present, Chromium missing: the Chromium reason (whether or not Playwright is
    # really installed here).
    monkeypatch.setattr(browser_support, "playwright_missing", lambda: None)
    monkeypatch.setattr(browser_support, "find_chromium", lambda: None)
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found.*apt-get install chromium"):
        need_browser()
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but no Chromium found"):
        need_browser()
    # Playwright missing: its reason comes first.
    monkeypatch.setattr(browser_support, "playwright_missing", lambda: "the playwright package is not installed")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but the playwright package is not"):
        need_browser()
    monkeypatch.delenv("REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="^the playwright package is not installed$"):
        need_browser()


def test_the_benchmark_gives_the_same_reason(monkeypatch):
    """benchmarks/bench_browser.py uses the same check and prints its reason as a note."""
    bench = _load_bench_browser()
    monkeypatch.setattr(browser_support, "playwright_missing", lambda: None)
    monkeypatch.setattr(browser_support, "find_chromium", lambda: None)
    (row,) = bench.run()
    assert row["notes"] == f"skipped: {why_no_browser()}" and "no Chromium found" in row["notes"]


def _load_bench_browser():
    spec = importlib.util.spec_from_file_location("bench_browser", ROOT / "benchmarks" / "bench_browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kernel_pids(runtime_dir):
    """Pids of the processes whose command line names a connection file in runtime_dir."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(arg.startswith(str(runtime_dir).encode() + b"/kernel-") for arg in cmdline):
            pids.append(int(proc.name))
    return pids


def test_stopping_the_server_ends_its_kernels(tmp_path):
    """Kernels run in sessions of their own (jupyter_client's start_new_session=True), so no
    signal to the server's process group reaches them: stop() must shut them down itself."""
    with JupyterLabServer(tmp_path) as srv:
        kernel = srv._api("POST", "/api/kernels")
        assert srv.kernel_ids() == [kernel["id"]]
        runtime = srv._home / "runtime"
        deadline = time.monotonic() + 30
        while not (pids := _kernel_pids(runtime)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pids, "the kernel process did not start"
        assert all(os.getpgid(pid) != os.getpgid(srv.proc.pid) for pid in pids), \
            "kernels are expected in their own process group"
    deadline = time.monotonic() + 10
    while (alive := _kernel_pids(runtime)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"kernel processes {alive} outlived the server"


# --- fixtures: one server, one browser for the whole module --------------------------------

@pytest.fixture(scope="module")
def lab_root(tmp_path_factory, chromium):
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks" / name)
    return root


@pytest.fixture(scope="module")
def server(lab_root):
    srv = JupyterLabServer(lab_root)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def labs(browser, server):
    """Both notebooks open in their own page, all cells run. They load and run side by side
    (each has its own kernel), which saves most of a notebook's start-up time."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield open_and_run_all(context, server, NOTEBOOKS, timeout_ms=300_000)
    finally:
        context.close()


# --- what a class sees ---------------------------------------------------------------------

def _steppers(lab):
    lab.page.bring_to_front()
    roots = lab.page.locator(".bp-stepper")
    return [StepperView(lab, roots.nth(i)) for i in range(roots.count())]


def _check_audit(report, where, height):
    assert report["problems"] == [], f"{where}: " + "; ".join(report["problems"][:8])
    assert report["equationPx"] >= 24, f"{where}: equation {report['equationPx']} px"
    assert report["minLabel"] >= 14 - 0.01, f"{where}: a label of {report['minLabel']:.2f} px"   # layout rounding
    assert report["counterPx"] >= 16 and report["buttonPx"] >= 16, f"{where}: counter/buttons too small"
    assert report["maxHeight"] <= height, f"{where}: the stepper is {report['maxHeight']:.0f} px tall, the view {height}"


@pytest.mark.parametrize("name", ["01_one_neuron.ipynb", "02_chain_rule_graphs.ipynb",
                                  "04_hidden_layer_by_hand.ipynb", "06_two_hidden_layers.ipynb"])
def test_every_step_is_unclipped_readable_and_on_one_screen(labs, name):
    lab = labs[name]
    steppers = _steppers(lab)
    assert steppers, f"{name} shows no stepper"
    height = lab.notebook_height()
    for i, stepper in enumerate(steppers):
        stepper.focus()
        report = stepper.audit()
        _check_audit(report, f"{name} stepper {i + 1}", height)
        lab.screenshot(f"{name[:2]}-stepper{i + 1}-start")
        if name.startswith("06"):
            for k in (45, 60):                    # the longest sums: they break between terms only
                stepper.go(k)
                lab.screenshot(f"06-step{k}", stepper.root)
            stepper.go(0)
            stepper.root.locator(".bp-granularity").select_option("layer")
            stepper.wait_for_count(0)
            layer = stepper.audit()
            assert layer["n"] == 10
            _check_audit(layer, f"{name} in layer steps", height)
            stepper.root.locator(".bp-granularity").select_option("operation")


def test_06_fits_a_1920x1080_screen_too(labs):
    lab = labs["06_two_hidden_layers.ipynb"]
    (stepper,) = _steppers(lab)
    with viewport(lab.page, FULL_HD):
        stepper.focus()
        report = stepper.audit()
        _check_audit(report, "06 at 1920x1080", lab.notebook_height())
        lab.screenshot("06-stepper-1920")


def test_the_second_use_of_a_is_its_own_path(labs):
    lab = labs["02_chain_rule_graphs.ipynb"]
    for stepper in _steppers(lab):
        edges = stepper.edges()
        assert edges, "the graph stepper draws its edges as paths"
        for source, target, crossed in edges:
            assert crossed == [], f"the edge {source} → {target} runs behind {crossed}"
    # f = a·b + a: a reaches f by its own path, not through p
    pairs = [(s, t) for st in _steppers(lab) for s, t, _ in st.edges()]
    assert ("a", "f") in pairs and ("a", "p") in pairs


def test_granularity_switch_keeps_the_place_from_step_45(labs):
    lab = labs["06_two_hidden_layers.ipynb"]
    (stepper,) = _steppers(lab)
    stepper.go(45)
    assert stepper.text() == "45 / 75 · backward"
    stepper.root.locator(".bp-granularity").select_option("layer")
    stepper.wait_for_count(6)
    assert stepper.text() == "6 / 10 · backward", "operation 45 lies in layer step 6 (δ of hidden layer 2)"
    stepper.root.locator(".bp-granularity").select_option("operation")
    stepper.wait_for_count(45)
    assert stepper.text() == "45 / 75 · backward", "back to the first operation of that layer step"
    lab.screenshot("06-after-switch")


def test_presenter_keys_step_with_focus_and_never_reach_jupyterlab(labs):
    lab = labs["06_two_hidden_layers.ipynb"]
    (stepper,) = _steppers(lab)
    stepper.go(0)
    where = """() => { const p = window.jupyterapp.shell.currentWidget;
        const sc = p.node.querySelector('.jp-WindowedPanel-outer') || p.content.node;
        return [sc.scrollTop, p.content.activeCellIndex, p.content.mode]; }"""
    before = lab.page.evaluate(where)
    expected = [("ArrowRight", 1), ("PageDown", 2), (" ", 3), ("ArrowLeft", 2), ("PageUp", 1), ("End", 75),
                ("Home", 0)]
    for key, k in expected:
        lab.page.keyboard.press(key)
        stepper.wait_for_count(k)
        assert stepper.count()[0] == k, f"{key!r} should show step {k}"
        assert lab.page.evaluate(where) == before, f"{key!r} reached the notebook (scroll, cell or mode changed)"
    assert lab.page.evaluate("() => document.activeElement.classList.contains('bp-stepper')")


def test_hide_new_values_then_reveal(labs):
    lab = labs["04_hidden_layer_by_hand.ipynb"]
    (stepper,) = _steppers(lab)
    stepper.go(0)
    stepper.root.locator(".bp-hide").check()
    stepper.focus()
    stepper.button("Next").click()
    stepper.wait_for_count(1)
    assert stepper.text().endswith("· ?")
    assert "?" in stepper.equation.inner_text() and stepper.root.locator(".bp-eq-now .bp-eq-num .bp-hidden").count() == 1
    written = stepper.root.locator(".bp-node:has(.bp-pill[stroke-width='4']) .bp-value").first
    assert written.text_content() == "?", "the new value is hidden in its neuron too"
    lab.screenshot("04-hidden")
    stepper.button("Next").click()                 # the second press reveals, and stays on step 1
    lab.page.wait_for_function("(el) => !el.textContent.includes('?')", arg=stepper.counter.element_handle())
    assert stepper.text() == "1 / 21 · forward" and stepper.root.locator(".bp-eq-now .bp-eq-num .bp-hidden").count() == 0
    assert written.text_content() != "?"
    stepper.button("Next").click()
    stepper.wait_for_count(2)
    assert stepper.text().endswith("· ?")
    stepper.button("Reveal").click()
    lab.page.wait_for_function("(el) => !el.textContent.includes('?')", arg=stepper.counter.element_handle())
    assert stepper.text() == "2 / 21 · forward"
    stepper.root.locator(".bp-hide").uncheck()


def test_play_speed_and_pause_keeps_the_place(labs):
    lab = labs["06_two_hidden_layers.ipynb"]
    (stepper,) = _steppers(lab)
    stepper.go(0)
    stepper.root.locator(".bp-speed").select_option("0.25")
    times = lab.page.evaluate("""(el) => new Promise(resolve => {
        const seen = [];
        const mo = new MutationObserver(() => { seen.push(performance.now());
            if (seen.length === 5) { mo.disconnect(); resolve(seen); } });
        mo.observe(el, {childList: true, characterData: true, subtree: true});
        el.closest('.bp-stepper').querySelector('button[aria-label=Play]').click();
    })""", stepper.counter.element_handle())
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(200 <= g <= 450 for g in gaps), f"0.25 s per step, measured {gaps} ms"
    stepper.button("Pause").click()
    k = stepper.count()[0]
    lab.page.wait_for_timeout(800)
    assert stepper.count()[0] == k >= 5, "Pause stops where it is"
    stepper.button("Play").wait_for()
    stepper.root.locator(".bp-speed").select_option("1")


# what the size control changes: the equation, the picture's labels (as drawn on screen: their
# font size times the picture's zoom, and the height of their boxes), the buttons, the counter;
# and the stepper's height, and what A+ says when it is greyed out
SIZES_JS = """(root) => {
  const svg = root.querySelector('.bp-diagram');
  const zoom = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('.bp-node .bp-label')].filter(t => t.textContent.trim());
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const larger = root.querySelector('.bp-larger');
  return {scale: parseFloat(root.style.getPropertyValue('--bp-scale')), equation: px(root.querySelector('.bp-equation')),
          label: Math.min(...labels.map(t => parseFloat(t.getAttribute('font-size')) * zoom)),
          labelBox: Math.min(...labels.map(t => t.getBoundingClientRect().height)),
          button: Math.min(...[...root.querySelectorAll('button')].map(px)), counter: px(root.querySelector('.bp-counter')),
          height: root.getBoundingClientRect().height, largerDisabled: larger.disabled, largerTitle: larger.title,
          fills: svg.getBoundingClientRect().width >= root.clientWidth - 16,
          eqFills: getComputedStyle(root.querySelector('.bp-equation')).getPropertyValue('--bp-eq-fit').trim() !== '1'};
}"""
PARTS = ("equation", "button", "counter", "label", "labelBox")


def _sweep_sizes(stepper):
    """A− down to the smallest size, then A+ until it is greyed out (or nothing changes):
    SIZES_JS and the audit of every step at each size."""
    larger, smaller = stepper.button("larger"), stepper.button("smaller")
    stepper.focus()
    first = stepper.root.evaluate(SIZES_JS)
    for _ in range(10):
        if stepper.root.evaluate("(r) => r.querySelector('.bp-smaller').disabled"):
            break
        smaller.click()
    sizes = []
    for _ in range(10):
        sizes.append(dict(stepper.root.evaluate(SIZES_JS), audit=stepper.audit()))
        if sizes[-1]["largerDisabled"]:
            break
        larger.click()
    return first, sizes


def _back_to(stepper, first):
    """A− / A+ back to the size the stepper had; its sizes are the same again."""
    for _ in range(10):
        now = stepper.root.evaluate(SIZES_JS)["scale"]
        if now == first["scale"]:
            break
        stepper.button("smaller" if now > first["scale"] else "larger").click()
    rounded = lambda sizes: {k: round(v, 1) if isinstance(v, float) else v for k, v in sizes.items()}  # noqa: E731
    assert rounded(stepper.root.evaluate(SIZES_JS)) == rounded(first), "A− / A+ back to the first size gives the first sizes again"


@pytest.mark.parametrize("name", ["02_chain_rule_graphs.ipynb", "06_two_hidden_layers.ipynb"])
def test_the_size_control_enlarges_everything_together_and_clips_nothing(labs, name):
    """JupyterLab's default layout (file browser open: the notebook is about 840 px wide).
    Every size from the smallest up to the largest A+ reaches: every part larger than at the
    size before (the picture's labels too, as displayed), nothing clipped or overlapping on any
    step, and the stepper no taller than the notebook area. A+ is greyed out at the largest size
    that fits and says why. (A wide graph scales down to fit the width rather than be cut, so
    its labels may keep their size; a line breaks only between terms, so the equation keeps its
    size once its widest term fills the width.)"""
    lab = labs[name]
    lab.page.bring_to_front()
    assert lab.page.locator(".jp-FileBrowser").first.is_visible(), "the default layout has the file browser open"
    stepper = _steppers(lab)[-1]
    height = lab.notebook_height()
    first, sizes = _sweep_sizes(stepper)
    try:
        scales = [s["scale"] for s in sizes]
        assert scales == sorted(set(scales)) and scales[0] == 0.75 and len(scales) >= 3, scales
        for size in sizes:
            where = f"{name} at size {size['scale']}"
            assert size["audit"]["problems"] == [], f"{where}: " + "; ".join(size["audit"]["problems"][:8])
            assert size["height"] <= height and size["audit"]["maxHeight"] <= height, \
                f"{where}: the stepper is {size['audit']['maxHeight']:.0f} px tall, the view {height} px"
            if size["scale"] >= 1:
                _check_audit(size["audit"], where, height)
        for before, after in zip(sizes, sizes[1:]):
            for part in PARTS:
                kept = (part.startswith("label") and name.startswith("02") and after["fills"]) or \
                       (part == "equation" and after["eqFills"])
                if kept:
                    assert after[part] >= before[part] - 0.01, f"A+ made the {part} smaller: {before} → {after}"
                else:
                    assert after[part] > before[part] + 0.01, f"A+ did not enlarge the {part}: {before} → {after}"
        big = sizes[-1]
        assert big["scale"] == 2 or "fits this window" in big["largerTitle"], big
        if name.startswith("06"):
            # 840 px wide and 600 px tall still leave room for one size up from the default
            assert big["scale"] >= 1.125 and big["label"] >= 15.7, big
        stepper.go(min(45, sizes[-1]["audit"]["n"]))
        lab.screenshot(f"{name[:2]}-largest", stepper.root)
    finally:
        _back_to(stepper, first)


def test_06_sizes_at_1920x1080(labs):
    """On a 1080p screen A+ goes further, and every size still fits the screen."""
    lab = labs["06_two_hidden_layers.ipynb"]
    (stepper,) = _steppers(lab)
    with viewport(lab.page, FULL_HD):
        height = lab.notebook_height()
        first, sizes = _sweep_sizes(stepper)
        try:
            for size in sizes:
                assert size["audit"]["problems"] == [], "; ".join(size["audit"]["problems"][:8])
                assert size["audit"]["maxHeight"] <= height, (size["scale"], size["audit"]["maxHeight"], height)
            labels = [s["labelBox"] for s in sizes]
            assert labels == sorted(set(labels)), labels
            assert sizes[-1]["scale"] >= 1.5 and sizes[-1]["label"] >= 21, sizes[-1]
            stepper.go(45)
            lab.screenshot("06-largest-1920")
        finally:
            _back_to(stepper, first)
        box = stepper.root.locator(".bp-table-toggle")           # and with its table, on one screen
        box.check()
        try:
            stepper.go(45)
            where = stepper.root.evaluate(IN_VIEW_JS)
            assert where["out"] == [] and where["height"] <= where["view"] and where["minLabel"] >= 14 - 0.01, where
            assert where["besidePicture"], "on a 1080p screen the table has room beside the picture"
            lab.screenshot("06-table-1920")
        finally:
            box.uncheck()


# At each step (→ and ←): the rows shown are those of steps 1..k, and the newest is in view.
TABLE_JS = """(root) => {
  const table = root.querySelector('.bp-table'), problems = [];
  const key = (k) => root.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}));
  const n = +root.querySelector('.bp-slider').max;
  let scrolled = 0;
  const check = (k) => {
    const rows = [...table.querySelectorAll('tbody tr')];
    const shown = rows.filter(r => r.style.display !== 'none');
    if (shown.some(r => +r.dataset.step > k) || rows.some(r => +r.dataset.step <= k && r.style.display === 'none'))
      problems.push(`step ${k}: rows of other steps shown`);
    const now = rows.filter(r => +r.dataset.step === k);
    if (now.some(r => !r.classList.contains('bp-now'))) problems.push(`step ${k}: its rows are not marked`);
    const box = table.getBoundingClientRect(), head = table.querySelector('thead').getBoundingClientRect();
    const newest = shown[shown.length - 1];
    if (newest) {
      const b = newest.getBoundingClientRect();
      if (b.bottom > box.bottom + 0.5 || b.top < head.bottom - 0.5)
        problems.push(`step ${k}: the newest row is out of view (${b.top}-${b.bottom} in ${head.bottom}-${box.bottom})`);
    }
    scrolled = Math.max(scrolled, table.scrollTop);
  };
  key('Home');
  for (let k = 1; k <= n; k++) { key('ArrowRight'); check(k); }
  for (let k = n - 1; k >= 0; k--) { key('ArrowLeft'); check(k); }
  return {problems, scrolled, rows: table.querySelectorAll('tbody tr').length,
          fits: table.scrollHeight <= table.clientHeight};
}"""


# Scrolled to the stepper's top: what of it lies outside the notebook area (JupyterLab's
# scroller), and the smallest label in the picture as displayed.
IN_VIEW_JS = """(root) => {
  const view = (root.closest('.jp-WindowedPanel-outer') || root.closest('.jp-NotebookPanel-notebook'));
  root.scrollIntoView({block: 'start'});
  const v = view.getBoundingClientRect(), out = [];
  const parts = [['picture', '.bp-diagram'], ['equation', '.bp-equation'], ['counter', '.bp-counter'], ['table', '.bp-table'],
                 ...[...root.querySelectorAll('button')].filter(b => b.getClientRects().length).map(b => [b.title, b])];
  for (const [what, sel] of parts) {
    const e = typeof sel === 'string' ? root.querySelector(sel) : sel;
    const b = e.getBoundingClientRect();
    if (!b.height || b.top < v.top - 0.5 || b.bottom > v.bottom + 0.5 || b.left < v.left - 0.5 || b.right > v.right + 0.5)
      out.push(`${what} at ${Math.round(b.top)}-${Math.round(b.bottom)} px, the view ${Math.round(v.top)}-${Math.round(v.bottom)} px`);
  }
  const table = root.querySelector('.bp-table'), now = [...table.querySelectorAll('tr.bp-now')].pop();
  if (table.getClientRects().length) {
    const t = table.getBoundingClientRect(), n = now ? now.getBoundingClientRect() : null;
    if (!n || n.top < t.top - 0.5 || n.bottom > t.bottom + 0.5) out.push('the newest row of the table is out of its view');
  }
  const svg = root.querySelector('.bp-diagram');
  const zoom = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('.bp-label')].filter(t => t.textContent.trim() && t.getClientRects().length);
  return {out, minLabel: Math.min(...labels.map(t => parseFloat(t.getAttribute('font-size')) * zoom)),
          height: root.getBoundingClientRect().height, view: v.height, besidePicture: !!root.querySelector('.bp-main .bp-table')};
}"""


@pytest.mark.parametrize("name", ["04_hidden_layer_by_hand.ipynb", "06_two_hidden_layers.ipynb"])
def test_the_table_of_values_scrolls_to_the_newest_row(labs, name):
    """Table ticked, JupyterLab's default layout (file browser open) at 1280×720: the picture,
    the equation, the buttons and the table all on one screen, the labels at full size, and the
    table showing the newest row at every step (forward and back)."""
    lab = labs[name]
    (stepper,) = _steppers(lab)
    box = stepper.root.locator(".bp-table-toggle")
    was = box.is_checked()
    box.check()
    try:
        stepper.focus()
        report = stepper.root.evaluate(TABLE_JS)
        assert report["problems"] == [], "; ".join(report["problems"][:8])
        assert report["rows"] > 20 and report["scrolled"] > 0, \
            f"{report['rows']} rows, the table never scrolled: the test did not test scrolling"
        for k in (15, 45) if name.startswith("06") else (15,):
            stepper.go(k)
            where = stepper.root.evaluate(IN_VIEW_JS)
            assert where["out"] == [], f"{name} with its table, step {k}: " + "; ".join(where["out"])
            assert where["height"] <= where["view"] and where["minLabel"] >= 14 - 0.01, where
            lab.screenshot(f"{name[:2]}-table-step{k}")
        audit = stepper.audit()
        _check_audit(audit, f"{name} with its table", lab.notebook_height())
    finally:
        box.set_checked(was)


def test_save_html_steps_from_file_with_the_network_off(browser, tmp_path):
    from helpers.nn import MLP
    from helpers.widgets.network_stepper import NetworkStepper
    path = NetworkStepper(MLP([5, 8, 6, 3], seed=1), [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8],
                          title="5-8-6-3").save_html(tmp_path / "stepper.html")
    context, requests = offline_context(browser)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        lab = LabPage(page, None)
        stepper = StepperView(lab, page.locator(".bp-stepper").first)
        stepper.counter.wait_for()
        assert stepper.text() == "0 / 75 · start"
        stepper.button("Next").click()
        stepper.wait_for_count(1)
        assert "0.3371" in stepper.equation.inner_text()
        page.keyboard.press("ArrowRight")
        stepper.wait_for_count(2)
        page.keyboard.press("End")
        stepper.wait_for_count(75)
        stepper.button("Previous").click()
        stepper.wait_for_count(74)
        _check_audit(stepper.audit(), "save_html page", VIEWPORT["height"])
        lab.screenshot("save-html")
        assert errors == [] and all(u.startswith("file:") for u in requests), (errors, requests)
    finally:
        context.close()


def test_the_benchmark_matches_every_press_to_its_frame(browser, tmp_path):
    """benchmarks/bench_browser.py's measure, run short (how long the presses take is not judged here): every
    press, a click or the → key, on the stepper's page and on the reference page is found in
    Chromium's trace with its frame on screen. The reference page changes what a step changes
    besides the picture (the counter, the slider, the line at the bottom) and nothing else."""
    bench = _load_bench_browser()
    reference = bench.reference_page(tmp_path)
    for path in (bench.stepper_page([5, 8, 6, 3], 1, tmp_path), reference):
        got = bench.measure(path, presses=4, browser=browser)
        assert len(got["presented"]) == len(got["painted"]) == 4, got
        assert all(0 < ms < 1000 for ms in got["presented"] + got["painted"]), got
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(reference.as_uri())
        parts = "() => ['.bp-counter', '.slider', '.text', '.result'].map(s => { " \
                "const e = document.querySelector(s); return e.value ?? e.textContent; })"
        before = page.evaluate(parts)
        page.keyboard.press("ArrowRight")
        after = page.evaluate(parts)
        assert [b != a for b, a in zip(before, after)] == [True, True, False, True], (before, after)
        assert page.evaluate("() => document.documentElement.scrollHeight") <= VIEWPORT["height"]
    finally:
        page.close()


def test_the_next_equation_is_laid_out_soon_after_a_press(browser, tmp_path):
    """The equation Next will show is laid out while the page waits (stepper.js, warmEquations):
    within a second of each press, the equation block holds the steps 0 to k + 1."""
    from helpers.nn import MLP
    from helpers.widgets.network_stepper import NetworkStepper
    path = NetworkStepper(MLP([2, 2, 2], seed=0), [0.5, 0.2], [0.9, 0.1]).save_html(tmp_path / "s.html")
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(path.as_uri())
        page.locator(".bp-stepper").focus()
        for k in range(1, 6):
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(k) => document.querySelectorAll('.bp-eq-step').length === k + 2", arg=k,
                                   timeout=1000)
    finally:
        page.close()


def test_a_handout_shows_its_formulas_offline(browser, tmp_path):
    """helpers.handout's page, opened from disk with the network off: formulas drawn as MathML."""
    from helpers.handout import make_handout
    path = make_handout(ROOT / "notebooks" / "05_matrix_form.ipynb", tmp_path)
    context, requests = offline_context(browser)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        sizes = page.eval_on_selector_all("math", "ms => ms.map(m => m.getBoundingClientRect().width)")
        assert len(sizes) > 50 and min(sizes) > 0, "a formula was not drawn"
        assert "$$" not in page.inner_text("body")
        page.screenshot(path=str(ROOT / "tests" / "screenshots" / "handout-05.png"))
        assert all(u.startswith("file:") for u in requests), requests
    finally:
        context.close()


def move_slider(lab, panel, description, name):
    """Drag the slider described ``description`` and check the panel's picture changes."""
    slider = panel.locator(".widget-slider").filter(
        has=lab.page.locator(f'.widget-label:text-is("{description}")')).first
    image = panel.locator("img.bp-image, .bp-image img").first
    slider.scroll_into_view_if_needed()
    before = lab.image_hash(image)
    readout_before = slider.locator(".widget-readout").inner_text()
    track = slider.locator(".noUi-target, .slider-container").first.bounding_box()
    handle = slider.locator(".noUi-handle").first.bounding_box()
    lab.page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    lab.page.mouse.down()
    start = (handle["x"] + handle["width"] / 2 - track["x"]) / track["width"]
    target = 0.85 if start < 0.5 else 0.15                # well away from where the handle is
    lab.page.mouse.move(track["x"] + target * track["width"], handle["y"] + handle["height"] / 2, steps=8)
    lab.page.mouse.up()
    after = lab.wait_for_image_change(image, before)
    assert after != before
    assert slider.locator(".widget-readout").inner_text() != readout_before, "the slider's value moved"
    lab.screenshot(f"{name}-slider-{description}", panel)


def test_neuron_explorer_in_notebook_01(labs):
    lab = labs["01_one_neuron.ipynb"]
    lab.page.bring_to_front()
    explorer = lab.page.locator(".bp-explorer").first
    for description in ("w", "x"):
        move_slider(lab, explorer, description, "01-explorer")


