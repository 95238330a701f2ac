"""The Peewee models: persons, contacts, companies, tags, custom attributes, history.

Only tables and indexes live here; the rules that guard them are in the modules named
for each thing (``persons``, ``companies``, ``tags``, ``attributes``). Text columns are
``TEXT`` everywhere, so PostgreSQL and SQLite agree on lengths. Timestamps are naive
UTC. ``*_key`` columns hold folded copies (case, accents) that indexes search on.
"""

from __future__ import annotations

import datetime as dt

import peewee

from .db import db


def utcnow() -> dt.datetime:
    """The current time as naive UTC, the form every timestamp column stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StableIdField(peewee.AutoField):
    """An auto id that is never reused after a delete (SQLite ``AUTOINCREMENT``).

    Scripts keep person ids; a deleted or merged id must never name someone else.
    PostgreSQL sequences never reuse values, so only SQLite needs the keyword.
    """

    def ddl(self, ctx: peewee.Context) -> peewee.NodeList:
        """Column definition, with AUTOINCREMENT on SQLite."""
        node_list = super().ddl(ctx)
        database = self.model._meta.database
        if isinstance(getattr(database, "obj", database), peewee.SqliteDatabase):
            return peewee.NodeList((node_list, peewee.SQL("AUTOINCREMENT")))
        return node_list


class BaseModel(peewee.Model):
    """Base of every model: bound to the deferred database, snake_case table names.

    Peewee gives each foreign key ``x`` an ``x_id`` attribute holding the raw id; the bare
    ``x_id: int`` annotation under each foreign key declares it for the type checker.
    """

    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    """A store setting (``default_country``, ``zip_max_uncompressed``...)."""

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()


class Company(BaseModel):
    """A company profile; ``name_key`` makes the name unique case-insensitively."""

    id = StableIdField()
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)
    external_id = peewee.TextField(null=True, unique=True)
    domain = peewee.TextField(null=True)
    industry = peewee.TextField(null=True)
    size = peewee.TextField(null=True)
    address = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    country = peewee.TextField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    modified_at = peewee.DateTimeField(default=utcnow)


class Person(BaseModel):
    """A person profile of type lead, customer, agent or anonymous."""

    id = StableIdField()
    type = peewee.TextField()
    external_id = peewee.TextField(null=True, unique=True)
    first_name = peewee.TextField(null=True)
    last_name = peewee.TextField(null=True)
    middle_name = peewee.TextField(null=True)
    nickname = peewee.TextField(null=True)
    gender = peewee.TextField(null=True)
    birth_date = peewee.DateField(null=True)
    address = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    country = peewee.TextField(null=True)
    preferred_language = peewee.TextField(null=True)
    profile_picture_url = peewee.TextField(null=True)
    company = peewee.ForeignKeyField(Company, null=True, on_delete="SET NULL", index=False)
    company_id: int | None
    # Folded "first last" and folded last name: the name-prefix search walks these.
    name_key = peewee.TextField(null=True)
    last_key = peewee.TextField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    modified_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("type", "id"), False),
            (("company", "id"), False),
            (("name_key", "id"), False),
            (("last_key", "id"), False),
            (("created_at",), False),
        )


# Segments compare city and country ignoring the case of A-Z (``segments.sql``); the
# PostgreSQL indexes are on ``lower(x COLLATE "C")`` (migrations ``v8_segments``,
# ``v11_segment_indexes``). The type beside the city answers "leads in Zagreb" from the index.
Person.add_index(Person.index(peewee.fn.lower(Person.city), Person.type, name="person_lower_city"))
Person.add_index(Person.index(peewee.fn.lower(Person.country), name="person_lower_country"))


class Contact(BaseModel):
    """A phone (E.164) or email (lower-cased) of a person; a value has one owner."""

    id = peewee.AutoField()
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE", index=False)
    person_id: int
    kind = peewee.TextField()  # "phone" or "email"
    value = peewee.TextField(unique=True)

    class Meta:
        indexes = ((("person", "kind"), False),)


class PushRegistration(BaseModel):
    """A mobile app installation's push registration, held by one person."""

    registration_id = peewee.TextField(primary_key=True)
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
    person_id: int
    platform = peewee.TextField()  # android, ios, huawei
    created_at = peewee.DateTimeField(default=utcnow)


class Tag(BaseModel):
    """A static label; ``name_key`` makes the name unique case-insensitively."""

    id = StableIdField()
    name = peewee.TextField()
    name_key = peewee.TextField(unique=True)
    created_at = peewee.DateTimeField(default=utcnow)


class PersonTag(BaseModel):
    """A tag on a person."""

    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", index=False)
    tag_id: int
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE", index=False)
    person_id: int

    class Meta:
        primary_key = peewee.CompositeKey("tag", "person")
        indexes = ((("person", "tag"), False),)


class CompanyTag(BaseModel):
    """A tag on a company."""

    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", index=False)
    tag_id: int
    company = peewee.ForeignKeyField(Company, on_delete="CASCADE", index=False)
    company_id: int

    class Meta:
        primary_key = peewee.CompositeKey("tag", "company")
        indexes = ((("company", "tag"), False),)


class AttributeDef(BaseModel):
    """A custom attribute definition for persons or companies, with a fixed type."""

    id = StableIdField()
    entity = peewee.TextField()  # "person" or "company"
    name = peewee.TextField()
    name_key = peewee.TextField()
    type = peewee.TextField()  # text decimal whole boolean date datetime list
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("entity", "name_key"), True),)


class PersonValue(BaseModel):
    """A person's value of a custom attribute.

    ``value`` is the exact canonical text (see ``attribute_types``); ``number`` repeats
    numbers, dates and booleans as a float so that conditions can compare them.
    """

    person = peewee.ForeignKeyField(Person, on_delete="CASCADE", index=False)
    person_id: int
    attribute = peewee.ForeignKeyField(AttributeDef, on_delete="CASCADE", index=False)
    attribute_id: int
    value = peewee.TextField()
    number = peewee.DoubleField(null=True)

    class Meta:
        primary_key = peewee.CompositeKey("person", "attribute")
        # The number index serves segment comparisons of numbers, dates and booleans.
        indexes = ((("attribute", "value"), False), (("attribute", "number", "person"), False))


class CompanyValue(BaseModel):
    """A company's value of a custom attribute (same encoding as ``PersonValue``)."""

    company = peewee.ForeignKeyField(Company, on_delete="CASCADE", index=False)
    company_id: int
    attribute = peewee.ForeignKeyField(AttributeDef, on_delete="CASCADE", index=False)
    attribute_id: int
    value = peewee.TextField()
    number = peewee.DoubleField(null=True)

    class Meta:
        primary_key = peewee.CompositeKey("company", "attribute")
        indexes = ((("attribute", "value"), False),)


class Change(BaseModel):
    """One entry of a profile's change history: a field, its old and new value, the source.

    ``source`` is ``tui``, ``cli``, ``api``, ``import #N``, ``merge #N``...; values are
    stored as display text (``None`` for empty).
    """

    id = peewee.AutoField()
    person = peewee.ForeignKeyField(Person, null=True, on_delete="CASCADE", index=False)
    person_id: int | None
    company = peewee.ForeignKeyField(Company, null=True, on_delete="CASCADE", index=False)
    company_id: int | None
    at = peewee.DateTimeField(default=utcnow)
    source = peewee.TextField()
    field = peewee.TextField()
    old_value = peewee.TextField(null=True)
    new_value = peewee.TextField(null=True)

    class Meta:
        indexes = (
            (("person", "id"), False),
            (("company", "id"), False),
        )


class CreationBatch(BaseModel):
    """Persons one source created together (an import): one row stands for their "created"
    history entries, which would otherwise be one row per person (400,000 for a large file).

    The persons are those with an id from ``first_person`` to ``last_person`` whose
    ``created_at`` is ``at`` (ids are taken in one go, so the range holds only them).
    """

    id = peewee.AutoField()
    first_person = peewee.BigIntegerField()
    last_person = peewee.BigIntegerField()
    at = peewee.DateTimeField()
    source = peewee.TextField()

    class Meta:
        indexes = ((("last_person", "first_person"), False),)
