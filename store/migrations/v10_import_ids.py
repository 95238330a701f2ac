"""Schema version 10, "import ids": an import's id is never used again after its entry is purged.

Entries are kept 14 days; on SQLite ``import_run.id`` was a plain ``INTEGER PRIMARY
KEY``, which hands the highest id out again once the newest entries are gone, so "import
#31" in a person's history could name two imports. SQLite only gives ``AUTOINCREMENT``
to a table created with it: the table is rebuilt with every row, and so are its two
dependent tables, whose foreign keys must point at the new table (they are created
against it and follow its rename; dropping them first keeps the old table's
``ON DELETE CASCADE`` from emptying them). Copying the rows with their ids sets the
table's sequence to the highest id kept. PostgreSQL's ``SERIAL`` never reuses a value:
nothing changes there.
"""

from __future__ import annotations

import peewee

from .ddl import on_postgres, run

SQLITE_STATEMENTS = (
    'CREATE TABLE "import_run_v10" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"started_at" DATETIME NOT NULL, "finished_at" DATETIME, "imported_by" TEXT NOT NULL, '
    '"pid" INTEGER, "host" TEXT, "file_name" TEXT NOT NULL, "file_size" INTEGER NOT NULL, '
    '"of" TEXT NOT NULL, "options" TEXT NOT NULL, "status" TEXT NOT NULL, "rows" INTEGER NOT NULL, '
    '"valid" INTEGER NOT NULL, "invalid" INTEGER NOT NULL, "created" INTEGER NOT NULL, '
    '"updated" INTEGER NOT NULL, "discarded" INTEGER NOT NULL, "message" TEXT NOT NULL, "tag" TEXT)',
    'INSERT INTO "import_run_v10" SELECT "id", "started_at", "finished_at", "imported_by", "pid", '
    '"host", "file_name", "file_size", "of", "options", "status", "rows", "valid", "invalid", '
    '"created", "updated", "discarded", "message", "tag" FROM "import_run"',
    'CREATE TABLE "import_issue_v10" ("id" INTEGER NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL, '
    '"row" INTEGER NOT NULL, "column" TEXT NOT NULL, "value" TEXT NOT NULL, "reason" TEXT NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run_v10" ("id") ON DELETE CASCADE)',
    'INSERT INTO "import_issue_v10" SELECT "id", "run_id", "row", "column", "value", "reason" '
    'FROM "import_issue"',
    'CREATE TABLE "import_prior_v10" ("run_id" INTEGER NOT NULL, "person_id" INTEGER, '
    '"company_id" INTEGER, "modified_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run_v10" ("id") ON DELETE CASCADE)',
    'INSERT INTO "import_prior_v10" SELECT "run_id", "person_id", "company_id", "modified_at" '
    'FROM "import_prior"',
    'DROP TABLE "import_issue"',
    'DROP TABLE "import_prior"',
    'DROP TABLE "import_run"',
    'ALTER TABLE "import_run_v10" RENAME TO "import_run"',  # the two tables' keys follow
    'ALTER TABLE "import_issue_v10" RENAME TO "import_issue"',
    'ALTER TABLE "import_prior_v10" RENAME TO "import_prior"',
    'CREATE INDEX "import_run_status" ON "import_run" ("status")',
    'CREATE INDEX "import_issue_run_id_row" ON "import_issue" ("run_id", "row")',
    'CREATE INDEX "import_prior_run_id" ON "import_prior" ("run_id")',
)


def apply(database: peewee.Database) -> None:
    """Rebuild the import history tables with ``AUTOINCREMENT`` on SQLite (PostgreSQL: nothing)."""
    if not on_postgres(database):
        run(database, SQLITE_STATEMENTS)
