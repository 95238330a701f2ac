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
_WHOLE = re.compile(r"[+-]?\d+")


def _fail(name: str, type_: str, value: Any, cls: type = InvalidValue) -> Exception:
    shown = value if isinstance(value, str) else repr(value)
    return cls(
        f"Attribute {name!r} ({TYPE_LABELS[type_]}) does not accept {shown!r}.",
        field=name,
        value=value,
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def parse(name: str, type_: str, value: Any) -> tuple[str, float | None]:
    """Check ``value`` against the attribute's type.

    Returns:
        ``(text, number)``: the canonical stored text and the comparable float (or None).

    Raises:
        InvalidValue: text that does not read as the type ("abc" for a Whole number).
        IncompatibleType: a Python value of another kind (a list for a Whole number).
    """
    if type_ == "text":
        if isinstance(value, str):
            return value, None
        if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
            raise _fail(name, type_, value, IncompatibleType)
        return str(value), None
    if type_ == "list":
        items = value
        if isinstance(value, str):
            try:
                items = json.loads(value)
            except json.JSONDecodeError:
                raise _fail(name, type_, value) from None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise _fail(name, type_, value, IncompatibleType if not isinstance(value, str) else InvalidValue)
        return json.dumps(items, ensure_ascii=False, sort_keys=True, default=str), float(len(items))
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
        if isinstance(text, bool):
            raise _fail(name, type_, value, IncompatibleType)
        if isinstance(text, int):
            return str(text), float(text)
        if isinstance(text, str) and _WHOLE.fullmatch(text):
            return str(int(text)), float(int(text))
        raise _fail(name, type_, value, InvalidValue if isinstance(value, str) else IncompatibleType)
    if type_ == "decimal":
        if isinstance(text, bool):
            raise _fail(name, type_, value, IncompatibleType)
        try:
            number = decimal.Decimal(text if isinstance(text, str) else str(text))
        except (decimal.InvalidOperation, TypeError):
            raise _fail(name, type_, value) from None
        if not number.is_finite():
            raise _fail(name, type_, value)
        return format(number, "f"), float(number)
    if type_ == "date":
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return text.isoformat(), float(text.toordinal())
        try:
            day = dt.date.fromisoformat(str(text)) if len(str(text)) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise _fail(name, type_, value)
        return day.isoformat(), float(day.toordinal())
    if type_ == "datetime":
        moment = text
        if isinstance(text, str):
            try:
                moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise _fail(name, type_, value) from None
        if not isinstance(moment, dt.datetime):
            raise _fail(name, type_, value, IncompatibleType)
        moment = _utc(moment)
        return moment.isoformat(), moment.timestamp()
    raise ValueError(f"unknown attribute type {type_!r}")


def to_json(type_: str, text: str) -> Any:
    """A stored value in its JSON form (Decimal numbers stay strings)."""
    if type_ == "whole":
        return int(text)
    if type_ == "boolean":
        return text == "true"
    if type_ == "list":
        return json.loads(text)
    return text
