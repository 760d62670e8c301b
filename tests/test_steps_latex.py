"""helpers.steps.latex: how the steppers write a number, in LaTeX (num, operand) and as plain text (plain).

Four significant digits, powers of ten for very small or large numbers, a negative number in
parentheses where it is a factor, and zero always "0", never "−0" (a ReLU's δ is often −0.0).
"""
import numpy as np
import pytest

from helpers.activations import relu_prime
from helpers.steps.latex import num, operand, plain


@pytest.mark.parametrize("value, latex", [
    (0.56721, "0.5672"),            # 4 significant digits, rounded
    (0.5, "0.5"),                   # no trailing zeros
    (2.0, "2"),
    (-2.5, "-2.5"),
    (0.0012345, "0.001234"),        # the float 0.0012345 lies just below ...345
    (3.3e-6, r"3.3 \times 10^{-6}"),
    (-4e-5, r"-4 \times 10^{-5}"),
    (12345.6, r"1.235 \times 10^{4}"),
    (1e20, r"1 \times 10^{20}"),
    (np.float64(0.25), "0.25"),
    (7, "7"),
])
def test_num_writes_four_significant_digits(value, latex):
    assert num(value) == latex


@pytest.mark.parametrize("value", [0.0, -0.0, np.float64(-0.0), 0.0 * -0.3])
def test_zero_is_never_negative(value):
    assert num(value) == "0" and operand(value) == "0" and plain(value) == "0"


def test_a_relu_delta_of_minus_zero_shows_as_zero():
    delta = relu_prime(np.array([-1.0]))[0] * -0.37        # 0 · (−0.37) = −0.0 in IEEE arithmetic
    assert np.signbit(delta), "the test needs a true −0.0"
    assert num(delta) == "0" and plain(delta) == "0"


@pytest.mark.parametrize("value, latex", [
    (-2.5, "(-2.5)"), (2.5, "2.5"), (-3.3e-6, r"(-3.3 \times 10^{-6})"), (0.35, "0.35"),
])
def test_operand_puts_negative_numbers_in_parentheses(value, latex):
    assert operand(value) == latex


@pytest.mark.parametrize("value, text", [
    (-0.3425, "\u22120.3425"),                     # a real minus sign, not a hyphen
    (-3.3e-6, "\u22123.3×10⁻⁶"),
    (1.5e12, "1.5×10¹²"),
    (0.56721, "0.5672"),
])
def test_plain_writes_the_same_number_as_text(value, text):
    assert plain(value) == text


@pytest.mark.parametrize("value", [0.56721, -0.0123456, 3.3e-6, -7.77e-12, 98765.4, 1.0, -1e100])
def test_plain_and_num_show_the_same_digits_and_sign(value):
    """A node of the stepper (plain) and the equation that computed it (num) agree."""
    from_superscript = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    as_latex = plain(value).translate(from_superscript).replace("\u2212", "-")
    mantissa, _, exponent = as_latex.partition("×10")
    assert num(value) == (rf"{mantissa} \times 10^{{{exponent}}}" if exponent else mantissa)
    assert plain(value).startswith("\u2212") == num(value).startswith("-") == (value < 0)
