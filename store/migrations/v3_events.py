"""Schema version 3, "events": events and their daily counts, tracking identities, merges,
the two product events every store has, and two partial indexes for duplicate candidates
(version 5 drops those again).

Frozen as the release that introduced it wrote it, seed rows included: the product event
definitions are the ones of that release, not read from today's templates. ``event_day``
is ``WITHOUT ROWID`` on SQLite, so a chart's counts are read from its key alone.
"""

from __future__ import annotations

import datetime as dt

import peewee

from .ddl import on_postgres, run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE "anonymous_id" ("value" TEXT NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "event_definition" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"name" TEXT NOT NULL, "name_key" TEXT NOT NULL, "description" TEXT NOT NULL, '
    '"kind" TEXT NOT NULL, "template" TEXT, "enabled" INTEGER NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE TABLE "event" ("id" INTEGER NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"definition_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, "properties" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("definition_id") REFERENCES "event_definition" ("id"))',
    'CREATE TABLE "event_day" ("day" DATE NOT NULL, "person_id" INTEGER NOT NULL, '
    '"definition_id" INTEGER NOT NULL, "count" INTEGER NOT NULL, '
    'PRIMARY KEY ("day", "person_id", "definition_id")) WITHOUT ROWID',
    'CREATE TABLE "event_property" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"definition_id" INTEGER NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL, '
    '"required" INTEGER NOT NULL, "position" INTEGER NOT NULL, '
    'FOREIGN KEY ("definition_id") REFERENCES "event_definition" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "person_merge" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"at" DATETIME NOT NULL, "source" TEXT NOT NULL, "kept_id" INTEGER NOT NULL, '
    '"merged_ids" TEXT NOT NULL, "snapshot" TEXT NOT NULL, "undone_at" DATETIME)',
    'CREATE TABLE "person_alias" ("person_id" INTEGER NOT NULL PRIMARY KEY, '
    '"merge_id" INTEGER NOT NULL, "kept_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("merge_id") REFERENCES "person_merge" ("id") ON DELETE CASCADE)',
)

POSTGRES_TABLES = (
    'CREATE TABLE "anonymous_id" ("value" TEXT NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"created_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "event_definition" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "description" TEXT NOT NULL, "kind" TEXT NOT NULL, "template" TEXT, '
    '"enabled" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "event" ("id" BIGSERIAL NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"definition_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "properties" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("definition_id") REFERENCES "event_definition" ("id"))',
    'CREATE TABLE "event_day" ("day" DATE NOT NULL, "person_id" INTEGER NOT NULL, '
    '"definition_id" INTEGER NOT NULL, "count" INTEGER NOT NULL, '
    'PRIMARY KEY ("day", "person_id", "definition_id"))',
    'CREATE TABLE "event_property" ("id" SERIAL NOT NULL PRIMARY KEY, "definition_id" INTEGER NOT NULL, '
    '"name" TEXT NOT NULL, "type" TEXT NOT NULL, "required" BOOLEAN NOT NULL, '
    '"position" INTEGER NOT NULL, '
    'FOREIGN KEY ("definition_id") REFERENCES "event_definition" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "person_merge" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, '
    '"source" TEXT NOT NULL, "kept_id" INTEGER NOT NULL, "merged_ids" TEXT NOT NULL, '
    '"snapshot" TEXT NOT NULL, "undone_at" TIMESTAMP)',
    'CREATE TABLE "person_alias" ("person_id" INTEGER NOT NULL PRIMARY KEY, '
    '"merge_id" INTEGER NOT NULL, "kept_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("merge_id") REFERENCES "person_merge" ("id") ON DELETE CASCADE)',
)

INDEXES = (
    'CREATE INDEX "anonymous_id_person_id" ON "anonymous_id" ("person_id")',
    'CREATE UNIQUE INDEX "event_definition_name_key" ON "event_definition" ("name_key")',
    'CREATE INDEX "event_person_id_at_id" ON "event" ("person_id", "at", "id")',
    'CREATE UNIQUE INDEX "event_property_definition_id_name" ON "event_property" ("definition_id", "name")',
    'CREATE INDEX "person_merge_kept_id" ON "person_merge" ("kept_id")',
    'CREATE INDEX "person_alias_merge_id" ON "person_alias" ("merge_id")',
    "CREATE INDEX person_dup_name_birth ON person (name_key, birth_date, id) "
    "WHERE birth_date IS NOT NULL AND last_key IS NOT NULL",
    "CREATE INDEX person_dup_name_company ON person (name_key, company_id, id) "
    "WHERE company_id IS NOT NULL AND last_key IS NOT NULL",
)

PRODUCT_EVENTS = (
    (
        "SessionStarted",
        "sessionstarted",
        "A chatbot, inbox or other channel session started.",
        (("channel", "text", True), ("sessionId", "text", True)),
    ),
    (
        "SessionEnded",
        "sessionended",
        "A chatbot, inbox or other channel session ended.",
        (("channel", "text", True), ("sessionId", "text", True), ("durationSeconds", "whole", False)),
    ),
)
"""The product events of version 3: name, folded name key, description, and each property's
name, type and whether it is required, in their order."""


def _seed_product_events(database: peewee.Database) -> None:
    p = database.param
    created_at = str(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    for name, name_key, description, properties in PRODUCT_EVENTS:
        insert = (
            'INSERT INTO "event_definition" ("name", "name_key", "description", "kind", "template", '
            f'"enabled", "created_at") VALUES ({p}, {p}, {p}, {p}, NULL, {p}, {p})'
        )
        params = (name, name_key, description, "product", True, created_at)
        if on_postgres(database):
            definition_id = database.execute_sql(insert + ' RETURNING "id"', params).fetchone()[0]
        else:
            definition_id = database.execute_sql(insert, params).lastrowid
        for position, (prop, type_, required) in enumerate(properties):
            database.execute_sql(
                'INSERT INTO "event_property" ("definition_id", "name", "type", "required", "position") '
                f"VALUES ({p}, {p}, {p}, {p}, {p})",
                (definition_id, prop, type_, required, position),
            )


def apply(database: peewee.Database) -> None:
    """Create the event, tracking and merge tables of version 3 and its product events."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
    _seed_product_events(database)
