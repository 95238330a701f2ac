"""The Peewee models of events, tracking identities and merges (schema version 3).

Events are kept so that the two reads a profile screen makes stay fast at ten million
rows: the timeline is a keyset walk of the ``(person, at, id)`` index, newest first, and
the activity chart reads ``EventDay``, a per-day, per-person, per-event count kept up to
date in the same transaction as every insert and move. Times are naive UTC, days are UTC
days. Merges keep a JSON snapshot of what they changed, so that an unchanged merge can
be undone exactly; ``PersonAlias`` makes a merged-away id say where it went.
"""

from __future__ import annotations

import peewee

from ..models import BaseModel, Person, StableIdField, utcnow


class EventDefinition(BaseModel):
    """An event type: custom, from a template set, or a product event of the system.

    ``name_key`` is the name folded (case, spaces, ``_`` and ``-`` ignored), unique.
    """

    id = StableIdField()
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)
    description = peewee.TextField(default="")
    kind = peewee.TextField(default="custom")  # custom, template, product
    template = peewee.TextField(null=True)  # the template set it came from
    enabled = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)


class EventProperty(BaseModel):
    """A typed property of an event definition (types as for custom attributes)."""

    id = peewee.AutoField()
    definition = peewee.ForeignKeyField(EventDefinition, on_delete="CASCADE", index=False)
    definition_id: int
    name = peewee.TextField()
    type = peewee.TextField()  # text decimal whole boolean date datetime list
    required = peewee.BooleanField(default=True)
    position = peewee.IntegerField(default=0)

    class Meta:
        indexes = ((("definition", "name"), True),)


class Event(BaseModel):
    """One recorded event of a person; ``properties`` is a JSON object of checked values."""

    id = peewee.BigAutoField()
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE", index=False)
    person_id: int
    definition = peewee.ForeignKeyField(EventDefinition, index=False)
    definition_id: int
    at = peewee.DateTimeField()
    properties = peewee.TextField(default="{}")

    class Meta:
        indexes = (
            (("person", "at", "id"), False),
            (("definition", "at", "person"), False),  # behaviour conditions of segments
        )


class EventDay(BaseModel):
    """How many events of one definition a person has on one UTC day (the chart's rollup).

    The key starts with the day, so the rows a batch of today's events adds or bumps sit
    side by side at the end of the index (a person-first key scattered them: half the
    write cost of a batch at 10M events); the chart asks for its days one by one. On
    SQLite the table is ``WITHOUT ROWID`` (migration ``v3_events``), so the count lives in
    the key's index and a chart reads nothing else. There is no foreign key to the person:
    without a person-first index, every deleted person would mean a scan of the rollup.
    Merges move and remove rows explicitly, and so do a delete and an erase
    (``persons.traces``, through the person's events, before they go).
    """

    day = peewee.DateField()
    person_id = peewee.IntegerField()
    definition_id = peewee.IntegerField()
    count = peewee.IntegerField()

    class Meta:
        primary_key = peewee.CompositeKey("day", "person_id", "definition_id")


class AnonymousId(BaseModel):
    """A device or browser id seen by tracking, and the profile it resolves to now."""

    value = peewee.TextField(primary_key=True)
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
    person_id: int
    created_at = peewee.DateTimeField(default=utcnow)


class PersonMerge(BaseModel):
    """A merge of persons into ``kept_id``; ``snapshot`` (JSON) is enough to undo it exactly.

    Ids are plain integers, not foreign keys: the record outlives the persons it names.
    """

    id = StableIdField()
    at = peewee.DateTimeField(default=utcnow)
    source = peewee.TextField()
    kept_id = peewee.IntegerField()
    merged_ids = peewee.TextField()  # JSON list of the merged-away ids
    snapshot = peewee.TextField()
    undone_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = ((("kept_id",), False),)


class PersonAlias(BaseModel):
    """A merged-away person id, the merge that took it and the person it went into."""

    person_id = peewee.IntegerField(primary_key=True)
    merge = peewee.ForeignKeyField(PersonMerge, on_delete="CASCADE")
    merge_id: int
    kept_id = peewee.IntegerField()
