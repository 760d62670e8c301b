"""The repository keeps its promises: layout, pins, the CI script runs the README's command."""
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines(path):
    """The requirement lines of a requirements file: comments, blank lines and options
    (-e, -r, ...) left out. Also used by tests/test_binder.py."""
    lines = [l.split("#")[0].strip() for l in (ROOT / path).read_text().splitlines()]
    return [l for l in lines if l and not l.startswith("-")]


def _pins(path):
    return sorted(requirement_lines(path))


def editable_installs(text):
    """The lines of a requirements file that install something editable (-e / --editable)."""
    return [l.strip() for l in text.splitlines() if re.match(r"\s*(-e|--editable)(\s|=|\.|$)", l)]


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
    editable = editable_installs((ROOT / "binder/requirements.txt").read_text())
    assert editable == [], f"binder/requirements.txt must not install editable (postBuild does): {editable}"


def test_the_editable_check_sees_every_line():
    """The check above reads every line, not only the first one (comments included)."""
    assert editable_installs((ROOT / "requirements.txt").read_text()) == ["-e ."]
    text = "# a comment first\nnumpy==2.0\n# another\n-e .\n  --editable=.\n-e.\n-r other.txt\n"
    assert editable_installs(text) == ["-e .", "--editable=.", "-e."]


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


def test_every_sanitize_rule_still_matches_something():
    """nbval applies the rules in order: a rule whose text an earlier rule always rewrites
    first is dead. Each rule must change a typical output the rules before it left alone."""
    from nbval.plugin import get_sanitize_patterns
    rules = get_sanitize_patterns((ROOT / "tests/nbval_sanitize.cfg").read_text())
    samples = ["<matplotlib.figure.Figure at 0x7f3a2b4c5d60>",
               "/tmp/ipykernel_4242/1234567.py:3: RuntimeWarning: overflow encountered in exp"]
    assert [replace for _, replace in rules] == ["0xADDRESS", "/TMP/PATH"], rules   # the two rules
    for i, (regex, _) in enumerate(rules):
        def before(text):
            for earlier, replace in rules[:i]:
                text = re.sub(earlier, replace, text)
            return text
        assert any(re.search(regex, before(t)) for t in samples), f"sanitize rule {regex!r} never matches"
    sanitized = samples[1]
    for regex, replace in rules:
        sanitized = re.sub(regex, replace, sanitized)
    assert sanitized == "/TMP/PATH RuntimeWarning: overflow encountered in exp"


def _fake(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/bash\n" + body)
    path.chmod(0o755)


def test_ci_installs_what_a_fresh_debian_lacks_then_runs_the_test_command(tmp_path):
    """.ci/run on a machine without Chromium and without ensurepip (no python3-venv): one apt
    step installs both, non-interactively; then the README's command runs, with REQUIRE_BROWSER=1.
    Every outside command is a fake that records how it was called."""
    repo, bin_dir, log = tmp_path / "repo", tmp_path / "bin", tmp_path / "calls.log"
    (repo / ".ci").mkdir(parents=True)
    (repo / ".ci/run").write_text((ROOT / ".ci/run").read_text())
    record = f'echo "$(basename "$0") $* [REQUIRE_BROWSER=$REQUIRE_BROWSER DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}}]" >> {log}\n'
    _fake(bin_dir / "apt-get", record)
    _fake(bin_dir / "python3", 'if [ "$1" = -c ]; then exit 1; fi\n' + record)   # no ensurepip here
    _fake(repo / ".venv/bin/pip", record)
    _fake(repo / ".venv/bin/python", record)
    for tool in ("dirname", "basename"):
        os.symlink(subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True, text=True)
                   .stdout.strip(), bin_dir / tool)
    result = subprocess.run(["/bin/bash", str(repo / ".ci/run")], capture_output=True, text=True, timeout=60,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    env = "[REQUIRE_BROWSER=1 DEBIAN_FRONTEND=noninteractive]"
    assert log.read_text().splitlines() == [
        f"apt-get update -qq {env}",
        f"apt-get install -y -qq chromium python3-venv {env}",
        f"python3 -m venv .venv {env}",
        f"pip install -q -r requirements-dev.txt {env}",
        f"python -m pytest {env}",
    ]
    # With both present, apt is not touched.
    log.unlink()
    _fake(bin_dir / "python3", record)
    _fake(bin_dir / "chromium", "")
    result = subprocess.run(["/bin/bash", str(repo / ".ci/run")], capture_output=True, text=True, timeout=60,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(l.startswith("apt-get") for l in log.read_text().splitlines()), log.read_text()
