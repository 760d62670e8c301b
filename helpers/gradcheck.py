"""Checking gradients with central finite differences.

    ∂f/∂θ_i ≈ (f(θ + h e_i) − f(θ − h e_i)) / 2h

The error of this estimate is about h² (truncation) plus ε/h (round-off, ε ≈ 1e-16
in float64), smallest near h = 1e-5.

``order=4`` uses the wider symmetric stencil

    (−f(θ + 2h) + 8 f(θ + h) − 8 f(θ − h) + f(θ − 2h)) / 12h

whose truncation error falls like h⁴, so a larger h (about 1e-3) keeps round-off
small too.  The tests use it to check gradients as small as 1e-6 to 1e-7 relative error.
"""
import numpy as np

from ._checks import (ArgumentTypeError, check_array, check_batch, check_callable, check_instance,
                      check_probability_rows, check_real)
from .nn import MLP


def rel_error(a, b):
    """Largest element-wise relative error  |a − b| / max(1e-8, |a| + |b|)."""
    a, b = check_array(a, "a"), check_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


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
    if order not in (2, 4) or isinstance(order, bool):
        raise ValueError(f"order must be 2 or 4, got {order!r}")
    # symmetric pairs (k, weight): each contributes weight · (f(θ + k h) − f(θ − k h))
    pairs, scale = ([(1, 1.0)], 2 * h) if order == 2 else ([(1, 8.0), (2, -1.0)], 12 * h)
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        total = 0.0
        for k, c in pairs:
            theta[i] = old + k * h
            f_plus = f()
            theta[i] = old - k * h
            total += c * (f_plus - f())
        theta[i] = old
        grad[i] = total / scale
    return grad


def numerical_mlp_gradients(net, x, t, h=1e-5, order=2):
    """Finite-difference dE/dW^l and dE/db^l for every layer (order forward passes per parameter)."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    X, _ = check_batch(x, net.sizes[0], "x", "inputs")      # clear errors before anything is nudged
    T, _ = check_batch(t, net.sizes[-1], "t", "targets (one per output neuron)")
    if X.shape[0] != T.shape[0]:
        raise ValueError(f"x and t must hold the same number of samples, got x {X.shape} and t {T.shape}")
    if net.loss_name == "cross_entropy":
        check_probability_rows(T, "t")
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
