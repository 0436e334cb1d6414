"""Tiny parser / random generator / enumerator for the pack pattern subset.

Subset: literals (backslash-escaped metacharacters), classes [..] with ranges
and negation, \\d \\w \\s, groups ( ) and (?: ), alternation |, counts {n}
{n,m} and ?.  No * or +, no anchors.  Written for build_packs.py; the Swift
side has its own implementation of the same subset.
"""
import random

DIGITS = [chr(c) for c in range(ord("0"), ord("9") + 1)]
UPPER = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
LOWER = [chr(c) for c in range(ord("a"), ord("z") + 1)]
WORD = UPPER + LOWER + DIGITS + ["_"]
SPACE = [" "]
PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]
META = set("\\.*+?()[]{}|^$-")


class PatternError(ValueError):
    pass


class _Parser:
    def __init__(self, text):
        self.t = text
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self):
        c = self.peek()
        if c is None:
            raise PatternError("unexpected end of pattern: %r" % self.t)
        self.i += 1
        return c

    def parse(self):
        node = self.alt()
        if self.i != len(self.t):
            raise PatternError("trailing input at %d in %r" % (self.i, self.t))
        return node

    def alt(self):
        branches = [self.seq()]
        while self.peek() == "|":
            self.take()
            branches.append(self.seq())
        return ("alt", branches) if len(branches) > 1 else branches[0]

    def seq(self):
        items = []
        while self.peek() is not None and self.peek() not in "|)":
            atom = self.atom()
            items.append(self.quant(atom))
        return ("seq", items)

    def quant(self, atom):
        c = self.peek()
        if c == "?":
            self.take()
            return ("rep", atom, 0, 1)
        if c == "{":
            self.take()
            num = ""
            while self.peek() is not None and self.peek().isdigit():
                num += self.take()
            lo = int(num)
            hi = lo
            if self.peek() == ",":
                self.take()
                num = ""
                while self.peek() is not None and self.peek().isdigit():
                    num += self.take()
                hi = int(num)
            if self.take() != "}" or hi < lo:
                raise PatternError("bad count in %r" % self.t)
            return ("rep", atom, lo, hi)
        if c in ("*", "+"):
            raise PatternError("unbounded repetition not in subset: %r" % self.t)
        return atom

    def escape(self):
        c = self.take()
        if c == "d":
            return DIGITS
        if c == "w":
            return WORD
        if c == "s":
            return SPACE
        if c in META or c in "/ ":
            return [c]
        raise PatternError("unsupported escape \\%s in %r" % (c, self.t))

    def atom(self):
        c = self.take()
        if c == "(":
            if self.t.startswith("?:", self.i):
                self.i += 2
            node = self.alt()
            if self.take() != ")":
                raise PatternError("missing ) in %r" % self.t)
            return node
        if c == "[":
            return ("set", self.klass())
        if c == "\\":
            return ("set", self.escape())
        if c in "^$*+?{}])|":
            raise PatternError("unexpected %r in %r" % (c, self.t))
        if c == ".":
            raise PatternError("'.' wildcard not supported: %r" % self.t)
        return ("set", [c])

    def klass(self):
        neg = False
        if self.peek() == "^":
            self.take()
            neg = True
        chars = []
        first = True
        while True:
            c = self.take()
            if c == "]" and not first:
                break
            first = False
            if c == "\\":
                got = self.escape()
            else:
                got = [c]
            if len(got) == 1 and self.peek() == "-" and self.t[self.i + 1:self.i + 2] not in ("]", ""):
                self.take()
                d = self.take()
                if d == "\\":
                    d = self.escape()[0]
                got = [chr(x) for x in range(ord(got[0]), ord(d) + 1)]
            chars.extend(got)
        chars = sorted(set(chars))
        if neg:
            chars = [x for x in PRINTABLE if x not in chars]
        if not chars:
            raise PatternError("empty class in %r" % self.t)
        return chars


def parse(text):
    return _Parser(text).parse()


def generate(node, rng):
    kind = node[0]
    if kind == "set":
        return rng.choice(node[1])
    if kind == "seq":
        return "".join(generate(n, rng) for n in node[1])
    if kind == "alt":
        return generate(rng.choice(node[1]), rng)
    if kind == "rep":
        return "".join(generate(node[1], rng) for _ in range(rng.randint(node[2], node[3])))
    raise AssertionError(kind)


def length_range(node):
    kind = node[0]
    if kind == "set":
        return 1, 1
    if kind == "seq":
        lo = hi = 0
        for n in node[1]:
            a, b = length_range(n)
            lo += a
            hi += b
        return lo, hi
    if kind == "alt":
        rs = [length_range(n) for n in node[1]]
        return min(r[0] for r in rs), max(r[1] for r in rs)
    if kind == "rep":
        a, b = length_range(node[1])
        return a * node[2], b * node[3]
    raise AssertionError(kind)


def enumerate_strings(node, limit=20000):
    """All strings of a finite pattern, or None when more than `limit`."""
    kind = node[0]
    if kind == "set":
        return list(node[1])
    if kind == "seq":
        acc = [""]
        for n in node[1]:
            part = enumerate_strings(n, limit)
            if part is None or len(acc) * len(part) > limit:
                return None
            acc = [a + b for a in acc for b in part]
        return acc
    if kind == "alt":
        out = []
        for n in node[1]:
            part = enumerate_strings(n, limit)
            if part is None:
                return None
            out.extend(part)
            if len(out) > limit:
                return None
        return out
    if kind == "rep":
        inner = enumerate_strings(node[1], limit)
        if inner is None:
            return None
        out = []
        for k in range(node[2], node[3] + 1):
            acc = [""]
            for _ in range(k):
                acc = [a + b for a in acc for b in inner]
                if len(acc) > limit:
                    return None
            out.extend(acc)
        return out
    raise AssertionError(kind)


def sample(pattern, n, seed):
    rng = random.Random(seed)
    node = parse(pattern)
    return [generate(node, rng) for _ in range(n)]
