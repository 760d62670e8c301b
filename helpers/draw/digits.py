"""Drawings of notebook 08's digits: a confusion matrix, grids of 8×8 images, hidden weights."""
import matplotlib
import numpy as np
from matplotlib.axes import Axes

from .._checks import check_array, check_instance, check_int
from ..experiments.session import confusion_matrix
from .style import SIGN_CMAP


def plot_confusion_matrix(ax, y_true, y_pred, n_classes=10):
    """Counts of (true, predicted) as a grid of numbers; the diagonal is what was right."""
    check_instance(ax, Axes, "ax", "a matplotlib Axes (for example from plt.subplots())")
    n_classes = check_int(n_classes, "n_classes", 1, 100)
    C = confusion_matrix(y_true, y_pred, n_classes)
    ax.imshow(C, cmap="Blues", vmin=0)
    for i in range(n_classes):
        for j in range(n_classes):
            if C[i, j]:
                ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=10,
                        color="white" if C[i, j] > C.max() / 2 else "black")
    ax.set(xticks=range(n_classes), yticks=range(n_classes), xlabel="predicted digit", ylabel="true digit")
    return C


def _mosaic(tiles, ncols, gap=2, fill=np.nan):
    """Lay 8×8 tiles out in one array with gaps (one image draws much faster than many axes)."""
    nrows = max(1, int(np.ceil(len(tiles) / ncols)))
    M = np.full((nrows * (8 + gap) + gap, ncols * (8 + gap) + gap), fill)
    corners = []
    for i, tile in enumerate(tiles):
        r, c = divmod(i, ncols)
        top, left = gap + r * (8 + gap), gap + c * (8 + gap)
        M[top:top + 8, left:left + 8] = tile
        corners.append((top, left))
    return M, corners


def _draw_mosaic(ax, tiles, titles, ncols, cmap, vmin, vmax):
    M, corners = _mosaic(tiles, check_int(ncols, "ncols", 1))
    cmap = matplotlib.colormaps[cmap] if isinstance(cmap, str) else cmap
    cmap = cmap.with_extremes(bad="white")
    ax.imshow(np.ma.masked_invalid(M), cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    for (top, left), title in zip(corners, titles):
        ax.text(left + 3.5, top - 0.7, title, ha="center", va="bottom", fontsize=11)
    ax.set_ylim(M.shape[0] - 0.5, -2.5)
    ax.axis("off")
    return ax


def plot_digit_grid(ax, images, titles, ncols=8, cmap="gray_r"):
    """Small 8×8 images in one picture, a title above each (for example "3 → 8")."""
    check_instance(ax, Axes, "ax", "a matplotlib Axes (for example from plt.subplots())")
    images = check_array(images, "images", what="pixel values")
    if images.ndim != 2 or images.shape[1] != 64:
        raise ValueError(f"images must have shape (n, 64) (8×8 pixels each), got {images.shape}")
    if isinstance(titles, str) or not np.iterable(titles) or len(list(titles)) != len(images):
        raise ValueError(f"titles must be a list of {len(images)} texts, one per image, got {titles!r:.60}")
    return _draw_mosaic(ax, images.reshape(-1, 8, 8), titles, ncols, cmap, 0.0, 1.0)


def plot_hidden_weights(ax, W, ncols=5):
    """Each hidden neuron's 64 incoming weights as an 8×8 image (blue +, vermillion −).

    Each neuron is scaled by its own largest |w|, so white always means zero."""
    check_instance(ax, Axes, "ax", "a matplotlib Axes (for example from plt.subplots())")
    W = check_array(W, "W", what="weights")
    if W.ndim != 2 or W.shape[1] != 64 or len(W) == 0:
        raise ValueError(f"W must be the first weight matrix of shape (n_hidden, 64), got shape {W.shape}")
    scaled = W / np.maximum(np.abs(W).max(axis=1, keepdims=True), 1e-12)
    return _draw_mosaic(ax, scaled.reshape(-1, 8, 8), [f"neuron {j + 1}" for j in range(len(W))],
                        ncols, SIGN_CMAP, -1.0, 1.0)
