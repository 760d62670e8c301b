"""The graph stepper: Next walks a Value graph forward node by node, then backward.

    from helpers.steps.graph import sigmoid_neuron
    from helpers.widgets.graph_stepper import GraphStepper
    GraphStepper(sigmoid_neuron(x=1.5, w=0.8, t=0.2)["E"])

The browser draws it (``stepper.js``) from data computed once here; the static twin is
``helpers.draw.graph.draw_graph_step(root, k)``, which uses the same layout, texts and
equations.
"""
from .._checks import check_instance
from ..autograd import Value
from ..steps.graph import backprop_steps, graph_state, node_names
from ..draw.graph import BOX_H, BOX_W, OP_SYMBOL, fmt, graph_equation, graph_layout
from ..steps.state import graph_data
from .browser_stepper import BrowserStepper


def graph_stepper_data(root, title=""):
    """Layout, node headings and every step's texts and equation, for the browser."""
    order, pos = graph_layout(root)
    names = node_names(root)
    steps = backprop_steps(root)
    index = {id(v): i for i, v in enumerate(order)}
    nodes = []
    for v in order:
        op = OP_SYMBOL.get(v._op, v._op)
        heading = names[id(v)] + (f"  [{op}]" if v._op and op != names[id(v)] else "")
        nodes.append((names[id(v)], heading, bool(v._const)))
    edges, edge_local, seen = [], [], set()
    for v in order:
        for p, local in zip(v._prev, v._local):
            if (id(p), id(v)) in seen:                 # the same input twice (x * x): one arrow
                continue
            seen.add((id(p), id(v)))
            edges.append((index[id(p)], index[id(v)]))
            edge_local.append(local)
    root_name = names[id(root)]
    frames = []
    for k in range(len(steps) + 1):
        state = graph_state(root, k, steps)
        current = steps[k - 1]["node"] if k else None
        kind = steps[k - 1]["kind"] if k else "start"
        done = {id(s["node"]) for s in steps[:k] if s["kind"] == "backward"}
        values, grads = [], []
        for v in order:
            value, grad = state[names[id(v)]]
            values.append(None if value is None else fmt(value))
            grads.append(None if grad is None else f"∂{root_name}/∂{names[id(v)]} = {fmt(grad)}")
        active, local_texts = [], {}
        for e, (a, b) in enumerate(edges):
            p, v = order[a], order[b]
            if (kind == "backward" and p is current) or (kind == "forward" and v is current):
                active.append(e)
            if id(p) in done:
                local_texts[e] = fmt(edge_local[e])
        heading, sym, num = graph_equation(root, steps, names, k)
        frames.append({"values": values, "grads": grads, "current": None if current is None else index[id(current)],
                       "active": active, "locals": local_texts, "title": heading, "sym": sym, "num": num,
                       "phase": kind})
    return graph_data([names[id(v)] for v in order], [pos[id(v)] for v in order], nodes, edges, frames,
                      box=(BOX_W, BOX_H), title=title)


class GraphStepper(BrowserStepper):
    """Reset / Previous / Next / Play over the forward and backward pass of ``root``'s graph."""

    def __init__(self, root, title="graph stepper", interval=1.0, scale=1.0, hide_new=False):
        check_instance(root, Value, "root", "a helpers.autograd.Value (the output of a graph)")
        self.root = root
        super().__init__(graph_stepper_data(root, title), title, "operation", interval, scale, hide_new)

    def shown(self):
        """{node name: (value or None, grad or None)} shown now (the engine's numbers)."""
        return graph_state(self.root, self.k)
