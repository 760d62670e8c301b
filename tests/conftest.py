import matplotlib
import pytest

# Only this test process draws off-screen; notebook kernels started by nbval keep
# their usual inline backend (an MPLBACKEND variable would leak into them).
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Derandomized: the same examples every run, so CI is reproducible.
settings.register_profile("workbook", derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("workbook")


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test ends with no figure left open (matplotlib keeps pyplot's figures alive)."""
    yield
    plt.close("all")


# --- the browser tests' Chromium (tests/test_browser*.py): one per module, or the test skips
# with the reason (fails under REQUIRE_BROWSER=1); see browser_support.need_browser

@pytest.fixture(scope="module")
def chromium():
    from browser_support import need_browser
    return need_browser()


@pytest.fixture(scope="module")
def browser(chromium):
    from browser_support import running_browser
    with running_browser(chromium) as b:
        yield b
