"""Building a small SQLite store's indexes once, after an import's rows, instead of row by row.

Inserting 450,000 persons into an empty store updates eight secondary indexes of
``person`` (and two of ``contact``) row by row, each a random B-tree insert: about 6 s
of the 10 s the rows take. ``CREATE INDEX`` over the finished table sorts once and takes
about 3 s for all of them. So when an import creates at least as many persons as the
store holds (an empty or young store), ``deferred_indexes`` drops the indexes of
``person`` and ``contact`` inside the import's write transaction and creates them again,
from their own SQL in ``sqlite_master``, before the transaction commits. ``person_tag``'s
index by person stays: merges read a profile's tags through it while the rows are
written (no statement of the writing reads ``person`` or ``contact`` by a secondary
index).

SQLite's schema changes are part of the transaction: a failed, cancelled or killed
import rolls the drops back with the rows, and other connections keep reading the
committed schema, indexes included, until the commit. A unique index that cannot be
created again (two equal values) fails the import as the row insert would have. Only
SQLite: on PostgreSQL ``DROP INDEX`` would lock the table against every reader for the
whole import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..db import db, is_postgres

TABLES = ("person", "contact")
"""The tables whose secondary indexes a persons import may build afterwards."""


def worth_deferring(creates: int) -> bool:
    """True when ``creates`` new persons are at least as many as the store holds (SQLite only).

    The highest person id stands for the count (ids are never reused, so it is at least
    the count) and costs one index step.
    """
    if is_postgres() or creates == 0:
        return False
    top = db.execute_sql("SELECT MAX(id) FROM person").fetchone()[0] or 0
    return creates >= top


@contextmanager
def deferred_indexes(defer: bool) -> Iterator[None]:
    """Inside a write transaction: drop ``TABLES``' secondary indexes, recreate them on leaving.

    ``defer`` False does nothing. On an exception the indexes are not recreated here: the
    caller's transaction rolls back, and the drops with it.
    """
    if not defer:
        yield
        return
    marks = ", ".join("?" * len(TABLES))
    indexes = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        TABLES,
    ).fetchall()
    for name, _sql in indexes:
        quoted = name.replace('"', '""')
        db.execute_sql(f'DROP INDEX "{quoted}"')
    yield
    for _name, sql in indexes:
        db.execute_sql(sql)
