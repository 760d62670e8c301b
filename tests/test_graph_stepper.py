"""The graph stepper's state machine: random clicks keep the step in range, and what is
on screen always equals the engine's values and gradients."""
import numpy as np
import pytest

from helpers.autograd import Value, node_names, sigmoid_neuron, topological_order
from helpers.draw.graph import fmt
from helpers.widgets.graph_stepper import GraphStepper


def two_input_neuron():
    x1, x2, w1, w2, b = (Value(v, n) for v, n in ((1.0, "x1"), (-2.0, "x2"), (0.5, "w1"), (0.3, "w2"), (0.1, "b")))
    z = x1 * w1 + x2 * w2 + b
    z.label = "z"
    y = z.sigmoid()
    y.label = "y"
    return y


@pytest.mark.parametrize("make_root", [lambda: sigmoid_neuron(1.5, 0.8, b=-0.3, t=0.2)["E"], two_input_neuron,
                                       lambda: (lambda a: a * a + a.exp() / (1 + a))(Value(0.7, "a"))])
def test_random_actions_keep_step_in_range_and_values_equal_the_engine(make_root, monkeypatch):
    # PNG encoding is tested elsewhere; here a cheap stand-in keeps 60 clicks fast
    monkeypatch.setattr("helpers.widgets.controls.figure_png", lambda fig, dpi=None: b"png")
    root = make_root()
    stepper = GraphStepper(root)
    root.backward()                                       # the engine's own answer
    truth = {name: v for v in topological_order(root) for name in [node_names(root)[id(v)]]}
    c, n = stepper.controls, stepper.controls.n_steps
    rng = np.random.default_rng(1)
    actions = [c.next_button.click, c.previous_button.click, c.reset_button.click,
               lambda: setattr(c.play, "value", int(rng.integers(0, n + 1))),
               lambda: setattr(c.slider, "value", int(rng.integers(0, n + 1)))]
    seen_steps = set()
    for _ in range(60):
        actions[rng.integers(len(actions))]()
        k = stepper.k
        seen_steps.add(k)
        assert 0 <= k <= n and c.slider.value == k == c.play.value
        assert c.previous_button.disabled == (k == 0) and c.next_button.disabled == (k == n)
        assert f"{k} / {n}" in c.counter.value
        on_figure = [t.get_text() for t in stepper.view.ax.texts]
        for name, (value, grad) in stepper.shown().items():
            v = truth[name]
            if value is not None:
                assert value == v.data and fmt(value) in on_figure
            if grad is not None:
                assert grad == pytest.approx(v.grad, rel=1e-12, abs=1e-15)
                assert f"∂{node_names(root)[id(root)]}/∂{name} = {fmt(grad)}" in on_figure
    assert len(seen_steps) > n // 2


def test_end_state_shows_every_gradient_and_the_start_none():
    root = sigmoid_neuron(1.5, 0.8, t=0.2)["E"]
    stepper = GraphStepper(root)
    assert all(g is None for _, g in stepper.shown().values())
    assert "(start)" in stepper.controls.counter.value
    stepper.go(stepper.controls.n_steps)
    assert all((g is None) == (name == "t") for name, (_, g) in stepper.shown().items())   # t: a constant
    assert "(backward)" in stepper.controls.counter.value and "gradient of" in stepper.equation.value
    png = bytes(stepper.image.value)
    stepper.controls.previous_button.click()
    assert bytes(stepper.image.value) != png
    assert stepper._repr_mimebundle_()["text/plain"] == "GraphStepper(graph stepper: 8 steps)"
