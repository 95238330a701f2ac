"""The database hook that turns driver errors into store errors, as these tests expect it.

Peewee runs every statement on a cursor from ``Database.cursor()``: its queries, its
``BEGIN``, ``COMMIT``, ``ROLLBACK`` and savepoints (it always runs the driver in
autocommit mode), and the store's own ``cursor().executemany`` (the import writer, the
event recorder). ``install(database)`` makes that cursor one whose ``execute`` and
``executemany`` raise ``storage_errors.translate(error)`` in place of a driver error it
recognises, and drop the error of a ``ROLLBACK`` (or ``ROLLBACK TO SAVEPOINT``) that
finds SQLite rolled back already (``is_rollback_after_rollback``), so that the error that
made SQLite roll back is the one reported.

A database of the store's own classes (``store.db``, which are to translate there) is
left as it is, so these tests then check the store's hook; on a plain Peewee database
the cursor is installed, so they check the mapping and what the store's operations make
of it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import peewee

from store.storage_errors import is_rollback_after_rollback, translate


def _handle(exc: Exception, sql: str, path: str | None, in_transaction: bool) -> None:
    """Return when the error is to be dropped; raise the store error, or the error itself."""
    if sql.lstrip().upper().startswith("ROLLBACK") and is_rollback_after_rollback(
        exc, in_transaction=in_transaction
    ):
        return
    error = translate(exc, path)
    if error is None:
        raise exc
    raise error from exc


def _sqlite_cursor(path: str) -> type[sqlite3.Cursor]:
    class TranslatingCursor(sqlite3.Cursor):
        def execute(self, sql: str, params: Any = ()) -> Any:  # type: ignore[override]
            try:
                return super().execute(sql, params)
            except sqlite3.Error as exc:
                _handle(exc, sql, path, self.connection.in_transaction)
                return self

        def executemany(self, sql: str, rows: Any) -> Any:  # type: ignore[override]
            try:
                return super().executemany(sql, rows)
            except sqlite3.Error as exc:
                _handle(exc, sql, path, self.connection.in_transaction)
                return self

    return TranslatingCursor


def _pg_cursor() -> type:
    import psycopg2
    import psycopg2.extensions

    class TranslatingCursor(psycopg2.extensions.cursor):
        def execute(self, sql: Any, params: Any = None) -> Any:
            try:
                return super().execute(sql, params)
            except psycopg2.Error as exc:
                _handle(exc, str(sql), None, True)

        def executemany(self, sql: Any, rows: Any) -> Any:
            try:
                return super().executemany(sql, rows)
            except psycopg2.Error as exc:
                _handle(exc, str(sql), None, True)

    return TranslatingCursor


def install(database: peewee.Database) -> peewee.Database:
    """Give ``database`` cursors that translate driver errors (see the module docstring)."""
    if not type(database).__module__.startswith("peewee"):
        return database  # the store's own database class translates
    if isinstance(database, peewee.SqliteDatabase):
        factory = _sqlite_cursor(database.database)

        def cursor(named_cursor: Any = None) -> Any:
            return database.connection().cursor(factory)
    else:
        pg_factory = _pg_cursor()

        def cursor(named_cursor: Any = None) -> Any:
            return database.connection().cursor(cursor_factory=pg_factory)

    database.cursor = cursor  # type: ignore[method-assign]
    return database
