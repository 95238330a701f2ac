"""Checking a condition tree person by person in Python, and explaining the verdict.

``explain`` answers "why is she (not) in the segment?": each condition of the tree with
whether it holds and the value it saw. It reads the person's facts (fields, custom
values, tags, company, contacts, events) and follows the same rules as ``sql``
(``comparing``); tests count every tree both ways on a small population.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..attribute_types import parse_iso_datetime
from ..db import tuple_rows
from ..events.models import Event
from ..models import Company, CompanyValue, Contact, Person, PersonTag, PersonValue
from .comparing import ascii_lower, birthday_days
from .computed import Aggregate, ComputedDefinition, Score
from .formula import Bin, Call, Expr, Neg, Num, Ref
from .language import (
    BOOLEAN,
    COMPANY_FIELD_KINDS,
    DATE,
    DATETIME,
    ENUM,
    LIST,
    NUMBER,
    PERSON_FIELD_KINDS,
    TEXT,
    TYPE_KINDS,
    Attribute,
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
from .sql import NEGATED


@dataclass
class Facts:
    """What the store holds about one person, as conditions read it."""

    id: int
    fields: dict[str, Any]
    custom: dict[int, Any] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    company_id: int | None = None
    company: dict[str, Any] | None = None
    company_custom: dict[int, Any] = field(default_factory=dict)
    contacts: list[tuple[str, str]] = field(default_factory=list)
    events: list[tuple[int, int, dt.datetime, dict[str, Any]]] = field(default_factory=list)


def _typed(kind: str, text: str | None, number: float | None) -> Any:
    """A stored custom value as conditions compare it."""
    if text is None:
        return None
    if kind == NUMBER:
        return number
    if kind == BOOLEAN:
        return number == 1.0
    if kind == DATE:
        return dt.date.fromisoformat(text)
    if kind == DATETIME:
        moment = parse_iso_datetime(text)
        return moment.replace(tzinfo=None) if moment else None
    return text


def property_value(kind: str, raw: Any) -> Any:
    """An event property's JSON value as conditions compare it."""
    if raw is None:
        return None
    if kind == NUMBER:
        return float(raw)
    if kind == DATE:
        return dt.date.fromisoformat(raw)
    if kind == DATETIME:
        moment = parse_iso_datetime(raw)
        return moment.replace(tzinfo=None) if moment else None
    if kind == LIST:
        return json.dumps(raw, separators=(",", ":"))
    return raw


def _column_value(kind: str, raw: Any) -> Any:
    if raw is None or kind not in (DATE, DATETIME) or not isinstance(raw, str):
        return raw
    if kind == DATE:
        return dt.date.fromisoformat(raw[:10])
    return dt.datetime.fromisoformat(raw)


def load_facts(person_ids: list[int]) -> dict[int, Facts]:
    """The facts of these persons (missing ids left out), in a constant number of queries."""
    columns = [getattr(Person, name) for name in PERSON_FIELD_KINDS]
    found: dict[int, Facts] = {}
    for person_id, company_id, *values in tuple_rows(
        Person.select(Person.id, Person.company, *columns).where(Person.id.in_(person_ids))
    ):
        fields = {
            name: _column_value(kind, value)
            for (name, kind), value in zip(PERSON_FIELD_KINDS.items(), values, strict=True)
        }
        found[person_id] = Facts(person_id, fields, company_id=company_id)
    ids = list(found)
    from ..models import AttributeDef

    types = dict(tuple_rows(AttributeDef.select(AttributeDef.id, AttributeDef.type)))
    for person_id, attribute_id, text, number in tuple_rows(
        PersonValue.select(
            PersonValue.person, PersonValue.attribute, PersonValue.value, PersonValue.number
        ).where(PersonValue.person.in_(ids))
    ):
        found[person_id].custom[attribute_id] = _typed(TYPE_KINDS[types[attribute_id]], text, number)
    from ..models import Tag

    for person_id, tag_id, name in tuple_rows(
        PersonTag.select(PersonTag.person, PersonTag.tag, Tag.name)
        .join(Tag, on=(PersonTag.tag == Tag.id))
        .where(PersonTag.person.in_(ids))
    ):
        found[person_id].tags[tag_id] = name
    for person_id, kind, value in tuple_rows(
        Contact.select(Contact.person, Contact.kind, Contact.value)
        .where(Contact.person.in_(ids))
        .order_by(Contact.id)
    ):
        found[person_id].contacts.append((kind, value))
    for event_id, person_id, definition_id, at, properties in tuple_rows(
        Event.select(Event.id, Event.person, Event.definition, Event.at, Event.properties).where(
            Event.person.in_(ids)
        )
    ):
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
        found[person_id].events.append((event_id, definition_id, moment, json.loads(properties)))
    company_ids = sorted({f.company_id for f in found.values() if f.company_id is not None})
    if company_ids:
        company_columns = [getattr(Company, name) for name in COMPANY_FIELD_KINDS]
        companies = {
            row[0]: dict(zip(COMPANY_FIELD_KINDS, row[1:], strict=True))
            for row in tuple_rows(
                Company.select(Company.id, *company_columns).where(Company.id.in_(company_ids))
            )
        }
        company_values: dict[int, dict[int, Any]] = {}
        for company_id, attribute_id, text, number in tuple_rows(
            CompanyValue.select(
                CompanyValue.company, CompanyValue.attribute, CompanyValue.value, CompanyValue.number
            ).where(CompanyValue.company.in_(company_ids))
        ):
            company_values.setdefault(company_id, {})[attribute_id] = _typed(
                TYPE_KINDS[types[attribute_id]], text, number
            )
        for facts in found.values():
            if facts.company_id is not None:
                facts.company = companies.get(facts.company_id)
                facts.company_custom = company_values.get(facts.company_id, {})
    return found


# -- comparing ----------------------------------------------------------------------------


def _empty(kind: str, value: Any) -> bool:
    return value is None or (kind == TEXT and value == "") or (kind == LIST and value in ("[]", []))


def compare_value(kind: str, op: str, wanted: Any, value: Any, today: dt.date, now: dt.datetime) -> bool:
    """Whether ``value op wanted`` holds, by the rules of ``sql``."""
    if op in NEGATED:
        return not compare_value(kind, NEGATED[op], wanted, value, today, now)
    if op == "is_not_empty":
        return not _empty(kind, value)
    if value is None:
        return False
    if kind == ENUM:
        return bool(value == wanted)
    if kind == TEXT:
        have, want = ascii_lower(value), ascii_lower(wanted)
        if op == "equals":
            return have == want
        if op == "starts_with":
            return have.startswith(want)
        return want in have
    if op == "birthday_within_days":
        return value.strftime("%m-%d") in birthday_days(today, wanted)
    if op == "within_last_days":
        if kind == DATE:
            return bool(today - dt.timedelta(days=wanted) <= value <= today)
        return bool(now - dt.timedelta(days=wanted) <= value <= now)
    if op == "equals":
        return bool(value == wanted)
    if op in ("greater_than", "after"):
        return bool(value > wanted)
    if op in ("less_than", "before"):
        return bool(value < wanted)
    low, high = wanted
    return bool(low <= value <= high)


class Evaluator:
    """Checks trees against facts at one moment (``now``, naive UTC)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = now.date()

    def value_of(self, attribute: Attribute, facts: Facts) -> Any:
        """The value a comparison of ``attribute`` reads for this person."""
        if attribute.source == "person":
            return facts.fields.get(str(attribute.key))
        if attribute.source == "custom":
            return facts.custom.get(int(attribute.key))
        if attribute.source == "company":
            return None if facts.company is None else facts.company.get(str(attribute.key))
        if attribute.source == "company_custom":
            return facts.company_custom.get(int(attribute.key))
        return self.computed(attribute.computed, facts)

    def holds(self, node: Node, facts: Facts) -> bool:
        """Whether the person meets ``node``."""
        if isinstance(node, Group):
            results = (self.holds(item, facts) for item in node.items)
            return all(results) if node.kind == "all" else any(results)
        if isinstance(node, Not):
            return not self.holds(node.item, facts)
        if isinstance(node, InSegment):
            return self.holds(node.node, facts) == node.in_
        if isinstance(node, Compare):
            value = self.value_of(node.attribute, facts)
            return compare_value(node.attribute.kind, node.op, node.value, value, self.today, self.now)
        if isinstance(node, HasTag):
            return (node.tag_id in facts.tags) == node.has
        if isinstance(node, InCompany):
            return (facts.company_id == node.company_id) == node.is_
        if isinstance(node, HasContact):
            return self.contact(node, facts)
        if isinstance(node, Performed):
            count = len(self.events(node.definition_id, node.within_days, node.where, facts))
            inside = node.min_count <= count and (node.max_count is None or count <= node.max_count)
            return inside == node.performed
        raise TypeError(f"not a condition node: {node!r}")

    def contact(self, node: HasContact, facts: Facts) -> bool:
        """Has an email, a phone, a phone of a calling code."""
        values = [v for k, v in facts.contacts if k == node.kind]
        if node.op == "country":
            return any(v.startswith(node.calling_code or "") for v in values)
        return bool(values) == (node.op == "exists")

    def events(
        self, definition_id: int, within_days: int | None, where: tuple[PropertyTest, ...], facts: Facts
    ) -> list[tuple[int, int, dt.datetime, dict[str, Any]]]:
        """The person's events of a definition in the window that pass ``where``."""
        start = None if within_days is None else self.now - dt.timedelta(days=within_days)
        found = []
        for event in facts.events:
            _id, definition, at, properties = event
            if definition != definition_id or (start is not None and not start <= at <= self.now):
                continue
            if all(
                compare_value(
                    t.kind,
                    t.op,
                    t.value,
                    property_value(t.kind, properties.get(t.name)),
                    self.today,
                    self.now,
                )
                for t in where
            ):
                found.append(event)
        return found

    # computed values ----------------------------------------------------------------

    def computed(self, definition: ComputedDefinition, facts: Facts) -> Any:
        """A computed attribute's value for this person."""
        body = definition.body
        if isinstance(body, Score):
            return sum((points for points, node in body.rules if self.holds(node, facts)), 0.0)
        if isinstance(body, Aggregate):
            return self.aggregate(body, facts)
        return self.formula(body, facts)

    def aggregate(self, body: Aggregate, facts: Facts) -> Any:
        """An event aggregation for this person."""
        events = self.events(body.definition_id, body.within_days, body.where, facts)
        if body.function == "count":
            return float(len(events))
        if body.function in ("first", "last"):
            ordered = sorted(events, key=lambda e: (e[2], e[0]), reverse=body.function == "last")
            if body.prop is None:
                return ordered[0][2] if ordered else None
            name, kind = body.prop
            present = [e for e in ordered if e[3].get(name) is not None]
            return property_value(kind, present[0][3][name]) if present else None
        name = body.prop[0]  # type: ignore[index]
        values = [float(e[3][name]) for e in events if e[3].get(name) is not None]
        if body.function == "sum":
            return float(sum(values))
        if not values:
            return None
        if body.function == "avg":
            return sum(values) / len(values)
        return min(values) if body.function == "min" else max(values)

    def formula(self, expr: Expr, facts: Facts) -> float | None:
        """A formula's value for this person (None when empty)."""
        if isinstance(expr, Num):
            return expr.value
        if isinstance(expr, Ref):
            value = self.value_of(expr.attribute, facts)
            return None if value is None else float(value)
        if isinstance(expr, Neg):
            inner = self.formula(expr.item, facts)
            return None if inner is None else -inner
        if isinstance(expr, Bin):
            left, right = self.formula(expr.left, facts), self.formula(expr.right, facts)
            if left is None or right is None:
                return None
            if expr.op == "+":
                return left + right
            if expr.op == "-":
                return left - right
            if expr.op == "*":
                return left * right
            return None if right == 0 else left / right
        return self.call(expr, facts)

    def call(self, call: Call, facts: Facts) -> float | None:
        """A function of the formula language."""
        if call.name in ("age", "days_since"):
            value = self.value_of(call.args[0].attribute, facts)  # type: ignore[union-attr]
            if value is None:
                return None
            day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else value.date()
            if call.name == "days_since":
                return float((self.today - day).days)
            later = 1.0 if day.strftime("%m-%d") > self.today.strftime("%m-%d") else 0.0
            return float(self.today.year) - float(day.year) - later
        args = [self.formula(arg, facts) for arg in call.args]
        if call.name == "abs":
            return None if args[0] is None else abs(args[0])
        if call.name == "coalesce":
            return args[0] if args[0] is not None else args[1]
        a, b = args
        if a is None or b is None:
            return None
        return min(a, b) if call.name == "min" else max(a, b)
