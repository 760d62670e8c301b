"""Notebook 10, *Build it yourself*: the checks for the learner's forward, backward and update,
and the workbook's own reference versions the notebook falls back on until the learner's pass.

The network has two hidden sigmoid layers and a softmax output with the cross-entropy loss
(averaged over the batch), the set-up of notebook 08's digits. Parameters live in a dict

    params = {"W1": (n1, n0), "b1": (n1,), "W2": (n2, n1), "b2": (n2,), "W3": (n3, n2), "b3": (n3,)}

with samples in rows: ``Z1 = X @ W1.T + b1``. The learner writes

    forward(params, X)          -> (Y, cache)      Y: (B, n3) softmax outputs
    backward(params, cache, T)  -> grads           a dict with the keys of params, same shapes
    update(params, grads, lr)   -> new params      one gradient-descent step

and each check compares with :class:`helpers.nn.MLP` on fixed weights (with non-zero biases) and,
for backward, with the central differences of :mod:`helpers.gradcheck` (notebook 07).
"""
import numpy as np

from ._checks import check_instance, describe
from .activations import sigmoid
from .exercises import Verdict, raised, report_right, report_unanswered, report_wrong
from .gradcheck import numerical_gradient, rel_error, verdict
from .losses import softmax
from .nn import MLP

KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")
CHECK_SIZES = (6, 5, 4, 3)      # small, so the finite-difference check is quick
RTOL = 1e-7                     # values agree to 7 significant figures: rounding error only
GRAD_TOL = 1e-7                 # notebook 07's bound for a correct gradient
UPDATE_RATES = (0.1, 0.37)      # two learning rates: a rate written into update instead of lr fails one


def init_params(sizes, seed=0):
    """Weights drawn like MLP's (normal, scaled by 1/√fan-in), biases 0."""
    net = MLP(sizes, activation="sigmoid", loss="cross_entropy", seed=seed)      # MLP checks sizes and seed
    return params_of(net)


def params_of(net):
    """The dict form of an MLP's weights and biases (copies)."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    params = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        params[f"W{l}"], params[f"b{l}"] = W.copy(), b.copy()
    return params


def accuracy(forward, params, X, labels):
    """Fraction of samples whose largest output is the true label."""
    Y, _ = forward(params, X)
    return float(np.mean(np.argmax(Y, axis=1) == labels))


# ---------------------------------------------------------------- the reference (the worked solutions)
def reference_forward(params, X):
    A1 = sigmoid(X @ params["W1"].T + params["b1"])
    A2 = sigmoid(A1 @ params["W2"].T + params["b2"])
    Y = softmax(A2 @ params["W3"].T + params["b3"])
    return Y, (X, A1, A2, Y)


def reference_backward(params, cache, T):
    X, A1, A2, Y = cache
    D3 = (Y - T) / len(X)
    D2 = (D3 @ params["W3"]) * A2 * (1 - A2)
    D1 = (D2 @ params["W2"]) * A1 * (1 - A1)
    return {"W3": D3.T @ A2, "b3": D3.sum(axis=0), "W2": D2.T @ A1, "b2": D2.sum(axis=0),
            "W1": D1.T @ X, "b1": D1.sum(axis=0)}


def reference_update(params, grads, lr):
    return {k: params[k] - lr * grads[k] for k in params}


# ---------------------------------------------------------------- fixed test data
def _fixture(seed=5, batch=7):
    """A 6-5-4-3 network, non-zero biases, one-hot T; 7 samples, no layer's width: a wrong transpose fails on shapes."""
    rng = np.random.default_rng(seed)
    sizes = CHECK_SIZES
    weights = [rng.normal(0, 1, size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(0, 0.5, size=n_out) for n_out in sizes[1:]]
    net = MLP.from_params(weights, biases, activation="sigmoid", loss="cross_entropy")
    X = rng.normal(size=(batch, sizes[0]))
    T = np.eye(sizes[-1])[rng.integers(0, sizes[-1], size=batch)]
    return net, X, T


def _call(name, func, *args):
    """(result, None) or (None, problem) — the learner's function may raise anything."""
    try:
        return func(*args), None
    except Exception as exc:
        return None, raised(f"Calling {name}", exc)


def _dict_problem(fname, result, wanted, owner):
    """None, or what is wrong with ``result``, which should be a dict with every key of KEYS."""
    if result is None:
        return f"Your {fname} returned None (did you forget `return`?)"
    if not isinstance(result, dict):
        return f"Your {fname} should return {wanted}; it returned {describe(result)}"
    missing = [k for k in KEYS if k not in result]
    return f"{owner} no {', '.join(missing)}" if missing else None


def _as_array(value, label, shape):
    """(array, None) or (None, problem) for a value that should be a NumPy array of real numbers of
    this shape. A list is refused too: the training loop below needs arrays (``.T``, ``@``)."""
    if value is None:
        return None, f"{label} is None (did you forget `return`?)"
    if not isinstance(value, np.ndarray):
        got = f"a {type(value).__name__}" if isinstance(value, (list, tuple)) else describe(value)
        return None, f"{label} should be a NumPy array of shape {shape}, got {got}"
    if value.dtype.kind not in "fiu":
        return None, f"{label} should hold real numbers, got an array of dtype {value.dtype}"
    arr = value.astype(float)
    if arr.shape != shape:
        return None, f"{label} should have shape {shape}, got shape {arr.shape}"
    if not np.all(np.isfinite(arr)):
        return None, f"{label} contains NaN or infinity"
    return arr, None


def _mismatch(label, got, want):
    if np.allclose(got, want, rtol=RTOL, atol=1e-12):
        return None
    i = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    where = "[" + ", ".join(map(str, i)) + "]"
    return f"{label}{where} is {got[i]:.6g}, expected {want[i]:.6g}"


def _verdict(name, problem, hint):
    return report_right(name) if problem is None else report_wrong(name, problem + ".", hint)


def _things(value):
    """What a returned value holds, shortly: 'a tuple of 2 things: (7, 6), (7, 5)', a dict's keys, or its repr."""
    if isinstance(value, dict):
        return "a dict with the keys " + ", ".join(map(repr, list(value)[:8]))
    if not isinstance(value, (tuple, list)):
        return describe(value)
    parts = ", ".join(str(c.shape) if isinstance(c, np.ndarray) else type(c).__name__ for c in value[:8])
    return f"a {type(value).__name__} of {len(value)} thing{'s' * (len(value) != 1)}" + (f": {parts}" if parts else "")


def _unanswered_function(func):
    return func is Ellipsis or func is None


# ---------------------------------------------------------------- the checks
def check_forward(forward, name="Step 1: forward", hint=""):
    """Shapes, then values: Y against MLP.forward on a 6-5-4-3 network with non-zero biases."""
    if _unanswered_function(forward):
        return report_unanswered(name)
    try:
        net, X, T = _fixture()
        params = params_of(net)
        result, problem = _call("forward", forward, params, X)
        if problem is None and result is Ellipsis:
            return report_unanswered(name)
        if problem is None:
            if result is None:
                problem = "Your forward returned None (did you forget `return`?)"
            elif not (isinstance(result, tuple) and len(result) == 2):
                problem = f"Your forward should return two things, (Y, cache); it returned {_things(result)}"
            elif result[0] is Ellipsis:
                return report_unanswered(name)
            else:
                Y, problem = _as_array(result[0], "Y", (len(X), CHECK_SIZES[-1]))
                if problem is None and (problem := _mismatch("Y", Y, net.forward(X))):
                    return _verdict(name, problem, hint)           # the hint is about the values
                if problem is None and (result[1] is None or result[1] is Ellipsis):
                    problem = f"Y is right; the cache is {'None' if result[1] is None else '...'}: return what backward needs"
        return _verdict(name, problem, "")
    except Exception as exc:   # a check must never crash the learner's notebook
        return report_wrong(name, f"Could not check forward ({type(exc).__name__}).", hint)


def check_backward(backward, forward=reference_forward, name="Step 2: backward", hint=""):
    """Shapes, values against MLP.backward_pass, and every gradient against central differences."""
    if _unanswered_function(backward):
        return report_unanswered(name)
    try:
        net, X, T = _fixture()
        params = params_of(net)
        _, cache = forward(params, X)
        grads, problem = _call("backward", backward, params, cache, T)
        if problem is None and grads is Ellipsis:
            return report_unanswered(name)
        about_values = False
        if problem is None:
            problem = _dict_problem("backward", grads, f"a dict with the keys {', '.join(KEYS)}",
                                    "The gradients dict has")
        if problem is None:
            if any(grads[k] is Ellipsis for k in KEYS):
                return report_unanswered(name)
            _, dW, db = net.backward_pass(net.forward_pass(X), T)
            expected = {}
            for l in range(1, 4):
                expected[f"W{l}"], expected[f"b{l}"] = dW[l - 1], db[l - 1]
            # central differences of the loss, as in notebook 07: the truth, whatever MLP does
            def loss():                                # numerical_gradient nudges params[k] in place
                Y, _ = reference_forward(params, X)
                return -np.mean(np.sum(T * np.log(Y), axis=1))

            errors, shapes_ok = {}, True
            for k in reversed(KEYS):                   # W3 first: the first one flagged is where a bug starts
                got, problem = _as_array(grads[k], f"grads['{k}']", params[k].shape)
                if problem:
                    shapes_ok = False
                    break
                errors[k] = rel_error(got, numerical_gradient(loss, params[k]))
            if shapes_ok:
                about_values = True
                wrong = [k for k in reversed(KEYS) if errors[k] > GRAD_TOL]
                if wrong:
                    k = wrong[0]
                    problem = (f"Against central differences (notebook 07) these gradients are off: "
                               f"{', '.join(wrong)}; grads['{k}'] has relative error {errors[k]:.1e} "
                               f"({verdict(errors[k])}; a right one is under {GRAD_TOL:.0e})")
                else:
                    for k in reversed(KEYS):
                        problem = _mismatch(f"grads['{k}']", np.asarray(grads[k], dtype=float), expected[k])
                        if problem:
                            break
        if problem is not None and problem.startswith("Calling backward raised"):
            problem += (" (your backward was given the reference forward's cache, (X, A1, A2, Y))"
                        if forward is reference_forward else
                        f" (your backward was given the cache your forward returned, {_things(cache)})")
        verdict_text = _verdict(name, problem, hint if about_values else "")
        if problem is None:
            worst = max(errors.values())
            print(f"   largest relative error against central differences: {worst:.0e} ({verdict(worst)})")
        return verdict_text
    except Exception as exc:   # a check must never crash the learner's notebook
        return report_wrong(name, f"Could not check backward ({type(exc).__name__}).", hint)


def check_update(update, name="Step 3: update", hint=""):
    """One step with lr = 0.1 and one with lr = 0.37 against W − η ∂E/∂W for every parameter
    (two rates, so that a rate typed into the function instead of `lr` is caught)."""
    if _unanswered_function(update):
        return report_unanswered(name)
    try:
        net, X, T = _fixture()
        problem, about_values = None, False
        for lr in UPDATE_RATES:
            params = params_of(net)
            grads = reference_backward(params, reference_forward(params, X)[1], T)
            # the learner's update gets copies: one that changes params or grads in place is right too
            new, problem = _call("update", update, {k: v.copy() for k, v in params.items()},
                                 {k: v.copy() for k, v in grads.items()}, lr)
            if problem is None and new is Ellipsis:
                return report_unanswered(name)
            if problem is None:
                problem = _dict_problem("update", new, "the new params, a dict", "The new params have")
            if problem is None:
                for k in KEYS:
                    got, problem = _as_array(new[k], f"new['{k}']", params[k].shape)
                    if problem is None:
                        problem = _mismatch(f"new['{k}']", got, params[k] - lr * grads[k])
                        about_values = problem is not None
                    if problem:
                        problem += f" (with lr = {lr})"
                        break
            if problem:
                break
        return _verdict(name, problem, hint if about_values else "")
    except Exception as exc:   # a check must never crash the learner's notebook
        return report_wrong(name, f"Could not check update ({type(exc).__name__}).", hint)


def yours_or_reference(verdict_text, mine, reference):
    """The learner's function once its check passed; until then the reference, saying so."""
    if isinstance(verdict_text, Verdict) and verdict_text.status == "right":
        return mine
    print("   (the cells below use the workbook's reference version until yours passes this check)")
    return reference


def pair_or_reference(verdict_text, forward, backward):
    """The (forward, backward) pair training uses, chosen together: the learner's backward once it
    passed its check on the cache of this forward; until then both reference versions, because the
    reference backward reads the reference forward's cache and may not understand the learner's."""
    if isinstance(verdict_text, Verdict) and verdict_text.status == "right":
        return forward, backward
    if forward is reference_forward:
        print("   (the cells below use the workbook's reference version until yours passes this check)")
    else:
        print("   (the cells below use the workbook's reference versions of forward AND backward until your "
              "backward passes: the reference backward reads the reference forward's cache, not yours)")
    return reference_forward, reference_backward


__all__ = ["KEYS", "accuracy", "check_backward", "check_forward", "check_update", "init_params",
           "pair_or_reference", "params_of", "reference_backward", "reference_forward", "reference_update", "sigmoid",
           "softmax", "yours_or_reference"]
