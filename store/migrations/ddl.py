"""What the frozen migrations share: running a backend's statements in order."""

from __future__ import annotations

from collections.abc import Sequence

import peewee


def on_postgres(database: peewee.Database) -> bool:
    """True when ``database`` is PostgreSQL (else SQLite, the only other backend)."""
    return isinstance(database, peewee.PostgresqlDatabase)


def run(database: peewee.Database, statements: Sequence[str]) -> None:
    """Execute ``statements`` one after another on ``database``."""
    for statement in statements:
        database.execute_sql(statement)


def run_for_backend(database: peewee.Database, *, sqlite: Sequence[str], postgres: Sequence[str]) -> None:
    """Execute the statements written for the backend ``database`` runs on."""
    run(database, postgres if on_postgres(database) else sqlite)
