"""The one-neuron error landscape over (w, b) (helpers.experiments.surface)."""
import math

import numpy as np
import pytest

from helpers.experiments.surface import descent_path, error, error_grid, exact_fit, gradient, level_tangent
from helpers.gradcheck import rel_error
from helpers.symbolic import neuron_numbers

X2, T2 = [1.5, -1.0], [0.2, 0.7]
POINTS = [(0.8, 0.0), (-2.0, 1.3), (3.0, -2.5), (-0.4, -0.9)]


@pytest.mark.parametrize("w, b", POINTS)
def test_gradient_matches_central_differences(w, b):
    h = 1e-5
    dw = (error(w + h, b, X2, T2) - error(w - h, b, X2, T2)) / (2 * h)
    db = (error(w, b + h, X2, T2) - error(w, b - h, X2, T2)) / (2 * h)
    assert rel_error(gradient(w, b, X2, T2), [dw, db]) < 1e-7


def test_one_sample_is_notebook_01s_neuron():
    n = neuron_numbers(1.5, 0.2, 0.8)
    assert error(0.8, 0.0, 1.5, 0.2) == pytest.approx(n["E"], abs=1e-15)
    assert gradient(0.8, 0.0, 1.5, 0.2) == pytest.approx((n["dE_dw"], n["dE_db"]), abs=1e-15)


def test_grid_agrees_with_the_scalar_error():
    W, B = np.meshgrid([-1.0, 0.5, 2.0], [-3.0, 0.0])
    E = error_grid(W, B, X2, T2)
    for i in range(2):
        for j in range(3):
            assert E[i, j] == pytest.approx(error(W[i, j], B[i, j], X2, T2), abs=1e-14)


def test_descent_path_takes_gradient_steps_and_goes_down():
    p = descent_path(0.8, 0.0, 4.0, 30, X2, T2)
    assert p.shape == (31, 3)
    dw, db = gradient(0.8, 0.0, X2, T2)
    assert p[1, :2] == pytest.approx([0.8 - 4.0 * dw, 0.0 - 4.0 * db], abs=1e-15)
    assert np.all(np.diff(p[:, 2]) < 0) and p[-1, 2] < 1e-6
    assert descent_path(0.8, 0.0, 2.0, 0, X2, T2).shape == (1, 3)


@pytest.mark.parametrize("w, b", POINTS)
def test_gradient_is_perpendicular_to_the_contour(w, b):
    tw, tb = level_tangent(lambda u, v: error(u, v, X2, T2), w, b)
    dw, db = gradient(w, b, X2, T2)
    assert math.hypot(tw, tb) == pytest.approx(1.0)
    assert abs(dw * tw + db * tb) / math.hypot(dw, db) < 1e-6


def test_level_tangent_of_a_circle_is_tangent():
    tw, tb = level_tangent(lambda u, v: u * u + v * v, 1.0, 0.0)
    assert abs(tw) < 1e-4 and abs(tb) == pytest.approx(1.0, abs=1e-6)


def test_level_tangent_at_a_minimum_says_so():
    with pytest.raises(ValueError, match="no contour line"):
        level_tangent(lambda u, v: u * u + v * v, 0.0, 0.0)


@pytest.mark.parametrize("call, match", [
    (lambda: descent_path(0.8, 0.0, 0.0, 5, X2, T2), "lr"),
    (lambda: descent_path(0.8, 0.0, 1.0, -1, X2, T2), "steps"),
    (lambda: descent_path("a", 0.0, 1.0, 3, X2, T2), "w0"),
    (lambda: error(0.0, 0.0, [1.0, 2.0], [0.5]), "same length"),
    (lambda: gradient(0.0, float("inf"), X2, T2), "b must be a finite number"),
    (lambda: error_grid(np.zeros(3), np.zeros(4), X2, T2), "same shape"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_error_is_the_mean_over_the_samples():
    both = error(0.8, 0.0, X2, T2)
    assert both == pytest.approx((error(0.8, 0.0, X2[0], T2[0]) + error(0.8, 0.0, X2[1], T2[1])) / 2, abs=1e-15)
    g = gradient(0.8, 0.0, X2, T2)
    g0, g1 = gradient(0.8, 0.0, X2[0], T2[0]), gradient(0.8, 0.0, X2[1], T2[1])
    assert g == pytest.approx(((g0[0] + g1[0]) / 2, (g0[1] + g1[1]) / 2), abs=1e-15)


def test_exact_fit_is_the_minimum():
    w, b = exact_fit(X2, T2)
    assert error(w, b, X2, T2) < 1e-30
    assert max(map(abs, gradient(w, b, X2, T2))) < 1e-15
    assert descent_path(0.8, 0.0, 4.0, 200, X2, T2)[-1, :2] == pytest.approx([w, b], abs=1e-6)
    with pytest.raises(ValueError, match="two samples"):
        exact_fit(1.5, 0.2)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        exact_fit(X2, [0.2, 1.0])
