"""The repository keeps its promises: layout, pins, the CI script runs the README's command."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pins(path):
    lines = [l.strip() for l in (ROOT / path).read_text().splitlines()]
    return sorted(l for l in lines if l and not l.startswith(("#", "-e", "-r")))


def test_layout():
    for name in ["README.md", "requirements.txt", "requirements-dev.txt", "pyproject.toml",
                 "notebooks", "helpers", "tests", "binder", ".ci/run", "tests/nbval_sanitize.cfg"]:
        assert (ROOT / name).exists(), name


def test_binder_pins_equal_root_pins():
    assert _pins("binder/requirements.txt") == _pins("requirements.txt")
    assert all("==" in p for p in _pins("requirements.txt")), "every runtime package is pinned"


def test_binder_files():
    assert (ROOT / "binder/runtime.txt").read_text().strip() == "python-3.12"
    post = (ROOT / "binder/postBuild").read_text().splitlines()
    assert post[0] == "#!/bin/bash" and "set -e" in post and "pip install -e ." in post
    assert "-e" not in (ROOT / "binder/requirements.txt").read_text().replace("-e.", "")\
        .split("\n#")[0].split()


def test_requirements_install_the_package_and_not_the_jupyter_metapackage():
    runtime = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", runtime, re.M)
    for name in ("jupyterlab", "numpy", "sympy", "ipywidgets", "matplotlib"):
        assert re.search(rf"^{name}==", runtime, re.M), name
    assert not re.search(r"^jupyter[=<> ]", runtime, re.M)
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev
    for name in ("pytest", "nbval", "hypothesis", "nbstripout"):
        assert re.search(rf"^{name}==", dev, re.M), name


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    assert "set -euo pipefail" in ci
    commands = re.findall(r"```(?:bash|sh)\n(.*?)\n```", readme, re.S)
    test_cmd = [c for c in commands if "pytest" in c and "requirements-dev.txt" in c]
    assert test_cmd, "README shows the test command"
    assert test_cmd[0].strip() in ci


def test_pytest_runs_full_nbval_by_default():
    cfg = (ROOT / "pyproject.toml").read_text()
    assert "--nbval " in cfg and "--nbval-lax" not in cfg
    assert "--nbval-current-env" in cfg and "--nbval-sanitize-with=tests/nbval_sanitize.cfg" in cfg
