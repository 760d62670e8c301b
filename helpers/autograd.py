"""A tiny scalar autograd engine: a ``Value`` remembers how it was made, so it can send
gradients back to the values it was made from.

    >>> from helpers.autograd import Value
    >>> w, x = Value(0.8, "w"), Value(1.5, "x")
    >>> y = (w * x).sigmoid()        # each result remembers its inputs and local derivatives
    >>> y.backward()                 # fills .grad of every value y depends on
    >>> round(w.grad, 4)             # dy/dw = σ(z)·(1 − σ(z))·x
    0.2668

Backpropagation is one rule, applied from the output back to the inputs (the chain rule):
``input.grad += local derivative × output.grad``.  It *adds*, so a value used twice gets the
sum of its two gradients; the flip side is that a second ``backward()`` on the same graph
adds again: reset with ``zero_grad`` first (PyTorch behaves the same).
"""
import math

from ._checks import ArgumentTypeError, check_real
from .symbolic import sigmoid as _sigmoid


class Value:
    """One number in a computation, with its gradient ``grad`` = ∂(output)/∂(this value)."""

    __slots__ = ("data", "grad", "label", "_prev", "_local", "_op", "_const")

    def __init__(self, data, label="", _prev=(), _local=(), _op=""):
        if isinstance(data, Value):
            raise ArgumentTypeError("data must be a plain number, got a Value (use the Value itself instead)")
        if not isinstance(label, str):
            raise ArgumentTypeError(f"label must be a string, got {label!r}")
        self.data = check_real(data, "data", what="a finite real number")
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_prev)      # the values this one was computed from
        self._local = tuple(_local)    # ∂self/∂prev[i], one number per input
        self._op = _op                 # how it was made: '+', '*', 'exp', ... ('' for an input)
        self._const = False            # a constant: a plain number wrapped by an operation (2 in 2 * v),
                                       # or data such as sigmoid_neuron's target; it gets no backward step

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ------------------------------------------------------------ building blocks
    @staticmethod
    def _wrap(other):
        if isinstance(other, Value):
            return other
        check_real(other, "the other operand", what="a Value or a finite real number")
        const = Value(other, label=f"{other:g}")
        const._const = True
        return const

    def _make(self, data, prev, local, op):
        if not math.isfinite(data):
            raise ValueError(f"the result of {op} is {data} (not a finite number); "
                             f"inputs were {[p.data for p in prev]}")
        if not all(math.isfinite(d) for d in local):
            raise ValueError(f"the derivative of {op} at {[p.data for p in prev]} is not a finite number")
        return Value(data, "", prev, local, op)

    # ------------------------------------------------------------ arithmetic
    def __add__(self, other):
        other = self._wrap(other)
        return self._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = self._wrap(other)
        return self._make(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        other = self._wrap(other)
        return self._make(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        other = self._wrap(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division by a Value equal to 0 ({other!r})")
        a, b = self.data, other.data
        return self._make(a / b, (self, other), (1.0 / b, -a / b ** 2), "/")

    def __neg__(self):
        return self._make(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, c):
        if isinstance(c, Value):
            raise ArgumentTypeError(f"the exponent must be a constant number (int or float), got {c!r}")
        check_real(c, "the exponent", what="a constant finite number (int or float)")
        a = self.data
        if a == 0 and c < 1:
            raise ValueError(f"0 ** {c} has no finite derivative")
        if a < 0 and not float(c).is_integer():
            raise ValueError(f"a negative number ({a}) to a non-integer power ({c}) is not real")
        return self._make(_finite_or_inf(lambda: a ** c), (self,), (_finite_or_inf(lambda: c * a ** (c - 1)),),
                          f"**{c:g}")

    # reflected operators: 2 * v, 1 - v, 1 / v, ... where the left operand is a plain number
    def __radd__(self, other):
        return self._wrap(other) + self

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rmul__(self, other):
        return self._wrap(other) * self

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    # ------------------------------------------------------------ functions
    def exp(self):
        e = _finite_or_inf(lambda: math.exp(self.data))                # inf above about 709.78
        return self._make(e, (self,), (e,), "exp")                       # (e^a)' = e^a

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, got {self.data}")
        return self._make(math.log(self.data), (self,), (1.0 / self.data,), "log")   # (ln a)' = 1/a

    def tanh(self):
        th = math.tanh(self.data)
        return self._make(th, (self,), (1.0 - th ** 2,), "tanh")          # tanh' = 1 − tanh²

    def sigmoid(self):
        s = _sigmoid(self.data)
        return self._make(s, (self,), (s * (1.0 - s),), "σ")              # σ' = σ·(1 − σ)

    def relu(self):
        return self._make(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    def max(self, other):
        """max(a, b): the gradient goes to the larger input only (to a on a tie)."""
        other = self._wrap(other)
        first = self.data >= other.data
        return self._make(max(self.data, other.data), (self, other),
                          (1.0, 0.0) if first else (0.0, 1.0), "max")

    def half_squared_error(self, t):
        """E = ½(t − y)² with y = this value, as ONE node (so a drawing shows y → E)."""
        t = self._wrap(t)
        d = t.data - self.data
        return self._make(0.5 * d * d, (self, t), (-d, d), "½(t−y)²")     # ∂E/∂y = −(t − y)

    # ------------------------------------------------------------ backpropagation
    def backward(self):
        """Fill ``.grad`` of every value this one depends on with ∂self/∂value (accumulating)."""
        order = topological_order(self)
        self.grad += 1.0                          # dself/dself = 1
        for node in reversed(order):              # outputs before the values they came from
            for child, local in zip(node._prev, node._local):
                child.grad += local * node.grad   # the chain rule, one edge at a time


def topological_order(root, last_input_first=False):
    """Every value ``root`` depends on, each after all of its inputs (root last).

    Iterative depth-first search with an explicit stack, so a chain of any length works
    (a recursive version would hit Python's recursion limit near 1,000 nodes).
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))                # come back to it after its inputs
        for child in (node._prev if last_input_first else reversed(node._prev)):
            if id(child) not in seen:
                stack.append((child, False))
    return order


def zero_grad(values):
    """Set ``.grad = 0`` before a fresh ``backward()``.

    ``values`` is a list of Values (for example a model's parameters), or one Value:
    then every value of its graph is reset.
    """
    if isinstance(values, Value):
        values = topological_order(values)
    for v in values:
        if not isinstance(v, Value):
            raise TypeError(f"values must all be Value objects, got {type(v).__name__}")
        v.grad = 0.0


def _finite_or_inf(compute):
    """compute(), or inf where Python's float arithmetic overflows (``_make`` then says so)."""
    try:
        return compute()
    except OverflowError:
        return math.inf
