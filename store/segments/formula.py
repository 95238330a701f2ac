"""The formula language of computed attributes: a small parser of our own, never ``eval``.

A formula is arithmetic over numbers and attributes written in braces::

    {custom:visits} * 2 + {computed:purchases_30d}
    age({birth_date})            days_since({created_at})
    coalesce({custom:discount}, 0) / 100     min(a, b)  max(a, b)  abs(a)

Operands are standard, custom and computed person attributes of a number or True/False
type (true is 1); dates and times only inside ``age`` (whole years) and ``days_since``
(whole calendar days, UTC). ``+ - * /`` with the usual precedence, unary minus and
parentheses. The value is a double-precision number or empty: an empty operand, or a
division by zero, makes the formula empty (``coalesce`` gives a fallback).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeAlias

from .language import BOOLEAN, DATE, DATETIME, NUMBER, Attribute, InvalidCondition

MAX_FORMULA = 1_000  # characters
MAX_NODES = 200
FUNCTIONS = {"abs": 1, "min": 2, "max": 2, "coalesce": 2, "age": 1, "days_since": 1}
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|\{([^{}]*)\}|([A-Za-z_]+)|(.))")


@dataclass(frozen=True)
class Num:
    """A number written in the formula."""

    value: float


@dataclass(frozen=True)
class Ref:
    """An attribute's value; ``date_of`` True inside ``age``/``days_since``."""

    attribute: Attribute


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    item: Expr


@dataclass(frozen=True)
class Bin:
    """``left op right`` for ``+ - * /``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Call:
    """A function of the formula language and its arguments."""

    name: str
    args: tuple[Expr, ...]


Expr: TypeAlias = "Num | Ref | Neg | Bin | Call"


class _Parser:
    def __init__(self, text: str, resolve: Any, path: str) -> None:
        self.path = path
        self.resolve = resolve
        self.tokens: list[tuple[str, str, int]] = []
        for match in _TOKEN.finditer(text):
            number, ref, name, other = match.groups()
            if number is not None:
                self.tokens.append(("num", number, match.start(1)))
            elif ref is not None:
                self.tokens.append(("ref", ref.strip(), match.start()))
            elif name is not None:
                self.tokens.append(("name", name, match.start(3)))
            elif other is not None:
                self.tokens.append(("op", other, match.start(4)))
        self.at = 0
        self.nodes = 0

    def fail(self, message: str, value: Any = None) -> InvalidCondition:
        return InvalidCondition(self.path, message, value)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise self.fail("the formula ends too early.")
        self.at += 1
        return token

    def expect(self, symbol: str) -> None:
        kind, text, where = self.take()
        if kind != "op" or text != symbol:
            raise self.fail(f"expected {symbol!r} at character {where + 1}, found {text!r}.", text)

    def count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(f"a formula may have at most {MAX_NODES} parts.")

    def whole(self) -> Expr:
        expr = self.sum()
        token = self.peek()
        if token is not None:
            raise self.fail(f"unexpected {token[1]!r} at character {token[2] + 1}.", token[1])
        return expr

    def sum(self) -> Expr:
        expr = self.product()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in "+-":
            self.take()
            self.count()
            expr = Bin(token[1], expr, self.product())
        return expr

    def product(self) -> Expr:
        expr = self.unary()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in "*/":
            self.take()
            self.count()
            expr = Bin(token[1], expr, self.unary())
        return expr

    def unary(self) -> Expr:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] == "-":
            self.take()
            self.count()
            return Neg(self.unary())
        return self.atom()

    def atom(self, *, dates: bool = False) -> Expr:
        kind, text, where = self.take()
        self.count()
        if kind == "num":
            return Num(float(text))
        if kind == "ref":
            attribute = self.resolve(text)
            allowed = (NUMBER, BOOLEAN, DATE, DATETIME) if dates else (NUMBER, BOOLEAN)
            if attribute.kind not in allowed:
                hint = (
                    " (dates go inside age() or days_since())" if attribute.kind in (DATE, DATETIME) else ""
                )
                raise self.fail(f"{{{text}}} is not a number{hint}.", text)
            return Ref(attribute)
        if kind == "name":
            if text not in FUNCTIONS:
                raise self.fail(f"{text!r} is not a function; use one of {', '.join(FUNCTIONS)}.", text)
            self.expect("(")
            args: list[Expr] = []
            for i in range(FUNCTIONS[text]):
                if i:
                    self.expect(",")
                if text in ("age", "days_since"):
                    arg = self.atom(dates=True)
                    if not isinstance(arg, Ref) or arg.attribute.kind not in (DATE, DATETIME):
                        raise self.fail(f"{text}() takes a date or time attribute in braces.")
                    if text == "age" and arg.attribute.kind != DATE:
                        raise self.fail("age() takes a date attribute, such as {birth_date}.")
                else:
                    arg = self.sum()
                args.append(arg)
            self.expect(")")
            return Call(text, tuple(args))
        if kind == "op" and text == "(":
            expr = self.sum()
            self.expect(")")
            return expr
        raise self.fail(f"unexpected {text!r} at character {where + 1}.", text)


def parse_formula(text: Any, resolve: Any, path: str) -> Expr:
    """The parsed formula ``text``; ``resolve(name)`` gives the attribute a ``{name}`` names."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidCondition(path, "a formula is a non-empty text.", text)
    if len(text) > MAX_FORMULA:
        raise InvalidCondition(path, f"a formula has at most {MAX_FORMULA:,} characters.", text)
    return _Parser(text, resolve, path).whole()


def references(expr: Expr) -> list[Attribute]:
    """Every attribute the formula reads, in order."""
    if isinstance(expr, Ref):
        return [expr.attribute]
    if isinstance(expr, Neg):
        return references(expr.item)
    if isinstance(expr, Bin):
        return references(expr.left) + references(expr.right)
    if isinstance(expr, Call):
        return [a for arg in expr.args for a in references(arg)]
    return []
