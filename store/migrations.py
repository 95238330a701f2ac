"""Versioned schema migrations, so an existing database keeps working after an upgrade.

Each migration is a function that takes the database and brings the schema from the
previous version to its own; ``schema_version`` records what is applied. Migrations
run in order, each in its own transaction, when the store is opened. A database made
by a newer version of the program is refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from . import models
from .errors import ProfilesError

Migration = Callable[[peewee.Database], None]


def _v1_foundation(database: peewee.Database) -> None:
    """Persons, contacts, companies, tags, custom attributes, history, settings."""
    with database.bind_ctx(models.FOUNDATION_MODELS):
        database.create_tables(models.FOUNDATION_MODELS)
    if isinstance(database, peewee.PostgresqlDatabase):
        # Prefix searches compare folded keys by code point on both databases; the
        # "C" collation makes PostgreSQL's btree order match SQLite's BINARY order.
        for column in ("name_key", "last_key"):
            database.execute_sql(f'ALTER TABLE person ALTER COLUMN {column} TYPE text COLLATE "C"')


def _v2_imports(database: peewee.Database) -> None:
    """The import history: runs, their error records, the profiles each touched."""
    from .importing.records import IMPORT_MODELS

    with database.bind_ctx(IMPORT_MODELS):
        database.create_tables(IMPORT_MODELS)


def _v3_events(database: peewee.Database) -> None:
    """Events, tracking identities, merges; the product events."""
    from .events.definitions import seed_product_events
    from .events.models import EVENT_MODELS, create_event_tables

    create_event_tables(database)
    with database.bind_ctx(EVENT_MODELS):
        seed_product_events()


def _v4_creation_batches(database: peewee.Database) -> None:
    """One row per batch of persons an import created, instead of a history row per person."""
    with database.bind_ctx([models.CreationBatch]):
        database.create_tables([models.CreationBatch])


def _v5_no_duplicate_indexes(database: peewee.Database) -> None:
    """Drop the two partial indexes version 3 made for duplicate candidates: every person
    written paid for them (~2.6 s of a 400,000-person import); the rules read the name
    index instead (``merging.duplicates``)."""
    for name in ("person_dup_name_birth", "person_dup_name_company"):
        database.execute_sql(f"DROP INDEX IF EXISTS {name}")


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "foundation", _v1_foundation),
    (2, "imports", _v2_imports),
    (3, "events", _v3_events),
    (4, "creation batches", _v4_creation_batches),
    (5, "no duplicate-candidate indexes", _v5_no_duplicate_indexes),
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
                    (number, name, models.utcnow().isoformat()),
                )
            applied.append(number)
    return applied
