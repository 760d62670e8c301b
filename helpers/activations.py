"""Activation functions f(z) and their derivatives f'(z).

Every function takes a number or a NumPy array and works element by element.
A number or a list is checked (NaN is refused); a float64 NumPy array passes as it is, because
a network's inner loop calls these.  They stay finite and warning-free for any z (even ±inf), and the slopes σ'(z) and
tanh'(z) keep full relative precision far out in the tails (no cancellation).

    >>> from helpers.activations import get_activation
    >>> f = get_activation("sigmoid")
    >>> f(0.0), f.prime(0.0)
    (0.5, 0.25)

``Activation.prime_a`` writes f' in terms of the activation a = f(z) where that is
possible (σ' = a(1 − a), tanh' = 1 − a²): a network that has a in its cache need not
recompute f.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from ._checks import as_floats


def _z(z):
    """z as a float array: checked (NaN refused), except a float64 array, which passes as it is."""
    return as_floats(z, "z")


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)); below z = −709, e^(−z) would overflow, so z is clipped there (σ < 1e-307)."""
    return 1.0 / (1.0 + np.exp(-np.maximum(_z(z), -709.0)))


def sigmoid_prime(z):
    """σ'(z) = σ(z)(1 − σ(z)) = e^(−|z|) / (1 + e^(−|z|))², the second form exact in the tails too."""
    e = np.exp(-np.abs(_z(z)))
    return e / (1.0 + e) ** 2


def tanh(z):
    return np.tanh(_z(z))


def tanh_prime(z):
    """tanh'(z) = 1 − tanh(z)² = 4 e^(−2|z|) / (1 + e^(−2|z|))², the second form exact in the tails too."""
    e = np.exp(-2.0 * np.abs(_z(z)))
    return 4.0 * e / (1.0 + e) ** 2


def relu(z):
    return np.maximum(_z(z), 0.0)


def relu_prime(z):
    """1 where z > 0, else 0 (we take the derivative at the kink z = 0 to be 0)."""
    return (_z(z) > 0).astype(float)


LEAKY_SLOPE = 0.01


def leaky_relu(z):
    z = _z(z)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_prime(z):
    return np.where(_z(z) > 0, 1.0, LEAKY_SLOPE)


def softplus(z):
    """log(1 + e^z), a smooth ReLU; np.logaddexp avoids overflow."""
    return np.logaddexp(0.0, _z(z))


def softplus_prime(z):
    """The derivative of softplus is the sigmoid."""
    return sigmoid(z)


def linear(z):
    return _z(z) * 1.0


def linear_prime(z):
    return np.ones_like(_z(z))


@dataclass(frozen=True)
class Activation:
    """A named activation: call it for f(z), use .prime for f'(z), .prime_a for f' from a = f(z)."""
    name: str
    f: Callable
    prime: Callable
    latex: str
    prime_a: Optional[Callable] = None

    def __call__(self, z):
        out = self.f(z)
        return out if np.ndim(out) else float(out)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, r"\sigma(z) = \frac{1}{1 + e^{-z}}",
                          lambda a: a * (1.0 - a)),
    "tanh": Activation("tanh", tanh, tanh_prime, r"\tanh(z)", lambda a: 1.0 - a ** 2),
    "relu": Activation("relu", relu, relu_prime, r"\max(0, z)", lambda a: (a > 0).astype(float)),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime, r"\max(%g z, z)" % LEAKY_SLOPE,
                             lambda a: np.where(a > 0, 1.0, LEAKY_SLOPE)),
    "softplus": Activation("softplus", softplus, softplus_prime, r"\log(1 + e^{z})"),
    "linear": Activation("linear", linear, linear_prime, r"z", np.ones_like),
}


def get_activation(name, argument="activation"):
    """Look an activation up by name; an unknown name lists the valid ones, calling it ``argument``."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str) or name not in ACTIVATIONS:
        shown = repr(name) if len(repr(name)) < 60 else type(name).__name__
        raise ValueError(f"{argument} must be one of {sorted(ACTIVATIONS)}, got {shown}")
    return ACTIVATIONS[name]
