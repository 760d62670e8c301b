"""A fully connected network (multi-layer perceptron) trained by backpropagation.

Notation as in the table of notebook 00.  Layer 0 is the input, layer L the output; one sample
is one *row*, so a batch is a matrix with B rows.  W^l = net.weights[l-1] has shape (n_l, n_{l-1})
(row j holds neuron j's incoming weights) and b^l = net.biases[l-1] shape (n_l,).  Initialisation:
W^l ~ Normal(0, 1/n_{l-1}) from ``numpy.random.default_rng(seed)``, b^l = 0.
"""
import numpy as np

from . import losses
from ._checks import (check_batch, check_finite, check_fit, check_l2, check_lr, check_params, check_seed,
                      check_sizes, check_xt)
from ._memory import keep_freed_memory
from .activations import get_activation


class TrainingDiverged(ValueError):
    """The weights, biases or loss became NaN or infinite during training."""


class MLP:
    """A fully connected network: ``MLP([5, 8, 6, 3])`` has 5 inputs, hidden layers of 8 and 6, 3 outputs.

    Forward:  z^l = a^{l-1} W^lᵀ + b^l,  a^l = f(z^l),  with a^0 = x and a^L = y.
    Backward, the four equations (⊙ is the element-wise product):

        (BP1)  δ^L      = ∂E/∂a^L ⊙ f'(z^L)            (softmax + cross-entropy: δ^L = (y − t)/B)
        (BP2)  δ^l      = (δ^{l+1} W^{l+1}) ⊙ f'(z^l)
        (BP3)  ∂E/∂b^l  = Σ_samples δ^l
        (BP4)  ∂E/∂W^l  = δ^lᵀ a^{l-1}
    """

    def forward_pass(self, X):
        """Forward through every layer; return the cache {'z': [z^1..z^L], 'a': [a^0..a^L]} backward needs."""
        a, zs, activations, L = X, [], [X], len(self.weights)
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            z = a @ W.T + b                                           # z^l = a^{l-1} W^lᵀ + b^l
            a = self.f.f(z) if l < L else losses.softmax(z) if self.f_out is None else self.f_out.f(z)
            zs.append(z)
            activations.append(a)                                     # a^l = f(z^l)
        return {"z": zs, "a": activations}

    def backward_pass(self, cache, T, input_grad=False, loss=True):
        """The four equations over a batch, from forward_pass's cache. Return (E, dW, db[, dE/dx]).

        ``loss=False`` skips computing E (returned as None): training needs only the gradients.
        """
        zs, activations, L = cache["z"], cache["a"], self.n_layers
        delta = (activations[L] - T) / T.shape[0] * _f_prime(self.f_out, zs[L - 1], activations[L])  # (BP1)
        dW, db = [None] * L, [None] * L
        for l in range(L, 0, -1):                          # l = L, L-1, ..., 1
            db[l - 1] = delta.sum(axis=0)                  # (BP3)
            dW[l - 1] = delta.T @ activations[l - 1]       # (BP4)
            if l > 1:
                delta = (delta @ self.weights[l - 1]) * _f_prime(self.f, zs[l - 2], activations[l - 1])  # (BP2)
        result = (self._loss(cache, T) if loss else None, dW, db)
        return result + (delta @ self.weights[0],) if input_grad else result

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="half_sse", seed=0):
        sizes = check_sizes(sizes)
        rng = np.random.default_rng(check_seed(seed))
        weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self._build(weights, [np.zeros(n) for n in sizes[1:]], activation, output_activation, loss)

    @classmethod
    def from_params(cls, weights, biases, activation="sigmoid", output_activation=None, loss="half_sse"):
        """Build a network from given weights (list of (n_out, n_in)) and biases (list of (n_out,))."""
        net = cls.__new__(cls)
        net._build(*check_params(weights, biases), activation, output_activation, loss)
        return net

    def _build(self, weights, biases, activation, output_activation, loss):
        self.loss_name = losses.check_loss_name(loss)
        if output_activation is None:
            output_activation = "softmax" if loss == "cross_entropy" else "sigmoid"
        self.f = get_activation(activation, "activation")
        self.f_out = None if str(output_activation) == "softmax" else get_activation(output_activation, "output_activation")
        if (self.f_out is None) != (loss == "cross_entropy"):
            raise ValueError("output_activation='softmax' goes with loss='cross_entropy' (and only with it); "
                             f"got output_activation={output_activation!r}, loss={loss!r}")
        self.activation, self.output_activation = self.f.name, getattr(self.f_out, "name", "softmax")
        self.weights, self.biases = weights, biases
        self.sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        if self.f_out is None and self.sizes[-1] < 2:     # softmax of one output is always 1
            raise ValueError(f"loss='cross_entropy' (with softmax) needs >= 2 output neurons, got sizes {self.sizes}; "
                             "for two classes use one sigmoid output")

    def __repr__(self):
        return (f"MLP({self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss_name!r})")

    n_layers = property(lambda self: len(self.weights), doc="L, the layers with weights (not the input).")
    n_params = property(lambda self: sum(W.size + b.size for W, b in zip(self.weights, self.biases)))

    def copy(self):
        """An independent MLP with the same weights, biases, activations (names or objects) and loss."""
        return MLP.from_params(self.weights, self.biases, self.f, self.f_out or "softmax", self.loss_name)

    def layer_activation(self, l):
        """The activation used by layer l (1..L); None means softmax."""
        return self.f_out if l == self.n_layers else self.f

    def forward(self, x):
        """y for one sample x of shape (n_in,), or Y (B, n_out) for a batch X (B, n_in)."""
        X, single = check_batch(x, self.sizes[0], "x", "inputs")
        Y = check_finite(lambda: self.forward_pass(X)["a"][-1], "the output y")
        return Y[0] if single else Y

    def gradients(self, x, t):
        """Loss E and its gradients dE/dW^l, dE/db^l (shaped like weights[l], biases[l])."""
        X, T = self._check_xt(x, t)
        return check_finite(lambda: self.backward_pass(self.forward_pass(X), T), "a gradient")

    def loss(self, x, t):
        X, T = self._check_xt(x, t)
        return check_finite(lambda: self._loss(self.forward_pass(X), T), "the loss")

    def accuracy(self, x, t):
        """Fraction classified right: arg-max of outputs vs targets (one output: threshold 0.5)."""
        X, T = self._check_xt(x, t)
        return _accuracy(check_finite(lambda: self.forward_pass(X)["a"][-1], "the output y"), T)

    def step(self, x, t, lr, l2=0.0):
        """One gradient-descent update on (x, t); returns the loss *before* the update."""
        (X, T), lr, l2 = self._check_xt(x, t), check_lr(lr), check_l2(l2)
        def one_step():
            cache = self.forward_pass(X)
            loss = self._safe_loss(cache, T)
            self._update(cache, T, lr, l2)
            return {"loss": loss}
        return self._train(one_step, lr, "this step")["loss"]

    def fit(self, X, T, lr=0.5, epochs=50, batch_size=32, seed=0, l2=0.0,
            X_test=None, T_test=None, callback=None, record_every=1):
        """Mini-batch SGD: each epoch shuffles the samples (seeded), then takes one step per batch; divergence
        raises TrainingDiverged (parameters restored). Every ``record_every`` epochs (and after the last) the history
        records 'epoch', 'loss', 'accuracy' (0/1 targets), 'test_loss', 'test_accuracy' (a test set);
        ``callback(epoch, history)`` runs after each epoch, False stops."""
        sets, lr, l2, seed, epochs, batch_size, record_every = check_fit(
            self.sizes, self.f_out is None, X, T, X_test, T_test, lr, l2, seed, epochs, batch_size, callback,
            record_every)
        keep_freed_memory()                       # reuse each batch's memory (helpers/_memory.py)
        (X, T), rng = sets[""], np.random.default_rng(seed)
        labels, n = bool(np.all((T == 0) | (T == 1))), X.shape[0]
        history = {"epoch": [], **{p + key: [] for p in sets for key in ("loss", "accuracy")[:1 + labels]}}
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)
            def one_epoch():
                for start in range(0, n, batch_size):
                    idx = order[start:start + batch_size]
                    self._update(self.forward_pass(X[idx]), T[idx], lr, l2)
                return self._measure(sets, labels, epoch) if epoch % record_every == 0 or epoch == epochs else None
            for key, value in (self._train(one_epoch, lr, f"epoch {epoch}") or {}).items():
                history[key].append(value)
            if callback is not None and callback(epoch, history) is False:
                break
        return history

    # ---------------------------------------------------------- the inner workings
    def _update(self, cache, T, lr, l2):
        _, dW, db = self.backward_pass(cache, T, loss=False)
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db):
            if l2:
                gW += l2 * W                                          # the L2 term α W
            W -= np.multiply(gW, lr, out=gW)                          # W ← W − η ∂E/∂W
            b -= np.multiply(gb, lr, out=gb)                          # b ← b − η ∂E/∂b

    def _train(self, run, lr, when):
        """run() with the parameters saved; if a parameter or a loss it returns is NaN/inf, restore and raise."""
        params = self.weights + self.biases
        saved = [p.copy() for p in params]                            # the last finite parameters
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            result = run()
        if all(np.isfinite(p).all() for p in params) and all(np.isfinite(v) for v in (result or {}).values()):
            return result
        for p, old in zip(params, saved):
            p[...] = old
        raise TrainingDiverged(f"training diverged at {when}: the weights, biases or loss became NaN/inf, so the "
                               f"network was restored to its parameters from before {when}. The learning rate "
                               f"lr={lr:g} is too large for this problem; try a smaller one (e.g. lr={lr / 10:g}).")

    def _measure(self, sets, labels, epoch):
        """Loss (and accuracy) per set, the outputs in blocks of rows: temporaries <= 128 KiB, reused, not paged in."""
        out, rows = {"epoch": epoch}, max(4, 16384 // max(self.sizes[1:]))
        for prefix, (X, T) in sets.items():
            Z, Y = np.empty(T.shape), np.empty(T.shape)                # z^L and y for every row of X
            for start in range(0, X.shape[0], rows):
                cache = self.forward_pass(X[start:start + rows])
                Z[start:start + rows], Y[start:start + rows] = cache["z"][-1], cache["a"][-1]
            out[prefix + "loss"] = self._safe_loss({"z": [Z], "a": [Y]}, T)
            out.update({prefix + "accuracy": _accuracy(Y, T)} if labels else {})
        return out

    def _loss(self, cache, T):
        if self.f_out is None:
            return losses.cross_entropy_from_logits(check_finite(lambda: cache["z"][-1], "the output z^L"), T)
        return losses.half_sse(check_finite(lambda: cache["a"][-1], "the output y"), T)

    def _safe_loss(self, cache, T):
        """The loss, or inf where it overflows or the outputs are NaN/inf (training reports it as divergence)."""
        try:
            return self._loss(cache, T)
        except ValueError:
            return np.inf

    def _check_xt(self, x, t):
        return check_xt(x, t, self.sizes, self.f_out is None)


def _f_prime(f, z, a):
    """f'(z^l), from the cached a^l = f(z^l) where it can be (σ' = a(1 − a)); 1 for softmax + cross-entropy."""
    return 1.0 if f is None else f.prime_a(a) if f.prime_a is not None else f.prime(z)


def _accuracy(Y, T):
    hits = (Y[:, 0] > 0.5) == (T[:, 0] > 0.5) if Y.shape[1] == 1 else Y.argmax(axis=1) == T.argmax(axis=1)
    return float(np.mean(hits))


