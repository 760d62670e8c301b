"""helpers._memory: training reuses its memory instead of page-faulting every batch afresh (glibc)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import _memory

ROOT = Path(__file__).resolve().parent.parent
GLIBC = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc") if hasattr(os, "confstr") else False

# One fresh process (the test runner's own allocations would blur the count): a 2-epoch warm-up, then the
# minor page faults of 10 epochs of 64-128-64-10 with batches of 256, the size that faulted ~1,200 times
# per epoch with glibc's default thresholds.
SCRIPT = """
import resource, sys
from helpers.data import load_digits
from helpers.nn import MLP
d = load_digits()
net = MLP([64, 128, 64, 10], loss="cross_entropy", seed=0)
if sys.argv[1] == "default":
    import helpers._memory as m
    m._done.append(False)          # as if fit had never asked glibc: the thresholds stay at their defaults
net.fit(d.X_train, d.T_train, lr=2.0, epochs=2, batch_size=256)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
net.fit(d.X_train, d.T_train, lr=2.0, epochs=10, batch_size=256)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10)
"""


def faults_per_epoch(mode):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    return float(done.stdout.split()[-1])


def test_keep_freed_memory_runs_once_and_says_whether_it_applied():
    first = _memory.keep_freed_memory()
    assert isinstance(first, bool)
    assert _memory.keep_freed_memory() is first
    assert first == GLIBC


@pytest.mark.skipif(not GLIBC, reason="the thresholds exist only in glibc's malloc (CI runs on glibc)")
def test_training_does_not_page_fault_every_batch():
    kept, default = faults_per_epoch("kept"), faults_per_epoch("default")
    assert kept < 20, f"fit page-faulted {kept:.0f} times per epoch with the thresholds set"
    # the control shows what the test guards against: without them, every batch faults afresh
    assert default > 10 * max(kept, 20), f"without the thresholds only {default:.0f} faults per epoch"
