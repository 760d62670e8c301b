"""Notebook 10's checks (helpers.capstone): right code passes, planted bugs are caught, nothing escapes."""
import json
from pathlib import Path

import numpy as np
import pytest

from helpers.capstone import (KEYS, check_backward, check_forward, check_update, init_params, pair_or_reference,
                              params_of,
                              reference_backward, reference_forward, reference_update, sigmoid, softmax,
                              yours_or_reference)
from helpers.nn import MLP

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "10_build_it_yourself.ipynb"


def backward_with(bug):
    """The reference backward with one planted bug."""
    def backward(params, cache, T):
        X, A1, A2, Y = cache
        D3 = (Y - T) / len(X)
        if bug == "no_output_divide":
            D3 = Y - T
        D2 = D3 @ params["W3"]
        if bug != "no_slope":
            D2 = D2 * A2 * (1 - A2)
        D1 = (D2 @ params["W2"]) * A1 * (1 - A1)
        grads = {"W3": D3.T @ A2, "b3": D3.sum(axis=0), "W2": D2.T @ A1, "b2": D2.sum(axis=0),
                 "W1": D1.T @ X, "b1": D1.sum(axis=0)}
        if bug == "bias_mean":
            grads["b1"] = D1.mean(axis=0)
        return grads
    return backward


def test_reference_versions_pass_and_match_mlp():
    assert check_forward(reference_forward).status == "right"
    assert check_backward(reference_backward).status == "right"
    assert check_update(reference_update).status == "right"
    params = init_params([3, 4, 5, 2], seed=3)
    net = MLP([3, 4, 5, 2], loss="cross_entropy", seed=3)
    X = np.random.default_rng(0).normal(size=(7, 3))
    np.testing.assert_allclose(reference_forward(params, X)[0], net.forward(X), rtol=1e-12)
    assert set(params_of(net)) == set(KEYS)


@pytest.mark.parametrize("bug, flagged", [("no_slope", "b2, W2, b1, W1"), ("no_output_divide", "b3, W3, b2, W2, b1, W1"),
                                          ("bias_mean", "b1")])
def test_planted_backward_bugs_are_caught_and_located(bug, flagged):
    verdict = check_backward(backward_with(bug))
    assert verdict.status == "wrong"
    assert f"these gradients are off: {flagged};" in verdict


def test_another_correct_formulation_passes():
    def backward(params, cache, T):
        X, A1, A2, Y = cache
        D3 = (Y - T) / len(X)
        D2 = np.einsum("bk,kj->bj", D3, params["W3"]) * A2 * (1 - A2)
        D1 = np.einsum("bk,kj->bj", D2, params["W2"]) * A1 * (1 - A1)
        return {f"{p}{l}": g for l, (D, A) in zip((3, 2, 1), ((D3, A2), (D2, A1), (D1, X)))
                for p, g in (("W", np.einsum("bi,bj->ij", D, A)), ("b", D.sum(axis=0)))}
    assert check_backward(backward).status == "right"


def test_forward_that_forgets_a_bias_is_caught():
    def forward(params, X):
        A1 = sigmoid(X @ params["W1"].T)                  # no + b1
        A2 = sigmoid(A1 @ params["W2"].T + params["b2"])
        Y = softmax(A2 @ params["W3"].T + params["b3"])
        return Y, (X, A1, A2, Y)
    verdict = check_forward(forward)
    assert verdict.status == "wrong" and "Y[" in verdict and "expected" in verdict


def test_update_with_the_wrong_sign_is_caught():
    verdict = check_update(lambda p, g, lr: {k: p[k] + lr * g[k] for k in p})
    assert verdict.status == "wrong" and "new['W1']" in verdict


class Hostile:
    def __float__(self):
        raise RuntimeError("no")

    def __repr__(self):
        raise RuntimeError("no")


def _raises(*args):
    raise OverflowError("boom")


HOSTILE_RETURNS = [None, ..., 7.77, "text", [1, 2], (1,), (None, None), {}, {"W1": None}, {k: ... for k in KEYS},
                   {k: Hostile() for k in KEYS}, {k: np.full((2, 2), np.nan) for k in KEYS}, Hostile(), 1j, np.nan]


@pytest.mark.parametrize("value", HOSTILE_RETURNS, ids=[f"r{i}" for i in range(len(HOSTILE_RETURNS))])
def test_hostile_functions_get_verdicts(value, capsys):
    for check in (check_forward, check_backward, check_update):
        verdict = check(lambda *args: value)
        assert verdict.status in {"wrong", "unanswered"}
        assert check(_raises).status == "wrong" and "OverflowError" in check(_raises)
        assert check(...).status == "unanswered" and check("not a function").status == "wrong"
    assert "Traceback" not in capsys.readouterr().out


def test_yours_or_reference(capsys):
    mine = lambda: 1   # noqa: E731
    assert yours_or_reference(check_update(reference_update), mine, reference_update) is mine
    assert yours_or_reference(check_update(...), mine, reference_update) is reference_update
    assert "reference version" in capsys.readouterr().out


@pytest.mark.slow
def test_notebook_with_a_planted_wrong_backward_says_so_and_still_trains():
    """Run notebook 10 with the backward step filled in with a bug: the check prints ❌, training uses the reference."""
    from test_exercise_cells import Kernel

    nb = json.loads(NOTEBOOK.read_text())
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    planted = '''def backward(params, cache, T):
    X, A1, A2, Y = cache
    D3 = (Y - T) / len(X)
    D2 = D3 @ params["W3"]                       # BUG: forgot sigmoid'(Z2)
    D1 = (D2 @ params["W2"]) * A1 * (1 - A1)
    return {"W3": D3.T @ A2, "b3": D3.sum(axis=0), "W2": D2.T @ A1, "b2": D2.sum(axis=0),
            "W1": D1.T @ X, "b1": D1.sum(axis=0)}
'''
    step = next(i for i, s in enumerate(sources) if s.startswith("def backward"))
    head, _, tail = sources[step].partition("    return ...\n")
    sources[step] = planted + tail
    kernel = Kernel()
    try:
        outputs = []
        for source in sources:
            text, error = kernel.run(source)
            assert error is None, error
            outputs.append(text)
    finally:
        kernel.stop()
    assert outputs[step].startswith("❌ Step 2: backward")
    assert "these gradients are off: b2, W2, b1, W1" in outputs[step]
    assert "reference version" in outputs[step]
    training = next(t for t in outputs if "test accuracy" in t)
    assert "training with the reference versions" in training


def test_update_with_a_hard_coded_learning_rate_is_caught():
    verdict = check_update(lambda p, g, lr: {k: p[k] - 0.1 * g[k] for k in p})
    assert verdict.status == "wrong" and "lr = 0.37" in verdict


def test_a_function_that_forgets_return_is_told_so():
    for check in (check_forward, check_backward, check_update):
        verdict = check(lambda *args: None)
        assert verdict.status == "wrong" and "forget `return`" in verdict


def _forward_with_dict_cache(params, X):
    Y, (X, A1, A2, Y) = reference_forward(params, X)
    return Y, {"X": X, "A1": A1, "A2": A2, "Y": Y}


def _backward_reading_dict_cache(params, cache, T):
    return reference_backward(params, (cache["X"], cache["A1"], cache["A2"], cache["Y"]), T)


def test_forward_and_backward_are_chosen_as_a_pair(capsys):
    """A passing forward with an unfinished backward must not send its cache to the reference backward."""
    assert check_forward(_forward_with_dict_cache).status == "right"
    unfinished = check_backward(lambda params, cache, T: ..., _forward_with_dict_cache)
    fwd, bwd = pair_or_reference(unfinished, _forward_with_dict_cache, lambda params, cache, T: ...)
    assert (fwd, bwd) == (reference_forward, reference_backward)
    assert "forward AND backward" in capsys.readouterr().out
    X = np.random.default_rng(0).normal(size=(3, 64))
    params = init_params([64, 5, 4, 10])
    Y, cache = fwd(params, X)
    bwd(params, cache, np.eye(10)[[1, 2, 3]])          # the pair works together: no unpacking error
    # the learner's own pair, once the backward passed on the learner's cache
    passed = check_backward(_backward_reading_dict_cache, _forward_with_dict_cache)
    assert passed.status == "right"
    assert pair_or_reference(passed, _forward_with_dict_cache, _backward_reading_dict_cache) == \
        (_forward_with_dict_cache, _backward_reading_dict_cache)


def test_backward_checked_on_the_reference_cache_says_so():
    verdict = check_backward(_backward_reading_dict_cache, reference_forward)
    assert verdict.status == "wrong" and "reference forward's cache" in verdict


def test_a_forward_whose_cache_is_missing_does_not_pass():
    for cache in (None, ...):
        verdict = check_forward(lambda params, X, c=cache: (reference_forward(params, X)[0], c))
        assert verdict.status == "wrong" and "Y is right; the cache is" in verdict


def test_an_update_that_changes_its_arguments_in_place_passes():
    def update(params, grads, lr):
        for k in params:
            grads[k] *= lr
            params[k] -= grads[k]
        return params
    assert check_update(update).status == "right"


@pytest.mark.parametrize("check, function", [
    (check_forward, lambda params, X: (reference_forward(params, X)[0].tolist(), reference_forward(params, X)[1])),
    (check_backward, lambda params, cache, T: {k: v.tolist() for k, v in reference_backward(params, cache, T).items()}),
    (check_update, lambda params, grads, lr: {k: list(params[k] - lr * grads[k]) for k in params}),
    (check_update, lambda params, grads, lr: {k: params[k] - lr * grads[k] + 0j for k in params})])
def test_lists_and_complex_arrays_do_not_pass(check, function):
    """The training loop needs real NumPy arrays (`.T`, `@`): a list that would crash it later is refused now."""
    verdict = check(function)
    assert verdict.status == "wrong" and ("NumPy array" in verdict or "real numbers" in verdict)


def test_a_missing_transpose_is_reported_with_the_shapes():
    def forward(params, X):
        return reference_forward({**params, "W1": params["W1"].T}, X)
    verdict = check_forward(forward)
    assert verdict.status == "wrong" and "is different from" in verdict     # NumPy's message, whole

    def backward(params, cache, T):                     # batch size no layer width: a shape error, not a wrong value
        X, A1, A2, Y = cache
        D3 = (Y - T) / len(X)
        D2 = (params["W3"].T @ D3.T) * A2 * (1 - A2)
        return reference_backward(params, cache, T) | {"W2": D2.T @ A1}
    verdict = check_backward(backward)
    assert verdict.status == "wrong" and "Calling backward raised ValueError" in verdict


def test_the_cache_the_learners_forward_returned_is_described_when_backward_raises():
    def forward(params, X):
        Y, (X, A1, A2, Y) = reference_forward(params, X)
        return Y, {"X": X, "A1": A1}
    verdict = check_backward(reference_backward, forward)
    assert verdict.status == "wrong" and "the cache your forward returned, a dict with the keys 'X', 'A1'" in verdict


def test_the_hint_comes_with_wrong_values_only():
    assert "Hint" not in check_backward(lambda params, cache, T: None, hint="H")
    assert "Hint" not in check_forward(lambda params, X: (1, 2, 3), hint="H")
    assert "Hint: H" in check_update(lambda p, g, lr: {k: p[k] + lr * g[k] for k in p}, hint="H")
    assert "Hint: H" in check_backward(backward_with("bias_mean"), hint="H")
