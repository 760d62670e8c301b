"""A timeline: years on a horizontal axis, one labelled marker per event, labels alternating up and down."""
import matplotlib.pyplot as plt

from .style import COLORS

MIN_GAP = 13          # labels on one side closer than this (in years of axis) go one level further out


def draw_timeline(events, title="", breaks=()):
    """``events``: (year, short label) pairs, or (year, label, year as shown) when the date is
    uncertain (e.g. "1673/76").  ``breaks``: (from, to) year ranges cut out of the axis.

    The axis is piecewise: each cut range is squeezed to a small gap (drawn as //), so events
    centuries apart fit on one line.  Returns the figure.
    """
    if not events:
        raise ValueError("events must hold at least one (year, label) pair")
    events = sorted((e[0], e[1], e[2] if len(e) > 2 else str(e[0])) for e in events)
    cuts = sorted(breaks)

    def position(year):
        pos = float(year)
        for lo, hi in cuts:
            if year >= hi:
                pos -= (hi - lo) - 4          # a cut range shrinks to 4 "years" of space
        return pos

    fig, ax = plt.subplots(figsize=(13, 5))
    xs = [position(y) for y, _, _ in events]
    ax.axhline(0, color=COLORS["grey"], lw=2, zorder=1)
    placed = {1: [], -1: []}                  # (x, level) of the labels already on each side
    for i, ((year, label, shown), x) in enumerate(zip(events, xs)):
        up = 1 if i % 2 == 0 else -1
        # the lowest level with no label of the same side closer than MIN_GAP years
        level = next(lv for lv in range(len(events))
                     if all(abs(x - x2) >= MIN_GAP or lv != l2 for x2, l2 in placed[up]))
        placed[up].append((x, level))
        height = up * (0.8 + 1.25 * level)
        ax.plot([x, x], [0, height], color=COLORS["grey"], lw=1, zorder=1)
        ax.plot(x, 0, "o", ms=10, color=COLORS["blue"], zorder=3)
        ax.text(x, height + 0.12 * up, f"{shown}\n{label}" if up > 0 else f"{label}\n{shown}",
                ha="center", va="bottom" if up > 0 else "top", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=COLORS["light"]))
    for lo, hi in cuts:
        x = position(hi) - 2
        ax.text(x, 0, "//", ha="center", va="center", fontsize=16, color=COLORS["black"],
                bbox=dict(facecolor="white", edgecolor="none"), zorder=2)
    ax.set_xlim(min(xs) - 6, max(xs) + 6)
    top = max([0] + [lv for side in placed.values() for _, lv in side])
    ax.set_ylim(-(2.2 + 1.25 * top), 2.2 + 1.25 * top)
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
