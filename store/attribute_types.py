"""The types of custom attributes and how a value of each is checked and stored.

A value is stored as exact canonical text plus, for numbers, dates and booleans, a
float copy that conditions can compare. ``parse`` accepts text (command line, import)
and Python values (API); ``to_json`` gives the value back in its JSON form (Decimal
numbers as strings, so they stay exact).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from typing import Any

from .errors import IncompatibleType, InvalidValue
from .text_checks import shown, text_problem

TYPE_LABELS = {
    "text": "Text",
    "decimal": "Decimal number",
    "whole": "Whole number",
    "boolean": "True/False",
    "date": "Date",
    "datetime": "Date Time",
    "list": "List of objects",
}
TRUE_WORDS = {"true", "yes", "1", "y"}
FALSE_WORDS = {"false", "no", "0", "n"}
MAX_TEXT = 10_000  # characters of a Text value
MAX_LIST = 100_000  # characters of a List of objects value, as stored JSON
MAX_DIGITS = 40  # significant digits of a Decimal number
MAX_PLACES = 20  # digits after the decimal point of a Decimal number
DECIMAL_BOUND = decimal.Decimal(10) ** MAX_DIGITS  # a Decimal number's magnitude stays below it
WHOLE_MIN, WHOLE_MAX = -(2**63), 2**63 - 1  # the database's integer
# ASCII digits only: Python's int() and Decimal() also read "1_0", Arabic-Indic and
# full-width digits, which no other program reading the data would.
_WHOLE = re.compile(r"[+-]?[0-9]+")
_SIZE = f": it must be below 10^{MAX_DIGITS} in size"
_PLACES = f": it may have at most {MAX_PLACES} decimal places"
_WHOLE_RANGE = f": a whole number lies between {WHOLE_MIN:,} and {WHOLE_MAX:,}"
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?)([0-9]+))?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# yyyy-mm-dd, optionally a time hh:mm[:ss[.ffffff]] after T or a space, and an offset (Z,
# +hh, +hhmm or +hh:mm) after the time.
ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)


def _fail(name: str, type_: str, value: Any, cls: type = InvalidValue, why: str = "") -> Exception:
    return cls(
        f"Attribute {name!r} ({TYPE_LABELS[type_]}) does not accept {shown(value)}{why}.",
        field=name,
        value=value,
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def parse_iso_datetime(text: str) -> dt.datetime | None:
    """An ISO 8601 time (``2026-03-01T10:15:00+01:00``, ``...Z``, a bare date for midnight)
    as an aware UTC datetime; None when the text is not one, or when its offset takes it
    outside the years 1 to 9999 (``9999-12-31T23:59:00-05:00``)."""
    text = text.strip()
    if not ISO_DATETIME.fullmatch(text):
        return None
    try:
        return _utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
    except (ValueError, OverflowError):
        return None


def aware_utc(moment: dt.datetime) -> dt.datetime | None:
    """``moment`` in UTC (naive means UTC already); None when UTC falls outside years 1 to 9999."""
    try:
        return _utc(moment)
    except (ValueError, OverflowError):
        return None


def parse_iso_date(text: str) -> dt.date | None:
    """A date written ``yyyy-mm-dd`` and nothing else (not ``2023-W01-1``, ``20230101``, ``2023-1-1``)."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _decimal(name: str, value: Any) -> decimal.Decimal:
    """A Decimal number within the bounds, from text, an int, a float or a Decimal."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | decimal.Decimal):
        raise _fail(name, "decimal", value, IncompatibleType)
    if isinstance(value, int) and not -DECIMAL_BOUND < value < DECIMAL_BOUND:
        raise _fail(name, "decimal", value, why=_SIZE)
    text = value.strip() if isinstance(value, str) else str(value)
    found = _DECIMAL.fullmatch(text)
    if found is None:
        raise _fail(name, "decimal", value)
    sign, exponent = found.groups()
    if exponent is not None and len(exponent.lstrip("0")) > 6:  # ten to the millionth: far past both bounds
        raise _fail(name, "decimal", value, why=_PLACES if sign == "-" else _SIZE)
    number = decimal.Decimal(text)
    digits = number.as_tuple()
    if not -DECIMAL_BOUND < number < DECIMAL_BOUND:
        raise _fail(name, "decimal", value, why=_SIZE)
    if -int(digits.exponent) > MAX_PLACES:
        raise _fail(name, "decimal", value, why=_PLACES)
    if len(digits.digits) > MAX_DIGITS:
        raise _fail(name, "decimal", value, why=f": it may have at most {MAX_DIGITS} significant digits")
    return number


def _whole(name: str, value: Any) -> int:
    """A Whole number that fits the database integer, from text or an int."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _fail(name, "whole", value, IncompatibleType)
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE.fullmatch(text):
            raise _fail(name, "whole", value)
        if len(text.lstrip("+-").lstrip("0")) > 19:  # more digits than any 64-bit integer has
            raise _fail(name, "whole", value, why=_WHOLE_RANGE)
        number = int(text)
    else:
        number = value
    if not WHOLE_MIN <= number <= WHOLE_MAX:
        raise _fail(name, "whole", value, why=_WHOLE_RANGE)
    return number


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | decimal.Decimal):
        raise _fail(name, "text", value, IncompatibleType)
    if isinstance(value, int) and not -DECIMAL_BOUND < value < DECIMAL_BOUND:
        raise _fail(
            name, "text", value, why=f": a number given as text must be below 10^{MAX_DIGITS} in size"
        )
    text = value if isinstance(value, str) else str(value)
    problem = text_problem(text, MAX_TEXT)
    if problem is not None:
        raise _fail(name, "text", value, why=f": it {problem}")
    return text


def _list(name: str, value: Any) -> tuple[str, float]:
    items = value
    if isinstance(value, str):
        if len(value) > MAX_LIST:
            raise _fail(name, "list", value, why=f": it is longer than {MAX_LIST:,} characters")
        try:
            items = json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            raise _fail(name, "list", value) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _fail(name, "list", value, IncompatibleType if not isinstance(value, str) else InvalidValue)
    try:
        text = json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):  # keys of mixed kinds, a cycle, a huge number
        raise _fail(name, "list", value, IncompatibleType) from None
    problem = text_problem(text, MAX_LIST)
    if problem is not None:
        raise _fail(name, "list", value, why=f": as stored JSON it {problem}")
    return text, float(len(items))


def parse(name: str, type_: str, value: Any) -> tuple[str, float | None]:
    """Check ``value`` against the attribute's type.

    Bounds: a Text value holds at most 10,000 characters, a List of objects at most
    100,000 as JSON, neither a NUL nor a lone surrogate; a Decimal number is written with
    ASCII digits (no ``_``, no exponent over six digits), is below 10^40 in size, has at
    most 20 decimal places and 40 significant digits; a Whole number fits a signed 64-bit
    integer; a Date is ``yyyy-mm-dd``; a Date Time is ISO 8601 and stays within the years
    1 to 9999 once converted to UTC.

    Returns:
        ``(text, number)``: the canonical stored text and the comparable float (or None).

    Raises:
        InvalidValue: text that does not read as the type ("abc" for a Whole number).
        IncompatibleType: a Python value of another kind (a list for a Whole number).
    """
    if type_ == "text":
        return _text(name, value), None
    if type_ == "list":
        return _list(name, value)
    if isinstance(value, list | dict | tuple | set):
        raise _fail(name, type_, value, IncompatibleType)
    text = value.strip() if isinstance(value, str) else value
    if type_ == "boolean":
        if isinstance(text, bool):
            flag = text
        elif isinstance(text, str) and text.lower() in TRUE_WORDS | FALSE_WORDS:
            flag = text.lower() in TRUE_WORDS
        else:
            raise _fail(name, type_, value, InvalidValue if isinstance(value, str) else IncompatibleType)
        return ("true" if flag else "false"), float(flag)
    if type_ == "whole":
        whole = _whole(name, value)
        return str(whole), float(whole)
    if type_ == "decimal":
        number = _decimal(name, value)
        return format(number, "f"), float(number)
    if type_ == "date":
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return text.isoformat(), float(text.toordinal())
        if not isinstance(text, str):
            raise _fail(name, type_, value, IncompatibleType)
        day = parse_iso_date(text)
        if day is None:
            raise _fail(name, type_, value)
        return day.isoformat(), float(day.toordinal())
    if type_ == "datetime":
        if isinstance(text, str):
            moment = parse_iso_datetime(text)
        elif isinstance(text, dt.datetime):
            moment = aware_utc(text)
        else:
            raise _fail(name, type_, value, IncompatibleType)
        if moment is None:
            in_form = not isinstance(text, str) or ISO_DATETIME.fullmatch(text) is not None
            raise _fail(name, type_, value, why=_OUT_OF_RANGE if in_form else "")
        return moment.isoformat(), moment.timestamp()
    raise ValueError(f"unknown attribute type {type_!r}")


_OUT_OF_RANGE = ": in UTC it falls outside the years 1 to 9999"


def to_json(type_: str, text: str) -> Any:
    """A stored value in its JSON form (Decimal numbers stay strings)."""
    if type_ == "whole":
        return int(text)
    if type_ == "boolean":
        return text == "true"
    if type_ == "list":
        return json.loads(text)
    return text
