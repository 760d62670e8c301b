"""Self-checks for exercises: tell the learner right or wrong, with a hint. Never raise.

    answer = ...                       # the learner replaces ... with a number or expression
    check(answer, expected=0.125, hint="Multiply the three chain-rule factors.")

* An unanswered placeholder (``...``) prints "not answered yet", so a notebook runs green.
* Numbers (and arrays) are accepted within a tolerance; SymPy expressions up to equivalence.
* Anything unexpected (a string, a wrong shape, an exception while comparing) becomes a
  friendly message, never a traceback.
"""
import numbers

import numpy as np

NOT_ANSWERED = "⏳ {name}: not answered yet. Replace the ... with your answer and run the cell again."
RIGHT = "✅ {name}: correct!"
WRONG = "❌ {name}: not quite. {detail}"


class Verdict(str):
    """The printed message, returned as a string (for tests) that Jupyter does not echo again.

    Without this, a check on a cell's last line would show its message twice (printed, then
    as the cell's result); a trailing ``;`` does not reliably hide it under nbval.
    """

    def _ipython_display_(self):
        pass


def _report(message):
    print(message)
    return Verdict(message)


def _is_placeholder(answer):
    return answer is Ellipsis or (isinstance(answer, (list, tuple)) and any(a is Ellipsis for a in answer))


def _is_sympy(obj):
    return type(obj).__module__.startswith("sympy")


def _compare_numbers(answer, expected, rtol, atol):
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"Expected a number, got {type(answer).__name__} {answer!r}."
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return f"Expected shape {e.shape}, got {a.shape}."
    if not np.all(np.isfinite(a)):
        return "Your answer contains NaN or inf."
    if np.allclose(a, e, rtol=rtol, atol=atol):
        return None
    if e.ndim == 0:
        return f"Your answer {float(a):.6g} is off (by {float(abs(a - e)):.3g})."
    return f"{int(np.sum(~np.isclose(a, e, rtol=rtol, atol=atol)))} of {e.size} entries are off."


def _compare_expressions(answer, expected):
    import sympy as sp
    try:
        answer = sp.sympify(answer)
    except (sp.SympifyError, TypeError, ValueError):
        return f"Expected a SymPy expression, got {answer!r}."
    expected = sp.sympify(expected)
    # Symbol('x') and Symbol('x', real=True) are different to SymPy; a learner means the same x
    by_name = {str(s): s for s in expected.free_symbols}
    answer = answer.subs({s: by_name[str(s)] for s in answer.free_symbols
                          if str(s) in by_name and s != by_name[str(s)]}, simultaneous=True)
    extra = answer.free_symbols - expected.free_symbols
    if extra:
        return f"Your expression uses symbols the answer does not need: {sorted(map(str, extra))}."
    if sp.simplify(answer - expected) == 0:
        return None
    # simplify can miss identities; equal values at random points are strong evidence too
    symbols = sorted(expected.free_symbols | answer.free_symbols, key=str)
    rng = np.random.default_rng(0)
    f = sp.lambdify(symbols, answer - expected, "numpy")
    points = rng.uniform(0.1, 2.0, size=(20, len(symbols)))
    if np.allclose([complex(f(*p)) for p in points], 0, atol=1e-9):
        return None
    return "Your expression is not equal to the expected one."


def check(answer, expected, name="Exercise", hint="", rtol=1e-6, atol=1e-9):
    """Compare a learner's answer with the expected value; print and return the verdict.

    ``expected`` may be a number, an array or list of numbers, or a SymPy expression.
    """
    try:
        if _is_placeholder(answer):
            return _report(NOT_ANSWERED.format(name=name))
        if _is_sympy(expected) and not isinstance(expected, numbers.Number) and getattr(expected, "free_symbols", None):
            problem = _compare_expressions(answer, expected)
        else:
            problem = _compare_numbers(answer, expected, rtol, atol)
    except Exception as exc:   # a check must never crash the learner's notebook
        problem = f"Could not compare your answer ({type(exc).__name__}: {exc})."
    if problem is None:
        return _report(RIGHT.format(name=name))
    return _report(WRONG.format(name=name, detail=problem + (f" Hint: {hint}" if hint else "")))


def check_choice(answer, expected, name="Exercise", hint=""):
    """For multiple choice: compare letters or short words, ignoring case and spaces."""
    if _is_placeholder(answer):
        return _report(NOT_ANSWERED.format(name=name))
    norm = lambda s: str(s).strip().lower()
    if norm(answer) == norm(expected):
        return _report(RIGHT.format(name=name))
    return _report(WRONG.format(name=name, detail=f"{answer!r} is not the answer." + (f" Hint: {hint}" if hint else "")))


def check_function(func, reference, inputs, name="Exercise", hint="", rtol=1e-6, atol=1e-9):
    """For 'fill in the code': call the learner's func and the reference on each input tuple."""
    if func is Ellipsis or func is None:
        return _report(NOT_ANSWERED.format(name=name))
    for args in inputs:
        try:
            got = func(*args)
        except Exception as exc:
            return _report(WRONG.format(name=name, detail=f"Calling it with {args} raised "
                                        f"{type(exc).__name__}: {exc}." + (f" Hint: {hint}" if hint else "")))
        if got is Ellipsis or got is None:
            return _report(NOT_ANSWERED.format(name=name))
        problem = _compare_numbers(got, reference(*args), rtol, atol)
        if problem:
            return _report(WRONG.format(name=name, detail=f"For input {args}: {problem}" + (f" Hint: {hint}" if hint else "")))
    return _report(RIGHT.format(name=name))
