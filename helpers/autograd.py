"""A tiny scalar autograd engine: a ``Value`` remembers how it was made, so it can send
gradients back to the values it was made from.

    >>> from helpers.autograd import Value
    >>> w, x = Value(0.8, "w"), Value(1.5, "x")
    >>> z = w * x                    # z remembers: made by '*' from (w, x)
    >>> y = z.sigmoid()
    >>> y.backward()                 # fills .grad of every value y depends on
    >>> round(w.grad, 4)             # dy/dw = σ(z)·(1 − σ(z))·x
    0.2668

Every operation stores, next to its result, the *local derivative* of the result with
respect to each input (``_local``).  Backpropagation is then one rule, applied to every
node from the output back to the inputs (the chain rule):

    input.grad += local derivative × output.grad

Gradients accumulate
--------------------
``backward()`` *adds* to ``.grad`` (it never overwrites).  Inside one call this is what
makes a value used twice get the sum of its two gradients (the multivariable chain
rule).  Across calls it means a second ``backward()`` on the same graph gives wrong
numbers (the output's grad becomes 2, interior nodes keep their old grads and add more).
So before each new gradient computation reset: ``zero_grad(output)`` zeroes a whole
graph, ``zero_grad(params)`` a list; or build a fresh graph (new nodes start at 0) and
zero just the parameters you reuse.  This is exactly how PyTorch behaves too.
``backward()`` itself sets only the output's own gradient: ``dE/dE = 1``.
"""
import math
import numbers

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
        try:
            data = a ** c
        except OverflowError:              # too large for a float: _make reports it clearly
            data = math.inf
        try:
            local = c * a ** (c - 1)
        except OverflowError:
            local = math.inf
        if math.isfinite(data) and not math.isfinite(local):
            raise ValueError(f"the derivative of **{c:g} at {a} is {local} (not a finite number)")
        return self._make(data, (self,), (local,), f"**{c:g}")

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
        try:
            e = math.exp(self.data)
        except OverflowError:              # above about 709.78: _make reports it clearly
            e = math.inf
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


def topological_order(root, _last_input_first=False):
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
        for child in (node._prev if _last_input_first else reversed(node._prev)):
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


def sigmoid_neuron(x, w, b=None, t=None):
    """The one-neuron graph: z = w·x (+ b), y = σ(z), and E = ½(t − y)² when t is given.

    Plain numbers become labelled Values. A target given as a plain number is a constant
    (like the 2 in ``2 * v``): it is data, never learned, so ``backprop_steps`` gives it no
    backward step.  Returns a dict of the Values by name.
    """
    nodes = {name: (v if isinstance(v, Value) else Value(v, name))
             for name, v in (("x", x), ("w", w), ("b", b), ("t", t)) if v is not None}
    if t is not None and not isinstance(t, Value):
        nodes["t"]._const = True
    z = nodes["w"] * nodes["x"]
    if "b" in nodes:
        z = z + nodes["b"]
    z.label = "z"
    y = z.sigmoid()
    y.label = "y"
    nodes.update(z=z, y=y)
    if "t" in nodes:
        E = y.half_squared_error(nodes["t"])
        E.label = "E"
        nodes["E"] = E
    return nodes


def node_names(root):
    """A unique name for every node of root's graph, keyed by id(node).

    A node's name is its label, else v1, v2, ... in topological order; a label used by
    several nodes gets primes (the constant 1 twice gives '1' and "1'").
    """
    names, used, n = {}, set(), 0
    for v in topological_order(root):
        if v.label:
            name = v.label
        else:
            n += 1
            name = f"v{n}"
        while name in used:
            name += "'"
        used.add(name)
        names[id(v)] = name
    return names


def backprop_steps(root):
    """The forward and the backward pass of root's graph, one node per step.

    Forward steps: each computed (non-input) node in topological order; the step reveals
    its value.  Backward steps: root first (∂root/∂root = 1), then every other node in
    reverse topological order; the step's gradient is the sum, over each use of the node,
    of (gradient of the user) × (local derivative) - computed here from the stored local
    derivatives, independently of ``backward()``.  Plain-number constants (the 2 in
    ``2 * v``) get no backward step: nothing can change them.

    Returns a list of dicts: ``kind`` ('forward' or 'backward'), ``node``, and for
    backward steps ``grad`` and ``terms``: a list of (user, local derivative, user's grad).
    """
    order = topological_order(root)
    # backward visits a node's first input before its later ones (y before t in E(y, t))
    backward_order = topological_order(root, _last_input_first=True)
    users = {id(v): [] for v in order}
    for v in order:
        for child, local in zip(v._prev, v._local):
            users[id(child)].append((v, local))
    steps = [dict(kind="forward", node=v) for v in order if v._prev]
    grads = {id(root): 1.0}
    steps.append(dict(kind="backward", node=root, grad=1.0, terms=[]))
    for v in reversed(backward_order[:-1]):
        if v._const:
            continue
        terms = [(u, local, grads[id(u)]) for u, local in users[id(v)]]
        grads[id(v)] = sum(local * g for _, local, g in terms)
        steps.append(dict(kind="backward", node=v, grad=grads[id(v)], terms=terms))
    return steps


def graph_state(root, k, steps=None):
    """What is known after k steps: {node name: (value or None, grad or None)}.

    Inputs (leaves) always show their value; a computed node shows its value once its
    forward step is done, and any node its gradient once its backward step is done.
    """
    steps = backprop_steps(root) if steps is None else steps
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 <= k <= len(steps):
        raise ValueError(f"k must be a whole number of steps between 0 and {len(steps)}, got {k!r}")
    names = node_names(root)
    state = {names[id(v)]: (None if v._prev else v.data, None) for v in topological_order(root)}
    for step in steps[:k]:
        name = names[id(step["node"])]
        value, _ = state[name]
        if step["kind"] == "forward":
            state[name] = (step["node"].data, None)
        else:
            state[name] = (value, step["grad"])
    return state
