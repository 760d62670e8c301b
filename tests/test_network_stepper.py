"""The network stepper widget: a state machine kept in range, drawing what the trace says."""
import numpy as np
import pytest

from helpers.draw.network import NetworkView, fmt_value
from helpers.nn import MLP
from helpers.trace import GRANULARITIES
from helpers.widgets.network_stepper import NetworkStepper, table_html

X, T = [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8]


def make(monkeypatch=None, **kw):
    s = NetworkStepper(MLP([5, 8, 6, 3], seed=1), X, T, 0.5, **kw)
    if monkeypatch is not None:      # the state machine test checks the artists, not the pixels
        monkeypatch.setattr(s.view, "png", lambda dpi=None: b"png")
    return s


FRESH = {}


def drawn_matches_trace(s):
    """The widget's view, moved by thousands of clicks, shows what a second view sent straight to k shows."""
    tr, k, view = s.trace, s.k, s.view
    assert 0 <= k <= len(tr) and s.controls.slider.value == k and view.k == k
    key = (id(s), tr.granularity)
    if key not in FRESH:
        FRESH[key] = NetworkView(tr)
    fresh = FRESH[key]
    fresh.update(k)
    assert [t.get_text() for t in view.values] == [t.get_text() for t in fresh.values]
    assert [tuple(c) for c in view.circles.get_facecolors()] == [tuple(c) for c in fresh.circles.get_facecolors()]
    assert s.equation.value == view.html(k)
    phase = tr[k - 1].phase if k else "start"
    assert s.controls.counter.value == f"<b>{k} / {len(tr)} · {phase}</b>"


def test_thousands_of_random_actions(monkeypatch):
    s = make(monkeypatch, show_table=True)
    rng = np.random.default_rng(0)
    c = s.controls
    actions = ["next", "previous", "reset", "jump", "play", "granularity", "table"]
    for _ in range(2500):
        action = actions[rng.integers(len(actions))]
        before = s.k
        if action == "next":
            c.next_button.click()
            assert s.k == min(before + 1, len(s.trace))
        elif action == "previous":
            c.previous_button.click()
            assert s.k == max(before - 1, 0)
        elif action == "reset":
            c.reset_button.click()
            assert s.k == 0
        elif action == "jump":
            c.slider.value = int(rng.integers(0, len(s.trace) + 1))
        elif action == "play":          # Play's timer moves its value, which is linked to the slider
            c.play.value = min(c.play.value + 1, c.play.max)
        elif action == "granularity":
            old = s.trace
            done = old[before - 1].span[1] if before else 0
            s.set_granularity(GRANULARITIES[1 - GRANULARITIES.index(s.trace.granularity)])
            assert s.trace is not old
            assert s.k == sum(1 for st in s.trace if st.span[1] <= done)
        else:
            s.table_toggle.value = not s.table_toggle.value
        drawn_matches_trace(s)
        assert c.next_button.disabled == (s.k == len(s.trace))
        assert c.previous_button.disabled == (s.k == 0)


def test_widget_step_updates_existing_artists():
    s = make()
    fig, circles, lines, texts = s.view.fig, s.view.circles, s.view.edge_lines, list(s.view.values)
    n_children = len(s.view.ax.get_children())
    images = set()
    for _ in range(4):
        s.controls.next_button.click()
        images.add(bytes(s.image.value))
    s.set_granularity("layer")
    s.controls.next_button.click()
    images.add(bytes(s.image.value))
    assert s.view.fig is fig and s.view.circles is circles and s.view.edge_lines is lines
    assert s.view.values == texts and len(s.view.ax.get_children()) == n_children
    assert len(images) == 5 and all(img.startswith(b"\x89PNG") for img in images)


def test_parts_buttons_and_css_classes():
    s = make()
    assert "bp-stepper" in s.widget._dom_classes
    assert "bp-image" in s.image._dom_classes and "bp-equation" in s.equation._dom_classes
    assert "bp-counter" in s.controls.counter._dom_classes
    descriptions = [b.description for b in (s.controls.reset_button, s.controls.previous_button,
                                            s.controls.next_button)]
    assert descriptions == ["Reset", "Previous", "Next"]
    assert s._repr_mimebundle_()["text/plain"] == \
        "NetworkStepper(network [5, 8, 6, 3]: 75 steps, one operation per step)"
    s.controls.next_button.click()
    assert "z^{1}_{1}" in s.equation.value and "$<br>$" in s.equation.value


def test_table_of_values_so_far():
    s = make(show_table=True)
    s.go(4)
    rows = s.trace.table(4)
    assert [r[1] for r in rows] == ["z^{1}_{1}", "a^{1}_{1}", "z^{1}_{2}", "a^{1}_{2}"]
    assert s.table.value == table_html(s.trace, 4) and s.table.value.count("<tr>") == 5
    s.table_toggle.value = False
    assert s.table.value == "" and s.table.layout.display == "none"


def test_bad_input_gives_clear_errors():
    with pytest.raises(ValueError, match="network too large to draw"):
        NetworkStepper(MLP([30, 4, 2]), np.zeros(30), [0, 1])
    with pytest.raises(ValueError, match="x must be one sample"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2, 0.3], [1.0])
    with pytest.raises(ValueError, match="granularity must be one of"):
        NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0], granularity="epoch")
    s = NetworkStepper(MLP([2, 2, 1]), [0.1, 0.2], [1.0])
    s.go(10_000)                      # buttons and go() clamp; the trace's own k checks are strict
    assert s.k == len(s.trace)
    with pytest.raises(ValueError, match="granularity must be one of"):
        s.set_granularity("epoch")


def test_granularity_switch_draws_once(monkeypatch):
    s = make()
    s.go(40)
    updates, pngs = [], []
    update, png = s.view.update, s.view.png
    monkeypatch.setattr(s.view, "update", lambda k: updates.append(k) or update(k))
    monkeypatch.setattr(s.view, "png", lambda dpi=None: pngs.append(dpi) or png(dpi))
    s.set_granularity("layer")
    k = s.k
    assert k > 0 and updates == [k] and len(pngs) == 1
    drawn_matches_trace(s)
    s.controls.reset_button.click()
    s.controls.reset_button.click()                    # already at 0: nothing is drawn again
    assert updates == [k, 0] and len(pngs) == 2


def test_widget_is_the_figure_steppers_with_extras():
    s = make(show_table=True)
    children = s.widget.children
    assert children[0] is s.controls.box and children[2:] == (s.equation, s.image, s.table)
    assert children[1].children == (s.granularity, s.table_toggle)


def test_a_neuron_shows_its_latest_value_and_a_zero_shows_as_0():
    s = make(monkeypatch=None)
    texts = lambda: dict(zip(s.view.neurons, [t.get_text() for t in s.view.values]))
    assert all(text == "" for (l, _), text in texts().items() if l > 0)          # nothing computed yet
    for kind in ("z", "a", "delta"):                   # the first step that computes each kind of value
        k, key = next((i, key) for i, st in enumerate(s.trace, start=1) for key in st.writes if key[0] == kind)
        s.go(k)
        assert texts()[key[1:]] == fmt_value(s.trace[k - 1].writes[key]), (kind, k)
    assert fmt_value(-0.0) == "0.000"

