import numpy as np
import pytest

from helpers.data import TOY_SETS, load_digits, load_toy, xor_table


@pytest.mark.parametrize("name", TOY_SETS)
def test_toy_sets_are_seeded_scaled_and_split(name):
    a, b = load_toy(name, seed=3), load_toy(name, seed=3)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    X = np.vstack([a.X_train, a.X_test])
    assert X.min() >= 0 and X.max() <= 1 and X.shape == (200, 2)
    assert set(np.unique(a.y_train)) == {0, 1}
    assert np.array_equal(a.T_train.argmax(axis=1), a.y_train)
    assert len(a.X_test) == 60


def test_digits():
    d = load_digits()
    assert d.X_train.shape == (899, 64) and d.X_test.shape == (898, 64)
    assert d.X_train.min() >= 0 and d.X_train.max() <= 1
    assert d.n_classes == 10 and d.T_test.sum() == 898
    assert np.array_equal(load_digits().y_test, d.y_test)


def test_xor_table():
    X, T = xor_table()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and T.ravel().tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("kwargs, match", [
    (dict(name="swirl"), "name must be one of"),
    (dict(name="xor", n_samples=2), "n_samples must be"),
    (dict(name="xor", noise=-1.0), "noise must be"),
    (dict(name="xor", test_fraction=1.5), "test_fraction must be"),
])
def test_bad_toy_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_toy(**kwargs)


@pytest.mark.parametrize("noise", ["0.1", True, None, -0.5, float("inf")])
def test_load_toy_rejects_bad_noise_clearly(noise):
    with pytest.raises(ValueError, match=f"noise must be a finite number >= 0, got {noise!r}"):
        load_toy("circles", noise=noise)
