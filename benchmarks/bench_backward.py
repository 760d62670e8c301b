"""How much a backward pass costs next to a forward pass (issue 8, benchmark 3).

Network 784-256-256-10 (sigmoid hidden layers, softmax output, cross-entropy), batch 256.
Counting multiply-adds per sample: the forward pass does one per weight, Σ n_l n_{l-1}.
The backward pass does one per weight for ∂E/∂W^l = δ^lᵀ a^{l-1} (BP4), plus one per weight
of W^2..W^L to send δ back (BP2); sending δ back through W^1 as well gives ∂E/∂x.
So theory says backward/forward ≈ 1.25 (parameter gradients) and ≈ 2.0 (with ∂E/∂x).
Target: <= 1.5 for parameter gradients.
"""
import numpy as np

from _timing import alternate, median, row

from helpers.nn import MLP

SIZES = [784, 256, 256, 10]
BATCH = 256


def theory(sizes):
    macs = [n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    forward = sum(macs)
    params_only = forward + sum(macs[1:])
    return params_only / forward, (params_only + macs[0]) / forward


def run(smoke=False):
    rng = np.random.default_rng(0)
    net = MLP(SIZES, activation="sigmoid", output_activation="softmax", loss="cross_entropy", seed=0)
    X = rng.uniform(0.0, 1.0, size=(BATCH, SIZES[0]))
    T = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], size=BATCH)]
    cache = net.forward_pass(X)
    repeats, warmup = (3, 1) if smoke else (40, 3)
    times = alternate({
        "forward": lambda: net.forward_pass(X),
        "backward": lambda: net.backward_pass(cache, T),
        "backward + dE/dx": lambda: net.backward_pass(cache, T, input_grad=True),
    }, repeats=repeats, warmup=warmup)
    ms = {name: 1000 * median(t) for name, t in times.items()}
    ratio_params, ratio_input = ms["backward"] / ms["forward"], ms["backward + dE/dx"] / ms["forward"]
    theory_params, theory_input = theory(SIZES)
    label = f"{'-'.join(map(str, SIZES))} B={BATCH}"
    common = f"median of {repeats}"
    return [
        row(f"{label} forward pass", ms["forward"], "ms", notes=common),
        row(f"{label} backward pass (∂E/∂W, ∂E/∂b)", ms["backward"], "ms", notes=common),
        row(f"{label} backward pass + ∂E/∂x", ms["backward + dE/dx"], "ms", notes=common),
        row(f"{label} backward/forward, parameter gradients", ratio_params, "x", target="<= 1.5",
            met=ratio_params <= 1.5, notes=f"theory {theory_params:.2f} (multiply-adds)"),
        row(f"{label} backward/forward, with input gradient", ratio_input, "x",
            notes=f"theory {theory_input:.2f} (multiply-adds); no target"),
    ]
