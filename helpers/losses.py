"""Loss functions E and their gradients.

A batch is a 2-D array with one sample per row.  Each loss is the mean over
the batch of a per-sample error, so gradients carry a factor 1/B.  Outputs and
targets must have exactly the same shape (nothing is broadcast).

* ``half_sse``: E = Σ_j ½ (t_j − y_j)² per sample (the workbook's default).
* ``cross_entropy``: softmax on the output layer, then E = −Σ_j t_j log y_j, where each
  target row t is a probability distribution (entries >= 0 summing to 1, e.g. one-hot).
"""
import numpy as np

from ._checks import as_floats, check_array, check_choice, check_probability_rows, check_same_shape

LOSSES = ("half_sse", "cross_entropy")


def _pair(Y, T, names=("Y", "T")):
    Y = np.atleast_2d(check_array(Y, names[0]))
    T = np.atleast_2d(check_array(T, names[1]))
    check_same_shape(Y, T, names)
    return Y, T


def _finite(E, what):
    if not np.isfinite(E):
        raise ValueError(f"{what} is too large for a float64 (above 1.8e308): "
                         "the outputs are far too big; check the weights and the learning rate")
    return float(E)


def half_sse(Y, T):
    """Mean over the batch of Σ_j ½ (t_j − y_j)²."""
    Y, T = _pair(Y, T)
    with np.errstate(over="ignore", invalid="ignore"):
        E = 0.5 * np.sum((T - Y) ** 2) / Y.shape[0]
    return _finite(E, "the loss ½(t − y)²")


def half_sse_grad(Y, T):
    """∂E/∂y = −(t − y), divided by the batch size B."""
    Y, T = _pair(Y, T)
    with np.errstate(over="ignore", invalid="ignore"):
        G = -(T - Y) / Y.shape[0]
    if not np.all(np.isfinite(G)):
        _finite(np.inf, "the gradient −(t − y)")
    return G


def _logits(Z):
    """Z as a 2-D float array: checked (finite numbers), except a float64 array, which passes as it is."""
    Z = np.atleast_2d(as_floats(Z, "Z", inf_ok=False))
    if Z.ndim != 2:
        raise ValueError(f"Z must be one row of logits (1-D) or a batch, one row per sample (2-D), got shape {Z.shape}")
    return Z


def softmax(Z):
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    Z = _logits(Z)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(Z):
    Z = _logits(Z)
    with np.errstate(over="ignore"):
        shifted = Z - Z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cross_entropy_from_logits(Z, T):
    """Mean over the batch of −Σ_j t_j log softmax(z)_j, computed from the logits z."""
    Z, T = _pair(Z, T, ("Z", "T"))
    check_probability_rows(T, "T")
    logp = log_softmax(Z)
    with np.errstate(over="ignore", invalid="ignore"):
        E = -np.sum(T * np.where(T > 0, logp, 0.0)) / Z.shape[0]
    return _finite(E, "the cross-entropy")


def check_loss_name(name):
    return check_choice(name, "loss", LOSSES)
