"""A timeline: years on a horizontal axis, one labelled marker per event, labels alternating up and down."""
import matplotlib.pyplot as plt

from .style import COLORS


def draw_timeline(events, title="", breaks=()):
    """``events``: (year, short label) pairs.  ``breaks``: (from, to) year ranges cut out of the axis.

    The axis is piecewise: each cut range is squeezed to a small gap (drawn as //), so events
    centuries apart fit on one line.  Returns the figure.
    """
    events = sorted(events)
    if not events:
        raise ValueError("events must hold at least one (year, label) pair")
    cuts = sorted(breaks)

    def position(year):
        pos = float(year)
        for lo, hi in cuts:
            if year >= hi:
                pos -= (hi - lo) - 4          # a cut range shrinks to 4 "years" of space
        return pos

    fig, ax = plt.subplots(figsize=(13, 4.4))
    xs = [position(y) for y, _ in events]
    ax.axhline(0, color=COLORS["grey"], lw=2, zorder=1)
    for i, ((year, label), x) in enumerate(zip(events, xs)):
        up = 1 if i % 2 == 0 else -1
        height = up * (1.0 + 0.7 * ((i // 2) % 2))
        ax.plot([x, x], [0, height], color=COLORS["grey"], lw=1, zorder=1)
        ax.plot(x, 0, "o", ms=10, color=COLORS["blue"], zorder=3)
        ax.text(x, height + 0.12 * up, f"{year}\n{label}" if up > 0 else f"{label}\n{year}",
                ha="center", va="bottom" if up > 0 else "top", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor=COLORS["light"]))
    for lo, hi in cuts:
        x = position(hi) - 2
        ax.text(x, 0, "//", ha="center", va="center", fontsize=16, color=COLORS["black"],
                bbox=dict(facecolor="white", edgecolor="none"), zorder=2)
    ax.set_xlim(min(xs) - 6, max(xs) + 6)
    ax.set_ylim(-3.1, 3.1)
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
