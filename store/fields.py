"""The standard attributes of persons and companies and the rule of each.

``clean_person_field(name, value)`` returns the value as stored or raises an error that
names the field and the value. Every path (console, command line, API, import) goes
through it, so a rule lives here once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from .attribute_types import parse_iso_date
from .countries import country_code
from .errors import InvalidValue, ReadOnlyAttribute
from .genders import gender_value
from .text_checks import shown, text_problem

PERSON_TYPES = ("lead", "customer", "agent", "anonymous")
NAME_FIELDS = ("first_name", "last_name", "middle_name", "nickname")
PERSON_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "middle_name",
    "nickname",
    "gender",
    "birth_date",
    "address",
    "city",
    "country",
    "preferred_language",
    "profile_picture_url",
)
COMPANY_FIELDS = ("name", "external_id", "domain", "industry", "size", "address", "city", "country")
READ_ONLY_FIELDS = ("id", "created_at", "modified_at", "push_registrations", "computed")
FORBIDDEN_NAME_CHARS = '&<>"/\\:(){}=;#\n\r'
_FORBIDDEN_NAME = re.compile("[" + re.escape(FORBIDDEN_NAME_CHARS) + "]")

NAME_LENGTH = 200
MAX_LENGTH = {
    **dict.fromkeys(NAME_FIELDS, NAME_LENGTH),
    "external_id": 1000,
    "gender": 20,
    "address": 500,
    "city": NAME_LENGTH,
    "country": 100,
    "preferred_language": 100,
    "profile_picture_url": 2048,
    "type": 20,
    "company": NAME_LENGTH,
    "name": NAME_LENGTH,
    "domain": 253,
    "industry": NAME_LENGTH,
    "size": 100,
}
"""The most characters each standard field holds (a person's and a company's alike)."""

LABELS = {
    "external_id": "External id",
    "first_name": "First name",
    "last_name": "Last name",
    "middle_name": "Middle name",
    "nickname": "Nickname",
    "gender": "Gender",
    "birth_date": "Birth date",
    "address": "Address",
    "city": "City",
    "country": "Country",
    "preferred_language": "Preferred language",
    "profile_picture_url": "Profile picture URL",
    "type": "Type",
    "company": "Company",
    "name": "Name",
    "domain": "Domain",
    "industry": "Industry",
    "size": "Size",
}


def label(field: str) -> str:
    """The human name of a field (``first_name`` → ``First name``)."""
    return LABELS.get(field, field.replace("_", " ").capitalize())


def describe_char(char: str) -> str:
    """A forbidden character as a user can read it in a message."""
    return {"\n": "a line feed", "\r": "a carriage return"}.get(char, repr(char))


def forbidden_name_char(value: str) -> str | None:
    """The first character of ``value`` that names may not contain, or None."""
    found = _FORBIDDEN_NAME.search(value)
    return found.group() if found else None


def check_text(field: str, text: str) -> None:
    """Refuse a text too long for ``field`` (``MAX_LENGTH``), a NUL or a lone surrogate."""
    problem = text_problem(text, MAX_LENGTH.get(field, NAME_LENGTH))
    if problem is not None:
        raise InvalidValue(f"{label(field)} {shown(text)} {problem}.", field=field, value=text)


def check_name(field: str, value: str) -> None:
    """Refuse a name holding any of ``& < > " / \\ : ( ) { } = ; #``, LF or CR."""
    char = forbidden_name_char(value)
    if char is not None:
        raise InvalidValue(
            f"{label(field)} must not contain {describe_char(char)}: {shown(value)}.",
            field=field,
            value=value,
        )


def _text(field: str, value: Any) -> str | None:
    """``value`` trimmed (None for empty), checked by ``check_text``; whole numbers are taken as text."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int)
        or (isinstance(value, int) and value.bit_length() > 128)
    ):
        raise InvalidValue(f"{label(field)} must be text, not {shown(value)}.", field=field, value=value)
    text = str(value).strip()
    check_text(field, text)
    return text or None


def parse_date(field: str, value: Any) -> dt.date | None:
    """A date from a ``date`` or a ``yyyy-mm-dd`` text (not ``2023-W01-1`` or ``20230101``); None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else None
    day = parse_iso_date(text) if text is not None else None
    if day is None:
        raise InvalidValue(
            f"{label(field)} {shown(value if text is None else text)} is not a date in the form yyyy-mm-dd.",
            field=field,
            value=value,
        )
    return day


def clean_person_field(field: str, value: Any) -> Any:
    """The stored form of a standard person attribute, or an error naming field and value.

    Empty text becomes None (the field is cleared).
    """
    if field in READ_ONLY_FIELDS:
        raise ReadOnlyAttribute(f"{label(field)} is read-only.", field=field, value=value)
    if field == "type":
        type_ = (_text(field, value) or "").lower()
        if type_ not in PERSON_TYPES:
            raise InvalidValue(
                f"Type {shown(value)} is not one of {', '.join(PERSON_TYPES)}.", field=field, value=value
            )
        return type_
    if field not in PERSON_FIELDS:
        raise InvalidValue(f"{shown(field)} is not a person attribute.", field=field, value=value)
    if field == "birth_date":
        return parse_date(field, value)
    text = _text(field, value)
    if text is None:
        return None
    if field in NAME_FIELDS:
        check_name(field, text)
    elif field == "gender":
        return gender_value(text)
    elif field == "country":
        return country_code(text)
    elif field == "profile_picture_url":
        try:
            parts = urlsplit(text)
        except ValueError:  # an unclosed IPv6 bracket, a bad port...
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            raise InvalidValue(
                f"Profile picture URL {shown(text)} is not an http(s) address.", field=field, value=value
            )
    return text


def clean_company_field(field: str, value: Any) -> Any:
    """The stored form of a standard company attribute (empty text becomes None)."""
    if field in READ_ONLY_FIELDS:
        raise ReadOnlyAttribute(f"{label(field)} is read-only.", field=field, value=value)
    if field not in COMPANY_FIELDS:
        raise InvalidValue(f"{shown(field)} is not a company attribute.", field=field, value=value)
    text = _text(field, value)
    if field == "name" and not text:
        raise InvalidValue("Company name must not be empty.", field=field, value=value)
    if field == "country" and text is not None:
        return country_code(text)
    return text
