"""Why a person is, or is not, in a segment: each condition, whether it holds, what it saw.

``explain_node`` walks the tree with ``evaluate.Evaluator`` and gives a tree of
``Explained`` lines such as ``city equals "Zagreb": no (city is "Split")``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .evaluate import Evaluator, Facts
from .language import (
    Compare,
    Group,
    HasContact,
    HasTag,
    InCompany,
    InSegment,
    Node,
    Not,
    Performed,
    PropertyTest,
)


@dataclass
class Explained:
    """One condition of the tree: its path, a description, the verdict and what it saw."""

    path: str
    text: str
    holds: bool
    saw: str | None = None
    items: list[Explained] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"path", "condition", "holds", "saw", "items"}``."""
        return {
            "path": self.path,
            "condition": self.text,
            "holds": self.holds,
            "saw": self.saw,
            "items": [item.to_dict() for item in self.items],
        }

    def lines(self, depth: int = 0) -> list[str]:
        """The tree as indented text lines."""
        verdict = "yes" if self.holds else "no"
        seen = f" ({self.saw})" if self.saw else ""
        result = [f"{'  ' * depth}{self.text}: {verdict}{seen}"]
        for item in self.items:
            result += item.lines(depth + 1)
        return result


def quoted(value: Any) -> str:
    """A value as explain shows it: text in double quotes, dates in ISO form."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _wanted(op: str, value: Any) -> str:
    if value is None:
        return op.replace("_", " ")
    if op == "between":
        return f"between {quoted(value[0])} and {quoted(value[1])}"
    if op == "within_last_days":
        return f"within the last {value} days"
    if op == "birthday_within_days":
        return f"birthday within the next {value} days"
    return f"{op.replace('_', ' ')} {quoted(value)}"


def _property_text(test: PropertyTest) -> str:
    return f"{test.name} {_wanted(test.op, test.value)}"


def describe(node: Node) -> str:
    """A condition in words: ``city equals "Zagreb"``, ``has tag "vip"``."""
    if isinstance(node, Group):
        return "all of" if node.kind == "all" else "any of"
    if isinstance(node, Not):
        return "not"
    if isinstance(node, InSegment):
        return f"{'in' if node.in_ else 'not in'} segment {quoted(node.name)}"
    if isinstance(node, Compare):
        return f"{node.attribute.label} {_wanted(node.op, node.value)}"
    if isinstance(node, HasTag):
        return f"{'has' if node.has else 'has not'} tag {quoted(node.name)}"
    if isinstance(node, InCompany):
        return f"company {'is' if node.is_ else 'is not'} {quoted(node.name)}"
    if isinstance(node, HasContact):
        if node.op == "country":
            return f"has a phone of {node.region} ({node.calling_code})"
        return f"{'has' if node.op == 'exists' else 'has no'} {node.kind}"
    if isinstance(node, Performed):
        times = f"at least {node.min_count}"
        if node.max_count is not None:
            times = f"{node.min_count} to {node.max_count}"
        window = f" in the last {node.within_days} days" if node.within_days else ""
        where = "".join(f" where {_property_text(t)}" for t in node.where)
        verb = "performed" if node.performed else "did not perform"
        return f"{verb} {quoted(node.name)} {times} times{window}{where}"
    raise TypeError(f"not a condition node: {node!r}")


def _saw(node: Node, facts: Facts, evaluator: Evaluator) -> str | None:
    if isinstance(node, Compare):
        value = evaluator.value_of(node.attribute, facts)
        if node.attribute.source.startswith("company") and facts.company is None:
            return "no company"
        return f"{node.attribute.label} is {quoted(value)}"
    if isinstance(node, HasTag):
        names = sorted(facts.tags.values(), key=str.casefold)
        return "tags: " + ", ".join(quoted(n) for n in names) if names else "no tags"
    if isinstance(node, InCompany):
        return f"company is {quoted(facts.company['name'])}" if facts.company else "no company"
    if isinstance(node, HasContact):
        values = [v for k, v in facts.contacts if k == node.kind]
        if node.op == "country":
            return "phones: " + ", ".join(values) if values else "no phone"
        return f"{len(values)} {node.kind}{'s' if len(values) != 1 else ''}"
    if isinstance(node, Performed):
        count = len(evaluator.events(node.definition_id, node.within_days, node.where, facts))
        return f"{count} time{'s' if count != 1 else ''}"
    return None


def explain_node(node: Node, facts: Facts, now: dt.datetime) -> Explained:
    """The explained tree of ``node`` for the person of ``facts``."""
    evaluator = Evaluator(now)

    def walk(item: Node) -> Explained:
        line = Explained(
            item.path or "(top)", describe(item), evaluator.holds(item, facts), _saw(item, facts, evaluator)
        )
        if isinstance(item, Group):
            line.items = [walk(child) for child in item.items]
        elif isinstance(item, Not):
            line.items = [walk(item.item)]
        elif isinstance(item, InSegment):
            line.items = [walk(item.node)]
        return line

    return walk(node)
