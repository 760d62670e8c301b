"""Error surfaces for notebook 09: a linear neuron's exact paraboloid, and a plane through a network's weights.

* ``LinearNeuron``: y = w x + b fitted with E = mean ½(t − y)².  E is exactly a quadratic in
  (w, b): its Hessian H = mean [[x², x], [x, 1]] does not depend on (w, b), so the surface is a
  paraboloid with its lowest point at the least-squares fit, and gradient descent converges
  exactly when η < 2/λ_max (λ_max the larger eigenvalue of H).
* ``descent_path``: the (w, b) points gradient descent visits, from the workbook's ``MLP.fit``.
* ``plane_loss``: a network's loss over a 2-D plane through its weight space,
  θ(α, β) = origin + α d₁ + β d₂ (a slice: two directions out of all of them).
* ``weight_path``: two chosen parameters of a network, epoch by epoch, under gradient descent.
* ``swap_hidden``: the same network with two hidden neurons swapped (a second, equal solution).
"""
import numpy as np

from .._checks import check_array, check_instance, check_int, check_lr, check_xt
from ..nn import MLP, TrainingDiverged
from .pitfalls import get_params, set_params


class LinearNeuron:
    """One linear neuron y = w x + b and the data (x, t) it is fitted to."""

    def __init__(self, x, t):
        x, t = check_array(x, "x", ndim=1), check_array(t, "t", ndim=1)     # refuses NaN and inf too
        if x.shape != t.shape or x.size < 2:
            raise ValueError(f"x and t must be two equally long lists of at least 2 numbers, "
                             f"got {x.size} and {t.size}")
        if np.ptp(x) == 0:
            raise ValueError("x must not be constant: then every line through the mean fits, and there is no single lowest point")
        self.x, self.t = x, t
        A = np.c_[x, np.ones_like(x)]
        self.hessian = A.T @ A / x.size                                  # mean [[x², x], [x, 1]]
        self.eigenvalues, self.eigenvectors = np.linalg.eigh(self.hessian)  # ascending
        self.minimum = np.linalg.solve(self.hessian, A.T @ t / x.size)    # (w*, b*), least squares
        self.loss_min = self.loss(*self.minimum)

    @property
    def lam_max(self):
        return float(self.eigenvalues[-1])

    @property
    def lam_min(self):
        return float(self.eigenvalues[0])

    def loss(self, w, b):
        """E(w, b) = mean ½(t − w x − b)²; w and b may be arrays of the same shape (a grid)."""
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        r = self.t - w[..., None] * self.x - b[..., None]
        return 0.5 * np.mean(r ** 2, axis=-1)

    def quadratic(self, w, b):
        """E* + ½ (θ − θ*)ᵀ H (θ − θ*), the paraboloid E is equal to."""
        d = np.stack([np.asarray(w, dtype=float) - self.minimum[0], np.asarray(b, dtype=float) - self.minimum[1]], -1)
        return self.loss_min + 0.5 * np.einsum("...i,ij,...j->...", d, self.hessian, d)

    def gradient(self, w, b):
        """(∂E/∂w, ∂E/∂b) = (−mean((t − y) x), −mean(t − y))."""
        r = self.t - w * self.x - b
        return np.array([-np.mean(r * self.x), -np.mean(r)])


def descent_path(neuron, start, lr, epochs):
    """Full-batch gradient descent on ``neuron`` with ``MLP.fit``, from (w, b) = start.

    Returns (path, losses, message): path is an array (k, 2) of the (w, b) visited (start
    first), losses the loss after each epoch, and message the ``TrainingDiverged`` text if
    the run blew up (then path ends at the last finite weights), else "".
    """
    check_instance(neuron, LinearNeuron, "neuron")
    lr = check_lr(lr)
    epochs = check_int(epochs, "epochs", 1)
    start = check_array(start, "start")
    if start.shape != (2,):
        raise ValueError(f"start must be the two numbers (w, b), got shape {start.shape}")
    w0, b0 = (float(v) for v in start)
    net = MLP.from_params([np.array([[w0]])], [np.array([b0])], activation="linear", output_activation="linear")
    path = [(w0, b0)]

    def record(epoch, history):
        if np.isfinite(net.weights[0][0, 0]) and np.isfinite(net.biases[0][0]):
            path.append((net.weights[0][0, 0], net.biases[0][0]))

    message, losses = "", []
    x, t = neuron.x[:, None], neuron.t[:, None]
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            losses = net.fit(x, t, lr=lr, epochs=epochs, batch_size=x.shape[0], callback=record)["loss"]
    except TrainingDiverged as err:
        message = str(err)
    return np.array(path), np.array(losses), message


def plane_loss(net, X, T, origin, d1, d2, alphas, betas):
    """The loss of ``net``'s architecture at θ = origin + α d1 + β d2 for every α in alphas, β in betas.

    Returns an array E[i, j] for (alphas[j], betas[i]) (rows are β, as for ``plt.contour``).
    ``net`` itself is not changed.
    """
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    X, T = check_xt(X, T, net.sizes, net.loss_name == "cross_entropy", names=("X", "T"))
    alphas, betas = check_array(alphas, "alphas", ndim=1), check_array(betas, "betas", ndim=1)
    vectors = [check_array(v, name) for v, name in ((origin, "origin"), (d1, "d1"), (d2, "d2"))]
    for name, v in zip(("origin", "d1", "d2"), vectors):
        if v.shape != (net.n_params,):
            raise ValueError(f"{name} must be a vector of {net.n_params} numbers (one per weight and bias), "
                             f"got shape {v.shape}")
    origin, d1, d2 = vectors
    probe = net.copy()
    E = np.empty((len(betas), len(alphas)))
    with np.errstate(over="ignore"):
        for i, beta in enumerate(betas):
            for j, alpha in enumerate(alphas):
                set_params(probe, origin + alpha * d1 + beta * d2)
                E[i, j] = probe.loss(X, T)
    return E


def weight_path(net, X, T, lr, epochs, coordinates=(0, 1)):
    """Full-batch gradient descent on ``net`` (changed in place), recording two of its parameters.

    ``coordinates`` are two indices into ``get_params(net)``.  Returns (path, losses): path
    an array (epochs + 1, 2) of those two parameters (start first), losses the loss before
    training and after each epoch.
    """
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    if isinstance(coordinates, (str, bytes)) or not hasattr(coordinates, "__len__") or len(coordinates) != 2:
        raise ValueError(f"coordinates must be two indices into get_params(net), got {coordinates!r}")
    i, j = (check_int(c, f"coordinates (indices from 0 to {net.n_params - 1})", 0, net.n_params - 1)
            for c in coordinates)
    X, T = check_xt(X, T, net.sizes, net.loss_name == "cross_entropy", names=("X", "T"))
    path = [get_params(net)[[i, j]]]
    start = net.loss(X, T)

    def record(epoch, history):
        path.append(get_params(net)[[i, j]])

    losses = net.fit(X, T, lr=lr, epochs=epochs, batch_size=len(X), callback=record)["loss"]
    return np.array(path), np.array([start, *losses])


def swap_hidden(net, i=0, j=1):
    """The same network with hidden neurons i and j of its first hidden layer swapped (same outputs)."""
    check_instance(net, MLP, "net", "a helpers.nn.MLP")
    if net.n_layers < 2:
        raise ValueError(f"net must have at least one hidden layer, got sizes {net.sizes}")
    i = check_int(i, "i (a hidden neuron)", 0, net.sizes[1] - 1)
    j = check_int(j, "j (a hidden neuron)", 0, net.sizes[1] - 1)
    if i == j:
        raise ValueError(f"i and j must be two different hidden neurons, got i = j = {i}")
    other = net.copy()
    order = np.arange(net.sizes[1])
    order[[i, j]] = order[[j, i]]
    other.weights[0] = net.weights[0][order].copy()
    other.biases[0] = net.biases[0][order].copy()
    other.weights[1] = net.weights[1][:, order].copy()
    return other


__all__ = ["LinearNeuron", "descent_path", "plane_loss", "swap_hidden", "weight_path"]
