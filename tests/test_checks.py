"""helpers._checks: each check returns the value in the form its caller needs, or names the argument."""
import re

import numpy as np
import pytest

from helpers._checks import (MAX_WIDTH, ArgumentTypeError, as_floats, check_array, check_batch, check_choice, check_int,
                             check_numbers, check_params, check_probability_rows, check_real, check_seed, check_sizes,
                             describe)


def test_a_wrong_type_is_both_a_type_error_and_a_value_error():
    with pytest.raises(TypeError):
        check_int("3", "width")
    with pytest.raises(ValueError):
        check_int("3", "width")
    assert issubclass(ArgumentTypeError, TypeError) and issubclass(ArgumentTypeError, ValueError)


@pytest.mark.parametrize("value", [True, 1.5, "3", None, 3 + 0j])
def test_check_int_names_the_argument_and_what_was_given(value):
    with pytest.raises(TypeError, match=rf"width must be a whole number >= 1, got {re.escape(repr(value))}"):
        check_int(value, "width", 1)


def test_check_int_returns_a_python_int_and_checks_bounds():
    assert check_int(np.int64(3), "width", 1) == 3 and type(check_int(np.int64(3), "width", 1)) is int
    with pytest.raises(ValueError, match="width must be a whole number from 1 to 10, got 11"):
        check_int(11, "width", 1, 10)


def test_check_real_bounds_and_non_finite():
    assert check_real(np.float32(0.5), "lr", above=0) == 0.5
    for bad, message in [(0.0, "lr must be a finite number > 0, got 0.0"), (float("nan"), "got nan"),
                         (float("inf"), "got inf"), (True, "got True")]:
        with pytest.raises(ValueError, match=message):
            check_real(bad, "lr", above=0)
    with pytest.raises(ValueError, match="t must be a number from 0 to 1, got 1.5"):
        check_real(1.5, "t", minimum=0, maximum=1, what="a number")


def test_check_seed_refuses_what_numpy_would_explain_badly():
    assert check_seed(np.uint8(7)) == 7
    for bad in (-1, "abc", 1.0, None):
        with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
            check_seed(bad)


def test_check_array_refuses_complex_bool_text_and_none_entries():
    assert check_array([1, 2], "x").dtype == np.float64
    for bad, words in [([1j], "complex"), ([True], "bool"), ("12", "numbers"), ([1.0, None], "numbers"),
                       ([[1, 2], [3]], "rectangular"), ([1.0, np.nan], "NaN")]:
        with pytest.raises(ValueError, match=words):
            check_array(bad, "x")
    assert np.isnan(check_array([np.nan], "z", finite=False)[0])


def test_check_batch_and_probability_rows():
    X, single = check_batch([1.0, 2.0], 2, "x")
    assert X.shape == (1, 2) and single
    with pytest.raises(ValueError, match="x must have 3 inputs per sample, got shape \\(2,\\)"):
        check_batch([1.0, 2.0], 3, "x")
    check_probability_rows(np.array([[0.25, 0.75], [1.0, 0.0]]), "t")
    with pytest.raises(ValueError, match=r"t must hold probability rows.*row 1 is \[0.5, 0.4\]"):
        check_probability_rows(np.array([[0.0, 1.0], [0.5, 0.4]]), "t")


def test_check_sizes_caps_the_width_with_the_memory_it_would_need():
    assert check_sizes((2, np.int64(3), 1)) == [2, 3, 1]
    with pytest.raises(ValueError, match=f"a width of 1,000,000 needs 8 TB .* at most {MAX_WIDTH:,}"):
        check_sizes([10**6, 10**6])


def test_check_choice_lists_the_choices():
    with pytest.raises(ValueError, match=r"granularity must be one of \['operation', 'layer'\], got 'epoch'"):
        check_choice("epoch", "granularity", ("operation", "layer"))


class Unprintable:
    def __repr__(self):
        raise RuntimeError("no repr")


@pytest.mark.parametrize("value, text", [
    ("abc", "'abc' (str)"), (1.5, "1.5 (float)"), (True, "True (bool)"), (2j, "2j (complex)"),
    (np.float32(0.5), "np.float32(0.5) (float32)" if np.__version__ >= "2" else "0.5 (float32)"),
    (None, "None"), (..., "Ellipsis"), ([1, 2], "[1, 2] (list)"),
    (np.array([0.1, 0.2]), "an array of shape (2,) and dtype float64: [0.1 0.2]"),
    (np.zeros((50, 50)), "an array of shape (50, 50) and dtype float64"),      # too long to show its entries
    (Unprintable(), "a Unprintable object"), (object(), "a object object"), ("x" * 100, "'" + "x" * 58 + "… (str)"),
    (__import__("fractions").Fraction(1, 3), "Fraction(1, 3) (Fraction)"),
])
def test_describe_is_short_and_never_raises(value, text):
    assert describe(value) == text


def test_check_numbers_allows_inf_but_not_nan():
    assert check_numbers([np.inf, -1.0], "z").tolist() == [np.inf, -1.0]
    with pytest.raises(ValueError, match="z contains NaN"):
        check_numbers([0.0, np.nan], "z")
    with pytest.raises(ValueError, match="Z contains NaN or inf"):
        check_numbers([[np.inf]], "Z", inf_ok=False)


def test_as_floats_passes_a_float64_array_as_it_is_and_checks_everything_else():
    z = np.array([np.nan, 1.0])
    assert as_floats(z, "z") is z                                   # the network's fast path: no copy, no scan
    assert as_floats(np.float32(2.0), "z").dtype == np.float64
    for bad, error in (([np.nan], ValueError), ("1", TypeError), (np.array([1j]), TypeError)):
        with pytest.raises(error, match="z"):
            as_floats(bad, "z")


@pytest.mark.parametrize("weights, biases, words", [
    (None, [np.zeros(1)], "weights must be a list of arrays"),
    ([np.ones((1, 1))], 0.0, "biases must be a list of arrays"),
    ("W", [np.zeros(1)], "weights must be a list of arrays"),
])
def test_check_params_names_a_missing_list(weights, biases, words):
    with pytest.raises(TypeError, match=words):
        check_params(weights, biases)
