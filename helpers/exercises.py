"""Self-checks for exercises: tell the learner right, almost or wrong, with a hint. Never raise.

    answer = ...                       # the learner replaces ... with a number or expression
    check(answer, expected=0.125, hint="Multiply the three chain-rule factors.")

The rule for numbers (stated once in notebook 00, and briefly in the feedback):

* A number is **right** when the exact value, rounded to the digits you typed, equals your
  answer: ``0.152``, ``0.1517`` and ``0.15171`` are all right for 0.151714, ``0.1518`` is not.
  Give at least **3 significant figures**; fewer is never marked right (``0.2`` is not right
  for 0.1517) unless it *is* the exact value (``0.25``, ``29``) or the 3-figure value with its
  trailing zeros dropped (``0.00990`` reaches the check as ``0.0099``: right for 0.0099010).
* Digits are counted on the number Python received: the shortest decimal that gives back the
  same float (``repr``). So ``0.1520`` counts as ``0.152`` (3 figures); an answer computed in
  code counts as at most 10 significant figures (the last bits of a float are rounding noise).
* Whole-number answers (a count, a shape) must be exactly that whole number.
* Close but not right at your precision (right to 2 significant figures) is **almost**.
* Arrays, lists and tuples: the same rule entry by entry.
* Code (``check_function``) is run on a few inputs and must agree with the reference to
  7 significant figures: only rounding error may differ.
* ``rtol=`` overrides the rule (a relative tolerance) for exercises about precision itself.

Verdicts start with one symbol: ✅ right, 🟡 almost, 🔢 more digits needed, ❌ wrong,
⏳ not answered yet. Each is a :class:`Verdict` string with a ``status`` attribute.
``report``, ``report_right``, ``report_wrong`` and ``report_unanswered`` print and return one,
for other checkers (notebook 10's, in ``helpers.capstone``).
"""
import copy
import decimal
import math
import numbers

import numpy as np

from ._checks import describe

MAX_DIGITS = 10          # significant figures compared at most (floats carry ~16, the last noisy)
FUNCTION_RTOL = 1e-7     # code answers: agreement to 7 significant figures
FUNCTION_ATOL = 1e-12
RULE = "(a number is right when the exact value, rounded to the digits you typed, equals it)"

NOT_ANSWERED = "⏳ {name}: not answered yet. Replace the ... with your answer and run the cell again."
RIGHT = "✅ {name}: correct!"
WRONG = "❌ {name}: not quite. {detail}"
ALMOST = "🟡 {name}: almost: check the last digits. {detail}"
DIGITS = "🔢 {name}: give at least 3 significant figures. {detail}"


class Verdict(str):
    """The printed message, returned as a string (for tests) that Jupyter does not echo again.

    ``status`` is one of ``"right"``, ``"almost"``, ``"digits"``, ``"wrong"``, ``"unanswered"``.
    Without ``_ipython_display_``, a check on a cell's last line would show its message twice.
    """

    status = "wrong"

    def _ipython_display_(self):
        pass


def report(message, status):
    """Print ``message`` and return it as a Verdict with this ``status`` (for every checker, the capstone's too)."""
    verdict = Verdict(message)
    verdict.status = status
    print(message)
    return verdict


def report_right(name):
    return report(RIGHT.format(name=name), "right")


def report_unanswered(name):
    return report(NOT_ANSWERED.format(name=name), "unanswered")


def report_wrong(name, detail, hint=""):
    return report(WRONG.format(name=name, detail=_with_hint(detail, hint)), "wrong")


def _with_hint(detail, hint):
    return (detail + (f" Hint: {hint}" if hint else "")).strip()


def _is_placeholder(answer):
    if answer is Ellipsis:
        return True
    if isinstance(answer, (list, tuple)):
        try:
            return any(a is Ellipsis for a in answer)
        except Exception:
            return False
    return False


def _is_sympy(obj):
    return type(obj).__module__.startswith("sympy")


# ----------------------------------------------------------------------------------------------
# numbers
# ----------------------------------------------------------------------------------------------
def _not_a_number(x):
    """Why ``x`` is not a plain real number, or None if it is one."""
    if x is None:
        return "Your answer is None: write a number after `answer =`."
    if isinstance(x, np.ndarray) and x.ndim == 0:       # np.array(4.0), or a NumPy sum: a number in all but name
        x = x[()]
    if isinstance(x, (bool, np.bool_)):
        return f"Your answer is {x}, a yes/no value, not a number."
    if isinstance(x, (complex, np.complexfloating)):
        return f"Your answer {describe(x)} is a complex number; this answer is a real number."
    if isinstance(x, str):
        return f"Expected a number, got the text {describe(x)}: write the number without quotes."
    if isinstance(x, numbers.Real):
        return None
    if _is_sympy(x):
        if getattr(x, "free_symbols", None):
            return f"Your answer {describe(x)} still contains the symbols {sorted(map(str, x.free_symbols))}; " \
                   "this answer is a number."
        if getattr(x, "is_real", None) is False:
            return f"Your answer {describe(x)} is not a real number."
        return None
    return f"Expected a number, got {describe(x)}."


def _to_float(x):
    try:
        return float(x.evalf()) if _is_sympy(x) else float(x)
    except OverflowError:         # an int too large for a float
        return math.copysign(math.inf, x > 0 and 1 or -1)


def _decimal_of(value):
    """The shortest decimal of a float (its repr), trailing zeros removed."""
    return decimal.Decimal(repr(value)).normalize()


def _last_digit_unit(value):
    """(significant figures typed, the place value of the last one), counted on repr, capped."""
    dec = _decimal_of(value)
    sign, digits, exponent = dec.as_tuple()
    n = len(digits)
    if n > MAX_DIGITS:
        exponent += n - MAX_DIGITS
        n = MAX_DIGITS
    return n, decimal.Decimal(1).scaleb(exponent)


def _within(answer, expected, unit):
    """|answer - expected| <= half a unit of the last digit, computed exactly in decimals."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        return abs(decimal.Decimal(answer) - decimal.Decimal(expected)) <= unit / 2


def _judge_number(a, e, rtol=None, atol=0.0):
    """One real answer ``a`` against the expected ``e``: (status, message)."""
    if math.isnan(a):
        return "wrong", "Your answer is NaN (not a number)."
    if math.isinf(a):
        return "wrong", "Your answer is infinite."
    if a == e:
        return "right", ""
    if rtol is not None:
        if abs(a - e) <= atol + rtol * abs(e):
            return "right", ""
        within = f"{rtol:g} (relative)" + (f" + {atol:g}" if atol else "")
        return "wrong", f"Your answer {a:.6g} is not within {within} of the expected value."
    if float(e).is_integer() and abs(e) < 1e15:
        return "wrong", f"Your answer {a!r} is not the right whole number."
    n, unit = _last_digit_unit(a)
    e_digits = _last_digit_unit(e)[0]
    top = _decimal_of(e).adjusted()
    figure = lambda k: decimal.Decimal(1).scaleb(top - (k - 1))      # the place of e's k-th figure
    two_figures = figure(2)
    if n < 3 and _within(a, e, figure(3)):
        return "right", ""           # 0.00990 typed, 0.0099 received: Python drops the trailing zeros
    if n < 3:
        if e_digits < 3 or not _within(a, e, unit):     # a short exact value (0.25) typed wrong
            return "wrong", f"Your answer {a!r} is off (and give at least 3 significant figures)."
        return "digits", f"Your {a!r} has only {n} significant figure{'s' * (n > 1)}; type more digits {RULE}."
    if _within(a, e, unit):
        return "right", ""
    if _within(-a, e, max(unit, two_figures)):
        return "wrong", f"Your answer {a!r} has the wrong sign."
    good = max((k for k in range(2, n) if _within(float(f"{a:.{k}g}"), e, figure(k))), default=0)   # a, rounded
    if good:
        return "almost", f"Your {a!r} is right to {good} significant figures but not to all {n} you typed {RULE}."
    return "wrong", f"Your answer {a!r} is off."


def _compare_numbers(answer, expected, rtol=None, atol=0.0):
    """(status, message) for a number or an array-like of numbers."""
    e = np.asarray(expected, dtype=float)
    if e.ndim and isinstance(answer, str):
        return "wrong", f"Expected {e.size} numbers, got the text {describe(answer)}: write them without quotes."
    why = _not_a_number(answer) if not isinstance(answer, (list, tuple, np.ndarray)) else None
    if why:
        return "wrong", why
    if e.ndim == 0:
        if isinstance(answer, (list, tuple, np.ndarray)) and np.ndim(answer) != 0:
            return "wrong", f"Expected one number, got {describe(answer)}."
        if isinstance(answer, np.ndarray):
            answer = answer.item()
        why = _not_a_number(answer)
        if why:
            return "wrong", why
        return _judge_number(_to_float(answer), float(e), rtol, atol)
    # arrays: the same rule entry by entry
    try:
        items = np.asarray(answer, dtype=object)
    except Exception:
        return "wrong", f"Expected {e.size} numbers of shape {e.shape}, got {describe(answer)}."
    if items.shape != e.shape:
        return "wrong", f"Expected shape {e.shape}, got {describe(answer)} (shape {items.shape})."
    try:
        if e.ndim == 1 and e.size > 1 and not np.array_equal(e, e[::-1]) and \
                np.array_equal(np.asarray(answer, dtype=float), e[::-1]):
            return "wrong", "Your answer has the right numbers in the reverse order (for a shape: rows and columns swapped)."
    except Exception:                          # entries that are not numbers are judged one by one below
        pass
    statuses = []
    for index, (a, x) in enumerate(zip(items.ravel(), e.ravel())):
        why = _not_a_number(a)
        if why:
            return "wrong", f"Entry {_index(index, e.shape)}: {why}"
        statuses.append(_judge_number(_to_float(a), float(x), rtol, atol))
    for status in ("wrong", "digits", "almost"):
        bad = [i for i, (s, _) in enumerate(statuses) if s == status]
        if bad:
            where = ", ".join(_index(i, e.shape) for i in bad[:4]) + (", …" if len(bad) > 4 else "")
            return status, f"{len(bad)} of {e.size} entries ({where}): {statuses[bad[0]][1]}"
    return "right", ""


def _index(flat, shape):
    idx = np.unravel_index(flat, shape)
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


# ----------------------------------------------------------------------------------------------
# SymPy expressions
# ----------------------------------------------------------------------------------------------
_SAMPLES = (-3.7, -2.2, -1.3, -0.71, -0.4, -0.13, -0.021, 0.017, 0.09, 0.33, 0.62, 0.95, 1.4, 1.9, 2.8, 4.3)


def _sample_value(symbol, k, rng):
    v = _SAMPLES[k % len(_SAMPLES)] * (1 + 0.1 * rng.random())
    if symbol.is_positive or symbol.is_nonnegative:
        v = abs(v)
    elif symbol.is_negative or symbol.is_nonpositive:
        v = -abs(v)
    if symbol.is_integer:
        v = float(round(v * 2))
    return v


def _numerically_equal(answer, expected, symbols, n_points=24):
    """Equal at n_points spread over negative, near-zero and positive values (declared domains kept)."""
    import sympy as sp
    rng = np.random.default_rng(0)
    f_a = sp.lambdify(symbols, answer, "numpy")
    f_e = sp.lambdify(symbols, expected, "numpy")
    compared = 0
    with np.errstate(all="ignore"):
        for k in range(4 * n_points):
            point = [_sample_value(s, k + 5 * j, rng) for j, s in enumerate(symbols)]
            try:
                ve = complex(f_e(*point))
            except Exception:
                continue
            if not np.isfinite(ve) or abs(ve.imag) > 1e-12 * max(1.0, abs(ve)):
                continue                       # outside the expected expression's domain
            try:
                va = complex(f_a(*point))
            except Exception:
                return False
            if not np.isfinite(va) or abs(va - ve) > 1e-9 * max(1.0, abs(ve)):
                return False
            compared += 1
            if compared >= n_points:
                return True
    return compared >= n_points


def _compare_expressions(answer, expected, hint_names=""):
    import sympy as sp
    if answer is None or isinstance(answer, (bool, np.bool_, complex, np.complexfloating)):
        return "wrong", f"Expected a SymPy expression, got {describe(answer)}."
    if not (_is_sympy(answer) or isinstance(answer, (numbers.Real, str))):
        return "wrong", (f"Expected a SymPy expression in {hint_names or _symbol_names(expected)}, got "
                         f"{describe(answer)}: a name you used still holds something else, "
                         "probably from an earlier cell. Use the SymPy symbols this cell defines.")
    try:
        answer = sp.sympify(answer)
    except Exception:
        return "wrong", f"Expected a SymPy expression, got {describe(answer)}."
    if not isinstance(answer, sp.Expr):
        return "wrong", f"Expected a SymPy expression, got {describe(answer)}."
    expected = sp.sympify(expected)
    # Symbol('x') and Symbol('x', real=True) are different to SymPy; a learner means the same x
    by_name = {str(s): s for s in expected.free_symbols}
    answer = answer.subs({s: by_name[str(s)] for s in answer.free_symbols
                          if str(s) in by_name and s != by_name[str(s)]}, simultaneous=True)
    extra = answer.free_symbols - expected.free_symbols
    if extra:
        return "wrong", f"Your expression uses symbols the answer does not need: {sorted(map(str, extra))}."
    if answer.has(sp.I) and not expected.has(sp.I):
        return "wrong", "Your expression contains the imaginary unit I."
    try:
        if sp.simplify(answer - expected) == 0:
            return "right", ""
    except Exception:
        pass
    # simplify can miss identities; equal values at many points are strong evidence too
    symbols = sorted(expected.free_symbols | answer.free_symbols, key=str)
    if _numerically_equal(answer, expected, symbols):
        return "right", ""
    if not answer.free_symbols:
        return "wrong", f"Your answer is a number; the expected answer is an expression in {_symbol_names(expected)}."
    return "wrong", "Your expression is not equal to the expected one."


def _symbol_names(expr):
    return ", ".join(sorted(map(str, getattr(expr, "free_symbols", ())))) or "the given symbols"


# ----------------------------------------------------------------------------------------------
# the public checks
# ----------------------------------------------------------------------------------------------
def check(answer, expected, name="Exercise", hint="", rtol=None, symbols="", atol=None, slips=()):
    """Compare a learner's answer with the expected value; print and return the verdict.

    ``expected`` may be a number, an array, list or tuple of numbers, or a SymPy expression.
    ``rtol`` replaces the significant-figure rule by a relative tolerance (state it in the
    prompt; ``atol`` adds an absolute tolerance to it). ``symbols`` names the variables to use in a
    symbolic answer, for the feedback. ``slips`` lists known mistakes as (value, what to say): an
    answer that is not right and equals one of these values to 6 significant figures (so it was
    computed, not typed) is told what it is instead of "check the last digits".
    """
    if atol is not None and rtol is None:
        rtol = 0.0
    try:
        if _is_placeholder(answer):
            return report_unanswered(name)
        if _is_sympy(expected) and getattr(expected, "free_symbols", None):
            status, detail = _compare_expressions(answer, expected, symbols)
        else:
            status, detail = _compare_numbers(answer, expected, rtol, atol or 0.0)
    except Exception as exc:   # a check must never crash the learner's notebook
        status, detail = "wrong", f"Could not compare your answer ({type(exc).__name__})."
    if status == "right":
        return report_right(name)
    slip = _slip(answer, slips)
    if slip:
        return report_wrong(name, slip)
    if status == "almost":
        return report(ALMOST.format(name=name, detail=detail), "almost")
    if status == "digits":
        return report(DIGITS.format(name=name, detail=detail), "digits")
    return report_wrong(name, detail, hint)


def _slip(answer, slips):
    """What to say about an answer equal to a known mistake's value (6 significant figures), else None."""
    try:
        if _not_a_number(answer) is not None:
            return None
        value = _to_float(answer)
        for wrong, say in slips:
            if math.isfinite(value) and abs(value - wrong) <= 1e-6 * abs(wrong):
                return say
    except Exception:
        pass
    return None


_CHOICE_TRIM = " \t\n()[]{}.:;,'\"`*"


def _norm_choice(text):
    return " ".join(str(text).strip(_CHOICE_TRIM).lower().split()).strip(_CHOICE_TRIM)


def check_choice(answer, expected, name="Exercise", hint="", options=None):
    """Multiple choice. ``'b'``, ``'B'``, ``'(b)'``, ``' b) '`` and the option's full text all pick b.

    ``options`` maps each letter (or name) to its text, e.g. ``{"a": "every gradient", ...}``.
    """
    try:
        if _is_placeholder(answer):
            return report_unanswered(name)
        keys = {_norm_choice(k): k for k in (options or {})}
        if not isinstance(answer, str):
            listed = ", ".join(repr(k) for k in (options or {})) or "the option's letter or name"
            return report_wrong(name, f"Answer with text in quotes, such as {listed}; got {describe(answer)}.", hint)
        picked = _norm_choice(answer)
        texts = {_norm_choice(v): k for k, v in (options or {}).items()}
        if picked in texts and picked not in keys:
            picked = _norm_choice(texts[picked])
        if picked == _norm_choice(expected):
            return report_right(name)
        if options and picked not in keys:
            listed = ", ".join(repr(k) for k in options)
            return report_wrong(name, f"{describe(answer)} is not one of the options {listed}.", hint)
        return report_wrong(name, f"{describe(answer)} is not the answer.", hint)
    except Exception as exc:   # pragma: no cover - defensive: a check never crashes
        return report_wrong(name, f"Could not read your answer ({type(exc).__name__}).", hint)


def _function_mismatch(got, want):
    """None if the function's output ``got`` equals ``want`` up to rounding, else a short reason."""
    if got is None:
        return "None (did you forget `return`?)"
    if isinstance(got, (bool, np.bool_, str, complex, np.complexfloating)):
        return "not a real number"
    try:
        g = np.asarray(got, dtype=float)
    except Exception:
        return "not a number or array of numbers"
    w = np.asarray(want, dtype=float)
    if g.shape != w.shape:
        return f"shape {g.shape}, expected shape {w.shape}"
    if not np.all(np.isfinite(g)):
        return "NaN or infinity"
    with np.errstate(all="ignore"):
        if np.allclose(g, w, rtol=FUNCTION_RTOL, atol=FUNCTION_ATOL):
            return None
    return "different values"


def _copies(args):
    """Deep copies of a call's arguments (the arguments themselves if they cannot be copied)."""
    try:
        return copy.deepcopy(tuple(args))
    except Exception:
        return tuple(args)


def check_function(func, reference, inputs, name="Exercise", hint="", rtol=None, atol=None):
    """For 'fill in the code': call the learner's func and the reference on each input tuple.

    Feedback is at most three lines: the input, the expected output, what the function gave.
    Outputs must agree to 7 significant figures (``rtol``/``atol`` are kept for old calls).
    """
    try:
        if func is Ellipsis or func is None:
            return report_unanswered(name)
        if not callable(func):
            return report_wrong(name, f"Expected a function, got {describe(func)}.", hint)
        for args in inputs:
            shown = "(" + ", ".join(_short(a) for a in args) + ")"
            want = reference(*_copies(args))       # each gets its own copies: a function that changes its
            try:                                   # arguments in place is still right
                got = func(*_copies(args))
            except Exception as exc:
                return report_wrong(name, raised(f"Calling it with {shown}", exc), hint)
            if got is Ellipsis or _is_placeholder(got):
                return report_unanswered(name)
            problem = _function_mismatch(got, want)
            if problem:
                said = "differs" if problem == "different values" else f"is {problem}"
                first = report_wrong(name, f"For input {shown} the result {said}.", hint)
                got_text, want_text = _short(got, 70), _short(want, 70)
                if got_text == want_text and isinstance(got, float) and isinstance(want, float):
                    got_text, want_text = f"{got:.12g}", f"{want:.12g}"     # they differ beyond 6 figures
                if problem == "different values" and np.ndim(want) > 0:
                    g, w = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
                    bad = np.flatnonzero(~np.isclose(g, w, rtol=FUNCTION_RTOL, atol=FUNCTION_ATOL))[0]
                    where = _index(bad, w.shape)
                    want_text = f"shape {w.shape}, entry {where} = {w.ravel()[bad]:.6g}"
                    got_text = f"shape {g.shape}, entry {where} = {g.ravel()[bad]:.6g}"
                lines = f"   expected: {want_text}\n   got:      {got_text}"
                print(lines)
                verdict = Verdict(first + "\n" + lines)
                verdict.status = "wrong"
                return verdict
        return report_right(name)
    except Exception as exc:   # a check must never crash the learner's notebook
        return report_wrong(name, f"Could not check your function ({type(exc).__name__}).", hint)


def read_number(answer, name="Exercise", low=-math.inf, high=math.inf, what="a number"):
    """The answer as a float if it is a real number with low < answer <= high; else print a verdict, return None.

    For exercises that *use* the learner's number (say, train with it) before checking the result.
    """
    try:
        if _is_placeholder(answer):
            report_unanswered(name)
            return None
        why = _not_a_number(answer)
        if why is None:
            value = _to_float(answer)
            if math.isnan(value) or not low < value <= high:
                why = f"Expected {what} above {low:g} and at most {high:g}, got {describe(answer)}."
            else:
                return value
        report_wrong(name, why)
    except Exception as exc:   # a check must never crash the learner's notebook
        report_wrong(name, f"Could not read your answer ({type(exc).__name__}).")
    return None


def check_condition(ok, name="Exercise", detail="", hint=""):
    """✅ if ``ok`` (a result the cell computed from the learner's answer) is true, else ❌ with the detail."""
    try:
        if bool(ok):
            return report_right(name)
    except Exception:
        pass
    return report_wrong(name, detail.capitalize() if detail else "", hint)


def _safe_str(obj):
    try:
        return str(obj)
    except Exception:
        return type(obj).__name__


def raised(what, exc, limit=240):
    """'<what> raised ValueError: <its message>', for a learner's function that raised: the message on one
    line, whole up to ``limit`` characters (NumPy's shape errors end with the shapes)."""
    message = " ".join(_safe_str(exc).split())
    if len(message) > limit:
        message = message[:limit - 3] + "..."
    return f"{what} raised {type(exc).__name__}: {message}"


def _short(obj, limit=40):
    """One line for an input or output: numbers to 6 figures, arrays by shape and a few entries."""
    if callable(obj) and not isinstance(obj, np.ndarray):
        return getattr(obj, "__name__", type(obj).__name__)
    if isinstance(obj, np.ndarray):
        return f"an array of shape {obj.shape}" if obj.ndim else _short(obj.item(), limit)
    if isinstance(obj, float):
        return f"{obj:.6g}"
    return describe(obj, limit)


__all__ = ["check", "check_choice", "check_condition", "check_function", "raised", "read_number", "Verdict", "RULE"]
