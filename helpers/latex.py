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
