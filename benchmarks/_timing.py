"""Shared timing tools for the benchmarks: medians after a warm-up, contenders alternated.

Every benchmark module (``bench_*.py``) may import this one; it has no benchmark of its own.

    times = alternate({"ours": f, "theirs": g}, repeats=7)   # {"ours": [s, s, ...], ...}
    median(times["ours"]), p95(times["ours"])

A row is a plain dict; ``row(...)`` builds one with the keys the runner prints.
"""
import importlib.util
import math
import statistics
import sys
import time

ROW_KEYS = ("name", "value", "unit", "target", "met", "notes")


def row(name, value, unit, target="", met=None, notes=""):
    """One line of the results table.  met is True/False when there is a target, else None."""
    return {"name": name, "value": float(value), "unit": unit, "target": target,
            "met": met if met is None else bool(met), "notes": notes}


def median(values):
    return float(statistics.median(values))


def p95(values):
    """The 95th percentile (nearest rank): the value 95% of the samples do not exceed."""
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)])


def time_once(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(contenders, repeats, warmup=1):
    """Time each callable ``repeats`` times, interleaved (A B C, B C A, C A B, ...).

    Each contender first runs ``warmup`` untimed calls.  Rotating the order each round
    spreads any drift of the machine (other processes, CPU clock) over all contenders,
    so their ratio is fair even when the absolute times wander.
    Returns {name: [seconds, ...]}.
    """
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    times = {name: [] for name in names}
    for r in range(repeats):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(time_once(contenders[name]))
    return times


def have(module):
    """True when ``module`` can be imported here (without importing it)."""
    return importlib.util.find_spec(module) is not None


def skip_note(peer, bench):
    """Print (and return) the note for a peer library that is not installed."""
    note = (f"note: {peer} not installed: skipped in {bench} "
            f"(install the peers: pip install -r benchmarks/requirements.txt)")
    print(note, file=sys.stdout)
    return note
