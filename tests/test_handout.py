"""helpers.handout: a notebook as one page whose formulas need no network (no MathJax, no CDN)."""
import re

import pytest

from browser_support import ROOT
from helpers.handout import make_handout, markdown_with_mathml


def test_formulas_become_mathml_and_code_stays_as_written():
    text = "Inline $z = w x$, display $$E = \\tfrac12 (t - y)^2$$ and code `price = $5 and $6`."
    out = markdown_with_mathml(text)
    assert out.count("<math") == 2 and 'display="block"' in out
    assert "`price = $5 and $6`" in out and "$z" not in out and "$$" not in out


@pytest.mark.parametrize("no_input", [False, True])
def test_a_handout_loads_nothing_from_the_network(tmp_path, no_input):
    page = make_handout(ROOT / "notebooks" / "05_matrix_form.ipynb", tmp_path, no_input=no_input).read_text()
    assert page.count("<math") > 50
    assert "mathjax" not in page.lower()
    scripts = re.findall(r"<script\b[^>]*>.*?</script>", page, re.S)
    assert not [s for s in scripts if re.search(r"https?://", s)], "a script still loads from the network"
    assert ('<span class="n">use_style</span>' in page) != no_input     # --no-input leaves the code out


def test_bad_notebook_argument(tmp_path):
    with pytest.raises(ValueError, match="notebook must be an existing .ipynb file, got"):
        make_handout(tmp_path / "missing.ipynb", tmp_path)
