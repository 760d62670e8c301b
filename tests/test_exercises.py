"""helpers.exercises.check with SymPy answers: symbols are matched by name, not by assumptions."""
import sympy as sp

from helpers.exercises import check


def test_plain_symbols_match_expected_symbols_with_assumptions():
    x, w = sp.Symbol("x", real=True), sp.Symbol("w", positive=True)
    expected = 2 * x * sp.exp(-w)
    learner = 2 * sp.Symbol("x") * sp.exp(-sp.Symbol("w"))     # what sp.symbols("x w") gives
    assert check(learner, expected).startswith("✅")
    assert check(sp.sympify("2*x*exp(-w)"), expected).startswith("✅")


def test_name_matching_still_rejects_wrong_and_extra_symbols():
    x = sp.Symbol("x", real=True)
    assert "not equal" in check(3 * sp.Symbol("x"), 2 * x)
    assert "symbols the answer does not need: ['y']" in check(2 * sp.Symbol("y"), 2 * x)
