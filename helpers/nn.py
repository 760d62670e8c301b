"""A fully connected network (multi-layer perceptron) trained by backpropagation.

Notation, as in the table of notebook 00.  Layer 0 is the input, layer L the output.
One sample is one *row*, so a batch is a matrix with B rows.

    W^l  = net.weights[l-1], shape (n_l, n_{l-1}): row j holds neuron j's incoming weights
    b^l  = net.biases[l-1],  shape (n_l,)
    z^l  = a^{l-1} W^lᵀ + b^l          weighted input of layer l
    a^l  = f(z^l)                      activation of layer l  (a^0 = x, a^L = y)

Backward pass, the four equations (⊙ is the element-wise product):

    (BP1)  δ^L      = ∂E/∂a^L ⊙ f'(z^L)           error at the output
    (BP2)  δ^l      = (δ^{l+1} W^{l+1}) ⊙ f'(z^l)  error sent back one layer
    (BP3)  ∂E/∂b^l  = Σ_samples δ^l
    (BP4)  ∂E/∂W^l  = δ^lᵀ a^{l-1}

Initialisation: W^l ~ Normal(0, 1/n_{l-1}) from ``numpy.random.default_rng(seed)``
(so each neuron's z starts with a variance near that of its inputs), b^l = 0.
"""
import numbers

import numpy as np

from . import losses
from .activations import get_activation


class TrainingDiverged(ValueError):
    """The loss became NaN or infinite during training."""


# ---------------------------------------------------------------- input checks
def _check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a list of layer widths such as [2, 3, 1], got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer widths (input and output), got {sizes}")
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"sizes must be whole numbers >= 1 (neurons per layer), got {sizes}")
    return [int(n) for n in sizes]


def _check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (the learning rate η) must be a finite number > 0, got {lr!r}")
    return float(lr)


def _check_l2(l2):
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real) or not np.isfinite(l2) or l2 < 0:
        raise ValueError(f"l2 (the weight-decay strength) must be a finite number >= 0, got {l2!r}")
    return float(l2)


def _check_whole(value, name, minimum=1):
    """Return value as an int if it is a whole number (not a bool) >= minimum, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _as_batch(values, width, name, what):
    """Return (2-D float array, was_single_sample) after checking shape and finiteness."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers (a list or NumPy array), got {type(values).__name__}") from None
    single = arr.ndim == 1
    if arr.ndim == 0 or arr.ndim > 2:
        raise ValueError(f"{name} must be 1-D (one sample of {width} {what}) or 2-D "
                         f"(batch, {width}), got shape {arr.shape}")
    arr = np.atleast_2d(arr)
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch: it needs at least one sample")
    if arr.shape[1] != width:
        raise ValueError(f"{name} must have {width} {what} per sample, got shape {np.shape(values)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf; every value must be a finite number")
    return arr, single


# ---------------------------------------------------------------- the network
class MLP:
    """A fully connected network: ``MLP([5, 8, 6, 3])`` has 5 inputs, hidden layers of 8 and 6, 3 outputs."""

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="half_sse", seed=0):
        sizes = _check_sizes(sizes)
        rng = np.random.default_rng(seed)
        weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        biases = [np.zeros(n_out) for n_out in sizes[1:]]
        self._setup(weights, biases, activation, output_activation, loss)

    @classmethod
    def from_params(cls, weights, biases, activation="sigmoid", output_activation=None, loss="half_sse"):
        """Build a network from given weights (list of (n_out, n_in)) and biases (list of (n_out,))."""
        weights = [np.array(W, dtype=float) for W in weights]
        biases = [np.array(b, dtype=float) for b in biases]
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(f"weights and biases must be lists of the same non-zero length "
                             f"(one per layer), got {len(weights)} and {len(biases)}")
        for l, (W, b) in enumerate(zip(weights, biases), start=1):
            if W.ndim != 2 or W.size == 0:
                raise ValueError(f"weights[{l-1}] (W^{l}) must be a 2-D array (n_out, n_in), got shape {W.shape}")
            if b.shape != (W.shape[0],):
                raise ValueError(f"biases[{l-1}] (b^{l}) must have shape ({W.shape[0]},) to match "
                                 f"weights[{l-1}] of shape {W.shape}, got {b.shape}")
            if l > 1 and W.shape[1] != weights[l - 2].shape[0]:
                raise ValueError(f"weights[{l-1}] has {W.shape[1]} columns but layer {l-1} has "
                                 f"{weights[l-2].shape[0]} neurons: shapes {[w.shape for w in weights]} do not chain")
            if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
                raise ValueError(f"weights[{l-1}] or biases[{l-1}] contains NaN or inf")
        net = cls.__new__(cls)
        net._setup(weights, biases, activation, output_activation, loss)
        return net

    def _setup(self, weights, biases, activation, output_activation, loss):
        self.loss_name = losses.check_loss_name(loss)
        if output_activation is None:
            output_activation = "softmax" if loss == "cross_entropy" else "sigmoid"
        if (output_activation == "softmax") != (loss == "cross_entropy"):
            raise ValueError("output_activation='softmax' goes with loss='cross_entropy' (and only with it); "
                             f"got output_activation={output_activation!r}, loss={loss!r}")
        self.f = get_activation(activation)
        self.f_out = None if output_activation == "softmax" else get_activation(output_activation)
        self.activation = self.f.name
        self.output_activation = "softmax" if self.f_out is None else self.f_out.name
        self.weights, self.biases = weights, biases
        self.sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        if self.loss_name == "cross_entropy" and self.sizes[-1] < 2:
            raise ValueError("loss='cross_entropy' (with softmax) needs >= 2 output neurons: with one, "
                             f"softmax always gives 1 and every gradient is 0; got sizes {self.sizes}. "
                             "For two classes use one sigmoid output with loss='half_sse'")

    def __repr__(self):
        return (f"MLP({self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss_name!r})")

    @property
    def n_layers(self):
        """L, the number of layers with weights (the input layer is not counted)."""
        return len(self.weights)

    @property
    def n_params(self):
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    def copy(self):
        """An independent MLP with the same weights, biases, activations (names or objects) and loss."""
        return MLP.from_params(self.weights, self.biases, self.f, self.f_out or "softmax", self.loss_name)

    def layer_activation(self, l):
        """The activation used by layer l (1..L); None means softmax."""
        return self.f_out if l == self.n_layers else self.f

    # ---------------------------------------------------------- forward pass
    def forward_pass(self, X):
        """Forward through every layer; return the cache {'z': [z^1..z^L], 'a': [a^0..a^L]} backward needs."""
        a, zs, activations = X, [], [X]
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ W.T + b                      # z^l = a^{l-1} W^lᵀ + b^l
            f = self.layer_activation(l)
            a = losses.softmax(z) if f is None else f.f(z)   # a^l = f(z^l)
            zs.append(z)
            activations.append(a)
        return {"z": zs, "a": activations}

    def forward(self, x):
        """y for one sample x of shape (n_in,), or Y (B, n_out) for a batch X (B, n_in)."""
        X, single = _as_batch(x, self.sizes[0], "x", "inputs")
        Y = self.forward_pass(X)["a"][-1]
        return Y[0] if single else Y

    # ---------------------------------------------------------- loss and backward pass
    def _loss(self, cache, T):
        if self.loss_name == "cross_entropy":
            return losses.cross_entropy_from_logits(cache["z"][-1], T)
        return losses.half_sse(cache["a"][-1], T)

    def backward_pass(self, cache, T, input_grad=False):
        """The four backprop equations, over a whole batch. Return (loss, dW, db[, dE/dx])."""
        zs, activations, L = cache["z"], cache["a"], self.n_layers
        if self.loss_name == "cross_entropy":
            delta = (activations[-1] - T) / T.shape[0]    # (BP1) softmax + cross-entropy: δ^L = (y − t)/B
        else:
            delta = losses.half_sse_grad(activations[-1], T) * self.f_out.prime(zs[-1])   # (BP1)
        dW, db = [None] * L, [None] * L
        for l in range(L, 0, -1):                      # l = L, L-1, ..., 1
            db[l - 1] = delta.sum(axis=0)              # (BP3)
            dW[l - 1] = delta.T @ activations[l - 1]   # (BP4)
            if l > 1:
                delta = (delta @ self.weights[l - 1]) * self.f.prime(zs[l - 2])   # (BP2)
        result = (self._loss(cache, T), dW, db)
        if input_grad:
            result += (delta @ self.weights[0],)
        return result

    def _check_xt(self, x, t):
        X, single = _as_batch(x, self.sizes[0], "x", "inputs")
        T, single_t = _as_batch(t, self.sizes[-1], "t", "targets (one per output neuron)")
        if X.shape[0] != T.shape[0]:
            raise ValueError(f"x and t must hold the same number of samples, got x {np.shape(x)} and t {np.shape(t)}")
        return X, T

    def gradients(self, x, t):
        """Loss E and its gradients dE/dW^l, dE/db^l (shaped like weights[l], biases[l])."""
        X, T = self._check_xt(x, t)
        return self.backward_pass(self.forward_pass(X), T)

    def loss(self, x, t):
        X, T = self._check_xt(x, t)
        return self._loss(self.forward_pass(X), T)

    def accuracy(self, x, t):
        """Fraction classified right: arg-max of outputs vs targets (one output: threshold 0.5)."""
        X, T = self._check_xt(x, t)
        return _accuracy(self.forward_pass(X)["a"][-1], T)

    # ---------------------------------------------------------- learning
    def _update(self, X, T, lr, l2):
        loss, dW, db = self.backward_pass(self.forward_pass(X), T)
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db):
            W -= lr * (gW + l2 * W)                    # W ← W − η ∂E/∂W
            b -= lr * gb                               # b ← b − η ∂E/∂b
        return loss

    def step(self, x, t, lr, l2=0.0):
        """One gradient-descent update on (x, t); returns the loss *before* the update."""
        X, T = self._check_xt(x, t)
        lr, l2 = _check_lr(lr), _check_l2(l2)
        with np.errstate(over="ignore", invalid="ignore"):   # divergence is reported below, clearly
            loss = self._update(X, T, lr, l2)
        self._check_finite(loss, lr, "this step")
        return loss

    def _check_finite(self, loss, lr, when):
        if not (np.isfinite(loss) and all(np.all(np.isfinite(W)) for W in self.weights)):
            raise TrainingDiverged(
                f"training diverged at {when}: the loss or the weights became NaN/inf. "
                f"The learning rate lr={lr:g} is too large for this problem; try a smaller one (e.g. lr={lr / 10:g}).")

    def fit(self, X, T, lr=0.5, epochs=50, batch_size=32, seed=0, l2=0.0,
            X_test=None, T_test=None, callback=None, first_epoch=1):
        """Mini-batch stochastic gradient descent.

        Each epoch shuffles the samples (seeded), then takes one step per batch.
        Returns a history dict of per-epoch lists: 'epoch', 'loss' (whole training set,
        after the epoch), plus 'accuracy' when the targets are 0/1 labels, and 'test_loss',
        'test_accuracy' when a test set is given.  ``callback(epoch, history)`` runs after
        each epoch; returning False stops training early.  Epochs are numbered from
        ``first_epoch`` (in the history and a divergence message), so training continued
        over several calls can keep counting.
        """
        X, T = self._check_xt(X, T)
        lr, l2 = _check_lr(lr), _check_l2(l2)
        if (X_test is None) != (T_test is None):
            raise ValueError("X_test and T_test must be given together (both or neither), got "
                             f"X_test={'None' if X_test is None else 'an array'} and "
                             f"T_test={'None' if T_test is None else 'an array'}")
        if X_test is not None:
            X_test, T_test = self._check_xt(X_test, T_test)
        epochs = _check_whole(epochs, "epochs")
        batch_size = _check_whole(batch_size, "batch_size")
        first_epoch = _check_whole(first_epoch, "first_epoch", 0)
        classifying = _is_labels(T)
        history = {"epoch": [], "loss": []}
        if classifying:
            history["accuracy"] = []
        if X_test is not None:
            history["test_loss"] = []
            if classifying:
                history["test_accuracy"] = []
        rng = np.random.default_rng(seed)
        n = X.shape[0]
        for epoch in range(first_epoch, first_epoch + epochs):
            order = rng.permutation(n)
            # overflow while diverging is not a NumPy warning here: _check_finite reports it clearly
            with np.errstate(over="ignore", invalid="ignore"):
                for start in range(0, n, batch_size):
                    idx = order[start:start + batch_size]
                    batch_loss = self._update(X[idx], T[idx], lr, l2)
                    if not np.isfinite(batch_loss):
                        break
                self._record(history, epoch, X, T, X_test, T_test, classifying)
            self._check_finite(history["loss"][-1], lr, f"epoch {epoch}")
            if callback is not None and callback(epoch, history) is False:
                break
        return history

    def _record(self, history, epoch, X, T, X_test, T_test, classifying):
        cache = self.forward_pass(X)
        history["epoch"].append(epoch)
        history["loss"].append(self._loss(cache, T))
        if classifying:
            history["accuracy"].append(_accuracy(cache["a"][-1], T))
        if X_test is not None:
            cache = self.forward_pass(X_test)
            history["test_loss"].append(self._loss(cache, T_test))
            if classifying:
                history["test_accuracy"].append(_accuracy(cache["a"][-1], T_test))


def _is_labels(T):
    return bool(np.all((T == 0) | (T == 1)))


def _accuracy(Y, T):
    if Y.shape[1] == 1:
        return float(np.mean((Y[:, 0] > 0.5) == (T[:, 0] > 0.5)))
    return float(np.mean(Y.argmax(axis=1) == T.argmax(axis=1)))
