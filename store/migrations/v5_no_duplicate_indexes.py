"""Schema version 5, "no duplicate-candidate indexes": drop the two partial indexes version 3
made for duplicate candidates.

Every person written paid for them (~2.6 s of a 400,000-person import); the rules read the
name index instead (``merging.duplicates``). Frozen as the release that introduced it wrote it.
"""

from __future__ import annotations

import peewee

from .ddl import run

STATEMENTS = (
    "DROP INDEX IF EXISTS person_dup_name_birth",
    "DROP INDEX IF EXISTS person_dup_name_company",
)


def apply(database: peewee.Database) -> None:
    """Drop the duplicate-candidate indexes."""
    run(database, STATEMENTS)
