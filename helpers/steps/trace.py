"""One training iteration written out as an ordered list of small steps (no plotting).

    >>> from helpers.nn import MLP
    >>> from helpers.steps.trace import trace
    >>> tr = trace(MLP([2, 2, 2]), x=[0.05, 0.1], t=[0.01, 0.99], lr=0.5)
    >>> tr[0].symbol, tr[0].phase
    ('z^{1}_{1}', 'forward')

Every step of ``granularity="operation"`` computes one quantity:

* forward, layer by layer: each neuron's ``z^l_j``, then its ``a^l_j``;
* loss: each output's error ``E_j = ½ (t_j − a^L_j)²``, then the total ``E``;
* backward, from layer L down to 1: each neuron's ``δ^l_j`` (for a hidden neuron the sum
  over the next layer is written out), then each neuron's gradients
  ``∂E/∂w^l_{jk} = δ^l_j a^{l-1}_k`` and ``∂E/∂b^l_j = δ^l_j``;
* update, layer by layer: ``W^l ← W^l − η ∂E/∂W^l`` and ``b^l ← b^l − η ∂E/∂b^l``.

``granularity="layer"`` groups the same work into one step per layer and phase.

The numbers are computed here with plain Python loops over neurons, independently of
``MLP.backward_pass``; the tests check both agree to 1e-12.  Indices in the symbols
start at 1 (``w^1_{11}`` is ``net.weights[0][0, 0]``); the ``layer``/``neuron`` fields
and the keys below use the code's 0-based neuron index.

Quantities are named by keys (tuples): ``("a", l, k)`` (``("a", 0, k)`` is the input
``x_k``), ``("z", l, j)``, ``("w", l, j, k)``, ``("b", l, j)``, ``("t", j)``,
``("E", j)``, ``("E",)`` (the total), ``("delta", l, j)``, ``("dw", l, j, k)``,
``("db", l, j)``, ``("w_new", l, j, k)``, ``("b_new", l, j)``.
"""
from dataclasses import dataclass, field

import numpy as np

from .._checks import check_array, check_choice, check_instance, check_lr, check_step
from .latex import num, operand as _paren

PHASES = ("forward", "loss", "backward", "update")      # the order of a training step
GRANULARITIES = ("operation", "layer")
MAX_TERMS = 8          # longer sums are written with \sum / \dots


@dataclass(frozen=True)
class Step:
    """One step of the trace: what is computed, its value, and how."""
    phase: str                 # "forward", "loss", "backward" or "update"
    layer: int                 # l (for the loss: L)
    neuron: object             # 0-based j, or None when the step covers a whole layer
    symbol: str                # LaTeX, e.g. "z^{2}_{1}"
    value: object              # float; an array (a gradient row, a layer vector); (W, b) for an update
    equation: str              # LaTeX, in symbols
    numbers: str               # LaTeX, the same with the numbers put in
    reads: tuple               # keys of the quantities the step uses
    writes: dict = field(repr=False)   # key -> value of everything the step computes
    span: tuple = (0, 0)       # (first, last + 1) in the operation-granularity trace

    def html(self):
        """The equation in symbols, then with numbers (``$...$`` for HTMLMath)."""
        return f"${self.equation}$<br>${self.numbers}$"


class Trace:
    """The steps of one training iteration of ``net`` on (x, t) with learning rate ``lr``."""

    def __init__(self, net, x, t, lr, steps, granularity):
        self.net, self.x, self.t, self.lr = net, x, t, lr
        self.steps, self.granularity = steps, granularity
        self.known = {("a", 0, k): float(v) for k, v in enumerate(x)}
        self.known.update({("t", j): float(v) for j, v in enumerate(t)})
        for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
            self.known.update({("w", l, j, k): float(W[j, k]) for j in range(W.shape[0]) for k in range(W.shape[1])})
            self.known.update({("b", l, j): float(b[j]) for j in range(b.shape[0])})

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, i):
        return self.steps[i]

    def __iter__(self):
        return iter(self.steps)

    def __repr__(self):
        return f"Trace({self.net.sizes}, {len(self)} steps, granularity={self.granularity!r})"

    @property
    def sizes(self):
        return self.net.sizes

    def check_k(self, k, name="k"):
        return check_step(k, len(self.steps), name)

    def current(self, k):
        """The step shown at position k (k steps done), or None at k = 0."""
        k = self.check_k(k)
        return self.steps[k - 1] if k else None

    def state(self, k):
        """Every value known after k steps: the givens (x, t, W, b) plus what steps 1..k wrote."""
        k = self.check_k(k)
        values = dict(self.known)
        for s in self.steps[:k]:
            values.update(s.writes)
        return values

    def table(self, k):
        """Rows (phase, symbol, value) of everything computed in steps 1..k, in order."""
        k = self.check_k(k)
        rows = []
        for s in self.steps[:k]:
            for key, v in s.writes.items():
                rows.append((s.phase, key_symbol(key), v))
        return rows


# ---------------------------------------------------------------- LaTeX helpers
_BASE = {"a": "a", "z": "z", "w": "w", "b": "b", "delta": r"\delta",
         "dw": r"\partial E/\partial w", "db": r"\partial E/\partial b", "w_new": "w", "b_new": "b"}


def key_symbol(key):
    """The LaTeX symbol of a quantity key (1-based neuron indices); ``w_new`` is written w'."""
    kind = key[0]
    if kind == "a" and key[1] == 0:
        return f"x_{{{key[2] + 1}}}"
    if kind in ("t", "E"):
        return "E" if len(key) == 1 else f"{kind}_{{{key[1] + 1}}}"
    if kind not in _BASE:
        raise ValueError(f"unknown quantity key {key!r}")
    neurons = "".join(str(i + 1) for i in key[2:])          # j, or jk for a weight
    prime = "{}'" if kind.endswith("_new") else ""
    return f"{_BASE[kind]}^{{{key[1]}}}_{{{neurons}}}{prime}"


def _terms(items, joiner=" + "):
    """Join terms, eliding the middle of long sums."""
    items = list(items)
    if len(items) > MAX_TERMS:
        items = items[:3] + [r"\dots"] + items[-2:]
    return joiner.join(items)


def _vec(values):
    return r"\left(" + _terms((num(v) for v in values), ",\\ ") + r"\right)"


def _fprime_symbol(act, l, j):
    z = key_symbol(("z", l, j))
    a = key_symbol(("a", l, j))
    if act.name == "sigmoid":
        return rf"\sigma'({z})", rf"{a}(1 - {a})"
    return f"f'({z})", None


# ---------------------------------------------------------------- building the trace
def _check_net(net):
    from ..nn import MLP
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    if net.loss_name != "half_sse" or net.output_activation == "softmax":
        raise ValueError("the trace covers loss='half_sse' with an element-wise output activation; "
                         f"got loss={net.loss_name!r}, output_activation={net.output_activation!r}")


def _check_vector(values, width, name, what):
    arr = check_array(values, name, what="a list of numbers")
    if arr.ndim != 1 or arr.shape[0] != width:
        raise ValueError(f"{name} must be one sample: a list of {width} {what}, got shape {arr.shape}")
    return [float(v) for v in arr]


def trace(net, x, t, lr=0.5, granularity="operation"):
    """The ordered steps of one training iteration (forward, loss, backward, update).

    ``net`` is not changed (the trace works on a copy).  ``granularity`` is
    "operation" (one quantity per step) or "layer" (one layer per step).
    """
    _check_net(net)
    check_choice(granularity, "granularity", GRANULARITIES)
    x = _check_vector(x, net.sizes[0], "x", "inputs")
    t = _check_vector(t, net.sizes[-1], "t", "targets (one per output neuron)")
    lr = check_lr(lr)
    net = net.copy()
    ops = _operation_steps(net, x, t, lr)
    steps = ops if granularity == "operation" else _layer_steps(net, ops)
    return Trace(net, x, t, lr, steps, granularity)


def _operation_steps(net, x, t, lr):
    L, sizes = net.n_layers, net.sizes
    W = [None] + [w.tolist() for w in net.weights]      # W[l][j][k] = w^l_{jk}
    b = [None] + [v.tolist() for v in net.biases]
    a, z = [list(x)], [None]
    steps = []

    def add(**kw):
        kw["span"] = (len(steps), len(steps) + 1)
        steps.append(Step(**kw))

    # forward
    for l in range(1, L + 1):
        act = net.layer_activation(l)
        z.append([0.0] * sizes[l])
        a.append([0.0] * sizes[l])
        for j in range(sizes[l]):
            zj = sum(W[l][j][k] * a[l - 1][k] for k in range(sizes[l - 1])) + b[l][j]
            z[l][j] = zj
            sym = key_symbol(("z", l, j))
            reads = tuple(("w", l, j, k) for k in range(sizes[l - 1])) + \
                tuple(("a", l - 1, k) for k in range(sizes[l - 1])) + (("b", l, j),)
            sym_terms = [key_symbol(("w", l, j, k)) + " " + key_symbol(("a", l - 1, k)) for k in range(sizes[l - 1])]
            if len(sym_terms) > 4:
                prev = "x_k" if l == 1 else f"a^{{{l - 1}}}_k"
                eq = rf"{sym} = \sum_{{k=1}}^{{{sizes[l - 1]}}} w^{{{l}}}_{{{j + 1}k}}\, {prev} + {key_symbol(('b', l, j))}"
            else:
                eq = f"{sym} = " + " + ".join(sym_terms) + " + " + key_symbol(("b", l, j))
            nums = f"{sym} = " + _terms(rf"{_paren(W[l][j][k])} \cdot {_paren(a[l - 1][k])}"
                                        for k in range(sizes[l - 1])) + f" + {_paren(b[l][j])} = {num(zj)}"
            add(phase="forward", layer=l, neuron=j, symbol=sym, value=zj, equation=eq, numbers=nums,
                reads=reads, writes={("z", l, j): zj})
            aj = float(act.f(zj))
            a[l][j] = aj
            sym = key_symbol(("a", l, j))
            zs = key_symbol(("z", l, j))
            fname = r"\sigma" if act.name == "sigmoid" else "f"
            eq = rf"{sym} = {fname}({zs})" + (rf" = \frac{{1}}{{1 + e^{{-{zs}}}}}" if act.name == "sigmoid" else "")
            nums = rf"{sym} = {fname}({num(zj)}) = {num(aj)}"
            add(phase="forward", layer=l, neuron=j, symbol=sym, value=aj, equation=eq, numbers=nums,
                reads=(("z", l, j),), writes={("a", l, j): aj})

    # loss
    errors = []
    for j in range(sizes[L]):
        e = 0.5 * (t[j] - a[L][j]) ** 2
        errors.append(e)
        sym, ts, ys = key_symbol(("E", j)), key_symbol(("t", j)), key_symbol(("a", L, j))
        add(phase="loss", layer=L, neuron=j, symbol=sym, value=e,
            equation=rf"{sym} = \tfrac12 ({ts} - {ys})^2",
            numbers=rf"{sym} = \tfrac12 ({num(t[j])} - {num(a[L][j])})^2 = {num(e)}",
            reads=(("t", j), ("a", L, j)), writes={("E", j): e})
    total = sum(errors)
    add(phase="loss", layer=L, neuron=None, symbol="E", value=total,
        equation="E = " + _terms(key_symbol(("E", j)) for j in range(sizes[L])),
        numbers="E = " + _terms(num(e) for e in errors) + f" = {num(total)}",
        reads=tuple(("E", j) for j in range(sizes[L])), writes={("E",): total})

    # backward
    delta = [None] * (L + 1)
    for l in range(L, 0, -1):
        act = net.layer_activation(l)
        delta[l] = [0.0] * sizes[l]
        for j in range(sizes[l]):
            fp = float(act.prime(z[l][j]))
            sym = key_symbol(("delta", l, j))
            fsym, fexpand = _fprime_symbol(act, l, j)
            aj = a[l][j]
            fnum = rf"{num(aj)}(1 - {num(aj)})" if fexpand else num(fp)
            if l == L:
                d = (a[L][j] - t[j]) * fp
                ys, ts = key_symbol(("a", L, j)), key_symbol(("t", j))
                eq = rf"{sym} = ({ys} - {ts})\, {fsym}" + (f" = ({ys} - {ts})\\, {fexpand}" if fexpand else "")
                nums = rf"{sym} = ({num(a[L][j])} - {num(t[j])}) \cdot {fnum} = {num(d)}"
                reads = (("a", L, j), ("t", j), ("z", L, j))
            else:
                n_next = sizes[l + 1]
                s = sum(W[l + 1][i][j] * delta[l + 1][i] for i in range(n_next))
                d = s * fp
                sym_terms = [key_symbol(("w", l + 1, i, j)) + " " + key_symbol(("delta", l + 1, i))
                             for i in range(n_next)]
                eq = rf"{sym} = \left(" + _terms(sym_terms) + rf"\right) {fsym}"
                nums = rf"{sym} = \left(" + _terms(rf"{_paren(W[l + 1][i][j])} \cdot {_paren(delta[l + 1][i])}"
                                                   for i in range(n_next)) + rf"\right) \cdot {fnum} = {num(d)}"
                reads = tuple(("w", l + 1, i, j) for i in range(n_next)) + \
                    tuple(("delta", l + 1, i) for i in range(n_next)) + (("z", l, j),)
            delta[l][j] = d
            add(phase="backward", layer=l, neuron=j, symbol=sym, value=d, equation=eq, numbers=nums,
                reads=reads, writes={("delta", l, j): d})
        for j in range(sizes[l]):
            d = delta[l][j]
            grads = [d * a[l - 1][k] for k in range(sizes[l - 1])]
            writes = {("dw", l, j, k): g for k, g in enumerate(grads)}
            writes[("db", l, j)] = d
            ds = key_symbol(("delta", l, j))
            prev = "x_k" if l == 1 else f"a^{{{l - 1}}}_k"
            sym = rf"\partial E/\partial w^{{{l}}}_{{{j + 1}k}}"
            eq = (rf"\frac{{\partial E}}{{\partial w^{{{l}}}_{{{j + 1}k}}}} = {ds}\, {prev}, \quad "
                  rf"\frac{{\partial E}}{{\partial {key_symbol(('b', l, j))}}} = {ds}")
            nums = (rf"\frac{{\partial E}}{{\partial w^{{{l}}}_{{{j + 1}k}}}} = {_paren(d)} \cdot "
                    rf"{_vec(a[l - 1])} = {_vec(grads)}, \quad "
                    rf"\frac{{\partial E}}{{\partial {key_symbol(('b', l, j))}}} = {num(d)}")
            reads = (("delta", l, j),) + tuple(("a", l - 1, k) for k in range(sizes[l - 1]))
            add(phase="backward", layer=l, neuron=j, symbol=sym, value=np.array(grads), equation=eq,
                numbers=nums, reads=reads, writes=writes)

    # update
    for l in range(1, L + 1):
        writes, shown = {}, []
        for j in range(sizes[l]):
            for k in range(sizes[l - 1]):
                g = delta[l][j] * a[l - 1][k]
                new = W[l][j][k] - lr * g
                writes[("w_new", l, j, k)] = new
                shown.append(rf"{key_symbol(('w', l, j, k))} \leftarrow {num(W[l][j][k])} - {num(lr)} "
                             rf"\cdot {_paren(g)} = {num(new)}")
        for j in range(sizes[l]):
            new = b[l][j] - lr * delta[l][j]
            writes[("b_new", l, j)] = new
            shown.append(rf"{key_symbol(('b', l, j))} \leftarrow {num(b[l][j])} - {num(lr)} "
                         rf"\cdot {_paren(delta[l][j])} = {num(new)}")
        if len(shown) > 6:
            shown = shown[:2] + [rf"\dots\ \text{{({len(shown)} updates in all)}}"]
        new_W = np.array([[writes[("w_new", l, j, k)] for k in range(sizes[l - 1])] for j in range(sizes[l])])
        new_b = np.array([writes[("b_new", l, j)] for j in range(sizes[l])])
        reads = tuple(("w", l, j, k) for j in range(sizes[l]) for k in range(sizes[l - 1])) + \
            tuple(("dw", l, j, k) for j in range(sizes[l]) for k in range(sizes[l - 1])) + \
            tuple(("b", l, j) for j in range(sizes[l])) + tuple(("db", l, j) for j in range(sizes[l]))
        add(phase="update", layer=l, neuron=None, symbol=f"W^{{{l}}}, b^{{{l}}}", value=(new_W, new_b),
            equation=(rf"W^{{{l}}} \leftarrow W^{{{l}}} - \eta\, \frac{{\partial E}}{{\partial W^{{{l}}}}}, \quad "
                      rf"b^{{{l}}} \leftarrow b^{{{l}}} - \eta\, \frac{{\partial E}}{{\partial b^{{{l}}}}}"),
            numbers=r",\quad ".join(shown), reads=reads, writes=writes)
    return steps


def _layer_steps(net, ops):
    """Group the operation steps into one step per (phase, layer); loss is one step."""
    groups = []
    for i, s in enumerate(ops):
        group_key = (s.phase, s.layer)
        if groups and groups[-1][0] == group_key:
            groups[-1][1].append(i)
        else:
            groups.append((group_key, [i]))
    steps = []
    for (phase, l), idx in groups:
        members = [ops[i] for i in idx]
        writes, reads = {}, []
        for s in members:
            writes.update(s.writes)
            reads.extend(r for r in s.reads if r not in writes and r not in reads)
        n = net.sizes[l]
        prev = "x" if l == 1 else f"a^{{{l - 1}}}"
        act = net.layer_activation(l)
        fname = r"\sigma" if act.name == "sigmoid" else "f"
        if phase == "forward":
            z = np.array([writes[("z", l, j)] for j in range(n)])
            a = np.array([writes[("a", l, j)] for j in range(n)])
            symbol, value = f"a^{{{l}}}", a
            equation = rf"z^{{{l}}} = W^{{{l}}} {prev} + b^{{{l}}}, \quad a^{{{l}}} = {fname}(z^{{{l}}})"
            numbers = rf"z^{{{l}}} = {_vec(z)}, \quad a^{{{l}}} = {_vec(a)}"
        elif phase == "loss":
            e = [writes[("E", j)] for j in range(n)]
            symbol, value = "E", writes[("E",)]
            equation = rf"E_j = \tfrac12 (t_j - a^{{{l}}}_j)^2, \quad E = \sum_j E_j"
            numbers = rf"(E_1, \dots) = {_vec(e)}, \quad E = {num(value)}"
        elif phase == "backward":
            d = np.array([writes[("delta", l, j)] for j in range(n)])
            symbol, value = rf"\delta^{{{l}}}", d
            fp = rf"{fname}'(z^{{{l}}})"
            if l == net.n_layers:
                equation = rf"\delta^{{{l}}} = (a^{{{l}}} - t) \odot {fp}"
            else:
                equation = rf"\delta^{{{l}}} = \left(W^{{{l + 1}}}\right)^{{\!\top}} \delta^{{{l + 1}}} \odot {fp}"
            equation += (rf", \quad \frac{{\partial E}}{{\partial W^{{{l}}}}} = \delta^{{{l}}} ({prev})^{{\!\top}}, "
                         rf"\quad \frac{{\partial E}}{{\partial b^{{{l}}}}} = \delta^{{{l}}}")
            numbers = rf"\delta^{{{l}}} = {_vec(d)}"
        else:
            (s,) = members
            symbol, value, equation, numbers = s.symbol, s.value, s.equation, s.numbers
        steps.append(Step(phase=phase, layer=l, neuron=None, symbol=symbol, value=value, equation=equation,
                          numbers=numbers, reads=tuple(reads), writes=writes, span=(idx[0], idx[-1] + 1)))
    return steps

