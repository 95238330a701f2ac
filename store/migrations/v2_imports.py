"""Schema version 2, "imports": the import history, one run per import and its error records.

Frozen as the release that introduced it wrote it. The table of the profiles an import
merged into (``import_prior``) came a release later without a version of its own; version
6 adds it where it is missing.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE "import_run" ("id" INTEGER NOT NULL PRIMARY KEY, "started_at" DATETIME NOT NULL, '
    '"finished_at" DATETIME, "imported_by" TEXT NOT NULL, "pid" INTEGER, "host" TEXT, '
    '"file_name" TEXT NOT NULL, "file_size" INTEGER NOT NULL, "of" TEXT NOT NULL, '
    '"options" TEXT NOT NULL, "status" TEXT NOT NULL, "rows" INTEGER NOT NULL, '
    '"valid" INTEGER NOT NULL, "invalid" INTEGER NOT NULL, "created" INTEGER NOT NULL, '
    '"updated" INTEGER NOT NULL, "discarded" INTEGER NOT NULL, "message" TEXT NOT NULL, "tag" TEXT)',
    'CREATE TABLE "import_issue" ("id" INTEGER NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL, '
    '"row" INTEGER NOT NULL, "column" TEXT NOT NULL, "value" TEXT NOT NULL, "reason" TEXT NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run" ("id") ON DELETE CASCADE)',
)

POSTGRES_TABLES = (
    'CREATE TABLE "import_run" ("id" SERIAL NOT NULL PRIMARY KEY, "started_at" TIMESTAMP NOT NULL, '
    '"finished_at" TIMESTAMP, "imported_by" TEXT NOT NULL, "pid" INTEGER, "host" TEXT, '
    '"file_name" TEXT NOT NULL, "file_size" BIGINT NOT NULL, "of" TEXT NOT NULL, '
    '"options" TEXT NOT NULL, "status" TEXT NOT NULL, "rows" INTEGER NOT NULL, '
    '"valid" INTEGER NOT NULL, "invalid" INTEGER NOT NULL, "created" INTEGER NOT NULL, '
    '"updated" INTEGER NOT NULL, "discarded" INTEGER NOT NULL, "message" TEXT NOT NULL, "tag" TEXT)',
    'CREATE TABLE "import_issue" ("id" SERIAL NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL, '
    '"row" INTEGER NOT NULL, "column" TEXT NOT NULL, "value" TEXT NOT NULL, "reason" TEXT NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run" ("id") ON DELETE CASCADE)',
)

INDEXES = (
    'CREATE INDEX "import_run_status" ON "import_run" ("status")',
    'CREATE INDEX "import_issue_run_id_row" ON "import_issue" ("run_id", "row")',
)


def apply(database: peewee.Database) -> None:
    """Create the import history tables of version 2."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
