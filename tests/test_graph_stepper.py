"""The graph stepper: what it shows at every step equals the engine's values and gradients."""
import pytest

from helpers.autograd import Value, topological_order

from helpers.steps.graph import node_names, sigmoid_neuron
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
def test_every_step_shows_the_engines_numbers(make_root):
    root = make_root()
    stepper = GraphStepper(root)
    root.backward()                                       # the engine's own answer
    names = node_names(root)
    truth = {names[id(v)]: v for v in topological_order(root)}
    n = stepper.n_steps
    for k in list(range(n + 1)) + [n + 5, -3]:
        stepper.go(k)
        k = stepper.k
        assert 0 <= k <= n
        frame = stepper.frame()
        for i, name in enumerate(stepper.data["names"]):
            value, grad = stepper.shown()[name]
            v = truth[name]
            if value is not None:
                assert value == v.data and frame["values"][i] == fmt(value)
            if grad is not None:
                assert grad == pytest.approx(v.grad, rel=1e-12, abs=1e-15)
                assert frame["grads"][i] == f"∂{names[id(root)]}/∂{name} = {fmt(grad)}"


def test_start_and_end():
    root = sigmoid_neuron(1.5, 0.8, t=0.2)["E"]
    stepper = GraphStepper(root)
    assert all(g is None for _, g in stepper.shown().values())
    assert stepper.frame()["counter"] == "0 / 8 · start"
    stepper.go(stepper.n_steps)
    assert all((g is None) == (name == "t") for name, (_, g) in stepper.shown().items())   # t: a constant
    assert stepper.frame()["phase"] == "backward" and "gradient of" in stepper.frame()["heading"]
    assert stepper._repr_mimebundle_()[0]["text/plain"] == "GraphStepper(graph stepper: 8 steps)"
    stepper.close()
