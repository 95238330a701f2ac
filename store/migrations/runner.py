"""The migration runner: which versions exist, which one a database is at, applying the rest.

Each migration is a frozen module (``v1_foundation``...) whose ``apply`` brings the schema
from the previous version to its own; ``schema_version`` records what is applied.
Migrations run in order, each in its own transaction, when the store is opened. A
database made by a newer version of the program is refused rather than damaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee

from ..errors import ProfilesError
from . import (
    v1_foundation,
    v2_imports,
    v3_events,
    v4_creation_batches,
    v5_no_duplicate_indexes,
    v6_import_priors,
    v7_email_forms,
    v8_segments,
    v9_countries,
    v10_import_ids,
    v11_segment_indexes,
)

Migration = Callable[[peewee.Database], None]

MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "foundation", v1_foundation.apply),
    (2, "imports", v2_imports.apply),
    (3, "events", v3_events.apply),
    (4, "creation batches", v4_creation_batches.apply),
    (5, "no duplicate-candidate indexes", v5_no_duplicate_indexes.apply),
    (6, "import priors", v6_import_priors.apply),
    (7, "email forms", v7_email_forms.apply),
    (8, "segments", v8_segments.apply),
    (9, "countries", v9_countries.apply),
    (10, "import ids", v10_import_ids.apply),
    (11, "segment indexes", v11_segment_indexes.apply),
]

LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(ProfilesError):
    """The database was made by a newer version of Customer Profiles."""

    code = "SCHEMA_TOO_NEW"


def current_version(database: peewee.Database) -> int:
    """The schema version recorded in the database (0 for a new, empty database)."""
    if "schema_version" not in database.get_tables():
        return 0
    row = database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(database: peewee.Database, target: int = LATEST) -> list[int]:
    """Apply every migration above the database's version up to ``target``.

    Returns:
        The versions applied, in order (empty when the schema was current).
    """
    database.execute_sql(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    version = current_version(database)
    if version > LATEST:
        raise SchemaTooNew(
            f"The database has schema version {version}, newer than this program's "
            f"{LATEST}: upgrade Customer Profiles to open it.",
            field="db",
            value=version,
        )
    applied = []
    for number, name, step in MIGRATIONS:
        if version < number <= target:
            with database.atomic():
                step(database)
                p = database.param
                database.execute_sql(
                    f"INSERT INTO schema_version (version, name, applied_at) VALUES ({p}, {p}, {p})",
                    (number, name, dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()),
                )
            applied.append(number)
    return applied
