"""A notebook as one HTML page that needs no network: figures embedded, formulas as MathML.

    python -m helpers.handout notebooks/06_two_hidden_layers.ipynb [--no-input] [--output-dir handouts]

nbconvert's own page typesets formulas with MathJax fetched from a CDN, so offline they show as
LaTeX source. Here every ``$…$`` and ``$$…$$`` of the prose is turned into MathML before the page
is written (browsers draw MathML themselves), and no script is loaded from anywhere.
"""
import argparse
import re
from pathlib import Path

MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.S)
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)          # code is left exactly as written
REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>"     # loaded from a CDN
                           r"|<script[^>]*>(?:(?!</script>).)*https?://(?:(?!</script>).)*</script>", re.S)  # or importing from one
MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def markdown_with_mathml(text):
    """The markdown ``text`` with each formula replaced by MathML (inline or display)."""
    from latex2mathml.converter import convert

    def formula(m):
        if m.group(1) is not None:
            return "\n\n" + convert(m.group(1).strip(), display="block") + "\n\n"
        return convert(m.group(2).strip())

    parts = CODE.split(text)
    return "".join(p if i % 2 else MATH.sub(formula, p) for i, p in enumerate(parts))


def make_handout(notebook, output_dir="handouts", no_input=False):
    """Write ``output_dir/<name>.html`` for ``notebook`` and return its path."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = Path(notebook)
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        raise ValueError(f"notebook must be an existing .ipynb file, got {str(notebook)!r}")
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = markdown_with_mathml(cell.source)
    exporter = HTMLExporter(exclude_input=bool(no_input), exclude_input_prompt=bool(no_input),
                            exclude_output_prompt=bool(no_input))
    page, _ = exporter.from_notebook_node(nb)
    page = REMOTE_SCRIPT.sub("", MATHJAX_BLOCK.sub("", page))
    out = Path(output_dir) / (notebook.stem + ".html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="the .ipynb files")
    parser.add_argument("--output-dir", default="handouts")
    parser.add_argument("--no-input", action="store_true", help="leave the code out: prose, figures and results")
    args = parser.parse_args(argv)
    for nb in args.notebooks:
        print(make_handout(nb, args.output_dir, args.no_input))


if __name__ == "__main__":
    main()
