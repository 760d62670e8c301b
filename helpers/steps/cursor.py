"""Where a stepper is: a position k in 0..n_steps, with no plotting and no widgets.

k counts the steps already done: k = 0 shows nothing computed yet, k = n_steps shows
everything.  Every stepper widget keeps one of these, so its logic is testable alone.
"""
from .._checks import check_int


def check_step(k, n_steps, name="k"):
    """Return k as an int if 0 <= k <= n_steps, else raise a clear error."""
    k = check_int(k, name, minimum=-2**63)                  # a whole number, not a bool
    if not 0 <= k <= n_steps:
        raise ValueError(f"{name} must be between 0 and {n_steps} (the number of steps), got {k}")
    return k


class StepCursor:
    """A position that Next / Previous / Reset / jump move, always kept in 0..n_steps."""

    def __init__(self, n_steps, k=0):
        self.n_steps = check_int(n_steps, "n_steps", 0)
        self.k = check_step(k, self.n_steps)

    def next(self):
        """One step forward; at the end, stay there."""
        self.k = min(self.k + 1, self.n_steps)
        return self.k

    def previous(self):
        """One step back; at the start, stay there."""
        self.k = max(self.k - 1, 0)
        return self.k

    def reset(self):
        self.k = 0
        return self.k

    def jump(self, k):
        self.k = check_step(k, self.n_steps)
        return self.k

    def __repr__(self):
        return f"StepCursor({self.k} / {self.n_steps})"
