"""Every notebook gives the same checked outputs at every NumPy SIMD level.

NumPy computes exp, tanh, log, ... with different machine code (AVX-512, AVX2, the x86-64-v2
baseline) depending on the CPU, and the results differ in the last bits.  nbval only checks the
level of the machine it runs on.  This test re-executes each notebook with the environment
variable ``NPY_DISABLE_CPU_FEATURES`` set, so NumPy runs the lower levels too, and compares each
checked cell's output with the committed one, exactly as nbval does: the same cells (not
``# NBVAL_IGNORE_OUTPUT`` / ``NBVAL_SKIP``), the same fields (images and widget ids are not
compared), streams merged the same way, and the sanitize rules of ``tests/nbval_sanitize.cfg``.

A level that this CPU cannot put apart from its default (for example "AVX2" on a CPU without
AVX-512: disabling features it does not have changes nothing) is skipped with a reason that
says so; nbval's ordinary run already checks the default level.

One test class per notebook, so pytest-xdist's ``--dist loadscope`` spreads the notebooks
over its workers.
"""
import functools
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import coalesce_streams, find_comment_markers, find_metadata_tags, get_sanitize_patterns

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"

# The two levels below the AVX-512 default of a modern x86-64 CPU.
LEVELS = {
    "AVX2": "X86_V4 AVX512_ICL",
    "baseline": "X86_V3 X86_V4 AVX512_ICL",
}
# What nbval does not compare (nbval.plugin.IPyNbFile.skip_compare without --nbdime).
SKIP_COMPARE = {"metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg"}
CELL_TIMEOUT = 600          # seconds, per cell
NOTEBOOK_TIMEOUT = 1800     # seconds, per notebook


def _kernel_env(disable=None):
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)            # the notebooks draw inline, as under nbval
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if disable is not None:
        env["NPY_DISABLE_CPU_FEATURES"] = disable
    return env


@functools.lru_cache(maxsize=None)
def enabled_dispatch(disable=None):
    """The SIMD targets NumPy dispatches to, in a fresh process with ``disable`` switched off."""
    code = ("import json; from numpy._core._multiarray_umath import __cpu_features__ as f, __cpu_dispatch__ as d;"
            "print(json.dumps(sorted(k for k in d if f.get(k))))")
    out = subprocess.run([sys.executable, "-c", code], env=_kernel_env(disable), capture_output=True,
                         text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"NumPy did not start with NPY_DISABLE_CPU_FEATURES={disable!r}:\n{out.stderr[-2000:]}")
    return tuple(json.loads(out.stdout))


def level_skip_reason(level):
    """None if this CPU can run ``level`` as a level of its own, else why not."""
    disable = LEVELS[level]
    default = enabled_dispatch(None)
    turned_off = [feature for feature in disable.split() if feature in default]
    if not turned_off:
        return (f"SIMD level {level} (NPY_DISABLE_CPU_FEATURES={disable!r}) is this CPU's default: it has none of "
                f"{disable.split()} (NumPy dispatches to {list(default) or 'the baseline only'}), so that level "
                f"is the one nbval's ordinary run already checks")
    now = enabled_dispatch(disable)
    if any(feature in now for feature in turned_off):
        raise AssertionError(f"NPY_DISABLE_CPU_FEATURES={disable!r} did not switch off {turned_off}: "
                             f"NumPy still dispatches to {list(now)}")
    return None


# ---------------------------------------------------------------- comparing like nbval
def sanitize_rules(path=SANITIZE_FILE):
    """(regex, replacement) pairs, read with nbval's own parser from the file nbval uses."""
    return get_sanitize_patterns(Path(path).read_text(encoding="utf-8"))


def is_checked(cell):
    """True if nbval compares this cell's outputs."""
    if cell.cell_type != "code" or cell.execution_count is None:
        return False
    options = {"check": True, "skip": False}
    options.update(dict(find_comment_markers(cell.source)))
    options.update(dict(find_metadata_tags(cell.metadata)))
    return options["check"] and not options["skip"]


def comparable(outputs, rules):
    """Outputs as nbval compares them: {field: [sanitized text, ...]}."""
    fields = {}
    for output in coalesce_streams([nbformat.from_dict(o) for o in outputs]):
        if output.output_type == "stream":
            items = {output.name: output.text}
        else:
            items = {k: v for k, v in output.items() if k != "data"}
            items.update(output.get("data", {}))
        for key, value in items.items():
            if key in SKIP_COMPARE:
                continue
            if isinstance(value, list):
                value = "".join(value)
            if isinstance(value, str):
                for regex, replace in rules:
                    value = re.sub(regex, replace, value)
            fields.setdefault(key, []).append(value)
    return fields


def first_difference(committed, now):
    """A one-paragraph description of where two cells' outputs first differ, or None if equal."""
    a, b = comparable(committed, sanitize_rules()), comparable(now, sanitize_rules())
    if a == b:
        return None
    for key in sorted(set(a) | set(b)):
        if key not in b:
            return f"output field {key!r} is missing from the new run"
        if key not in a:
            return f"the new run has an extra output field {key!r}"
        old = "\n".join(map(str, a[key])).splitlines()
        new = "\n".join(map(str, b[key])).splitlines()
        for line, (x, y) in enumerate(zip(old, new), 1):
            if x != y:
                return f"{key}, line {line}:\n  committed: {x!r}\n  this level: {y!r}"
        if len(old) != len(new):
            return f"{key}: the committed output has {len(old)} lines, this level's {len(new)}"
    return "the outputs differ"                             # pragma: no cover - the loop finds it


def compare_notebooks(committed, executed):
    """Messages for every checked cell whose outputs differ (empty list if all agree)."""
    problems = []
    for index, (old, new) in enumerate(zip(committed.cells, executed.cells)):
        if not is_checked(old):
            continue
        diff = first_difference(old.outputs, new.outputs)
        if diff:
            problems.append(f"cell {index} (In [{old.execution_count}]): {diff}")
    return problems


# ---------------------------------------------------------------- running a notebook at a level
_RUNNER = textwrap.dedent("""
    import sys
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    source, target, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3])
    nb = nbformat.read(source, as_version=4)
    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=False,
                            resources={"metadata": {"path": sys.argv[4]}})
    client.execute()
    nbformat.write(nb, target)
""")


def execute_at_level(notebook, disable, target):
    """Execute ``notebook`` in a fresh kernel with NPY_DISABLE_CPU_FEATURES=disable; return the result."""
    run = subprocess.run([sys.executable, "-c", _RUNNER, str(notebook), str(target), str(CELL_TIMEOUT),
                          str(notebook.parent)],
                         env=_kernel_env(disable), capture_output=True, text=True, timeout=NOTEBOOK_TIMEOUT)
    if run.returncode != 0:
        pytest.fail(f"{notebook.name} did not run with NPY_DISABLE_CPU_FEATURES={disable!r}:\n"
                    f"{run.stderr[-3000:]}", pytrace=False)
    return nbformat.read(target, as_version=4)


def _check_notebook(notebook, level, tmp_path):
    reason = level_skip_reason(level)
    if reason:
        pytest.skip(reason)
    executed = execute_at_level(notebook, LEVELS[level], tmp_path / notebook.name)
    problems = compare_notebooks(nbformat.read(notebook, as_version=4), executed)
    assert not problems, (f"notebooks/{notebook.name} at SIMD level {level} "
                          f"(NPY_DISABLE_CPU_FEATURES={LEVELS[level]!r}) differs from its committed outputs:\n"
                          + "\n".join(problems))


def _make_test_class(notebook):
    @pytest.mark.slow
    @pytest.mark.parametrize("level", list(LEVELS))
    def test_outputs_match_committed(self, level, tmp_path):
        _check_notebook(notebook, level, tmp_path)

    name = "Test_" + re.sub(r"\W", "_", notebook.stem)
    return name, type(name, (), {"__doc__": f"{notebook.name} at each SIMD level.",
                                 "test_outputs_match_committed": test_outputs_match_committed})


for _notebook in NOTEBOOKS:
    _name, _cls = _make_test_class(_notebook)
    globals()[_name] = _cls


# ---------------------------------------------------------------- the comparison itself, fast
def _cell(outputs, source="x = 1", count=1):
    return nbformat.v4.new_code_cell(source=source, outputs=[nbformat.from_dict(o) for o in outputs],
                                     execution_count=count)


def _stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_every_notebook_has_a_test_class():
    assert NOTEBOOKS, "no notebooks found"
    for notebook in NOTEBOOKS:
        assert "Test_" + re.sub(r"\W", "_", notebook.stem) in globals()


def test_sanitize_rules_are_read_from_the_nbval_file():
    rules = sanitize_rules()
    assert rules and all(len(rule) == 2 for rule in rules)
    assert first_difference([_stream("at 0x7f00deadbeef\n")], [_stream("at 0x7f11cafebabe\n")]) is None


def test_a_changed_digit_is_reported_with_its_line():
    old = [_stream("loss 0.0036\n"), _stream("accuracy 99%\n")]        # two streams are merged, as nbval does
    new = [_stream("loss 0.0036\naccuracy 95%\n")]
    message = first_difference(old, new)
    assert "line 2" in message and "accuracy 99%" in message and "accuracy 95%" in message


def test_images_and_ignored_cells_are_not_compared():
    png_a = {"output_type": "display_data", "data": {"image/png": "AAAA", "text/plain": "<Figure>"}, "metadata": {}}
    png_b = {"output_type": "display_data", "data": {"image/png": "BBBB", "text/plain": "<Figure>"}, "metadata": {}}
    assert first_difference([png_a], [png_b]) is None
    assert not is_checked(_cell([], source="# NBVAL_IGNORE_OUTPUT\nprint(time())"))
    assert not is_checked(_cell([], count=None))
    assert is_checked(_cell([]))
    committed = nbformat.v4.new_notebook(cells=[_cell([_stream("a\n")]),
                                                _cell([_stream("1 s\n")], source="# NBVAL_IGNORE_OUTPUT")])
    executed = nbformat.v4.new_notebook(cells=[_cell([_stream("b\n")]),
                                               _cell([_stream("2 s\n")], source="# NBVAL_IGNORE_OUTPUT")])
    problems = compare_notebooks(committed, executed)
    assert len(problems) == 1 and problems[0].startswith("cell 0 (In [1])")


def test_missing_output_field_is_reported():
    old = [{"output_type": "execute_result", "data": {"text/plain": "3"}, "metadata": {}, "execution_count": 1}]
    assert "missing" in first_difference(old, [])
    assert "lines" in first_difference([_stream("a\nb\n")], [_stream("a\n")])


def test_level_detection_on_this_cpu():
    default = enabled_dispatch(None)
    for level, disable in LEVELS.items():
        reason = level_skip_reason(level)
        if reason is None:           # a real level of its own: NumPy really runs other code there
            assert enabled_dispatch(disable) != default
        else:
            assert level in reason and "default" in reason
