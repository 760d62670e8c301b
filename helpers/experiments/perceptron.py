"""Rosenblatt's perceptron, and the four logic-gate data sets that show what it cannot learn.

A perceptron outputs y = step(w·x + b): 1 if w·x + b > 0, else 0.  It learns by the
perceptron rule, one sample at a time:

    w ← w + η (t − y) x,      b ← b + η (t − y)

which changes nothing when the answer is right.  If a straight line separates the 1s
from the 0s, the rule stops making mistakes after finitely many updates (the perceptron
convergence theorem); for XOR no such line exists, so it never does.
"""
import math
import numbers

import numpy as np

from .._checks import check_array, describe, check_choice, check_int, check_lr, check_real

INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {
    "AND": np.array([0.0, 0.0, 0.0, 1.0]),
    "OR": np.array([0.0, 1.0, 1.0, 1.0]),
    "NAND": np.array([1.0, 1.0, 1.0, 0.0]),
    "XOR": np.array([0.0, 1.0, 1.0, 0.0]),
}


def gate_data(name):
    """(X, t) of a logic gate: the four inputs (0/1, 0/1) and the gate's output for each."""
    check_choice(name, "name", sorted(GATES))
    return INPUTS.copy(), GATES[name].copy()


def predict(w, b, X):
    """step(X·w + b): 1.0 where the weighted sum is above 0, else 0.0."""
    X = np.atleast_2d(check_array(X, "X"))
    w = check_array(w, "w", ndim=1)
    if X.ndim != 2 or X.shape[1] != w.size:
        raise ValueError(f"X must hold samples of {w.size} inputs (one per weight in w), got shape {X.shape}")
    return (X @ w + check_real(b, "b") > 0).astype(float)


def perceptron_function(params):
    """The perceptron with params = [w1, w2, b] as a function f(x1, x2) -> 0.0 or 1.0.

    For exercises: a malformed ``params`` gives a message that says what is expected.
    """
    ok = isinstance(params, (list, tuple, np.ndarray)) and len(params) == 3 and all(
        isinstance(p, numbers.Real) and not isinstance(p, (bool, np.bool_)) and _finite(p) for p in params)
    if not ok:
        raise ValueError(f"the answer must be a list of three numbers [w1, w2, b], got {describe(params)}")
    w1, w2, b = (float(p) for p in params)
    return lambda x1, x2: 1.0 if w1 * x1 + w2 * x2 + b > 0 else 0.0


def _data(X, t):
    """X (samples, inputs) and t, one 0/1 target per sample, as float arrays."""
    X, t = check_array(X, "X"), check_array(t, "t")
    if X.ndim != 2 or X.size == 0 or t.shape != (X.shape[0],):
        raise ValueError(f"X must be (samples, inputs) and t one 0/1 target per sample, got shapes "
                         f"{X.shape} and {t.shape}")
    if not np.all((t == 0) | (t == 1)):
        raise ValueError(f"t must hold 0/1 targets, got {t.tolist()}")
    return X, t


def _finite(p):
    try:
        return math.isfinite(float(p))
    except OverflowError:                  # an int too large for a float
        return False


def train_perceptron(X, t, epochs=20, lr=1.0, w=None, b=0.0):
    """The perceptron rule, sample by sample in order, for ``epochs`` passes over the data.

    Returns a dict: 'w', 'b' (final), 'mistakes' (per epoch: samples it got wrong while
    learning), 'errors' (per epoch: samples wrong after the epoch) and 'converged' (an
    epoch finished without a mistake).
    """
    X, t = _data(X, t)
    epochs = check_int(epochs, "epochs", 1, 100_000)
    lr = check_lr(lr)
    w = np.zeros(X.shape[1]) if w is None else check_array(w, "w", ndim=1).copy()
    if w.shape != (X.shape[1],):
        raise ValueError(f"w must hold {X.shape[1]} weights (one per input), got shape {w.shape}")
    b = check_real(b, "b")
    mistakes, errors, converged = [], [], False
    for _ in range(epochs):
        wrong = 0
        for x_i, t_i in zip(X, t):
            y_i = float(x_i @ w + b > 0)
            if y_i != t_i:
                w = w + lr * (t_i - y_i) * x_i
                b = b + lr * (t_i - y_i)
                wrong += 1
        mistakes.append(wrong)
        errors.append(int(np.sum(predict(w, b, X) != t)))
        if wrong == 0:
            converged = True
            break
    return dict(w=w, b=b, mistakes=mistakes, errors=errors, converged=converged)


def best_linear_accuracy(X, t, n_angles=360, n_offsets=201):
    """The best fraction of samples any straight line w·x + b = 0 classifies right (a search).

    Directions on a grid of angles, offsets on a grid covering the data; both sides tried.
    For XOR it is 3/4: no line gets all four right.
    """
    X, t = _data(X, t)
    if X.shape[1] != 2:
        raise ValueError(f"X must hold samples of 2 inputs (lines in the plane), got shape {X.shape}")
    n_angles = check_int(n_angles, "n_angles", 1, 100_000)
    n_offsets = check_int(n_offsets, "n_offsets", 2, 100_000)
    best = 0.0
    for a in np.linspace(0.0, np.pi, n_angles, endpoint=False):
        d = np.array([np.cos(a), np.sin(a)])
        proj = X @ d
        offsets = np.linspace(proj.min() - 1.0, proj.max() + 1.0, n_offsets)
        acc = np.mean((proj[None, :] > offsets[:, None]) == (t[None, :] == 1), axis=1)
        best = max(best, float(acc.max()), float(1.0 - acc.min()))
    return best
