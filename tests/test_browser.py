"""The widgets work where users meet them: a real JupyterLab in a real (headless) Chromium.

One JupyterLab server and one browser serve every test here (started once, always stopped).
Notebooks are copied to a temporary folder first, so JupyterLab never writes to the
repository's own files.

Without Chromium or the playwright package these tests skip with the reason, unless
REQUIRE_BROWSER=1 (set by .ci/run), which makes a missing browser a failure.
"""
import shutil

import pytest

from browser_support import (ROOT, JupyterLabServer, LabPage, StepperView, browser_required,
                             find_chromium, launch_browser, playwright_missing)

pytestmark = pytest.mark.browser
NOTEBOOKS = ("01_one_neuron.ipynb", "06_two_hidden_layers.ipynb")


def _need_browser():
    """The Chromium path, or skip (fail under REQUIRE_BROWSER=1) with the reason."""
    reason = playwright_missing()
    chromium = find_chromium()
    if reason is None and chromium is None:
        reason = ("no Chromium found (looked for $CHROMIUM, chromium on PATH, /usr/bin/chromium); "
                  "install it, e.g. `apt-get install chromium`, to run the browser tests")
    if reason is not None:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return chromium


def test_a_missing_browser_skips_with_the_reason_or_fails_when_required(monkeypatch):
    import sys
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "find_chromium", lambda: None)
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found.*apt-get install chromium"):
        _need_browser()
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but no Chromium found"):
        _need_browser()


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
    stepper.wait_for_count(2)
    stepper.play_pause_button().click()                 # ... until paused
    (k, _), _, img = stepper.state()
    assert k >= 2 and img != seen[0][1], "Play advanced the stepper and its picture"
    lab.screenshot(f"{name}-played", stepper.root)


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
    exercise_stepper(lab, stepper, "06-stepper", next_clicks=4)
