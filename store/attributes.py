"""Custom attribute definitions: a name and a type per store, for persons or companies.

A definition's type never changes once created. Deleting a definition deletes its
values, so a definition that has values is deleted only with ``confirm=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from . import attribute_types
from .db import db
from .errors import ConfirmationRequired, DuplicateValue, InvalidValue, MissingDefinition
from .fields import COMPANY_FIELDS, PERSON_FIELDS, READ_ONLY_FIELDS
from .folding import fold
from .models import AttributeDef, CompanyValue, PersonValue

ENTITIES = ("person", "company")
_NAME = re.compile(r"[^\W\d][\w .-]{0,63}", re.UNICODE)


@dataclass(frozen=True)
class AttributeInfo:
    """A custom attribute definition as shown and printed."""

    id: int
    entity: str
    name: str
    type: str
    created_at: dt.datetime
    values: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The definition as JSON-ready data."""
        return {
            "id": self.id,
            "of": self.entity,
            "name": self.name,
            "type": self.type,
            "type_label": attribute_types.TYPE_LABELS[self.type],
            "values": self.values,
            "created_at": self.created_at.replace(tzinfo=dt.UTC).isoformat(),
        }


def _entity(entity: str) -> str:
    value = entity.rstrip("s") if entity in ("persons", "companies") else entity
    value = "company" if value == "companie" else value
    if value not in ENTITIES:
        raise InvalidValue(
            f"Attributes belong to persons or companies, not {entity!r}.", field="of", value=entity
        )
    return value


def define_attribute(name: str, type_: str, *, entity: str = "person") -> AttributeInfo:
    """Create a definition. Names are unique per entity, case-insensitively.

    Raises:
        InvalidValue: a bad name, a standard attribute's name or an unknown type.
        DuplicateValue: the name exists (a type cannot be changed: create a new one).
    """
    entity = _entity(entity)
    clean = name.strip()
    if not _NAME.fullmatch(clean):
        raise InvalidValue(
            f"Attribute name {name!r} must start with a letter and hold letters, digits, "
            "spaces, '.', '_' or '-' (at most 64).",
            field="name",
            value=name,
        )
    standard = PERSON_FIELDS if entity == "person" else COMPANY_FIELDS
    if fold(clean).replace(" ", "_") in (*standard, *READ_ONLY_FIELDS, "type", "company", "tags"):
        raise InvalidValue(f"{clean!r} is a standard attribute.", field="name", value=name)
    kind = type_.strip().lower()
    if kind not in attribute_types.TYPE_LABELS:
        raise InvalidValue(
            f"Attribute type {type_!r} is not one of {' '.join(attribute_types.TYPE_LABELS)}.",
            field="type",
            value=type_,
        )
    existing = find_definition(clean, entity)
    if existing is not None:
        raise DuplicateValue(
            f"Attribute {existing.name!r} already exists as {attribute_types.TYPE_LABELS[existing.type]}; "
            "a type cannot change: define a new attribute and copy the values.",
            field="name",
            value=name,
        )
    if entity == "person":
        from .segments.models import ComputedAttribute

        if ComputedAttribute.get_or_none(ComputedAttribute.name_key == fold(clean)) is not None:
            raise DuplicateValue(
                f"{clean!r} is already a computed attribute; a custom one needs another name.",
                field="name",
                value=name,
            )
    row = AttributeDef.create(entity=entity, name=clean, name_key=fold(clean), type=kind)
    return AttributeInfo(row.id, entity, row.name, row.type, row.created_at)


def find_definition(name: str, entity: str = "person") -> AttributeDef | None:
    """The definition called ``name`` (any case), or None."""
    return AttributeDef.get_or_none(
        (AttributeDef.entity == _entity(entity)) & (AttributeDef.name_key == fold(name))
    )


def get_definition(name: str, entity: str = "person") -> AttributeDef:
    """The definition called ``name``, or ``MissingDefinition`` naming it."""
    row = find_definition(name, entity)
    if row is None:
        raise MissingDefinition(
            f"There is no {_entity(entity)} attribute {name!r}: define it first.",
            kind="attribute",
            field=name,
            value=name,
        )
    return row


def list_attributes(entity: str | None = None) -> list[AttributeInfo]:
    """Every definition (of one entity, if given) with its number of values."""
    query = AttributeDef.select().order_by(AttributeDef.entity.desc(), AttributeDef.name_key)
    if entity is not None:
        query = query.where(AttributeDef.entity == _entity(entity))
    result = []
    for row in query:
        model = PersonValue if row.entity == "person" else CompanyValue
        count = model.select().where(model.attribute == row.id).count()
        result.append(AttributeInfo(row.id, row.entity, row.name, row.type, row.created_at, count))
    return result


def delete_attribute(name: str, *, entity: str = "person", confirm: bool = False) -> int:
    """Delete a definition and its values; returns how many values went with it.

    Raises:
        InUse: a segment or a computed attribute uses the definition (it names them).
        ConfirmationRequired: values exist and ``confirm`` is False.
    """
    from .segments.references import refuse_if_used

    row = get_definition(name, entity)
    refuse_if_used("attribute" if row.entity == "person" else "company_attribute", row.name)
    model = PersonValue if row.entity == "person" else CompanyValue
    count = model.select().where(model.attribute == row.id).count()
    if count and not confirm:
        raise ConfirmationRequired(
            f"Attribute {row.name!r} has {count} values; deleting it deletes them: confirm the deletion.",
            field=row.name,
            value=count,
        )
    with db.atomic():
        model.delete().where(model.attribute == row.id).execute()
        row.delete_instance()
    return count
