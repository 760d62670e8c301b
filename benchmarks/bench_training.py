"""Training on the shipped digits: helpers vs scikit-learn vs PyTorch (CPU), same run.

Two configurations (issue 8, benchmark 2):

* 64-10-10, batch 32, 50 epochs.  Target: helpers >= 4x faster than scikit-learn and than
  PyTorch, test accuracy within 1 point.
* 64-128-64-10, batch 256, 50 epochs.  Target: helpers no slower than scikit-learn.

Every contender trains the same network (sigmoid hidden layers, softmax output,
mean cross-entropy, plain SGD with learning rate η, no momentum, no weight decay, no early
stopping) from the same initial weights W^l, b^l, visiting the samples in the same order:
the per-epoch permutations are those ``MLP.fit(seed=...)`` draws.

* helpers: ``MLP.fit`` as a learner calls it.  It also records the loss and accuracy on the
  whole training set after every epoch (one extra forward pass over it), work the peers skip;
  "helpers without history" makes the same updates (``MLP._update``) without that record,
  to show what the maths alone costs.  The speed-up targets use ``MLP.fit``.
* scikit-learn: ``MLPClassifier(solver='sgd', momentum=0, alpha=0, shuffle=False)``; one
  ``partial_fit`` per epoch on the samples in that epoch's order, so its batches are ours.
* PyTorch: ``nn.Sequential`` of ``nn.Linear`` + ``nn.Sigmoid``, ``CrossEntropyLoss``,
  ``optim.SGD``, in its default float32 (helpers and scikit-learn use float64), with one
  thread and with its default number of threads.
"""
import contextlib
import io

import numpy as np

from _timing import alternate, have, median, row, skip_note

from helpers.data import load_digits
from helpers.nn import MLP

CONFIGS = [
    # sizes, batch size, learning rate η, speed-up target vs the peers, peers it applies to
    {"sizes": [64, 10, 10], "batch": 32, "lr": 0.5, "speedup": 4.0, "vs": ("scikit-learn", "PyTorch 1 thread", "PyTorch default threads")},
    {"sizes": [64, 128, 64, 10], "batch": 256, "lr": 2.0, "speedup": 1.0, "vs": ("scikit-learn",)},
]
EPOCHS = 50
SEED = 0


def _label(sizes):
    return "-".join(str(n) for n in sizes)


def _orders(n, epochs, seed):
    """The per-epoch sample orders MLP.fit(seed=seed) uses (it draws one permutation per epoch)."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(epochs)]


def _helpers_contender(net0, data, cfg, epochs, result):
    def train():
        net = net0.copy()
        net.fit(data.X_train, data.T_train, lr=cfg["lr"], epochs=epochs, batch_size=cfg["batch"], seed=SEED)
        result["accuracy"] = net.accuracy(data.X_test, data.T_test)
    return train


def _helpers_steps_contender(net0, data, cfg, epochs, result):
    """The same updates as MLP.fit without its per-epoch history: what the maths alone costs."""
    orders = _orders(len(data.X_train), epochs, SEED)
    B = cfg["batch"]

    def train():
        net = net0.copy()
        for order in orders:
            for start in range(0, len(order), B):
                idx = order[start:start + B]
                net._update(data.X_train[idx], data.T_train[idx], cfg["lr"], 0.0)
        result["accuracy"] = net.accuracy(data.X_test, data.T_test)
    return train


def _sklearn_contender(net0, data, cfg, epochs, result):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    orders = _orders(len(data.X_train), epochs, SEED)
    classes = np.arange(data.n_classes)

    def train():
        clf = MLPClassifier(hidden_layer_sizes=net0.sizes[1:-1], activation="logistic", solver="sgd",
                            alpha=0.0, batch_size=cfg["batch"], learning_rate="constant",
                            learning_rate_init=cfg["lr"], momentum=0.0, nesterovs_momentum=False,
                            shuffle=False, early_stopping=False, max_iter=1, random_state=SEED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            B = cfg["batch"]                     # one throw-away step builds the layers ...
            clf.partial_fit(data.X_train[:B], data.y_train[:B], classes=classes)
        for W, b, coef, intercept in zip(net0.weights, net0.biases, clf.coefs_, clf.intercepts_):
            coef[...] = W.T                      # ... then our W^l, stored transposed: (n_in, n_out)
            intercept[...] = b
        for order in orders:
            clf.partial_fit(data.X_train[order], data.y_train[order])
        result["accuracy"] = float(np.mean(clf.predict(data.X_test) == data.y_test))
    return train


def _torch_contenders(net0, data, cfg, epochs, results):
    import torch

    default_threads = torch.get_num_threads()
    orders = [torch.from_numpy(o) for o in _orders(len(data.X_train), epochs, SEED)]
    X = torch.tensor(data.X_train, dtype=torch.float32)
    y = torch.tensor(data.y_train, dtype=torch.long)
    X_test = torch.tensor(data.X_test, dtype=torch.float32)
    y_test = torch.tensor(data.y_test, dtype=torch.long)
    B = cfg["batch"]

    def build():
        layers = []
        for l, (W, b) in enumerate(zip(net0.weights, net0.biases), start=1):
            linear = torch.nn.Linear(W.shape[1], W.shape[0])
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(W))     # same (n_out, n_in) layout as W^l
                linear.bias.copy_(torch.from_numpy(b))
            layers.append(linear)
            if l < len(net0.weights):
                layers.append(torch.nn.Sigmoid())
        return torch.nn.Sequential(*layers)

    def make(threads, result):
        def train():
            torch.set_num_threads(threads)
            model = build()
            loss_fn = torch.nn.CrossEntropyLoss()
            optimizer = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=0.0)
            for order in orders:
                Xp, yp = X[order], y[order]
                for start in range(0, len(Xp), B):
                    optimizer.zero_grad()
                    loss = loss_fn(model(Xp[start:start + B]), yp[start:start + B])
                    loss.backward()
                    optimizer.step()
            with torch.no_grad():
                result["accuracy"] = float((model(X_test).argmax(dim=1) == y_test).float().mean())
            torch.set_num_threads(default_threads)
        return train

    return {"PyTorch 1 thread": make(1, results.setdefault("PyTorch 1 thread", {})),
            "PyTorch default threads": make(default_threads, results.setdefault("PyTorch default threads", {}))}, default_threads


def _contenders(net0, data, cfg, epochs, results):
    """{name: train()} for every contender installed here; notes for the ones skipped."""
    label = f"{_label(cfg['sizes'])} B={cfg['batch']}"
    contenders = {"helpers": _helpers_contender(net0, data, cfg, epochs, results.setdefault("helpers", {})),
                  "helpers without history": _helpers_steps_contender(
                      net0, data, cfg, epochs, results.setdefault("helpers without history", {}))}
    threads = None
    if have("sklearn"):
        contenders["scikit-learn"] = _sklearn_contender(net0, data, cfg, epochs,
                                                        results.setdefault("scikit-learn", {}))
    else:
        skip_note("scikit-learn", f"bench_training {label}")
    if have("torch"):
        torch_contenders, threads = _torch_contenders(net0, data, cfg, epochs, results)
        contenders.update(torch_contenders)
    else:
        skip_note("PyTorch (torch)", f"bench_training {label}")
    return contenders, threads


def run_config(cfg, data, epochs, repeats, warmup):
    """Rows for one configuration: ms/epoch and accuracy of each contender, speed-ups, accuracy gaps."""
    net0 = MLP(cfg["sizes"], activation="sigmoid", output_activation="softmax", loss="cross_entropy", seed=SEED)
    label = f"{_label(cfg['sizes'])} B={cfg['batch']}"
    if warmup:      # a short untimed run of each contender: imports, caches, thread pools
        with contextlib.redirect_stdout(io.StringIO()):
            for train in _contenders(net0, data, cfg, 2, {})[0].values():
                train()
    results = {}
    contenders, threads = _contenders(net0, data, cfg, epochs, results)
    thread_note = f"default = {threads} threads" if threads else ""
    times = alternate(contenders, repeats=repeats, warmup=0)
    ms = {name: 1000 * median(t) / epochs for name, t in times.items()}
    acc = {name: results[name]["accuracy"] for name in contenders}

    rows = []
    common = f"{epochs} epochs, η={cfg['lr']}, median of {repeats}"
    for name in contenders:
        notes = common + (f"; {thread_note}" if name.startswith("PyTorch") else "")
        rows.append(row(f"{label} {name} time", ms[name], "ms/epoch", notes=notes))
    for name in contenders:
        rows.append(row(f"{label} {name} test accuracy", 100 * acc[name], "%",
                        notes=f"{len(data.X_test)} test digits"))
    for peer in cfg["vs"]:
        if peer not in ms:
            continue
        speedup = ms[peer] / ms["helpers"]
        rows.append(row(f"{label} speed-up helpers vs {peer}", speedup, "x",
                        target=f">= {cfg['speedup']:g}x", met=speedup >= cfg["speedup"],
                        notes=f"{peer} ms/epoch ÷ helpers ms/epoch"))
        gap = 100 * abs(acc[peer] - acc["helpers"])
        if cfg["speedup"] > 1:    # the accuracy target goes with the small configuration
            rows.append(row(f"{label} accuracy gap helpers vs {peer}", gap, "points",
                            target="<= 1", met=gap <= 1.0, notes="absolute difference of test accuracies"))
    return rows


def run(smoke=False):
    data = load_digits()
    epochs, repeats, warmup = (2, 1, False) if smoke else (EPOCHS, 3, True)
    rows = []
    for cfg in CONFIGS:
        rows += run_config(cfg, data, epochs, repeats, warmup)
    return rows

