"""The one sigmoid neuron, derived factor by factor (SymPy) and evaluated (plain numbers).

    z = w·x + b,   y = σ(z),   E = ½(t − y)²
    dE/dw = dE/dy · dy/dz · dz/dw = −(t − y) · y(1 − y) · x

``neuron_derivation`` builds the SymPy expressions; ``neuron_numbers`` gives the same
quantities as floats (no SymPy needed), which the drawings and widgets use.
SymPy is imported inside the functions, so importing this module stays cheap.
"""
import math

from ._checks import ArgumentTypeError, check_real


def neuron_derivation(bias=False):
    """SymPy symbols and expressions of the one-neuron derivation, in a dict.

    Keys: the symbols ``x, w, t`` (and ``b``), the symbol ``z`` standing for the weighted
    input; ``z_expr`` (w·x [+ b]), ``y`` (σ of z_expr), ``E``; the factors ``dE_dy``,
    ``dy_dz``, ``dz_dw`` (and ``dz_db``) each written in terms of x, w, t, b; their
    products ``chain_w`` (and ``chain_b``); and ``diff_w`` = sympy.diff(E, w) (and ``diff_b``).
    """
    import sympy as sp
    if not isinstance(bias, bool):
        raise ArgumentTypeError(f"bias must be True or False, got {bias!r}")
    x, w, t, b, z = sp.symbols("x w t b z", real=True)
    z_expr = w * x + b if bias else w * x
    sigma = 1 / (1 + sp.exp(-z))                      # σ(z)
    y_of_z = sigma
    y = sigma.subs(z, z_expr)
    Y = sp.Symbol("y", real=True)                     # y as a plain symbol, for dE/dy
    E_of_y = sp.Rational(1, 2) * (t - Y) ** 2
    out = dict(x=x, w=w, t=t, z=z, Y=Y, z_expr=z_expr, y=y, E_of_y=E_of_y,
               E=E_of_y.subs(Y, y), sigma=sigma)
    out["dE_dy"] = sp.diff(E_of_y, Y).subs(Y, y)                      # −(t − y)
    out["dy_dz"] = sp.diff(y_of_z, z).subs(z, z_expr)                 # σ'(z)
    out["dz_dw"] = sp.diff(z_expr, w)                                 # x
    out["chain_w"] = out["dE_dy"] * out["dy_dz"] * out["dz_dw"]
    out["diff_w"] = sp.diff(out["E"], w)
    if bias:
        out["b"] = b
        out["dz_db"] = sp.diff(z_expr, b)                             # 1
        out["chain_b"] = out["dE_dy"] * out["dy_dz"] * out["dz_db"]
        out["diff_b"] = sp.diff(out["E"], b)
    return out


def sigmoid(z):
    """σ(z) = 1/(1 + e^(−z)) for one float, without overflow."""
    if not (isinstance(z, float) and math.isinf(z)):             # ±inf give 1 and 0
        z = check_real(z, "z", what="a number")
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def neuron_numbers(x, t, w, b=0.0, lr=None):
    """Every number of one forward and backward pass of the neuron, as a dict of floats.

    Keys: x, t, w, b, z, y, E, dE_dy, dy_dz, dz_dw, dz_db, dE_dw, dE_db;
    with ``lr`` (the learning rate η) also lr, w_new (= w − η·dE/dw) and E_new (the error at w_new, same b).
    """
    x, t, w, b = (check_real(v, n) for v, n in ((x, "x"), (t, "t"), (w, "w"), (b, "b")))
    z = w * x + b
    y = sigmoid(z)
    out = dict(x=x, t=t, w=w, b=b, z=z, y=y, E=0.5 * (t - y) ** 2,
               dE_dy=-(t - y), dy_dz=y * (1 - y), dz_dw=x, dz_db=1.0)
    out["dE_dw"] = out["dE_dy"] * out["dy_dz"] * out["dz_dw"]
    out["dE_db"] = out["dE_dy"] * out["dy_dz"] * out["dz_db"]
    if lr is not None:
        out["lr"] = check_real(lr, "lr (the learning rate η)")
        out["w_new"] = w - out["lr"] * out["dE_dw"]
        out["E_new"] = 0.5 * (t - sigmoid(out["w_new"] * x + b)) ** 2
    return out


def neuron_error(w, x, t, b=0.0):
    """E(w) = ½(t − σ(w·x + b))² for an array (or number) of weights w (uses NumPy)."""
    from ._checks import check_array
    from .activations import sigmoid as np_sigmoid
    x, t, b = (check_real(v, n) for v, n in ((x, "x"), (t, "t"), (b, "b")))
    return 0.5 * (t - np_sigmoid(check_array(w, "w") * x + b)) ** 2
