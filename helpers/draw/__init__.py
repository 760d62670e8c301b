"""Drawing layer: matplotlib functions that draw a given state. No widgets here.

Shared conventions (see ``style``): a colour-blind-safe palette (Okabe and Ito),
projector-sized text, and ``figure_png`` to turn a figure into PNG bytes for a widget.
"""
from .style import COLORS, figure_png, new_figure, use_style  # noqa: F401
