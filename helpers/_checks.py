"""Argument checks: one home for them, so every public function answers bad input the same way.

Each check returns the value in the form the caller needs (an ``int``, a ``float``, a
float64 array) or raises an error whose message names the argument, shows what was
given and says what was expected.  A value of the wrong *type* raises
``ArgumentTypeError``, which is both a ``TypeError`` and a ``ValueError``, so code that
catches either one keeps working.
"""
import numbers

import numpy as np

MAX_WIDTH = 4096        # neurons per layer: 4,096 × 4,096 weights are 128 MiB


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a string where a number belongs, a bool, a complex array...)."""


def show(value, limit=60):
    """A short repr of value for a message; never raises, and an unreadable repr (one that fails,
    or <...>) becomes 'a Foo object'."""
    try:
        text = " ".join(repr(value).split())
    except Exception:
        text = "<>"
    if text.startswith("<"):
        return f"a {type(value).__name__} object"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def describe(value, limit=60):
    """What value is, for a message: its short repr and type, "'abc' (str)" or 'Value(1, grad=0) (Value)';
    'an array of shape (2,) and dtype float64: [0.1 0.2]'; 'None'; or 'a Foo object' when its repr
    is unreadable. Short, and it never raises (an argument or a learner's answer may be anything)."""
    if isinstance(value, np.ndarray):
        head = f"an array of shape {value.shape} and dtype {value.dtype}"
        try:
            text = " ".join(np.array2string(value, precision=5, threshold=8, edgeitems=2).split())
        except Exception:
            return head
        return f"{head}: {text}" if len(text) <= limit else head
    text, kind = show(value, limit), type(value).__name__
    if text == f"a {kind} object" or value is None or value is Ellipsis or type(value).__module__.startswith("sympy"):
        return text
    return f"{text} ({kind})"



def check_int(value, name, minimum=0, maximum=None):
    """value as an int if it is a whole number (not a bool) in [minimum, maximum]."""
    wanted = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum:,}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be a whole number {wanted}, got {describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be a whole number {wanted}, got {value}")
    return int(value)


def check_real(value, name, minimum=None, maximum=None, above=None, below=None, what="a finite number"):
    """value as a float if it is a finite real number (not a bool, not complex) within the bounds.

    ``minimum``/``maximum`` are inclusive bounds, ``above``/``below`` exclusive ones.
    """
    bounds = [(minimum, lambda v, m: v >= m, ">="), (above, lambda v, m: v > m, ">"),
              (maximum, lambda v, m: v <= m, "<="), (below, lambda v, m: v < m, "<")]
    if minimum is not None and maximum is not None:
        wanted = f"{what} from {minimum:g} to {maximum:g}"
    else:
        wanted = what + "".join(f"{' and' if i else ''} {op} {m:g}"
                                for i, (m, _, op) in enumerate(b for b in bounds if b[0] is not None))
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be {wanted}, got {describe(value)}")
    value = float(value)
    if not (np.isfinite(value) and all(m is None or test(value, m) for m, test, _ in bounds)):
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return value


def check_lr(lr, name="lr"):
    """The learning rate η: a finite number > 0."""
    return check_real(lr, f"{name} (the learning rate η)", above=0)


def check_l2(l2, name="l2"):
    """The L2 (weight-decay) strength α: a finite number >= 0."""
    return check_real(l2, f"{name} (the L2 strength α)", minimum=0)


def check_seed(seed, name="seed"):
    """A seed for ``numpy.random.default_rng``: a whole number >= 0."""
    return check_int(seed, name, 0)


def check_choice(value, name, choices):
    """value if it is one of ``choices`` (names such as 'sigmoid')."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {show(value)}")
    return value


def check_callable(value, name, what="a function"):
    if not callable(value):
        raise ArgumentTypeError(f"{name} must be {what}, got {describe(value)}")
    return value


def check_instance(value, cls, name, what=None):
    """value if it is an instance of ``cls`` (for example ``net`` an MLP)."""
    if not isinstance(value, cls):
        raise ArgumentTypeError(f"{name} must be {what or 'a ' + cls.__name__}, got {describe(value)}")
    return value


def check_array(values, name, ndim=None, finite=True, what="numbers"):
    """values as a float64 array; refuses text, None, bool and complex values, NaN and inf."""
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise ArgumentTypeError(f"{name} must be {what} (a list or NumPy array), got {describe(values)}")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):            # ragged nested lists
        raise ArgumentTypeError(f"{name} must be {what} in a rectangular list or NumPy array, "
                                f"got {show(values)}") from None
    kind = arr.dtype.kind
    if kind == "b":
        raise ArgumentTypeError(f"{name} must be {what}, got True/False values (dtype bool); "
                                "convert them with .astype(float) if you mean 0 and 1")
    if kind == "c":
        raise ArgumentTypeError(f"{name} must be real {what}, got complex values")
    if kind not in "iuf":
        try:
            if kind != "O" or any(v is None or isinstance(v, (bool, complex, str)) for v in arr.ravel()):
                raise TypeError
            arr = arr.astype(float)
        except (TypeError, ValueError):
            raise ArgumentTypeError(f"{name} must be {what}, got {show(values)}") from None
    arr = arr.astype(float, copy=False)
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name} must be a {ndim}-D array of {what}, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf; every value must be a finite number")
    return arr


def check_numbers(values, name, what="a number or an array of numbers", inf_ok=True):
    """values as a float array for an element-wise function: NaN is refused (it is no number at
    all), ±inf is allowed if ``inf_ok`` (where the function's limits are defined)."""
    arr = check_array(values, name, finite=not inf_ok, what=what)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN (not a number); every value must be a number (±inf is allowed)")
    return arr


def as_floats(values, name, inf_ok=True):
    """values as a float array for a formula applied entry by entry (an activation, a softmax).

    A float64 NumPy array passes as it is, unchecked: that is how a network's inner loop calls
    the formulas (it checks its inputs once, at the door, and its parameters every epoch; while it
    diverges its z may be inf or NaN, and that is reported as divergence, not here).  Anything
    else, a number or a list, is checked by ``check_numbers``.
    """
    if type(values) is np.ndarray and values.dtype == np.float64:
        return values
    return check_numbers(values, name, inf_ok=inf_ok)


def check_batch(values, width, name, what="inputs"):
    """(2-D float array (B, width), was_one_sample) for one sample (width,) or a batch (B, width)."""
    arr = check_array(values, name)
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be one sample of {width} {what} (1-D) or a batch "
                         f"(B, {width}) (2-D), got shape {arr.shape}")
    single = arr.ndim == 1
    arr = np.atleast_2d(arr)
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch: it needs at least one sample")
    if arr.shape[1] != width:
        raise ValueError(f"{name} must have {width} {what} per sample, got shape {np.shape(values)}")
    return arr, single


def check_same_shape(a, b, names):
    """Two arrays of exactly the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got {a.shape} and {b.shape}")


def check_probability_rows(T, name="t"):
    """Each row of T a probability distribution: entries >= 0 summing to 1 (within 1e-9)."""
    sums = T.sum(axis=1)
    if np.any(T < 0) or np.any(np.abs(sums - 1.0) > 1e-9):
        row = int(np.argmax((T < 0).any(axis=1) | (np.abs(sums - 1.0) > 1e-9)))
        raise ValueError(f"{name} must hold probability rows for loss='cross_entropy' (entries >= 0 "
                         f"summing to 1, e.g. one-hot), but row {row} is {show(T[row].tolist())} "
                         f"(sum {sums[row]:.6g})")
    return T


def check_sizes(sizes, name="sizes"):
    """Layer widths from input to output, such as [2, 3, 1]: at least two, each 1..MAX_WIDTH."""
    if isinstance(sizes, (str, bytes)) or not np.iterable(sizes):
        raise ArgumentTypeError(f"{name} must be a list of layer widths such as [2, 3, 1], got {describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"{name} must list at least two layer widths (input and output), got {sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"{name} must be whole numbers >= 1 (neurons per layer), got {show(sizes)}")
        if n > MAX_WIDTH:
            need = 8.0 * n * max(sizes)
            raise ValueError(f"{name}: a width of {n:,} needs {_bytes(need)} for one weight matrix; "
                             f"use at most {MAX_WIDTH:,} neurons per layer")
    return [int(n) for n in sizes]


def _bytes(n):
    for unit in ("bytes", "kB", "MB", "GB", "TB", "PB"):
        if n < 1000 or unit == "PB":
            return f"{n:.3g} {unit}"
        n /= 1000


def check_params(weights, biases):
    """Copies of a network's weights (list of (n_out, n_in)) and biases (list of (n_out,)) that chain."""
    for name, value in (("weights", weights), ("biases", biases)):
        if isinstance(value, (str, bytes, dict)) or not np.iterable(value):
            shape = "(n_out, n_in)" if name == "weights" else "(n_out,)"
            raise ArgumentTypeError(f"{name} must be a list of arrays, one {shape} per layer, got {describe(value)}")
    weights = [check_array(W, f"weights[{i}]") for i, W in enumerate(weights)]
    biases = [check_array(b, f"biases[{i}]") for i, b in enumerate(biases)]
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(f"weights and biases must be lists of the same non-zero length "
                         f"(one per layer), got {len(weights)} and {len(biases)}")
    for i, (W, b) in enumerate(zip(weights, biases)):
        if W.ndim != 2 or W.size == 0:
            raise ValueError(f"weights[{i}] (W^{i + 1}) must be a 2-D array (n_out, n_in), got shape {W.shape}")
        if b.shape != (W.shape[0],):
            raise ValueError(f"biases[{i}] (b^{i + 1}) must have shape ({W.shape[0]},) to match "
                             f"weights[{i}] of shape {W.shape}, got {b.shape}")
        if i and W.shape[1] != weights[i - 1].shape[0]:
            raise ValueError(f"weights[{i}] has {W.shape[1]} columns but layer {i} has {weights[i - 1].shape[0]} "
                             f"neurons: shapes {[w.shape for w in weights]} do not chain")
    check_sizes([weights[0].shape[1]] + [W.shape[0] for W in weights], "the layer widths")
    return [W.copy() for W in weights], [b.copy() for b in biases]


def check_both(a, b, names):
    """True if both of an optional pair (such as X_test, T_test) are given, False if neither."""
    if (a is None) != (b is None):
        given = [f"{n}={'None' if v is None else 'an array'}" for n, v in zip(names, (a, b))]
        raise ValueError(f"{names[0]} and {names[1]} must be given together (both or neither), "
                         f"got {given[0]} and {given[1]}")
    return a is not None


def check_xt(x, t, sizes, probabilities=False, names=("x", "t")):
    """Inputs X (B, sizes[0]) and targets T (B, sizes[-1]) as 2-D float arrays, the same B samples.

    ``probabilities``: each row of T must be a probability distribution (cross-entropy).
    """
    X, _ = check_batch(x, sizes[0], names[0], "inputs")
    T, _ = check_batch(t, sizes[-1], names[1], "targets (one per output neuron)")
    if X.shape[0] != T.shape[0]:
        raise ValueError(f"{names[0]} and {names[1]} must hold the same number of samples, "
                         f"got {names[0]} {np.shape(x)} and {names[1]} {np.shape(t)}")
    return X, (check_probability_rows(T, names[1]) if probabilities else T)


def check_fit(sizes, probabilities, X, T, X_test, T_test, lr, l2, seed, epochs, batch_size, callback, record_every):
    """Every argument of ``MLP.fit``, checked before any training: ({'': (X, T)[, 'test_': ...]}, lr, l2, ...)."""
    sets = {"": check_xt(X, T, sizes, probabilities)}
    if check_both(X_test, T_test, ("X_test", "T_test")):
        sets["test_"] = check_xt(X_test, T_test, sizes, probabilities, ("X_test", "T_test"))
    if callback is not None:
        check_callable(callback, "callback", "a function callback(epoch, history)")
    return (sets, check_lr(lr), check_l2(l2), check_seed(seed), check_int(epochs, "epochs", 1),
            check_int(batch_size, "batch_size", 1), check_int(record_every, "record_every", 1))


def check_finite(compute, what):
    """compute() without NumPy warnings, if every value it returns (an array, or a tuple of numbers
    and lists of arrays) is finite; else a clear error about ``what`` overflowing."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        result = compute()
    parts = result if isinstance(result, tuple) else (result,)
    if not all(np.isfinite(v).all() for part in parts for v in (part if isinstance(part, list) else [part])):
        raise ValueError(f"{what} overflowed: the weights or inputs are so large that a value "
                         f"exceeds float64's range (1.8e308); use smaller weights or inputs")
    return result


def check_step(k, n_steps, name="k"):
    """A stepper's position: a whole number of steps done, from 0 to n_steps."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be a whole number of steps from 0 to {n_steps}, got {describe(k)}")
    if not 0 <= k <= n_steps:
        raise ValueError(f"{name} must be between 0 and {n_steps} (the number of steps), got {k}")
    return int(k)
