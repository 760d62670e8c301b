"""Cold import of helpers in a fresh process vs numpy + matplotlib.pyplot (issue 8, benchmark 5).

Each measurement starts a new Python process and times only the import statement inside
it (interpreter start-up is the same for everyone and left out).  The statements alternate,
and each ratio is of medians from the same run.
Target: ``import helpers`` <= 1.2x ``import numpy, matplotlib.pyplot`` (every notebook needs
those anyway), and neither ``import helpers`` nor ``import helpers.nn`` loads SymPy or ipywidgets.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from _timing import median, row

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "import numpy, matplotlib.pyplot"
STATEMENTS = ["import helpers", "import helpers.nn", BASELINE]
HEAVY = ("sympy", "ipywidgets", "matplotlib")
FORBIDDEN = ("sympy", "ipywidgets")

PROBE = """\
import sys, time
start = time.perf_counter()
{statement}
seconds = time.perf_counter() - start
import json
print(json.dumps({{"seconds": seconds, "loaded": [m for m in {heavy!r} if m in sys.modules]}}))
"""


def measure(statement):
    """Run the statement in a fresh interpreter; return (seconds, heavy modules it loaded)."""
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", PROBE.format(statement=statement, heavy=HEAVY)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["loaded"]


def run(smoke=False):
    repeats, warmup = (1, 0) if smoke else (15, 2)
    for _ in range(warmup):                 # fill the OS file cache and write .pyc files
        for statement in STATEMENTS:
            measure(statement)
    times = {s: [] for s in STATEMENTS}
    loaded = {}
    for r in range(repeats):
        shift = r % len(STATEMENTS)
        for statement in STATEMENTS[shift:] + STATEMENTS[:shift]:
            seconds, loaded[statement] = measure(statement)
            times[statement].append(seconds)
    ms = {s: 1000 * median(t) for s, t in times.items()}
    common = f"fresh process each time; median of {repeats}"
    rows = [row(f"`{s}`", ms[s], "ms", notes=common + (f"; loads {', '.join(loaded[s])}" if loaded[s] else ""))
            for s in STATEMENTS]
    for s in ("import helpers", "import helpers.nn"):
        ratio = ms[s] / ms[BASELINE]
        target = dict(target="<= 1.2x", met=ratio <= 1.2) if s == "import helpers" else {}
        rows.append(row(f"`{s}` / `{BASELINE}`", ratio, "x", notes="ratio of medians, same run", **target))
        bad = [m for m in FORBIDDEN if m in loaded[s]]
        rows.append(row(f"`{s}` loads SymPy or ipywidgets", len(bad), "modules", target="0", met=not bad,
                        notes=("loads " + ", ".join(bad)) if bad else "neither is imported"))
    return rows
