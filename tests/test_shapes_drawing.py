"""The shapes figure of notebook 05: every array a rectangle of its true rows × columns."""
import matplotlib
import pytest

matplotlib.use("Agg")

from helpers.draw.shapes import draw_product, shapes_figure  # noqa: E402


def _rects(sizes, batch):
    return {(i, p.get_gid()): (p.get_height(), p.get_width())
            for i, part in enumerate(("one sample", "batch"))
            for p in shapes_figure(sizes, batch, part=part).axes[0].patches}


def test_every_rectangle_has_the_shape_of_its_array():
    sizes, B = [5, 8, 6, 3], 4
    rects = _rects(sizes, B)
    for l in range(1, 4):
        n_in, n = sizes[l - 1], sizes[l]
        assert rects[(0, f"$W^{{{l}}}$")] == (n, n_in)                     # one sample: W^l is n_l × n_(l-1)
        assert rects[(0, f"$z^{{{l}}}$")] == (n, 1)
        assert rects[(0, f"$\\delta^{{{l}}}$")] == (n, 1)
        assert rects[(1, f"$Z^{{{l}}}$")] == (B, n)                        # batch: one sample per row
        assert rects[(1, f"$(W^{{{l}}})^\\top$")] == (n_in, n)
        assert rects[(1, f"$\\partial E/\\partial W^{{{l}}}$")] == (n, n_in)
        assert rects[(1, f"$(\\Delta^{{{l}}})^\\top$")] == (n, B)
    for l in (1, 2):
        assert rects[(0, f"$(W^{{{l + 1}}})^\\top$")] == (sizes[l], sizes[l + 1])


def test_draw_product_returns_where_it_ends_and_checks_terms():
    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    end = draw_product(ax, 0, 0, [("$A$", 2, 3, "a"), "=", ("$B$", 3, 1, "W")], gap=1)
    assert end > 3 + 1 + 1
    with pytest.raises(ValueError, match="kind"):
        draw_product(ax, 0, 0, [("$A$", 2, 3, "nonsense")])
    with pytest.raises(ValueError, match="rows of"):
        draw_product(ax, 0, 0, [("$A$", 0, 3, "a")])


@pytest.mark.parametrize("sizes, batch, part, match", [([5], 4, "batch", "sizes"), ([5, 0, 3], 4, "batch", "sizes"),
                                                       ([5, 3], 0, "batch", "batch"), ([5, 3], 2.5, "batch", "batch"),
                                                       ([5, 3], 2, "rows", "part")])
def test_shapes_figure_rejects_bad_input(sizes, batch, part, match):
    with pytest.raises(ValueError, match=match):
        shapes_figure(sizes, batch, part=part)
