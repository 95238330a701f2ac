"""What a condition editor offers: every operand a condition may name, with its kind.

A console builds conditions from choices rather than typed JSON: the person attributes
(standard, custom, computed) and company fields with the kind of value each compares,
the tags, the events with the kinds of their properties, the segments, and the values of
the fields that take one of a few (type, gender). Operators per kind are
``language.OPERATORS``; this module reads the names from the open store.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import load_catalog
from .computed import parse_definition
from .language import (
    COMPANY_FIELD_KINDS,
    ENUM_VALUES,
    PERSON_FIELD_KINDS,
    TYPE_KINDS,
    InvalidCondition,
    Parser,
)


@dataclass(frozen=True)
class EventChoice:
    """An event a condition may count, with the kind of each property (by name)."""

    name: str
    properties: dict[str, str]


@dataclass(frozen=True)
class ConditionChoices:
    """The operands of conditions in the open store.

    ``fields`` and ``company_fields`` are ``(name as a condition writes it, kind)``:
    ``("city", "text")``, ``("custom:loyalty points", "number")``,
    ``("computed:score", "number")``; ``values`` the choices of enum fields.
    """

    fields: list[tuple[str, str]]
    company_fields: list[tuple[str, str]]
    tags: list[str]
    events: list[EventChoice]
    segments: list[str]
    values: dict[str, tuple[str, ...]]


def condition_choices() -> ConditionChoices:
    """Every operand a condition may name now, sorted by name within each group.

    A computed attribute whose definition no longer parses is left out (a condition
    naming it would be refused anyway).
    """
    catalog = load_catalog()
    parser = Parser(catalog, parse_definition)
    fields = list(PERSON_FIELD_KINDS.items())
    fields += sorted(
        ((f"custom:{name}", TYPE_KINDS[type_]) for _id, name, type_ in catalog.custom.values()),
        key=lambda item: item[0].casefold(),
    )
    for key in sorted(catalog.computed):
        name = catalog.computed[key][1]
        try:
            attribute = parser.person_attribute(f"computed:{name}", "", 0)
        except InvalidCondition:
            continue
        fields.append((f"computed:{name}", attribute.kind))
    company = list(COMPANY_FIELD_KINDS.items())
    company += sorted(
        ((f"custom:{name}", TYPE_KINDS[type_]) for _id, name, type_ in catalog.company_custom.values()),
        key=lambda item: item[0].casefold(),
    )
    return ConditionChoices(
        fields=fields,
        company_fields=company,
        tags=sorted((name for _id, name in catalog.tags.values()), key=str.casefold),
        events=sorted(
            (EventChoice(event.name, dict(event.properties)) for event in catalog.events.values()),
            key=lambda event: event.name.casefold(),
        ),
        segments=sorted((name for name, _condition in catalog.segments.values()), key=str.casefold),
        values={name: tuple(values) for name, values in ENUM_VALUES.items()},
    )
