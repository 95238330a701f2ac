"""What a condition may name, read from the store for one parse: a ``language.Catalog``.

Attribute definitions, tags, events with their properties, segments and computed
attributes are few (dozens to thousands) and read whole; companies, which may be many,
are looked up one by one by name or id.
"""

from __future__ import annotations

import json

from ..db import tuple_rows
from ..events.definitions import event_key
from ..events.models import EventDefinition, EventProperty
from ..folding import fold
from ..models import AttributeDef, Tag
from ..tags import tag_key
from .language import Catalog, EventInfo
from .models import ComputedAttribute, Segment


def _company(name: str) -> tuple[int, str] | None:
    from ..companies import find_company

    found = find_company(name)
    return (found.id, found.name) if found is not None else None


def load_catalog() -> Catalog:
    """The names of the open store, as conditions are checked against them."""
    custom: dict[str, tuple[int, str, str]] = {}
    company_custom: dict[str, tuple[int, str, str]] = {}
    for ident, entity, name, type_ in tuple_rows(
        AttributeDef.select(AttributeDef.id, AttributeDef.entity, AttributeDef.name, AttributeDef.type)
    ):
        (custom if entity == "person" else company_custom)[fold(name)] = (ident, name, type_)
    tags = {key: (ident, name) for ident, name, key in tuple_rows(Tag.select(Tag.id, Tag.name, Tag.name_key))}
    properties: dict[int, dict[str, str]] = {}
    for definition_id, name, type_ in tuple_rows(
        EventProperty.select(EventProperty.definition, EventProperty.name, EventProperty.type)
    ):
        properties.setdefault(definition_id, {})[name] = type_
    events = {
        event_key(name): EventInfo(ident, name, properties.get(ident, {}))
        for ident, name in tuple_rows(EventDefinition.select(EventDefinition.id, EventDefinition.name))
    }
    segments = {
        key: (name, json.loads(condition))
        for name, key, condition in tuple_rows(
            Segment.select(Segment.name, Segment.name_key, Segment.condition)
        )
    }
    computed = {
        row.name_key: (row.id, row.name, row.kind, json.loads(row.spec)) for row in ComputedAttribute.select()
    }
    return Catalog(
        custom=custom,
        company_custom=company_custom,
        tags=tags,
        companies=_company,
        events=events,
        segments=segments,
        computed=computed,
        fold=fold,
        event_key=event_key,
        tag_key=tag_key,
    )
