"""Schema version 6, "import priors": the profiles an import merged into, with their
modified-at before it, so that undoing the import can restore them.

The table came with the release after version 2's, inside version 2 and without a
version of its own: a database made by the release that introduced version 2 never got it.
This version creates it where it is missing and leaves it alone where version 2 made it
(same table, same index), so every database ends with the same schema.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE IF NOT EXISTS "import_prior" ("run_id" INTEGER NOT NULL, "person_id" INTEGER, '
    '"company_id" INTEGER, "modified_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run" ("id") ON DELETE CASCADE)',
)

POSTGRES_TABLES = (
    'CREATE TABLE IF NOT EXISTS "import_prior" ("run_id" INTEGER NOT NULL, "person_id" INTEGER, '
    '"company_id" INTEGER, "modified_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("run_id") REFERENCES "import_run" ("id") ON DELETE CASCADE)',
)

INDEXES = ('CREATE INDEX IF NOT EXISTS "import_prior_run_id" ON "import_prior" ("run_id")',)


def apply(database: peewee.Database) -> None:
    """Create ``import_prior`` and its index unless version 2 already made them."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
