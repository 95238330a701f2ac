"""Reading and writing custom attribute values of persons and companies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import peewee

from . import attribute_types
from .attributes import get_definition
from .db import tuple_rows
from .errors import InvalidValue, MissingDefinition
from .models import AttributeDef, CompanyValue, PersonValue

# A planned write: the definition, then the stored text and number (None, None to unset).
ValuePlan = tuple[AttributeDef, str | None, float | None]


def plan_values(entity: str, custom: Mapping[str, Any]) -> list[ValuePlan]:
    """Check every ``name: value`` against its definition; None or "" unsets the value."""
    if not isinstance(custom, Mapping):
        raise InvalidValue(
            "Custom attributes must be given as name: value pairs.", field="custom", value=custom
        )
    plans: list[ValuePlan] = []
    for name, value in custom.items():
        try:
            definition = get_definition(name, entity)
        except MissingDefinition:
            if entity == "person":
                from .segments.computed import refuse_setting

                refuse_setting([name])  # a computed attribute's name: READ_ONLY_ATTRIBUTE
            raise
        if value is None or (isinstance(value, str) and not value.strip()):
            plans.append((definition, None, None))
            continue
        text, number = attribute_types.parse(definition.name, definition.type, value)
        plans.append((definition, text, number))
    return plans


def _model(entity: str) -> tuple[type[PersonValue] | type[CompanyValue], peewee.Field]:
    return (PersonValue, PersonValue.person) if entity == "person" else (CompanyValue, CompanyValue.company)


def current_values(entity: str, owner_id: int) -> dict[int, str]:
    """The stored text of each attribute (by definition id) of one person or company."""
    model, owner = _model(entity)
    return {row.attribute_id: row.value for row in model.select().where(owner == owner_id)}


def write_values(entity: str, owner_id: int, plans: Iterable[ValuePlan]) -> list[tuple[str, Any, Any]]:
    """Apply planned values; returns the history triples ``(custom:name, old, new)`` of real changes."""
    model, owner = _model(entity)
    before = current_values(entity, owner_id)
    changes = []
    for definition, text, number in plans:
        old = before.get(definition.id)
        if old == text:
            continue
        if text is None:
            model.delete().where((owner == owner_id) & (model.attribute == definition.id)).execute()
        else:
            model.insert(
                {
                    owner: owner_id,
                    model.attribute: definition.id,
                    model.value: text,
                    model.number: number,
                }
            ).on_conflict(
                conflict_target=[owner, model.attribute],
                update={model.value: text, model.number: number},
            ).execute()
        changes.append((f"custom:{definition.name}", old, text))
    return changes


def values_for(entity: str, owner_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Custom values of many owners in one query, as ``{owner_id: {name: json value}}``."""
    model, owner = _model(entity)
    result: dict[int, dict[str, Any]] = {i: {} for i in owner_ids}
    if not owner_ids:
        return result
    query = (
        model.select(owner.alias("owner_id"), model.value, AttributeDef.name, AttributeDef.type)
        .join(AttributeDef)
        .where(owner.in_(owner_ids))
        .order_by(AttributeDef.name_key)
    )
    for owner_id, text, name, type_ in tuple_rows(query):
        result[owner_id][name] = attribute_types.to_json(type_, text)
    return result
