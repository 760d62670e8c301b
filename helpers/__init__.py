"""helpers: the maths, drawings and widgets behind the *Backprop, Step by Step* workbook.

Layers, each usable on its own:

* maths (NumPy/SymPy, no plotting): ``activations``, ``losses``, ``nn``, ``gradcheck``, ``data``,
  ``autograd``, ``symbolic``, ``trace``, ``stepping``, ``training``, ``sigmoid_family``,
  ``fd_study``, ``exercises``
* drawing (matplotlib, no widgets): ``helpers.draw``
* widgets (ipywidgets, thin): ``helpers.widgets``

``import helpers`` is cheap: submodules load when first used (``helpers.nn``), so
SymPy, matplotlib and ipywidgets are imported only by the parts that need them.
"""
import importlib

__version__ = "0.1.0"

_SUBMODULES = {"activations", "losses", "nn", "gradcheck", "data", "autograd", "exercises",
               "symbolic", "trace", "stepping", "training", "sigmoid_family", "fd_study", "latex",
               "draw", "widgets"}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
