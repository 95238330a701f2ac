"""What a condition may name, read from the store for one parse: a ``language.Catalog``.

Attribute definitions, tags, events with their properties, segments and computed
attributes are few (dozens to thousands): each kind is read whole, in one query, the
first time the parse asks for a name of that kind, and not at all when the condition
names none (a condition on the type alone reads nothing). Companies, which may be many,
are looked up one by one by name or id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, TypeVar

import peewee

from ..db import tuple_rows
from ..events.definitions import event_key
from ..events.models import EventDefinition, EventProperty
from ..folding import fold
from ..models import AttributeDef, Tag
from ..tags import tag_key
from .language import Catalog, EventInfo
from .models import ComputedAttribute, Segment

V = TypeVar("V")


class OnFirstUse(Mapping[str, V]):
    """A read-only mapping whose rows are read by ``load`` the first time it is used."""

    def __init__(self, load: Callable[[], Mapping[str, V]]) -> None:
        self._load = load
        self._rows: Mapping[str, V] | None = None

    @property
    def rows(self) -> Mapping[str, V]:
        """The mapping itself, read now if it was not yet."""
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def __getitem__(self, key: str) -> V:
        return self.rows[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _company(name: str) -> tuple[int, str] | None:
    from ..companies import find_company

    found = find_company(name)
    return (found.id, found.name) if found is not None else None


def _attributes() -> dict[str, dict[str, tuple[int, str, str]]]:
    """Person and company attribute definitions by folded name, each ``(id, name, type)``."""
    found: dict[str, dict[str, tuple[int, str, str]]] = {"person": {}, "company": {}}
    for ident, entity, name, type_ in tuple_rows(
        AttributeDef.select(AttributeDef.id, AttributeDef.entity, AttributeDef.name, AttributeDef.type)
    ):
        found[entity][fold(name)] = (ident, name, type_)
    return found


def _tags() -> dict[str, tuple[int, str]]:
    return {key: (ident, name) for ident, name, key in tuple_rows(Tag.select(Tag.id, Tag.name, Tag.name_key))}


def _events() -> dict[str, EventInfo]:
    """Event definitions by key with their properties' types, in one query."""
    names: dict[int, str] = {}
    properties: dict[int, dict[str, str]] = {}
    query = (
        EventDefinition.select(
            EventDefinition.id, EventDefinition.name, EventProperty.name, EventProperty.type
        )
        .join(EventProperty, peewee.JOIN.LEFT_OUTER, on=EventProperty.definition == EventDefinition.id)
        .order_by(EventDefinition.id, EventProperty.position, EventProperty.id)
    )  # properties in their defined order, as messages list them
    for ident, name, prop, type_ in tuple_rows(query):
        names[ident] = name
        if prop is not None:
            properties.setdefault(ident, {})[prop] = type_
    return {
        event_key(name): EventInfo(ident, name, properties.get(ident, {})) for ident, name in names.items()
    }


def _segments() -> dict[str, tuple[str, Any]]:
    return {
        key: (name, json.loads(condition))
        for name, key, condition in tuple_rows(
            Segment.select(Segment.name, Segment.name_key, Segment.condition)
        )
    }


def _computed() -> dict[str, tuple[int, str, str, Any]]:
    query = ComputedAttribute.select(
        ComputedAttribute.id, ComputedAttribute.name, ComputedAttribute.name_key, ComputedAttribute.kind,
        ComputedAttribute.spec,
    )  # fmt: skip
    return {key: (ident, name, kind, json.loads(spec)) for ident, name, key, kind, spec in tuple_rows(query)}


def load_catalog() -> Catalog:
    """The names of the open store, as conditions are checked against them (read on first use)."""
    attributes = cache(_attributes)
    return Catalog(
        custom=OnFirstUse(lambda: attributes()["person"]),
        company_custom=OnFirstUse(lambda: attributes()["company"]),
        tags=OnFirstUse(_tags),
        companies=_company,
        events=OnFirstUse(_events),
        segments=OnFirstUse(_segments),
        computed=OnFirstUse(_computed),
        fold=fold,
        event_key=event_key,
        tag_key=tag_key,
    )
