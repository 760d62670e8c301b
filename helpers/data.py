"""Small data sets, made or shipped, never downloaded.

Every loader returns a :class:`Dataset` with inputs scaled to [0, 1], integer labels,
one-hot targets and a deterministic train/test split (seeded).

* ``load_toy(name)``: 2-D toy problems for plots: 'xor', 'circles', 'moons', 'spiral', 'gaussians'.
* ``load_digits()``: 1797 handwritten digits, 8×8 pixels, 10 classes (see the README for credit).
* ``xor_table()``: the four rows of the XOR truth table.
"""
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ._checks import ArgumentTypeError, check_array, check_choice, check_int, check_real, check_seed

TOY_SETS = ("xor", "circles", "moons", "spiral", "gaussians")


@dataclass
class Dataset:
    name: str
    X_train: np.ndarray   # (n_train, n_features), floats in [0, 1]
    y_train: np.ndarray   # (n_train,), integer class labels
    T_train: np.ndarray   # (n_train, n_classes), one-hot targets
    X_test: np.ndarray
    y_test: np.ndarray
    T_test: np.ndarray

    @property
    def n_classes(self):
        return self.T_train.shape[1]

    def __repr__(self):
        return (f"Dataset({self.name!r}: {len(self.X_train)} train / {len(self.X_test)} test samples, "
                f"{self.X_train.shape[1]} inputs, {self.n_classes} classes)")


def one_hot(y, n_classes):
    """Targets T with T[i, y_i] = 1 and 0 elsewhere, for whole-number labels y in 0..n_classes−1."""
    n_classes = check_int(n_classes, "n_classes", 1)
    labels = check_array(y, "y", ndim=1, what="whole-number class labels")
    if np.any(labels != np.round(labels)):
        raise ArgumentTypeError(f"y must hold whole-number class labels, got {labels[labels != np.round(labels)][:3]}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"y must hold labels from 0 to {n_classes - 1} (n_classes={n_classes}), "
                         f"got labels from {labels.min():g} to {labels.max():g}")
    T = np.zeros((labels.size, n_classes))
    T[np.arange(labels.size), labels.astype(int)] = 1.0
    return T


def _split(name, X, y, test_fraction, rng):
    test_fraction = check_real(test_fraction, "test_fraction", above=0, below=1)
    n_classes = int(y.max()) + 1
    order = rng.permutation(len(X))
    n_test = int(round(len(X) * test_fraction))
    if not 0 < n_test < len(X):
        raise ValueError(f"test_fraction={test_fraction:g} of {len(X)} samples leaves {len(X) - n_test} for "
                         f"training and {n_test} for testing; both need at least one sample")
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, X[train], y[train], one_hot(y[train], n_classes),
                   X[test], y[test], one_hot(y[test], n_classes))


def _scale01(X):
    lo, hi = X.min(axis=0), X.max(axis=0)
    return (X - lo) / np.where(hi > lo, hi - lo, 1.0)


def _make_toy(name, n, noise, rng):
    half = n // 2
    y = np.r_[np.zeros(half, int), np.ones(n - half, int)]
    if name == "xor":
        X = rng.uniform(-1, 1, size=(n, 2))
        X += np.sign(X) * 0.1                     # a small gap along the axes
        y = (X[:, 0] * X[:, 1] < 0).astype(int)
        X += rng.normal(0, noise, X.shape)
    elif name == "circles":
        angle = rng.uniform(0, 2 * np.pi, n)
        radius = np.where(y == 0, 1.0, 0.5)
        X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(0, noise, (n, 2))
    elif name == "moons":
        angle = rng.uniform(0, np.pi, n)
        upper = np.c_[np.cos(angle), np.sin(angle)]
        lower = np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
        X = np.where(y[:, None] == 0, upper, lower) + rng.normal(0, noise, (n, 2))
    elif name == "spiral":
        r = rng.uniform(0.1, 1.0, n)
        angle = 3 * np.pi * r + np.pi * y
        X = np.c_[r * np.cos(angle), r * np.sin(angle)] + rng.normal(0, noise / 2, (n, 2))
    elif name == "gaussians":
        centres = np.array([[-1.0, -1.0], [1.0, 1.0]])
        X = centres[y] + rng.normal(0, 0.5 + noise, (n, 2))
    else:
        raise ValueError(f"name must be one of {list(TOY_SETS)}, got {name!r}")
    return X, y


def check_noise(noise):
    """Return noise as a float if it is a finite real number >= 0 (not a bool or a string), else raise."""
    return check_real(noise, "noise", minimum=0)


def load_toy(name, n_samples=200, noise=0.1, test_fraction=0.3, seed=0):
    """A seeded 2-D, two-class toy problem, scaled into the unit square."""
    check_choice(name, "name", TOY_SETS)
    n_samples = check_int(n_samples, "n_samples", 4, 100_000)
    noise = check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    X, y = _make_toy(name, n_samples, noise, rng)
    return _split(name, _scale01(X), y, test_fraction, rng)


def load_digits(test_fraction=0.5, seed=0):
    """The 8×8 handwritten digits: 64 inputs (pixel darkness / 16), 10 classes."""
    seed = check_seed(seed)
    with resources.files("helpers").joinpath("datasets/digits.npz").open("rb") as fh:
        with np.load(fh, allow_pickle=False) as archive:
            images, labels = archive["images"], archive["labels"]
    X = images.reshape(len(images), 64).astype(float) / 16.0
    return _split("digits", X, labels.astype(int), test_fraction, np.random.default_rng(seed))


def xor_table():
    """The XOR truth table as (X, T): four inputs, one 0/1 target each."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, T
