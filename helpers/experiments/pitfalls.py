"""The experiments of notebook 09 (pitfalls and misconceptions), built on ``helpers.nn``.

* ``train_many``: full-batch gradient descent on one network per seed, all side by side.
* ``get_params`` / ``set_params``: all weights and biases as one flat vector and back.
* ``evolve``: a simple evolutionary trainer (mutation + selection) that counts loss evaluations.
* ``xor_outcomes``: sort trained XOR networks into "solved" and the plateaus they stall on.
* ``backprop_step_cost``: one gradient-descent step in forward-pass equivalents (multiply-adds counted).
* ``race``: backprop against evolution at the same count of forward-pass equivalents, several seeds.
"""
import numpy as np

from ..activations import get_activation, sigmoid, sigmoid_prime
from .._checks import (check_array, check_instance, check_int, check_lr, check_real, check_seed, check_sizes,
                       check_xt)
from ..nn import MLP, TrainingDiverged


# ---------------------------------------------------------------- parameters as one vector
def get_params(net):
    """All weights and biases of ``net`` in one flat vector (W^1, b^1, W^2, b^2, ...)."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    return np.concatenate([p.ravel() for W, b in zip(net.weights, net.biases) for p in (W, b)])


def set_params(net, theta):
    """Write a flat vector (as from ``get_params``) back into ``net``'s weights and biases."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    theta = check_array(theta, "theta")
    if theta.shape != (net.n_params,):
        raise ValueError(f"theta must be a vector of {net.n_params} numbers for this network, got shape {theta.shape}")
    i = 0
    for W, b in zip(net.weights, net.biases):
        for p in (W, b):
            p[...] = theta[i:i + p.size].reshape(p.shape)
            i += p.size
    return net


def _seeds(seeds):
    """seeds as a non-empty list of whole numbers >= 0 (one run per seed)."""
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of seeds (whole numbers >= 0, one run per seed), got {seeds!r}")
    seeds = [check_seed(s, f"seeds[{i}]") for i, s in enumerate(seeds)]
    if not seeds:
        raise ValueError("seeds must list at least one seed (one network per seed)")
    return seeds


# ---------------------------------------------------------------- evolution instead of backprop
def evolve(net, X, T, generations=100, population=20, sigma=0.1, seed=0):
    """Train ``net`` without gradients: mutate, evaluate, keep the best (a (1+λ) evolution strategy).

    Each generation makes ``population`` mutants of the current best parameters by adding
    Normal(0, sigma²) noise to every weight and bias, computes each mutant's loss E (one
    forward pass each, no backward pass), and keeps the best of parent and mutants.
    ``net`` ends with the best parameters found.  Returns a history with, per generation,
    'generation', 'evaluations' (loss evaluations so far) and 'loss' (best loss so far).
    """
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    X, T = check_xt(X, T, net.sizes, net.loss_name == "cross_entropy", names=("X", "T"))
    generations = check_int(generations, "generations", 1)
    population = check_int(population, "population", 1)
    sigma = check_real(sigma, "sigma (the mutation size)", above=0)
    rng = np.random.default_rng(check_seed(seed))
    best = get_params(net)
    best_loss = net.loss(X, T)
    evaluations = 1
    history = {"generation": [0], "evaluations": [evaluations], "loss": [best_loss]}
    for g in range(1, generations + 1):
        for _ in range(population):
            child = best + rng.normal(0.0, sigma, size=best.shape)     # mutation
            set_params(net, child)
            loss = net.loss(X, T)
            evaluations += 1
            if loss < best_loss:                                        # selection
                best, best_loss = child, loss
        history["generation"].append(g)
        history["evaluations"].append(evaluations)
        history["loss"].append(best_loss)
    set_params(net, best)
    return history


# ---------------------------------------------------------------- many networks at once
def train_many(sizes, X, T, seeds, lr, epochs, activation="sigmoid"):
    """Full-batch gradient descent on one network per seed, all trained side by side.

    Each network starts exactly as ``MLP(sizes, activation, seed=s)`` (sigmoid output,
    E = ½(t − y)² averaged over the samples) and takes ``epochs`` steps
    W^l ← W^l − η ∂E/∂W^l on the whole of X.  The weights of all R networks are
    stacked into arrays of shape (R, n_l, n_{l−1}), so the four backprop equations run once
    per step for all of them: fast enough for many random restarts in a notebook.

    Returns ``{'loss': array (R, epochs + 1)}`` (the loss before training and after each
    step) and ``'nets'``, the trained networks as MLPs.
    """
    seeds = _seeds(seeds)
    nets = [MLP(sizes, activation=activation, output_activation="sigmoid", loss="half_sse", seed=s) for s in seeds]
    X, T = check_xt(X, T, nets[0].sizes, names=("X", "T"))
    lr = check_lr(lr)
    epochs = check_int(epochs, "epochs", 1)
    f = get_activation(activation)
    Ws = [np.stack([net.weights[l] for net in nets]) for l in range(nets[0].n_layers)]   # (R, n_l, n_{l-1})
    bs = [np.stack([net.biases[l] for net in nets])[:, None, :] for l in range(nets[0].n_layers)]  # (R, 1, n_l)
    B, L = X.shape[0], len(Ws)
    history = np.empty((len(seeds), epochs + 1))
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(epochs + 1):
            a, zs, acts = np.broadcast_to(X, (len(seeds), *X.shape)), [], []
            acts.append(a)
            for l in range(L):
                z = a @ np.swapaxes(Ws[l], 1, 2) + bs[l]            # z^l = a^{l-1} W^lᵀ + b^l
                a = sigmoid(z) if l == L - 1 else f.f(z)
                zs.append(z)
                acts.append(a)
            history[:, step] = 0.5 * np.sum((T - a) ** 2, axis=(1, 2)) / B
            if step == epochs:
                break
            delta = -(T - a) / B * sigmoid_prime(zs[-1])              # (BP1)
            for l in range(L - 1, -1, -1):
                gW = np.swapaxes(delta, 1, 2) @ acts[l]                  # (BP4)
                gb = delta.sum(axis=1, keepdims=True)                    # (BP3)
                if l > 0:
                    delta = (delta @ Ws[l]) * f.prime(zs[l - 1])         # (BP2)
                Ws[l] = Ws[l] - lr * gW
                bs[l] = bs[l] - lr * gb
    if not np.all(np.isfinite(history)):
        raise TrainingDiverged(f"training diverged: a loss became NaN/inf. The learning rate lr={lr:g} "
                               f"is too large for this problem; try a smaller one (e.g. lr={lr / 10:g}).")
    for r, net in enumerate(nets):
        net.weights = [W[r].copy() for W in Ws]
        net.biases = [b[r, 0].copy() for b in bs]
    return {"loss": history, "nets": nets}


# ---------------------------------------------------------------- what stuck XOR runs are doing
def xor_outcomes(nets, X, T, tol=0.05):
    """Group trained XOR networks by what they answer on the four rows.

    A run is *solved* if every output lies on the right side of ½.  The others are
    grouped by which rows share an output: a network that cannot tell some rows apart
    gives them (nearly) the same output, the mean of their targets (½ for two rows with
    targets 0 and 1, ⅔ for three rows with targets 1, 1, 0).  Two outputs count as the
    same when they differ by less than ``tol``.

    Returns a list of groups, each a dict with 'runs' (indices into ``nets``), 'solved'
    (bool), 'tied' (the sorted output levels shared by two or more rows, e.g. (0.5,)),
    and 'example' (the outputs of the first run of the group).
    """
    if isinstance(nets, MLP) or not hasattr(nets, "__iter__"):
        raise TypeError(f"nets must be a list of trained networks (helpers.nn.MLP), got {type(nets).__name__}")
    nets = [check_instance(net, MLP, f"nets[{r}]", "a helpers.nn.MLP") for r, net in enumerate(nets)]
    if not nets:
        raise ValueError("nets must list at least one trained network")
    X, T = check_xt(X, T, nets[0].sizes, names=("X", "T"))
    for r, net in enumerate(nets):
        if net.sizes[0] != X.shape[1] or net.sizes[-1] != 1:
            raise ValueError(f"nets[{r}] must have {X.shape[1]} inputs and one output, like X and T, "
                             f"got sizes {net.sizes}")
    tol = check_real(tol, "tol", above=0)
    groups = {}
    for r, net in enumerate(nets):
        y = net.forward(X)[:, 0]
        solved = bool(np.all((y > 0.5) == (T[:, 0] > 0.5)))
        tied = []
        for i in range(len(y)):
            same = np.abs(y - y[i]) < tol
            if same.sum() >= 2:
                level = float(np.round(T[same, 0].mean(), 3))
                if level not in tied:
                    tied.append(level)
        key = (solved, tuple(sorted(tied)) if not solved else ())
        groups.setdefault(key, {"runs": [], "solved": solved, "tied": key[1], "example": y})["runs"].append(r)
    return sorted(groups.values(), key=lambda g: (not g["solved"], -len(g["runs"])))


# ---------------------------------------------------------------- a fair unit for training cost
def backprop_step_cost(sizes):
    """The cost of one forward plus backward pass, in forward passes, counting multiply-adds.

    Per sample a forward pass computes z^l = W^l a^{l-1} + b^l: n_l n_{l-1} multiply-adds per
    layer.  The backward pass computes ∂E/∂W^l = δ^l (a^{l-1})ᵀ (the same count, every layer)
    and δ^{l-1} = (W^l)ᵀ δ^l ⊙ f'(z^{l-1}) (the same count again, every layer but the first).
    The element-wise f and f' are left out: they are a few operations per neuron.
    """
    sizes = check_sizes(sizes)
    layers = [a * b for a, b in zip(sizes, sizes[1:])]
    forward = sum(layers)
    backward = sum(layers) + sum(layers[1:])
    return (forward + backward) / forward


METHODS = ("backprop", "evolution")


def race(sizes, X, T, budget, seeds, lr, activation="tanh", output_activation="sigmoid", loss="half_sse",
         population=20, sigma=0.1, methods=METHODS):
    """Full-batch gradient descent against ``evolve`` with the same work, one pair of runs per seed.

    Work is counted in forward passes over the whole of X: an evolution generation costs
    ``population`` of them, a gradient-descent step ``backprop_step_cost(sizes)``.  Both
    start from ``MLP(sizes, ..., seed=s)``.  Returns a dict with 'budget', 'step_cost', 'steps',
    'generations', and per method ('backprop', 'evolution') a dict of 'work' (x values)
    and 'loss' (array (len(seeds), points)) plus 'final' (array of final losses). ``methods`` runs only
    some of them (to tune one method's setting without paying for the other's runs).
    """
    seeds = _seeds(seeds)
    budget = check_int(budget, "budget", 2)
    population = check_int(population, "population", 1)
    cost = backprop_step_cost(sizes)
    steps = int(budget // cost)
    generations = (budget - 1) // population
    if steps < 1 or generations < 1:
        raise ValueError(f"budget={budget} forward passes is too small for one step ({cost:.2f}) "
                         f"and one generation ({population})")

    def make(seed):
        return MLP(sizes, activation=activation, output_activation=output_activation, loss=loss, seed=seed)

    first = make(seeds[0])                    # sizes, activations and loss checked once, before any run
    X, T = check_xt(X, T, first.sizes, first.loss_name == "cross_entropy", names=("X", "T"))
    lr, sigma = check_lr(lr), check_real(sigma, "sigma (the mutation size)", above=0)
    if isinstance(methods, str) or not set(methods) <= set(METHODS) or not len(methods):
        raise ValueError(f"methods must be one or both of {METHODS}, got {methods!r}")
    bp, ev = [], []
    for seed in seeds:
        if "backprop" in methods:
            net = make(seed)
            start = net.loss(X, T)
            h = net.fit(X, T, lr=lr, epochs=steps, batch_size=len(X), seed=seed)
            bp.append([start, *h["loss"]])
        if "evolution" in methods:
            ev.append(evolve(make(seed), X, T, generations=generations, population=population,
                             sigma=sigma, seed=seed)["loss"])
    result = {"budget": budget, "step_cost": cost, "steps": steps, "generations": generations}
    if bp:
        bp = np.array(bp)
        result["backprop"] = {"work": cost * np.arange(steps + 1), "loss": bp, "final": bp[:, -1]}
    if ev:
        ev = np.array(ev)
        result["evolution"] = {"work": 1 + population * np.arange(generations + 1), "loss": ev, "final": ev[:, -1]}
    return result
