"""Binder readiness: repo2docker's Python steps, reproduced in a fresh virtual environment.

repo2docker itself needs Docker and base images from the internet; this is the closest
honest check here. For a repository with ``binder/requirements.txt`` and ``binder/postBuild``
repo2docker does, in order:

1. ``pip install -r binder/requirements.txt`` into a fresh Python environment,
2. ``bash binder/postBuild`` from the top of the repository, with that environment first on PATH,
3. then the user opens a notebook: ``import helpers`` must work and notebook 00 must run.

The environment is built once per test session (module fixture). To keep it cheap, the wheels
are kept between sessions in a wheelhouse in the user's cache folder (pip's own cache does the
same job where its HTTP cache works); the environment itself is always new. The pins
themselves are compared with the root requirements in tests/test_repo.py.
"""
import json
import os
import subprocess
import textwrap
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from test_repo import requirement_lines   # the one parser of requirements files

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
pytestmark = pytest.mark.slow


def _wheelhouse():
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "backprop-step-by-step" / "binder-wheels"


def _run(cmd, env, cwd=ROOT, timeout=900):
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def _clean_env(env_dir):
    """The environment Binder's user gets: this venv first on PATH, nothing of ours leaking in."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "PYTHONHOME")}
    env["VIRTUAL_ENV"] = str(env_dir)
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["MPLBACKEND"] = "Agg"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _install_requirements(env_dir, env):
    """Step 1: install binder/requirements.txt, from the wheelhouse when it has everything."""
    pip = [str(env_dir / "bin" / "python"), "-m", "pip"]
    requirements = str(BINDER / "requirements.txt")
    house = _wheelhouse()
    offline = pip + ["install", "-q", "--no-compile", "--no-index", "--find-links", str(house),
                     "-r", requirements]
    if house.is_dir() and subprocess.run(offline, cwd=ROOT, env=env, capture_output=True).returncode == 0:
        return "wheelhouse"
    house.mkdir(parents=True, exist_ok=True)
    _run(pip + ["download", "-q", "-d", str(house), "-r", requirements], env)
    _run(offline, env)
    return "downloaded"


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    env_dir = tmp_path_factory.mktemp("binder") / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    env = _clean_env(env_dir)
    source = _install_requirements(env_dir, env)
    post_build = _run(["bash", str(BINDER / "postBuild")], env)          # step 2, from the repo root
    return {"dir": env_dir, "env": env, "python": str(env_dir / "bin" / "python"),
            "source": source, "post_build": post_build}


def test_requirements_install_cleanly(binder_env):
    """Every pinned package is installed at its pin and pip finds no broken dependency."""
    result = _run([binder_env["python"], "-m", "pip", "list", "--format=json"], binder_env["env"])
    installed = {p["name"].lower(): p["version"] for p in json.loads(result.stdout)}
    check = subprocess.run([binder_env["python"], "-m", "pip", "check"], env=binder_env["env"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    pins = _pins_for_this_python()
    assert pins, "binder/requirements.txt pins packages"
    for name, version in pins.items():
        assert installed.get(name) == version, f"{name}: pinned {version}, installed {installed.get(name)}"
    assert "backprop-helpers" in installed, "postBuild installed the workbook's package"


def _pins_for_this_python():
    """name -> version of each pin in binder/requirements.txt whose marker holds here."""
    pins = {}
    for line in requirement_lines("binder/requirements.txt"):
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate():
            (spec,) = req.specifier
            pins[req.name.lower()] = spec.version
    return pins


def test_helpers_imports_from_this_checkout(binder_env):
    code = "import helpers, helpers.nn, helpers.widgets.controls, sys; print(helpers.__file__); print(sys.prefix)"
    out = _run([binder_env["python"], "-c", code], binder_env["env"], cwd=binder_env["dir"]).stdout.split()
    assert Path(out[0]).resolve().parent == ROOT / "helpers"
    assert Path(out[1]).resolve() == Path(binder_env["dir"]).resolve()


def test_notebook_00_executes_headless(binder_env, tmp_path):
    """Run notebook 00 top to bottom with the environment's own kernel, as a learner would."""
    script = textwrap.dedent("""
        import sys, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read(sys.argv[1], as_version=4)
        n_code = sum(c.cell_type == "code" for c in nb.cells)
        # one more cell at the end, in the same kernel: where that kernel and helpers live
        nb.cells.append(nbformat.v4.new_code_cell("import sys, helpers; print(sys.prefix); print(helpers.__file__)"))
        NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": sys.argv[2]}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, errors
        print(n_code)
        print(nb.cells[-1].outputs[0]["text"])
    """)
    out = _run([binder_env["python"], "-c", script, str(ROOT / "notebooks" / "00_start_here.ipynb"),
                str(ROOT / "notebooks")], binder_env["env"], cwd=tmp_path).stdout.split()
    n_code, kernel_prefix, helpers_file = int(out[0]), out[1], out[2]
    assert n_code > 0
    assert Path(kernel_prefix).resolve() == Path(binder_env["dir"]).resolve(), "the kernel runs in the Binder env"
    assert Path(helpers_file).resolve().parent == ROOT / "helpers"
