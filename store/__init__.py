"""Customer Profiles store: every rule of the domain, with no user interface.

Open a database, then call the functions of the modules named for each thing::

    import store
    store.open("sqlite:///profiles.db")
    from store.persons import profiles
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})

The console (``tui``) and the ``profiles`` command line are thin layers over these.
"""

from __future__ import annotations

import os

import peewee

from .db import connect, db, default_url
from .migrations import runner


def open(url: str | None = None) -> peewee.Database:  # noqa: A001 - the store's verb
    """Open the database at ``url`` (default: ``PROFILES_DB`` or the user data dir).

    Binds the models to it and applies pending migrations. ``sqlite:///PATH`` gives an
    embedded file in WAL mode; ``postgresql://USER@HOST:PORT/DB`` a server.
    """
    close()
    database = connect(url or default_url())
    db.initialize(database)
    database.connect(reuse_if_open=True)
    runner.migrate(database)
    from .importing.history import mark_interrupted

    mark_interrupted()
    return database


def close() -> None:
    """Close the open database, if any."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()


def current_url_label() -> str:
    """A short name of the open database for headers (file name or host/db, no password)."""
    database = db.obj
    if isinstance(database, peewee.SqliteDatabase):
        return database.database.rsplit("/", 1)[-1]
    if database is None:
        return ""
    return f"{database.connect_params.get('host', 'localhost')}/{database.database}"


def current_database_place() -> str:
    """Where the open database lives, in full, for the console's help: the file's absolute
    path, or ``user@host:port/database`` (never the password)."""
    database = db.obj
    if isinstance(database, peewee.SqliteDatabase):
        return os.path.abspath(database.database)
    if database is None:
        return ""
    params = database.connect_params
    user = f"{params['user']}@" if params.get("user") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"{user}{params.get('host', 'localhost')}{port}/{database.database}"
