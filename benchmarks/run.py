"""Run every benchmark and print one table.

    .venv/bin/python benchmarks/run.py            # full run (a few minutes)
    .venv/bin/python benchmarks/run.py --smoke    # quick: tiny repeats, checks nothing rots

Every ``benchmarks/bench_*.py`` is a benchmark: it exposes ``run(smoke=False)`` returning a
list of rows, dicts with the keys name, value, unit, target, met (True/False/None), notes.
A module that is missing or fails is reported with a printed note; the others still run.

The peers (scikit-learn, PyTorch) are not project dependencies.  They live in a separate
venv, ``.venv-bench`` (see benchmarks/README.md).  When this interpreter lacks them and
``.venv-bench`` exists, the runner re-runs itself there (``--here`` stops that), so the one
command above measures every contender in the same process, in the same run.
"""
import argparse
import contextlib
import datetime
import io
import importlib.util
import json
import math
import os
import platform
import subprocess
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from _timing import ROW_KEYS, have  # noqa: E402

# Benchmarks planned but not written yet, {file stem: what it will measure}: named so their
# absence is reported, not silent.  None at present (bench_stepper and bench_browser exist).
EXPECTED = {}
PEERS = ("sklearn", "torch")
BENCH_VENV_PYTHON = ROOT / ".venv-bench" / "bin" / "python"


def discover():
    """Paths of every benchmarks/bench_*.py, sorted by name."""
    return sorted(HERE.glob("bench_*.py"))


def missing_expected(paths):
    present = {p.stem for p in paths}
    return {name: what for name, what in EXPECTED.items() if name not in present}


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_rows(rows, where):
    """Raise ValueError unless rows is a non-empty list of well-formed row dicts."""
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"{where}.run() must return a non-empty list of rows, got {rows!r}")
    for r in rows:
        if not isinstance(r, dict) or not set(ROW_KEYS) <= set(r):
            raise ValueError(f"{where}: each row must be a dict with keys {ROW_KEYS}, got {r!r}")
        if not isinstance(r["value"], (int, float)) or not math.isfinite(r["value"]):
            raise ValueError(f"{where}: row {r['name']!r} has a value that is not a finite number: {r['value']!r}")
        if r["met"] not in (True, False, None):
            raise ValueError(f"{where}: row {r['name']!r} has met={r['met']!r}; expected True, False or None")
    return rows


class _Tee(io.TextIOBase):
    """Pass writes through to stdout and keep the lines that start with 'note:'."""

    def __init__(self, stream):
        self.stream, self.notes, self._buffer = stream, [], ""

    def write(self, text):
        self.stream.write(text)
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        self.notes += [line for line in lines if line.startswith("note:")]
        return len(text)

    def flush(self):
        self.stream.flush()


def run_module(path, smoke=False, notes=None):
    """Run one benchmark file; return (rows, error message or None).  Never raises.

    Lines the benchmark prints that start with 'note:' are appended to ``notes``.
    """
    tee = _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(tee):
            module = load(path)
            if not callable(getattr(module, "run", None)):
                raise ValueError(f"{path.name} has no run(smoke=False) function")
            rows = check_rows(module.run(smoke=smoke), path.stem)
        return [dict(r, bench=path.stem.removeprefix("bench_")) for r in rows], None
    except Exception as exc:  # a broken benchmark must not stop the others
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [], f"{path.name} failed: {detail}"
    finally:
        if notes is not None:
            notes += tee.notes


def environment():
    """Date, CPU, Python and package versions: what a result means depends on all of them."""
    from importlib import metadata

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("numpy", "matplotlib", "sympy", "ipywidgets", "scikit-learn", "torch", "nbval"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "cpu": f"{cpu}, {os.cpu_count()} logical cores", "load": f"{load:.1f}",
            "os": platform.platform(), "python": platform.python_version(), "versions": versions}


def _met(value):
    return {True: "yes", False: "NO", None: "-"}[value]


def _fmt(value):
    if value == 0 or 0.01 <= abs(value) < 100000:
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{value:.2e}"


def table(rows):
    """The results as a plain-text table."""
    head = ("bench", "name", "value", "unit", "target", "met", "notes")
    body = [(r["bench"], r["name"], _fmt(r["value"]), r["unit"], r["target"], _met(r["met"]), r["notes"])
            for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    widths[-1] = len(head[-1])          # notes run on freely
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(b) for b in body])


def markdown(rows, env, notes):
    """The results as Markdown, ready to paste into benchmarks/README.md."""
    out = [f"Run on {env['date']}: {env['cpu']} (1-minute load average at start {env['load']}); "
           f"NumPy BLAS threads: {env.get('blas threads', 'default')}; "
           f"{env['os']}; Python {env['python']}; "
           + ", ".join(f"{k} {v}" for k, v in env["versions"].items()) + ".", "",
           "| bench | name | value | unit | target | met | notes |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        cells = [r["bench"], r["name"], _fmt(r["value"]), r["unit"], r["target"] or "-", _met(r["met"]), r["notes"]]
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    if notes:
        out += ["", "Notes printed by the run:", ""] + [f"- {n}" for n in notes]
    return "\n".join(out) + "\n"


def run_all(smoke=False, only=None):
    """Run every benchmark; return (rows, notes)."""
    paths = discover()
    rows, notes = [], []
    for name, what in missing_expected(paths).items():
        notes.append(f"note: benchmarks/{name}.py not present yet ({what}): no rows")
        print(notes[-1], flush=True)
    for path in paths:
        if only and not any(o in path.stem for o in only):
            continue
        print(f"running {path.stem}{' (smoke)' if smoke else ''} ...", flush=True)
        module_rows, error = run_module(path, smoke, notes)
        if error:
            notes.append(f"note: {error}")
            print(notes[-1], flush=True)
        rows += module_rows
    return rows, notes


def _maybe_switch_venv(argv):
    """Re-run in .venv-bench when the peers are missing here but installed there."""
    if all(have(p) for p in PEERS) or os.environ.get("BENCH_NO_SWITCH") or not BENCH_VENV_PYTHON.exists():
        return None
    print(f"note: scikit-learn/PyTorch are not installed in {sys.executable}; "
          f"re-running in .venv-bench (use --here to stay)", flush=True)
    env = dict(os.environ, BENCH_NO_SWITCH="1")
    return subprocess.call([str(BENCH_VENV_PYTHON), str(Path(__file__).resolve()), *argv], env=env)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny repeats: check every benchmark still runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only benchmarks whose file name contains NAME")
    parser.add_argument("--here", action="store_true", help="do not switch to .venv-bench for the peers")
    parser.add_argument("--blas-threads", type=int, metavar="N",
                        help="limit NumPy's BLAS (OpenBLAS) to N threads for every benchmark")
    parser.add_argument("--json", type=Path, help="also write rows and environment to this JSON file")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args(argv)
    if not args.here:
        code = _maybe_switch_venv(argv)
        if code is not None:
            return code
    os.environ.setdefault("MPLBACKEND", "Agg")
    if args.blas_threads:      # before any benchmark imports NumPy; subprocesses inherit it
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)
    env = environment()
    env["blas threads"] = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"{env['date']} | {env['cpu']}, load {env['load']} | BLAS threads {env['blas threads']} | "
          f"Python {env['python']} | "
          + ", ".join(f"{k} {v}" for k, v in env["versions"].items()), flush=True)
    rows, notes = run_all(smoke=args.smoke, only=args.only)
    print()
    print(table(rows) if rows else "(no rows)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"environment": env, "smoke": args.smoke, "rows": rows,
                                         "notes": notes}, indent=1))
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(rows, env, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
