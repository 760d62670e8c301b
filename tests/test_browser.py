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
from browser_support import (ROOT, JupyterLabServer, LabPage, StepperView, browser_required,
                             find_chromium, launch_browser, why_no_browser)

pytestmark = pytest.mark.browser
NOTEBOOKS = ("01_one_neuron.ipynb", "06_two_hidden_layers.ipynb")


def _need_browser():
    """The Chromium path, or skip (fail under REQUIRE_BROWSER=1) with the reason."""
    reason = why_no_browser()
    if reason is not None:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return find_chromium()


def test_a_missing_browser_skips_with_the_reason_or_fails_when_required(monkeypatch):
    # Playwright present, Chromium missing: the Chromium reason (whether or not Playwright is
    # really installed here).
    monkeypatch.setattr(browser_support, "playwright_missing", lambda: None)
    monkeypatch.setattr(browser_support, "find_chromium", lambda: None)
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found.*apt-get install chromium"):
        _need_browser()
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but no Chromium found"):
        _need_browser()
    # Playwright missing: its reason comes first.
    monkeypatch.setattr(browser_support, "playwright_missing", lambda: "the playwright package is not installed")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but the playwright package is not"):
        _need_browser()
    monkeypatch.delenv("REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="^the playwright package is not installed$"):
        _need_browser()


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
def chromium():
    return _need_browser()


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
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = launch_browser(pw, chromium)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def labs(browser, server):
    """Both notebooks open in their own page, all cells run. They load and run side by side
    (each has its own kernel), which saves most of a notebook's start-up time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        labs = {name: LabPage(context.new_page(), server) for name in NOTEBOOKS}
        for name, lab in labs.items():
            lab.start_opening(f"notebooks/{name}")
        for lab in labs.values():
            lab.wait_until_kernel_ready()
            lab.start_run_all()
        for lab in labs.values():
            lab.wait_run_all()
        yield labs
    finally:
        context.close()


# --- what a class sees ---------------------------------------------------------------------

def exercise_stepper(lab, stepper, name, next_clicks=3):
    """Next (several times), Previous, Reset and Play, checking counter, equation and image."""
    stepper.root.scroll_into_view_if_needed()
    (k0, n), eq0, img0 = stepper.state()
    assert (k0, eq0 != "") == (0, True), f"the stepper starts at step 0 with an equation, got {k0}"
    assert n >= next_clicks + 1, f"{name}: too few steps ({n}) to test"
    lab.screenshot(f"{name}-step0", stepper.root)

    seen = [(eq0, img0)]
    for k in range(1, next_clicks + 1):
        (kk, nn), eq, img = stepper.press("Next", k)
        assert (kk, nn) == (k, n)
        assert eq != seen[-1][0], f"the equation did not change at step {k}"
        assert img != seen[-1][1], f"the image did not change at step {k}"
        seen.append((eq, img))
    lab.screenshot(f"{name}-step{next_clicks}", stepper.root)

    (k, _), eq, img = stepper.press("Previous", next_clicks - 1)
    assert k == next_clicks - 1
    assert (eq, img) == seen[next_clicks - 1], "Previous shows the previous step again"

    (k, _), eq, img = stepper.press("Reset", 0)
    assert k == 0 and (eq, img) == seen[0], "Reset returns to step 0"

    stepper.play_pause_button().click()                 # Play: it advances by itself ...
    stepper.wait_for_count_at_least(2)                  # (steps may arrive in a burst)
    stepper.play_pause_button().click()                 # ... until paused
    (k, _), _, img = stepper.state()
    assert k >= 2 and img != seen[0][1], "Play advanced the stepper and its picture"
    lab.screenshot(f"{name}-played", stepper.root)
    return seen


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


def test_network_stepper_in_notebook_06(labs):
    lab = labs["06_two_hidden_layers.ipynb"]
    lab.page.bring_to_front()
    stepper = StepperView(lab, lab.page.locator(".bp-stepper").first)
    seen = exercise_stepper(lab, stepper, "06-stepper", next_clicks=4)

    # benchmarks/bench_browser.py's in-page measurement, run here for its structure only
    # (two Next clicks, two delays, the counter two steps on); the benchmark judges the times.
    # From step 0 after Reset, once step 0's picture is back: nothing left over from Play.
    stepper.press("Reset", 0)
    deadline = time.monotonic() + 30
    while stepper.image_hash() != seen[0][1]:
        assert time.monotonic() < deadline, "step 0's picture did not come back after Reset"
        lab.page.wait_for_timeout(50)
    delays = lab.page.evaluate(_load_bench_browser().MEASURE_JS, [stepper.root.element_handle(), 2])
    assert len(delays) == 2 and all(isinstance(d, (int, float)) and d > 0 for d in delays), delays
    stepper.wait_for_count(2)
    assert stepper.count()[0] == 2 and stepper.image_hash() == seen[2][1], "the two clicks showed step 2"
