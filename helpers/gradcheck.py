"""Checking gradients with central finite differences (``central_difference`` for one number,
``numerical_gradient`` for every entry of an array, one at a time):

    ∂f/∂θ_i ≈ (f(θ + h e_i) − f(θ − h e_i)) / 2h

The error of this estimate is about h² (truncation) plus ε/h (round-off, ε ≈ 1e-16
in float64), smallest near h = 1e-5.

``order=4`` uses the wider symmetric stencil

    (−f(θ + 2h) + 8 f(θ + h) − 8 f(θ − h) + f(θ − 2h)) / 12h

whose truncation error falls like h⁴, so a larger h (about 1e-3) keeps round-off
small too.  The tests use it to check gradients as small as 1e-6 to 1e-7 relative error.
"""
import numpy as np

from ._checks import ArgumentTypeError, check_array, check_callable, check_instance, check_int, check_real, check_xt
from .nn import MLP


def rel_error(a, b):
    """Largest element-wise relative error  |a − b| / max(1e-8, |a| + |b|)."""
    a, b = check_array(a, "a"), check_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def central_difference(f, x, h=1e-5, order=2):
    """The slope of f at the number x from values of f on both sides of it:

        order 2:  (f(x + h) − f(x − h)) / 2h                                       error ~ h²
        order 4:  (8 (f(x + h) − f(x − h)) − (f(x + 2h) − f(x − 2h))) / 12h        error ~ h⁴
    """
    check_callable(f, "f", "a function of one number")
    return _central(f, check_real(x, "x"), check_real(h, "h (the step size)", above=0), _check_order(order))


def _check_order(order):
    if check_int(order, "order (of the stencil: 2 or 4)", 2, 4) == 3:
        raise ValueError("order (of the stencil) must be 2 or 4, got 3")
    return int(order)


def _central(f, x, h, order):
    if order == 2:
        return (f(x + h) - f(x - h)) / (2 * h)
    return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h)


def numerical_gradient(f, theta, h=1e-5, order=2):
    """Central-difference gradient of the scalar function f() with respect to the array theta.

    theta is changed in place, one entry at a time, and restored afterwards,
    so f must read theta (for example a network's weight matrix).
    """
    check_callable(f, "f", "a function of no arguments returning a number")
    h = check_real(h, "h (the step size)", above=0)
    if not isinstance(theta, np.ndarray) or theta.dtype != np.float64:
        raise ArgumentTypeError("theta must be a float64 NumPy array that f reads (it is nudged in place), "
                                f"got {type(theta).__name__}")
    order = _check_order(order)
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]

        def f_at(value, i=i):                      # f as a function of the one entry theta[i]
            theta[i] = value
            return f()
        try:
            grad[i] = _central(f_at, old, h, order)
        finally:
            theta[i] = old
    return grad


def numerical_mlp_gradients(net, x, t, h=1e-5, order=2):
    """Finite-difference dE/dW^l and dE/db^l for every layer (order forward passes per parameter)."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    # clear errors before anything is nudged
    X, T = check_xt(x, t, net.sizes, probabilities=net.loss_name == "cross_entropy")
    loss = lambda: net.loss(X, T)
    dW = [numerical_gradient(loss, W, h, order) for W in net.weights]
    db = [numerical_gradient(loss, b, h, order) for b in net.biases]
    return dW, db


def check_mlp_gradients(net, x, t, h=1e-5, order=2):
    """Compare backprop with finite differences; return {'W1': err, 'b1': err, ...} of rel_error."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    _, dW, db = net.gradients(x, t)
    nW, nb = numerical_mlp_gradients(net, x, t, h, order)
    report = {}
    for l in range(net.n_layers):
        report[f"W{l + 1}"] = rel_error(dW[l], nW[l])
        report[f"b{l + 1}"] = rel_error(db[l], nb[l])
    return report


# Rules of thumb for a relative error in float64 (CS231n's): (upper bound, verdict), checked in order.
THRESHOLDS = ((1e-7, "good"), (1e-4, "fine only near kinks (ReLU): look closer"),
              (1e-2, "suspicious"), (float("inf"), "wrong"))


def verdict(err):
    """A relative error read by the rules of thumb: < 1e-7 good ... > 1e-2 wrong."""
    err = check_real(err, "err (a relative error)", minimum=0)
    for bound, word in THRESHOLDS:
        if err < bound:
            return word
    return THRESHOLDS[-1][1]


def wrong_parameters(report, threshold=1e-4):
    """Names in a ``check_mlp_gradients`` report whose relative error is above ``threshold``."""
    check_instance(report, dict, "report", "the dict from check_mlp_gradients")
    threshold = check_real(threshold, "threshold", above=0)
    return [name for name, err in report.items() if err > threshold]
