"""helpers.steps.cursor: the step position k of a stepper, kept in 0..n_steps."""
import numpy as np
import pytest

from helpers.steps.cursor import StepCursor, check_step


def test_cursor_stays_in_range():
    rng = np.random.default_rng(0)
    c = StepCursor(7)
    for _ in range(2000):
        action = rng.integers(4)
        if action == 0:
            c.next()
        elif action == 1:
            c.previous()
        elif action == 2:
            c.reset()
        else:
            c.jump(int(rng.integers(0, 8)))
        assert 0 <= c.k <= 7
    with pytest.raises(ValueError, match="k must be between 0 and 7"):
        c.jump(8)
    with pytest.raises(TypeError, match="k must be a whole number"):
        check_step(1.5, 7)
