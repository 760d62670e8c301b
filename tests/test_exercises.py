"""helpers.exercises: the significant-figure rule, choices, SymPy answers, functions, and hostile input.

Every check returns a Verdict whose ``status`` is right / almost / digits / wrong / unanswered,
prints exactly that message, and never raises, whatever the learner typed.
"""
import math

import numpy as np
import pytest
import sympy as sp

from helpers.autograd import Value
from helpers.exercises import RULE, check, check_choice, check_function


def status(verdict):
    return verdict.status


# ---------------------------------------------------------------- numbers: the rule of issue 13
@pytest.mark.parametrize("answer, expected, want", [
    (0.152, 0.151714, "right"), (0.1517, 0.151714, "right"), (0.15171, 0.151714, "right"),
    (0.1518, 0.151714, "almost"), (0.2, 0.151714, "digits"), (0.15, 0.151714, "digits"),
    (0.1520, 0.151714, "right"),                 # 0.1520 is the float 0.152: 3 figures
    (0.000244, 0.000244140625, "right"),         # typed from a printed table
    (-0.02274, -0.0227381, "right"), (-0.079020, -0.0790203, "right"),
    (29, 29, "right"), (29.0, 29, "right"), (28, 29, "wrong"), (29.4, 29, "wrong"),
    (0.25, 0.25, "right"), (0.250, 0.25, "right"), (0.251, 0.25, "almost"), (0.3, 0.25, "wrong"),
    (246, 246.0, "right"), (100, 100, "right"),
    (-0.1517, 0.151714, "wrong"), (5, 0.151714, "wrong"), (0.1, 0.151714, "wrong"),
    (sp.Rational(1, 4), 0.25, "right"), (sp.Rational(1, 4), sp.Rational(1, 4), "right"),
    (np.float64(0.1517), 0.151714, "right"), (np.array(0.1517), 0.151714, "right"),
    # a value computed in code: compared at 10 significant figures, rounding noise is not an error
    (1.3 / 0.1 * (1 + 3e-16), 13.0 * (1 + 1e-15), "right"), (0.1 + 0.2, 0.3, "right"),
])
def test_significant_figure_rule(answer, expected, want):
    assert status(check(answer, expected)) == want


def test_feedback_states_the_rule_and_digits():
    assert RULE in check(0.1518, 0.151714) and RULE in check(0.15, 0.151714)
    assert "at least 3 significant figures" in check(0.2, 0.151714)
    assert not check(0.2, 0.151714).startswith("✅")
    assert "almost: check the last digits" in check(0.1518, 0.151714)
    assert "wrong sign" in check(-0.1517, 0.151714)


def test_arrays_element_by_element():
    assert status(check([0.152, -0.0227], [0.151714, -0.0227381])) == "right"
    assert status(check(np.array([0, 3]), [0.0, 3.0])) == "right"
    assert status(check((6, 8), (6, 8))) == "right"
    v = check([0.1518, 0.3], [0.151714, 0.3])
    assert status(v) == "almost" and "[0]" in v
    assert status(check([0.152, 0.2], [0.151714, 0.2])) == "right"
    assert status(check([0.152, 0.21], [0.151714, 0.2])) == "wrong"
    assert "shape" in check([1, 2], [1, 2, 3])


def test_rtol_overrides_the_rule_for_precision_exercises():
    assert status(check(0.0101, 0.0099, rtol=0.05)) == "right"
    assert "within 0.01" in check(0.0102, 0.0099, rtol=0.01)


# ---------------------------------------------------------------- choices
@pytest.mark.parametrize("answer", ["b", "B", "(b)", " b) ", "b.", "'b'", "[B]",
                                    "only values used more than once", "  Only values USED more than once. "])
def test_choice_forms_all_pick_b(answer):
    options = {"a": "every gradient", "b": "only values used more than once", "c": "none"}
    assert status(check_choice(answer, "b", options=options)) == "right"


def test_choice_wrong_and_unknown():
    options = {"a": "every gradient", "b": "only values used more than once"}
    assert "not the answer" in check_choice("a", "b", options=options)
    assert "not one of the options 'a', 'b'" in check_choice("z", "b", options=options)
    assert status(check_choice("softsign", "softsign")) == "right"
    assert status(check_choice(" Softsign ", "softsign")) == "right"
    assert status(check_choice(...,"b")) == "unanswered"


# ---------------------------------------------------------------- SymPy answers
def test_symbolic_equal_and_unequal():
    x, w = sp.Symbol("x", real=True), sp.Symbol("w", positive=True)
    assert status(check(2 * sp.Symbol("x") * sp.exp(-sp.Symbol("w")), 2 * x * sp.exp(-w))) == "right"
    assert status(check("2*x*exp(-w)", 2 * x * sp.exp(-w))) == "right"
    assert status(check(sp.Abs(x), x)) == "wrong"                  # told apart on negative x
    assert status(check(sp.sqrt(w ** 2), w)) == "right"           # equal where w is declared positive
    assert "symbols the answer does not need: ['y']" in check(2 * sp.Symbol("y"), 2 * x)
    assert "not equal" in check(3 * sp.Symbol("x"), 2 * x)


def test_symbolic_identity_simplify_misses_is_found_numerically(monkeypatch):
    z = sp.Symbol("z")
    monkeypatch.setattr(sp, "simplify", lambda e: e)              # make simplify useless
    assert status(check(1 - sp.tanh(z) ** 2, sp.diff(sp.tanh(z), z))) == "right"
    assert status(check(1 + sp.tanh(z) ** 2, sp.diff(sp.tanh(z), z))) == "wrong"
    assert status(check(sp.Abs(z), z)) == "wrong"


def test_symbolic_rejects_bool_complex_and_leftover_objects():
    a, b = sp.symbols("a b", positive=True)
    assert status(check(True, a)) == "wrong" and status(check(1j, a)) == "wrong"
    a_v, b_v = Value(1.0), Value(2.0)
    message = check(-a_v / b_v ** 2, -a / b ** 2, symbols="a_s, b_s")
    assert "Value" in message and "a_s, b_s" in message
    assert "is a number" in check(0.5, a)


def test_bool_and_complex_are_not_numbers():
    assert status(check(True, 1)) == "wrong" and "yes/no" in check(True, 1)
    assert "complex" in check(1 + 0j, 1)
    assert "None" in check(None, 0.5)


# ---------------------------------------------------------------- functions
class Hostile:
    """Its float(), str() and repr() all raise."""

    def __float__(self):
        raise RuntimeError("no float")

    def __str__(self):
        raise RuntimeError("no str")

    __repr__ = __str__


def test_function_feedback_is_at_most_three_lines():
    rng = np.random.default_rng(3)
    tests = [(rng.normal(size=(4, 3)), rng.normal(size=(3, 6)))]
    v = check_function(lambda d, W: np.zeros((4, 6)), lambda d, W: d @ W, tests)
    assert status(v) == "wrong" and len(v.splitlines()) <= 3
    assert "expected" in v and "got" in v and "entry [0, 0]" in v


@pytest.mark.parametrize("func", [
    lambda z: Hostile(), lambda z: 10 ** 400, lambda z: 1j, lambda z: None, lambda z: "two",
    lambda z: [1, 2], lambda z: np.nan, lambda z: sp.Symbol("q"), lambda z: True,
    lambda z: 1 / 0, lambda z: (_ for _ in ()).throw(RuntimeError("x")), lambda z: math.exp(1e5),
    lambda z: np.ones((2, 2)), lambda: 1.0, "not a function", 3.0,
])
def test_function_hostile_outputs_never_raise(func, capsys):
    v = check_function(func, lambda z: 2 * z, [(1.0,), (-3.0,)])
    assert status(v) == "wrong" and len(v.splitlines()) <= 3
    assert capsys.readouterr().out.strip() == str(v).strip()


def test_a_function_that_changes_its_arguments_in_place_is_still_right():
    """Notebook 05, Exercise 3: z[:] = slope(z) before using z is right; the reference must not see the changed z."""
    def hidden_delta(delta_next, W_next, z):
        z[:] = z * (1 - z)
        return (delta_next @ W_next) * z
    z = np.array([[0.2, 0.7]])
    args = (np.array([[1.0, -2.0]]), np.array([[0.5, 1.0], [2.0, -1.0]]), z)
    assert status(check_function(hidden_delta, lambda d, W, z: (d @ W) * z * (1 - z), [args])) == "right"
    assert np.array_equal(z, [[0.2, 0.7]])                     # and the caller's arrays are left alone


def test_function_right_and_unanswered():
    assert status(check_function(lambda z: 2 * z, lambda z: z + z, [(1.0,), (3.0,)])) == "right"
    assert status(check_function(..., lambda z: z, [(1.0,)])) == "unanswered"
    assert status(check_function(lambda z: ..., lambda z: z, [(1.0,)])) == "unanswered"


# ---------------------------------------------------------------- at least 30 hostile answers
HOSTILE = [..., None, True, False, 1j, 2 + 3j, "", "abc", "0.15", "bb", [], [1, 2, 3], [[1], [2]], (1,),
           {}, {"a": 1}, {1, 2}, -3.5, 0, -0.0, float("nan"), float("inf"), -float("inf"), 1e308, 10 ** 400,
           -10 ** 400, np.nan, np.array([]), np.array([np.nan]), np.ones((3, 3)), np.array("x"),
           np.complex128(1j), sp.Symbol("x"), sp.nan, sp.zoo, sp.oo, sp.I, sp.Matrix([1, 2]),
           Value(1.0), Hostile(), object(), print, type, lambda: 1, range(3), b"bytes", Ellipsis]
EXPECTED = [0.151714, 29, 0.25, [0.0, 3.0], (6, 8), np.array([[0.5, -0.25]]),
            sp.Symbol("x") ** 2, -sp.Symbol("a", positive=True) / sp.Symbol("b", positive=True) ** 2,
            sp.Rational(1, 4)]


@pytest.mark.parametrize("answer", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_answers_get_a_verdict_never_an_exception(answer, capsys):
    assert len(HOSTILE) >= 30
    for expected in EXPECTED:
        v = check(answer, expected, name="Ex")
        assert v.status in {"unanswered", "wrong", "digits", "almost"}, (answer, expected, v)
        assert v.split(" ")[0] in {"⏳", "❌", "🔢", "🟡"}
    for expected in ("b", "softsign"):
        v = check_choice(answer, expected, options={"a": "x", "b": "y"})
        assert v.status in {"unanswered", "wrong"}
    v = check_function(answer, lambda z: z, [(1.0,)])
    assert v.status in {"unanswered", "wrong"}
    v = check_function(lambda z: answer, lambda z: z, [(1.0,)])
    assert v.status in {"unanswered", "wrong"}
    out = capsys.readouterr().out
    assert "Traceback" not in out


# ---------------------------------------------------------------- exercises that use the learner's number
def test_read_number_and_check_condition(capsys):
    from helpers.exercises import check_condition, read_number
    assert read_number(4, low=0, high=100) == 4.0
    assert read_number(np.array(4.0), low=0, high=100) == 4.0          # a 0-d array is a number (np.sum gives one)
    for bad in (..., None, 0, -1, "8", [1], float("nan"), 1e308, True, 1j, Hostile(), np.array(True), np.array(1j)):
        assert read_number(bad, low=0, high=100) is None
    out = capsys.readouterr().out
    assert out.count("❌") == 12 and out.count("⏳") == 1 and "Traceback" not in out
    assert check_condition(True).status == "right"
    assert check_condition(False, detail="the loss never went below 0.06.").status == "wrong"
    assert check_condition(np.array([True, False])).status == "wrong"     # bool() raises: a verdict, no traceback


def test_notebook_08_learning_rate_exercise_has_a_true_answer():
    """08 Ex 2: the default eta = 1 does not get below 0.06 in 20 epochs, the solution's 4 does, clearly."""
    from helpers.experiments.session import TrainingSession
    lowest = {lr: min(TrainingSession(dataset="circles", lr=lr).run(20).history["loss"]) for lr in (0.3, 1, 4)}
    assert lowest[0.3] > 0.08 and lowest[1] > 0.08, lowest      # the wrong answer and the default fail
    assert lowest[4] < 0.04, lowest                              # the solution passes with a margin


def test_old_atol_argument_still_works():
    assert status(check(0.5001, 0.5, atol=1e-3)) == "right"
    assert status(check(0.51, 0.5, atol=1e-3)) == "wrong"


# ---------------------------------------------------------------- the messages, one kind of answer each
def test_check_numbers(capsys):
    assert "not answered yet" in check(..., 0.5)
    assert "correct" in check(0.5000000000001, 0.5)   # compared at 10 significant figures
    assert "off" in check(0.6, 0.5, hint="look again")
    assert "Hint: look again" in check(0.6, 0.5, hint="look again")
    assert "shape" in check([1, 2], [1, 2, 3])
    assert "Expected a number" in check("abc", 0.5)
    assert "correct" in check(np.array([1.0, 2.0]), [1, 2])


def test_check_expressions():
    x, w, t = sp.symbols("x w t")
    y = sp.Function("y")
    assert "correct" in check(x * (w + 1), x * w + x)
    assert "not quite" in check(x * w, x * w + x)
    assert "symbols the answer does not need" in check(x * w + t - t + sp.Symbol("q"), x * w)
    assert "not answered" in check(..., x)


def test_check_choice_and_function():
    assert "correct" in check_choice(" B ", "b")
    assert "not quite" in check_choice("a", "b")
    assert "correct" in check_function(lambda z: 2 * z, lambda z: z + z, [(1.0,), (3.0,)])
    assert "raised ZeroDivisionError" in check_function(lambda z: 1 / 0, lambda z: z, [(1.0,)])
    assert "not answered" in check_function(..., lambda z: z, [(1.0,)])
    assert "not answered" in check_function(lambda z: ..., lambda z: z, [(1.0,)])


def test_three_figures_with_trailing_zeros_are_right():
    """0.00990 and 1.00 reach the checker as 0.0099 and 1.0; they are the exact value to 3 figures, so right."""
    assert status(check(0.00990, 1 / 101)) == "right"
    assert status(check(1.00, 1.0041)) == "right"
    assert status(check(0.0098, 1 / 101)) != "right" and status(check(8.6, 8.5695)) == "digits"


def test_almost_says_how_many_figures_agree():
    assert "right to 3 significant figures but not to all 4" in check(152.9, 152.975)
    assert "right to 2 significant figures but not to all 4" in check(153.9, 152.975)
    assert "right to 2 significant figures" in check(0.15125, 0.151714)          # 0.1513 would not be right
    assert status(check(0.1566, 0.1517)) == "wrong"                               # 0.16 is not 0.15 either


def test_a_known_slip_is_named_when_computed_and_not_when_typed_short():
    slips = [(1.2247406848, "the activations swapped")]
    assert "the activations swapped" in check(1.2247406848, 1.2249268, slips=slips)
    assert status(check(1.22, 1.2249268, slips=slips)) == "right"          # typed to 3 figures: both round to it


def test_a_reversed_shape_and_a_quoted_list_are_named():
    """Notebook 05's shape exercises: (9, 4) for (4, 9) is the likely slip, and "(4, 9)" in quotes a common one."""
    assert "reverse order" in check((9, 4), (4, 9)) and status(check((9, 4), (4, 9))) == "wrong"
    assert "write them without quotes" in check("(4, 9)", (4, 9))
    assert status(check((4, 9), (4, 9))) == "right" and "reverse order" not in check((5, 5), (4, 4))
