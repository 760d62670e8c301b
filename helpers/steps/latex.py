"""Numbers written into the LaTeX of the steppers' equations (shared by trace and graph drawing)."""


def num(v):
    """A number with 4 significant digits; 3.3e-06 becomes 3.3 \\times 10^{-6}."""
    s = f"{float(v) + 0.0:.4g}"           # + 0.0 turns −0.0 (a ReLU's δ) into 0
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return s


def operand(v):
    """Like num, with a negative number in parentheses, as it appears inside a product or sum."""
    return f"({num(v)})" if v < 0 else num(v)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def plain(v):
    """The number ``num`` writes, as plain text: the same 4 significant digits, a real minus
    sign and 3.3×10⁻⁶. The steppers print node values and edge labels with it, so a node and
    the equation that computed it show the same digits."""
    s = f"{float(v) + 0.0:.4g}"                 # + 0.0: a −0.0 (a ReLU's δ) shows as 0
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = f"{mantissa}×10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return s.replace("-", "\u2212")
