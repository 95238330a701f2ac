"""The database: one deferred Peewee database, opened from a URL.

``connect(url)`` makes the Peewee database a URL names: SQLite (WAL, foreign keys, a busy
timeout) or PostgreSQL; ``store.open`` binds every model to it and brings its schema up
to date through the versioned migrations. SQLite is the embedded default; its file lives
where ``PROFILES_DB`` says, else in the user data directory (``default_url``), and is
created readable by its owner only (0600, new folders 0700), whatever the umask.

Writers wait for each other: on SQLite every transaction begins ``IMMEDIATE``, so a writer
takes the write lock before it reads and the busy timeout (``BUSY_TIMEOUT_MS``) applies,
instead of failing at once when a deferred reader tries to become a writer. A writer that
still waits longer is refused with :class:`~store.errors.DatabaseBusy`, which names the
long writer (an import) when one left its note (``writing``). Read-only transactions use
``read_transaction`` and take no lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import peewee
import psycopg2
import psycopg2.extensions
from playhouse import db_url

from .errors import DatabaseBusy, InvalidValue
from .storage_errors import is_rollback_after_rollback, translate

db = peewee.DatabaseProxy()
_P = ParamSpec("_P")
_R = TypeVar("_R")
# PostgreSQL error codes of a write that lost a race to a concurrent one: a unique
# violation (both inserted the same new email or name), a serialization failure, a deadlock.
_RACE_CODES = {"23505", "40001", "40P01"}
RACE_ATTEMPTS = 3

# How long a writer waits for another to finish. The longest single write transaction is an
# import's write phase: about 11 s for a 50 MB file of 455,000 rows on a quiet 2-core
# machine, 79 s on the same machine at a load of 28 (docs/guarantees.md). Five minutes
# outlasts both with a margin; a console save that waits shows its busy state meanwhile.
BUSY_TIMEOUT_MS = 300_000

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "normal",
    "cache_size": -64_000,  # 64 MB page cache
}


def _raised(error: Exception, sql: str, path: str | None, in_transaction: bool) -> Exception | None:
    """What a statement's driver ``error`` becomes: a store error, the error itself, or None.

    None drops the error of a ``ROLLBACK`` that finds SQLite rolled back already (after a
    full disk, an I/O error), so the error that made it roll back is the one reported.
    """
    if sql.lstrip().upper().startswith("ROLLBACK") and is_rollback_after_rollback(
        error, in_transaction=in_transaction
    ):
        return None
    if path is not None and str(error).startswith("database is locked"):
        return DatabaseBusy(busy_message(path, BUSY_TIMEOUT_MS // 1000), field="db", value=path)
    return translate(error, path) or error


@contextlib.contextmanager
def _translating(sql: str, path: str | None, in_transaction: Callable[[], bool]) -> Iterator[None]:
    """Run one statement: a driver error is raised as ``_raised`` makes it, or dropped."""
    try:
        yield
    except (sqlite3.Error, psycopg2.Error) as exc:
        error = _raised(exc, sql, path, in_transaction())
        if error is exc:
            raise
        if error is not None:
            raise error from exc


def _sqlite_cursor_class(path: str) -> type[sqlite3.Cursor]:
    class StoreCursor(sqlite3.Cursor):
        """A sqlite3 cursor whose errors are the store's (``_raised``)."""

        def execute(self, sql: str, parameters: Any = (), /) -> StoreCursor:
            with _translating(sql, path, lambda: self.connection.in_transaction):
                super().execute(sql, parameters)
            return self

        def executemany(self, sql: str, rows: Any, /) -> StoreCursor:
            with _translating(sql, path, lambda: self.connection.in_transaction):
                super().executemany(sql, rows)
            return self

    return StoreCursor


class StoreSqliteDatabase(peewee.SqliteDatabase):
    """SQLite as the store uses it: transactions ``BEGIN IMMEDIATE``, driver errors translated.

    Peewee runs every statement on a cursor of ``cursor()``, its own ``BEGIN``, ``COMMIT``,
    ``ROLLBACK`` and savepoints included, as does the store's ``cursor().executemany``:
    that cursor turns a lock timeout into ``DatabaseBusy`` and a full, read-only or failing
    disk into the ``StorageError`` kinds (``storage_errors``).
    """

    def __init__(self, database: str, **kwargs: Any) -> None:
        super().__init__(database, lock_type="IMMEDIATE", **kwargs)
        self._cursor_class = _sqlite_cursor_class(database)

    def cursor(self, named_cursor: Any = None) -> Any:
        """A cursor on the open connection (opened if needed) that translates errors."""
        return self.connection().cursor(self._cursor_class)


class _StorePgCursor(psycopg2.extensions.cursor):
    """A psycopg2 cursor whose errors are the store's (``_raised``)."""

    def execute(self, query: Any, vars: Any = None) -> None:  # noqa: A002 - psycopg2's name
        with _translating(str(query), None, lambda: True):
            super().execute(query, vars)

    def executemany(self, query: Any, vars_list: Any) -> None:
        with _translating(str(query), None, lambda: True):
            super().executemany(query, vars_list)

    def copy_expert(self, sql: Any, file: Any, size: int = 8192) -> None:
        with _translating(str(sql), None, lambda: True):
            super().copy_expert(sql, file, size)


class StorePostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL as the store uses it: driver errors translated (see ``StoreSqliteDatabase``)."""

    def cursor(self, named_cursor: Any = None) -> Any:
        """A cursor on the open connection; a named (server-side) one is Peewee's own."""
        if named_cursor:
            return super().cursor(named_cursor)
        return self.connection().cursor(cursor_factory=_StorePgCursor)


db_url.register_database(StorePostgresqlDatabase, "postgres", "postgresql")


def _writer_note_path(database_path: str) -> Path:
    return Path(database_path + "-writer")


def busy_message(database_path: str, seconds: int) -> str:
    """Why a write waited ``seconds`` in vain: the long writer's note, when there is one."""
    note = _read_writer_note(database_path)
    if note:
        return (
            f"The database is busy: {note['what']} (process {note['pid']}) has been writing to it "
            f"since {note['since']}, and this change waited {seconds} s for it; nothing was "
            "written. Try again when it ends."
        )
    return (
        f"The database is busy: another program (a console, a script or an import) held its "
        f"write lock for over {seconds} s; nothing was written. Try again."
    )


def _read_writer_note(database_path: str) -> dict[str, Any] | None:
    try:
        note = json.loads(_writer_note_path(database_path).read_text(encoding="utf-8"))
        os.kill(int(note["pid"]), 0)  # a note left by a process that died is stale
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return note if isinstance(note, dict) else None


@contextlib.contextmanager
def writing(what: str) -> Iterator[None]:
    """Leave a note that ``what`` (e.g. "import #12") holds the write lock, for ``DatabaseBusy``.

    Only SQLite needs it (PostgreSQL writers wait on rows, not on the database). ``what``
    must hold no personal data: other users of the machine may read it in a message.
    """
    database = db.obj
    if not isinstance(database, peewee.SqliteDatabase):
        yield
        return
    path = _writer_note_path(database.database)
    since = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    # The note only improves a message: a folder we cannot write to must not stop the work.
    with contextlib.suppress(OSError):
        _write_private(path, json.dumps({"what": what, "pid": os.getpid(), "since": since}))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def _write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def make_private_file(path: Path) -> None:
    """Create ``path``'s missing folders (0700) and the empty file itself (0600), whatever the umask.

    An existing file or folder keeps its mode: the owner may have chosen to share it.
    """
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(descriptor, 0o600)
        os.close(descriptor)


def default_url() -> str:
    """The database URL used when none is given: ``PROFILES_DB`` or the user data dir.

    ``PROFILES_DB`` may hold a URL (``sqlite:///...``, ``postgresql://...``) or a path.
    """
    configured = os.environ.get("PROFILES_DB", "").strip()
    if configured:
        return configured if "://" in configured else path_url(configured)
    from platformdirs import user_data_path

    return path_url(user_data_path("customer-profiles") / "profiles.db")


def path_url(path: str | os.PathLike[str]) -> str:
    """The SQLite URL of a file path (made absolute)."""
    return "sqlite:///" + str(Path(path).expanduser().resolve())


def connect(url: str) -> peewee.Database:
    """A Peewee database for a URL (or a plain file path, as ``PROFILES_DB`` takes), not yet bound."""
    if "://" not in url and url.strip():
        url = path_url(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        path = url.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path
        if not path or path == ":memory:":
            raise InvalidValue(
                "An in-memory SQLite database cannot be shared between threads: give a file path.",
                field="db",
                value=url,
            )
        file = Path(path).expanduser()
        if not file.is_dir():  # a folder is left for SQLite to refuse, as any path it cannot open
            make_private_file(file)  # an OSError names the path that is in the way
        return StoreSqliteDatabase(str(file), pragmas=SQLITE_PRAGMAS)
    if scheme in ("postgres", "postgresql"):
        return db_url.connect(url.replace("postgres://", "postgresql://", 1))
    raise InvalidValue(
        f"Database URL {url!r} is not supported: use sqlite:///PATH or postgresql://HOST/DB.",
        field="db",
        value=url,
    )


def is_postgres() -> bool:
    """True when the open database is PostgreSQL."""
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def retry_races(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a whole write again when it lost a race to a concurrent PostgreSQL writer.

    Two writers that both check "no one has this email" and then insert it collide on the
    unique index only at the insert; run again, the check sees the other's row and gives its
    usual error (``DuplicateContact``...), or a get-or-create finds what the other created.
    Only a write that is its own transaction is run again (inside another transaction the
    error stands); SQLite needs none of it, its writers take turns (``BEGIN IMMEDIATE``).
    """

    @functools.wraps(function)
    def retried(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for attempt in range(1, RACE_ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except (peewee.IntegrityError, peewee.OperationalError) as exc:
                if attempt == RACE_ATTEMPTS or not lost_race(exc) or db.transaction_depth() > 0:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

    return retried


def lost_race(error: Exception) -> bool:
    """Whether ``error`` is a PostgreSQL writer's lost race (a unique key, serialization or deadlock)."""
    original = error.__cause__ or error.__context__  # the driver's error, which peewee wrapped
    return is_postgres() and getattr(original, "pgcode", None) in _RACE_CODES


def read_transaction() -> Any:
    """A transaction that only reads (one snapshot): on SQLite it takes no write lock."""
    return db.atomic("DEFERRED") if not is_postgres() else db.atomic()


def tuple_rows(query: peewee.BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` as tuples, read as ``for ... in query.tuples()`` would.

    Peewee's stubs type ``.tuples()`` as the query itself, so its rows would read as model
    instances; iterating through here gives them their true type.
    """
    return iter(query.tuples())


def dict_row(query: peewee.SelectBase) -> dict[str, Any]:
    """The first row of ``query`` as a dict, as ``query.dicts().get()`` (``DoesNotExist`` when none)."""
    return query.dicts().get()
