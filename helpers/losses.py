"""Loss functions E and their gradients.

A batch is a 2-D array with one sample per row.  Each loss is the mean over
the batch of a per-sample error, so gradients carry a factor 1/B.

* ``half_sse``: E = Σ_k ½ (t_k − y_k)² per sample (the workbook's default).
* ``cross_entropy``: softmax on the output layer, then E = −Σ_k t_k log y_k.
"""
import numpy as np


def half_sse(Y, T):
    """Mean over the batch of Σ_k ½ (t_k − y_k)²."""
    Y, T = np.atleast_2d(Y), np.atleast_2d(T)
    return float(0.5 * np.sum((T - Y) ** 2) / Y.shape[0])


def half_sse_grad(Y, T):
    """∂E/∂y = −(t − y), divided by the batch size B."""
    Y, T = np.atleast_2d(Y), np.atleast_2d(T)
    return -(T - Y) / Y.shape[0]


def softmax(Z):
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    Z = np.atleast_2d(np.asarray(Z, dtype=float))
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(Z):
    Z = np.atleast_2d(np.asarray(Z, dtype=float))
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cross_entropy_from_logits(Z, T):
    """Mean over the batch of −Σ_k t_k log softmax(z)_k, computed from the logits z."""
    Z, T = np.atleast_2d(Z), np.atleast_2d(T)
    return float(-np.sum(T * log_softmax(Z)) / Z.shape[0])


def cross_entropy_from_logits_grad(Z, T):
    """∂E/∂z = softmax(z) − t, divided by the batch size B."""
    Z, T = np.atleast_2d(Z), np.atleast_2d(T)
    return (softmax(Z) - T) / Z.shape[0]


LOSSES = ("half_sse", "cross_entropy")


def check_loss_name(name):
    if name not in LOSSES:
        raise ValueError(f"loss must be one of {list(LOSSES)}, got {name!r}")
    return name
