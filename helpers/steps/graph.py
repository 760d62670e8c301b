"""A graph of the engine cut into steps, for the graph steppers: one node per step.

* ``backprop_steps(root)``: the forward pass (each computed node) and the backward pass (each
  node's gradient, as the sum over its uses of user's gradient × local derivative);
  ``graph_state(root, k)``: what is known after k of those steps; ``node_names``: one name per node.
* ``graph_equation(root, steps, names, k)``: step k's equation in symbols and in numbers, written
  from ``FORMULA`` and ``LOCAL`` (tests/test_steps_graph.py evaluates every ``LOCAL`` formula
  against the engine's own local derivative, so the two cannot drift apart).
* ``graph_layout(root)`` and ``graph_stepper_data(root)``: where each node sits (the browser
  stepper and its matplotlib twin share it) and every step as JSON-ready data for the browser.
* ``sigmoid_neuron``: notebook 01's one-neuron graph.
"""
from .._checks import check_real, check_step
from ..autograd import Value, topological_order
from .latex import num, operand, plain
from .state import graph_data

MAX_NODES = 40
BOX_W, BOX_H = 0.9, 0.64   # a node's box, in layout units
COL_GAP = 1.35             # distance between columns (rows are 1 apart)

# forward formula of each operation, in LaTeX; {a}, {b} are the inputs
FORMULA = {"+": "{a} + {b}", "-": "{a} - {b}", "*": r"{a} \cdot {b}", "/": r"{a} / {b}",
           "neg": "-{a}", "exp": "e^{{{a}}}", "log": r"\ln {a}", "tanh": r"\tanh {a}",
           "σ": r"\sigma({a})", "relu": r"\max(0, {a})", "max": r"\max({a}, {b})", "½(t−y)²": r"\frac{{1}}{{2}}({b} - {a})^2"}
# local derivative of the output {o} with respect to input number i, in LaTeX
LOCAL = {"+": ("1", "1"), "-": ("1", "-1"), "*": ("{b}", "{a}"),
         "/": ("1/{b}", "-{a}/{b}^2"), "neg": ("-1",), "exp": ("e^{{{a}}}",), "log": ("1/{a}",),
         "tanh": (r"1 - {o}^2",), "σ": ("{o}(1 - {o})",), "relu": (r"[{a} > 0]",), "max": (r"[{a} \geq {b}]", r"[{b} > {a}]"),
         "½(t−y)²": ("-({b} - {a})", "{b} - {a}")}
OP_SYMBOL = {"*": "×"}     # how a node's heading writes its operation, where it differs from v.op


def sigmoid_neuron(x, w, b=None, t=None):
    """The one-neuron graph: z = w·x (+ b), y = σ(z), and E = ½(t − y)² when t is given.

    Plain numbers become labelled Values. A target given as a plain number is a constant
    (like the 2 in ``2 * v``): it is data, never learned, so ``backprop_steps`` gives it no
    backward step.  Returns a dict of the Values by name.
    """
    given = {"x": x, "w": w, "b": b, "t": t}
    for name in ("x", "w") + tuple(n for n in ("b", "t") if given[n] is not None):
        if not isinstance(given[name], Value):
            check_real(given[name], name, what="a finite number or a Value")
    nodes = {name: (v if isinstance(v, Value) else Value(v, name, constant=name == "t"))
             for name, v in given.items() if v is not None}
    z = nodes["w"] * nodes["x"]
    if "b" in nodes:
        z = z + nodes["b"]
    z.label = "z"
    y = z.sigmoid()
    y.label = "y"
    nodes.update(z=z, y=y)
    if "t" in nodes:
        E = y.half_squared_error(nodes["t"])
        E.label = "E"
        nodes["E"] = E
    return nodes


def node_names(root):
    """A unique name for every node of root's graph, keyed by id(node).

    A node's name is its label, else v1, v2, ... in topological order; a label used by
    several nodes gets primes (the constant 1 twice gives '1' and "1'").
    """
    names, used, n = {}, set(), 0
    for v in topological_order(root):
        if v.label:
            name = v.label
        else:
            n += 1
            name = f"v{n}"
        while name in used:
            name += "'"
        used.add(name)
        names[id(v)] = name
    return names


def node_heading(v, name):
    """The text on a node's box: its name, and its operation in brackets (z  [×])."""
    op = OP_SYMBOL.get(v.op, v.op)
    return name + (f"  [{op}]" if op and op != name else "")


def backprop_steps(root):
    """The forward and the backward pass of root's graph, one node per step.

    Forward steps: each computed (non-input) node in topological order; the step reveals
    its value.  Backward steps: root first (∂root/∂root = 1), then every other node in
    reverse topological order; the step's gradient is the sum, over each use of the node,
    of (gradient of the user) × (local derivative) - computed here from the stored local
    derivatives, independently of ``backward()``.  Constants (the 2 in ``2 * v``, a
    target) get no backward step: nothing can change them.

    Returns a list of dicts: ``kind`` ('forward' or 'backward'), ``node``, and for
    backward steps ``grad`` and ``terms``: a list of (user, local derivative, user's grad).
    """
    order = topological_order(root)
    # backward visits a node's first input before its later ones (y before t in E(y, t))
    backward_order = topological_order(root, last_input_first=True)
    users = {id(v): [] for v in order}
    for v in order:
        for child, local in zip(v.inputs, v.local_derivatives):
            users[id(child)].append((v, local))
    steps = [dict(kind="forward", node=v) for v in order if v.inputs]
    grads = {id(root): 1.0}
    steps.append(dict(kind="backward", node=root, grad=1.0, terms=[]))
    for v in reversed(backward_order[:-1]):
        if v.is_constant:
            continue
        terms = [(u, local, grads[id(u)]) for u, local in users[id(v)]]
        grads[id(v)] = sum(local * g for _, local, g in terms)
        steps.append(dict(kind="backward", node=v, grad=grads[id(v)], terms=terms))
    return steps


def graph_state(root, k, steps=None):
    """What is known after k steps: {node name: (value or None, grad or None)}.

    Inputs (leaves) always show their value; a computed node shows its value once its
    forward step is done, and any node its gradient once its backward step is done.
    """
    steps = backprop_steps(root) if steps is None else steps
    check_step(k, len(steps))
    names = node_names(root)
    state = {names[id(v)]: (None if v.inputs else v.data, None) for v in topological_order(root)}
    for step in steps[:k]:
        name = names[id(step["node"])]
        value, _ = state[name]
        if step["kind"] == "forward":
            state[name] = (step["node"].data, None)
        else:
            state[name] = (value, step["grad"])
    return state


# ------------------------------------------------------------------ each step's equation
def tex_name(name):
    """A node name in LaTeX: v12 -> v_{12}, and primes as superscripts."""
    base = name.rstrip("'")
    primes = r"^{\prime}" * (len(name) - len(base))
    if base[:1] == "v" and base[1:].isdigit():
        base = f"v_{{{base[1:]}}}"
    return base + primes


def formula(v, names, numbers=False):
    """v's forward formula in LaTeX, with its inputs' names (or their values if numbers)."""
    template = "{a}^{{%s}}" % v.op[2:] if v.op.startswith("**") else FORMULA[v.op]
    args = [operand(p.data) if numbers else tex_name(names[id(p)]) for p in v.inputs]
    return template.format(a=args[0], b=args[1] if len(args) > 1 else "")


def local_formula(user, i, names):
    """∂user/∂(its input number i) in LaTeX, in the names of user's inputs and of user itself."""
    if user.op.startswith("**"):
        c = float(user.op[2:])
        template = f"{c:g}" + " {a}^{{%g}}" % (c - 1)
    else:
        template = LOCAL[user.op][i]
    args = [tex_name(names[id(p)]) for p in user.inputs]
    return template.format(a=args[0], b=args[1] if len(args) > 1 else "", o=tex_name(names[id(user)]))


def graph_equation(root, steps, names, k):
    """(title, symbols, numbers) of step k of ``backprop_steps(root)``; LaTeX without $.

    Both graph steppers write their equation with it (the matplotlib twin and the browser one)."""
    n_steps = len(steps)
    if k == 0:
        return ("Start: the inputs are known", "", "")
    step = steps[k - 1]
    v = step["node"]
    name = tex_name(names[id(v)])
    E = tex_name(names[id(root)])
    if step["kind"] == "forward":
        return (f"Forward, step {k} of {n_steps}: compute {names[id(v)]}",
                f"{name} = {formula(v, names)}",
                f"{name} = {formula(v, names, numbers=True)} = {num(v.data)}")
    d = lambda top, bottom: rf"\dfrac{{\partial {top}}}{{\partial {bottom}}}"
    if not step["terms"]:
        return (f"Backward, step {k} of {n_steps}: start at the output",
                f"{d(E, E)} = 1", f"{d(E, E)} = 1")
    sym, nums = [], []
    for u, local, g in step["terms"]:
        uname = tex_name(names[id(u)])
        sym.append(rf"{d(E, uname)} \cdot {d(uname, name)}")
        nums.append(rf"{operand(g)} \cdot {operand(local)}")
    locals_ = ", ".join(sorted({rf"{d(tex_name(names[id(u)]), name)} = "
                                + local_formula(u, next(i for i, p in enumerate(u.inputs) if p is v), names)
                                for u, _, _ in step["terms"]}))
    kind = "sum over its uses" if len(step["terms"]) > 1 else "chain rule"
    return (f"Backward, step {k} of {n_steps}: gradient of {names[id(v)]} ({kind})",
            f"{d(E, name)} = " + " + ".join(sym) + rf",\quad {locals_}",
            f"{d(E, name)} = " + " + ".join(nums) + f" = {num(step['grad'])}")


# ------------------------------------------------------------------ where the nodes sit, and the browser's data
def graph_layout(root):
    """Nodes in topological order and a position (x, y) for each, keyed by id, in layout units.

    A computed node's column is one more than its furthest input's; an input sits just
    left of the first node that uses it.  Rows are centred, ordered by the mean row of
    each node's inputs, so edges cross as little as this simple rule allows.
    """
    order = topological_order(root)
    if len(order) > MAX_NODES:
        raise ValueError(f"root's graph has {len(order)} nodes; drawing is limited to {MAX_NODES} "
                         f"(draw a smaller expression)")
    col = {}
    for v in order:
        col[id(v)] = 1 + max((col[id(p)] for p in v.inputs), default=-1)
    for v in reversed(order):                  # pull inputs right, next to their first user
        if not v.inputs:
            users = [col[id(u)] for u in order if any(p is v for p in u.inputs)]
            if users:
                col[id(v)] = min(users) - 1
    shift = min(col.values())
    columns = {}
    for v in order:
        columns.setdefault(col[id(v)] - shift, []).append(v)
    pos, row = {}, {}
    for c in sorted(columns):
        nodes = columns[c]
        key = {id(v): (sum(row.get(id(p), 0) for p in v.inputs) / len(v.inputs)) if v.inputs else 0
               for v in nodes}
        if c > 0 and all(not v.inputs for v in nodes):
            key = {id(v): i for i, v in enumerate(nodes)}
        nodes.sort(key=lambda v: key[id(v)])
        for i, v in enumerate(nodes):
            row[id(v)] = i - (len(nodes) - 1) / 2
            pos[id(v)] = (c * COL_GAP, -row[id(v)])
    return order, pos


def graph_stepper_data(root, title="", layout=None):
    """Layout, node headings and every step's texts and equation, for the browser stepper.

    ``layout`` is (order, positions) as ``graph_layout(root)`` returns, the default."""
    order, pos = graph_layout(root) if layout is None else layout
    names = node_names(root)
    steps = backprop_steps(root)
    index = {id(v): i for i, v in enumerate(order)}
    nodes = [(names[id(v)], node_heading(v, names[id(v)]), v.is_constant) for v in order]
    edges, edge_local, seen = [], [], set()
    for v in order:
        for p, local in zip(v.inputs, v.local_derivatives):
            if (id(p), id(v)) in seen:                 # the same input twice (x * x): one arrow
                continue
            seen.add((id(p), id(v)))
            edges.append((index[id(p)], index[id(v)]))
            edge_local.append(local)
    frames = []
    for k in range(len(steps) + 1):
        state = graph_state(root, k, steps)
        current = steps[k - 1]["node"] if k else None
        kind = steps[k - 1]["kind"] if k else "start"
        done = {id(s["node"]) for s in steps[:k] if s["kind"] == "backward"}
        values, grads = [], []
        for v in order:
            value, grad = state[names[id(v)]]
            values.append(None if value is None else plain(value))
            grads.append(None if grad is None else f"∂{names[id(root)]}/∂{names[id(v)]} = {plain(grad)}")
        active = [e for e, (a, b) in enumerate(edges) if (kind == "backward" and order[a] is current)
                  or (kind == "forward" and order[b] is current)]
        local_texts = {e: plain(edge_local[e]) for e, (a, _) in enumerate(edges) if id(order[a]) in done}
        heading, sym, numbers = graph_equation(root, steps, names, k)
        frames.append({"values": values, "grads": grads, "current": None if current is None else index[id(current)],
                       "active": active, "locals": local_texts, "title": heading, "sym": sym, "num": numbers,
                       "phase": kind})
    return graph_data([names[id(v)] for v in order], [pos[id(v)] for v in order], nodes, edges, frames,
                      box=(BOX_W, BOX_H), title=title)
