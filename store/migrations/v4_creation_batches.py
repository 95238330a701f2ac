"""Schema version 4, "creation batches": one row per batch of persons an import created,
standing for their "created" history entries (instead of one history row per person).

Frozen as the release that introduced it wrote it.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE "creation_batch" ("id" INTEGER NOT NULL PRIMARY KEY, "first_person" INTEGER NOT NULL, '
    '"last_person" INTEGER NOT NULL, "at" DATETIME NOT NULL, "source" TEXT NOT NULL)',
)

POSTGRES_TABLES = (
    'CREATE TABLE "creation_batch" ("id" SERIAL NOT NULL PRIMARY KEY, "first_person" BIGINT NOT NULL, '
    '"last_person" BIGINT NOT NULL, "at" TIMESTAMP NOT NULL, "source" TEXT NOT NULL)',
)

INDEXES = (
    'CREATE INDEX "creation_batch_last_person_first_person" ON "creation_batch" '
    '("last_person", "first_person")',
)


def apply(database: peewee.Database) -> None:
    """Create the ``creation_batch`` table of version 4."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
