"""The database: one deferred Peewee database, opened from a URL.

``connect(url)`` makes the Peewee database a URL names: SQLite (WAL, foreign keys, a busy
timeout) or PostgreSQL; ``store.open`` binds every model to it and brings its schema up
to date through the versioned migrations. SQLite is the embedded default; its file lives
where ``PROFILES_DB`` says, else in the user data directory (``default_url``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
from playhouse import db_url

from .errors import InvalidValue

db = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -64_000,  # 64 MB page cache
}


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
    """A Peewee database for a URL, not yet bound to the models."""
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
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return peewee.SqliteDatabase(str(Path(path).expanduser()), pragmas=SQLITE_PRAGMAS)
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


def tuple_rows(query: peewee.BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` as tuples, read as ``for ... in query.tuples()`` would.

    Peewee's stubs type ``.tuples()`` as the query itself, so its rows would read as model
    instances; iterating through here gives them their true type.
    """
    return iter(query.tuples())


def dict_row(query: peewee.SelectBase) -> dict[str, Any]:
    """The first row of ``query`` as a dict, as ``query.dicts().get()`` (``DoesNotExist`` when none)."""
    return query.dicts().get()
