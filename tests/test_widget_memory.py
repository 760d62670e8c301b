"""Widgets release what they hold: close() and dropping a stepper free its figure and widgets."""
import gc
import resource

import matplotlib.pyplot as plt
import numpy as np

from helpers.steps.graph import sigmoid_neuron
from helpers.nn import MLP
from helpers.widgets.activation_explorer import ActivationExplorer
from helpers.widgets.dashboard import TrainingDashboard
from helpers.widgets.graph_stepper import GraphStepper
from helpers.widgets.network_stepper import NetworkStepper
from helpers.widgets.unrolled_stepper import UnrolledStepper
from helpers.experiments.recurrent import unrolled_rnn
from helpers.widgets.neuron_explorer import NeuronExplorer


def _rss_mib():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def _n_widgets():
    """How many widgets ipywidgets keeps open (its registry; Widget.widgets is the deprecated name)."""
    from ipywidgets.widgets.widget import _instances
    return len(_instances)


def _make_stepper():
    return NetworkStepper(MLP([5, 8, 6, 3], seed=0), np.linspace(0.1, 0.5, 5), [0.9, 0.1, 0.8])


def test_twenty_dropped_network_steppers_do_not_grow_the_kernel():
    """Each stepper held ~11.5 MiB before it was freed on drop; 20 kept alive would add ~230 MiB."""
    for _ in range(3):                                    # warm up caches (fonts, mathtext)
        _make_stepper().go(10)
    gc.collect()
    before, widgets_before = _rss_mib(), _n_widgets()
    for _ in range(20):
        s = _make_stepper()
        s.go(10)
        del s                                             # freed at once (refcount): no callback holds it
        gc.collect()                                      # the figure's own reference cycles
    grown = _rss_mib() - before
    assert grown < 20, f"RSS grew by {grown:.1f} MiB for 20 dropped steppers"
    assert _n_widgets() == widgets_before, "dropped steppers left widgets open"
    assert plt.get_fignums() == []


def test_close_frees_figure_and_widgets_of_every_panel():
    makers = [_make_stepper, lambda: GraphStepper(sigmoid_neuron(x=1.5, w=0.8, t=0.2)["E"]),
              lambda: UnrolledStepper(unrolled_rnn([1.0, -0.5], w=0.7, u=1.2, t=0.5)),
              NeuronExplorer, ActivationExplorer, lambda: TrainingDashboard(n_samples=40)]
    for make in makers:
        gc.collect()
        n = _n_widgets()
        panel = make()
        assert _n_widgets() > n
        fig = getattr(getattr(panel, "view", None), "fig", None)      # the browser steppers draw no figure
        panel.close()
        assert _n_widgets() == n, f"{type(panel).__name__}.close() left widgets open"
        assert fig is None or fig.axes == [], f"{type(panel).__name__}.close() kept its figure's contents"
        panel.close()                                     # closing twice is harmless
