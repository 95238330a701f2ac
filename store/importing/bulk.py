"""Set-based statements: many rows, or many lookups, in one statement.

An import meets thousands of company names and tag texts; looking each up or creating
it with its own statement costs a round of the driver each. SQLite gets multi-row
``VALUES`` lists and ``IN`` lists (as many as its variable limit allows), PostgreSQL a
JSON array (``json_populate_recordset`` also gives each value its column's type).
Lookups return one JSON value, so each is a single step of the database.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..db import db, is_postgres


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(value: Any) -> Any:
    """A JSON result: text from SQLite, already decoded by psycopg2."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def _sqlite_limit() -> int:
    """How many variables one SQLite statement may bind (32,766 since SQLite 3.32)."""
    return db.connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _slices(values: list[Any], size: int) -> Iterator[list[Any]]:
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
