"""Checks of the arguments every store entry takes: ids, page sizes and keyset cursors.

Ids and limits come from the faces (the command line, the console) and from Python
callers. Each is checked where it enters the store, so an id that is not a whole number,
or one the database's 64-bit integers cannot hold, is an ``InvalidValue`` naming the
field, never an ``OverflowError`` from the driver or a query that matches by accident.
A limit is at least 1: no entry reads "every row" from a negative or zero limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import InvalidValue
from .text_checks import shown

# The range of a database integer (SQLite INTEGER, PostgreSQL BIGINT).
MAX_INTEGER = 2**63 - 1
MIN_INTEGER = -(2**63)


def shown_number(value: int) -> str:
    """A whole number for a message: its digits, or its size when it is too long to print."""
    if value.bit_length() <= 200:
        return str(value)
    return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def _whole(value: Any, field: str) -> int:
    """``value`` when it is an ``int`` (not a ``bool``), else ``InvalidValue`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(
            f"{_label(field)} must be a whole number, not {shown(value)}.", field=field, value=value
        )
    return value


def _in_range(value: Any, field: str, bounds: str) -> int:
    """``value`` as a database integer; out of range, the message ends with ``bounds``."""
    number = _whole(value, field)
    if not MIN_INTEGER <= number <= MAX_INTEGER:
        raise InvalidValue(
            f"{_label(field)} {shown_number(number)} is out of range: {bounds}.", field=field, value=value
        )
    return number


def check_integer(value: Any, field: str) -> int:
    """A whole number a database integer can hold (-2^63..2^63-1), such as a count of rows.

    Raises:
        InvalidValue: not an ``int``, or outside that range; ``field`` names it.
    """
    return _in_range(value, field, f"from {MIN_INTEGER} to {MAX_INTEGER}")


def check_id(value: Any, field: str = "id") -> int:
    """An id as the store takes it: an ``int`` a database integer can hold.

    An id in range that no row has is for the caller to report (``ProfileNotFound``...).

    Raises:
        InvalidValue: not an ``int`` (``None``, text, a bool, a float), or outside
            -2^63..2^63-1; ``field`` names it.
    """
    return _in_range(value, field, f"ids go up to {MAX_INTEGER}")


def check_ids(values: Iterable[Any], field: str = "id") -> list[int]:
    """Every id of ``values`` checked as ``check_id`` does, in order."""
    if isinstance(values, str | bytes):
        raise InvalidValue(
            f"{_label(field)} must be a list of ids, not {shown(values)}.", field=field, value=values
        )
    return [check_id(value, field) for value in values]


def check_optional_id(value: Any, field: str = "id") -> int | None:
    """``None``, or an id checked as ``check_id`` does (a cursor or filter that may be absent)."""
    return None if value is None else check_id(value, field)


def check_limit(value: Any, field: str = "limit", maximum: int = MAX_INTEGER) -> int:
    """A page size or count: a whole number from 1 to ``maximum``.

    Raises:
        InvalidValue: not an ``int``, below 1 (a negative limit never means "every row"),
            or above ``maximum``; ``field`` names it.
    """
    number = _whole(value, field)
    if number < 1 or number > maximum:
        bounds = f"between 1 and {maximum}" if maximum < MAX_INTEGER else "at least 1"
        if number > maximum == MAX_INTEGER:
            bounds = f"at most {MAX_INTEGER}"
        raise InvalidValue(
            f"{_label(field)} {shown_number(number)} must be {bounds}.", field=field, value=value
        )
    return number
