"""The widgets work where users meet them: a real JupyterLab in a real (headless) Chromium.

One JupyterLab server and one browser serve every test here (started once, always stopped).
Notebooks are copied to a temporary folder first, so JupyterLab never writes to the
repository's own files.

Without Chromium or the playwright package these tests skip with the reason, unless
REQUIRE_BROWSER=1 (set by .ci/run), which makes a missing browser a failure.
"""
import shutil
import textwrap

import nbformat
import pytest

from browser_support import (ROOT, JupyterLabServer, LabPage, StepperView, browser_required,
                             find_chromium, launch_browser, playwright_missing)

pytestmark = pytest.mark.browser


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


# --- a notebook written at test time: the harness proves itself on it -----------------------

SCRATCH_CELLS = [
    """\
    import ipywidgets as widgets
    from helpers.draw.style import new_figure, figure_png
    from helpers.widgets.controls import FigureStepper, Panel""",
    """\
    class Bars:
        \"\"\"A tiny view: step k fills k of 4 bars.\"\"\"
        def __init__(self):
            self.fig = new_figure(figsize=(3, 2))
            ax = self.fig.add_subplot()
            self.bars = ax.bar(range(4), [0] * 4)
            ax.set_ylim(0, 5)
        def update(self, k):
            for i, bar in enumerate(self.bars):
                bar.set_height(i + 1 if i < k else 0)
            return f"step {k}: $s_{{{k}}} = {k * (k + 1) // 2}$"

    stepper = FigureStepper(Bars(), 4, title="bars", interval_ms=150)
    stepper""",
    """\
    class Explorer(Panel):
        def __init__(self):
            self.fig = new_figure(figsize=(3, 2))
            self.line, = self.fig.add_subplot().plot([0, 1], [0, 0])
            self.fig.axes[0].set_ylim(-2, 2)
            self.image = widgets.Image(format="png")
            self.sliders = [widgets.FloatSlider(value=0.0, min=-2, max=2, step=0.1, description=d)
                            for d in ("x", "w")]
            for s in self.sliders:
                s.observe(lambda _: self.draw(), names="value")
            self.widget = widgets.VBox(self.sliders + [self.image])
            self.widget.add_class("bp-explorer")
            self.image.add_class("bp-image")
            self.draw()
        def draw(self):
            x, w = (s.value for s in self.sliders)
            self.line.set_ydata([x, x + w])
            self.image.value = figure_png(self.fig)

    Explorer()""",
]


def scratch_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(textwrap.dedent(src)) for src in SCRATCH_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


# --- fixtures: one server, one browser for the whole module --------------------------------

@pytest.fixture(scope="module")
def chromium():
    return _need_browser()


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory, chromium):
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    scratch_notebook(root / "notebooks" / "scratch.ipynb")
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
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


@pytest.fixture
def lab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield LabPage(page, server)
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
    lab.page.mouse.move(track["x"] + 0.8 * track["width"], handle["y"] + handle["height"] / 2, steps=8)
    lab.page.mouse.up()
    after = lab.wait_for_image_change(image, before)
    assert after != before
    assert slider.locator(".widget-readout").inner_text() != readout_before, "the slider's value moved"
    lab.screenshot(f"{name}-slider-{description}", panel)


def test_harness_on_a_generated_notebook(lab):
    lab.open_notebook("notebooks/scratch.ipynb")
    lab.run_all()
    stepper = StepperView(lab, lab.page.locator(".bp-stepper").first)
    exercise_stepper(lab, stepper, "scratch")
    move_slider(lab, lab.page.locator(".bp-explorer").first, "w", "scratch")


def test_neuron_explorer_in_notebook_01(lab):
    lab.open_notebook("notebooks/01_one_neuron.ipynb")
    lab.run_all()
    explorer = lab.page.locator(".bp-explorer").first
    for description in ("w", "x"):
        move_slider(lab, explorer, description, "01-explorer")


def test_network_stepper_in_notebook_06(lab):
    lab.open_notebook("notebooks/06_two_hidden_layers.ipynb")
    lab.run_all()
    stepper = StepperView(lab, lab.page.locator(".bp-stepper").first)
    exercise_stepper(lab, stepper, "06-stepper", next_clicks=4)
