"""Training on the shipped digits: helpers vs scikit-learn vs PyTorch (CPU), timed two ways.

Two configurations (issue 15):

* 64-10-10, batch 32, 50 epochs.  Targets: helpers >= 2.5x faster than scikit-learn and >= 3x
  faster than PyTorch with one thread (``optim.SGD``), test accuracy within 1 point.
* 64-128-64-10, batch 256, 50 epochs.  Target: helpers >= 1.2x faster than scikit-learn.

The targets compare the same work: "helpers, record every 50" (``fit(record_every=50)``: train,
then evaluate once, like every peer); ``fit``'s default, which also evaluates the whole training
set after every epoch for the notebooks' curves, is reported beside with no target.

The targets apply to the "alone" timings: each contender in fresh Python processes of its own
with one BLAS thread (``OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1``), so one
library's allocations, imports and thread pools cannot slow or speed another (each process imports
only its own contender, and every one runs with the allocator setting ``MLP.fit`` makes,
``helpers._memory.keep_freed_memory``: importing PyTorch or SciPy changes glibc's reuse
thresholds for the whole process, which would favour whoever imported them).  Each process warms up
(a 2-epoch run), then times one 50-epoch run; the processes of the contenders take turns
(A B C, B C A, ...), so a busy spell of the machine falls on all of them alike, and each
contender's figure is the median over its processes.  Beside the wall-clock time each process
reports its CPU time: on a machine shared with other jobs, a one-thread process's CPU time
leaves out the time it waited for a core; its minor page faults are reported too.  The 1-minute
load average is sampled before every process and reported.  The "in one process" timings (all contenders interleaved in this
process) are reported beside them.

Every contender trains the same network (sigmoid hidden layers, softmax output,
mean cross-entropy, plain SGD with learning rate η, no momentum, no weight decay, no early
stopping) from the same initial weights W^l, b^l, visiting the samples in the same order:
the per-epoch permutations are those ``MLP.fit(seed=...)`` draws.

* helpers: ``MLP.fit`` as a learner calls it, recording the loss and accuracy on the whole
  training set after every epoch (work the peers skip); "helpers, record every 50" is
  ``fit(record_every=50)``, the same updates with one record at the end.
* NumPy loop: the same updates written as a bare NumPy loop (no checks, no history): the floor.
* scikit-learn: ``MLPClassifier(solver='sgd', momentum=0, alpha=0)`` trained by one call of
  its own ``fit`` (``max_iter=50``, as a learner calls it), started from our weights
  (``warm_start``) and fed our per-epoch permutations in place of its own shuffle, so its
  batches are ours (``n_iter_no_change`` above ``max_iter``: it never stops early).
* PyTorch: ``nn.Sequential`` of ``nn.Linear`` + ``nn.Sigmoid``, ``CrossEntropyLoss``,
  ``optim.SGD``, in its default float32 (helpers and scikit-learn use float64), with one
  thread and (in one process only) with its default number of threads.
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from _timing import alternate, have, median, row, skip_note

from helpers._memory import keep_freed_memory
from helpers.data import load_digits
from helpers.nn import MLP

CONFIGS = [
    # sizes, batch size, learning rate η, speed-up target vs the peers, peers it applies to
    {"sizes": [64, 10, 10], "batch": 32, "lr": 0.5, "speedup": 2.5,
     "vs": {"scikit-learn": 2.5, "PyTorch 1 thread": 3.0, "PyTorch default threads": None}},
    {"sizes": [64, 128, 64, 10], "batch": 256, "lr": 2.0, "speedup": 1.2, "vs": {"scikit-learn": 1.2}},
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


def _helpers_sparse_contender(net0, data, cfg, epochs, result):
    """MLP.fit recording the whole-set loss once, after the last epoch: the same updates."""
    def train():
        net = net0.copy()
        net.fit(data.X_train, data.T_train, lr=cfg["lr"], epochs=epochs, batch_size=cfg["batch"], seed=SEED,
                record_every=epochs)
        result["accuracy"] = net.accuracy(data.X_test, data.T_test)
    return train


def _numpy_contender(net0, data, cfg, epochs, result):
    """The same updates as a bare NumPy loop (sigmoid hidden layers, softmax + cross-entropy): the floor."""
    orders = _orders(len(data.X_train), epochs, SEED)
    X, T, B, lr, L = data.X_train, data.T_train, cfg["batch"], cfg["lr"], len(net0.weights)

    def train():
        Ws, bs = [W.copy() for W in net0.weights], [b.copy() for b in net0.biases]
        for order in orders:
            for start in range(0, len(order), B):
                idx = order[start:start + B]
                acts = [X[idx]]
                for l in range(L - 1):
                    acts.append(1.0 / (1.0 + np.exp(-(acts[-1] @ Ws[l].T + bs[l]))))
                z = acts[-1] @ Ws[-1].T + bs[-1]
                e = np.exp(z - z.max(axis=1, keepdims=True))
                delta = (e / e.sum(axis=1, keepdims=True) - T[idx]) / len(idx)
                for l in range(L - 1, -1, -1):
                    gW, gb = delta.T @ acts[l], delta.sum(axis=0)
                    if l:
                        delta = (delta @ Ws[l]) * acts[l] * (1.0 - acts[l])
                    Ws[l] -= lr * gW
                    bs[l] -= lr * gb
        a = data.X_test
        for l in range(L):
            a = a @ Ws[l].T + bs[l]
            a = 1.0 / (1.0 + np.exp(-a)) if l < L - 1 else a
        result["accuracy"] = float(np.mean(a.argmax(axis=1) == data.y_test))
    return train


def _sklearn_contender(net0, data, cfg, epochs, result):
    import warnings

    import sklearn.neural_network._multilayer_perceptron as sk_mlp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    orders = _orders(len(data.X_train), epochs, SEED)
    if not callable(getattr(sk_mlp, "shuffle", None)):
        raise RuntimeError("this scikit-learn's MLP no longer shuffles through sklearn.utils.shuffle: "
                           "bench_training cannot feed it our sample order")

    def train():
        clf = MLPClassifier(hidden_layer_sizes=net0.sizes[1:-1], activation="logistic", solver="sgd",
                            alpha=0.0, batch_size=cfg["batch"], learning_rate="constant",
                            learning_rate_init=cfg["lr"], momentum=0.0, nesterovs_momentum=False,
                            shuffle=True, early_stopping=False, n_iter_no_change=epochs + 1,
                            warm_start=True, max_iter=epochs, random_state=SEED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            B = cfg["batch"]                     # one throw-away step builds the layers ...
            clf.partial_fit(data.X_train[:B], data.y_train[:B], classes=np.arange(data.n_classes))
        for W, b, coef, intercept in zip(net0.weights, net0.biases, clf.coefs_, clf.intercepts_):
            coef[...] = W.T                      # ... then our W^l, stored transposed: (n_in, n_out)
            intercept[...] = b
        order = iter(orders)                     # its per-epoch shuffle gives our permutation instead
        shuffle, sk_mlp.shuffle = sk_mlp.shuffle, lambda indices, random_state=None: next(order)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                clf.fit(data.X_train, data.y_train)
        finally:
            sk_mlp.shuffle = shuffle
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


def _contenders(net0, data, cfg, epochs, results, only=None):
    """{name: train()} for every contender installed here; notes for the ones skipped.

    ``only`` (a name) builds that contender alone, so a process timing it imports no other peer:
    importing PyTorch or scikit-learn changes how the C library hands out memory to the whole
    process (glibc raises its reuse thresholds after freeing their large import-time blocks)."""
    label = f"{_label(cfg['sizes'])} B={cfg['batch']}"
    wanted = (lambda name: only is None or only == name)
    contenders, threads = {}, None
    for name, make in (("helpers", _helpers_contender), ("helpers, record every 50", _helpers_sparse_contender),
                       ("NumPy loop", _numpy_contender)):
        if wanted(name):
            contenders[name] = make(net0, data, cfg, epochs, results.setdefault(name, {}))
    if wanted("scikit-learn"):
        if have("sklearn"):
            contenders["scikit-learn"] = _sklearn_contender(net0, data, cfg, epochs,
                                                            results.setdefault("scikit-learn", {}))
        else:
            skip_note("scikit-learn", f"bench_training {label}")
    if only is None or only.startswith("PyTorch"):
        if have("torch"):
            torch_contenders, threads = _torch_contenders(net0, data, cfg, epochs, results)
            contenders.update({k: v for k, v in torch_contenders.items() if wanted(k)})
        else:
            skip_note("PyTorch (torch)", f"bench_training {label}")
    return contenders, threads


def _net0(cfg):
    return MLP(cfg["sizes"], activation="sigmoid", output_activation="softmax", loss="cross_entropy", seed=SEED)


def _alone_one(index, name, epochs):
    """One contender in a fresh process with one BLAS thread: {'wall', 'cpu' (seconds), 'accuracy'} or None."""
    root = str(Path(__file__).resolve().parent.parent)              # where `helpers` is
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    args = [sys.executable, str(Path(__file__).resolve()), "--alone", str(index), name, str(epochs)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=1800)
    lines = [l for l in done.stdout.splitlines() if l.startswith("{")]
    if done.returncode or not lines:
        print(f"note: {name} alone failed: {done.stderr.strip()[-300:]}")
        return None
    return json.loads(lines[-1])


def _alone(index, names, epochs, repeats):
    """Each contender alone, ``repeats`` fresh processes each, taking turns (A B C, B C A, ...).

    Returns ({name: (median wall ms/epoch, median CPU ms/epoch, accuracy, processes, page faults per epoch)},
    load averages)."""
    runs, loads = {name: [] for name in names}, []
    for r in range(repeats):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            loads.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
            out = _alone_one(index, name, epochs)
            if out is not None:
                runs[name].append(out)
    return {name: (1000 * median([o["wall"] for o in done]) / epochs, 1000 * median([o["cpu"] for o in done]) / epochs,
                   done[-1]["accuracy"], len(done), median([o["faults"] for o in done]) / epochs)
            for name, done in runs.items() if done}, loads


def _alone_child(index, name, epochs):
    """In the fresh process: warm up (a 2-epoch run), then time one run of ``epochs``; print JSON."""
    cfg, data = CONFIGS[index], load_digits()
    keep_freed_memory()      # every contender runs with the allocator setting MLP.fit uses (helpers/_memory.py)
    with contextlib.redirect_stdout(io.StringIO()):
        _contenders(_net0(cfg), data, cfg, 2, {}, only=name)[0][name]()
        results = {}
        train = _contenders(_net0(cfg), data, cfg, epochs, results, only=name)[0][name]
    faults, wall, cpu = _minor_faults(), time.perf_counter(), time.process_time()
    train()
    wall, cpu, faults = time.perf_counter() - wall, time.process_time() - cpu, _minor_faults() - faults
    print(json.dumps({"wall": wall, "cpu": cpu, "faults": faults, "accuracy": results[name]["accuracy"]}))


def _minor_faults():
    """Minor page faults of this process so far (0 where the resource module is missing)."""
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def run_config(index, data, epochs, repeats, alone_repeats, warmup):
    """Rows for one configuration: ms/epoch (alone and in one process), accuracy, speed-ups, accuracy gaps."""
    cfg = CONFIGS[index]
    net0 = _net0(cfg)
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
    alone, loads = _alone(index, [name for name in contenders if name != "PyTorch default threads"],
                          epochs, alone_repeats)

    rows = []
    common = f"{epochs} epochs, η={cfg['lr']}"
    for name in contenders:
        if name in alone:
            wall, cpu, _, processes, faults = alone[name]
            where = f"median of {processes} fresh processes of its own (turns with the others), 1 BLAS thread"
            rows.append(row(f"{label} {name} time alone", wall, "ms/epoch", notes=f"{common}; {where}"))
            rows.append(row(f"{label} {name} CPU time alone", cpu, "ms/epoch",
                            notes=f"same processes: CPU time; {faults:.0f} minor page faults per epoch"))
        notes = f"{common}; median of {repeats}" + (f"; {thread_note}" if name.startswith("PyTorch") else "")
        rows.append(row(f"{label} {name} time in one process", ms[name], "ms/epoch", notes=notes))
    for name in contenders:
        rows.append(row(f"{label} {name} test accuracy", 100 * acc[name], "%",
                        notes=f"{len(data.X_test)} test digits"))
    rows += _speedup_rows(index, label, ms, alone, acc)
    for name in ("helpers", "helpers, record every 50"):
        if name in alone and "NumPy loop" in alone:
            rows.append(row(f"{label} {name} ÷ NumPy loop alone", alone[name][0] / alone["NumPy loop"][0], "x",
                            notes="how far MLP.fit is above the floor of a bare NumPy loop (wall clock)"))
    if loads:
        rows.append(row(f"{label} load average during the alone runs", median(loads), "",
                        notes=f"1-minute load average on {os.cpu_count()} cores, sampled before each of "
                              f"{len(loads)} processes: median; from {min(loads):.1f} to {max(loads):.1f}"))
    return rows


# The speed targets compare the same work: the peers train and are then evaluated once, and so is
# ``fit(record_every=epochs)``.  ``fit``'s default also runs a forward pass over the whole training
# set after every epoch, for the loss and accuracy curves the notebooks draw; no peer does that work,
# so its ratios are reported beside, with no target (benchmarks/README.md, "Targets").
TARGETED = "helpers, record every 50"


def _speedup_rows(index, label, ms, alone, acc):
    """Speed-ups of both helpers contenders over each peer (alone: wall and CPU time; in one process), accuracy gaps."""
    rows = []
    for peer, target in CONFIGS[index]["vs"].items():
        if peer not in ms:
            continue
        for mine in (TARGETED, "helpers"):
            if mine not in ms:
                continue
            goal = target if mine == TARGETED else None
            what = ("the same work: training, then one evaluation" if mine == TARGETED else
                    "fit's default adds a whole-set loss and accuracy after every epoch, which the peer does not compute")
            if peer in alone and mine in alone:
                speedup = alone[peer][0] / alone[mine][0]
                rows.append(row(f"{label} speed-up {mine} vs {peer} alone", speedup, "x",
                                target=f">= {goal:g}x" if goal else "", met=None if not goal else speedup >= goal,
                                notes=f"each alone: {peer} ms/epoch ÷ {mine} ms/epoch (wall clock); {what}"))
                rows.append(row(f"{label} speed-up {mine} vs {peer} alone, CPU time", alone[peer][1] / alone[mine][1],
                                "x", notes=f"each alone: {peer} CPU ms/epoch ÷ {mine} CPU ms/epoch"))
            rows.append(row(f"{label} speed-up {mine} vs {peer} in one process", ms[peer] / ms[mine], "x",
                            notes=f"{peer} ms/epoch ÷ {mine} ms/epoch"))
        gap = 100 * abs(acc[peer] - acc["helpers"])
        if index == 0:    # the accuracy target goes with the small configuration
            rows.append(row(f"{label} accuracy gap helpers vs {peer}", gap, "points",
                            target="<= 1", met=gap <= 1.0, notes="absolute difference of test accuracies"))
    return rows


def run(smoke=False):
    data = load_digits()
    epochs, repeats, alone_repeats, warmup = (2, 1, 1, False) if smoke else (EPOCHS, 3, 7, True)
    rows = []
    for index in range(len(CONFIGS)):
        rows += run_config(index, data, epochs, repeats, alone_repeats, warmup)
    return rows


if __name__ == "__main__" and sys.argv[1:2] == ["--alone"]:
    _alone_child(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
