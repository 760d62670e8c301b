"""The one sigmoid neuron in SymPy: derivation factor by factor, numbers, the MLP and the engine agree."""
import numpy as np
import pytest
import sympy as sp

from helpers.steps.graph import sigmoid_neuron
from helpers.nn import MLP
from helpers.symbolic import neuron_derivation, neuron_error, neuron_numbers, sigmoid

x, w, t = sp.symbols("x w t", real=True)
y = 1 / (1 + sp.exp(-w * x))
E = sp.Rational(1, 2) * (t - y) ** 2


def test_diff_equals_the_chain_rule_formula():
    formula = -(t - y) * y * (1 - y) * x
    assert sp.simplify(sp.diff(E, w) - formula) == 0


@pytest.mark.parametrize("xv, wv, tv", [(1.5, 0.8, 0.5), (-2.0, 0.3, 1.0), (0.7, -1.2, 0.0), (3.0, 2.0, 0.25)])
def test_sympy_gradient_equals_mlp_gradient(xv, wv, tv):
    sympy_grad = float(sp.diff(E, w).subs({x: xv, w: wv, t: tv}))
    net = MLP.from_params([[[wv]]], [[0.0]], activation="sigmoid", output_activation="sigmoid")
    loss, dW, db = net.gradients([xv], [tv])
    assert dW[0][0, 0] == pytest.approx(sympy_grad, rel=1e-12, abs=1e-15)
    assert loss == pytest.approx(float(E.subs({x: xv, w: wv, t: tv})), rel=1e-12)


def test_derivation_factor_by_factor_equals_diff():
    d = neuron_derivation(bias=True)
    assert sp.simplify(d["chain_w"] - d["diff_w"]) == 0
    assert sp.simplify(d["chain_b"] - d["diff_b"]) == 0
    y = d["y"]
    assert sp.simplify(d["diff_w"] - (-(d["t"] - y) * y * (1 - y) * d["x"])) == 0
    assert d["dz_dw"] == d["x"] and d["dz_db"] == 1


@pytest.mark.parametrize("x, t, w, b", [(1.5, 0.2, 0.8, 0.0), (-2.0, 0.9, 0.3, 0.4), (0.5, 1.0, -3.0, -1.0)])
def test_numbers_equal_sympy_and_the_engine(x, t, w, b):
    n = neuron_numbers(x, t, w, b, lr=0.5)
    d = neuron_derivation(bias=True)
    at = {d["x"]: x, d["t"]: t, d["w"]: w, d["b"]: b}
    assert n["dE_dw"] == pytest.approx(float(d["diff_w"].subs(at)), rel=1e-12)
    assert n["dE_db"] == pytest.approx(float(d["diff_b"].subs(at)), rel=1e-12)
    g = sigmoid_neuron(x, w, b=b, t=t)
    g["E"].backward()
    assert (n["E"], n["dE_dw"], n["dE_db"]) == pytest.approx((g["E"].data, g["w"].grad, g["b"].grad), rel=1e-12)
    assert n["w_new"] == pytest.approx(w - 0.5 * n["dE_dw"])


def test_bad_numbers_are_refused():
    with pytest.raises(ValueError, match="w must be a finite number"):
        neuron_numbers(1.0, 0.5, float("nan"))


def test_float_sigmoid_and_error_curve():
    assert sigmoid(0.0) == 0.5 and sigmoid(-800.0) == 0.0 and sigmoid(800.0) == 1.0
    w = np.array([-1.0, 0.0, 2.0])
    assert neuron_error(w, 1.5, 0.2) == pytest.approx([0.5 * (0.2 - sigmoid(v * 1.5)) ** 2 for v in w])
