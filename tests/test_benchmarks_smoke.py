"""Every benchmark still runs: each benchmarks/bench_*.py in smoke mode (tiny repeats).

Only the shape of the results is checked, never a time: rows present, with the keys the
runner prints, finite values.  A peer library that is not installed (scikit-learn, PyTorch)
must be skipped with a printed note by the benchmark itself.
"""
import contextlib
import importlib.util
import io
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import run as runner  # noqa: E402  (benchmarks/run.py)
from _timing import ROW_KEYS, alternate, median, p95  # noqa: E402

import bench_training  # noqa: E402

BENCHMARKS = runner.discover()
# (module that must import, note's name of the peer, contender label) for each peer library
PEERS = (("sklearn", "scikit-learn", "scikit-learn"), ("torch", "PyTorch", "PyTorch 1 thread"),
         ("torch", "PyTorch", "PyTorch default threads"))


@pytest.fixture(scope="module")
def smoke_run():
    """run(path) -> (rows, error, printed stdout, notes), each benchmark run once per module:
    bench_training's smoke run is shared by the three tests that check it."""
    done = {}

    def run(path):
        if path not in done:
            notes, out = [], io.StringIO()
            with contextlib.redirect_stdout(out):
                rows, error = runner.run_module(path, smoke=True, notes=notes)
            sys.stdout.write(out.getvalue())
            done[path] = rows, error, out.getvalue(), notes
        return done[path]
    return run


def test_the_runner_finds_this_issues_benchmarks():
    names = {p.stem for p in BENCHMARKS}
    assert {"bench_training", "bench_backward", "bench_gradcost", "bench_import", "bench_nbval"} <= names


@pytest.mark.parametrize("path", BENCHMARKS, ids=[p.stem for p in BENCHMARKS])
def test_benchmark_smoke(path, smoke_run):
    rows, error, printed, notes = smoke_run(path)
    assert error is None, error
    assert rows, f"{path.name} returned no rows"
    for r in rows:
        assert set(ROW_KEYS) <= set(r), r
        assert isinstance(r["name"], str) and r["name"]
        assert isinstance(r["value"], float) and math.isfinite(r["value"]), r
        assert r["met"] in (True, False, None)
        assert r["met"] is None or r["target"], f"a row with met={r['met']} must say its target: {r}"
    assert all(n in printed for n in notes)


def test_training_uses_the_peers_or_says_it_skipped_them(smoke_run):
    rows, error, printed, _ = smoke_run(BENCH / "bench_training.py")
    assert error is None, error
    names = " ".join(r["name"] for r in rows)
    assert "helpers time alone" in names and "helpers time in one process" in names
    assert "helpers test accuracy" in names and "load average during the alone runs" in names
    for module, peer, label in PEERS:
        if importlib.util.find_spec(module) is None:
            assert f"note: {peer}" in printed and "not installed" in printed
            assert label not in names
        else:
            assert f"{label} time in one process" in names and f"speed-up helpers vs {label}" in names
            assert f"speed-up {bench_training.TARGETED} vs {label}" in names
            assert (f"{label} time alone" in names) == (label != "PyTorch default threads")
    # the targets go with the run that does the peers' work (train, then evaluate once), and only with it
    for r in rows:
        if "speed-up" in r["name"] and r["target"]:
            assert f"speed-up {bench_training.TARGETED} vs" in r["name"] and "alone" in r["name"], r
        if "speed-up helpers vs" in r["name"]:
            assert r["target"] == "" and r["met"] is None, r


def test_the_same_training_gives_the_same_accuracy_for_every_contender(smoke_run):
    """Same weights, same batches, same maths: the contenders must agree (a check on the benchmark).

    Each peer of the small configuration either has its accuracy-gap row, within 1 point, or
    (not installed here: the peers are not project dependencies) was skipped with a printed
    note, so the test checks something real either way."""
    rows, error, printed, _ = smoke_run(BENCH / "bench_training.py")
    assert error is None, error
    small = next(cfg for cfg in bench_training.CONFIGS if cfg["speedup"] > 1)
    label = bench_training._label(small["sizes"])
    gaps = {r["name"]: r for r in rows if "accuracy gap" in r["name"]}
    for module, peer, contender in PEERS:
        if contender not in small["vs"]:
            continue
        name = f"{label} accuracy gap helpers vs {contender}"
        if importlib.util.find_spec(module) is None:
            assert name not in gaps, f"{contender} is not installed, yet it has a gap row: {gaps[name]}"
            assert f"note: {peer}" in printed and f"not installed: skipped in bench_training {label} " in printed, \
                f"no skip note for the missing peer {peer} in:\n{printed}"
        else:
            assert name in gaps, f"no accuracy-gap row for the installed peer {contender}: {sorted(gaps)}"
            assert gaps[name]["value"] <= 1.0 and gaps[name]["met"] is True, gaps[name]
    assert set(gaps) <= {f"{label} accuracy gap helpers vs {c}" for c in small["vs"]}, sorted(gaps)


def test_a_broken_benchmark_is_a_note_not_a_crash(tmp_path):
    broken = tmp_path / "bench_broken.py"
    broken.write_text("def run(smoke=False):\n    raise RuntimeError('boom')\n")
    rows, error = runner.run_module(broken, smoke=True)
    assert rows == [] and "boom" in error
    bad_rows = tmp_path / "bench_bad_rows.py"
    bad_rows.write_text("def run(smoke=False):\n    return [{'name': 'x', 'value': float('nan')}]\n")
    rows, error = runner.run_module(bad_rows, smoke=True)
    assert rows == [] and "keys" in error


def test_expected_lists_only_benchmarks_not_written_yet(monkeypatch):
    present = {p.stem for p in BENCHMARKS}
    stale = sorted(set(runner.EXPECTED) & present)
    assert not stale, f"run.EXPECTED names benchmarks that exist (drop them): {stale}"
    monkeypatch.setitem(runner.EXPECTED, "bench_planned", "a benchmark not written yet")
    assert runner.missing_expected(BENCHMARKS) == {"bench_planned": "a benchmark not written yet"}


def test_the_table_and_markdown_show_every_row():
    rows = [{"bench": "demo", "name": "speed", "value": 1.5, "unit": "x", "target": "<= 2", "met": True,
             "notes": "n"},
            {"bench": "demo", "name": "size", "value": 12345678.0, "unit": "B", "target": "", "met": None,
             "notes": ""}]
    text = runner.table(rows)
    assert "speed" in text and "1.5" in text and "yes" in text and "1.23e+07" in text
    md = runner.markdown(rows, runner.environment(), ["note: something skipped"])
    assert md.count("\n| demo |") == 2 and "note: something skipped" in md and "Python" in md


def test_timing_helpers_alternate_and_summarise():
    calls = []
    times = alternate({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeats=4, warmup=1)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b", "b", "a"]
    assert len(times["a"]) == len(times["b"]) == 4
    assert median([3.0, 1.0, 2.0]) == 2.0 and p95(list(range(1, 101))) == 95.0


def test_nbval_report_is_read_per_notebook(tmp_path):
    import bench_nbval

    xml = tmp_path / "junit.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="notebooks.01_a.ipynb" name="Cell 0" time="1.5" />'
        '<testcase classname="notebooks.01_a.ipynb" name="Cell 1" time="0.25" />'
        '<testcase classname="notebooks.02_b.ipynb" name="Cell 0" time="2.0"><failure message="x"/></testcase>'
        '</testsuite></testsuites>')
    assert bench_nbval.per_notebook_times(xml) == {"01_a.ipynb": (1.75, "passed"), "02_b.ipynb": (2.0, "FAILED")}
