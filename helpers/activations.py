"""Activation functions f(z) and their derivatives f'(z).

Every function takes a number or a NumPy array and works element by element.
They stay finite and warning-free for |z| up to 1e4 (and well beyond).

    >>> from helpers.activations import get_activation
    >>> f = get_activation("sigmoid")
    >>> f(0.0), f.prime(0.0)
    (0.5, 0.25)
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)).

    For z below about −709, e^(−z) overflows to inf and 1 / (1 + inf) = 0, which is the
    right answer to float64 precision, so that overflow is silenced rather than avoided.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """σ'(z) = σ(z)·(1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    """tanh'(z) = 1 − tanh(z)²."""
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_prime(z):
    """1 where z > 0, else 0 (we take the derivative at the kink z = 0 to be 0)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)


LEAKY_SLOPE = 0.01


def leaky_relu(z):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_prime(z):
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, LEAKY_SLOPE)


def softplus(z):
    """log(1 + e^z), a smooth ReLU; np.logaddexp avoids overflow."""
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


def softplus_prime(z):
    """The derivative of softplus is the sigmoid."""
    return sigmoid(z)


def linear(z):
    return np.asarray(z, dtype=float) * 1.0


def linear_prime(z):
    return np.ones_like(np.asarray(z, dtype=float))


@dataclass(frozen=True)
class Activation:
    """A named activation: call it for f(z), use .prime for f'(z)."""
    name: str
    f: Callable
    prime: Callable
    latex: str

    def __call__(self, z):
        out = self.f(z)
        return out if np.ndim(out) else float(out)

    def derivative(self, z):
        out = self.prime(z)
        return out if np.ndim(out) else float(out)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
    "tanh": Activation("tanh", tanh, tanh_prime, r"\tanh(z)"),
    "relu": Activation("relu", relu, relu_prime, r"\max(0, z)"),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime,
                             r"\max(%g z, z)" % LEAKY_SLOPE),
    "softplus": Activation("softplus", softplus, softplus_prime, r"\log(1 + e^{z})"),
    "linear": Activation("linear", linear, linear_prime, r"z"),
}


def get_activation(name):
    """Look an activation up by name; an unknown name lists the valid ones."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]
