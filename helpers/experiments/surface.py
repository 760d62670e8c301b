"""The error of one sigmoid neuron over its two parameters (w, b), and descent paths across it.

    E(w, b) = (1/n) Σ_i ½ (t_i − σ(w·x_i + b))²        the mean over the n samples (notebook 00)
    ∂E/∂w   = (1/n) Σ_i −(t_i − y_i)·y_i(1 − y_i)·x_i,     ∂E/∂b = (1/n) Σ_i −(t_i − y_i)·y_i(1 − y_i)

Points on a path are computed with Python's ``math`` (the same bits on every CPU);
``error_grid`` uses NumPy and is only for drawing.
"""
import math

import numpy as np

from .._checks import check_array, check_callable, check_int, check_lr, check_real

_number = check_real


def _samples(x, t):
    """The samples as two lists of floats: x and t each a number or a list of numbers, as many of each."""
    xs, ts = (np.atleast_1d(check_array(v, name)) for v, name in ((x, "x"), (t, "t")))
    if xs.ndim != 1 or ts.ndim != 1 or xs.size == 0 or xs.size != ts.size:
        raise ValueError(f"x and t must be numbers or lists of the same length >= 1, got shapes "
                         f"{np.shape(x)} and {np.shape(t)}")
    return [float(v) for v in xs], [float(v) for v in ts]


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def error(w, b, x, t):
    """E(w, b), the mean over the samples (x, t) of ½ (t − y)²; plain floats."""
    xs, ts = _samples(x, t)
    w, b = _number(w, "w"), _number(b, "b")
    return sum(0.5 * (ti - _sigmoid(w * xi + b)) ** 2 for xi, ti in zip(xs, ts)) / len(xs)


def gradient(w, b, x, t):
    """(∂E/∂w, ∂E/∂b) at (w, b), by the chain rule of notebook 01."""
    xs, ts = _samples(x, t)
    w, b = _number(w, "w"), _number(b, "b")
    dw = db = 0.0
    for xi, ti in zip(xs, ts):
        y = _sigmoid(w * xi + b)
        delta = -(ti - y) * y * (1.0 - y)
        dw += delta * xi
        db += delta
    return dw / len(xs), db / len(xs)


def error_grid(W, B, x, t):
    """E at every point of the arrays W, B (same shape), for contour and surface plots."""
    xs, ts = _samples(x, t)
    W, B = check_array(W, "W"), check_array(B, "B")
    if W.shape != B.shape:
        raise ValueError(f"W and B must have the same shape, got {W.shape} and {B.shape}")
    E = np.zeros_like(W)
    for xi, ti in zip(xs, ts):
        E += 0.5 * (ti - 1.0 / (1.0 + np.exp(-(W * xi + B)))) ** 2
    return E / len(xs)


def exact_fit(x, t):
    """The (w, b) where two samples are fitted exactly, E = 0: the minimum of the landscape.

    σ(w·x_i + b) = t_i  ⇔  w·x_i + b = ln(t_i / (1 − t_i)), two linear equations in w and b.
    """
    xs, ts = _samples(x, t)
    if len(xs) != 2 or xs[0] == xs[1]:
        raise ValueError(f"exact_fit needs two samples with different inputs, got x = {xs}")
    if not all(0 < ti < 1 for ti in ts):
        raise ValueError(f"exact_fit needs targets strictly between 0 and 1, got t = {ts}")
    z = [math.log(ti / (1.0 - ti)) for ti in ts]
    w = (z[0] - z[1]) / (xs[0] - xs[1])
    return w, z[0] - w * xs[0]


def descent_path(w0, b0, lr, steps, x, t):
    """Gradient descent from (w0, b0): an array of shape (steps + 1, 3) with rows (w, b, E).

    Row k is the point after k updates  (w, b) ← (w, b) − η ∇E.
    """
    w, b, lr = _number(w0, "w0"), _number(b0, "b0"), check_lr(lr)
    steps = check_int(steps, "steps", 0, 100_000)
    rows = [(w, b, error(w, b, x, t))]
    for k in range(steps):
        dw, db = gradient(w, b, x, t)
        w, b = w - lr * dw, b - lr * db
        if not (math.isfinite(w) and math.isfinite(b)):
            raise ValueError(f"descent diverged at step {k + 1}: (w, b) is no longer finite; "
                             f"lr = {lr:g} is too large")
        rows.append((w, b, error(w, b, x, t)))
    return np.array(rows)


def level_tangent(f, w, b, r=1e-4, n=720):
    """A unit vector along the contour line of f through (w, b), found without any gradient.

    On a small circle of radius r around (w, b), look for the two points where f equals
    f(w, b) again (sign changes of f − f(w, b), refined by bisection); the chord between
    them is parallel to the contour line, up to an error of order r.
    """
    check_callable(f, "f", "a function f(w, b) returning a number")
    w, b = _number(w, "w"), _number(b, "b")
    r, n = check_real(r, "r (the circle's radius)", above=0), check_int(n, "n (points on the circle)", 8, 100_000)
    level = f(w, b)
    on = lambda a: f(w + r * math.cos(a), b + r * math.sin(a)) - level
    angles = [2 * math.pi * i / n for i in range(n + 1)]
    values = [on(a) for a in angles]
    crossings = []
    for a0, a1, v0, v1 in zip(angles, angles[1:], values, values[1:]):
        if v0 == 0 or v0 * v1 < 0:
            for _ in range(60):                          # bisection on the angle
                mid = 0.5 * (a0 + a1)
                if on(a0) * on(mid) <= 0:
                    a1 = mid
                else:
                    a0 = mid
            crossings.append(0.5 * (a0 + a1))
    if len(crossings) < 2:
        raise ValueError(f"no contour line found through ({w}, {b}): f is flat or has a minimum there")
    p = [(w + r * math.cos(a), b + r * math.sin(a)) for a in crossings[:2]]
    d = (p[1][0] - p[0][0], p[1][1] - p[0][1])
    norm = math.hypot(*d)
    return d[0] / norm, d[1] / norm
