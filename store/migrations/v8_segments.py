"""Schema version 8, "segments": saved segments, computed attributes, and the indexes that
let the database count a segment without reading every person.

- ``segment`` and ``computed_attribute`` hold JSON definitions (nothing per person).
- ``event_definition_id_at_person_id``: a behaviour condition ("performed Purchase at
  least 3 times in the last 30 days") reads one event's rows of the window, in time
  order, with the person beside each: the index answers it alone.
- ``person_lower_city`` and ``person_lower_country``: text conditions ignore the case of
  A-Z (``lower``), and city and country are what segments filter on most; other
  standard fields are tested on the rows the other conditions leave.

Frozen as written for this version.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE "segment" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "condition" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
    '"modified_at" DATETIME NOT NULL)',
    'CREATE TABLE "computed_attribute" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"name" TEXT NOT NULL, "name_key" TEXT NOT NULL, "kind" TEXT NOT NULL, "spec" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE INDEX "person_lower_city" ON "person" (lower("city"))',
    'CREATE INDEX "person_lower_country" ON "person" (lower("country"))',
)

POSTGRES_TABLES = (
    'CREATE TABLE "segment" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "condition" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, '
    '"modified_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "computed_attribute" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "kind" TEXT NOT NULL, "spec" TEXT NOT NULL, '
    '"created_at" TIMESTAMP NOT NULL)',
    'CREATE INDEX "person_lower_city" ON "person" (lower("city" COLLATE "C"))',
    'CREATE INDEX "person_lower_country" ON "person" (lower("country" COLLATE "C"))',
)

INDEXES = (
    'CREATE UNIQUE INDEX "segment_name_key" ON "segment" ("name_key")',
    'CREATE UNIQUE INDEX "computed_attribute_name_key" ON "computed_attribute" ("name_key")',
    'CREATE INDEX "event_definition_id_at_person_id" ON "event" ("definition_id", "at", "person_id")',
)


def apply(database: peewee.Database) -> None:
    """Create the two tables and the indexes of version 8."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
