"""The scalar autograd engine: every op against central differences and SymPy, reused
nodes, a 10,000-node chain, and the accumulate / reset semantics of ``grad``."""
import math

import pytest
import sympy as sp

from helpers.autograd import Value, topological_order, zero_grad

from helpers.steps.graph import sigmoid_neuron
from helpers.nn import MLP

a_s, b_s = sp.symbols("a b", real=True)

# (name, engine function, SymPy function, a, b): positive, non-kink inputs
BINARY = [
    ("add", lambda a, b: a + b, lambda a, b: a + b),
    ("sub", lambda a, b: a - b, lambda a, b: a - b),
    ("mul", lambda a, b: a * b, lambda a, b: a * b),
    ("div", lambda a, b: a / b, lambda a, b: a / b),
    ("radd", lambda a, b: 3 + a * b, lambda a, b: 3 + a * b),
    ("rsub", lambda a, b: 2 - a * b, lambda a, b: 2 - a * b),
    ("rmul", lambda a, b: 2.5 * a + b, lambda a, b: sp.Rational(5, 2) * a + b),
    ("rdiv", lambda a, b: 1 / (a + b), lambda a, b: 1 / (a + b)),
    ("neg", lambda a, b: -a * b, lambda a, b: -a * b),
    ("pow", lambda a, b: a ** 3 + b ** -1.5, lambda a, b: a ** 3 + b ** sp.Rational(-3, 2)),
    ("exp", lambda a, b: (a * b).exp(), lambda a, b: sp.exp(a * b)),
    ("log", lambda a, b: (a + b).log(), lambda a, b: sp.log(a + b)),
    ("tanh", lambda a, b: (a - b).tanh(), lambda a, b: sp.tanh(a - b)),
    ("sigmoid", lambda a, b: (a * b).sigmoid(), lambda a, b: 1 / (1 + sp.exp(-a * b))),
    ("relu", lambda a, b: (a - b).relu() + (b - a).relu(), lambda a, b: sp.Abs(a - b)),
    ("max", lambda a, b: a.max(b) * b, lambda a, b: sp.Max(a, b) * b),
    ("half_sq", lambda a, b: a.half_squared_error(b), lambda a, b: (b - a) ** 2 / 2),
]
POINTS = [(0.7, 1.3), (1.9, 0.4), (0.25, 2.2)]


def engine_grads(fn, a, b):
    A, B = Value(a, "a"), Value(b, "b")
    out = fn(A, B)
    out.backward()
    return out.data, A.grad, B.grad


def central(fn, a, b, h=1e-6):
    f = lambda a, b: fn(Value(a), Value(b)).data
    return (f(a + h, b) - f(a - h, b)) / (2 * h), (f(a, b + h) - f(a, b - h)) / (2 * h)


@pytest.mark.parametrize("name, fn, sym", BINARY, ids=[row[0] for row in BINARY])
@pytest.mark.parametrize("a, b", POINTS)
def test_each_op_matches_sympy_and_central_differences(name, fn, sym, a, b):
    data, ga, gb = engine_grads(fn, a, b)
    expr = sym(a_s, b_s)
    at = {a_s: a, b_s: b}
    assert data == pytest.approx(float(expr.subs(at)), rel=1e-12)
    assert ga == pytest.approx(float(sp.diff(expr, a_s).subs(at)), rel=1e-10, abs=1e-12)
    assert gb == pytest.approx(float(sp.diff(expr, b_s).subs(at)), rel=1e-10, abs=1e-12)
    na, nb = central(fn, a, b)
    assert ga == pytest.approx(na, rel=1e-6, abs=1e-8)
    assert gb == pytest.approx(nb, rel=1e-6, abs=1e-8)


def test_gate_patterns():
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    f = (x + y) * z
    f.backward()
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)     # add copies, multiply swaps
    a, b = Value(1.0), Value(4.0)
    m = a.max(b) * 3.0
    m.backward()
    assert (a.grad, b.grad) == (0.0, 3.0)                     # max routes to the larger input


def test_reused_node_gets_the_sum_of_its_gradients():
    a = Value(3.0, "a")
    b = a * a                        # one node, both inputs the same value
    c = a + a + a
    (b + c).backward()
    assert a.grad == pytest.approx(2 * 3.0 + 3)
    x = Value(0.6)
    y = x.tanh()
    out = y * y.exp() + y            # y used three times
    out.backward()
    th = math.tanh(0.6)
    assert x.grad == pytest.approx((math.exp(th) * (1 + th) + 1) * (1 - th ** 2), rel=1e-12)


def test_ten_thousand_node_chain_has_no_recursion_limit():
    x = Value(1.0, "x")
    v = x
    for _ in range(10_000):
        v = v * 1.0001 + 0.0001
    v.backward()
    assert x.grad == pytest.approx(1.0001 ** 10_000, rel=1e-9)
    assert len(topological_order(v)) == 1 + 10_000 * 4      # x, and per link: two constants, two ops


def test_topological_order_puts_inputs_first():
    n = sigmoid_neuron(1.5, 0.8, b=0.1, t=0.2)
    order = topological_order(n["E"])
    pos = {id(v): i for i, v in enumerate(order)}
    assert order[-1] is n["E"] and len(order) == len(pos)
    for v in order:
        assert all(pos[id(c)] < pos[id(v)] for c in v.inputs)


def test_backward_accumulates_and_zero_grad_resets():
    w, x = Value(0.8, "w"), Value(1.5, "x")
    y = (w * x).sigmoid()
    y.backward()
    first = w.grad
    y.backward()                     # same graph again: every gradient adds up (output's too)
    assert y.grad == 2.0 and w.grad == pytest.approx(4 * first)  # interior nodes carry 2× twice
    zero_grad([w, x])
    assert w.grad == 0 and x.grad == 0
    y.backward()
    assert w.grad != pytest.approx(first)       # stale interior grads spoil it ...
    zero_grad(y)                                # ... unless the whole graph is reset
    y.backward()
    assert w.grad == pytest.approx(first) and y.grad == 1.0
    zero_grad([w, x])
    y2 = (w * x).sigmoid()           # a fresh graph: new interior nodes start at 0
    y2.backward()
    assert w.grad == pytest.approx(first)


def test_bad_input_raises_clear_errors():
    with pytest.raises(TypeError, match="data must be a finite real number"):
        Value("3")
    with pytest.raises(TypeError, match="exponent must be a constant"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match="other operand must be a Value or"):
        Value(1.0) + "x"
    with pytest.raises(ValueError, match="log needs a positive"):
        Value(-1.0).log()
    with pytest.raises(ZeroDivisionError, match="equal to 0"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ValueError, match="not a finite number"):
        Value(1000.0).exp()
    with pytest.raises(TypeError, match="values must all be Value"):
        zero_grad([1.0])


def test_engine_trains_one_neuron_like_mlp():
    x, t, w0, b0, lr = 1.5, 0.2, 0.8, 0.1, 2.0
    net = MLP.from_params([[[w0]]], [[b0]], activation="sigmoid", output_activation="sigmoid")
    w, b = w0, b0
    for _ in range(5):
        n = sigmoid_neuron(x, w, b=b, t=t)
        n["E"].backward()
        loss = net.step([x], [t], lr)
        assert n["E"].data == pytest.approx(loss, rel=1e-12)
        w, b = w - lr * n["w"].grad, b - lr * n["b"].grad
        assert net.weights[0][0, 0] == pytest.approx(w, rel=1e-12)
        assert net.biases[0][0] == pytest.approx(b, rel=1e-12)


def test_exp_and_pow_overflow_exactly_where_floats_do():
    assert Value(709.5).exp().data == pytest.approx(math.exp(709.5))    # used to become inf above 700
    with pytest.raises(ValueError, match="result of exp is inf"):
        Value(709.8).exp()
    with pytest.raises(ValueError, match=r"result of \*\*2 is inf \(not a finite number\)"):
        Value(1e200) ** 2                      # used to be a raw OverflowError
    with pytest.raises(ValueError, match=r"derivative of \*\*-1 at \[1e-200\] is not a finite number"):
        Value(1e-200) ** -1


def test_sigmoid_is_the_shared_one():
    from helpers.symbolic import sigmoid
    for z in (-800.0, -3.0, 0.0, 2.5, 800.0):
        y = Value(z).sigmoid()
        assert y.data == sigmoid(z) and y.local_derivatives[0] == pytest.approx(sigmoid(z) * (1 - sigmoid(z)))


def test_a_node_shows_how_it_was_made_read_only():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    p = a * b
    assert (p.op, p.inputs, p.local_derivatives, p.is_constant) == ("*", (a, b), (-3.0, 2.0), False)
    assert (a.op, a.inputs, a.local_derivatives) == ("", (), ())
    two = (2 * a).inputs[0]                       # a plain number becomes a constant Value
    assert two.is_constant and two.label == "2" and two.data == 2.0
    assert Value(0.5, "t", constant=True).is_constant
    for name in ("op", "inputs", "local_derivatives", "is_constant"):
        with pytest.raises(AttributeError):
            setattr(p, name, None)


def test_more_bad_input_is_refused_clearly():
    with pytest.raises(TypeError, match="data must be a finite real number, got Value"):
        Value(Value(1.0))
    with pytest.raises(TypeError, match="constant must be True or False"):
        Value(1.0, constant="yes")
    with pytest.raises(ValueError, match=r"derivative of / at \[1.0, 1e-200\] is not a finite number"):
        Value(1.0) / Value(1e-200)                # -a/b² overflows (it used to divide by b² = 0)
    with pytest.raises(ValueError, match=r"\(0\) \*\* -1 is not a real number"):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match=r"\(-2\) \*\* 0.5 is not a real number"):
        Value(-2.0) ** 0.5
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(3.0)


def test_the_engine_reads_in_one_sitting():
    """Notebook 02 sends learners to read helpers/autograd.py top to bottom; the README says 150 lines."""
    import helpers.autograd as engine
    with open(engine.__file__, encoding="utf-8") as f:
        n_lines = len(f.read().splitlines())
    assert n_lines <= 150, f"helpers/autograd.py has {n_lines} lines; notebook 02 and the README promise a short read"
