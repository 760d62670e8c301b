"""A tiny scalar autograd engine: a ``Value`` remembers how it was made, so ``backward()`` can send
gradients from the output back to the inputs with one rule, the chain rule: ``input.grad += local
derivative × output.grad``.  It *adds*: a value used twice gets the sum of its two gradients, and a
second ``backward()`` adds again (reset with ``zero_grad`` first, as in PyTorch).
"""
import math

from ._checks import check_instance, check_real
from .symbolic import sigmoid as _sigmoid


class Value:
    """One number in a computation, with its gradient ``grad`` = ∂(output)/∂(this value)."""

    __slots__ = ("data", "grad", "label", "_prev", "_local", "_op", "_const")

    def __init__(self, data, label="", constant=False, _prev=(), _local=(), _op=""):
        self.data, self.grad = check_real(data, "data", what="a finite real number"), 0.0
        self.label = check_instance(label, str, "label", "a string")
        self._const = check_instance(constant, bool, "constant", "True or False")
        self._prev, self._local, self._op = tuple(_prev), tuple(_local), _op   # how it was made

    # what a node remembers, read-only: the steppers and drawings read these
    op = property(lambda self: self._op, doc="How it was made: '+', '*', 'exp', ... ('' for an input).")
    inputs = property(lambda self: self._prev, doc="The Values it was computed from.")
    local_derivatives = property(lambda self: self._local, doc="∂self/∂inputs[i], one number per input.")
    is_constant = property(lambda self: self._const, doc="Data (a target, the 2 in 2 * v): no backward step.")

    def __repr__(self):
        return f"Value({self.label + '=' if self.label else ''}{self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _wrap(other):
        """other if it is a Value, else a constant Value holding the plain number (the 2 in 2 * v)."""
        if isinstance(other, Value):
            return other
        other = check_real(other, "the other operand", what="a Value or a finite real number")
        return Value(other, f"{other:g}", constant=True)

    def _make(self, data, prev, local, op):
        """The result of operation ``op``; a result or derivative that is not finite is refused."""
        inputs = [p.data for p in prev]
        if not math.isfinite(data):
            raise ValueError(f"the result of {op} is {data} (not a finite number); inputs were {inputs}")
        if not all(map(math.isfinite, local)):
            raise ValueError(f"the derivative of {op} at {inputs} is not a finite number")
        return Value(data, "", False, prev, local, op)

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
        return self._make(a / b, (self, other), (1.0 / b, -a / b / b), "/")

    def __neg__(self):
        return self._make(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, c):
        c, a = check_real(c, "the exponent", what="a constant finite number (int or float)"), self.data
        if (a == 0 and c < 1) or (a < 0 and not c.is_integer()):
            raise ValueError(f"({a:g}) ** {c:g} is not a real number with a finite derivative")
        return self._make(_or_inf(pow, a, c), (self,), (c * _or_inf(pow, a, c - 1),), f"**{c:g}")

    # reflected operators: 2 * v, 1 - v, 1 / v, ... where the left operand is a plain number
    __radd__ = lambda self, other: self._wrap(other) + self
    __rsub__ = lambda self, other: self._wrap(other) - self
    __rmul__ = lambda self, other: self._wrap(other) * self
    __rtruediv__ = lambda self, other: self._wrap(other) / self

    def exp(self):
        e = _or_inf(math.exp, self.data)                                # inf above about 709.78
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
        other = self._wrap(other)
        first = self.data >= other.data            # the gradient goes to the larger input (a on a tie)
        return self._make(max(self.data, other.data), (self, other), (1.0, 0.0) if first else (0.0, 1.0), "max")

    def half_squared_error(self, t):
        """E = ½(t − y)² with y = this value, as ONE node (so a drawing shows y → E)."""
        t = self._wrap(t)
        d = t.data - self.data
        return self._make(0.5 * d * d, (self, t), (-d, d), "½(t−y)²")     # ∂E/∂y = −(t − y)

    def backward(self):
        """Fill ``.grad`` of every value this one depends on with ∂self/∂value (accumulating)."""
        order = topological_order(self)
        self.grad += 1.0                          # dself/dself = 1
        for node in reversed(order):              # outputs before the values they came from
            for child, local in zip(node._prev, node._local):
                child.grad += local * node.grad   # the chain rule, one edge at a time


def topological_order(root, last_input_first=False):
    """Every value ``root`` depends on, each after its inputs (root last); a loop, not recursion."""
    check_instance(root, Value, "root")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))                # come back to it after its inputs
            stack += [(p, False) for p in (node._prev if last_input_first else node._prev[::-1]) if id(p) not in seen]
    return order


def zero_grad(values):
    """Set ``.grad = 0`` on a list of Values (a model's parameters) or on all of one Value's graph."""
    for v in topological_order(values) if isinstance(values, Value) else values:
        if not isinstance(v, Value):
            raise TypeError(f"values must all be Value objects, got {type(v).__name__}")
        v.grad = 0.0


def _or_inf(f, *args):                 # f(*args), or inf where float arithmetic overflows (_make says so)
    try:
        return f(*args)
    except OverflowError:
        return math.inf
