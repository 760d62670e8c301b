"""Draw docs/stepper.png, the README's picture, with the network stepper's static twin.

    .venv/bin/python docs/make_stepper_png.py

The network, sample and learning rate are notebook 06's (5-8-6-3, sigmoid, seed 1).  The
step shown is the first error signal of hidden layer 2 (the backward pass reaching a
hidden layer), drawn by ``helpers.draw.network.render_step`` exactly as the stepper
shows it.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from helpers.draw import use_style  # noqa: E402
from helpers.draw.network import render_step  # noqa: E402
from helpers.nn import MLP  # noqa: E402
from helpers.steps.trace import trace  # noqa: E402

OUT = Path(__file__).resolve().parent / "stepper.png"


def main():
    use_style()
    net = MLP([5, 8, 6, 3], activation="sigmoid", seed=1)
    tr = trace(net, [0.5, 0.2, 0.8, 0.3, 0.6], [0.9, 0.1, 0.8], lr=0.5)
    k = next(k for k in range(1, len(tr) + 1)
             if tr.current(k).phase == "backward" and tr.current(k).layer == 2)
    fig = render_step(tr, k)
    fig.savefig(OUT, dpi=80)
    plt.close(fig)
    print(f"wrote {OUT.name}: step {k} of {len(tr)} ({tr.current(k).phase})")


if __name__ == "__main__":
    main()
