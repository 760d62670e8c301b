"""A timeline: years on a horizontal axis, one labelled marker per event, labels alternating up and down."""
import matplotlib.pyplot as plt

from .style import COLORS

PAD = 1.5             # years of axis kept free between two labels on one side


def _spread(centres, widths, lo, hi):
    """Label centres as close to ``centres`` (sorted) as possible with no two boxes overlapping
    (``PAD`` apart) and every box between lo and hi: pushed right where they crowd, then left
    where the last ones ran past hi."""
    out = list(centres)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + (widths[i - 1] + widths[i]) / 2 + PAD)
    out[-1] = min(out[-1], hi - widths[-1] / 2)
    for i in range(len(out) - 2, -1, -1):
        out[i] = min(out[i], out[i + 1] - (widths[i] + widths[i + 1]) / 2 - PAD)
    out[0] = max(out[0], lo + widths[0] / 2)
    return out


def _axis_position(year, cuts):
    """Where a year sits on an axis with the (from, to) ranges ``cuts`` squeezed to 4 years each."""
    pos = float(year)
    for lo, hi in cuts:
        if year >= hi:
            pos -= (hi - lo) - 4
    return pos


def draw_timeline(events, title="", breaks=()):
    """``events``: (year, short label) pairs, or (year, label, year as shown) when the date is
    uncertain (e.g. "1673/76").  ``breaks``: (from, to) year ranges cut out of the axis.

    The axis is piecewise: each cut range is squeezed to a small gap (drawn as //), so events
    centuries apart fit on one line.  Labels alternate above and below the axis; where events
    crowd, labels on one side move apart and a slanted line joins each to its year.  8.4 in
    wide: at 100 dpi at most 850 px, shown 1:1 in a notebook.  Returns the figure.
    """
    if not events:
        raise ValueError("events must hold at least one (year, label) pair")
    events = sorted((e[0], e[1], e[2] if len(e) > 2 else str(e[0])) for e in events)
    cuts = sorted(breaks)
    fig, ax = plt.subplots(figsize=(8.4, 3.0))
    xs = [_axis_position(y, cuts) for y, _, _ in events]
    lo, hi = min(xs) - 6, max(xs) + 6
    ax.set_xlim(lo, hi)
    ax.set_ylim(-1, 1)
    ax.axis("off")
    ax.axhline(0, color=COLORS["grey"], lw=2, zorder=1)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.9 if title else 0.99)
    renderer = fig.canvas.get_renderer()
    per_px = (hi - lo) / ax.get_window_extent(renderer).width        # years of axis per pixel
    sides = {1: [], -1: []}
    for i, ((year, label, shown), x) in enumerate(zip(events, xs)):
        up = 1 if i % 2 == 0 else -1
        text = ax.text(x, 0.3 * up, f"{shown}\n{label}" if up > 0 else f"{label}\n{shown}",
                       ha="center", va="bottom" if up > 0 else "top", fontsize=11, zorder=3,
                       bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=COLORS["light"]))
        width = text.get_window_extent(renderer).width * per_px + 1.0    # the box's padding
        sides[up].append((x, text, width))
        ax.plot(x, 0, "o", ms=10, color=COLORS["blue"], zorder=3)
    for up, placed in sides.items():
        if not placed:
            continue
        centres = _spread([x for x, _, _ in placed], [w for _, _, w in placed], lo, hi)
        for (x, text, _), c in zip(placed, centres):
            text.set_x(c)
            ax.plot([x, x, c], [0, 0.12 * up, 0.3 * up], color=COLORS["grey"], lw=1, zorder=1)
    for lo_year, hi_year in cuts:
        x = _axis_position(hi_year, cuts) - 2
        ax.text(x, 0, "//", ha="center", va="center", fontsize=16, color=COLORS["black"],
                bbox=dict(facecolor="white", edgecolor="none"), zorder=2)
    if title:
        ax.set_title(title)
    return fig
