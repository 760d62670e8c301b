"""The steppers' LaTeX (a small subset) as MathML, for browsers to typeset with no MathJax.

    >>> chunks("z = 0.15 - 0.35 = -0.2").split("<math>")[-1]
    '<mo form="infix" lspace="0">=</mo><mn>−0.2</mn></math>'

``chunks`` cuts an equation where a line may break: between terms, i.e. before =, +, −, ←
and after a comma, outside brackets or inside a \\left( … \\right) sum or vector, never inside
a factor's plain brackets such as (1 − 0.3479).  Each piece is its own ``<math>`` element (the
browser never breaks inside one), so a long sum wraps across lines like words do, term by
term, and the "= result" is never cut off.  ``chunks(..., hide=True)``
writes "?" for each result (what follows the last top-level "=" of every item), for
predict-then-reveal.  ``text`` is the same equation as plain text, for a picture's text
alternative.  Only what helpers.steps.trace and helpers.draw.graph write is understood; anything
else raises ValueError naming it.
"""
import html
import re

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|\s+|.", re.S)
_GREEK = {"sigma": "σ", "delta": "δ", "eta": "η", "partial": "∂", "alpha": "α", "lambda": "λ", "top": "⊤"}
_OPS = {"cdot": "·", "times": "×", "leftarrow": "←", "odot": "⊙", "geq": "≥", "leq": "≤", "dots": "…",
        "prime": "′", "sum": "∑", "to": "→", "in": "∈"}
_FUNCS = ("max", "ln", "tanh", "exp", "min")
_SPACES = {"quad": "1em", ",": "0.17em", " ": "0.28em", ";": "0.28em", "!": "0em"}
_FRACS = ("frac", "dfrac", "tfrac")


def _tokens(tex):
    return _TOKEN.findall(tex)


class _Parser:
    def __init__(self, tex):
        self.tex, self.toks, self.i = tex, _tokens(tex), 0

    def peek(self):
        while self.i < len(self.toks) and self.toks[self.i].isspace():
            self.i += 1
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise ValueError(f"unexpected end of LaTeX in {self.tex!r}")
        self.i += 1
        return tok

    def row(self, until=None):
        items = []
        while self.peek() is not None and self.peek() != until:
            item = self.scripted()
            # a minus sign in front of a number (not a subtraction) is part of the number
            if (items and items[-1] == ("mo", "−") and item[0] == "mn"
                    and (len(items) == 1 or items[-2][0] in ("mo", "fence", "space") and items[-2][1] not in (")", "]"))):
                items[-1] = ("mn", "−" + item[1])
                continue
            items.append(item)
        if until is not None:
            self.take()
        return items

    def scripted(self):
        base = self.atom()
        sub = sup = None
        while self.peek() in ("^", "_"):
            which = self.take()
            arg = self.argument()
            if which == "^":
                sup = arg
            else:
                sub = arg
        if sub is None and sup is None:
            return base
        return ("script", base, sub, sup)

    def argument(self, single_digit=False):
        tok = self.peek()
        if single_digit and tok is not None and tok[0].isdigit() and len(tok) > 1:
            self.toks[self.i] = tok[1:]           # \tfrac12: the 1, then the 2
            return ("mn", tok[0])
        return self.atom()

    def atom(self):
        tok = self.take()
        if tok == "{":
            return ("row", self.row("}"))
        if tok[0] == "\\":
            name = tok[1:]
            if name in _FRACS:
                return ("frac", self.argument(True), self.argument(True))
            if name in ("left", "right"):
                delim = self.take()
                return ("fence", "" if delim == "." else delim.lstrip("\\"))
            if name == "text":
                self.take()                          # {
                start, depth = self.i, 1
                while depth:
                    if self.i >= len(self.toks):
                        raise ValueError(f"unbalanced \\text{{ in {self.tex!r}")
                    depth += {"{": 1, "}": -1}.get(self.toks[self.i], 0)
                    self.i += 1
                return ("mtext", "".join(self.toks[start:self.i - 1]))
            if name in _GREEK:
                return ("mi", _GREEK[name])
            if name in _OPS:
                return ("mo", _OPS[name])
            if name in _FUNCS:
                return ("fn", name)
            if name in _SPACES:
                return ("space", _SPACES[name])
            raise ValueError(f"the stepper's MathML does not know \\{name} (in {self.tex!r})")
        if tok == "}":
            raise ValueError(f"unbalanced }} in {self.tex!r}")
        if tok[0].isdigit():
            return ("mn", tok)
        if tok.isalpha():
            return ("mi", tok)
        if tok == "-":
            return ("mo", "−")
        if tok == "'":
            return ("mo", "′")
        return ("mo", tok)


def parse(tex):
    """The LaTeX as a list of items (a small tree of tuples)."""
    return _Parser(tex).row()


def _ml(item):
    kind = item[0]
    if kind == "row":
        return "<mrow>" + "".join(_ml(i) for i in item[1]) + "</mrow>"
    if kind == "script":
        _, base, sub, sup = item
        b = _ml(base)
        if sub is not None and sup is not None:
            return f"<msubsup>{b}{_ml(sub)}{_ml(sup)}</msubsup>"
        if sub is not None:
            return f"<msub>{b}{_ml(sub)}</msub>"
        return f"<msup>{b}{_ml(sup)}</msup>"
    if kind == "frac":
        return f"<mfrac>{_ml(item[1])}{_ml(item[2])}</mfrac>"
    if kind == "space":
        return f'<mspace width="{item[1]}"></mspace>'
    if kind == "fn":
        return f'<mi mathvariant="normal">{item[1]}</mi>'
    if kind == "mtext":
        return f"<mtext>{html.escape(item[1])}</mtext>"
    if kind == "fence":                           # \left( ... \right): a line may break inside
        return f'<mo class="bp-fence">{html.escape(item[1])}</mo>' if item[1] else ""
    return f"<{kind}>{html.escape(item[1])}</{kind}>"


def _txt(item):
    kind = item[0]
    if kind == "row":
        return "".join(_txt(i) for i in item[1])
    if kind == "script":
        _, base, sub, sup = item
        out = _txt(base)
        if sub is not None:
            s = _txt(sub)
            out += s if len(s) == 1 else f"_{s}"
        if sup is not None:
            s = _txt(sup)
            out += "^" + s if len(s) == 1 else f"^({s})"
        return out
    if kind == "frac":
        top, bottom = _txt(item[1]).strip(), _txt(item[2]).strip()
        wrap = lambda t: f"({t})" if " " in t else t
        return f"{wrap(top)}/{wrap(bottom)}"
    if kind == "space":
        return " "
    if kind == "fence":
        return item[1]
    if kind == "mo":
        return f" {item[1]} " if item[1] in ("=", "+", "−", "←", "·", "×") else item[1]
    return item[1]


def _is(item, *ops):
    return item[0] == "mo" and item[1] in ops


def _bracket(item):
    """+1 for an opening bracket, -1 for a closing one, 0 otherwise; and whether it is a
    \\left / \\right fence (a script's base counts: ``\\right)^{\\top}``)."""
    while item[0] == "script":
        item = item[1]
    if item[0] in ("mo", "fence"):
        return {"(": 1, "[": 1, ")": -1, "]": -1}.get(item[1], 0), item[0] == "fence"
    return 0, False


def _breakable(items):
    """For each item: may a line break just before it (and after it, for a comma)?

    Only between terms: outside every bracket, or inside \\left( … \\right) (a long sum or
    a vector) but never inside a plain bracket, which holds one factor such as (1 − 0.3479)
    or (−0.07902)."""
    out, stack = [], []
    for it in items:
        step, fence = _bracket(it)
        if step < 0 and stack:
            stack.pop()
        out.append(all(stack))
        if step > 0:
            stack.append(fence)
    return out


def _split_commas(piece, ok):
    """Cut after each comma between terms, so a long vector may wrap too."""
    out, cur = [], []
    for it, can in zip(piece, ok):
        cur.append(it)
        if _is(it, ",") and can:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _pieces(items):
    """Split the top-level items into line-break pieces: [(items, tag)], tag None, "result"
    (the first piece of a result: "= ...") or "more" (the rest of that result)."""
    # items of the equation end at a comma followed by a \quad
    groups, cur = [], []
    for n, it in enumerate(items):
        cur.append(it)
        nxt = items[n + 1] if n + 1 < len(items) else None
        if _is(it, ",") and nxt is not None and nxt == ("space", "1em"):
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    pieces = []
    for group in groups:
        end = []
        if len(group) > 1 and _is(group[-1], ","):      # the comma that ends an item
            group, end = group[:-1], [(group[-1:], "comma")]
        ok = _breakable(group)
        eqs = [n for n, it in enumerate(group) if _is(it, "=") and ok[n]]
        last_eq = eqs[-1] if eqs else None
        piece, piece_ok = [], []
        for n, it in enumerate(group):
            breaks = _is(it, "=", "+", "−", "←") and n > 0 and ok[n]
            if piece and (breaks or n == last_eq):
                pieces.extend((p, None) for p in _split_commas(piece, piece_ok))
                piece, piece_ok = [], []
            piece.append(it)
            piece_ok.append(ok[n])
        if piece:
            parts = _split_commas(piece, piece_ok)
            if last_eq is None:
                pieces.extend((p, None) for p in parts)
            else:
                pieces.extend((p, "result" if i == 0 else "more") for i, p in enumerate(parts))
        pieces.extend(end)
    return pieces


def chunks(tex, hide=False):
    """The equation as a string of ``<math>`` elements, one per line-break piece."""
    out = []
    for piece, tag in _pieces(parse(tex)):
        if not piece:
            continue
        if tag == "comma" and out:                 # glued to what it ends: no line starts with ","
            out[-1] = out[-1][:-len("</math>")] + "<mo>,</mo></math>"
            continue
        if hide and tag == "more":
            continue
        if hide and tag == "result":
            body = '<mo>=</mo><mi mathvariant="normal" class="bp-hidden">?</mi>'
        else:
            body = "".join(_ml(i) for i in piece if i != ("space", "1em"))
        if out and _is(piece[0], "=", "+", "−", "←"):
            # a line-break piece starts with its operator: the browser would set it as a prefix
            # ("+0.431" like a signed number); infix, with the gap before it being the space
            body = body.replace("<mo>", '<mo form="infix" lspace="0">', 1)
        if body:
            out.append(f"<math>{body}</math>")
    return " ".join(out)


def text(tex):
    """The equation as one line of plain text (for a text alternative and for tests)."""
    s = "".join(_txt(i) for i in parse(tex))
    return re.sub(r"\s+", " ", s).strip()
