"""The network diagram for one step of a training trace (matplotlib only, no widgets).

    view = NetworkView(trace)       # draws step 0 (nothing computed yet)
    html = view.update(5)           # changes the existing artists to show step 5
    render_step(trace, 5)           # static twin: a new figure of step 5
    storyboard(trace, [1, 2, 9])    # a grid of small figures

Neurons are circles showing their current value: ``z`` then ``a`` in the forward pass,
``δ`` once it is known.  What is not computed yet is grey.  Edges are coloured by the
sign of their weight (``style.POSITIVE`` / ``style.NEGATIVE``), their width grows with
its size, and after an update step they show the new weights.  The current step's
neurons and edges are highlighted in ``style.HIGHLIGHT``; value labels appear only on
the edges the current step reads or writes (and none when there are more than
``MAX_EDGE_LABELS`` of them).
"""
import numpy as np
from matplotlib.collections import LineCollection

from .._checks import check_int
from ..steps.latex import plain
from .style import COLORS, HIGHLIGHT, NEGATIVE, POSITIVE, SIGN_CMAP, check_axes, figure_png, new_figure

MAX_NEURONS = 20          # per layer; bigger networks get a clear error
MAX_EDGE_LABELS = 12
UNKNOWN_FACE, UNKNOWN_EDGE = "#F4F4F4", "#BBBBBB"
FACES = {"x": "#CFE3F1", "z": "#EAF2F8", "a": "#CFE3F1", "delta": "#F7D9C6"}
PHASE_COLORS = {"forward": COLORS["blue"], "loss": COLORS["black"],
                "backward": COLORS["vermillion"], "update": COLORS["green"]}


def check_drawable(sizes):
    """Raise a clear error when a network is too large for a readable diagram."""
    for l, n in enumerate(sizes):
        if n > MAX_NEURONS:
            raise ValueError(
                f"network too large to draw: layer {l} has {n} neurons and the diagram draws at most "
                f"{MAX_NEURONS} per layer. Try a smaller network, e.g. MLP([{min(sizes[0], 4)}, 6, "
                f"{min(sizes[-1], 3)}]), to watch the steps.")


def fmt_value(v):
    """A value as the steppers print it: 4 significant digits, as in the equations
    (``helpers.steps.latex.plain``), so a neuron and the equation that computed it agree."""
    return plain(v)


def _as_trace(net_or_trace, x=None, t=None, lr=0.5, granularity="operation"):
    from ..nn import MLP
    from ..steps.trace import Trace, trace
    if isinstance(net_or_trace, Trace):
        return net_or_trace
    if isinstance(net_or_trace, MLP):
        if x is None or t is None:
            raise ValueError("to draw an MLP, give one sample: x (its inputs) and t (its targets)")
        check_drawable(net_or_trace.sizes)
        return trace(net_or_trace, x, t, lr, granularity)
    raise TypeError(f"net_or_trace must be a helpers.nn.MLP or a helpers.steps.trace.Trace, "
                    f"got {type(net_or_trace).__name__}")


class NetworkView:
    """The diagram of a trace on one figure; ``update(k)`` redraws it for step k in place."""

    def __init__(self, trace, ax=None, figsize=(10, 5.6), compact=False):
        check_drawable(trace.sizes)
        check_axes(ax)
        self.trace, self.compact = trace, compact
        own = self._owns_figure = ax is None
        if own:
            self.fig = new_figure(figsize=figsize)
            ax = self.fig.add_axes([0.01, 0.01, 0.98, 0.90 if not compact else 0.86])
        else:
            self.fig = ax.figure
        self.ax = ax
        ax.set_axis_off()
        sizes, L = trace.sizes, trace.net.n_layers
        self.L, nmax = L, max(sizes)
        ax.set_xlim(-0.55, L + 0.75)
        ax.set_ylim(-nmax / 2 - (0.1 if compact else 0.75), nmax / 2 + 0.15)
        # where the neurons sit: layer l at x = l, centred vertically, j = 0 on top
        self.pos = {(l, j): (l, (n - 1) / 2 - j) for l, n in enumerate(sizes) for j in range(n)}
        self.neurons = list(self.pos)
        self.index = {nj: i for i, nj in enumerate(self.neurons)}
        self.edges = [(l, j, k) for l in range(1, L + 1) for j in range(sizes[l]) for k in range(sizes[l - 1])]
        self.edge_index = {e: i for i, e in enumerate(self.edges)}
        self.segments = np.array([[self.pos[(l - 1, k)], self.pos[(l, j)]] for l, j, k in self.edges])

        # sizes in points from the axes' height on the page
        bbox = ax.get_position()
        height_pt = bbox.height * self.fig.get_figheight() * 72
        width_pt = bbox.width * self.fig.get_figwidth() * 72
        y0, y1 = ax.get_ylim()
        spacing = min(height_pt / (y1 - y0), width_pt / (L + 1.3))
        self.diameter = min(0.78 * spacing, 0.4 * width_pt / (L + 1.3), 60.0)
        font = float(np.clip(self.diameter / 3.4, 6.5, 14))
        self.font = font

        self.edge_lines = LineCollection(self.segments, zorder=1, capstyle="round")
        self.highlight_lines = LineCollection([], zorder=2, capstyle="round")
        ax.add_collection(self.edge_lines)
        ax.add_collection(self.highlight_lines)
        xy = np.array([self.pos[n] for n in self.neurons])
        self.circles = ax.scatter(xy[:, 0], xy[:, 1], s=self.diameter ** 2, zorder=3,
                                  facecolors=UNKNOWN_FACE, edgecolors=UNKNOWN_EDGE, linewidths=1.2)
        self.values = [ax.text(x, y, "", ha="center", va="center", fontsize=font, zorder=4,
                               linespacing=1.0) for x, y in xy]
        ofs = (self.diameter / 2 + 5) / (width_pt / (L + 1.3))   # just right of the output circles
        self.target_texts = [ax.text(L + ofs, self.pos[(L, j)][1], "", ha="left", va="center",
                                     fontsize=font, zorder=4, linespacing=1.0) for j in range(sizes[-1])]
        label_font = self.label_font = max(font - 1, 5)
        box = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)
        self.edge_labels = [ax.text(0, 0, "", ha="center", va="center", fontsize=label_font, zorder=5,
                                    bbox=box, visible=False) for _ in range(MAX_EDGE_LABELS)]
        top = nmax / 2 + 0.05
        names = ["input"] + [f"hidden {l}" for l in range(1, L)] + ["output"]
        for l, name in enumerate(names):
            ax.text(l, top, name, ha="center", va="bottom", fontsize=font, color=COLORS["grey"])
        if not compact:      # what the fill colours mean
            from matplotlib.lines import Line2D
            handles = [Line2D([], [], ls="", marker="o", ms=font, mfc=FACES[kind], mec=COLORS["black"], label=text)
                       for kind, text in (("x", "input x / activation a"), ("z", "weighted input z"),
                                          ("delta", "error signal δ"))]
            handles.append(Line2D([], [], ls="", marker="o", ms=font, mfc="white", mec=HIGHLIGHT, mew=3,
                                  label="this step"))
            ax.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=font,
                      handletextpad=0.3, columnspacing=1.0, borderaxespad=0.1)
        if own:
            self.title = self.fig.text(0.01, 0.985, "", ha="left", va="top", fontsize=font + 2)
        else:
            self.title = ax.set_title("", fontsize=font + 1, loc="left", pad=font + 4)
        self.k = None
        # artists that change from step to step; the rest is a cached background
        self._dynamic = [self.highlight_lines, self.circles, *self.values, *self.target_texts,
                         *self.edge_labels, self.title]
        self._backgrounds = {}          # background key -> RGBA array (faded edges, headings, legend)
        self._base = None               # background + every neuron drawn plainly, kept up to date
        self._base_key, self._base_shown = None, None
        self._xy = xy
        # draws a chosen few neurons on the cached picture; empty (draws nothing) otherwise
        self._subset = ax.scatter([], [], s=self.diameter ** 2, zorder=3)
        for c in (self.circles, self._subset):
            c.set_snap(False)           # no pixel snapping: one neuron drawn alone looks the same as all
        self.update(0)

    # ------------------------------------------------------------------ state
    def _neuron_display(self, state, l, j):
        """(kind, text) shown inside neuron (l, j): its latest known value, or nothing."""
        if l == 0:
            return "x", fmt_value(state[("a", 0, j)])
        for kind in ("delta", "a", "z"):
            if (kind, l, j) in state:
                return kind, fmt_value(state[(kind, l, j)])
        return None, ""

    def _weight(self, state, l, j, k):
        return state.get(("w_new", l, j, k), state[("w", l, j, k)])

    def update(self, k):
        """Show step k (k steps done) by changing the existing artists; return the step's HTML."""
        tr = self.trace
        k = tr.check_k(k)
        self.k = k
        state, step = tr.state(k), tr.current(k)
        reads = set(step.reads) if step else set()
        writes = set(step.writes) if step else set()

        # neurons
        faces, edgecolors, widths = [], [], []
        self.written_neurons, self.read_neurons = set(), set()
        for key in writes | reads:
            if key[0] in ("z", "a", "delta"):
                (self.written_neurons if key in writes else self.read_neurons).add((key[1], key[2]))
            elif key[0] == "t" and key in reads:
                self.read_neurons.add((self.L, key[1]))
        self.read_neurons -= self.written_neurons
        for i, (l, j) in enumerate(self.neurons):
            kind, text = self._neuron_display(state, l, j)
            faces.append(FACES[kind] if kind else UNKNOWN_FACE)
            if (l, j) in self.written_neurons:
                edgecolors.append(HIGHLIGHT)
                widths.append(3.5)
            elif (l, j) in self.read_neurons:
                edgecolors.append(HIGHLIGHT)
                widths.append(1.8)
            else:
                edgecolors.append(COLORS["black"] if kind else UNKNOWN_EDGE)
                widths.append(1.0)
            txt = self.values[i]
            txt.set_text(text)
            txt.set_fontsize(round(2 * self.font * min(1.0, 5.5 / max(len(text), 1))) / 2)
        self.circles.set_facecolors(faces)
        self.circles.set_edgecolors(edgecolors)
        self.circles.set_linewidths(widths)

        # targets and output errors
        for j, txt in enumerate(self.target_texts):
            line = f"t={fmt_value(state[('t', j)])}"
            if ("E", j) in state:
                line += f"\nE={fmt_value(state[('E', j)])}"
            txt.set_text(line)
            txt.set_color(HIGHLIGHT if ("E", j) in writes or ("t", j) in reads else COLORS["black"])

        # edges: colour by sign, width by size, of the newest weights known
        w = np.array([self._weight(state, *e) for e in self.edges])
        scale = np.abs(w).max() or 1.0
        base = 0.4 + 2.6 * np.abs(w) / scale
        colors = np.array([POSITIVE if v >= 0 else NEGATIVE for v in w])
        self.edge_lines.set_color(colors)
        self.edge_lines.set_linewidth(base)
        self.edge_lines.set_alpha(0.28 if step else 0.6)
        self._background_key = (step is None, tuple(sorted({key[1] for key in state if key[0] == "w_new"})))

        # the current step's edges, and their labels
        edge_values, rank = {}, {"w": 0, "dw": 1, "w_new": 2}   # label the newest quantity
        for key in reads | writes:
            if key[0] in rank:
                e = key[1:]
                if e not in edge_values or rank[key[0]] > rank[edge_values[e][0][0]]:
                    edge_values[e] = (key, state[key])
        self.highlighted_edges = sorted(edge_values)
        idx = [self.edge_index[e] for e in self.highlighted_edges]
        self.highlight_lines.set_segments(self.segments[idx] if idx else [])
        self.highlight_lines.set_color(colors[idx] if idx else [])
        self.highlight_lines.set_linewidth(base[idx] + 1.2 if idx else [])
        self.labelled_edges = self.highlighted_edges if len(idx) <= MAX_EDGE_LABELS else []
        where = 0.5
        if self.labelled_edges:
            dests = {(l, j) for l, j, _ in self.labelled_edges}
            sources = {(l, k) for l, _, k in self.labelled_edges}
            where = 0.33 if len(dests) == 1 and len(sources) > 1 else 0.67 if len(sources) == 1 and len(dests) > 1 else 0.5
        self.label_texts = {}
        boxes = []                                   # the labels placed so far, so that none covers another
        for n, txt in enumerate(self.edge_labels):
            if n < len(self.labelled_edges):
                e = self.labelled_edges[n]
                key, value = edge_values[e]
                text = fmt_value(value)
                txt.set_position(self._label_spot(self.segments[self.edge_index[e]], where, text, boxes))
                txt.set_text(text)
                txt.set_color(PHASE_COLORS["backward"] if key[0] == "dw" else COLORS["black"])
                txt.set_visible(True)
                self.label_texts[e] = txt.get_text()
            else:
                txt.set_visible(False)

        # title
        n = len(tr)
        if step is None:
            title = f"step 0 / {n}: nothing computed yet"
        else:
            value = step.value
            shown = f" = {fmt_value(value)}" if isinstance(value, float) else ""
            # mathtext is slow to parse: the live view's title stays plain (its equation is beside it)
            title = f"step {k} / {n} · {step.phase}" + ("" if self._owns_figure else f": ${step.symbol}${shown}")
        self.title.set_text(title)
        self.title.set_color(PHASE_COLORS[step.phase] if step else COLORS["black"])
        return self.html(k)

    def _label_spot(self, segment, where, text, boxes):
        """Where on its edge a label goes: as near ``where`` (0 = source, 1 = destination) as it can without
        its box covering a label in ``boxes`` or a neuron; crossing edges share their midpoint. Adds its box."""
        (x0, y0), (x1, y1) = segment
        (ox, oy), (ux, uy) = self.ax.transData.transform([(0, 0), (1, 1)])      # where the axes are now
        units_x, units_y = abs(ux - ox) * 72 / self.fig.dpi, abs(uy - oy) * 72 / self.fig.dpi
        half_w = (0.66 * self.label_font * len(text) + 6) / units_x / 2      # the box (with its pad), in data units
        half_h = (1.25 * self.label_font + 3) / units_y / 2
        r_x, r_y = (self.diameter / 2 + 2) / units_x, (self.diameter / 2 + 2) / units_y
        def overlap(cx, cy, bx, by, bw, bh):          # area shared by the box at (cx, cy) and another
            return max(0.0, half_w + bw - abs(cx - bx)) * max(0.0, half_h + bh - abs(cy - by))
        def clashes(cx, cy):                           # how much of other labels and of neurons it covers
            return (sum(overlap(cx, cy, *b) for b in boxes) +
                    sum(overlap(cx, cy, nx, ny, r_x, r_y) for nx, ny in self.pos.values()))
        best = None
        for t in sorted(np.arange(0.2, 0.8001, 0.05), key=lambda t: (abs(t - where), t)):
            spot = (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
            bad = clashes(*spot)
            if best is None or bad < best[0]:
                best = (bad, spot)
            if not bad:
                break
        boxes.append((*best[1], half_w, half_h))
        return best[1]

    def html(self, k):
        step = self.trace.current(k)
        if step is None:
            return ("Nothing computed yet: press <b>Next</b> to start the forward pass "
                    f"({len(self.trace)} steps in all).")
        return step.html()

    def png(self, dpi=None):
        """The current step as PNG bytes.

        When the view owns its figure this is blitting on the Agg canvas.  A background
        (faded edges, headings, legend) is rendered once per set of weights; on it a *base*
        picture holds every neuron drawn plainly, and each step redraws only the neurons
        whose value changed.  A frame is the base plus the current step's edges, its
        neurons, labels, targets and title.  The result shows the same content as a full redraw
        (the same texts and colours; antialiased pixels may differ).
        """
        if not self._owns_figure or (dpi is not None and dpi != self.fig.dpi):
            return figure_png(self.fig, dpi)
        canvas = self.fig.canvas
        size = canvas.get_width_height()
        if self._base_key != (self._background_key, size):
            self._build_base(canvas, size)
        else:
            self._refresh_base(canvas)
        buf = np.asarray(canvas.buffer_rgba())
        buf[...] = self._base
        renderer = canvas.get_renderer()
        self.highlight_lines.draw(renderer)
        ends = {(l - 1, k) for l, _, k in self.highlighted_edges} | {(l, j) for l, j, _ in self.highlighted_edges}
        self._draw_neurons(renderer, sorted(self.written_neurons | self.read_neurons | ends), plain=False)
        for a in (*self.target_texts, *self.edge_labels, self.title):
            if a.get_visible():
                a.draw(renderer)
        return _encode_png(buf)

    def _shown(self):
        """What each neuron looks like when drawn plainly: fill colour and text."""
        faces = [tuple(c) for c in self.circles.get_facecolors()]
        return [(f, t.get_text(), t.get_fontsize()) for f, t in zip(faces, self.values)]

    def _draw_neurons(self, renderer, neurons, plain):
        if not neurons:
            return
        idx = [self.index[n] for n in neurons]
        shown = self._shown()
        self._subset.set_offsets(self._xy[idx])
        self._subset.set_facecolors([shown[i][0] for i in idx])
        if plain:
            self._subset.set_edgecolors([COLORS["black"] if shown[i][1] else UNKNOWN_EDGE for i in idx])
            self._subset.set_linewidths([1.0] * len(idx))
        else:
            self._subset.set_edgecolors(self.circles.get_edgecolors()[idx])
            self._subset.set_linewidths(np.asarray(self.circles.get_linewidths())[idx])
        self._subset.draw(renderer)
        self._subset.set_offsets(np.empty((0, 2)))
        for i in idx:
            if self.values[i].get_text():
                self.values[i].draw(renderer)

    def _build_base(self, canvas, size):
        key = (self._background_key, size)
        if key not in self._backgrounds:
            hidden = self._dynamic
            visible = [a.get_visible() for a in hidden]
            for a in hidden:
                a.set_visible(False)
            canvas.draw()
            self._backgrounds[key] = np.array(canvas.buffer_rgba())
            for a, v in zip(hidden, visible):
                a.set_visible(v)
        buf = np.asarray(canvas.buffer_rgba())
        buf[...] = self._backgrounds[key]
        self._draw_neurons(canvas.get_renderer(), self.neurons, plain=True)
        self._base, self._base_key, self._base_shown = np.array(buf), key, self._shown()

    def _refresh_base(self, canvas):
        shown = self._shown()
        changed = [n for n, old, new in zip(self.neurons, self._base_shown, shown) if old != new]
        if not changed:
            return
        background = self._backgrounds[self._base_key]
        buf = np.asarray(canvas.buffer_rgba())
        buf[...] = self._base
        height = buf.shape[0]
        r = (self.diameter / 2 + 2.5) * self.fig.dpi / 72 + 2           # circle, ring and antialiasing
        for n in changed:                       # put the background back under each changed neuron
            cx, cy = self.ax.transData.transform(self.pos[n])
            x0, x1 = max(int(cx - r), 0), int(cx + r) + 1
            y0, y1 = max(int(height - cy - r), 0), int(height - cy + r) + 1
            buf[y0:y1, x0:x1] = background[y0:y1, x0:x1]
        self._draw_neurons(canvas.get_renderer(), changed, plain=True)
        self._base, self._base_shown = np.array(buf), shown


def _encode_png(rgba):
    import io

    from PIL import Image
    h, w = rgba.shape[:2]
    buf = io.BytesIO()
    image = Image.frombuffer("RGBA", (w, h), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    # a diagram has few colours: a 128-colour palette looks the same, encodes ~3x faster and is ~4x smaller
    image.quantize(128, method=Image.Quantize.FASTOCTREE).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def render_step(net_or_trace, k, x=None, t=None, lr=0.5, granularity="operation", figsize=(10, 5.6)):
    """Static twin of the stepper: a new pyplot figure of step k. Returns the figure."""
    import matplotlib.pyplot as plt
    tr = _as_trace(net_or_trace, x, t, lr, granularity)
    check_drawable(tr.sizes)
    tr.check_k(k)
    fig = plt.figure(figsize=figsize)
    ax = fig.add_axes([0.01, 0.01, 0.98, 0.90])
    NetworkView(tr, ax=ax).update(k)
    return fig


def storyboard(net_or_trace, steps, ncols=3, x=None, t=None, lr=0.5, granularity="operation", panel=(4.6, 3.0)):
    """A grid of small figures, one per step in ``steps``. Returns the figure."""
    import matplotlib.pyplot as plt
    tr = _as_trace(net_or_trace, x, t, lr, granularity)
    check_drawable(tr.sizes)
    steps = [tr.check_k(k, "steps[i]") for k in steps]
    if not steps:
        raise ValueError("steps must list at least one step index to draw")
    ncols = min(check_int(ncols, "ncols (panels per row)", 1), len(steps))
    nrows = -(-len(steps) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows), squeeze=False)
    views = [NetworkView(tr, ax=ax, compact=True) for ax in axes.flat[:len(steps)]]
    for view, k in zip(views, steps):
        view.update(k)
    for ax in axes.flat[len(steps):]:
        ax.set_axis_off()
    fig.tight_layout()
    for view, k in zip(views, steps):          # again, now that the panels have their final size: the labels'
        view.update(k)                         # places depend on how large they are drawn
    return fig


def weight_heatmaps(matrices, titles=None, digits=2, panel=(4.1, 3.2), ncols=2, shades=10):
    """Annotated heatmaps of weight matrices, one panel each (blue positive, vermillion negative).

    ``matrices[i]`` has shape (n_l, n_{l-1}): row j is neuron j's incoming weights.  Panels run
    ``ncols`` to a row (the default two make a figure 8.2 inches, about 840 px, wide: as wide as a
    notebook shows without scaling it down); a panel's width follows its number of columns, so
    a cell is about equally wide everywhere.  Each cell prints its value, so the colour only needs to
    show sign and rough size: ``shades`` steps from the most negative to the most positive
    instead of a continuous scale, which keeps the stored PNG small.  With an even number of
    shades no step straddles zero, so every cell is blue or vermillion by its sign.
    Returns the pyplot figure.
    """
    import matplotlib.pyplot as plt

    from .._checks import check_int
    matrices = [np.asarray(M, dtype=float) for M in matrices]
    if not matrices or any(M.ndim != 2 for M in matrices):
        raise ValueError("matrices must be a non-empty list of 2-D arrays (one weight matrix per layer)")
    ncols, shades = check_int(ncols, "ncols", 1), check_int(shades, "shades", 2)
    titles = titles or [f"$W^{{{l}}}$" for l in range(1, len(matrices) + 1)]
    limit = max(float(np.abs(M).max()) for M in matrices) or 1.0
    cmap = SIGN_CMAP.resampled(shades)
    widths = [max(M.shape[1], 2) for M in matrices]
    rows = [list(range(i, min(i + ncols, len(matrices)))) for i in range(0, len(matrices), ncols)]
    unit = max(sum(widths[i] for i in row) for row in rows)          # matrix columns in the widest row
    heights = [max(matrices[i].shape[0] for i in row) + 3 for row in rows]   # + room for title and labels
    size = (panel[0] * min(ncols, len(matrices)), round(panel[1] * sum(heights) / max(heights), 2))
    fig = plt.figure(figsize=size, layout="constrained")
    grid = fig.add_gridspec(len(rows), 1, height_ratios=heights)
    axes = []
    for r, row in enumerate(rows):
        ratios = [widths[i] for i in row]
        if sum(ratios) < unit:               # an empty cell keeps a shorter row's columns as wide as the widest's
            ratios.append(unit - sum(ratios))
        cells = grid[r].subgridspec(1, len(ratios), width_ratios=ratios)
        axes += [fig.add_subplot(cells[0, c]) for c in range(len(row))]
    for ax, M, title in zip(axes, matrices, titles):
        ax.imshow(M, cmap=cmap, vmin=-limit, vmax=limit, aspect="auto")
        for (j, k), v in np.ndenumerate(M):
            ax.text(k, j, f"{round(v, digits) + 0.0:.{digits}f}".replace("-", "\u2212"), ha="center", va="center", fontsize=8,
                    color="white" if abs(v) > 0.6 * limit else "black")
        ax.set_xticks(range(M.shape[1]), [str(k + 1) for k in range(M.shape[1])])
        ax.set_yticks(range(M.shape[0]), [str(j + 1) for j in range(M.shape[0])])
        ax.set(title=title, xlabel="from neuron k", ylabel="to neuron j")
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    return fig
