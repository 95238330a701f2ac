"""The condition language of segments and score rules: JSON in, a checked tree out.

A condition is JSON data, never code. ``parse`` checks it against the store's catalog
(attributes, tags, events, companies, segments, computed attributes) and returns a tree
of the node classes below, or raises ``InvalidCondition`` whose message starts with the
path of the bad part (``all[2].any[0]``). The tree is what ``sql`` compiles into one
query and ``evaluate`` checks person by person; both read the same nodes.

Forms (keys other than these are refused, so a typo never silently changes a segment)::

    {"all": [C, ...]}  {"any": [C, ...]}  {"not": C}
    {"field": NAME, "op": OP, "value": V}          NAME: type, a standard attribute of
                                                   the person JSON, custom:<name>,
                                                   computed:<name>
    {"field": "city", "op": "between", "value": [LOW, HIGH]}
    {"field": "birth_date", "op": "within_last_days" | "birthday_within_days", "days": N}
    {"tag": NAME, "op": "has" | "has_not"}
    {"company": NAME, "op": "is" | "is_not"}
    {"company_field": NAME, "op": OP, "value": V}  NAME: a company field or custom:<name>
    {"contact": "email" | "phone", "op": "exists" | "not_exists"}
    {"contact": "phone", "op": "country", "value": "HR"}
    {"event": NAME, "op": "performed" | "not_performed", "min_count": N, "max_count": N,
     "within_days": D, "where": P | [P, ...]}     P: {"property": NAME, "op": OP, "value": V}
    {"segment": NAME, "op": "in" | "not_in"}

Text operators ignore the case of the letters A-Z (other letters compare as written, the
same on SQLite and PostgreSQL). An operator that compares a value is false for a person
without one, except ``not_equals`` and ``is_empty``, which are true.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import phonenumbers

from ..attribute_types import parse_iso_date, parse_iso_datetime
from ..countries import country_code
from ..errors import InvalidValue
from ..fields import PERSON_TYPES
from ..genders import VALUES as GENDERS
from ..text_checks import shown, text_problem

NAME = re.compile(r"[^\W\d][\w .-]{0,63}", re.UNICODE)  # a segment's or computed attribute's name
MAX_DEPTH = 12  # nesting of groups, segment references included
MAX_CONDITIONS = 200  # leaves of one tree
MAX_TEXT = 1_000  # characters of a compared text
MAX_DAYS = 36_600  # about a hundred years
MAX_COUNT = 1_000_000_000

# Kinds of compared values and the operators that fit each.
TEXT, ENUM, NUMBER, BOOLEAN, DATE, DATETIME, LIST = (
    "text",
    "enum",
    "number",
    "boolean",
    "date",
    "datetime",
    "list",
)
_EMPTY = ("is_empty", "is_not_empty")
OPERATORS: dict[str, tuple[str, ...]] = {
    TEXT: ("equals", "not_equals", "contains", "starts_with", *_EMPTY),
    ENUM: ("equals", "not_equals", *_EMPTY),
    NUMBER: ("equals", "not_equals", "greater_than", "less_than", "between", *_EMPTY),
    BOOLEAN: ("equals", *_EMPTY),
    DATE: ("equals", "before", "after", "between", "within_last_days", "birthday_within_days", *_EMPTY),
    DATETIME: ("before", "after", "between", "within_last_days", *_EMPTY),
    LIST: _EMPTY,
}
# The kind of each custom attribute (and event property) type.
TYPE_KINDS = {
    "text": TEXT,
    "decimal": NUMBER,
    "whole": NUMBER,
    "boolean": BOOLEAN,
    "date": DATE,
    "datetime": DATETIME,
    "list": LIST,
}
PERSON_FIELD_KINDS = {
    "type": ENUM,
    "external_id": TEXT,
    "first_name": TEXT,
    "last_name": TEXT,
    "middle_name": TEXT,
    "nickname": TEXT,
    "gender": ENUM,
    "birth_date": DATE,
    "address": TEXT,
    "city": TEXT,
    "country": TEXT,
    "preferred_language": TEXT,
    "profile_picture_url": TEXT,
    "created_at": DATETIME,
    "modified_at": DATETIME,
}
COMPANY_FIELD_KINDS = {
    "name": TEXT,
    "external_id": TEXT,
    "domain": TEXT,
    "industry": TEXT,
    "size": TEXT,
    "address": TEXT,
    "city": TEXT,
    "country": TEXT,
}
ENUM_VALUES = {"type": PERSON_TYPES, "gender": tuple(sorted(GENDERS))}
KIND_LABELS = {
    TEXT: "Text",
    ENUM: "choice",
    NUMBER: "number",
    BOOLEAN: "True/False",
    DATE: "Date",
    DATETIME: "Date Time",
    LIST: "List of objects",
}


class InvalidCondition(InvalidValue):
    """A condition that cannot be saved or counted; ``path`` points at the bad part."""

    def __init__(self, path: str, message: str, value: Any = None) -> None:
        where = f"Condition {path}" if path else "Condition"
        super().__init__(f"{where}: {message}", field="condition", value=value)
        self.path = path


# -- the checked tree ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """What a comparison reads: a person or company field, a custom or a computed value.

    ``source`` is ``person``, ``custom``, ``computed``, ``company`` or ``company_custom``;
    ``key`` the field name, or the definition id; ``kind`` one of the kinds above.
    ``computed`` is the parsed definition when ``source`` is ``computed``.
    """

    source: str
    key: str | int
    name: str
    kind: str
    computed: Any = None

    @property
    def label(self) -> str:
        """How explain names it: ``city``, ``custom:plan``, ``company industry``."""
        if self.source in ("custom", "computed"):
            return f"{self.source}:{self.name}"
        if self.source == "company_custom":
            return f"company custom:{self.name}"
        if self.source == "company":
            return f"company {self.name}"
        return self.name


@dataclass(frozen=True)
class Compare:
    """``attribute op value``; ``value`` is checked for the kind (a pair for between)."""

    path: str
    attribute: Attribute
    op: str
    value: Any = None


@dataclass(frozen=True)
class HasTag:
    """The person has (``has`` True) or lacks a tag; ``tag_id`` None for a tag deleted since."""

    path: str
    name: str
    tag_id: int | None
    has: bool


@dataclass(frozen=True)
class InCompany:
    """The person belongs (``is_`` True) or does not belong to a company."""

    path: str
    name: str
    company_id: int
    is_: bool


@dataclass(frozen=True)
class HasContact:
    """The person has (or lacks) an email or phone; ``calling_code`` for ``country``."""

    path: str
    kind: str
    op: str
    region: str | None = None
    calling_code: str | None = None


@dataclass(frozen=True)
class PropertyTest:
    """A condition on one property of an event: ``name op value``."""

    name: str
    kind: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class Performed:
    """The person performed an event between ``min_count`` and ``max_count`` times (None: no
    upper bound) within the last ``within_days`` days (None: ever), counting the events
    whose properties pass every test of ``where``; ``performed`` False negates it."""

    path: str
    name: str
    definition_id: int
    performed: bool
    min_count: int
    max_count: int | None
    within_days: int | None
    where: tuple[PropertyTest, ...]


@dataclass(frozen=True)
class InSegment:
    """The person is (or is not) a member of another segment, whose tree is ``node``."""

    path: str
    name: str
    node: Node
    in_: bool


@dataclass(frozen=True)
class Group:
    """``all`` (every item holds) or ``any`` (at least one does)."""

    path: str
    kind: str
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The item does not hold."""

    path: str
    item: Node


Node: TypeAlias = "Group | Not | Compare | HasTag | InCompany | HasContact | Performed | InSegment"


# -- the catalog a condition is checked against -----------------------------------------


@dataclass(frozen=True)
class EventInfo:
    """An event definition as conditions see it: id and property kinds by name."""

    id: int
    name: str
    properties: Mapping[str, str]


class Catalog:
    """Names a condition may use, read from the store once per ``parse``.

    ``segments`` maps a folded name to ``(name, condition)``, ``computed`` to ``(id, name,
    kind, spec)``; the parse of a
    referenced one is cached, and a reference back to one being parsed is a cycle.
    """

    def __init__(
        self,
        *,
        custom: Mapping[str, tuple[int, str, str]],
        company_custom: Mapping[str, tuple[int, str, str]],
        tags: Mapping[str, tuple[int, str]],
        companies: Any,
        events: Mapping[str, EventInfo],
        segments: Mapping[str, tuple[str, Any]],
        computed: Mapping[str, tuple[int, str, str, Any]],
        fold: Any,
        event_key: Any,
        tag_key: Any,
    ) -> None:
        self.custom = custom
        self.company_custom = company_custom
        self.tags = tags
        self.companies = companies
        self.events = events
        self.segments = segments
        self.computed = computed
        self.fold = fold
        self.event_key = event_key
        self.tag_key = tag_key
        self.parsed_segments: dict[str, Node] = {}
        self.parsed_computed: dict[str, Any] = {}
        self.in_progress: list[str] = []


# -- parsing --------------------------------------------------------------------------------


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return f"{path}{part}"
    return f"{path}.{part}" if path else part


class Parser:
    def __init__(self, catalog: Catalog, parse_computed: Any) -> None:
        self.catalog = catalog
        self.parse_computed = parse_computed
        self.leaves = 0

    def node(self, data: Any, path: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise InvalidCondition(path, f"groups nest deeper than {MAX_DEPTH} levels.")
        if not isinstance(data, Mapping):
            raise InvalidCondition(path, f"a condition is a JSON object, not {shown(data)}.", data)
        for group in ("all", "any"):
            if group in data:
                self._keys(data, path, {group})
                items = data[group]
                if not isinstance(items, list) or not items:
                    raise InvalidCondition(
                        _join(path, group), f"{group!r} takes a non-empty list of conditions.", items
                    )
                return Group(
                    path,
                    group,
                    tuple(
                        self.node(item, _join(path, f"{group}[{i}]"), depth + 1)
                        for i, item in enumerate(items)
                    ),
                )
        if "not" in data:
            self._keys(data, path, {"not"})
            return Not(path, self.node(data["not"], _join(path, "not"), depth + 1))
        self.leaves += 1
        if self.leaves > MAX_CONDITIONS:
            raise InvalidCondition(path, f"a condition may hold at most {MAX_CONDITIONS} conditions.")
        for key, method in (
            ("field", self.field),
            ("tag", self.tag),
            ("company", self.company),
            ("company_field", self.company_field),
            ("contact", self.contact),
            ("event", self.event),
            ("segment", self.segment),
        ):
            if key in data:
                return method(data, path, depth)
        raise InvalidCondition(
            path,
            "a condition needs one of 'all', 'any', 'not', 'field', 'tag', 'company', "
            f"'company_field', 'contact', 'event' or 'segment'; got keys {shown(sorted(map(str, data)))}.",
            data,
        )

    def _keys(self, data: Mapping[str, Any], path: str, allowed: set[str]) -> None:
        extra = sorted(str(k) for k in data if k not in allowed)
        if extra:
            raise InvalidCondition(
                path,
                f"unexpected key {extra[0]!r} (this condition takes {', '.join(sorted(allowed))}).",
                extra[0],
            )

    def _op(self, data: Mapping[str, Any], path: str, allowed: tuple[str, ...], what: str) -> str:
        op = data.get("op")
        if op not in allowed:
            raise InvalidCondition(
                _join(path, "op"),
                f"{shown(op)} is not an operator for {what}; use one of {', '.join(allowed)}.",
                op,
            )
        return str(op)

    def _name(self, data: Mapping[str, Any], key: str, path: str) -> str:
        name = data.get(key)
        if not isinstance(name, str) or not name.strip():
            raise InvalidCondition(_join(path, key), f"{key!r} takes a name, not {shown(name)}.", name)
        return name.strip()

    # comparisons ------------------------------------------------------------------------

    def field(self, data: Mapping[str, Any], path: str, depth: int) -> Compare:
        name = self._name(data, "field", path)
        attribute = self.person_attribute(name, _join(path, "field"), depth)
        return self.compare(data, path, attribute, "field")

    def company_field(self, data: Mapping[str, Any], path: str, depth: int) -> Compare:
        name = self._name(data, "company_field", path)
        where = _join(path, "company_field")
        if name.startswith("custom:"):
            found = self.catalog.company_custom.get(self.catalog.fold(name[7:]))
            if found is None:
                raise InvalidCondition(where, f"there is no company attribute {name[7:]!r}.", name)
            attr_id, real, type_ = found
            attribute = Attribute("company_custom", attr_id, real, TYPE_KINDS[type_])
        elif name in COMPANY_FIELD_KINDS:
            attribute = Attribute("company", name, name, COMPANY_FIELD_KINDS[name])
        else:
            raise InvalidCondition(
                where,
                f"{name!r} is not a company field; use one of {', '.join(COMPANY_FIELD_KINDS)} or custom:<name>.",
                name,
            )
        return self.compare(data, path, attribute, "company_field")

    def person_attribute(self, name: str, where: str, depth: int) -> Attribute:
        """The attribute ``name`` names (``city``, ``custom:plan``, ``computed:score``)."""
        if name.startswith("custom:"):
            found = self.catalog.custom.get(self.catalog.fold(name[7:]))
            if found is None:
                raise InvalidCondition(where, f"there is no person attribute {name[7:]!r}.", name)
            attr_id, real, type_ = found
            return Attribute("custom", attr_id, real, TYPE_KINDS[type_])
        if name.startswith("computed:"):
            key = self.catalog.fold(name[9:])
            if key not in self.catalog.computed:
                raise InvalidCondition(where, f"there is no computed attribute {name[9:]!r}.", name)
            definition = self.referenced_computed(key, where, depth)
            return Attribute("computed", definition.id, definition.name, definition.kind_of_value, definition)
        if name in PERSON_FIELD_KINDS:
            return Attribute("person", name, name, PERSON_FIELD_KINDS[name])
        raise InvalidCondition(
            where,
            f"{name!r} is not a person attribute; use type, one of {', '.join(list(PERSON_FIELD_KINDS)[1:])}, "
            "custom:<name> or computed:<name>.",
            name,
        )

    def referenced_computed(self, key: str, where: str, depth: int) -> Any:
        """The parsed computed definition ``key`` (a cycle or a bad definition is refused)."""
        cached = self.catalog.parsed_computed.get(key)
        if cached is not None:
            return cached
        ident, name, kind, spec = self.catalog.computed[key]
        marker = f"computed:{key}"
        if marker in self.catalog.in_progress:
            raise InvalidCondition(where, f"computed attribute {name!r} refers back to itself.", name)
        self.catalog.in_progress.append(marker)
        try:
            definition = self.parse_computed(name, kind, spec, self.catalog, depth + 1, ident)
        finally:
            self.catalog.in_progress.pop()
        self.catalog.parsed_computed[key] = definition
        return definition

    def compare(self, data: Mapping[str, Any], path: str, attribute: Attribute, key: str) -> Compare:
        kind = attribute.kind
        op = self._op(data, path, OPERATORS[kind], f"{attribute.label} ({KIND_LABELS[kind]})")
        if op in _EMPTY:
            self._keys(data, path, {key, "op"})
            return Compare(path, attribute, op)
        if op in ("within_last_days", "birthday_within_days"):
            self._keys(data, path, {key, "op", "days"})
            limit = 366 if op == "birthday_within_days" else MAX_DAYS
            return Compare(path, attribute, op, _whole(data.get("days"), _join(path, "days"), 0, limit))
        self._keys(data, path, {key, "op", "value"})
        where = _join(path, "value")
        if "value" not in data:
            raise InvalidCondition(where, f"{op!r} needs a value.")
        raw = data["value"]
        if op == "between":
            if not isinstance(raw, list) or len(raw) != 2:
                raise InvalidCondition(where, f"'between' takes a list of two values, not {shown(raw)}.", raw)
            low = check_value(attribute.name, kind, raw[0], f"{where}[0]", op)
            high = check_value(attribute.name, kind, raw[1], f"{where}[1]", op)
            if low > high:
                raise InvalidCondition(
                    where, f"the first value {shown(raw[0])} is above the second {shown(raw[1])}.", raw
                )
            return Compare(path, attribute, op, (low, high))
        value = check_value(attribute.name, kind, raw, where, op)
        if (
            attribute.name == "country"
            and attribute.source in ("person", "company")
            and op in ("equals", "not_equals")
        ):
            try:
                value = country_code(value)  # stored as the ISO code: "Croatia" means HR
            except InvalidValue as error:
                raise InvalidCondition(where, error.message, raw) from None
        if kind == ENUM:
            allowed = ENUM_VALUES[attribute.name]
            if value not in allowed:
                raise InvalidCondition(
                    where, f"{attribute.name} is one of {', '.join(allowed)}, not {shown(raw)}.", raw
                )
        return Compare(path, attribute, op, value)

    # other leaves -----------------------------------------------------------------------

    def tag(self, data: Mapping[str, Any], path: str, depth: int) -> HasTag:
        self._keys(data, path, {"tag", "op"})
        name = self._name(data, "tag", path)
        op = self._op(data, path, ("has", "has_not"), "a tag")
        try:
            found = self.catalog.tags.get(self.catalog.tag_key(name))
        except InvalidValue as error:
            raise InvalidCondition(_join(path, "tag"), error.message, name) from None
        if found is None:
            raise InvalidCondition(_join(path, "tag"), f"there is no tag {name!r}.", name)
        return HasTag(path, found[1], found[0], op == "has")

    def company(self, data: Mapping[str, Any], path: str, depth: int) -> InCompany:
        self._keys(data, path, {"company", "op"})
        name = self._name(data, "company", path)
        op = self._op(data, path, ("is", "is_not"), "a company")
        found = self.catalog.companies(name)
        if found is None:
            raise InvalidCondition(_join(path, "company"), f"there is no company {name!r}.", name)
        return InCompany(path, found[1], found[0], op == "is")

    def contact(self, data: Mapping[str, Any], path: str, depth: int) -> HasContact:
        kind = data.get("contact")
        if kind not in ("email", "phone"):
            raise InvalidCondition(
                _join(path, "contact"), f"'contact' is email or phone, not {shown(kind)}.", kind
            )
        allowed = ("exists", "not_exists", "country") if kind == "phone" else ("exists", "not_exists")
        op = self._op(data, path, allowed, f"contact {kind}")
        if op != "country":
            self._keys(data, path, {"contact", "op"})
            return HasContact(path, str(kind), op)
        self._keys(data, path, {"contact", "op", "value"})
        region = data.get("value")
        code = phonenumbers.country_code_for_region(region.upper()) if isinstance(region, str) else 0
        if not code:
            raise InvalidCondition(
                _join(path, "value"), f"{shown(region)} is not a country code such as HR or DE.", region
            )
        return HasContact(path, "phone", op, str(region).upper(), f"+{code}")

    def event(self, data: Mapping[str, Any], path: str, depth: int) -> Performed:
        self._keys(data, path, {"event", "op", "min_count", "max_count", "within_days", "where"})
        name = self._name(data, "event", path)
        found = self.catalog.events.get(self.catalog.event_key(name))
        if found is None:
            raise InvalidCondition(_join(path, "event"), f"there is no event {name!r}.", name)
        op = self._op(data, path, ("performed", "not_performed"), "an event")
        low = _whole(data.get("min_count", 1), _join(path, "min_count"), 0, MAX_COUNT)
        high = None
        if data.get("max_count") is not None:
            high = _whole(data["max_count"], _join(path, "max_count"), 0, MAX_COUNT)
            if high < low:
                raise InvalidCondition(
                    _join(path, "max_count"), f"max_count {high} is below min_count {low}.", high
                )
        days = None
        if data.get("within_days") is not None:
            days = _whole(data["within_days"], _join(path, "within_days"), 1, MAX_DAYS)
        raw_where = data.get("where", [])
        tests = raw_where if isinstance(raw_where, list) else [raw_where]
        where = tuple(
            self.property_test(
                found,
                test,
                _join(path, f"where[{i}]") if isinstance(raw_where, list) else _join(path, "where"),
            )
            for i, test in enumerate(tests)
        )
        return Performed(path, found.name, found.id, op == "performed", low, high, days, where)

    def property_test(self, event: EventInfo, data: Any, path: str) -> PropertyTest:
        if not isinstance(data, Mapping):
            raise InvalidCondition(path, f"a property condition is a JSON object, not {shown(data)}.", data)
        name = self._name(data, "property", path)
        type_ = event.properties.get(name)
        if type_ is None:
            known = ", ".join(event.properties) or "none"
            raise InvalidCondition(
                _join(path, "property"),
                f"event {event.name!r} has no property {name!r} (it has: {known}).",
                name,
            )
        attribute = Attribute("property", name, name, TYPE_KINDS[type_])
        compare = self.compare(data, path, attribute, "property")
        return PropertyTest(name, attribute.kind, compare.op, compare.value)

    def segment(self, data: Mapping[str, Any], path: str, depth: int) -> InSegment:
        self._keys(data, path, {"segment", "op"})
        name = self._name(data, "segment", path)
        op = self._op(data, path, ("in", "not_in"), "a segment")
        key = self.catalog.fold(name)
        if key not in self.catalog.segments:
            raise InvalidCondition(_join(path, "segment"), f"there is no segment {name!r}.", name)
        real, condition = self.catalog.segments[key]
        marker = f"segment:{key}"
        if marker in self.catalog.in_progress:
            raise InvalidCondition(_join(path, "segment"), f"segment {real!r} refers back to itself.", name)
        node = self.catalog.parsed_segments.get(key)
        if node is None:
            self.catalog.in_progress.append(marker)
            try:
                node = Parser(self.catalog, self.parse_computed).node(condition, "", depth + 1)
            except InvalidCondition as error:
                raise InvalidCondition(
                    _join(path, "segment"), f"segment {real!r} cannot be used: {error.message}", name
                ) from None
            finally:
                self.catalog.in_progress.pop()
            self.catalog.parsed_segments[key] = node
        return InSegment(path, real, node, op == "in")


def _whole(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidCondition(
            path, f"takes a whole number from {low} to {high:,}, not {shown(value)}.", value
        )
    return value


def check_value(name: str, kind: str, raw: Any, path: str, op: str) -> Any:
    """The compared value ``raw`` checked for ``kind``: text, a float, a bool, a date, a naive
    UTC datetime. Raises ``InvalidCondition`` naming the path, the attribute and the value."""
    what = f"{name} ({KIND_LABELS[kind]})"
    if kind in (TEXT, ENUM):
        if not isinstance(raw, str) or not raw:
            raise InvalidCondition(path, f"{op!r} on {what} takes a non-empty text, not {shown(raw)}.", raw)
        problem = text_problem(raw, MAX_TEXT)
        if problem:
            raise InvalidCondition(path, f"the value {problem}.", raw)
        return raw.lower() if kind == ENUM else raw
    if kind == NUMBER:
        number = raw
        if isinstance(raw, str):
            try:
                number = float(raw.strip())
            except ValueError:
                number = None
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(float(number))
        ):
            raise InvalidCondition(path, f"{op!r} on {what} takes a number, not {shown(raw)}.", raw)
        if abs(float(number)) > 1e300:
            raise InvalidCondition(path, f"{shown(raw)} is too large a number.", raw)
        return float(number)
    if kind == BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        raise InvalidCondition(path, f"{what} is compared with true or false, not {shown(raw)}.", raw)
    if kind == DATE:
        day = parse_iso_date(raw) if isinstance(raw, str) else None
        if day is None:
            raise InvalidCondition(
                path, f"{op!r} on {what} takes a date as yyyy-mm-dd, not {shown(raw)}.", raw
            )
        return day
    if kind == DATETIME:
        moment = parse_iso_datetime(raw) if isinstance(raw, str) else None
        if moment is None:
            raise InvalidCondition(
                path,
                f"{op!r} on {what} takes an ISO 8601 time such as 2026-03-01T10:00:00Z, not {shown(raw)}.",
                raw,
            )
        return moment.replace(tzinfo=None)
    raise InvalidCondition(path, f"{what} cannot be compared with a value.", raw)


def parse(data: Any, catalog: Catalog, parse_computed: Any, *, path: str = "", depth: int = 0) -> Node:
    """The checked tree of the condition ``data``.

    ``parse_computed(name, kind, spec, catalog, depth)`` parses a computed attribute the
    condition refers to (given by ``segments.computed``, which itself parses score rules
    with this function).

    Raises:
        InvalidCondition: the first bad part, with its path.
    """
    return Parser(catalog, parse_computed).node(data, path, depth)


def clean_name(name: Any, what: str) -> str:
    """A segment's or computed attribute's name, trimmed; ``InvalidValue`` naming ``what``."""
    text = name.strip() if isinstance(name, str) else ""
    if not NAME.fullmatch(text):
        raise InvalidValue(
            f"{what} name {shown(name)} must start with a letter and have at most 64 letters, "
            "digits, spaces, '.', '_' or '-'.",
            field="name",
            value=name,
        )
    return text


def today_and_now(now: dt.datetime | None) -> tuple[dt.date, dt.datetime]:
    """The day and naive-UTC moment that relative conditions are judged at."""
    from ..models import utcnow

    moment = now or utcnow()
    return moment.date(), moment
