"""The family of sigmoid-shaped functions, and how their small slopes shrink gradients.

Every member is an odd, S-shaped function from −1 to 1, scaled so that its slope
at the origin is 1.  Near z = 0 they all look like the line y = z; they differ in
their *tails*: how quickly they approach ±1 (saturate), and so how quickly their
derivative dies away.

    >>> from helpers.experiments.sigmoid_family import scaled, scaled_prime
    >>> float(scaled("arctan", 0.0)), float(scaled_prime("arctan", 0.0))
    (0.0, 1.0)

``tail(name, z)`` is 1 − |f(z)|, computed without cancellation so that it stays
accurate far out in the tails (where 1 − f(z) would round to 0).

The last part of the module measures, for a deep network at initialisation, the size
of the gradient that reaches each layer (``layer_gradient_norms``).
"""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .._checks import check_choice, check_numbers, check_int, check_real, check_seed
from ..activations import get_activation, sigmoid, sigmoid_prime

_SQRT_PI = math.sqrt(math.pi)
_erf = np.vectorize(math.erf, otypes=[float])
_erfc = np.vectorize(math.erfc, otypes=[float])


def _as_array(z, name="z"):
    return check_numbers(z, name)


def _out(arr):
    return arr if np.ndim(arr) else float(arr)


def _sech(u):
    """1/cosh(u) without overflow: 2 e^{-|u|} / (1 + e^{-2|u|})."""
    e = np.exp(-np.abs(u))
    return 2.0 * e / (1.0 + e * e)


# ------------------------------------------------------------------ the members
# f: the scaled function, prime: its derivative, tail: 1 − f(z) for z >= 0 (accurate).
@dataclass(frozen=True)
class SigmoidShape:
    """One member of the family: ``f`` (slope 1 at 0, range (−1, 1)), ``prime`` and ``tail``."""
    name: str
    f: Callable
    prime: Callable
    tail_pos: Callable
    latex: str
    tail_kind: str


FAMILY = {
    "logistic": SigmoidShape(
        "logistic", lambda z: 2.0 * sigmoid(2.0 * z) - 1.0, lambda z: 4.0 * sigmoid_prime(2.0 * z),
        lambda z: 2.0 / (1.0 + np.exp(np.minimum(2.0 * z, 700.0))),
        r"2\sigma(2z) - 1", "exponential, like e^{-2z} (the same curve as tanh)"),
    "tanh": SigmoidShape(
        "tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2,
        lambda z: 2.0 / (1.0 + np.exp(np.minimum(2.0 * z, 700.0))),
        r"\tanh(z)", "exponential, like e^{-2z}"),
    "erf": SigmoidShape(
        "erf", lambda z: _erf(_SQRT_PI * z / 2.0), lambda z: np.exp(-math.pi * z ** 2 / 4.0),
        lambda z: _erfc(_SQRT_PI * z / 2.0),
        r"\operatorname{erf}\!\left(\tfrac{\sqrt{\pi}}{2} z\right)", "Gaussian, like e^{-\\pi z^2/4} (fastest)"),
    "gudermannian": SigmoidShape(
        "gudermannian", lambda z: (4.0 / math.pi) * np.arctan(np.tanh(math.pi * z / 4.0)),
        lambda z: _sech(math.pi * z / 2.0),
        lambda z: (4.0 / math.pi) * np.arctan(np.exp(-math.pi * z / 2.0)),
        r"\tfrac{2}{\pi}\operatorname{gd}\!\left(\tfrac{\pi}{2} z\right)", "exponential, like e^{-\\pi z/2}"),
    "algebraic": SigmoidShape(
        "algebraic", lambda z: z / np.sqrt(1.0 + z ** 2), lambda z: (1.0 + z ** 2) ** -1.5,
        lambda z: 1.0 / (np.sqrt(1.0 + z ** 2) * (np.sqrt(1.0 + z ** 2) + z)),
        r"\frac{z}{\sqrt{1 + z^2}}", "algebraic, like 1/(2z^2)"),
    "arctan": SigmoidShape(
        "arctan", lambda z: (2.0 / math.pi) * np.arctan(math.pi * z / 2.0),
        lambda z: 1.0 / (1.0 + (math.pi * z / 2.0) ** 2),
        lambda z: (2.0 / math.pi) * np.arctan2(2.0, math.pi * z),
        r"\tfrac{2}{\pi}\arctan\!\left(\tfrac{\pi}{2} z\right)", "algebraic, like 4/(\\pi^2 z)"),
    "softsign": SigmoidShape(
        "softsign", lambda z: z / (1.0 + np.abs(z)), lambda z: 1.0 / (1.0 + np.abs(z)) ** 2,
        lambda z: 1.0 / (1.0 + z),
        r"\frac{z}{1 + |z|}", "algebraic, like 1/z (slowest)"),
}
NAMES = tuple(FAMILY)


def get_shape(name):
    """Look a family member up by name; an unknown name lists the valid ones."""
    return FAMILY[check_choice(name, "name", NAMES)]


def scaled(name, z):
    """The member ``name`` at z: odd, from −1 to 1, slope 1 at z = 0."""
    return _out(get_shape(name).f(_as_array(z)))


def scaled_prime(name, z):
    """The derivative of ``scaled(name, ·)`` at z (equal to 1 at z = 0)."""
    return _out(get_shape(name).prime(_as_array(z)))


def tail(name, z):
    """1 − |f(z)|: how far the function still is from saturating at ±1 (accurate for large |z|)."""
    return _out(get_shape(name).tail_pos(np.abs(_as_array(z))))


def saturation_point(name, level=0.99):
    """The z > 0 where the member reaches ``level`` (for example 0.99 of its limit 1)."""
    shape = get_shape(name)
    level = check_real(level, "level", above=0, below=1)
    gap = 1.0 - float(level)
    lo, hi = 0.0, 1.0
    while float(shape.tail_pos(np.asarray(hi))) > gap:
        hi *= 2.0
    for _ in range(200):                       # bisection: tail falls as z grows
        mid = 0.5 * (lo + hi)
        if float(shape.tail_pos(np.asarray(mid))) > gap:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# ------------------------------------------------------------------ vanishing gradients
def sigmoid_chain_bound(n_layers):
    """The largest possible product σ'(z¹)·σ'(z²)···σ'(z^L) of L sigmoid slopes: (1/4)^L."""
    return 0.25 ** check_int(n_layers, "n_layers", 0, 10_000)


def layer_gradient_norms(activation, depth=10, width=32, batch=64, seed=0):
    """‖∂E/∂W^l‖ (Frobenius norm) for l = 1..depth of a fresh deep network.

    The network has ``depth`` layers of ``width`` neurons using ``activation`` in its hidden
    layers and a linear output layer, initialised as ``helpers.nn.MLP`` does; the batch of
    inputs and targets is standard normal noise drawn from ``seed``.  Layer 1 is nearest the
    input, so a vanishing gradient shows as norms that shrink towards l = 1.
    """
    from ..nn import MLP
    get_activation(activation)                     # a clear error for an unknown name
    depth, width = check_int(depth, "depth", 2, 200), check_int(width, "width", 1, 1024)
    batch, seed = check_int(batch, "batch", 1, 100_000), check_seed(seed)
    net = MLP([width] * (depth + 1), activation=activation, output_activation="linear", seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.normal(size=(batch, width))
    T = rng.normal(size=(batch, width))
    _, dW, _ = net.gradients(X, T)
    return np.array([np.linalg.norm(g) for g in dW])
