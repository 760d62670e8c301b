"""Matrix shapes drawn to scale: each array a rectangle of rows × columns unit squares.

``draw_product`` draws one equation such as  Z = A · Wᵀ  left to right, each factor a
rectangle whose sides are its numbers of rows and columns, so a product only fits when
the inner sides match.  ``shapes_figure`` draws, for every layer of a network, either the
one-sample equations (column vectors, as in the maths) or the batch equations (one
sample per row, as in the code).
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from .._checks import check_int, check_sizes
from .style import COLORS

FILL = {"W": COLORS["sky"], "a": COLORS["green"], "z": COLORS["yellow"], "delta": COLORS["vermillion"],
        "grad": COLORS["purple"]}


def draw_product(ax, x, y, terms, gap=0.8):
    """Draw ``terms`` left to right from x, centred on the height y; return the x where they end.

    A term is a string (an operator, drawn as text, such as "=" or "⊙ f′(z)") or a tuple
    (label, rows, cols, kind) drawn as a rows × cols rectangle of unit squares, coloured by
    kind (a key of ``FILL``), with the label above and the shape below.  Each rectangle's
    gid is its label, so a test can find it.
    """
    for term in terms:
        if isinstance(term, str):
            ax.text(x + gap / 2, y, term, ha="left", va="center", fontsize=13)
            x += gap + 0.55 * len(term)
            continue
        label, rows, cols, kind = term
        for value, name in ((rows, "rows"), (cols, "cols")):
            check_int(value, f"{name} of {label}", 1)
        if kind not in FILL:
            raise ValueError(f"kind must be one of {list(FILL)}, got {kind!r}")
        rect = Rectangle((x, y - rows / 2), cols, rows, facecolor=FILL[kind], alpha=0.45,
                         edgecolor=COLORS["black"], lw=1.2)
        rect.set_gid(label)
        ax.add_patch(rect)
        ax.text(x + cols / 2, y + rows / 2 + 0.35, label, ha="center", va="bottom", fontsize=12)
        ax.text(x + cols / 2, y - rows / 2 - 0.35, f"{rows}×{cols}", ha="center", va="top", fontsize=10,
                color=COLORS["black"])
        x += cols + gap
    return x


def _layer_equations(sizes, batch, l):
    """The four equations of layer l (1..L): forward and backward, one sample and a batch."""
    n_in, n, L = sizes[l - 1], sizes[l], len(sizes) - 1
    a_prev = "x" if l == 1 else f"a^{{{l - 1}}}"
    A_prev = "X" if l == 1 else f"A^{{{l - 1}}}"
    one_forward = [(f"$z^{{{l}}}$", n, 1, "z"), "=", (f"$W^{{{l}}}$", n, n_in, "W"), (f"${a_prev}$", n_in, 1, "a"),
                   f"+ $b^{{{l}}}$"]
    if l == L:
        one_backward = [(f"$\\delta^{{{l}}}$", n, 1, "delta"), "=", (f"$a^{{{l}}} - t$", n, 1, "a"), f"⊙ $f'(z^{{{l}}})$"]
    else:
        n_next = sizes[l + 1]
        one_backward = [(f"$\\delta^{{{l}}}$", n, 1, "delta"), "=", (f"$(W^{{{l + 1}}})^\\top$", n, n_next, "W"),
                        (f"$\\delta^{{{l + 1}}}$", n_next, 1, "delta"), f"⊙ $f'(z^{{{l}}})$"]
    batch_forward = [(f"$Z^{{{l}}}$", batch, n, "z"), "=", (f"${A_prev}$", batch, n_in, "a"),
                     (f"$(W^{{{l}}})^\\top$", n_in, n, "W"), f"+ $b^{{{l}}}$"]
    batch_grad = [(f"$\\partial E/\\partial W^{{{l}}}$", n, n_in, "grad"), "=", (f"$(\\Delta^{{{l}}})^\\top$", n, batch, "delta"),
                  (f"${A_prev}$", batch, n_in, "a")]
    return [one_forward, one_backward, batch_forward, batch_grad]


def _width(terms, gap=0.8):
    return sum(gap + 0.55 * len(t) if isinstance(t, str) else t[2] + gap for t in terms)


PARTS = ("one sample", "batch")


def shapes_figure(sizes, batch, part="one sample", scale=0.125):
    """Every layer's shapes to scale, one row per layer l (1..L), two equations side by side.

    ``part="one sample"``: z = W a + b and δ = Wᵀ δ ⊙ f′ with column vectors, as in the maths;
    ``part="batch"``: Z = A Wᵀ + b and ∂E/∂W = Δᵀ A for ``batch`` samples, one per row, as in
    the code.  ``scale`` is inches per unit square (the default keeps a 5-8-6-3 network with a
    batch of 4 within 8.3 inches, shown 1:1 in a notebook).  Returns the figure.
    """
    sizes = check_sizes(sizes)
    batch = check_int(batch, "batch", 1)
    if part not in PARTS:
        raise ValueError(f"part must be one of {list(PARTS)}, got {part!r}")
    L = len(sizes) - 1
    cols = (0, 1) if part == "one sample" else (2, 3)
    headers = ("forward", "backward (BP1, BP2)") if part == "one sample" else ("forward", "weight gradient (BP4)")
    title = ("one sample: column vectors, as in the maths" if part == "one sample"
             else f"a batch of B = {batch}: one sample per row, as in the code")
    rows = [[_layer_equations(sizes, batch, l)[c] for c in cols] for l in range(1, L + 1)]
    col_width = [max(_width(row[c]) for row in rows) + 3 for c in range(2)]
    row_height = [max(max(t[1] for t in eq if not isinstance(t, str)) for eq in row) + 3.2 for row in rows]
    width, height = sum(col_width) + 5, sum(row_height) + 3.5
    fig, ax = plt.subplots(figsize=(width * scale, height * scale))
    ax.text(-4.5, height - 0.8, title, ha="left", va="center", fontsize=14, fontweight="bold")
    x0 = (0, col_width[0])
    for x, header in zip(x0, headers):
        ax.text(x, height - 2.4, header, ha="left", va="center", fontsize=12, style="italic")
    top = height - 3.5
    for l, (row, h) in enumerate(zip(rows, row_height), start=1):
        y = top - h / 2
        ax.text(-0.8, y, f"layer {l}", ha="right", va="center", fontsize=12)
        for x, eq in zip(x0, row):
            draw_product(ax, x, y, eq)
        top -= h
    ax.set_xlim(-4.5, width - 4.5)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return fig
