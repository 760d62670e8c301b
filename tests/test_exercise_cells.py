"""Every exercise cell of every notebook gives a verdict for any answer and never a traceback.

How an exercise is found (the convention every notebook follows):

* An **exercise cell** is a code cell with one *placeholder line*: ``NAME = ...`` (the learner
  replaces the ``...``) or ``return ...`` inside a ``def`` (the learner writes the body).
* Its **worked solution** is the first ```` ```python ```` fenced block of the next markdown cell that
  holds ``<details>``. The block replaces the placeholder line (``NAME = ...``) or the whole
  ``def`` up to the placeholder (``return ...``).
* A **wrong answer** is ``7.77`` (a number no exercise expects), unless the solution cell says
  otherwise in an HTML comment ``<!-- wrong: EXPRESSION -->``.

One kernel per notebook runs the notebook's code cells in order; before each exercise cell runs
as written, it runs with the placeholder replaced by each hostile answer, by the solution
(which must print ✅) and by the wrong answer (which must print ❌).
"""
import queue
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))

PLACEHOLDER = re.compile(r"^(?P<indent>\s*)(?:(?P<name>[A-Za-z_]\w*)\s*=|(?P<ret>return))\s*\.\.\.\s*(?:#.*)?$")
FENCE = re.compile(r"```python\n(.*?)```", re.S)
WRONG_NOTE = re.compile(r"<!--\s*wrong:\s*(.*?)\s*-->", re.S)
HOSTILE = ["...", "None", "'hello'", "[1, 2, 3]", "-3.5", "float('nan')", "1e308"]
VERDICT = re.compile(r"^(⏳|✅|❌|🟡|🔢) ", re.M)
DEFAULT_WRONG = "7.77"

# Notebooks whose solutions do not follow the fence convention yet (strict: fails once they do).


def exercises(nb):
    """(cell index, placeholder line number, solution code or None, wrong answer) per exercise."""
    found = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        hits = [k for k, line in enumerate(lines) if PLACEHOLDER.match(line)]
        if not hits:
            continue
        assert len(hits) == 1, f"cell {i} has {len(hits)} placeholder lines; an exercise has one"
        solution, wrong = None, DEFAULT_WRONG
        for later in cells[i + 1:]:
            if later.cell_type == "markdown" and "<details" in later.source:
                fence = FENCE.search(later.source)
                solution = fence.group(1) if fence else None
                note = WRONG_NOTE.search(later.source)
                wrong = note.group(1) if note else wrong
                break
            if later.cell_type == "code":
                break
        found.append((i, hits[0], solution, wrong))
    return found


def substitute(source, k, replacement):
    """The cell with placeholder line k's ``...`` replaced by an expression."""
    lines = source.splitlines()
    lines[k] = re.sub(r"\.\.\.", lambda _: replacement, lines[k], count=1)
    return "\n".join(lines)


def with_solution(source, k, solution):
    """The cell with the placeholder line (or the def it ends) replaced by the solution block."""
    lines = source.splitlines()
    m = PLACEHOLDER.match(lines[k])
    start = k
    if m.group("ret"):
        start = max(j for j in range(k) if re.match(r"\s*def ", lines[j])
                    and len(lines[j]) - len(lines[j].lstrip()) < len(m.group("indent")))
    indent = re.match(r"\s*", lines[start]).group(0)
    block = [indent + line if line else line for line in solution.rstrip("\n").splitlines()]
    return "\n".join(lines[:start] + block + lines[k + 1:])


class Kernel:
    """One IPython kernel, started in notebooks/ like Jupyter does."""

    def __init__(self):
        from jupyter_client.manager import start_new_kernel
        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOKS))

    def run(self, code, timeout=900):
        """(printed text, error or None) of running code."""
        out, error = [], []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error.append(f"{content['ename']}: {content['evalue']}")

        try:
            self.kc.execute_interactive(code, output_hook=hook, timeout=timeout, allow_stdin=False)
        except (TimeoutError, queue.Empty):
            error.append("timeout")
        return "".join(out), (error[0] if error else None)

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def verdicts(text):
    return VERDICT.findall(text)


def test_every_notebook_with_exercises_is_found():
    with_exercises = [p.stem for p in ALL if exercises(nbformat.read(p, as_version=4))]
    for stem in [f"{n:02d}" for n in range(1, 11)]:
        assert any(s.startswith(stem) for s in with_exercises), f"no exercise cells found in notebook {stem}"


def test_placeholder_and_solution_conventions_can_be_read():
    cell = "x_ = 1\n\nanswer = ...\n\ncheck(answer, 2)"
    assert substitute(cell, 2, "None") == "x_ = 1\n\nanswer = None\n\ncheck(answer, 2)"
    assert with_solution(cell, 2, "a = 1\nanswer = a + 1\n") == "x_ = 1\n\na = 1\nanswer = a + 1\n\ncheck(answer, 2)"
    func = "def f(x):\n    y = x\n    return ...   # your line\n\ncheck_function(f, g, [(1,)])"
    assert PLACEHOLDER.match(func.splitlines()[2]).group("ret")
    assert with_solution(func, 2, "def f(x):\n    return 2 * x\n") == \
        "def f(x):\n    return 2 * x\n\ncheck_function(f, g, [(1,)])"


def run_exercises(path):
    """Run the notebook in one kernel, each exercise cell with every trial answer first; the problems found."""
    nb = nbformat.read(path, as_version=4)
    found = {i: (k, solution, wrong) for i, k, solution, wrong in exercises(nb)}
    kernel = Kernel()
    problems = []
    try:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if i in found:
                k, solution, wrong = found[i]
                first = cell.source.splitlines()[k].strip()
                trials = [(h, substitute(cell.source, k, h), None) for h in HOSTILE]
                if solution is not None:
                    trials.append(("its solution", with_solution(cell.source, k, solution), "✅"))
                trials.append((f"wrong answer {wrong}", substitute(cell.source, k, wrong), "❌"))
                for label, code, want in trials:
                    text, error = kernel.run(code)
                    found_verdicts = verdicts(text)
                    if error:
                        problems.append(f"cell {i} ({first}) with {label}: raised {error}")
                    elif not found_verdicts:
                        problems.append(f"cell {i} ({first}) with {label}: printed no verdict: {text[-200:]!r}")
                    elif want and found_verdicts[-1] != want:
                        problems.append(f"cell {i} ({first}) with {label}: {found_verdicts[-1]} instead of {want}:"
                                        f" {text.strip()[-300:]!r}")
            text, error = kernel.run(cell.source)
            if error and "raises-exception" not in cell.metadata.get("tags", []):
                problems.append(f"cell {i} raised {error}")
                break
    finally:
        kernel.stop()
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_exercise_cells_give_verdicts(path):
    found = exercises(nbformat.read(path, as_version=4))
    if not found:
        pytest.skip(f"{path.name} has no exercise cells")   # 00 Start here: nothing to answer
    problems = run_exercises(path)           # hostile and wrong answers even where a solution block is missing
    assert not problems, "\n".join(problems)
    missing = [i for i, k, solution, w in found if solution is None]
    assert not missing, f"exercise cells {missing} have no ```python block in their <details> solution"


def test_the_harness_catches_a_crash_a_wrong_solution_and_a_silent_cell(tmp_path):
    """The test above can fail: a notebook with three defective exercises yields three problems."""
    nb = nbformat.v4.new_notebook()
    solution = "<details><summary>Show solution</summary>\n\n```python\nanswer = {}\n```\n</details>"
    nb.cells = [
        nbformat.v4.new_code_cell("from helpers.exercises import check"),
        nbformat.v4.new_code_cell("answer = ...\ncheck(float(answer) if answer is not ... else answer, 0.5)"),
        nbformat.v4.new_markdown_cell(solution.format("0.5")),
        nbformat.v4.new_code_cell("answer = ...\ncheck(answer, 0.5)"),
        nbformat.v4.new_markdown_cell(solution.format("0.6")),
        nbformat.v4.new_code_cell("answer = ...\nprint('thanks')"),
        nbformat.v4.new_markdown_cell(solution.format("1")),
    ]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    problems = run_exercises(path)
    assert any("cell 1 (answer = ...) with None: raised TypeError" in p for p in problems), problems
    assert any("cell 3 (answer = ...) with its solution: ❌ instead of ✅" in p for p in problems), problems
    assert any("cell 5 (answer = ...) with -3.5: printed no verdict" in p for p in problems), problems
