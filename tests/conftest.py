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
