"""What a database driver's error means for the user: full disk, read-only, failing disk.

``translate`` is called where the store's statements meet sqlite3 or psycopg2 (the
cursors of ``store.db``'s database classes, which run every statement, ``BEGIN``,
``COMMIT`` and ``ROLLBACK`` included): it turns the driver errors a
user can do something about into the store's own errors (``errors.StorageError`` and
its kinds), each saying that nothing of the change was kept, and leaves every other
error alone. It reads the driver's error codes (SQLite's primary result code,
PostgreSQL's SQLSTATE), and the messages where a driver gives no code.

SQLite rolls a transaction back by itself after some of these errors (a full disk, an
I/O error); the rollback the store then asks for finds no transaction (or no savepoint).
That second error says nothing the first did not: ``is_rollback_after_rollback``
recognises it, so that it is dropped and the first error reaches the user.
"""

from __future__ import annotations

import sqlite3

from .errors import ProfilesError, ReadOnlyDatabase, StorageError, StorageFull, StorageIOError

# SQLite primary result codes (the low byte of an extended code).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
_SQLITE_KINDS: dict[int, type[StorageError]] = {
    SQLITE_FULL: StorageFull,
    SQLITE_READONLY: ReadOnlyDatabase,
    SQLITE_IOERR: StorageIOError,
}
# PostgreSQL SQLSTATEs: disk_full, read_only_sql_transaction, io_error.
_PG_KINDS: dict[str, type[StorageError]] = {
    "53100": StorageFull,
    "25006": ReadOnlyDatabase,
    "58030": StorageIOError,
}
# psycopg2's classes for those SQLSTATEs (an error made in Python has no pgcode).
_PG_CLASSES: dict[str, type[StorageError]] = {
    "DiskFull": StorageFull,
    "ReadOnlySqlTransaction": ReadOnlyDatabase,
    "IoError": StorageIOError,
}
# What the drivers say when no code is at hand.
_MESSAGES: tuple[tuple[str, type[StorageError]], ...] = (
    ("database or disk is full", StorageFull),
    ("no space left on device", StorageFull),
    ("attempt to write a readonly database", ReadOnlyDatabase),
    ("read-only transaction", ReadOnlyDatabase),
    ("disk i/o error", StorageIOError),
)
_ROLLBACK_AFTER_ROLLBACK = ("cannot rollback - no transaction is active", "no such savepoint")


def driver_error(error: BaseException) -> BaseException:
    """The driver's own exception: Peewee keeps it as ``orig`` on the error it raises."""
    orig = getattr(error, "orig", None)
    return orig if isinstance(orig, BaseException) else error


def kind_of(error: BaseException) -> type[StorageError] | None:
    """The store error class a driver error stands for, or None when it is none of them."""
    orig = driver_error(error)
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_KINDS:
            return _SQLITE_KINDS[code & 0xFF]
    elif type(orig).__module__.startswith("psycopg2"):
        pgcode = getattr(orig, "pgcode", None)
        if isinstance(pgcode, str) and pgcode in _PG_KINDS:
            return _PG_KINDS[pgcode]
        for cls in type(orig).__mro__:
            if cls.__name__ in _PG_CLASSES:
                return _PG_CLASSES[cls.__name__]
    else:
        return None  # not a driver's error (the store's own errors included)
    text = str(orig).lower()
    return next((kind for words, kind in _MESSAGES if words in text), None)


def translate(error: Exception, database_path: str | None) -> ProfilesError | None:
    """The store error for a driver error (None when the error is not one of these).

    ``database_path`` names the database in the message (a SQLite file's path; None
    for a server, whose disk the user does not see). The driver's error text is kept as
    the error's ``value``.
    """
    kind = kind_of(error)
    if kind is None:
        return None
    where = f" {database_path}" if database_path else ""
    detail = str(driver_error(error))
    if kind is StorageFull:
        message = (
            f"The disk holding the database{where} is full: nothing of this change was written. "
            "Free some space, then try again."
        )
    elif kind is ReadOnlyDatabase:
        message = f"The database{where} is read-only: nothing of this change was written."
    else:
        message = (
            f"The disk holding the database{where} failed to read or write (disk I/O error): "
            "this change was not saved."
        )
    return kind(message, field="database", value=detail)


def is_rollback_after_rollback(error: BaseException, *, in_transaction: bool) -> bool:
    """True for the error of a rollback (``ROLLBACK``, ``ROLLBACK TO SAVEPOINT``) that found
    SQLite had rolled everything back already.

    That is ``cannot rollback - no transaction is active`` or ``no such savepoint`` while
    the connection is no longer in a transaction (``in_transaction``, as sqlite3's
    connection says): both follow a full disk or an I/O error, which is the error to report.
    """
    orig = driver_error(error)
    return (
        not in_transaction
        and isinstance(orig, sqlite3.Error)
        and any(words in str(orig) for words in _ROLLBACK_AFTER_ROLLBACK)
    )
