"""Control text large enough for a projector.

ipywidgets draws slider labels, readouts, buttons and menus at JupyterLab's 13 px and has
no option to change that per widget.  ``readable_controls(css_class)`` returns a hidden
HTML widget holding one ``<style>`` rule that sets them to ``CONTROL_PX`` inside the
elements of that class only; the explorers put it in their box.
"""
import ipywidgets as widgets

CONTROL_PX = 16


def readable_controls(css_class, px=CONTROL_PX):
    """A hidden widget whose style rule sets the control text under ``.css_class`` to ``px`` pixels."""
    parts = (".widget-label", ".widget-readout", "button", "select", ".widget-html-content")
    selector = ", ".join(f".{css_class} {part}" for part in parts)
    rule = f"{selector} {{ font-size: {px}px !important; }}"
    return widgets.HTML(f"<style>{rule}</style>", layout=widgets.Layout(display="none"))
