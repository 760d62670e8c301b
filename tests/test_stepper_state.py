"""The browser steppers draw from JSON computed in Python (helpers.steps.state): it must hold
exactly what the matplotlib twins draw, step by step, and its equations must be sound MathML."""
import json
import re

import pytest

from helpers.autograd import Value

from helpers.steps.graph import sigmoid_neuron
from helpers.draw.graph import GraphStepView
from helpers.draw.network import NetworkView
from helpers.steps.latex import plain
from helpers.nn import MLP
from helpers.steps.mathml import chunks, text
from helpers.steps.state import network_data, switch_position
from helpers.steps.trace import GRANULARITIES, trace
from helpers.steps.graph import graph_stepper_data
from helpers.steps.unrolled import unrolled_layout, unrolled_stepper_data
from helpers.experiments.recurrent import unrolled_rnn

NETS = {"2-2-2": (lambda: MLP([2, 2, 2], seed=0), [0.05, 0.1], [0.01, 0.99]),
        "5-8-6-3": (lambda: MLP([5, 8, 6, 3], seed=1), [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8])}


def a_times_b_plus_a():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    p = a * b
    p.label = "p"
    f = p + a
    f.label = "f"
    return f


def x_plus_y_times_z():
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    return f


def two_input_neuron():
    x1, x2, w1, w2, b = (Value(v, n) for v, n in ((1.0, "x1"), (-2.0, "x2"), (0.5, "w1"), (-0.3, "w2"), (0.1, "b")))
    z = x1 * w1 + x2 * w2 + b
    z.label = "z"
    y = z.sigmoid()
    y.label = "y"
    return y


GRAPHS = {"01": lambda: sigmoid_neuron(1.5, 0.8, t=0.2)["E"], "02 (x+y)z": x_plus_y_times_z,
          "02 a·b+a": a_times_b_plus_a, "02 two-input": two_input_neuron}


@pytest.mark.parametrize("name", list(NETS))
@pytest.mark.parametrize("granularity", GRANULARITIES)
def test_network_json_shows_what_the_static_twin_draws_at_every_step(name, granularity):
    make, x, t = NETS[name]
    net = make()
    data = network_data(net, x, t, 0.5)
    frames = data["granularities"][granularity]["frames"]
    tr = trace(net, x, t, 0.5, granularity)
    view = NetworkView(tr)
    neurons = [tuple(n) for n in data["neurons"]]
    edges = [tuple(e) for e in data["edges"]]
    assert neurons == view.neurons and edges == view.edges and len(frames) == len(tr) + 1
    for k, frame in enumerate(frames):
        view.update(k)
        assert [t for _, t in frame["nodes"]] == [v.get_text() for v in view.values], f"step {k}: node values"
        assert {neurons[i] for i in frame["written"]} == view.written_neurons, f"step {k}: neurons written"
        assert {neurons[i] for i in frame["read"]} == view.read_neurons, f"step {k}: neurons read"
        assert sorted(edges[e] for e in frame["hl"]) == view.highlighted_edges, f"step {k}: edges"
        assert {edges[e]: text for e, text, _, _ in frame["labels"]} == view.label_texts, f"step {k}: labels"
        twin_targets = [tt.get_text().replace("\n", "  ") for tt in view.target_texts]
        assert [f"{a}  {b}" if b else a for a, b, _, _ in frame["targets"]] == twin_targets
        if k:
            step = tr[k - 1]
            assert frame["counter"] == f"{k} / {len(tr)} · {step.phase}"
            assert frame["alt"] == text(step.numbers)
            if isinstance(step.value, float):       # one number format: the node and the equation agree
                assert frame["alt"].endswith("= " + plain(step.value))
                if step.neuron is not None and step.phase != "loss":
                    shown = frame["nodes"][neurons.index((step.layer, step.neuron))][1]
                    assert shown == plain(step.value)


def test_network_json_is_small_enough_for_a_handout():
    make, x, t = NETS["5-8-6-3"]
    assert len(json.dumps(network_data(make(), x, t, 0.5))) < 1_000_000


def twin(name):
    """(root, the browser's data, the matplotlib twin's view) of a graph stepper: notebook 01/02's
    graphs, or notebook 11's recurrent neuron over T time steps ("11 unrolled T"), whose twin
    ``draw_unrolled_step`` draws its panels with this view on the same layout."""
    if name in GRAPHS:
        root = GRAPHS[name]()
        return root, graph_stepper_data(root), GraphStepView(root)
    nodes = unrolled_rnn([1.0, -0.5, 0.8, 0.3][:int(name.split()[-1])], w=0.7, u=1.2, r0=0.0, t=0.5)
    return nodes["E"], unrolled_stepper_data(nodes), GraphStepView(nodes["E"], layout=unrolled_layout(nodes))


@pytest.mark.parametrize("name", list(GRAPHS) + ["11 unrolled 1", "11 unrolled 3"])
def test_graph_json_shows_what_the_static_twin_draws_at_every_step(name):
    root, data, view = twin(name)
    assert [tuple(p) for p in data["pos"]] == [view.drawing.pos[id(v)] for v in view.drawing.order]
    frames = data["granularities"]["operation"]["frames"]
    assert len(frames) == view.n_steps + 1
    order = view.drawing.order
    for k, frame in enumerate(frames):
        view.update(k)
        for i, v in enumerate(order):
            value = view.drawing.value_texts[id(v)].get_text()
            assert (frame["values"][i] or "?") == value, f"step {k}: value of {data['names'][i]}"
            # the figure writes "∂E/∂w =" over the number, the browser splits the same text at " = "
            assert (frame["grads"][i] or "") == view.drawing.grad_texts[id(v)].get_text().replace(" =\n", " = ")
            current = view.drawing.boxes[id(v)].get_linewidth() > 3
            assert (frame["current"] == i) == current
        for e, (a, b) in enumerate(data["edges"]):
            key = (id(order[a]), id(order[b]))
            shown = view.drawing.edge_texts[key].get_text()
            assert dict(frame["locals"]).get(e, "") == shown, f"step {k}: edge {e}"
            assert (e in frame["active"]) == (view.drawing.edges[key].get_linewidth() > 2)
        title, sym, num = view.equation(k)
        assert frame["heading"] == title and frame["num"] == (chunks(num) if num else "")


def test_the_second_use_of_a_bends_around_box_p():
    data = graph_stepper_data(a_times_b_plus_a())
    names, edges, bends = data["names"], data["edges"], data["bends"]
    a_to_f = edges.index([names.index("a"), names.index("f")])
    assert bends[a_to_f] != 0, "a → f would run behind box p"
    assert [b for e, b in enumerate(bends) if e != a_to_f] == [0, 0, 0]
    view = GraphStepView(a_times_b_plus_a())                     # the static twin bends it too
    curved = []
    for (p, v), arrow in view.drawing.edges.items():
        (x0, y0), (cx, cy), (x1, y1) = arrow.get_path().vertices[:3]
        curved.append(abs(cy - (y0 + y1) / 2) > 0.1)
    assert sorted(curved) == [False, False, False, True]


@pytest.mark.parametrize("name", list(NETS))
def test_granularity_switch_keeps_the_place(name):
    make, x, t = NETS[name]
    data = network_data(make(), x, t, 0.5)
    layer = data["granularities"]["layer"]["frames"]
    n_ops = len(data["granularities"]["operation"]["frames"]) - 1
    assert switch_position(data, 0, "layer") == 0 and switch_position(data, 0, "operation") == 0
    for k in range(1, n_ops + 1):
        m = switch_position(data, k, "layer")
        lo, hi = layer[m]["span"]
        assert lo < k <= hi, f"operation {k} is not inside layer step {m} ({lo}, {hi}]"
        back = switch_position(data, m, "operation")
        assert back == lo + 1 and back <= k
    if name == "5-8-6-3":
        assert switch_position(data, 45, "layer") == 6 and switch_position(data, 6, "operation") == 45


@pytest.mark.parametrize("name", list(NETS))
def test_every_equation_is_mathml_and_hiding_keeps_the_symbols_but_not_the_result(name):
    make, x, t = NETS[name]
    data = network_data(make(), x, t, 0.5)
    for g in GRANULARITIES:
        for frame in data["granularities"][g]["frames"][1:]:
            for html in (frame["sym"], frame["num"], frame["hid"]):
                assert html.count("<math>") == html.count("</math>") > 0
                assert "\\" not in html, f"LaTeX left in {html!r}"
            assert frame["hid"].count("bp-hidden") >= 1
            result = re.findall(r"<mo[^>]*>=</mo>(.*?)</math>", frame["num"])[-1]
            assert result not in frame["hid"].split("</math>")[-2]


def _plain_brackets_balance(piece):
    """True when every plain bracket opened in one <math> piece closes in it (fences, from
    \\left( … \\right), may span pieces: a long sum breaks between its terms)."""
    depth = 0
    for tok in re.findall(r'<mo>([()\[\]])</mo>', piece):
        depth += 1 if tok in "([" else -1
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("name", list(NETS))
def test_lines_break_between_terms_never_inside_a_factor(name):
    make, x, t = NETS[name]
    data = network_data(make(), x, t, 0.5)
    for g in GRANULARITIES:
        for k, frame in enumerate(data["granularities"][g]["frames"]):
            for html in (frame["sym"], frame["num"], frame["hid"]):
                for piece in re.findall(r"<math>.*?</math>", html):
                    assert _plain_brackets_balance(piece), f"{g} step {k}: a break inside brackets in {piece}"
    if name == "5-8-6-3":                     # the case seen on the projector: ·0.3479(1 | −0.3479)
        num = data["granularities"]["operation"]["frames"][45]["num"]
        pieces = [re.sub("<[^>]+>", "", p) for p in re.findall(r"<math>.*?</math>", num)]
        assert pieces == ["δ12", "=(0.1819·(−0.07902)", "+0.431·0.05785",
                          "+(−0.2659)·(−0.03934))·0.3479(1−0.3479)", "=0.004769"]


def test_graph_equations_break_between_terms_only():
    for root in (sigmoid_neuron(x=1.5, w=0.8, t=0.2)["E"], a_times_b_plus_a(), x_plus_y_times_z()):
        for frame in graph_stepper_data(root)["granularities"]["operation"]["frames"]:
            for piece in re.findall(r"<math>.*?</math>", frame["sym"] + frame["num"] + frame["hid"]):
                assert _plain_brackets_balance(piece), piece
