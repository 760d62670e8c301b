"""The package's own promises: every listed submodule exists, and the maths layer stays light."""
import subprocess
import sys

import helpers


def test_every_lazy_submodule_imports():
    for name in helpers._SUBMODULES:
        assert getattr(helpers, name).__name__ == f"helpers.{name}"


def test_import_helpers_and_nn_do_not_load_sympy_matplotlib_or_ipywidgets():
    code = ("import sys, helpers, helpers.nn, helpers.data, helpers.gradcheck, helpers.steps.trace; "
            "print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
