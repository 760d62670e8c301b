"""What numerical gradients cost next to backprop (issue 8, benchmark 4; notebook 07 teaches it).

Central differences need two forward passes per parameter (2P passes for P parameters);
backprop gets every gradient from one forward and one backward pass.  Both are timed on the
same network and batch, and their answers compared with rel_error.  No target: a report.
"""
import numpy as np

from _timing import alternate, median, row

from helpers.gradcheck import numerical_mlp_gradients, rel_error
from helpers.nn import MLP

CASES = [([5, 8, 6, 3], 10), ([64, 30, 10], 10)]    # sizes, batch size


def run(smoke=False):
    rows = []
    repeats, warmup = (1, 0) if smoke else (5, 1)
    for sizes, batch in CASES:
        rng = np.random.default_rng(0)
        net = MLP(sizes, activation="sigmoid", output_activation="softmax", loss="cross_entropy", seed=0)
        X = rng.uniform(0.0, 1.0, size=(batch, sizes[0]))
        T = np.eye(sizes[-1])[rng.integers(0, sizes[-1], size=batch)]
        times = alternate({"numerical": lambda: numerical_mlp_gradients(net, X, T),
                           "backprop": lambda: net.gradients(X, T)}, repeats=repeats, warmup=warmup)
        numerical, backprop = 1000 * median(times["numerical"]), 1000 * median(times["backprop"])
        _, dW, db = net.gradients(X, T)
        nW, nb = numerical_mlp_gradients(net, X, T)
        agree = max(rel_error(a, b) for a, b in zip(dW + db, nW + nb))
        label = f"{'-'.join(map(str, sizes))} B={batch}"
        common = f"P = {net.n_params} parameters, {2 * net.n_params} forward passes; median of {repeats}"
        rows += [
            row(f"{label} numerical gradient", numerical, "ms", notes=common),
            row(f"{label} backprop gradient", backprop, "ms", notes=f"median of {repeats}"),
            row(f"{label} numerical/backprop cost", numerical / backprop, "x",
                notes=f"largest rel_error between them {agree:.1e}"),
        ]
    return rows
