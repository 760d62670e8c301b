"""Every step of a stepper as plain data (JSON), computed once in Python for the browser.

    data = network_data(net, x, t, lr)       # both granularities, every step
    data["granularities"]["operation"]["frames"][5]["nodes"]   # what each neuron shows at k = 5

The browser module (``helpers/widgets/stepper.js``) draws a frame and never computes a
value: Next, Previous, the slider and the keys only choose which frame to show.  A frame
holds what the picture shows (the text in each neuron, which neurons and edges the step
writes or reads, the edge labels, the targets), the equation as MathML in symbols and with
numbers (and with "?" for each new value, for predict-then-reveal), a text alternative,
and the rows of the table of values that the step adds.  Numbers are written by
``helpers.steps.latex.plain``: a node and the equation that computed it show the same digits.

The matplotlib twins (``helpers.draw.network.NetworkView``, ``helpers.draw.graph``) draw
the same content; tests/test_stepper_state.py holds the two to it, step by step.
"""
from .._checks import check_choice
from .latex import plain
from .trace import GRANULARITIES, PHASES, key_symbol, trace
from .mathml import chunks, text

MAX_EDGE_LABELS = 12          # more labelled edges than this: none is labelled (as in the twin)
START_TEXT = "Nothing computed yet: press Next to start the forward pass."


def _eq(symbols, numbers):
    return {"sym": chunks(symbols) if symbols else "", "num": chunks(numbers) if numbers else "",
            "hid": chunks(numbers, hide=True) if numbers else "",
            "alt": (text(numbers) if numbers else "")}


# ------------------------------------------------------------------ the network stepper
def _neuron_text(state, l, j):
    """(kind, text) inside neuron (l, j): its newest known value (δ, else a, else z)."""
    if l == 0:
        return "x", plain(state[("a", 0, j)])
    for kind in ("delta", "a", "z"):
        if (kind, l, j) in state:
            return kind, plain(state[(kind, l, j)])
    return "", ""


def network_frame(tr, k, neurons, edges):
    """What the picture shows after k steps of trace ``tr`` (plain data)."""
    state, step = tr.state(k), tr.current(k)
    reads = set(step.reads) if step else set()
    writes = set(step.writes) if step else set()
    L = tr.net.n_layers
    written, read = set(), set()
    for key in writes | reads:
        if key[0] in ("z", "a", "delta"):
            (written if key in writes else read).add((key[1], key[2]))
        elif key[0] == "t" and key in reads:
            read.add((L, key[1]))
    read -= written
    nodes = [list(_neuron_text(state, l, j)) for l, j in neurons]
    weights = [state.get(("w_new", l, j, kk), state[("w", l, j, kk)]) for l, j, kk in edges]
    rank = {"w": 0, "dw": 1, "w_new": 2}               # an edge shows its newest quantity
    shown = {}
    for key in reads | writes:
        if key[0] in rank:
            e = key[1:]
            if e not in shown or rank[key[0]] > rank[shown[e][0]]:
                shown[e] = key
    index = {e: n for n, e in enumerate(edges)}
    highlighted = sorted(index[e] for e in shown)
    labels = []
    if len(highlighted) <= MAX_EDGE_LABELS:
        for e in sorted(shown):
            key = shown[e]
            labels.append([index[e], plain(state[key]), key[0], key in writes])
    targets = []
    for j in range(tr.sizes[-1]):
        targets.append([f"t={plain(state[('t', j)])}",
                        f"E={plain(state[('E', j)])}" if ("E", j) in state else "",
                        ("t", j) in reads or ("E", j) in writes, ("E", j) in writes])
    pos = {n: i for i, n in enumerate(neurons)}
    return {"nodes": nodes, "written": sorted(pos[n] for n in written), "read": sorted(pos[n] for n in read),
            "weights": [float(f"{w:.4g}") for w in weights], "hl": highlighted, "labels": labels,
            "targets": targets}


def _network_frames(tr, neurons, edges):
    frames, n = [], len(tr)
    for k in range(n + 1):
        f = network_frame(tr, k, neurons, edges)
        step = tr.current(k)
        f["phase"] = step.phase if step else "start"
        f["counter"] = f"{k} / {n} · {f['phase']}"
        if step is None:
            f.update(sym="", num="", hid="", alt=START_TEXT, rows=[], span=[0, 0])
        else:
            f.update(_eq(step.equation, step.numbers))
            f["rows"] = [[step.phase, chunks(key_symbol(key)), plain(v)] for key, v in step.writes.items()]
            f["span"] = list(step.span)
        frames.append(f)
    jumps = {"start": 0}
    for phase in PHASES:
        first = next(i for i, s in enumerate(tr.steps) if s.phase == phase)
        jumps[phase] = first + 1
    return {"frames": frames, "jumps": jumps}


def network_data(net, x, t, lr=0.5, granularity="operation", title=""):
    """Layout and every frame of both granularities of one training iteration (JSON-ready)."""
    check_choice(granularity, "granularity", GRANULARITIES)
    traces = {g: trace(net, x, t, lr, g) for g in GRANULARITIES}
    sizes = list(net.sizes)
    L = len(sizes) - 1
    neurons = [(l, j) for l, n in enumerate(sizes) for j in range(n)]
    edges = [(l, j, k) for l in range(1, L + 1) for j in range(sizes[l]) for k in range(sizes[l - 1])]
    return {
        "kind": "network", "title": title or "-".join(map(str, sizes)), "sizes": sizes,
        "layer_names": ["input"] + [f"hidden {l}" for l in range(1, L)] + ["output"],
        "neurons": [list(n) for n in neurons], "edges": [list(e) for e in edges],
        "granularity": granularity,
        "granularities": {g: _network_frames(traces[g], neurons, edges) for g in GRANULARITIES},
    }


def switch_position(data, k, to):
    """Where a granularity switch lands: from operation step k to the layer step that contains
    it; from layer step m to the first operation of that layer step (k = 0 stays 0).
    The browser module does the same; the tests hold the two to it."""
    layer = data["granularities"]["layer"]["frames"]
    if k == 0:
        return 0
    if to == "layer":
        return next(m for m, f in enumerate(layer) if m and f["span"][0] < k <= f["span"][1])
    return layer[k]["span"][0] + 1


# ------------------------------------------------------------------ the graph stepper
def _bend(p0, p1, boxes, box_w, box_h):
    """A sideways offset for an edge's middle that keeps it clear of the boxes it would cross
    (0 for a straight edge). The edge is a quadratic curve with its control point moved."""
    def clear(offset):
        (x0, y0), (x1, y1) = p0, p1
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + offset
        for i in range(1, 40):
            s = i / 40
            x = (1 - s) ** 2 * x0 + 2 * s * (1 - s) * cx + s * s * x1
            y = (1 - s) ** 2 * y0 + 2 * s * (1 - s) * cy + s * s * y1
            for bx, by in boxes:
                if abs(x - bx) < box_w / 2 + 0.08 and abs(y - by) < box_h / 2 + 0.08:
                    return False
        return True
    for offset in (0, 0.9, -0.9, 1.3, -1.3, 1.8, -1.8, 2.4, -2.4):
        if clear(offset):
            return offset
    return 1.3


def graph_data(names, pos, nodes, edges, frames_in, box=(0.9, 0.64), title=""):
    """The graph stepper's data from its parts (the caller, ``helpers.steps.graph.graph_stepper_data``,
    shares layout and texts with the matplotlib twin).

    ``nodes``: [(name, heading, is_constant)], ``pos``: [(x, y)] in layout units (y up),
    ``edges``: [(from index, to index)], ``frames_in``: per k a dict with ``values``,
    ``grads`` (texts or None), ``current`` (node index or None), ``active`` (edge indices),
    ``locals`` ({edge index: text}), ``title``, ``sym``, ``num`` (LaTeX), ``phase``.
    """
    bends = []
    for a, b in edges:
        others = [pos[i] for i in range(len(pos)) if i not in (a, b)]
        start = (pos[a][0] + box[0] / 2, pos[a][1])
        end = (pos[b][0] - box[0] / 2, pos[b][1])
        bends.append(_bend(start, end, others, *box))
    frames = []
    n = len(frames_in) - 1
    for k, f in enumerate(frames_in):
        out = {"values": f["values"], "grads": f["grads"], "current": f["current"], "active": f["active"],
               "locals": [[e, t] for e, t in sorted(f["locals"].items())], "heading": f["title"],
               "phase": f["phase"], "counter": f"{k} / {n} · {f['phase']}"}
        out.update(_eq(f["sym"], f["num"]))
        if not f["num"]:
            out["alt"] = f["title"]
        frames.append(out)
    return {"kind": "graph", "title": title, "names": names,
            "nodes": [{"name": nm, "heading": h, "const": c} for nm, h, c in nodes],
            "pos": [list(p) for p in pos], "edges": [list(e) for e in edges], "bends": bends,
            "box": list(box), "granularity": "operation",
            "granularities": {"operation": {"frames": frames, "jumps": _graph_jumps(frames)}}}


def _graph_jumps(frames):
    jumps = {"start": 0}
    for phase in ("forward", "backward"):
        ks = [k for k, f in enumerate(frames) if f["phase"] == phase]
        if ks:
            jumps[phase] = ks[0]
    return jumps
