"""Notebook hygiene: executed in order, no errors, no saved widget state, the navigation lines."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
PLANNED = ["00_start_here", "01_one_neuron", "02_chain_rule_graphs", "03_activations",
           "04_hidden_layer_by_hand", "05_matrix_form", "06_two_hidden_layers",
           "07_gradient_checking", "08_training", "09_pitfalls", "10_build_it_yourself", "11_beyond"]
TITLES = {"00_start_here": "00 Start here", "01_one_neuron": "01 One neuron",
          "02_chain_rule_graphs": "02 The chain rule on graphs", "03_activations": "03 Activation functions",
          "04_hidden_layer_by_hand": "04 A hidden layer by hand", "05_matrix_form": "05 The matrix form",
          "06_two_hidden_layers": "06 Two hidden layers", "07_gradient_checking": "07 Gradient checking",
          "08_training": "08 Training", "09_pitfalls": "09 Pitfalls and misconceptions",
          "10_build_it_yourself": "10 Build it yourself",
          "11_beyond": "11 Beyond one network"}


def nav_line(stem):
    """The line that opens and closes every notebook: previous | contents | next."""
    i = PLANNED.index(stem)
    parts = []
    if i > 0:
        parts.append(f"[← {TITLES[PLANNED[i - 1]]}]({PLANNED[i - 1]}.ipynb)")
    parts.append("[Contents](00_start_here.ipynb#Contents)")
    if i < len(PLANNED) - 1:
        parts.append(f"[{TITLES[PLANNED[i + 1]]} →]({PLANNED[i + 1]}.ipynb)")
    return "*Backprop, Step by Step* · " + " | ".join(parts)


def _load(path):
    return json.loads(path.read_text())


def test_every_notebook_is_planned():
    assert ALL and all(p.stem in PLANNED for p in ALL), [p.name for p in ALL]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_executed_in_order_without_errors(path):
    nb = _load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), "run top to bottom in a fresh kernel"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error" or "raises-exception" in c["metadata"].get("tags", []), \
                f"error output in cell {c['source'][:60]!r}"
            text = json.dumps(out)
            for leak in ("/tmp/", "/root/", "/work/", "/home/"):
                assert leak not in text, f"a local path in the output of {''.join(c['source'])[:60]!r}"


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_cleaned_by_nbstripout(path):
    nb = _load(path)
    assert "widgets" not in nb["metadata"], "saved widget state: run nbstripout --keep-output --keep-count"
    for c in nb["cells"]:
        assert c["metadata"].keys() <= {"tags", "jupyter", "editable", "deletable"}, c["metadata"]


def test_nbstripout_itself_would_change_nothing():
    """nbstripout's own check (the rules above are a readable subset of it)."""
    cmd = [sys.executable, "-m", "nbstripout", "--keep-output", "--keep-count", "--verify", *map(str, ALL)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"run nbstripout --keep-output --keep-count on these notebooks:\n{result.stdout}{result.stderr}")


def test_the_nbstripout_check_catches_saved_widget_state(tmp_path):
    """The check above can fail: a notebook with saved widget state does not pass it."""
    nb = json.loads(ALL[0].read_text())
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    dirty = tmp_path / ALL[0].name
    dirty.write_text(json.dumps(nb, indent=1))
    result = subprocess.run([sys.executable, "-m", "nbstripout", "--keep-output", "--keep-count", "--verify",
                             str(dirty)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_navigation_line_at_top_and_bottom(path):
    cells = _load(path)["cells"]
    expected = nav_line(path.stem)
    assert "".join(cells[0]["source"]).strip() == expected
    assert "".join(cells[-1]["source"]).strip() == expected


# JupyterLab's output area is 848 px wide at 1280x720 (Chromium, default layout): a wider PNG is
# shown scaled down, its text smaller than it was set, and its extra pixels are wasted bytes.
MAX_PNG_WIDTH = 850
MAX_TOTAL_BYTES = 1_500_000       # issue 15: every notebook together


def png_headers(path):
    """(cell index, width in px, PNG colour type) of every PNG a notebook stores."""
    import base64
    import struct
    found = []
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png:
                head = base64.b64decode(png[:64])     # IHDR: width at bytes 16-20, colour type at byte 25
                assert head[:8] == b"\x89PNG\r\n\x1a\n", f"cell {i}: image/png is not a PNG"
                found.append((i, struct.unpack(">I", head[16:20])[0], head[25]))
    return found


def png_widths(path):
    """(cell index, width in px) of every PNG a notebook stores."""
    return [(i, width) for i, width, _ in png_headers(path)]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_every_figure_is_a_palette_png(path):
    """use_style() stores figures as palette PNGs (colour type 3); a notebook that imports pyplot
    before the inline backend is set up (no %matplotlib inline) stores full RGBA PNGs instead."""
    full = [(i, kind) for i, _, kind in png_headers(path) if kind != 3]
    assert not full, f"(cell, PNG colour type) of figures not stored as palette PNGs: {full}"


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_every_figure_is_shown_at_full_size(path):
    """At most 850 px wide (8.5 in at 100 dpi): shown 1:1, its text at the size it was set."""
    wide = [(i, w) for i, w in png_widths(path) if w > MAX_PNG_WIDTH]
    assert not wide, f"(cell, width in px) of figures wider than {MAX_PNG_WIDTH} px: {wide}"


def test_png_width_is_read_from_the_header(tmp_path):
    """The width check above reads real widths: a 851-px PNG counts as 851."""
    import base64
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (851, 3), "white").save(buf, format="PNG")
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {"image/png": base64.b64encode(buf.getvalue()).decode()}}]}]}
    path = tmp_path / "wide.ipynb"
    path.write_text(json.dumps(nb))
    assert png_widths(path) == [(0, 851)]
    assert png_headers(path) == [(0, 851, 2)]           # colour type 2: RGB, not a palette


def test_all_notebooks_together_weigh_at_most_1_5_mb():
    sizes = {p.name: p.stat().st_size for p in ALL}
    assert sum(sizes.values()) <= MAX_TOTAL_BYTES, f"{sum(sizes.values()):,} bytes in all: {sizes}"
