"""Set-based statements: many rows, or many lookups, in one statement.

An import meets thousands of company names and tag texts; looking each up or creating
it with its own statement costs a round of the driver each. SQLite gets multi-row
``VALUES`` lists and ``IN`` lists (as many as its variable limit allows), PostgreSQL a
JSON array (``json_populate_recordset`` also gives each value its column's type).
Lookups return one JSON value, so each is a single step of the database. An import's
bulk rows (``append_rows``) go to PostgreSQL with ``COPY``, its bulk-load path, and to
SQLite with ``executemany``.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..db import db, is_postgres


def _dumps(value: Any) -> str:
    """Compact JSON; dates and times as their ISO text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _loads(value: Any) -> Any:
    """A JSON result: text from SQLite, already decoded by psycopg2."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _sqlite_limit() -> int:
    """How many variables one SQLite statement may bind (32,766 since SQLite 3.32)."""
    return db.connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _slices(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert_rows(table: str, columns: Sequence[str], rows: list[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``, many rows a statement.

    Values must be JSON-ready: text, numbers, None (dates and times as ISO text).
    """
    if not rows:
        return
    names = ", ".join(columns)
    if is_postgres():
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        db.execute_sql(
            f"INSERT INTO {table} ({names}) SELECT {names} "
            f"FROM json_populate_recordset(NULL::{table}, %s::json)",
            (_dumps(records),),
        )
        return
    one = "(" + ", ".join("?" * len(columns)) + ")"
    for part in _slices(rows, _sqlite_limit() // len(columns)):
        db.execute_sql(
            f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(part)),
            [value for row in part for value in row],
        )


UPDATE_PAGE = 5_000  # PostgreSQL: rows of one ``update_rows`` statement


def update_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set ``columns`` of rows of ``table`` by id: each row holds their values, then the id.

    An id appears at most once. SQLite gets ``executemany``; PostgreSQL one ``UPDATE ...
    FROM json_populate_recordset`` a page (a statement a row, even sent a page a trip, is
    parsed and planned a row at a time). Values are as ``insert_rows`` takes them, or
    dates and times (sent as ISO text).
    """
    if not rows:
        return
    if not is_postgres():
        assignments = ", ".join(f"{c} = ?" for c in columns)
        db.cursor().executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", rows)
        return
    names = (*columns, "id")
    sql = (
        f"UPDATE {table} AS t SET {', '.join(f'{c} = v.{c}' for c in columns)} "
        f"FROM json_populate_recordset(NULL::{table}, %s::json) AS v WHERE t.id = v.id"
    )
    for part in _slices(rows, UPDATE_PAGE):
        records = [dict(zip(names, row, strict=True)) for row in part]
        db.execute_sql(sql, (_dumps(records),))


COPY_PAGE = 20_000  # rows of one COPY statement: large pages, bounded memory
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: Any) -> str:
    """One value in COPY's text format (None is ``\\N``; text escaped)."""
    if value is None:
        return "\\N"
    if value.__class__ is str:
        return value.translate(_COPY_ESCAPES)
    return str(value)


def copy_text(rows: Sequence[Sequence[Any]]) -> str:
    """``rows`` in COPY's text format: tab-separated fields, ``\\N`` for None, one line a row.

    Most values hold no tab, newline, carriage return or backslash, so a page is first
    joined as it is and then checked by counting those characters (each tab and newline
    must be a separator, each backslash the start of a None's ``\\N``); only a page that
    fails the count is escaped value by value.
    """
    text = "".join(["\t".join(["\\N" if v is None else str(v) for v in row]) + "\n" for row in rows])
    nones = sum(row.count(None) for row in rows)
    width = len(rows[0]) if rows else 0
    if (
        text.count("\n") == len(rows)
        and text.count("\t") == len(rows) * (width - 1)
        and text.count("\\") == nones
        and "\r" not in text
    ):
        return text
    field = _copy_field
    return "".join(["\t".join([field(v) for v in row]) + "\n" for row in rows])


def append_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``: plain inserts, no conflict clause.

    PostgreSQL gets them through ``COPY ... FROM STDIN`` (row statements over the
    network protocol made an import's writing about 20x slower than SQLite's); SQLite
    through ``executemany``. Either way inside the caller's transaction, so a failure
    or a kill keeps none of them. Values: text, numbers, None (dates as ISO text).
    """
    if not rows:
        return
    names = ", ".join(columns)
    if not is_postgres():
        db.cursor().executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows
        )
        return
    cursor = db.cursor()
    for part in _slices(rows, COPY_PAGE):
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(copy_text(part)))


IN_LIST = 500  # SQLite: values of one ``IN (?, ...)`` list in ``select_in``
IN_PAGE = 50_000  # PostgreSQL: values of one JSON array in ``select_in``


def select_in(sql: str, values: Sequence[str] | Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, whose ``{values}`` stands for the set ``values`` (all text or all ints).

    SQLite gets ``IN`` lists of ``IN_LIST`` marks. PostgreSQL gets one JSON array a page of
    ``IN_PAGE`` values: a list of 500 marks cost it more to send and plan than to run (a
    million identifiers: 2,600 statements), and a large array as ``= ANY`` let it plan a
    scan of the whole table; a set from ``json_array_elements_text`` is planned as index
    lookups.
    """
    rows: list[tuple[Any, ...]] = []
    if not values:
        return rows
    if not is_postgres():
        for part in _slices(values, IN_LIST):
            marks = ", ".join("?" * len(part))
            rows += db.execute_sql(sql.format(values=marks), part).fetchall()
        return rows
    cast = "" if isinstance(values[0], str) else "::bigint"
    sql = sql.format(values=f"SELECT json_array_elements_text(%s::json){cast}")
    for part in _slices(values, IN_PAGE):
        rows += db.execute_sql(sql, (_dumps(list(part)),)).fetchall()
    return rows


RESERVE_WAIT = "1s"  # how long ``reserve_ids`` waits for another transaction's hold on the sequence


def reserve_ids(table: str, count: int) -> range | None:
    """PostgreSQL: ``count`` consecutive new ids of ``table`` that no other writer can get.

    The table's sequence moves by ``count`` in one step, in a short transaction of a
    connection of its own: ``ALTER SEQUENCE ... INCREMENT BY`` holds off every other
    ``nextval`` until it commits, so the block is the caller's alone; ids of a failed
    import stay unused, as ``nextval``'s do. None, and nothing changed, when this role may
    not alter the sequence or a transaction still using it (one that took an id of it)
    does not end within ``RESERVE_WAIT`` (other writers' ``nextval`` wait behind it that
    long at most): then take the ids one ``nextval`` each.
    """
    import psycopg2

    if count < 2:
        return None  # one id: one ``nextval``
    connection = psycopg2.connect(dbname=db.database, **db.connect_params)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{RESERVE_WAIT}'")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
            sequence = cursor.fetchone()[0]
            # The first ALTER only takes the lock; the first ``nextval`` is the block's first
            # id whether or not the sequence was used yet (``setval(..., false)``).
            cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")
            cursor.execute("SELECT nextval(%s)", (sequence,))
            first = cursor.fetchone()[0]
            cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY {int(count) - 1}")
            cursor.execute("SELECT nextval(%s)", (sequence,))
            last = cursor.fetchone()[0]
            cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")
    except (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.LockNotAvailable):
        return None
    finally:
        connection.close()
    assert last == first + count - 1, (first, last, count)
    return range(first, last + 1)


def ids_by(table: str, column: str, values: Iterable[str]) -> dict[str, int]:
    """``{value: id}`` of the rows of ``table`` whose ``column`` is one of ``values``.

    The pairs come back as one JSON value, so each statement is a single step.
    """
    wanted = list(values)
    if not wanted:
        return {}
    if is_postgres():
        sql = (
            f"SELECT json_agg(json_build_array({column}, id)) FROM {table} "
            f"WHERE {column} IN (SELECT json_array_elements_text(%s::json))"
        )
        return {key: id_ for key, id_ in _loads(db.execute_sql(sql, (_dumps(wanted),)).fetchone()[0])}
    found: dict[str, int] = {}
    for part in _slices(wanted, _sqlite_limit()):
        sql = (
            f"SELECT json_group_array(json_array({column}, id)) FROM {table} "
            f"WHERE {column} IN ({', '.join('?' * len(part))})"
        )
        found.update(_loads(db.execute_sql(sql, part).fetchone()[0]))
    return found
