"""What a forward and a backward pass cost: multiply-adds counted from the shapes, and a clock.

The work of a pass is almost all in its matrix products.  For a batch of B samples and
layer l with W^l of shape (n_l, n_{l-1}), each product costs B · n_l · n_{l-1} multiply-adds:

    forward   Z^l = A^{l-1} (W^l)ᵀ            one product per layer
    backward  ∂E/∂W^l = (Δ^l)ᵀ A^{l-1}        (BP4) one product per layer
              Δ^{l-1} = (Δ^l W^l) ⊙ f'(...)   (BP2) one product per layer except the first

So a backward pass costs between one and two forward passes: two when the first layer is
small next to the others, close to one when the first layer holds most of the weights.
``multiply_adds`` counts these exactly (the element-wise work, one operation per neuron
rather than per weight, is left out); ``time_passes`` measures both passes with a clock.
"""
import time

import numpy as np

from .._checks import check_instance, check_int, check_sizes, check_xt
from ..nn import MLP


def multiply_adds(sizes, batch=1):
    """Multiply-adds in the matrix products of one forward and one backward pass.

    Returns {'forward': F, 'backward': G} for a network of layer widths ``sizes`` and a
    batch of ``batch`` samples, counted layer by layer as in ``MLP.forward_pass`` and
    ``MLP.backward_pass`` (which does not compute ∂E/∂x, so layer 1 has no BP2 product).
    """
    sizes = check_sizes(sizes)
    batch = check_int(batch, "batch", 1)
    per_layer = [batch * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return {"forward": sum(per_layer), "backward": 2 * sum(per_layer) - per_layer[0]}


def time_passes(net, X, T, repeats=7):
    """Median seconds of ``repeats`` forward passes and of as many backward passes on (X, T), taken in turn."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    repeats = check_int(repeats, "repeats", 1)
    X, T = check_xt(X, T, net.sizes, net.loss_name == "cross_entropy", names=("X", "T"))
    cache = net.forward_pass(X)
    runs = {"forward": lambda: net.forward_pass(X), "backward": lambda: net.backward_pass(cache, T, loss=False)}
    samples = {name: [] for name in runs}
    for _ in range(repeats):              # alternate, so a busy moment of the computer hits both alike
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - start)
    return {name: float(np.median(values)) for name, values in samples.items()}
