"""The network stepper widget: its data, its position kept in range, save_html, close."""
import json
import re

import numpy as np
import pytest

from helpers.nn import MLP
from helpers.steps.trace import GRANULARITIES
from helpers.widgets.network_stepper import NetworkStepper

X, T = [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8]


def make(**kw):
    return NetworkStepper(MLP([5, 8, 6, 3], seed=1), X, T, 0.5, **kw)


def test_random_actions_keep_the_position_in_range_and_the_place_on_a_switch():
    s = make()
    rng = np.random.default_rng(0)
    for _ in range(500):
        action = rng.integers(3)
        before, n = s.k, s.n_steps
        if action == 0:
            s.go(int(rng.integers(-5, n + 6)))
            assert 0 <= s.k <= n
        elif action == 1:
            old = s.widget.granularity
            new = GRANULARITIES[1 - GRANULARITIES.index(old)]
            s.set_granularity(new)
            assert s.widget.granularity == new and s.trace.granularity == new
            layer = s.data["granularities"]["layer"]["frames"]
            if before == 0:
                assert s.k == 0
            elif new == "layer":
                lo, hi = layer[s.k]["span"]
                assert lo < before <= hi
            else:
                assert s.k == layer[before]["span"][0] + 1
        else:
            s.go(s.k + 1)
            assert s.k == min(before + 1, n)
        assert s.frame()["counter"].startswith(f"{s.k} / {s.n_steps} · ")


def test_parts_and_repr():
    s = make()
    assert s.widget.data["kind"] == "network" and s.n_steps == 75 and s.k == 0
    assert s._repr_mimebundle_()[0]["text/plain"] == \
        "NetworkStepper(network [5, 8, 6, 3]: 75 steps, one operation per step)"
    s.go(1)
    assert "z" in s.frame()["sym"] and s.frame()["counter"] == "1 / 75 · forward"
    s.set_granularity("layer")
    assert s.describe().endswith("10 steps, one layer per step")


def test_save_html_is_one_small_file_that_needs_no_network(tmp_path):
    s = make(show_table=True, hide_new=True, scale=1.25, interval=0.5)
    s.go(45)
    path = s.save_html(tmp_path / "steps.html")
    page = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 2_000_000, "the 5-8-6-3 handout must stay under 2 MB"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "nothing is loaded from the network"
    assert "import " not in page.split('<script type="module">')[1].split("</script>")[0].split("\n")[0]
    state = json.loads(page.split('id="bp-state">')[1].split("</script>")[0].replace("<\\/", "</"))
    assert state["k"] == 45 and state["show_table"] and state["hide_new"] and state["scale"] == 1.25
    assert state["data"] == s.data
    with pytest.raises(ValueError, match="path must end in .html"):
        s.save_html(tmp_path / "steps.txt")


def test_bad_input_gives_clear_errors():
    with pytest.raises(ValueError, match="network too large to draw"):
        NetworkStepper(MLP([30, 4, 2]), np.zeros(30), [0, 1])
    with pytest.raises(ValueError, match="x must be one sample"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2, 0.3], [1.0])
    with pytest.raises(ValueError, match="granularity must be one of"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0], granularity="epoch")
    with pytest.raises(ValueError, match="scale must be a finite number from 0.75 to 2"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0], scale=5)
    with pytest.raises(ValueError, match="interval must be a finite number from 0.25 to 3"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0], interval=0)
    s = NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0])
    s.go(10_000)
    assert s.k == s.n_steps
    with pytest.raises(TypeError, match="k must be a whole number"):
        s.go(1.5)
    with pytest.raises(ValueError, match="granularity must be one of"):
        s.set_granularity("epoch")


def test_close_frees_the_widget():
    s = make()
    comm = s.widget.comm
    s.close()
    assert s.widget.comm is None and comm is not None
