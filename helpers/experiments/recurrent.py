"""Backprop through time, and forward- versus reverse-mode differentiation, on Value graphs.

A recurrent neuron reads a sequence x_1, ..., x_S of length S and keeps one number, its state r
(r for recurrent; h stays the finite-difference step and T the targets of notebook 00).
With s counting the time steps (t is the target, as everywhere in the workbook):

    z_s = w·r_{s−1} + u·x_s,      r_s = tanh(z_s),      E = ½(t − r_S)²

The same w and u are used at every time step.  Unrolled, the loop becomes an ordinary
graph (one copy of the neuron per step), and backprop through time is plain backprop on
that graph: w is used S times, so its gradient is a sum of S terms (notebook 02's "a
value used twice"), one per time step:

    ∂E/∂w = Σ_s δ_s · r_{s−1},     δ_s = ∂E/∂z_s,
    δ_S = −(t − r_S)(1 − r_S²),    δ_{s−1} = δ_s · w · (1 − r_{s−1}²)

``forward_mode`` pushes derivatives the other way: from one input towards the output,
one sweep per input.  Both count their multiply-adds, one per edge of the graph.
"""
import math
import numbers

from ..autograd import Value, topological_order


def _number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _sequence(xs):
    try:
        xs = list(xs)
    except TypeError:
        raise TypeError(f"xs must be a list of numbers (the input sequence), got {xs!r}") from None
    if not xs:
        raise ValueError("xs must hold at least one input (a sequence of length >= 1), got an empty list")
    return [_number(x, f"xs[{i}]") for i, x in enumerate(xs)]


def unrolled_rnn(xs, w, u, r0=0.0, t=None):
    """The recurrent neuron unrolled over len(xs) steps, as a graph of Values.

    Returns a dict of named Values: 'w', 'u', 'r0', 'x1'.., 'z1'.., 'r1'.., and 'E'
    (when a target t is given).  Plain numbers become labelled leaves; a Value passed
    for w or u is used as it is (so training can reuse it).
    """
    xs = _sequence(xs)
    nodes = {}
    for name, v in (("w", w), ("u", u), ("r0", r0)):
        nodes[name] = v if isinstance(v, Value) else Value(_number(v, name), name)
    r = nodes["r0"]
    for i, x in enumerate(xs, start=1):
        xv = Value(x, f"x{i}")
        z = nodes["w"] * r + nodes["u"] * xv
        z.label = f"z{i}"
        r = z.tanh()
        r.label = f"r{i}"
        nodes.update({f"x{i}": xv, f"z{i}": z, f"r{i}": r})
    if t is not None:
        target = Value(_number(t, "t"), f"t = {t:g}", constant=True)    # named so a drawing says what it is
        E = r.half_squared_error(target)
        E.label = "E"
        nodes["E"] = E
    return nodes


def rnn_states(xs, w, u, r0=0.0):
    """The states [r_0, r_1, ..., r_S] with plain floats (no graph)."""
    xs = _sequence(xs)
    w, u, r = _number(w, "w"), _number(u, "u"), _number(r0, "r0")
    rs = [r]
    for x in xs:
        r = math.tanh(w * r + u * x)
        rs.append(r)
    return rs


def rnn_error(xs, w, u, r0, t):
    """E = ½(t − r_S)² with plain floats: what central differences nudge."""
    return 0.5 * (_number(t, "t") - rnn_states(xs, w, u, r0)[-1]) ** 2


def bptt(xs, w, u, r0, t):
    """Backprop through time written out: the error signals δ_s and w's share per step.

    Returns a dict: 'r' (states r_0..r_S), 'delta' (δ_1..δ_S), 'w_terms' (δ_s·r_{s−1}),
    'u_terms' (δ_s·x_s), 'dw', 'du' (the sums) and 'dr0' (∂E/∂r_0 = δ_1·w).
    """
    xs = _sequence(xs)
    w, u, t = _number(w, "w"), _number(u, "u"), _number(t, "t")
    rs = rnn_states(xs, w, u, r0)
    S = len(xs)
    delta = [0.0] * S
    delta[S - 1] = -(t - rs[S]) * (1.0 - rs[S] ** 2)
    for i in range(S - 1, 0, -1):                 # delta[i - 1] = δ_i from delta[i] = δ_{i+1}
        delta[i - 1] = delta[i] * w * (1.0 - rs[i] ** 2)
    w_terms = [delta[i] * rs[i] for i in range(S)]           # δ_s · r_{s−1}
    u_terms = [delta[i] * xs[i] for i in range(S)]           # δ_s · x_s
    return dict(r=rs, delta=delta, w_terms=w_terms, u_terms=u_terms,
                dw=sum(w_terms), du=sum(u_terms), dr0=delta[0] * w)


def gradient_through_time(w, lengths, u=1.0, xs=None, r0=0.0, t=1.0):
    """|∂E/∂r_0| for each sequence length S in ``lengths``, by the engine on the unrolled graph.

    The sequence is the first S entries of ``xs`` (all zeros if xs is None).
    """
    lengths = list(lengths)
    for S in lengths:
        if isinstance(S, bool) or not isinstance(S, numbers.Integral) or S < 1:
            raise ValueError(f"lengths must be whole numbers >= 1, got {S!r}")
    longest = max(lengths, default=0)
    xs = [0.0] * longest if xs is None else _sequence(xs)
    if len(xs) < longest:
        raise ValueError(f"xs has {len(xs)} inputs, but lengths asks for a sequence of {longest}")
    out = []
    for S in lengths:
        g = unrolled_rnn(xs[:S], w, u, r0, t)
        g["E"].backward()
        out.append(abs(g["r0"].grad))
    return out


# ------------------------------------------------------------------ the two modes of the chain rule
def reverse_mode(root):
    """One backward sweep: {id(value): ∂root/∂value} for every value, and the multiply-adds used."""
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order = topological_order(root)
    grad = {id(v): 0.0 for v in order}
    grad[id(root)] = 1.0
    ops = 0
    for v in reversed(order):
        for child, local in zip(v.inputs, v.local_derivatives):
            grad[id(child)] += local * grad[id(v)]
            ops += 1
    return grad, ops


def forward_mode(root, wrt):
    """One forward sweep carrying d(value)/d(wrt) along with every value.

    Returns (∂root/∂wrt, multiply-adds used).  For the whole gradient, forward mode needs
    one such sweep per input.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    if not isinstance(wrt, Value):
        raise TypeError(f"wrt must be a Value (an input of root's graph), got {type(wrt).__name__}")
    order = topological_order(root)
    if not any(v is wrt for v in order):
        raise ValueError(f"wrt ({wrt!r}) is not part of root's graph")
    tangent = {id(v): 0.0 for v in order}
    tangent[id(wrt)] = 1.0
    ops = 0
    for v in order:
        if v.inputs:
            tangent[id(v)] = 0.0
            for child, local in zip(v.inputs, v.local_derivatives):
                tangent[id(v)] += local * tangent[id(child)]
                ops += 1
    return tangent[id(root)], ops


def wide_neuron(n, seed=0):
    """A graph with n inputs (weights) and one output: E = ½(t − σ(Σ_i w_i x_i + b))².

    Returns (E, weights): the weights w_1..w_n and b are the inputs we differentiate by.
    Numbers are drawn with ``random.Random(seed)`` (plain Python, the same on every CPU).
    """
    import random
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n (the number of weights) must be a whole number >= 1, got {n!r}")
    rng = random.Random(seed)
    ws = [Value(rng.uniform(-1, 1), f"w{i + 1}") for i in range(n)]
    b = Value(0.1, "b")
    z = b
    for i, wi in enumerate(ws):
        z = z + wi * rng.uniform(-1, 1)
    E = z.sigmoid().half_squared_error(0.5)
    return E, ws + [b]


def count_gradient_costs(root, inputs):
    """Multiply-adds for the gradient of root by all ``inputs``: reverse (one sweep) vs forward (one per input).

    Also returns both gradients, so a caller can check they agree.
    """
    inputs = list(inputs)
    grad, reverse_ops = reverse_mode(root)
    forward_grads, forward_ops = [], 0
    for v in inputs:
        g, ops = forward_mode(root, v)
        forward_grads.append(g)
        forward_ops += ops
    n_edges = sum(len(v.inputs) for v in topological_order(root))
    return dict(n_inputs=len(inputs), n_edges=n_edges, reverse_ops=reverse_ops, forward_ops=forward_ops,
                reverse_grad=[grad[id(v)] for v in inputs], forward_grad=forward_grads)
