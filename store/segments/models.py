"""The Peewee models of saved conditions (schema version 8): segments and computed attributes.

Both hold their definition as JSON text in the condition language of
``segments.language``; names are unique case-insensitively (``name_key``). Nothing is
stored per person: members and computed values are worked out by the database when they
are asked for, so they are always current (see ``docs/design.md``, "Segments").
"""

from __future__ import annotations

import peewee

from ..models import BaseModel, StableIdField, utcnow


class Segment(BaseModel):
    """A named, saved condition; its members are the persons that meet it now."""

    id = StableIdField()
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)
    condition = peewee.TextField()  # JSON, as saved (names, not ids)
    created_at = peewee.DateTimeField(default=utcnow)
    modified_at = peewee.DateTimeField(default=utcnow)


class ComputedAttribute(BaseModel):
    """A read-only person attribute worked out from a formula, events or score rules.

    ``kind`` is ``formula``, ``aggregate`` or ``score``; ``spec`` its JSON definition.
    """

    id = StableIdField()
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)
    kind = peewee.TextField()
    spec = peewee.TextField()
    created_at = peewee.DateTimeField(default=utcnow)
