"""helpers: the maths, drawings and widgets behind the *Backprop, Step by Step* workbook.

Layers, each usable on its own:

* ``_checks``: one home for argument validation (every public function calls it)
* maths (NumPy/SymPy, no plotting): ``activations``, ``losses``, ``nn``, ``gradcheck``, ``data``,
  ``autograd`` (the engine only), ``symbolic``, ``exercises``, ``capstone``; ``handout``
  writes a notebook as one offline HTML page
* ``helpers.steps``: a training step (``steps.trace``) or an engine graph (``steps.graph``) cut into
  steps, and the JSON the browser steppers draw (``steps.state``)
* ``helpers.experiments``: the studies the notebooks run (``session`` for the dashboard,
  ``sigmoid_family``, ``fd_study``, ``pass_costs``, ``pitfalls``, ``surface``, ...)
* drawing (matplotlib, no widgets): ``helpers.draw``
* widgets (ipywidgets and anywidget, thin): ``helpers.widgets``

Imports run one way: widgets -> draw -> steps/experiments -> maths -> _checks.

``import helpers`` is cheap: submodules load when first used (``helpers.nn``), so
SymPy, matplotlib and ipywidgets are imported only by the parts that need them.
"""
import importlib

__version__ = "0.1.0"

_SUBMODULES = {"activations", "losses", "nn", "gradcheck", "data", "autograd", "exercises", "capstone", "handout",
               "symbolic", "steps", "experiments", "draw", "widgets"}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
