"""The explorers of notebooks 01 and 03 are readable from the back of a lecture hall.

Issue 12: at a 1280×720 browser viewport in JupyterLab's default layout, the explorers'
formula and labels are at least 14 px, and so are their static twins.  Notebooks 01 and
03 run in a real JupyterLab in headless Chromium.  A figure's PNG is shown scaled to the
output's width, so a text of ``pt`` points in a PNG of ``dpi`` pixels per inch is drawn at

    pt / 72 × dpi × (displayed width / PNG width)   CSS pixels.

The page gives the displayed and PNG widths; the same figure, rebuilt here with the
notebook's own arguments, gives every text's size in points and its PNG's width (checked
equal to the page's, so the figure measured is the figure shown).  Text drawn by the
browser (slider labels, readouts, the button, the menu, the equation and its MathJax) is
read from the page's computed styles.  Sub- and superscripts in a formula are typeset
smaller than their line, as in print; the sizes here are those of the lines.

Without Chromium or the playwright package these tests skip with the reason, unless
REQUIRE_BROWSER=1 (set by .ci/run), which makes a missing browser a failure.
"""
import io
import json
import re
import shutil

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from browser_support import ROOT, VIEWPORT, JupyterLabServer, open_and_run_all

pytestmark = pytest.mark.browser
MIN_PX = 14


def _widget_figure(name, call):
    from helpers.widgets.activation_explorer import ActivationExplorer
    from helpers.widgets.neuron_explorer import NeuronExplorer
    panel = eval(call, {"NeuronExplorer": NeuronExplorer, "ActivationExplorer": ActivationExplorer})
    return panel.view.fig, panel.dpi or panel.view.fig.dpi


def _twin_figure(name, call):
    from helpers.draw.activations import plot_activation
    from helpers.draw.neuron import draw_neuron
    return eval(call, {"draw_neuron": draw_neuron, "plot_activation": plot_activation})


# notebook, CSS class of the explorer, the constructor and the static twin's function
EXPLORERS = {
    "neuron": ("01_one_neuron.ipynb", "bp-explorer", "NeuronExplorer", "draw_neuron"),
    "activation": ("03_activations.ipynb", "bp-activation-explorer", "ActivationExplorer", "plot_activation"),
}


def _call_in_notebook(notebook, function):
    """The first call ``function(...)`` written in a code cell of the notebook, as text."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            match = re.search(rf"^{function}\([^\n]*\)", "".join(cell["source"]), re.M)
            if match:
                return match.group(0)
    raise AssertionError(f"{notebook} has no cell calling {function}(...)")


def _smallest_text_pt(fig):
    """The smallest font size (points) of any text the figure draws, and that text."""
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    smallest = min(texts, key=lambda t: t.get_fontsize())
    return smallest.get_fontsize(), smallest.get_text()


def _tight_png_width(fig):
    """The width in pixels of the PNG a notebook stores for fig (tight box, savefig dpi)."""
    from PIL import Image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return Image.open(buf).size[0]


# --- fixtures: one server, one browser, both notebooks run once ----------------------------

@pytest.fixture(scope="module")
def labs(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-explorers")
    (root / "notebooks").mkdir()
    names = sorted({nb for nb, *_ in EXPLORERS.values()})
    for name in names:
        shutil.copy(ROOT / "notebooks" / name, root / "notebooks" / name)
    with JupyterLabServer(root) as server:
        context = browser.new_context(viewport=VIEWPORT)
        yield open_and_run_all(context, server, names, timeout_ms=600_000)


# The explorer's picture: its PNG width and the width it is drawn at.
WIDGET_IMAGE_JS = """(root) => {
  const img = root.querySelector('img.bp-image, .bp-image img');
  return {natural: img.naturalWidth, shown: img.getBoundingClientRect().width};
}"""

# The static twin: the first image in the output of the cell whose source contains `call`.
TWIN_IMAGE_JS = """(call) => {
  const panel = window.jupyterapp.shell.currentWidget;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().includes(call)) continue;
    const img = cell.node.querySelector('.jp-OutputArea-output img');
    if (img) { img.scrollIntoView(); return {natural: img.naturalWidth, shown: img.getBoundingClientRect().width}; }
  }
  return null;
}"""

# Every piece of text the browser draws inside the explorer: its size, and whether it is cut off.
DOM_TEXT_JS = """(root) => {
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    // MathJax keeps a visually hidden MathML copy for screen readers: not drawn, not measured
    if (!el.getClientRects().length || el.closest('mjx-assistive-mml')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const math = el.tagName.toLowerCase() === 'mjx-container';
    if (!own && !math && el.tagName !== 'SELECT') continue;
    const cs = getComputedStyle(el);
    out.push({what: (el.className || el.tagName).toString().slice(0, 60), text: el.textContent.trim().slice(0, 40),
              px: parseFloat(cs.fontSize), cut: cs.overflow !== 'visible' && el.scrollWidth > el.clientWidth + 1});
  }
  return out;
}"""


@pytest.mark.parametrize("kind", list(EXPLORERS))
def test_the_explorer_text_is_at_least_14_px(labs, kind):
    notebook, css, constructor, _ = EXPLORERS[kind]
    lab = labs[notebook]
    lab.page.bring_to_front()
    root = lab.page.locator(f".{css}").first
    root.scroll_into_view_if_needed()
    lab.page.wait_for_function("(r) => r.querySelector('.bp-image').naturalWidth > 0", arg=root.element_handle())
    call = _call_in_notebook(notebook, constructor)
    with matplotlib.rc_context(__import__("helpers.draw.style", fromlist=["RC"]).RC):
        fig, dpi = _widget_figure(kind, call)
    image = root.evaluate(WIDGET_IMAGE_JS)
    assert image["natural"] == round(fig.get_figwidth() * dpi), "the page shows another picture than the one measured"
    pt, text = _smallest_text_pt(fig)
    px = pt / 72 * dpi * image["shown"] / image["natural"]
    assert px >= MIN_PX, f"{call}: {text!r} is drawn at {px:.1f} px ({pt} pt, PNG shown at {image['shown']:.0f} px)"
    texts = root.evaluate(DOM_TEXT_JS)
    assert texts, "no control text found"
    small = [t for t in texts if t["px"] < MIN_PX]
    assert not small, f"{call}: control text below {MIN_PX} px: {small}"
    cut = [t for t in texts if t["cut"]]
    assert not cut, f"{call}: control text cut off: {cut}"
    if kind == "activation":
        maths = [t for t in texts if t["what"].lower().startswith("mjx") or "MathJax" in t["what"]]
        assert maths, "the equation's formulas were not typeset"
    root.screenshot(path=f"/tmp/explorer-{kind}.png")
    lab.screenshot(f"{notebook[:2]}-explorer-1280x720")


@pytest.mark.parametrize("kind", list(EXPLORERS))
def test_the_static_twin_text_is_at_least_14_px(labs, kind):
    notebook, _, _, function = EXPLORERS[kind]
    lab = labs[notebook]
    lab.page.bring_to_front()
    call = _call_in_notebook(notebook, function)
    image = lab.page.evaluate(TWIN_IMAGE_JS, call)
    assert image is not None, f"no picture under the cell with {call}"
    with matplotlib.rc_context(__import__("helpers.draw.style", fromlist=["RC"]).RC):
        fig = _twin_figure(kind, call)
        try:
            width = _tight_png_width(fig)
            pt, text = _smallest_text_pt(fig)
            dpi = matplotlib.rcParams["savefig.dpi"]
        finally:
            plt.close(fig)
    assert abs(image["natural"] - width) <= 2, \
        f"the page's picture is {image['natural']} px wide, the figure {call} gives {width} px"
    px = pt / 72 * dpi * image["shown"] / image["natural"]
    assert px >= MIN_PX, f"{call}: {text!r} is drawn at {px:.1f} px ({pt} pt, PNG shown at {image['shown']:.0f} px)"
    lab.screenshot(f"{notebook[:2]}-twin-1280x720")
