"""helpers.steps.graph: the steps of a Value graph, their state, the equations the learner reads,
the layout, and the browser stepper's data.

The local derivatives shown to the learner (``LOCAL``) restate the engine's own in LaTeX.  Here
every formula, read back from the equation text exactly as the stepper shows it, is evaluated
and compared with the engine's local derivative and with central differences, for every
operation the engine has, at several inputs: the two cannot drift apart.
"""
import math
import re

import pytest

from helpers.autograd import Value, topological_order
from helpers.steps.graph import (FORMULA, LOCAL, MAX_NODES, backprop_steps, graph_equation, graph_layout,
                                 graph_state, graph_stepper_data, node_heading, node_names, sigmoid_neuron)
from helpers.steps.latex import plain

# every operation of the engine: (how to make it from inputs a, b, the points (a, b) to try)
OPERATIONS = {
    "+": (lambda a, b: a + b, [(0.7, 1.3), (-2.0, 0.4)]),
    "-": (lambda a, b: a - b, [(0.7, 1.3), (-2.0, 0.4)]),
    "*": (lambda a, b: a * b, [(0.7, 1.3), (-2.0, 0.4)]),
    "/": (lambda a, b: a / b, [(0.7, 1.3), (-2.0, 0.4), (3.0, -1.5)]),
    "neg": (lambda a, b: -a, [(0.7, 0.0), (-2.0, 0.0)]),
    "exp": (lambda a, b: a.exp(), [(0.7, 0.0), (-2.0, 0.0), (3.1, 0.0)]),
    "log": (lambda a, b: a.log(), [(0.7, 0.0), (2.5, 0.0), (0.05, 0.0)]),
    "tanh": (lambda a, b: a.tanh(), [(0.7, 0.0), (-2.0, 0.0), (0.05, 0.0)]),
    "σ": (lambda a, b: a.sigmoid(), [(0.7, 0.0), (-2.0, 0.0), (4.0, 0.0)]),
    "relu": (lambda a, b: a.relu(), [(0.7, 0.0), (-2.0, 0.0), (0.0, 0.0)]),
    "max": (lambda a, b: a.max(b), [(0.7, 1.3), (2.0, 0.4), (1.0, 1.0)]),
    "½(t−y)²": (lambda a, b: a.half_squared_error(b), [(0.7, 0.2), (-2.0, 0.4)]),
    "**3": (lambda a, b: a ** 3, [(0.7, 0.0), (-2.0, 0.0)]),
    "**-1.5": (lambda a, b: a ** -1.5, [(0.7, 0.0), (2.0, 0.0)]),
    "**0.5": (lambda a, b: a ** 0.5, [(0.7, 0.0), (2.0, 0.0)]),
    "**1": (lambda a, b: a ** 1, [(0.7, 0.0), (-2.0, 0.0)]),
}
CASES = [(op, a, b) for op, (_, points) in OPERATIONS.items() for a, b in points]


def latex_to_python(tex):
    """The equation text the learner reads, as a Python expression (for the formulas used here)."""
    s = tex.replace(r"\geq", ">=").replace(r"\cdot", "*").replace(r"\frac{1}{2}", "(1/2)")
    s = s.replace(r"\ln ", "log ").replace(r"\tanh ", "tanh ").replace(r"\sigma", "sigmoid").replace(r"\max", "max")
    s = re.sub(r"\[([^\]]*)\]", r"(1.0 if (\1) else 0.0)", s)          # Iverson bracket [condition]
    s = re.sub(r"e\^\{([^}]*)\}", r"exp(\1)", s)
    s = re.sub(r"\^\{([^}]*)\}", r"**(\1)", s).replace("^", "**")
    s = re.sub(r"\b([abo]|\d+(?:\.\d+)?)\s*(?=\()", r"\1*", s).replace(")(", ")*(")   # o(1 - o): o·(1 − o)
    s = re.sub(r"(\d)\s+(?=[abo])", r"\1*", s)                          # 3 a**(2): 3·a²
    s = re.sub(r"\b(log|tanh) ([abo])\b", r"\1(\2)", s)
    return s


def evaluate(tex, **values):
    names = dict(exp=math.exp, log=math.log, tanh=math.tanh, max=max,
                 sigmoid=lambda z: 1 / (1 + math.exp(-z)), **values)
    return eval(latex_to_python(tex), {"__builtins__": {}}, names)


def build(op, a, b):
    A, B = Value(a, "a"), Value(b, "b")
    o = OPERATIONS[op][0](A, B)
    o.label = "o"
    return A, B, o


def shown_local(o, v):
    """(the local derivative formula of o by v, its number) as the backward step of v shows them."""
    steps, names = backprop_steps(o), node_names(o)
    k = next(k for k, s in enumerate(steps, 1) if s["kind"] == "backward" and s["node"] is v)
    _, sym, numbers = graph_equation(o, steps, names, k)
    local_formula = sym.split(r",\quad ")[1].split(" = ", 1)[1]
    return local_formula, read_number(numbers.split(r"\cdot ")[1].split(" = ")[0])


def read_number(tex):
    """A number as the equations write it: 0.25, (-0.75), 3.3 \\times 10^{-6}."""
    return float(tex.strip("() ").replace(r" \times 10^{", "e").rstrip("}"))


def central(op, a, b, i, h=1e-5):
    f = lambda a, b: build(op, a, b)[2].data
    if i == 0:
        return (f(a + h, b) - f(a - h, b)) / (2 * h)
    return (f(a, b + h) - f(a, b - h)) / (2 * h)


def test_every_operation_of_the_engine_is_tested_and_has_its_formulas():
    made = {build(op, a, b)[2].op for op, a, b in CASES}
    assert made == set(OPERATIONS)
    assert {op for op in made if not op.startswith("**")} == set(FORMULA) == set(LOCAL)
    methods = {name for name in vars(Value) if not name.startswith("_") and callable(getattr(Value, name))}
    assert methods == {"exp", "log", "tanh", "sigmoid", "relu", "max", "half_squared_error", "backward"}, \
        "a new operation needs a row in OPERATIONS and formulas in FORMULA and LOCAL"
    assert all(len(LOCAL[op]) == len(build(op, 1.0, 0.5)[2].inputs) for op in LOCAL)


@pytest.mark.parametrize("op, a, b", CASES, ids=[f"{op} at {a:g},{b:g}" for op, a, b in CASES])
def test_shown_local_derivative_is_the_engines_and_central_differences(op, a, b):
    A, B, o = build(op, a, b)
    for i, v in enumerate(o.inputs):
        formula, number = shown_local(o, v)
        value = evaluate(formula, a=a, b=b, o=o.data)
        engine = o.local_derivatives[i]
        assert value == pytest.approx(engine, rel=1e-12, abs=1e-15), f"∂o/∂{v.label} = {formula}"
        assert number == pytest.approx(engine, rel=5e-4, abs=1e-12), "the number shown is not the engine's"
        kink = (op == "relu" and a == 0) or (op == "max" and a == b)
        if not kink:
            assert engine == pytest.approx(central(op, a, b, i), rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("op, a, b", CASES, ids=[f"{op} at {a:g},{b:g}" for op, a, b in CASES])
def test_shown_forward_formula_gives_the_engines_value(op, a, b):
    A, B, o = build(op, a, b)
    steps, names = backprop_steps(o), node_names(o)
    _, sym, numbers = graph_equation(o, steps, names, 1)             # the one forward step: compute o
    assert evaluate(sym.split(" = ", 1)[1], a=a, b=b) == pytest.approx(o.data, rel=1e-12, abs=1e-15)
    assert read_number(numbers.rsplit(" = ", 1)[1]) == pytest.approx(o.data, rel=5e-4, abs=1e-12)


def test_latex_reader_reads_the_templates_it_is_used_on():
    assert latex_to_python("o(1 - o)") == "o*(1 - o)"
    assert latex_to_python(r"[a \geq b]") == "(1.0 if (a >= b) else 0.0)"
    assert latex_to_python("3 a^{2}") == "3*a**(2)"
    assert latex_to_python("e^{a}") == "exp(a)"
    assert evaluate(r"-a/b^2", a=3.0, b=2.0) == -0.75


# ------------------------------------------------------------------ steps and state
def neuron():
    return sigmoid_neuron(x=1.5, w=0.8, t=0.2)


def test_steps_forward_then_backward_and_the_target_is_a_constant():
    n = neuron()
    steps = backprop_steps(n["E"])
    assert [s["node"] for s in steps if s["kind"] == "forward"] == [n["z"], n["y"], n["E"]]
    assert [s["node"] for s in steps if s["kind"] == "backward"] == [n["E"], n["y"], n["z"], n["w"], n["x"]]
    assert n["t"].is_constant and not n["w"].is_constant
    n["E"].backward()
    for s in steps[3:]:
        assert s["grad"] == pytest.approx(s["node"].grad, rel=1e-12)
    given = sigmoid_neuron(x=1.5, w=0.8, t=Value(0.2, "t"))        # a Value target is the caller's: kept
    assert not given["t"].is_constant and any(s["node"] is given["t"] for s in backprop_steps(given["E"]))


def test_state_reveals_values_then_gradients():
    n = neuron()
    assert graph_state(n["E"], 0) == {"x": (1.5, None), "w": (0.8, None), "z": (None, None), "y": (None, None),
                                      "t": (0.2, None), "E": (None, None)}
    last = graph_state(n["E"], 8)
    assert last["z"][0] == n["z"].data and last["t"][1] is None and last["E"][1] == 1.0
    for bad in (9, -1):
        with pytest.raises(ValueError, match="k must be between 0 and 8"):
            graph_state(n["E"], bad)
    with pytest.raises(TypeError, match="k must be a whole number of steps from 0 to 8"):
        graph_state(n["E"], 1.5)


def test_names_and_headings():
    one = Value(1.0)
    out = (one + 1) * (one + 1)
    assert list(node_names(out).values()) == ["v1", "1", "v2", "1'", "v3", "v4"]   # the constant 1 twice: 1, 1'
    assert node_heading(neuron()["z"], "z") == "z  [×]" and node_heading(neuron()["x"], "x") == "x"
    assert node_heading(neuron()["y"], "y") == "y  [σ]"


# ------------------------------------------------------------------ layout and the browser's data
def test_layout_is_layered_left_to_right():
    n = neuron()
    order, pos = graph_layout(n["E"])
    assert order == topological_order(n["E"])
    for v in order:
        for p in v.inputs:
            assert pos[id(p)][0] < pos[id(v)][0]          # every arrow points right
    assert len({pos[id(v)] for v in order}) == len(order)  # no two boxes on one spot


def test_too_big_graph_is_refused():
    v = Value(1.0)
    for _ in range(MAX_NODES):
        v = v * 2.0
    with pytest.raises(ValueError, match=f"drawing is limited to {MAX_NODES}"):
        graph_layout(v)


def test_stepper_data_uses_a_given_layout_and_marks_constants():
    n = neuron()
    order, pos = graph_layout(n["E"])
    moved = {key: (x + 10, y) for key, (x, y) in pos.items()}
    data = graph_stepper_data(n["E"], "demo", layout=(order, moved))
    assert data["title"] == "demo" and data["pos"][0][0] == pos[id(order[0])][0] + 10
    assert [node["const"] for node in data["nodes"]] == [v is n["t"] for v in order]
    frames = data["granularities"]["operation"]["frames"]
    assert len(frames) == len(backprop_steps(n["E"])) + 1
    assert frames[-1]["grads"][data["names"].index("w")] == f"∂E/∂w = {plain(graph_state(n['E'], 8)['w'][1])}"
