"""Widget layer: thin ipywidgets wiring over the drawing layer.

Every widget has a static twin in ``helpers.draw`` that renders the same state as a
plain figure, for GitHub, PDF and tests.
"""
