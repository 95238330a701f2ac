"""Type compatibility between profile attributes and a bot's variables (SPEC 8), both directions.

The tables are the spec's, cell for cell; any pair they do not list is refused with
``INCOMPATIBLE_TYPE`` naming both types:

- profile → bot: Text and Gender → Text; Decimal number and Whole number → Number;
  True/False → Boolean; Date and Date Time → Date; List of objects → List;
- bot → profile: Text, Phone number, Location, URL, Email, NER and MO → Text; Boolean →
  True/False; List → List of objects.
"""

from __future__ import annotations

import decimal
from typing import Any

from ..errors import IncompatibleType, InvalidValue
from ..text_checks import shown

PROFILE_TYPES = (
    "Text",
    "Gender",
    "Decimal number",
    "Whole number",
    "True/False",
    "Date",
    "Date Time",
    "List of objects",
)
BOT_TYPES = (
    "Text",
    "Phone number",
    "Location",
    "URL",
    "Email",
    "NER",
    "MO",
    "Number",
    "Boolean",
    "Date",
    "List",
)
TO_BOT = {
    "Text": "Text",
    "Gender": "Text",
    "Decimal number": "Number",
    "Whole number": "Number",
    "True/False": "Boolean",
    "Date": "Date",
    "Date Time": "Date",
    "List of objects": "List",
}
"""The one bot type each profile type may be read into."""
TO_PROFILE = {
    **dict.fromkeys(("Text", "Phone number", "Location", "URL", "Email", "NER", "MO"), "Text"),
    "Boolean": "True/False",
    "List": "List of objects",
}
"""The one profile type each bot type may be written to (Number and Date write nowhere)."""


def bot_type(name: str, value: Any) -> str:
    """A bot type as given for attribute ``name``, or ``INVALID_VALUE`` naming it."""
    if value not in BOT_TYPES:
        raise InvalidValue(
            f"Type {shown(value)} given for {shown(name)} is not a bot type ({', '.join(BOT_TYPES)}).",
            field=name,
            value=value,
        )
    return str(value)


def may_read(profile_type: str, bot: str) -> bool:
    """Whether a profile attribute of ``profile_type`` may be read into a bot variable of type ``bot``."""
    return TO_BOT.get(profile_type) == bot


def may_write(bot: str, profile_type: str) -> bool:
    """Whether a bot value of type ``bot`` may be written to a profile attribute of ``profile_type``."""
    return TO_PROFILE.get(bot) == profile_type


def check_read(name: str, profile_type: str, bot: str) -> None:
    """``INCOMPATIBLE_TYPE`` naming both types unless ``may_read``."""
    if not may_read(profile_type, bot):
        raise IncompatibleType(
            f"{shown(name)} is {profile_type} and cannot be read as a bot's {bot}"
            f" (it reads as {TO_BOT.get(profile_type, 'nothing')}).",
            field=name,
            value=bot,
        )


def check_write(name: str, bot: str, profile_type: str) -> None:
    """``INCOMPATIBLE_TYPE`` naming both types unless ``may_write``."""
    if not may_write(bot, profile_type):
        allowed = [b for b, p in TO_PROFILE.items() if p == profile_type]
        raise IncompatibleType(
            f"A bot's {bot} cannot be written to {shown(name)}, which is {profile_type}"
            f" (it takes {', '.join(allowed) if allowed else 'no bot type'}).",
            field=name,
            value=bot,
        )


def to_bot(bot: str, value: Any) -> Any:
    """A profile value in the JSON form of a bot type: a Number is a JSON number, the rest as stored."""
    if bot == "Number" and isinstance(value, str):
        number = decimal.Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    return value
