"""A graph of the engine cut into steps, for the graph steppers: one node per step.

``backprop_steps(root)`` lists the forward pass (each computed node) and the backward pass
(each node's gradient, as the sum over its uses of user's gradient × local derivative);
``graph_state(root, k)`` is what is known after k of those steps; ``node_names`` names
every node; ``sigmoid_neuron`` builds notebook 01's one-neuron graph.
"""
import numbers

from ..autograd import Value, topological_order


def sigmoid_neuron(x, w, b=None, t=None):
    """The one-neuron graph: z = w·x (+ b), y = σ(z), and E = ½(t − y)² when t is given.

    Plain numbers become labelled Values. A target given as a plain number is a constant
    (like the 2 in ``2 * v``): it is data, never learned, so ``backprop_steps`` gives it no
    backward step.  Returns a dict of the Values by name.
    """
    nodes = {name: (v if isinstance(v, Value) else Value(v, name))
             for name, v in (("x", x), ("w", w), ("b", b), ("t", t)) if v is not None}
    if t is not None and not isinstance(t, Value):
        nodes["t"]._const = True
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


def backprop_steps(root):
    """The forward and the backward pass of root's graph, one node per step.

    Forward steps: each computed (non-input) node in topological order; the step reveals
    its value.  Backward steps: root first (∂root/∂root = 1), then every other node in
    reverse topological order; the step's gradient is the sum, over each use of the node,
    of (gradient of the user) × (local derivative) - computed here from the stored local
    derivatives, independently of ``backward()``.  Plain-number constants (the 2 in
    ``2 * v``) get no backward step: nothing can change them.

    Returns a list of dicts: ``kind`` ('forward' or 'backward'), ``node``, and for
    backward steps ``grad`` and ``terms``: a list of (user, local derivative, user's grad).
    """
    order = topological_order(root)
    # backward visits a node's first input before its later ones (y before t in E(y, t))
    backward_order = topological_order(root, last_input_first=True)
    users = {id(v): [] for v in order}
    for v in order:
        for child, local in zip(v._prev, v._local):
            users[id(child)].append((v, local))
    steps = [dict(kind="forward", node=v) for v in order if v._prev]
    grads = {id(root): 1.0}
    steps.append(dict(kind="backward", node=root, grad=1.0, terms=[]))
    for v in reversed(backward_order[:-1]):
        if v._const:
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
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k <= len(steps):
        raise ValueError(f"k must be a whole number of steps between 0 and {len(steps)}, got {k!r}")
    names = node_names(root)
    state = {names[id(v)]: (None if v._prev else v.data, None) for v in topological_order(root)}
    for step in steps[:k]:
        name = names[id(step["node"])]
        value, _ = state[name]
        if step["kind"] == "forward":
            state[name] = (step["node"].data, None)
        else:
            state[name] = (value, step["grad"])
    return state
