"""Event definitions: custom events, template sets enabled in one action, product events.

A definition has a name, a description and typed properties whose names start with a
lower-case letter; the types are those of custom attributes (``attribute_types``).
Names are unique with case, accents, spaces, ``_`` and ``-`` ignored, so ``AddedToCart``,
``added to cart`` and ``added_to_cart`` name the same event. ``check_properties`` is
the one place that decides whether an event's values fit its definition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import attribute_types
from ..attribute_types import TYPE_LABELS
from ..db import db, tuple_rows
from ..errors import DuplicateValue, IncompatibleType, InvalidValue, MissingDefinition, NotFound
from ..folding import fold
from ..text_checks import shown
from .models import EventDefinition, EventProperty
from .templates import TEMPLATE_SETS, EventSpec, PropertySpec, template_key

_EVENT_NAME = re.compile(r"[^\W\d_][\w .-]{0,63}", re.UNICODE)
_PROPERTY_NAME = re.compile(r"[a-z][A-Za-z0-9_]{0,63}")
MAX_PROPERTIES = 50


@dataclass(frozen=True)
class PropertyInfo:
    """A property of a definition."""

    name: str
    type: str
    required: bool = True

    @property
    def label(self) -> str:
        """``productPrice (Decimal number)``."""
        return f"{self.name} ({TYPE_LABELS[self.type]})"

    def to_dict(self) -> dict[str, Any]:
        """The property as JSON-ready data."""
        return {
            "name": self.name,
            "type": self.type,
            "type_label": TYPE_LABELS[self.type],
            "required": self.required,
        }


@dataclass(frozen=True)
class DefinitionInfo:
    """An event definition as shown, printed and used to check events."""

    id: int
    name: str
    description: str
    kind: str
    template: str | None
    enabled: bool
    properties: tuple[PropertyInfo, ...]
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """The definition as JSON-ready data."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "kind": self.kind,
            "template": self.template,
            "enabled": self.enabled,
            "properties": [p.to_dict() for p in self.properties],
            "created_at": self.created_at.replace(tzinfo=dt.UTC).isoformat(),
        }


def event_key(name: str) -> str:
    """The unique key of an event name: folded, with spaces, ``_``, ``-`` and ``.`` removed."""
    return "".join(c for c in fold(name) if c.isalnum())


def clean_event_name(name: Any) -> str:
    """An event name trimmed, or ``InvalidValue`` naming it."""
    text = " ".join(name.split()) if isinstance(name, str) else ""
    if not _EVENT_NAME.fullmatch(text):
        raise InvalidValue(
            f"Event name {name!r} must start with a letter and hold letters, digits, spaces, "
            "'.', '_' or '-' (at most 64).",
            field="event",
            value=name,
        )
    return text


def parse_property_spec(spec: str | tuple | PropertySpec) -> PropertySpec:
    """A property from ``name:type`` (``?`` after the type: optional) or a tuple.

    Raises:
        InvalidValue: a name that does not start with a lower-case letter, or an unknown type.
    """
    if isinstance(spec, PropertySpec):
        name, type_, required = spec.name, spec.type, spec.required
    elif isinstance(spec, tuple):
        name, type_, required = spec if len(spec) == 3 else (*spec, True)
    else:
        name, sep, type_ = str(spec).partition(":")
        if not sep:
            raise InvalidValue(
                f"Property {spec!r} needs a type: write NAME:TYPE, e.g. productPrice:decimal.",
                field="property",
                value=spec,
            )
        required = not type_.strip().endswith("?")
        type_ = type_.strip().rstrip("?")
    name, kind = str(name).strip(), str(type_).strip().lower()
    if not _PROPERTY_NAME.fullmatch(name):
        raise InvalidValue(
            f"Property name {name!r} must start with a lower-case letter and hold only letters, "
            "digits and '_' (at most 64), e.g. productPrice.",
            field="property",
            value=name,
        )
    if kind not in TYPE_LABELS:
        raise InvalidValue(
            f"Property {name!r} has type {type_!r}, which is not one of {', '.join(TYPE_LABELS)}.",
            field=name,
            value=type_,
        )
    return PropertySpec(name, kind, bool(required))


def _check_specs(props: Iterable[str | tuple | PropertySpec]) -> list[PropertySpec]:
    specs = [parse_property_spec(p) for p in props]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise InvalidValue(f"Property {spec.name!r} is given twice.", field=spec.name, value=spec.name)
        seen.add(spec.name)
    if len(specs) > MAX_PROPERTIES:
        raise InvalidValue(
            f"An event has at most {MAX_PROPERTIES} properties; {len(specs)} were given.",
            field="properties",
            value=len(specs),
        )
    return specs


def find_definition(name: str) -> EventDefinition | None:
    """The definition called ``name`` (any case or spacing), or None."""
    return EventDefinition.get_or_none(EventDefinition.name_key == event_key(name))


def get_definition(name: str) -> DefinitionInfo:
    """The definition called ``name``, or ``MissingDefinition`` naming it."""
    row = find_definition(name) if isinstance(name, str) else None
    if row is None:
        raise MissingDefinition(
            f"There is no event {name!r}: define it or enable a template that has it.",
            kind="event",
            field="event",
            value=name,
        )
    return _infos([row])[0]


def _infos(rows: list[EventDefinition]) -> list[DefinitionInfo]:
    props: dict[int, list[PropertyInfo]] = {r.id: [] for r in rows}
    if rows:
        query = (
            EventProperty.select()
            .where(EventProperty.definition.in_(list(props)))
            .order_by(EventProperty.definition, EventProperty.position, EventProperty.id)
        )
        for p in query:
            props[p.definition_id].append(PropertyInfo(p.name, p.type, p.required))
    return [
        DefinitionInfo(
            r.id, r.name, r.description, r.kind, r.template, r.enabled, tuple(props[r.id]), r.created_at
        )
        for r in rows
    ]


def list_definitions(*, kind: str | None = None) -> list[DefinitionInfo]:
    """Every definition (or those of one kind), by name, in two queries."""
    query = EventDefinition.select().order_by(EventDefinition.name_key)
    if kind is not None:
        query = query.where(EventDefinition.kind == kind)
    return _infos(list(query))


def _insert(spec: EventSpec | tuple[str, str, list[PropertySpec]], kind: str, template: str | None) -> int:
    name, description, props = (
        (spec.name, spec.description, spec.properties) if isinstance(spec, EventSpec) else spec
    )
    definition_id = EventDefinition.insert(
        name=name,
        name_key=event_key(name),
        description=description,
        kind=kind,
        template=template,
        enabled=True,
    ).execute()
    if props:
        EventProperty.insert_many(
            [
                {
                    "definition": definition_id,
                    "name": p.name,
                    "type": p.type,
                    "required": p.required,
                    "position": i,
                }
                for i, p in enumerate(props)
            ]
        ).execute()
    return definition_id


def define_event(
    name: str, *, description: str = "", properties: Iterable[str | tuple | PropertySpec] = ()
) -> DefinitionInfo:
    """Create a custom event definition.

    ``properties`` are ``name:type`` texts (``name:type?`` for an optional one), tuples
    ``(name, type[, required])`` or ``PropertySpec``; required unless marked.

    Raises:
        InvalidValue: a bad event or property name, an unknown type, a property given twice.
        DuplicateValue: an event of that name exists (names ignore case and spacing).
    """
    text = clean_event_name(name)
    specs = _check_specs(properties)
    about = " ".join(str(description or "").split())
    with db.atomic():
        existing = find_definition(text)
        if existing is not None:
            raise DuplicateValue(f"Event {existing.name!r} already exists.", field="event", value=name)
        definition_id = _insert((text, about, specs), "custom", None)
    return _infos([EventDefinition.get_by_id(definition_id)])[0]


def edit_event(
    name: str,
    *,
    description: str | None = None,
    properties: Iterable[str | tuple | PropertySpec] | None = None,
) -> DefinitionInfo:
    """Change a custom event's description and properties.

    ``properties`` is the whole new list, in order (as ``define_event`` takes it): a
    property may be added, made optional or required, or moved. Recorded events are
    checked when recorded, so they stay as they are.

    Raises:
        MissingDefinition: no event of that name.
        InvalidValue: a template or product event (they are as their set defines them); a
            property left out of the list (recorded events hold its values) or given another
            type (a type cannot change: add a new property); a bad property as in ``define_event``.
    """
    info = get_definition(name)
    if info.kind != "custom":
        raise InvalidValue(
            f"Event {info.name!r} is a {info.kind} event: only custom events are edited.",
            field="event",
            value=name,
        )
    about = info.description if description is None else " ".join(str(description).split())
    specs = [PropertySpec(p.name, p.type, p.required) for p in info.properties]
    if properties is not None:
        specs = _check_specs(properties)
        given = {spec.name: spec for spec in specs}
        for prop in info.properties:
            spec = given.get(prop.name)
            if spec is None:
                raise InvalidValue(
                    f"Property {prop.name!r} of event {info.name!r} cannot be removed: recorded events "
                    "hold its values.",
                    field=prop.name,
                    value=prop.name,
                )
            if spec.type != prop.type:
                raise InvalidValue(
                    f"Property {prop.name!r} of event {info.name!r} is {TYPE_LABELS[prop.type]} and cannot "
                    f"become {TYPE_LABELS[spec.type]}: add a new property instead.",
                    field=prop.name,
                    value=spec.type,
                )
    with db.atomic():
        EventDefinition.update(description=about).where(EventDefinition.id == info.id).execute()
        EventProperty.delete().where(EventProperty.definition == info.id).execute()
        if specs:
            EventProperty.insert_many(
                [
                    {
                        "definition": info.id,
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "position": i,
                    }
                    for i, p in enumerate(specs)
                ]
            ).execute()
    return get_definition(info.name)


def list_templates() -> list[dict[str, Any]]:
    """The template sets with their events and whether each set is enabled."""
    enabled = {
        t
        for (t,) in tuple_rows(
            EventDefinition.select(EventDefinition.template)
            .where(EventDefinition.enabled & EventDefinition.template.is_null(False))
            .distinct()
        )
    }
    return [
        {
            "name": s.key,
            "title": s.title,
            "description": s.description,
            "enabled": s.key in enabled,
            "events": [
                {"name": e.name, "description": e.description, "properties": [p.name for p in e.properties]}
                for e in s.events
            ],
        }
        for s in TEMPLATE_SETS.values()
    ]


def enable_template(name: str) -> list[DefinitionInfo]:
    """Enable every event of a template set (creating the definitions on first use).

    Raises:
        NotFound: no such set (the message lists the sets).
        DuplicateValue: a custom event already has one of the template's names; nothing is changed.
    """
    template = TEMPLATE_SETS.get(template_key(name))
    if template is None:
        raise NotFound(
            f"There is no template set {name!r}; the sets are {', '.join(TEMPLATE_SETS)}.",
            field="template",
            value=name,
        )
    with db.atomic():
        rows = {
            r.name_key: r
            for r in EventDefinition.select().where(
                EventDefinition.name_key.in_([event_key(e.name) for e in template.events])
            )
        }
        for spec in template.events:
            row = rows.get(event_key(spec.name))
            if row is not None and row.template != template.key:
                raise DuplicateValue(
                    f"Event {row.name!r} already exists ({row.kind}); rename it before enabling "
                    f"the {template.title} templates.",
                    field="event",
                    value=row.name,
                )
        ids = []
        for spec in template.events:
            row = rows.get(event_key(spec.name))
            if row is None:
                ids.append(_insert(spec, "template", template.key))
            else:
                EventDefinition.update(enabled=True).where(EventDefinition.id == row.id).execute()
                ids.append(row.id)
    query = EventDefinition.select().where(EventDefinition.id.in_(ids)).order_by(EventDefinition.id)
    return _infos(list(query))


def set_enabled(name: str, enabled: bool) -> DefinitionInfo:
    """Enable or disable a custom or template event; a disabled event cannot be recorded."""
    info = get_definition(name)
    if info.kind == "product" and not enabled:
        raise InvalidValue(
            f"Event {info.name!r} is a product event of the system and is always enabled.",
            field="event",
            value=name,
        )
    EventDefinition.update(enabled=bool(enabled)).where(EventDefinition.id == info.id).execute()
    return get_definition(info.name)


def check_properties(definition: DefinitionInfo, values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The event's property values checked against its definition, in their JSON form.

    A value of None or blank text counts as not given; optional properties not given are
    left out.

    Raises:
        InvalidValue: a required property is missing, a property is unknown, or a value
            does not read as its type; the message names the property, its type and the value.
        IncompatibleType: a Python value of another kind (a list for a Whole number...).
    """
    if values is not None and not isinstance(values, Mapping):
        raise InvalidValue(
            "Event properties must be given as name: value pairs.", field="properties", value=values
        )
    given = dict(values or {})
    result: dict[str, Any] = {}
    for prop in definition.properties:
        value = given.pop(prop.name, None)
        if value is None or (isinstance(value, str) and not value.strip()):
            if prop.required:
                raise InvalidValue(
                    f"Property {prop.name!r} ({TYPE_LABELS[prop.type]}) of event {definition.name!r} "
                    + (
                        "is required and missing."
                        if value is None
                        else f"is required, and the value is missing ({value!r})."
                    ),
                    field=prop.name,
                    value=value,
                )
            continue
        try:
            text, _number = attribute_types.parse(prop.name, prop.type, value)
        except (InvalidValue, IncompatibleType) as exc:
            subject = f"Property {prop.name!r} ({TYPE_LABELS[prop.type]}) of event {definition.name!r}"
            raise type(exc)(
                exc.message.replace(f"Attribute {prop.name!r} ({TYPE_LABELS[prop.type]})", subject, 1),
                field=prop.name,
                value=value,
            ) from None
        result[prop.name] = attribute_types.to_json(prop.type, text)
    if given:
        name, value = next(iter(given.items()))
        known = ", ".join(p.label for p in definition.properties) or "none"
        raise InvalidValue(
            f"Event {definition.name!r} has no property {name!r} (given {shown(value)}); "
            f"its properties are: {known}.",
            field=str(name),
            value=value,
        )
    return result
