"""Finite differences under the microscope, what gradients cost, and backward passes with planted bugs.

Three small tools for notebook 07:

* ``step_size_study``: the error of forward and central differences as the step h shrinks
  (truncation error falls, round-off error rises).
* ``CountingMLP`` and ``gradient_costs``: count the forward and backward passes that a
  finite-difference gradient and a backprop gradient need (deterministic, no clocks), and
  ``time_gradients`` to measure the same thing with a clock.
* ``BUGS`` and ``buggy_network``: three copies of ``MLP.backward_pass``, each with one
  planted mistake, for the bug hunt.
"""
import time

import numpy as np

from .. import losses
from .._checks import check_array, check_callable, check_instance, check_int, check_real
from ..gradcheck import central_difference, numerical_mlp_gradients   # central: (f(x + h) − f(x − h)) / 2h
from ..nn import MLP


# ------------------------------------------------------------------ finite differences
def forward_difference(f, x, h):
    """(f(x + h) − f(x)) / h: error shrinks like h (``central_difference``'s like h²)."""
    check_callable(f, "f", "a function of one number")
    x, h = check_real(x, "x"), check_real(h, "h (the step size)", above=0)
    return (f(x + h) - f(x)) / h


def step_sizes(smallest=1e-16, largest=1.0, per_decade=4):
    """Step sizes h spaced evenly on a log scale, from ``smallest`` to ``largest``."""
    smallest = check_real(smallest, "smallest", above=0)
    largest = check_real(largest, "largest", above=0)
    if smallest >= largest:
        raise ValueError(f"smallest must be below largest, got {smallest!r} and {largest!r}")
    per_decade = check_int(per_decade, "per_decade", 1, 1000)
    decades = np.log10(largest) - np.log10(smallest)
    return np.logspace(np.log10(smallest), np.log10(largest), int(round(decades * per_decade)) + 1)


def step_size_study(f, f_prime, x, hs=None):
    """Absolute error |estimate − f'(x)| of both difference formulas for every step h.

    Returns {'h': array, 'forward': array, 'central': array, 'exact': f'(x)}.
    An error of exactly 0 (the estimate happened to hit f'(x)) is kept as 0.
    """
    check_callable(f, "f", "a function of one number")
    check_callable(f_prime, "f_prime", "a function of one number")
    x = check_real(x, "x")
    hs = step_sizes() if hs is None else check_array(hs, "hs", ndim=1)
    if hs.size == 0 or np.any(hs <= 0):
        raise ValueError("hs must be a non-empty 1-D list of finite step sizes > 0")
    exact = float(f_prime(x))
    result = {"h": hs, "exact": exact}
    for method, rule in (("forward", forward_difference), ("central", central_difference)):
        result[method] = np.array([abs(rule(f, x, h) - exact) for h in hs])
    return result


def predicted_best(study, f_value, eps=np.finfo(float).eps, fit=(1e-4, 1e-1)):
    """The best step and its error for each formula, from a model rather than from the noisy minimum.

    The truncation error is fitted where it dominates (h in ``fit``): C·h for forward, C·h² for
    central differences; round-off adds about eps·|f|/h. The smallest total, C·h^p + eps·|f|/h, is
    at h = (eps·|f| / (p·C))^(1/(p+1)). The measured minimum depends on how the round-off of a few
    last bits happens to fall (it changes from one CPU's exp to another's); this does not.
    Returns {'forward': (h, error), 'central': (h, error)}.
    """
    if not isinstance(study, dict) or not {"h", "forward", "central"} <= set(study):
        raise TypeError("study must be the dict returned by step_size_study")
    f_value = check_real(f_value, "f_value (f at the point)")
    h = np.asarray(study["h"], dtype=float)
    inside = (h >= fit[0]) & (h <= fit[1])
    if inside.sum() < 2:
        raise ValueError(f"study has fewer than 2 step sizes between {fit[0]:g} and {fit[1]:g} to fit")
    noise = eps * max(abs(f_value), eps)
    out = {}
    for method, power in (("forward", 1), ("central", 2)):
        err = np.asarray(study[method], dtype=float)[inside]
        if np.any(err <= 0) or not abs(np.polyfit(np.log(h[inside]), np.log(err), 1)[0] - power) < 0.3:
            raise ValueError(f"the {method} errors between h = {fit[0]:g} and {fit[1]:g} do not fall like h^{power}: "
                             "the truncation error does not dominate there, so there is nothing to fit")
        C = float(np.exp(np.median(np.log(err / h[inside] ** power))))
        best_h = (noise / (power * C)) ** (1 / (power + 1))
        out[method] = (best_h, C * best_h ** power + noise / best_h)
    return out


# ------------------------------------------------------------------ counting the cost
class CountingMLP(MLP):
    """An MLP that counts its forward and backward passes (one per call, whatever the batch)."""

    forward_passes = backward_passes = 0

    def reset_counts(self):
        self.forward_passes = 0
        self.backward_passes = 0

    def forward_pass(self, X):
        self.forward_passes += 1
        return super().forward_pass(X)

    def backward_pass(self, cache, T, input_grad=False, loss=True):
        self.backward_passes += 1
        return super().backward_pass(cache, T, input_grad, loss)


def counting_copy(net):
    """A CountingMLP with the same weights, biases, activations and loss as ``net``."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    return CountingMLP.from_params(net.weights, net.biases, net.f, net.f_out or "softmax", net.loss_name)


def gradient_costs(net, x, t):
    """Count the passes each way of getting every gradient takes on (x, t).

    Returns {'n_params': P, 'numerical': {'forward': 2P, 'backward': 0},
    'backprop': {'forward': 1, 'backward': 1}} (central differences, order 2),
    with the numbers *counted* on a copy of ``net``, not computed from a formula.
    """
    counter = counting_copy(net)
    numerical_mlp_gradients(counter, x, t)
    numerical = {"forward": counter.forward_passes, "backward": counter.backward_passes}
    counter.reset_counts()
    counter.gradients(x, t)
    backprop = {"forward": counter.forward_passes, "backward": counter.backward_passes}
    return {"n_params": net.n_params, "numerical": numerical, "backprop": backprop}


def time_gradients(net, x, t, repeats=3):
    """Seconds (the best of ``repeats``) for the finite-difference and the backprop gradient."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    repeats = check_int(repeats, "repeats", 1, 1000)
    times = {}
    for name, run in (("numerical", lambda: numerical_mlp_gradients(net, x, t)),
                      ("backprop", lambda: net.gradients(x, t))):
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        times[name] = best
    return times


# ------------------------------------------------------------------ planted bugs
# The four equations for the half_sse loss, written out plainly, with one line changed per bug.
def _backward(net, cache, T, bug):
    zs, activations, L = cache["z"], cache["a"], net.n_layers
    T = np.atleast_2d(T)
    if bug == "missing_f_prime":
        delta = losses.half_sse_grad(activations[-1], T)                                # BUG: no ⊙ f'(z^L)
    else:
        delta = losses.half_sse_grad(activations[-1], T) * net.f_out.prime(zs[-1])   # (BP1)
    dW, db = [None] * L, [None] * L
    for l in range(L, 0, -1):
        if bug == "forgot_bias":
            db[l - 1] = np.zeros_like(net.biases[l - 1])                                # BUG: never computed
        else:
            db[l - 1] = delta.sum(axis=0)                                               # (BP3)
        dW[l - 1] = delta.T @ activations[l - 1]                                        # (BP4)
        if l > 1:
            W = net.weights[l - 1]
            if bug == "transposed_weight":
                delta = (delta @ W.T) * net.f.prime(zs[l - 2])                          # BUG: Wᵀ, not W
            else:
                delta = (delta @ W) * net.f.prime(zs[l - 2])                            # (BP2)
    return losses.half_sse(activations[-1], T), dW, db


BUGS = {
    "missing_f_prime": "the output error δ^L forgets to multiply by f'(z^L)",
    "transposed_weight": "the hidden error δ^l uses (W^{l+1})ᵀ where W^{l+1} belongs",
    "forgot_bias": "the bias gradients are never computed (left at zero)",
}


class BuggyMLP(MLP):
    """An MLP whose backward pass has one planted bug (a key of ``BUGS``); forward is correct."""
    bug = None

    def backward_pass(self, cache, T, input_grad=False, loss=True):
        if input_grad:
            raise ValueError("input_grad is not supported by the bug-hunt networks")
        return _backward(self, cache, T, self.bug)          # (computes E whatever ``loss`` says)


def buggy_network(bug, sizes=(4, 3, 3, 3), activation="sigmoid", seed=0):
    """A fresh network of the given sizes whose backward pass has the planted ``bug``.

    ``bug=None`` gives the same network with a correct backward pass.  With the default
    sizes every W^l above the first is square (3×3), so the transposed-weight bug runs
    without a shape error: the quietest kind of bug.
    """
    if bug is not None and (not isinstance(bug, str) or bug not in BUGS):
        raise ValueError(f"bug must be None or one of {list(BUGS)}, got {bug!r}")
    ref = MLP(sizes, activation=activation, seed=seed)
    if bug == "transposed_weight" and any(W.shape[0] != W.shape[1] for W in ref.weights[1:]):
        raise ValueError("the transposed_weight bug needs every layer after the first to have the same "
                         f"width (square W^2..W^L), got sizes {list(sizes)}")
    net = BuggyMLP.from_params(ref.weights, ref.biases, ref.f, ref.f_out or "softmax", ref.loss_name)
    net.bug = bug
    return net
