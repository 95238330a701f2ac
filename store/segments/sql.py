"""Compiling a checked condition tree into one SQL condition on ``person``.

Every leaf becomes an expression that is true or false, never NULL, so that ``not`` and
``any`` mean what they say for persons without a value. User values are bound
parameters only. Sets come from the indexes that hold them, as subqueries the database
runs once: tags from ``person_tag``, custom values from ``person_value``, behaviour from
the ``(definition_id, at, person_id)`` index of ``event``; contacts are probed per
candidate person through ``(person_id, kind)``.

Text compares by ``lower`` under the byte collation (``COLLATE "C"`` on PostgreSQL,
SQLite's own ``lower``): the letters A-Z ignore case, others compare as written, the
same on both databases and in ``evaluate``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee

from ..db import is_postgres
from ..events.models import Event
from ..models import Company, CompanyValue, Contact, Person, PersonTag, PersonValue
from .comparing import ascii_lower, birthday_days
from .language import (
    BOOLEAN,
    DATE,
    ENUM,
    LIST,
    NUMBER,
    TEXT,
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

TRUE = peewee.SQL("1 = 1")
FALSE = peewee.SQL("1 = 0")
# Standard fields with an index of their own (``person_type_id``, ``person_lower_city``,
# ``person_lower_country``).
DRIVING_FIELDS = ("type", "city", "country")
# The operators true for a person without a value, and the operator each negates.
NEGATED = {"not_equals": "equals", "is_empty": "is_not_empty"}


class Compiler:
    """Compiles trees for the open database, judging relative times at ``now`` (naive UTC).

    ``per_person`` compiles tags, custom values and behaviour as lookups of the outer
    person through the person-keyed indexes, instead of sets the database builds once:
    the cheaper form where few persons are tested, as in a score's rules.

    On SQLite, tags and custom values under an ``all`` that also holds an equality the
    person indexes answer (type, city, country, company: ``drives``) are compiled the same
    way, as a probe per candidate of that index range: SQLite takes every ``IN
    (subquery)`` for a short list and would otherwise look up each member of the whole
    set (400,000 newsletter readers) instead of the range (60,000 Zagreb leads).
    PostgreSQL estimates the set and chooses itself.
    """

    def __init__(self, now: dt.datetime, *, per_person: bool = False) -> None:
        self.postgres = is_postgres()
        self.now = now
        self.today = now.date()
        self.per_person = per_person
        self.probe_sets = per_person

    # -- building blocks ----------------------------------------------------------------

    def lower(self, expr: Any) -> Any:
        """``lower(expr)`` under the byte collation."""
        if self.postgres:
            return peewee.fn.lower(peewee.NodeList((expr, peewee.SQL('COLLATE "C"'))))
        return peewee.fn.lower(expr)

    def real(self, expr: Any) -> Any:
        """``expr`` as a double-precision number."""
        return peewee.Cast(scalar(expr), "double precision" if self.postgres else "REAL")

    def iso_date(self, expr: Any) -> Any:
        """A date or timestamp column as ``yyyy-mm-dd`` text."""
        if self.postgres:
            return peewee.fn.to_char(expr, "YYYY-MM-DD")
        return peewee.fn.substr(expr, 1, 10)

    def json_value(self, column: Any, name: str, kind: str) -> Any:
        """Property ``name`` of a JSON text column: text, or a number for numbers."""
        if self.postgres:
            text = peewee.Expression(column.cast("json"), "->>", name)
            return self.real(text) if kind == NUMBER else text
        value = peewee.fn.json_extract(column, f"$.{name}")
        return self.real(value) if kind == NUMBER else value

    # -- comparing one value -------------------------------------------------------------

    def holds(self, expr: Any, kind: str, op: str, value: Any, form: str) -> Any:
        """True where ``expr`` has a value and ``op`` holds for it (never NULL).

        ``form`` says how the value is held: ``column`` (a standard column, dates as
        dates), ``stored`` (a custom value: ``value`` text or ``number``, passed as
        ``expr`` = (text, number)), ``json`` (an event property as JSON gives it) or
        ``number`` (a computed number).
        """
        if op in NEGATED:
            return ~self.holds(expr, kind, NEGATED[op], value, form)
        text, number = expr if form == "stored" else (scalar(expr), scalar(expr))
        # A standard text column is tested as its index holds it (``lower(city)``), so that
        # counting the matches reads the index alone, never the table.
        present = (self.lower(text) if kind == TEXT and form == "column" else text).is_null(False)
        if op == "is_not_empty":
            if kind in (TEXT, LIST) and form != "number":
                empty = "[]" if kind == LIST else ""
                return present & (text != empty)
            return present
        if form == "number":  # a computed expression, worked out once rather than twice
            return peewee.NodeList((self._test(text, number, kind, op, value, form), peewee.SQL("IS TRUE")))
        if form == "stored":  # a value row exists, and its ``value`` is never NULL: the test
            return self._test(text, number, kind, op, value, form)  # alone, from the index
        return present & self._test(text, number, kind, op, value, form)

    def _test(self, text: Any, number: Any, kind: str, op: str, value: Any, form: str) -> Any:
        if kind == ENUM:
            return text == value
        if kind == TEXT:
            return self._text(text, op, value)
        if kind == NUMBER:
            return self._ordered(number, op, value)
        if kind == BOOLEAN:
            if form == "stored":
                return number == float(value)
            if form == "json":
                if self.postgres:
                    return text == ("true" if value else "false")
                return text == (1 if value else 0)
            return text == value
        if op == "birthday_within_days":
            days = sorted(birthday_days(self.today, value))
            month_day = self.iso_date(text) if form == "column" and self.postgres else text
            return peewee.fn.substr(month_day, 6, 5).in_(days)
        if kind == DATE:
            return self._date(text, number, op, value, form)
        return self._datetime(text, number, op, value, form)

    def _text(self, expr: Any, op: str, value: str) -> Any:
        wanted = ascii_lower(value)
        lowered = self.lower(expr)
        if op == "equals":
            return lowered == wanted
        if op == "starts_with":
            return peewee.fn.substr(lowered, 1, len(wanted)) == wanted
        if self.postgres:
            return peewee.fn.strpos(lowered, wanted) > 0
        return peewee.fn.instr(lowered, wanted) > 0

    def _ordered(self, expr: Any, op: str, value: Any) -> Any:
        if op == "equals":
            return expr == value
        if op == "greater_than":
            return expr > value
        if op == "less_than":
            return expr < value
        if op == "before":
            return expr < value
        if op == "after":
            return expr > value
        low, high = value
        return (expr >= low) & (expr <= high)

    def _date(self, text: Any, number: Any, op: str, value: Any, form: str) -> Any:
        if op == "within_last_days":
            op, value = "between", (self.today - dt.timedelta(days=value), self.today)
        if form == "stored":
            return self._ordered(number, op, _map(value, op, lambda d: float(d.toordinal())))
        if form == "json":
            return self._ordered(text, op, _map(value, op, lambda d: d.isoformat()))
        return self._ordered(text, op, value)

    def _datetime(self, text: Any, number: Any, op: str, value: Any, form: str) -> Any:
        if op == "within_last_days":
            op, value = "between", (self.now - dt.timedelta(days=value), self.now)
        if form == "stored":
            return self._ordered(number, op, _map(value, op, lambda m: m.replace(tzinfo=dt.UTC).timestamp()))
        if form == "json":
            return self._ordered(text, op, _map(value, op, lambda m: m.replace(tzinfo=dt.UTC).isoformat()))
        return self._ordered(text, op, value)

    # -- the tree -------------------------------------------------------------------------

    def where(self, node: Node) -> Any:
        """The SQL condition on ``person`` that holds exactly for the members of ``node``."""
        if isinstance(node, Group):
            probing = self.probe_sets
            if node.kind == "all" and not self.postgres and any(drives(item) for item in node.items):
                self.probe_sets = True
            try:
                parts = [self.where(item) for item in node.items]
            finally:
                self.probe_sets = probing
            result = parts[0]
            for part in parts[1:]:
                result = (result & part) if node.kind == "all" else (result | part)
            return result
        if isinstance(node, Not):
            return ~self.where(node.item)
        if isinstance(node, InSegment):
            inner = self.where(node.node)
            return inner if node.in_ else ~inner
        if isinstance(node, Compare):
            return self.compare(node.attribute, node.op, node.value)
        if isinstance(node, HasTag):
            if node.tag_id is None:
                return FALSE if node.has else TRUE
            tagged: Any
            if self.probe_sets:
                tagged = peewee.fn.EXISTS(
                    PersonTag.select(peewee.SQL("1")).where(
                        (PersonTag.person == Person.id) & (PersonTag.tag == node.tag_id)
                    )
                )
            else:
                tagged = Person.id.in_(PersonTag.select(PersonTag.person).where(PersonTag.tag == node.tag_id))
            return tagged if node.has else ~tagged
        if isinstance(node, InCompany):
            member = Person.company.is_null(False) & (Person.company == node.company_id)
            return member if node.is_ else ~member
        if isinstance(node, HasContact):
            return self.contact(node)
        if isinstance(node, Performed):
            return self.performed(node)
        raise TypeError(f"not a condition node: {node!r}")

    def set_count(self, node: Node) -> Any:
        """A query counting the members of a lone set condition from its own index, or None.

        A tag someone has, a custom value that meets a comparison, an event performed at
        least once: each holds a row (or, for events, rows) per member, and the foreign
        keys remove a person's rows with the person, so the members are counted without
        visiting ``person`` (``COUNT(*) FROM person WHERE id IN (...)`` looks up every
        member's row). Other trees return None.
        """
        while isinstance(node, InSegment | Group) and (
            node.in_ if isinstance(node, InSegment) else len(node.items) == 1
        ):
            node = node.node if isinstance(node, InSegment) else node.items[0]
        count = peewee.fn.COUNT(peewee.SQL("*"))
        if isinstance(node, HasTag) and node.has and node.tag_id is not None:
            return PersonTag.select(count).where(PersonTag.tag == node.tag_id)
        if isinstance(node, Compare) and node.attribute.source == "custom" and node.op not in NEGATED:
            stored = (PersonValue.value, PersonValue.number)
            test = self.holds(stored, node.attribute.kind, node.op, node.value, "stored")
            return PersonValue.select(count).where((PersonValue.attribute == node.attribute.key) & test)
        if isinstance(node, Performed) and node.performed and node.min_count == 1 and node.max_count is None:
            rows = self.event_rows(node.definition_id, node.within_days, node.where)
            return rows.select(peewee.fn.COUNT(Event.person.distinct()))
        return None

    def compare(self, attribute: Attribute, op: str, value: Any) -> Any:
        """``attribute op value`` as a two-valued SQL condition on ``person``."""
        if op in NEGATED:
            return ~self.compare(attribute, NEGATED[op], value)
        kind = attribute.kind
        if attribute.source == "person":
            column = getattr(Person, str(attribute.key))
            return self.holds(column, kind, op, value, "column")
        if attribute.source == "custom":
            having = PersonValue.select(PersonValue.person).where(
                (PersonValue.attribute == attribute.key)
                & self.holds((PersonValue.value, PersonValue.number), kind, op, value, "stored")
            )
            if self.probe_sets:
                return peewee.fn.EXISTS(having.where(PersonValue.person == Person.id))
            return Person.id.in_(having)
        if attribute.source == "company":
            column = getattr(Company, str(attribute.key))
            companies = Company.select(Company.id).where(self.holds(column, kind, op, value, "column"))
            return Person.company.is_null(False) & Person.company.in_(companies)
        if attribute.source == "company_custom":
            valued = CompanyValue.select(CompanyValue.company).where(
                (CompanyValue.attribute == attribute.key)
                & self.holds((CompanyValue.value, CompanyValue.number), kind, op, value, "stored")
            )
            return Person.company.is_null(False) & Person.company.in_(valued)
        from .computed import compare_computed

        return compare_computed(self, attribute.computed, op, value)

    def contact(self, node: HasContact) -> Any:
        """Has an email / a phone / a phone of a country (its calling code)."""
        query = Contact.select(peewee.SQL("1")).where(
            (Contact.person == Person.id) & (Contact.kind == node.kind)
        )
        if node.op == "country":
            code = node.calling_code or ""
            query = query.where(peewee.fn.substr(Contact.value, 1, len(code)) == code)
        found = peewee.fn.EXISTS(query)
        return ~found if node.op == "not_exists" else found

    def event_rows(self, definition_id: int, within_days: int | None, where: tuple[PropertyTest, ...]) -> Any:
        """The events of one definition in a window, passing property tests (a query of persons)."""
        query = Event.select(Event.person).where(Event.definition == definition_id)
        if within_days is not None:
            query = query.where(Event.at.between(self.now - dt.timedelta(days=within_days), self.now))
        for test in where:
            value = self.json_value(Event.properties, test.name, test.kind)
            query = query.where(self.holds(value, test.kind, test.op, test.value, "json"))
        return query

    def performed(self, node: Performed) -> Any:
        """Performed the event ``min_count`` to ``max_count`` times in the window (or not)."""
        rows = self.event_rows(node.definition_id, node.within_days, node.where)
        count = peewee.fn.COUNT(peewee.SQL("*"))
        result: Any
        if self.per_person:
            mine = rows.where(Event.person == Person.id)
            if node.min_count == 1 and node.max_count is None:
                result = peewee.fn.EXISTS(mine)
            else:
                counted = scalar(mine.select(count))
                result = counted >= node.min_count
                if node.max_count is not None:
                    result = result & (counted <= node.max_count)
            return result if node.performed else ~result
        if node.min_count == 0:
            if node.max_count is None:
                result = TRUE
            else:
                result = Person.id.not_in(rows.group_by(Event.person).having(count > node.max_count))
        elif node.min_count == 1 and node.max_count is None:
            result = Person.id.in_(rows)
        else:
            having = count >= node.min_count
            if node.max_count is not None:
                having = having & (count <= node.max_count)
            result = Person.id.in_(rows.group_by(Event.person).having(having))
        return result if node.performed else ~result


def drives(node: Node) -> bool:
    """Whether a person index range answers ``node`` (or a part every member meets): an
    equality on the type, the city or the country, or the company."""
    if isinstance(node, Compare):
        attribute = node.attribute
        return attribute.source == "person" and attribute.key in DRIVING_FIELDS and node.op == "equals"
    if isinstance(node, InCompany):
        return node.is_
    if isinstance(node, InSegment):
        return node.in_ and drives(node.node)
    if isinstance(node, Group):
        return node.kind == "all" and any(drives(item) for item in node.items)
    return False


def scalar(expr: Any) -> Any:
    """``expr`` as a value that comparisons take (a subquery becomes a parenthesised value)."""
    return peewee.NodeList((expr,)) if isinstance(expr, peewee.SelectBase) else expr


def _map(value: Any, op: str, convert: Any) -> Any:
    return (convert(value[0]), convert(value[1])) if op == "between" else convert(value)
