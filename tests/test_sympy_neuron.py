"""The one-neuron derivation in SymPy agrees with the formula and with MLP([1, 1])."""
import numpy as np
import pytest
import sympy as sp

from helpers.nn import MLP

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
