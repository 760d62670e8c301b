"""Drive the workbook's widgets in a real JupyterLab in headless Chromium.

Used by tests/test_browser.py and benchmarks/bench_browser.py:

* ``find_chromium()``   where Debian's chromium is (no browser download is possible here),
* ``why_no_browser()``  None, or why the browser cannot run (no Playwright, no Chromium),
* ``JupyterLabServer``  a private JupyterLab on 127.0.0.1, random token, free port,
                        isolated settings, always stopped,
* ``launch_browser()``  Playwright's Chromium through ``executable_path``,
* ``LabPage``           open a notebook, wait for an idle kernel, run all cells, and read
                        or press the parts of a stepper or a slider panel.

Every wait polls a condition in the page (the kernel's status, a counter's text, an
image's bytes); nothing relies on a fixed sleep.
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# Headless, and quiet on the network: without the background-networking flags Chromium
# keeps dialling out, and on a closed network its connections are refused noisily.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]

# User settings for the private JupyterLab: render every cell (no virtual scrolling, so the
# widgets below the fold exist in the page) and no news / update pop-ups over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def find_chromium():
    """Path of a Chromium executable, or None. $CHROMIUM overrides the usual places."""
    candidates = [os.environ.get("CHROMIUM", "")] + [shutil.which("chromium") or ""]
    candidates += list(CHROMIUM_CANDIDATES)
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def browser_required():
    """True when a missing browser must fail the tests instead of skipping them (CI)."""
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def playwright_missing():
    """None if the playwright package imports, else the reason."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the playwright package is not installed ({exc}); pip install -r requirements-dev.txt"
    return None


def why_no_browser():
    """None when the browser tests can run here, else the reason (Playwright's first).

    The one check behind tests/test_browser.py (which skips, or fails under REQUIRE_BROWSER=1)
    and benchmarks/bench_browser.py (which prints it as a note)."""
    reason = playwright_missing()
    if reason is None and find_chromium() is None:
        reason = ("no Chromium found (looked for $CHROMIUM, chromium on PATH, /usr/bin/chromium); "
                  "install it, e.g. `apt-get install chromium`, to run the browser tests")
    return reason


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """A JupyterLab of our own, serving ``root_dir``; use as a context manager.

    The server runs with the same Python as the tests (so the kernel imports this
    checkout's ``helpers``), a random token, a free port with no retries, and settings
    and workspaces in a temporary directory, so a user's own JupyterLab set-up plays no part.
    """

    def __init__(self, root_dir, startup_timeout=60):
        self.root_dir = Path(root_dir)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(16)
        self.port = None
        self.proc = None
        self._home = None
        self.log_path = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, path):
        """The address that opens ``path`` (relative to root_dir) in a fresh workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def start(self):
        self._home = Path(tempfile.mkdtemp(prefix="bp-lab-"))
        settings = self._home / "settings"
        for name, value in LAB_SETTINGS.items():
            target = settings / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self._home / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(self._home / "runtime"),
                   MPLBACKEND="module://matplotlib_inline.backend_inline",
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        last_error = None
        for _ in range(3):                       # a port taken between free_port() and bind: try another
            self.port = free_port()
            self.log_path = self._home / f"server-{self.port}.log"
            cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                   "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
                   "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False",
                   "--ServerApp.terminals_enabled=False"]
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(cmd, cwd=self.root_dir, env=env, stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            try:
                self._wait_until_answering()
                return self
            except RuntimeError as exc:
                last_error = exc
                self._kill()
        raise last_error

    def _wait_until_answering(self):
        deadline = time.monotonic() + self.startup_timeout
        status = f"{self.url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(status, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"JupyterLab did not answer within {self.startup_timeout} s:\n{self.log_tail()}")

    def log_tail(self, n=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except (OSError, AttributeError):
            return "(no server log)"

    def _api(self, method, path, timeout=10):
        """Call the server's REST API; return the decoded JSON (None for an empty answer)."""
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def kernel_ids(self):
        return [k["id"] for k in self._api("GET", "/api/kernels")]

    def shutdown_kernels(self):
        """Shut every kernel down through the REST API (the server waits for each to exit).

        jupyter_client starts kernels with start_new_session=True: they are not in the
        server's process group, so a signal to that group never reaches them. A server that
        receives SIGTERM shuts its kernels down itself, but one that needs SIGKILL cannot,
        so they are shut down here first, while the server still answers."""
        try:
            for kernel_id in self.kernel_ids():
                self._api("DELETE", f"/api/kernels/{kernel_id}", timeout=30)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass                                 # a dead server: nothing left to ask

    def _kill(self):
        """Stop the kernels (REST API), then the server (its own process group)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.shutdown_kernels()
        pgid = os.getpgid(self.proc.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self):
        try:
            self._kill()
        finally:
            if self._home is not None:
                shutil.rmtree(self._home, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def launch_browser(playwright, executable_path):
    return playwright.chromium.launch(executable_path=executable_path, headless=True, args=CHROMIUM_ARGS)


def need_browser():
    """For a test: the Chromium path, or skip with the reason (fail instead under REQUIRE_BROWSER=1)."""
    import pytest
    reason = why_no_browser()
    if reason is not None:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return find_chromium()


@contextlib.contextmanager
def running_browser(executable_path):
    """Playwright's Chromium for the block, always closed."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = launch_browser(pw, executable_path)
        try:
            yield browser
        finally:
            browser.close()


VIEWPORT = {"width": 1280, "height": 720}          # a lecture-room projector
FULL_HD = {"width": 1920, "height": 1080}


def offline_context(browser):
    """A browser context with the network off: only file:// loads; every URL asked for is recorded."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith("file:") else route.abort()))
    return context, requests


@contextlib.contextmanager
def viewport(page, size, back=VIEWPORT, settle_ms=300):
    """The page at ``size`` for the block, then ``back``; after each change the steppers get
    ``settle_ms`` to lay themselves out again."""
    def resize(to):
        page.set_viewport_size(to)
        page.wait_for_function("w => window.innerWidth === w", arg=to["width"])
        page.wait_for_timeout(settle_ms)
    resize(size)
    try:
        yield page
    finally:
        resize(back)


# --- in-page helpers -----------------------------------------------------------------------

# The current notebook panel's kernel, as seen by JupyterLab itself.
_KERNEL_READY_JS = """() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  const ctx = panel && panel.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  return !!(panel && panel.content && panel.context && panel.context.isReady && kernel &&
            kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}"""

# All code cells have run (an execution count each) and the kernel is idle again.
_ALL_RUN_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return cells.length > 0 && cells.every(c => c.model.executionCount !== null);
}"""

# Errors shown by any cell (an exception in the kernel is a failure of the notebook).
_ERRORS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const errors = [];
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs.get(i).toJSON();
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
    }
  }
  return errors;
}"""

# A fingerprint of the bytes an <img> shows (FNV-1a over the fetched blob): tells whether
# the picture itself changed, not only its blob address.
IMAGE_HASH_JS = """async (img) => {
  if (!img.src) return null;
  const buf = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let h = 0x811c9dc5;
  for (let i = 0; i < buf.length; i++) { h ^= buf[i]; h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(16) + ':' + buf.length;
}"""


class LabPage:
    """One browser page showing one notebook in our JupyterLab."""

    def __init__(self, page, server, timeout_ms=60_000):
        self.page, self.server, self.timeout_ms = page, server, timeout_ms
        page.set_default_timeout(timeout_ms)

    def open_notebook(self, path):
        """Open ``path`` and wait until its kernel is connected and idle."""
        self.start_opening(path)
        self.wait_until_kernel_ready()

    def start_opening(self, path):
        """Begin loading ``path`` (return once the server answered; JupyterLab loads on)."""
        self.page.goto(self.server.lab_url(path), wait_until="commit")

    def wait_until_kernel_ready(self):
        self.page.wait_for_function(_KERNEL_READY_JS, timeout=self.timeout_ms, polling=100)

    def run_all(self):
        """Clear the stored outputs, run every cell, wait for the last, fail on any error."""
        self.start_run_all()
        self.wait_run_all()

    def start_run_all(self):
        """Clear the stored outputs and start running every cell (without waiting for them)."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        self.page.wait_for_function("""() => window.jupyterapp.shell.currentWidget.content.widgets
            .filter(c => c.model.type === 'code').every(c => c.model.executionCount === null)""",
                                    polling=100)
        self.page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    def wait_run_all(self):
        """Wait until every code cell has run and the kernel is idle; fail on any error output."""
        self.page.wait_for_function(_ALL_RUN_JS, timeout=self.timeout_ms, polling=200)
        errors = self.page.evaluate(_ERRORS_JS)
        assert not errors, f"cells raised: {errors}"

    def notebook_height(self):
        """The height of JupyterLab's notebook area (what scrolls the cells)."""
        return self.page.evaluate("""() => Math.min(...[...document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer,'
            + ' .jp-NotebookPanel-notebook')].map(e => e.clientHeight).filter(h => h > 0), window.innerHeight)""")

    def screenshot(self, name, locator=None):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = locator if locator is not None else self.page
        target.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def image_hash(self, image_locator):
        """Fingerprint of the image's bytes once it is loaded."""
        image_locator.wait_for(state="attached")
        return image_locator.evaluate(IMAGE_HASH_JS)

    def wait_for_image_change(self, image_locator, old_hash):
        """Poll until the image's bytes differ from ``old_hash``; return the new hash."""
        deadline = time.monotonic() + self.timeout_ms / 1000
        while time.monotonic() < deadline:
            new = self.image_hash(image_locator)
            if new is not None and new != old_hash:
                return new
            self.page.wait_for_timeout(50)   # a polling interval, not the wait itself
        raise AssertionError("the image did not change")


# Walks a stepper through every step in the page (its own key handler, no kernel) and
# returns what a class would see wrong: a counter that is off, a picture that moved, an
# equation cut off or outside the stepper, labels that overlap, a value outside its neuron.
AUDIT_JS = """(root) => {
  const problems = [];
  const key = (k) => root.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}));
  const overlap = (a, b, pad) => a.left < b.right - pad && b.left < a.right - pad && a.top < b.bottom - pad && b.top < a.bottom - pad;
  const name = (e) => `${e.getAttribute('class')} "${e.textContent}"`;
  key('Home');
  const svg = root.querySelector('.bp-diagram'), eq = root.querySelector('.bp-equation');
  const top0 = svg.getBoundingClientRect().top;
  const n = +root.querySelector('.bp-slider').max;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  let maxHeight = 0, minLabel = 1e9;
  for (let k = 0; k <= n; k++) {
    if (k) key('ArrowRight');
    const counter = root.querySelector('.bp-counter').textContent;
    if (!counter.startsWith(k + ' / ' + n + ' · ')) problems.push(`step ${k}: counter reads ${counter}`);
    const rb = root.getBoundingClientRect();
    maxHeight = Math.max(maxHeight, rb.height);
    if (Math.abs(svg.getBoundingClientRect().top - top0) > 0.5) problems.push(`step ${k}: the picture moved`);
    const sb = svg.getBoundingClientRect();
    if (sb.right > rb.right + 0.5 || sb.left < rb.left - 0.5) problems.push(`step ${k}: picture wider than the stepper`);
    if (eq.scrollWidth > eq.clientWidth + 1) problems.push(`step ${k}: equation wider than its box`);
    if (eq.querySelectorAll('.bp-eq-now').length !== 1) problems.push(`step ${k}: not one equation shown`);
    const shown = eq.querySelector('.bp-eq-now');
    if (shown && shown.offsetHeight > eq.clientHeight + 0.5) problems.push(`step ${k}: the equation is taller than its box (cut off)`);
    // the step's own equation: it ends with the result the picture's text alternative states
    const result = (svg.getAttribute('aria-label') || '').match(/=\\s*([−-]?[0-9][0-9.e×⁻⁰¹²³⁴⁵⁶⁷⁸⁹]*)\\s*$/);
    if (shown && result && !shown.textContent.includes(result[1])) problems.push(`step ${k}: the equation shown lacks its result ${result[1]}`);
    for (const m of eq.querySelectorAll('.bp-eq-now math')) {
      const b = m.getBoundingClientRect();
      if (b.right > rb.right + 0.5 || b.left < rb.left - 0.5 || b.bottom > rb.bottom + 0.5)
        problems.push(`step ${k}: equation part "${m.textContent}" outside the stepper`);
      // one term per piece, set on one line; a factor's plain brackets open and close in it
      if (m.getClientRects().length !== 1) problems.push(`step ${k}: "${m.textContent}" is broken across lines`);
      let depth = 0, bad = false;
      for (const o of m.querySelectorAll('mo:not(.bp-fence)')) {
        const c = o.textContent;
        depth += c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0;
        bad = bad || depth < 0;
      }
      if (bad || depth !== 0) problems.push(`step ${k}: a line breaks inside brackets at "${m.textContent}"`);
    }
    const labels = [...svg.querySelectorAll('.bp-label')].filter(t => t.textContent.trim() && t.getClientRects().length);   // shown ones (a pooled label may be hidden)
    const boxes = labels.map(t => t.getBoundingClientRect());
    for (const t of labels) minLabel = Math.min(minLabel, parseFloat(t.getAttribute('font-size')) * scale);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i], boxes[j], 0.5)) problems.push(`step ${k}: ${name(labels[i])} overlaps ${name(labels[j])}`);
    const pills = [...svg.querySelectorAll('.bp-pill')];
    for (const g of svg.querySelectorAll('.bp-node')) {
      const r = g.querySelector('.bp-pill').getBoundingClientRect();
      for (const t of g.querySelectorAll('.bp-label')) {
        const b = t.getBoundingClientRect();
        if (t.textContent && (b.left < r.left || b.right > r.right || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5))
          problems.push(`step ${k}: ${name(t)} spills out of its node`);
      }
    }
    // a network's highlighted edges (drawn over its faint edge layer): one per labelled edge
    const shownEls = (sel) => [...svg.querySelectorAll(sel)].filter(e => e.style.display !== 'none');
    const hlEdges = new Set(shownEls('.bp-edges-top line').map(l => l.dataset.edge));
    const labelled = shownEls('.bp-edge-label').map(g => g.dataset.edge);
    if (svg.querySelector('.bp-edges-top') && labelled.length &&
        (labelled.length !== hlEdges.size || labelled.some(e => !hlEdges.has(e))))
      problems.push(`step ${k}: labelled edges ${labelled} are not the highlighted ones ${[...hlEdges]}`);
    for (const lb of shownEls('.bp-label-box')) {
      const b = lb.getBoundingClientRect();
      for (const p of pills) if (overlap(b, p.getBoundingClientRect(), 0.5))
        problems.push(`step ${k}: edge label "${lb.nextSibling.textContent}" covers a node`);
    }
  }
  key('Home');
  const px = (sel) => parseFloat(getComputedStyle(root.querySelector(sel)).fontSize);
  return {problems, n, maxHeight, minLabel, equationPx: px('.bp-equation'), counterPx: px('.bp-counter'),
          buttonPx: Math.min(...[...root.querySelectorAll('button')].map(b => parseFloat(getComputedStyle(b).fontSize)))};
}"""

# Every curved or straight edge of a graph stepper: does it pass through a box other than its ends?
EDGE_AUDIT_JS = """(root) => {
  const svg = root.querySelector('.bp-diagram');
  const boxes = [...svg.querySelectorAll('.bp-node')].map(g => [g.dataset.name, g.querySelector('.bp-pill').getBBox()]);
  const out = [];
  for (const p of svg.querySelectorAll('path.bp-edge')) {
    const len = p.getTotalLength();
    const crossed = new Set();
    for (let i = 1; i < 60; i++) {
      const pt = p.getPointAtLength(len * i / 60);
      for (const [nm, b] of boxes) if (nm !== p.dataset.from && nm !== p.dataset.to &&
          pt.x > b.x && pt.x < b.x + b.width && pt.y > b.y && pt.y < b.y + b.height) crossed.add(nm);
    }
    out.push([p.dataset.from, p.dataset.to, [...crossed]]);
  }
  return out;
}"""


def open_and_run_all(context, server, names, timeout_ms):
    """Each notebook of ``names`` (under notebooks/) in its own page of ``context``, every cell run.
    They load and run side by side (each has its own kernel), which saves most of a notebook's
    start-up time. Returns {name: LabPage}."""
    labs = {name: LabPage(context.new_page(), server, timeout_ms=timeout_ms) for name in names}
    for name, lab in labs.items():
        lab.start_opening(f"notebooks/{name}")
    for lab in labs.values():
        lab.wait_until_kernel_ready()
        lab.start_run_all()
    for lab in labs.values():
        lab.wait_run_all()
    return labs


class StepperView:
    """The parts of a browser stepper in the page (found by their stable classes and names)."""

    def __init__(self, lab, root):
        self.lab, self.page, self.root = lab, lab.page, root
        self.counter = root.locator(".bp-counter").first
        self.equation = root.locator(".bp-equation").first
        self.diagram = root.locator(".bp-diagram").first

    def button(self, name):
        return self.root.get_by_role("button", name=name, exact=True).first

    def count(self):
        """(k, N) read from the counter's 'k / N · phase' text."""
        text = self.counter.inner_text().strip()
        match = re.match(r"(\d+)\s*/\s*(\d+) · \w+", text)
        assert match, f"the counter should read 'k / N · phase', it reads {text!r}"
        return int(match[1]), int(match[2])

    def text(self):
        return self.counter.inner_text().strip()

    def wait_for_count(self, k):
        self.page.wait_for_function(
            "([el, k]) => el.textContent.trim().startsWith(k + ' /')", arg=[self.counter.element_handle(), k],
            polling=20)

    def focus(self):
        """One click on the stepper (on its picture), as a teacher would."""
        self.root.scroll_into_view_if_needed()
        self.diagram.click(position={"x": 3, "y": 3})

    def go(self, k):
        """Home, then k presses of →."""
        self.focus()
        self.page.keyboard.press("Home")
        for _ in range(k):
            self.page.keyboard.press("ArrowRight")
        self.wait_for_count(k)

    def audit(self):
        return self.root.evaluate(AUDIT_JS)

    def edges(self):
        return self.root.evaluate(EDGE_AUDIT_JS)
