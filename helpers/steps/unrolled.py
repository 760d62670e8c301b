"""The unrolled recurrent neuron laid out along time, and its stepper's data for the browser.

``graph_layout`` places nodes by depth only, which piles all the inputs into the first
columns.  Here each time step gets its own three columns, the state chain r_0 → r_1 → ...
runs along the middle, the inputs x_s sit just under the state that meets them, and the
shared weights w (top) and u (bottom) send one arrow into every step.

* ``unrolled_layout(nodes)``: (order, positions), as ``graph_layout`` returns them; the
  browser stepper and its static twin (``helpers.draw.unrolled.draw_unrolled_step``) share it.
* ``unrolled_stepper_data(nodes)``: the graph stepper's data on that layout, with the nodes
  each step's view must keep on screen (the graph is too wide to show whole at a readable size).
"""
from .._checks import check_instance
from ..autograd import topological_order
from .graph import COL_GAP, backprop_steps, graph_stepper_data

ERROR_HEADING = "E"   # its operation ½(t−y)² names the output y, here the last state: plain "E"


def unrolled_layout(nodes):
    """Positions for the graph of ``helpers.experiments.recurrent.unrolled_rnn`` (with a target)."""
    check_instance(nodes, dict, "nodes", "the dict of Values that unrolled_rnn(..., t=target) returns")
    if "E" not in nodes:
        raise ValueError("nodes must come from unrolled_rnn(..., t=target): the graph needs its error E")
    root = nodes["E"]
    order = topological_order(root)
    T = sum(1 for name in nodes if name.startswith("z"))
    # rows (down is positive): w·r just above the state chain, x and u·x just below it, as
    # close as the boxes allow; w and u far enough out that their long arrows pass above the
    # states and below the inputs x on their way to every time step
    grid = {id(nodes["w"]): (0, -1.3), id(nodes["r0"]): (0, 0.0), id(nodes["u"]): (0, 2.1)}
    for t in range(1, T + 1):
        c = 3 * t - 2
        z = nodes[f"z{t}"]
        wh, ux = z.inputs                      # z = w·h + u·x
        grid.update({id(wh): (c, -0.45), id(ux): (c, 1.25), id(nodes[f"x{t}"]): (c - 1, 0.85),
                     id(z): (c + 1, 0.0), id(nodes[f"r{t}"]): (c + 2, 0.0)})
    grid[id(root)] = (3 * T + 1, 0.0)
    for v in root.inputs:                     # the target, a constant
        grid.setdefault(id(v), (3 * T, 0.85))
    missing = [v for v in order if id(v) not in grid]
    if missing:
        raise ValueError(f"nodes has {len(missing)} node(s) the unrolled layout does not know")
    return order, {key: (c * COL_GAP, -row) for key, (c, row) in grid.items()}


def _focus_nodes(step, shared):
    """The nodes a step talks about: the node itself and its inputs (forward) or its users
    (backward), leaving out the shared weights in ``shared`` (ids), which reach every time
    step from the far left; the node itself always counts."""
    node = step["node"]
    talking = list(node.inputs) if step["kind"] == "forward" else [u for u, _, _ in step["terms"]]
    out = [node]
    for v in talking:
        if id(v) not in shared and all(v is not o for o in out):
            out.append(v)
    return out


def unrolled_stepper_data(nodes, title=""):
    """The browser stepper's data for the unrolled graph: ``graph_stepper_data`` on
    ``unrolled_layout``, the error node headed plainly "E", ``follow`` set (the browser shows a
    window that follows the step when the whole graph is too wide to read), and in each frame
    ``focus``: the indices of the nodes that window keeps on screen (the current node first)."""
    layout = unrolled_layout(nodes)
    root = nodes["E"]
    data = graph_stepper_data(root, title, layout=layout)
    order = layout[0]
    index = {id(v): i for i, v in enumerate(order)}
    data["nodes"][index[id(root)]]["heading"] = ERROR_HEADING
    data["follow"] = True
    shared = {id(nodes["w"]), id(nodes["u"])}
    frames = data["granularities"]["operation"]["frames"]
    steps = backprop_steps(root)
    frames[0]["focus"] = [index[id(nodes["r0"])], index[id(nodes["x1"])]]     # before step 1: where time starts
    for frame, step in zip(frames[1:], steps):
        frame["focus"] = [index[id(v)] for v in _focus_nodes(step, shared)]
    return data
