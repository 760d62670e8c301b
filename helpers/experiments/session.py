"""Training for real: the dashboard's state machine, and tools around ``MLP.fit``.

No plotting and no widgets here (those are ``helpers.draw.training`` and
``helpers.widgets.dashboard``), so every piece can be tested on its own.

* ``TrainingSession``: what the live training dashboard does, as plain Python.
  Settings (data set, hidden layer sizes, activation f, learning rate η, batch size B,
  L2 strength) and the transitions Play / Pause / Step (one epoch) / Reset.
  A run that diverges stops with a message; the network keeps its last finite weights.
* ``decision_grid``: the network's output y on a grid over the input square.
* ``ProgressReport``: a callback for ``MLP.fit`` that keeps "epoch k of N" and the latest loss.
* ``confusion_matrix``: counts of (true class, predicted class) pairs.
"""
import numbers
from dataclasses import dataclass, fields, replace

import numpy as np

from .._checks import (ArgumentTypeError, check_array, check_callable, check_choice, check_instance, check_int,
                      check_l2, check_lr, check_seed)
from ..data import TOY_SETS, check_noise, load_toy
from ..nn import MLP, TrainingDiverged

# train_many and evolve (moving to helpers/experiments/pitfalls.py) still call these two names

DASHBOARD_ACTIVATIONS = ("tanh", "relu", "sigmoid")


# ---------------------------------------------------------------- settings
def parse_hidden(hidden):
    """Hidden layer sizes from a tuple/list of ints or a text such as "4, 4" ("" = no hidden layer)."""
    if isinstance(hidden, str):
        parts = [p for p in hidden.replace(",", " ").split()]
        try:
            hidden = [int(p) for p in parts]
        except ValueError:
            raise ValueError(f"hidden must list whole numbers separated by commas, such as '4, 4'; "
                             f"got {hidden!r}") from None
    if isinstance(hidden, numbers.Integral) and not isinstance(hidden, bool):
        hidden = [hidden]
    if isinstance(hidden, bytes) or not np.iterable(hidden):
        raise ArgumentTypeError(f"hidden must be a list of layer widths such as (4, 4), got {hidden!r}")
    hidden = tuple(hidden)
    if len(hidden) > 6:
        raise ValueError(f"hidden may have at most 6 layers for the dashboard, got {len(hidden)}")
    return tuple(check_int(n, "hidden layer widths (each)", 1, 16) for n in hidden)


@dataclass(frozen=True)
class TrainingSettings:
    """Everything the dashboard lets you choose. Invalid values raise a clear ValueError."""
    dataset: str = "circles"
    hidden: tuple = (4, 4)
    activation: str = "tanh"
    lr: float = 1.0
    batch_size: int = 10
    l2: float = 0.0
    seed: int = 0
    n_samples: int = 200
    noise: float = 0.1

    def __post_init__(self):
        check_choice(self.dataset, "dataset", TOY_SETS)
        check_choice(self.activation, "activation", DASHBOARD_ACTIVATIONS)
        object.__setattr__(self, "hidden", parse_hidden(self.hidden))
        object.__setattr__(self, "lr", check_lr(self.lr))
        object.__setattr__(self, "l2", check_l2(self.l2))
        object.__setattr__(self, "batch_size", check_int(self.batch_size, "batch_size", 1))
        object.__setattr__(self, "seed", check_seed(self.seed))
        object.__setattr__(self, "n_samples", check_int(self.n_samples, "n_samples", 4, 100_000))
        object.__setattr__(self, "noise", check_noise(self.noise))

    @property
    def sizes(self):
        """Layer widths, input to output: 2 inputs, the hidden layers, one output."""
        return [2, *self.hidden, 1]


# ---------------------------------------------------------------- the dashboard's state machine
class TrainingSession:
    """A network training on a toy problem one epoch at a time.

    States: ``ready`` (epoch 0) → Play → ``running`` → Pause → ``paused``; Step runs one
    epoch from ready/paused (and pauses a running session first); Reset starts again from
    the same initial weights.  A diverged run is ``diverged`` until Reset or new settings.

    Inputs are centred, x ∈ [−1, 1]², so that sigmoid and tanh neurons start in their steep
    middle part.  The output is one sigmoid neuron y ≈ probability of class 1, with
    E = ½(t − y)², the workbook's default loss.
    """

    def __init__(self, settings=None, **changes):
        if settings is not None:
            check_instance(settings, TrainingSettings, "settings")
        if settings is None:
            settings = TrainingSettings(**changes)
        elif changes:
            settings = replace(settings, **changes)
        self.settings = settings
        self._load_data()
        self.reset()

    # ---- settings and data
    def _load_data(self):
        s = self.settings
        data = load_toy(s.dataset, n_samples=s.n_samples, noise=s.noise, seed=s.seed)
        self.data = data
        self.X_train, self.X_test = 2 * data.X_train - 1, 2 * data.X_test - 1
        self.T_train = data.y_train[:, None].astype(float)
        self.T_test = data.y_test[:, None].astype(float)

    def configure(self, **changes):
        """Change settings (any TrainingSettings field) and reset. Bad values raise; the old settings stay."""
        unknown = set(changes) - {f.name for f in fields(TrainingSettings)}
        if unknown:
            raise ValueError(f"unknown setting(s) {sorted(unknown)}; "
                             f"choose from {[f.name for f in fields(TrainingSettings)]}")
        new = replace(self.settings, **changes)      # validates before anything changes
        data_changed = any(getattr(new, k) != getattr(self.settings, k)
                           for k in ("dataset", "seed", "n_samples", "noise"))
        self.settings = new
        if data_changed:
            self._load_data()
        self.reset()
        return self

    # ---- transitions
    def reset(self):
        """Back to epoch 0 with fresh initial weights (the same ones for the same seed)."""
        s = self.settings
        self.net = MLP(s.sizes, activation=s.activation, output_activation="sigmoid",
                       loss="half_sse", seed=s.seed)
        self.epoch = 0
        self.state = "ready"
        self.message = ""
        net = self.net
        self.history = {"epoch": [0], "loss": [net.loss(self.X_train, self.T_train)],
                        "accuracy": [net.accuracy(self.X_train, self.T_train)],
                        "test_loss": [net.loss(self.X_test, self.T_test)],
                        "test_accuracy": [net.accuracy(self.X_test, self.T_test)]}
        return self

    def play(self):
        """Start (or resume) running; a diverged session stays stopped until Reset."""
        if self.state != "diverged":
            self.state = "running"
        return self.state

    def pause(self):
        if self.state == "running":
            self.state = "paused"
        return self.state

    def step(self):
        """Pause if running, then train one epoch. Returns True if the epoch ran."""
        self.pause()
        ran = self._one_epoch()
        if ran and self.state == "ready":
            self.state = "paused"
        return ran

    def tick(self):
        """What a timer calls: one epoch if running, nothing otherwise. Returns True if it trained."""
        if self.state != "running":
            return False
        return self._one_epoch()

    def run(self, epochs):
        """Train ``epochs`` epochs now (the static twin uses this); stops early on divergence."""
        epochs = check_int(epochs, "epochs", 0)
        for _ in range(epochs):
            if not self._one_epoch():
                break
        if self.state == "ready" and self.epoch > 0:
            self.state = "paused"
        return self

    def _one_epoch(self):
        if self.state == "diverged":
            return False
        s = self.settings
        try:                                        # a diverged fit restores the last finite weights
            h = self.net.fit(self.X_train, self.T_train, lr=s.lr, epochs=1, batch_size=s.batch_size,
                             seed=s.seed * 100_003 + self.epoch, l2=s.l2, X_test=self.X_test, T_test=self.T_test)
        except TrainingDiverged:
            self.state = "diverged"
            self.message = (f"training diverged at epoch {self.epoch + 1}: the weights became NaN/inf, so the "
                            f"network keeps its weights after epoch {self.epoch}. The learning rate lr={s.lr:g} "
                            f"is too large with α={s.l2:g}; try a smaller one.")
            return False
        self.epoch += 1
        self.history["epoch"].append(self.epoch)
        for key in ("loss", "test_loss", "accuracy", "test_accuracy"):
            self.history[key].append(h[key][-1])
        return True

    # ---- read-outs
    @property
    def status(self):
        """One line for the dashboard: epoch, losses, and the divergence message if any."""
        h = self.history
        line = (f"epoch {self.epoch} · train loss {h['loss'][-1]:.4f} · test loss {h['test_loss'][-1]:.4f}"
                f" · test accuracy {h['test_accuracy'][-1]:.0%}")
        return f"{line} · {self.message}" if self.message else line

    def __repr__(self):
        s = self.settings
        return (f"TrainingSession({s.dataset}, sizes {s.sizes}, {s.activation}, η={s.lr:g}, "
                f"B={s.batch_size}, α={s.l2:g}: {self.state} at epoch {self.epoch})")


# ---------------------------------------------------------------- decision boundary
def decision_grid(net, bounds=(-1.2, 1.2), resolution=80):
    """Evaluate a 2-input network on a square grid. Returns (xs, ys, Y) with Y[i, j] = y at (xs[j], ys[i]).

    For several outputs Y holds the output of the last neuron (class 1 of two).
    """
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    if net.sizes[0] != 2:
        raise ValueError(f"net must have 2 inputs to draw a decision boundary, it has {net.sizes[0]}")
    bounds = check_array(bounds, "bounds", ndim=1)
    if bounds.shape != (2,) or not bounds[0] < bounds[1]:
        raise ValueError(f"bounds must be two finite numbers (low, high) with low < high, got {bounds.tolist()}")
    lo, hi = bounds
    resolution = check_int(resolution, "resolution", 2, 2000)
    xs = np.linspace(lo, hi, resolution)
    gx, gy = np.meshgrid(xs, xs)
    with np.errstate(over="ignore", invalid="ignore"):     # huge weights just before a divergence
        Y = net.forward_pass(np.c_[gx.ravel(), gy.ravel()])["a"][-1][:, -1]
    return xs, xs.copy(), Y.reshape(gx.shape)


# ---------------------------------------------------------------- progress
class ProgressReport:
    """A callback for ``MLP.fit``: remembers how far training is and the latest loss.

        report = ProgressReport(total=50, on_update=print_it)
        net.fit(X, T, epochs=50, callback=report)

    ``on_update(report)`` (optional) runs after each epoch; a widget draws itself there.
    """

    def __init__(self, total, on_update=None, every=1):
        self.total = check_int(total, "total", 1)
        self.every = check_int(every, "every", 1)
        if on_update is not None:
            check_callable(on_update, "on_update", "a function taking the report")
        self.on_update = on_update
        self.done = 0
        self.loss = None
        self.accuracy = None

    @property
    def fraction(self):
        return min(self.done / self.total, 1.0)

    @property
    def text(self):
        parts = [f"epoch {self.done} of {self.total}"]
        if self.loss is not None:
            parts.append(f"loss {self.loss:.4f}")
        if self.accuracy is not None:
            parts.append(f"accuracy {self.accuracy:.1%}")
        return " · ".join(parts)

    def __call__(self, epoch, history):
        if not isinstance(history, dict) or "loss" not in history:
            raise ArgumentTypeError("history must be the dict MLP.fit passes to its callback (with a 'loss' list)")
        self.done = check_int(epoch, "epoch", 0)
        self.loss = float(history["loss"][-1]) if history["loss"] else None
        acc = history.get("test_accuracy") or history.get("accuracy")
        self.accuracy = float(acc[-1]) if acc else None
        if self.on_update is not None and (self.done % self.every == 0 or self.done >= self.total):
            self.on_update(self)
        return None          # never stops training (fit stops when a callback returns False)


# ---------------------------------------------------------------- evaluation
def confusion_matrix(y_true, y_pred, n_classes=None):
    """C[i, j] = how many samples of true class i were predicted as class j."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must be 1-D label arrays of the same length, "
                         f"got shapes {y_true.shape} and {y_pred.shape}")
    if y_true.size and not (np.issubdtype(y_true.dtype, np.integer) and np.issubdtype(y_pred.dtype, np.integer)):
        raise ArgumentTypeError(f"y_true and y_pred must hold whole-number class labels, "
                                f"got dtypes {y_true.dtype} and {y_pred.dtype}")
    top = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    n_classes = top if n_classes is None else check_int(n_classes, "n_classes", 1)
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or top > n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (y_true, y_pred), 1)
    return C
