"""Wall time of the whole nbval suite and of each notebook (issue 8, benchmark 6).

Runs ``pytest notebooks`` (the project's own options from pyproject.toml: full --nbval,
sanitizers, and whatever parallel workers it sets) once in a subprocess and reads each cell's time (kernel start-up included in the first cell) from
pytest's JUnit XML report.  Targets: <= 60 s in total, no notebook over 10 s.
One run, not a median: the suite is the slowest thing here and its cells are many.

In smoke mode the notebooks are only read and counted, not executed (that takes a minute).
"""
import importlib.util
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from _timing import row

ROOT = Path(__file__).resolve().parent.parent
TOTAL_TARGET, NOTEBOOK_TARGET = 60.0, 10.0


def _python_with_nbval():
    """The project's .venv (the suite as the project runs it), else this interpreter."""
    venv = ROOT / ".venv" / "bin" / "python"
    if venv.exists():
        return str(venv)
    if importlib.util.find_spec("nbval") is not None:
        return sys.executable
    raise RuntimeError("nbval is not installed here nor in .venv: pip install -r requirements-dev.txt")


def _pytest(args, timeout):
    start = time.perf_counter()
    done = subprocess.run([_python_with_nbval(), "-m", "pytest", "notebooks", "-q", "-p", "no:randomly", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - start, done


def _smoke():
    """Cheap but real: parse every notebook as nbval will, count the cells it checks."""
    import nbformat

    start = time.perf_counter()
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    cells = sum(sum(c.cell_type == "code" for c in nbformat.read(p, as_version=4).cells) for p in paths)
    seconds = time.perf_counter() - start
    return [row("read every notebook (smoke: execution skipped in smoke mode)", seconds, "s",
                notes=f"{len(paths)} notebooks, {cells} code cells"),
            row("notebooks found", len(paths), "notebooks", notes="skipped in smoke mode: execution")]


def per_notebook_times(junit_xml):
    """{notebook file name: (seconds, 'passed' or 'FAILED')} from pytest's JUnit XML report."""
    seconds, outcome = defaultdict(float), defaultdict(lambda: "passed")
    for case in ET.parse(junit_xml).getroot().iter("testcase"):
        name = case.get("classname", "").removeprefix("notebooks.")
        if not name.endswith(".ipynb"):
            continue
        seconds[name] += float(case.get("time", 0.0))
        if case.find("failure") is not None or case.find("error") is not None:
            outcome[name] = "FAILED"
    return {name: (seconds[name], outcome[name]) for name in sorted(seconds)}


def run(smoke=False):
    if smoke:
        return _smoke()
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        total, done = _pytest([f"--junitxml={report}"], timeout=900)
        per_notebook = per_notebook_times(report)
    summary = (done.stdout.strip().splitlines() or ["no output"])[-1]
    rows = [row("whole nbval suite (wall time)", total, "s", target=f"<= {TOTAL_TARGET:g} s",
                met=total <= TOTAL_TARGET, notes=f"{len(per_notebook)} notebooks, one run; pytest: {summary}")]
    for name, (seconds, outcome) in per_notebook.items():
        rows.append(row(name, seconds, "s", target=f"<= {NOTEBOOK_TARGET:g} s", met=seconds <= NOTEBOOK_TARGET,
                        notes=f"sum of its cells incl. kernel start; {outcome}"))
    if per_notebook:
        slowest = max(per_notebook, key=lambda name: per_notebook[name][0])
        seconds = per_notebook[slowest][0]
        rows.append(row("slowest notebook", seconds, "s", target=f"<= {NOTEBOOK_TARGET:g} s",
                        met=seconds <= NOTEBOOK_TARGET, notes=slowest))
    return rows
