"""helpers.steps.mathml: the steppers' LaTeX as MathML (chunks) and as plain text (text).

Each expected string below was written by hand from the MathML standard (msub/msup/msubsup take
base, subscript, superscript in that order; mfrac takes numerator, denominator), not copied
from the code's output.
"""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from helpers.nn import MLP
from helpers.steps.mathml import chunks, text
from helpers.steps.trace import GRANULARITIES, trace

Z11 = "<msubsup><mi>z</mi><mrow><mn>1</mn></mrow><mrow><mn>1</mn></mrow></msubsup>"
# an operator that starts a line is an infix operator with no space before it ("+ 0.43", not "+0.43")
LEAD = '<mo form="infix" lspace="0">'


def flat(value):
    """Every number in a step's value (a number, a vector, or a list of matrices)."""
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in flat(item)]
    return [] if value is None else [float(v) for v in np.ravel(value)]


def maths(html):
    """The <math> elements of a chunks() string, each parsed as XML (so it must be well formed)."""
    parts = re.findall(r"<math>.*?</math>", html)
    assert " ".join(parts) == html, "chunks() must be <math> elements separated by single spaces"
    return [ET.fromstring(p) for p in parts]


def test_a_weighted_sum_breaks_before_each_operator_and_keeps_its_result_whole():
    html = chunks(r"z^{1}_{1} = 0.15 \cdot 0.05 - 0.35 = -0.3425")
    assert html == (f"<math>{Z11}</math> "
                    f"<math>{LEAD}=</mo><mn>0.15</mn><mo>·</mo><mn>0.05</mn></math> "
                    f"<math>{LEAD}−</mo><mn>0.35</mn></math> "
                    f"<math>{LEAD}=</mo><mn>−0.3425</mn></math>")


def test_a_minus_is_a_sign_after_an_operator_or_bracket_and_an_operator_after_a_closing_one():
    assert "<mo>(</mo><mn>−0.2</mn><mo>)</mo>" in chunks(r"z = (-0.2) \cdot 0.1")
    assert f"{LEAD}=</mo><mn>−1</mn>" in chunks(r"a = -1")
    assert f"<math>{LEAD}−</mo><mn>2</mn></math>" in chunks(r"z = (a) - 2")


@pytest.mark.parametrize("tex, mathml", [
    (r"\frac{\partial E}{\partial w}",
     "<mfrac><mrow><mi>∂</mi><mi>E</mi></mrow><mrow><mi>∂</mi><mi>w</mi></mrow></mfrac>"),
    (r"\tfrac12", "<mfrac><mn>1</mn><mn>2</mn></mfrac>"),           # \tfrac12: two one-digit arguments
    (r"\dfrac{1}{B}", "<mfrac><mrow><mn>1</mn></mrow><mrow><mi>B</mi></mrow></mfrac>"),
    (r"a_{j}", "<msub><mi>a</mi><mrow><mi>j</mi></mrow></msub>"),
    (r"e^{-z}", "<msup><mi>e</mi><mrow><mo>−</mo><mi>z</mi></mrow></msup>"),
    (r"W^{2}_{1 2}", "<msubsup><mi>W</mi><mrow><mn>1</mn><mn>2</mn></mrow><mrow><mn>2</mn></mrow></msubsup>"),
    (r"\sigma'(z)", "<mi>σ</mi><mo>′</mo><mo>(</mo><mi>z</mi><mo>)</mo>"),
    (r"1.2 \times 10^{-5}", "<mn>1.2</mn><mo>×</mo><msup><mn>10</mn><mrow><mn>−5</mn></mrow></msup>"),
    (r"\text{a < b}", "<mtext>a &lt; b</mtext>"),                   # text is escaped
])
def test_fractions_scripts_and_symbols(tex, mathml):
    assert chunks(tex) == f"<math>{mathml}</math>"


def test_no_line_break_inside_a_short_bracketed_factor():
    """σ(1 − σ) is one factor: a line may break before a term, not inside it."""
    html = chunks(r"\delta^{1}_{1} = 0.1 \cdot 0.3479 (1 - 0.3479) = 0.02269")
    assert "<mn>0.3479</mn><mo>(</mo><mn>1</mn><mo>−</mo><mn>0.3479</mn><mo>)</mo></math>" in html
    assert chunks(r"\tfrac12 (t - a)^2").count("<math>") == 1
    assert chunks(r"z = (a + b) + c").count("<math>") == 3            # z | = (a + b) | + c


def test_a_long_bracketed_sum_still_wraps_between_its_terms():
    """A hidden δ sums one term per neuron of the next layer: it must be able to wrap."""
    terms = " + ".join(rf"0.{k}1 \cdot (-0.{k}2)" for k in range(1, 7))
    html = chunks(rf"\delta^{{1}}_{{1}} = \left({terms}\right) \cdot 0.25 = 0.1")
    assert html.count(f"<math>{LEAD}+</mo>") == 5
    assert "<mo>(</mo><mn>−0.12</mn><mo>)</mo>" in html                # the short (−0.12) is kept whole


def test_a_function_of_several_arguments_is_one_factor_kept_on_one_line():
    assert chunks(r"\max(0, z)") == ('<math><mi mathvariant="normal">max</mi><mo>(</mo><mn>0</mn><mo>,</mo>'
                                     "<mi>z</mi><mo>)</mo></math>")


def test_items_end_at_a_comma_and_no_line_starts_with_one():
    html = chunks(r"\delta^{2}_{1} = 0.1, \quad \delta^{2}_{2} = 0.2")
    pieces = re.findall(r"<math>(.*?)</math>", html)
    assert pieces[1] == f"{LEAD}=</mo><mn>0.1</mn><mo>,</mo>"
    assert not any(p.startswith("<mo>,</mo>") for p in pieces)
    assert "1em" not in html                                           # the \quad between items is a break


def test_hide_replaces_every_result_and_nothing_else():
    tex = r"\delta^{2}_{1} = 0.1 \cdot 0.5 = 0.05, \quad \delta^{2}_{2} = -0.2 \cdot 0.5 = -0.1"
    shown, hidden = chunks(tex), chunks(tex, hide=True)
    assert hidden.count("bp-hidden") == 2
    assert "0.05" not in hidden and "−0.1<" not in hidden              # the results are gone
    assert "<mn>0.1</mn><mo>·</mo><mn>0.5</mn>" in hidden and "<mn>−0.2</mn>" in hidden   # the sums stay
    assert shown.count("<math>") == hidden.count("<math>")


def test_text_is_the_equation_in_one_line():
    assert text(r"z^{1}_{1} = 0.15 \cdot 0.05 + (-0.2) \cdot 0.1 + 0.35 = 0.3475") == \
        "z1^1 = 0.15 · 0.05 + (−0.2) · 0.1 + 0.35 = 0.3475"
    assert text(r"\frac{\partial E}{\partial w} = -0.5") == "∂E/∂w = −0.5"
    assert text(r"W^{2}_{1 2}") == "W_12^2"
    assert text(r"\tfrac12 (t - a)^2") == "1/2(t − a)^2"


@pytest.mark.parametrize("tex, words", [
    (r"\foo{x}", r"does not know \\foo"),
    (r"a}", "unbalanced }"),
    (r"\text{abc", r"unbalanced \\text"),
    (r"\frac{1}", "unexpected end"),
])
def test_unknown_or_broken_latex_is_named(tex, words):
    with pytest.raises(ValueError, match=words):
        chunks(tex)


@pytest.mark.parametrize("granularity", GRANULARITIES)
def test_every_equation_of_a_relu_network_step_is_sound(granularity):
    """A ReLU network with dead neurons has δ = −0.0: no equation may show "−0", and every piece
    must be well-formed MathML with no LaTeX left in it."""
    net = MLP.from_params([[[1.0, -1.0], [-2.0, 0.5], [0.3, 0.8]], [[0.5, -0.4, 0.9], [1.0, 0.2, -0.3]]],
                          [[0.0, -5.0, 0.1], [0.0, 0.0]], activation="relu", output_activation="linear")
    tr = trace(net, [0.3, 0.6], [0.2, 0.9], lr=0.1, granularity=granularity)
    minus_zero = [s for s in tr.steps if any(v == 0 and np.signbit(v) for v in flat(s.value))]
    assert minus_zero, "the test needs a step whose value is −0.0 (a dead ReLU's δ)"
    for k, step in enumerate(tr.steps):
        for tex in (step.equation, step.numbers):
            if not tex:
                continue
            html = chunks(tex)
            for element in maths(html):
                assert element.tag == "math"
            assert "\\" not in html, f"step {k}: LaTeX left in {html!r}"
            assert not re.search(r"−0(?![.0-9])", html), f"step {k}: a −0 in {html!r}"
            assert not re.search(r"−0\.0+(?![0-9])", html), f"step {k}: a −0.000 in {html!r}"
