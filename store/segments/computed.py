"""Computed attributes (SPEC 2.3): read-only person values from a formula, events or score rules.

Three kinds, each saved as JSON in ``computed_attribute``:

- ``formula``: ``{"formula": "{custom:visits} * 2"}`` (see ``formula``);
- ``aggregate``: ``{"function": "sum", "event": "Purchase", "property": "amount",
  "within_days": 90, "where": [...]}``, function one of count, sum, avg, min, max,
  first, last (first/last of a property, or of the event's time without one);
- ``score``: ``{"rules": [{"points": 10, "condition": {...}}, ...]}``, conditions in the
  segment language.

Nothing is stored per person: a value is worked out by the database when it is read
(the person JSON, an export, a segment condition), as a SQL expression of the current
data, so it is always current and costs nothing on a write. ``count`` and ``sum`` of
nothing are 0; the others are empty. Setting one is refused (``READ_ONLY_ATTRIBUTE``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import peewee

from ..db import db, tuple_rows
from ..errors import DuplicateValue, InvalidValue, NotFound
from ..events.models import Event
from ..folding import fold
from ..models import Person, PersonValue
from ..text_checks import shown
from . import language
from .formula import Bin, Call, Expr, Neg, Num, Ref, parse_formula
from .language import DATETIME, NUMBER, Attribute, Catalog, InvalidCondition, Node, PropertyTest
from .models import ComputedAttribute

KINDS = ("formula", "aggregate", "score")
FUNCTIONS = ("count", "sum", "avg", "min", "max", "first", "last")
MAX_RULES = 50


@dataclass(frozen=True)
class Aggregate:
    """An event aggregation: ``function`` of ``prop`` (name, kind) over matching events."""

    function: str
    definition_id: int
    event: str
    prop: tuple[str, str] | None
    within_days: int | None
    where: tuple[PropertyTest, ...]


@dataclass(frozen=True)
class Score:
    """Points per rule: the sum of the points of the rules whose condition holds."""

    rules: tuple[tuple[float, Node], ...]


@dataclass(frozen=True)
class ComputedDefinition:
    """A parsed computed attribute; ``kind_of_value`` is a condition-language kind."""

    id: int
    name: str
    kind: str
    kind_of_value: str
    body: Expr | Aggregate | Score
    spec: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The definition as JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "value_kind": self.kind_of_value,
            **self.spec,
        }


def parse_definition(
    name: str, kind: str, spec: Any, catalog: Catalog, depth: int, ident: int = 0
) -> ComputedDefinition:
    """Check a computed attribute's ``spec`` of ``kind`` against the catalog."""
    if kind not in KINDS:
        raise InvalidValue(
            f"Computed attribute kind {kind!r} is not one of {', '.join(KINDS)}.", field="kind", value=kind
        )
    if not isinstance(spec, Mapping):
        raise InvalidCondition("", f"a {kind} definition is a JSON object, not {shown(spec)}.", spec)
    if kind == "formula":
        _keys(spec, {"formula"})
        parser = language.Parser(catalog, parse_definition)
        body: Expr | Aggregate | Score = parse_formula(
            spec.get("formula"), lambda text: parser.person_attribute(text, "formula", depth), "formula"
        )
        return ComputedDefinition(ident, name, kind, NUMBER, body, dict(spec))
    if kind == "aggregate":
        return _aggregate(ident, name, spec, catalog, depth)
    _keys(spec, {"rules"})
    rules = spec.get("rules")
    if not isinstance(rules, list) or not rules or len(rules) > MAX_RULES:
        raise InvalidCondition("rules", f"a score takes a list of 1 to {MAX_RULES} rules.", rules)
    parsed = []
    for i, rule in enumerate(rules):
        where = f"rules[{i}]"
        if not isinstance(rule, Mapping) or set(rule) != {"points", "condition"}:
            raise InvalidCondition(where, 'a rule is {"points": N, "condition": {...}}.', rule)
        points = rule["points"]
        if isinstance(points, bool) or not isinstance(points, int | float) or abs(points) > 1e9:
            raise InvalidCondition(f"{where}.points", f"points are a number, not {shown(points)}.", points)
        node = language.parse(
            rule["condition"], catalog, parse_definition, path=f"{where}.condition", depth=depth + 1
        )
        parsed.append((float(points), node))
    return ComputedDefinition(ident, name, kind, NUMBER, Score(tuple(parsed)), dict(spec))


def _keys(spec: Mapping[str, Any], allowed: set[str]) -> None:
    extra = sorted(str(k) for k in spec if k not in allowed)
    if extra:
        raise InvalidCondition(
            extra[0], f"unexpected key {extra[0]!r} (this takes {', '.join(sorted(allowed))}).", extra[0]
        )


def _aggregate(
    ident: int, name: str, spec: Mapping[str, Any], catalog: Catalog, depth: int
) -> ComputedDefinition:
    _keys(spec, {"function", "event", "property", "within_days", "where"})
    function = spec.get("function")
    if function not in FUNCTIONS:
        raise InvalidCondition(
            "function", f"{shown(function)} is not one of {', '.join(FUNCTIONS)}.", function
        )
    parser = language.Parser(catalog, parse_definition)
    performed = parser.event(
        {k: spec[k] for k in ("event", "within_days", "where") if k in spec} | {"op": "performed"}, "", depth
    )
    event = catalog.events[catalog.event_key(performed.name)]
    prop = spec.get("property")
    prop_kind: tuple[str, str] | None = None
    if prop is not None:
        if function == "count":
            raise InvalidCondition("property", "count counts events; it takes no property.", prop)
        type_ = event.properties.get(prop) if isinstance(prop, str) else None
        if type_ is None:
            raise InvalidCondition("property", f"event {event.name!r} has no property {shown(prop)}.", prop)
        prop_kind = (str(prop), language.TYPE_KINDS[type_])
        if function in ("sum", "avg", "min", "max") and prop_kind[1] != NUMBER:
            raise InvalidCondition(
                "property", f"{function} needs a number property; {prop!r} is not one.", prop
            )
        if prop_kind[1] == language.LIST:
            raise InvalidCondition(
                "property", f"{prop!r} is a List of objects, which has no single value.", prop
            )
    elif function in ("sum", "avg", "min", "max"):
        raise InvalidCondition("property", f"{function} needs the number property it is taken of.")
    value_kind = (prop_kind[1] if prop_kind else DATETIME) if function in ("first", "last") else NUMBER
    body = Aggregate(str(function), event.id, event.name, prop_kind, performed.within_days, performed.where)
    return ComputedDefinition(ident, name, "aggregate", value_kind, body, dict(spec))


# -- SQL --------------------------------------------------------------------------------


def sql_value(compiler: Any, definition: ComputedDefinition) -> Any:
    """The attribute's value for the outer ``person`` row, as one SQL expression."""
    body = definition.body
    if isinstance(body, Score):
        # A score is read for one page or for the candidates other conditions leave: its
        # rules look up the person rather than build every matching set.
        rules = type(compiler)(compiler.now, per_person=True)
        total: Any = peewee.Value(0.0)
        for points, node in body.rules:
            total = total + peewee.Case(None, [(rules.where(node), points)], 0.0)
        return compiler.real(total)
    if isinstance(body, Aggregate):
        return _aggregate_scalar(compiler, body)
    return _formula(compiler, body)


def _aggregate_value(compiler: Any, body: Aggregate) -> Any:
    if body.function == "count":
        return peewee.fn.COUNT(peewee.SQL("*"))
    value = compiler.json_value(Event.properties, body.prop[0], NUMBER)  # type: ignore[index]
    return getattr(peewee.fn, body.function.upper())(value)


def _aggregate_scalar(compiler: Any, body: Aggregate) -> Any:
    rows = compiler.event_rows(body.definition_id, body.within_days, body.where).where(
        Event.person == Person.id
    )
    if body.function in ("first", "last"):
        if body.prop is None:
            value: Any = Event.at
        else:
            value = compiler.json_value(Event.properties, body.prop[0], body.prop[1])
            rows = rows.where(value.is_null(False))
        order = [Event.at, Event.id] if body.function == "first" else [Event.at.desc(), Event.id.desc()]
        return rows.select(value).order_by(*order).limit(1)
    aggregated = rows.select(_aggregate_value(compiler, body))
    if body.function in ("count", "sum"):
        return compiler.real(peewee.fn.COALESCE(aggregated, 0))
    return compiler.real(aggregated)


def _formula(compiler: Any, expr: Expr) -> Any:
    if isinstance(expr, Num):
        return compiler.real(peewee.Value(expr.value))
    if isinstance(expr, Ref):
        return compiler.real(_number_of(compiler, expr.attribute))
    if isinstance(expr, Neg):
        return -_formula(compiler, expr.item)
    if isinstance(expr, Bin):
        left, right = _formula(compiler, expr.left), _formula(compiler, expr.right)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        if expr.op == "*":
            return left * right
        return left / peewee.fn.NULLIF(right, 0.0)
    return _call(compiler, expr)


def _call(compiler: Any, call: Call) -> Any:
    if call.name in ("age", "days_since"):
        attribute = call.args[0].attribute  # type: ignore[union-attr]
        day = _iso_day(compiler, attribute)
        if call.name == "age":
            year = compiler.real(peewee.fn.substr(day, 1, 4).cast("INTEGER"))
            later = peewee.Case(
                None, [(peewee.fn.substr(day, 6, 5) > compiler.today.strftime("%m-%d"), 1.0)], 0.0
            )
            return compiler.real(float(compiler.today.year) - year - later)
        if compiler.postgres:
            return compiler.real(peewee.Value(compiler.today).cast("date") - day.cast("date"))
        return compiler.real(peewee.fn.julianday(compiler.today.isoformat()) - peewee.fn.julianday(day))
    args = [_formula(compiler, arg) for arg in call.args]
    if call.name == "abs":
        return peewee.fn.abs(args[0])
    if call.name == "coalesce":
        return peewee.fn.COALESCE(args[0], args[1])
    a, b = args
    pick = (a <= b) if call.name == "min" else (a >= b)
    return peewee.Case(None, [(a.is_null() | b.is_null(), None), (pick, a)], b)


def _iso_day(compiler: Any, attribute: Attribute) -> Any:
    """A date or time attribute as its ``yyyy-mm-dd`` (UTC) text."""
    if attribute.source == "person":
        return compiler.iso_date(getattr(Person, str(attribute.key)))
    if attribute.source == "custom":
        stored = PersonValue.select(PersonValue.value).where(
            (PersonValue.person == Person.id) & (PersonValue.attribute == attribute.key)
        )
        return peewee.fn.substr(stored, 1, 10)
    value = sql_value(compiler, attribute.computed)
    return compiler.iso_date(value) if compiler.postgres else peewee.fn.substr(value, 1, 10)


def _number_of(compiler: Any, attribute: Attribute) -> Any:
    if attribute.source == "custom":
        return PersonValue.select(PersonValue.number).where(
            (PersonValue.person == Person.id) & (PersonValue.attribute == attribute.key)
        )
    return sql_value(compiler, attribute.computed)


def compare_computed(compiler: Any, definition: ComputedDefinition, op: str, value: Any) -> Any:
    """A condition on a computed attribute (``op`` is never a negated one here).

    Aggregates of numbers are answered from one grouped pass over the event index: the
    persons whose value meets the condition, or, where a person without events meets it
    (``count less_than 3``), everyone but those whose value fails it.
    """
    body = definition.body
    if isinstance(body, Aggregate) and body.function not in ("first", "last"):
        from .evaluate import compare_value

        default = 0.0 if body.function in ("count", "sum") else None
        aggregated = _aggregate_value(compiler, body)
        if body.function in ("count", "sum"):
            aggregated = peewee.fn.COALESCE(aggregated, 0)
        test = compiler.holds(compiler.real(aggregated), NUMBER, op, value, "number")
        rows = compiler.event_rows(body.definition_id, body.within_days, body.where).group_by(Event.person)
        if compare_value(NUMBER, op, value, default, compiler.today, compiler.now):
            return Person.id.not_in(rows.having(~test))
        return Person.id.in_(rows.having(test))
    form = "number" if definition.kind_of_value == NUMBER else "json"
    if isinstance(body, Aggregate) and body.prop is None:
        form = "column"
    return compiler.holds(sql_value(compiler, definition), definition.kind_of_value, op, value, form)


# -- reading values --------------------------------------------------------------------


def json_form(kind: str, value: Any) -> Any:
    """A computed value as the person JSON shows it (whole numbers without ``.0``)."""
    if value is None:
        return None
    if kind == NUMBER:
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == language.BOOLEAN:
        return value in (True, 1, "true")
    if kind == DATETIME and isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC).isoformat()
    if kind == DATETIME and isinstance(value, str) and "T" not in value and "+" not in value:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC).isoformat()
    return value


def values_for(
    person_ids: list[int], names: list[str] | None = None, *, now: dt.datetime | None = None
) -> dict[int, dict[str, Any]]:
    """The computed values of these persons (``{id: {name: value}}``), one query.

    ``names`` limits them to those attributes (every one by default).
    """
    from .catalog import load_catalog
    from .sql import Compiler

    rows = list(ComputedAttribute.select().order_by(ComputedAttribute.name_key))
    if names is not None:
        wanted = {fold(n) for n in names}
        rows = [r for r in rows if r.name_key in wanted]
    if not rows or not person_ids:
        return {i: {} for i in person_ids}
    catalog = load_catalog()
    compiler = Compiler(language.today_and_now(now)[1])
    definitions = [parse_definition(r.name, r.kind, json.loads(r.spec), catalog, 0, r.id) for r in rows]
    columns = [sql_value(compiler, d).alias(f"c{i}") for i, d in enumerate(definitions)]
    query = Person.select(Person.id, *columns).where(Person.id.in_(person_ids))
    result: dict[int, dict[str, Any]] = {i: {} for i in person_ids}
    for person_id, *values in tuple_rows(query):
        result[person_id] = {
            d.name: json_form(d.kind_of_value, v) for d, v in zip(definitions, values, strict=True)
        }
    return result


# -- definitions -----------------------------------------------------------------------


def define_computed(name: str, kind: str, spec: Mapping[str, Any]) -> ComputedDefinition:
    """Create a computed attribute; its name must not be a custom person attribute's."""
    from ..attributes import find_definition
    from .catalog import load_catalog

    text = language.clean_name(name, "Computed attribute")
    with db.atomic():
        if ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(text)) is not None:
            raise DuplicateValue(f"Computed attribute {text!r} already exists.", field="name", value=name)
        if find_definition(text, "person") is not None:
            raise DuplicateValue(
                f"{text!r} is already a custom person attribute; a computed one needs another name.",
                field="name",
                value=name,
            )
        definition = parse_definition(text, kind, spec, load_catalog(), 0)
        row = ComputedAttribute.create(name=text, name_key=fold(text), kind=kind, spec=json.dumps(dict(spec)))
    return ComputedDefinition(row.id, text, kind, definition.kind_of_value, definition.body, dict(spec))


def get_computed(name: str) -> ComputedDefinition:
    """The computed attribute ``name``, parsed, or ``NotFound`` naming it."""
    from .catalog import load_catalog

    row = ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(name))
    if row is None:
        raise NotFound(f"There is no computed attribute {name!r}.", field="computed", value=name)
    return parse_definition(row.name, row.kind, json.loads(row.spec), load_catalog(), 0, row.id)


def list_computed() -> list[dict[str, Any]]:
    """Every computed attribute as JSON-ready data, by name."""
    return [
        {"id": r.id, "name": r.name, "kind": r.kind, **json.loads(r.spec)}
        for r in ComputedAttribute.select().order_by(ComputedAttribute.name_key)
    ]


def delete_computed(name: str) -> None:
    """Delete a computed attribute no segment or other computed attribute uses."""
    from .references import refuse_if_used

    row = ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(name))
    if row is None:
        raise NotFound(f"There is no computed attribute {name!r}.", field="computed", value=name)
    with db.atomic():
        refuse_if_used("computed", row.name)
        row.delete_instance()


def is_computed(name: str) -> bool:
    """Whether ``name`` is a computed attribute's name (any case)."""
    return ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(name)) is not None


def refuse_setting(names: Any) -> None:
    """``READ_ONLY_ATTRIBUTE`` when any of ``names`` is a computed attribute."""
    from ..errors import ReadOnlyAttribute

    for name in names:
        key = str(name)[9:] if str(name).startswith("computed:") else str(name)
        if ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(key)) is not None:
            raise ReadOnlyAttribute(
                f"{key!r} is a computed attribute: the store works it out and it cannot be set.",
                field=str(name),
                value=name,
            )
