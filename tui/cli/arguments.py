"""What the command line accepts as an argument: valid UTF-8 text, and numbers in ASCII digits.

Python hands bytes that are not UTF-8 over as lone surrogates (``\\udcff``); such an
argument is refused before parsing, naming the option it was given to, so it never
reaches the store or an output stream. Ids, limits and counts are ASCII digits only
(``²`` and Arabic-Indic digits are not numbers here) and are then checked by the
store's own rule (``store.arguments``): this module only words the usage message.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence

from store.arguments import MAX_INTEGER, check_id, check_integer, check_limit
from store.errors import InvalidValue

_WHOLE = re.compile(r"-?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")
# More digits than 2^63-1 has (19): out of range whatever they are, and never given to int().
_MAX_DIGITS = len(str(MAX_INTEGER))
# The global options that take no value: what follows one is not its value.
FLAGS_WITHOUT_VALUE = ("--json", "--debug", "--demo")


def _shown(text: str) -> str:
    """An argument for a message: quoted, and cut when long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _checked(check: Callable[[int, str], int], number: int, field: str) -> int:
    """``number`` through the store's check, its refusal as a usage message."""
    try:
        return check(number, field)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _number(text: str, pattern: re.Pattern[str], what: str) -> int:
    if not pattern.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not {what} (digits 0-9)")
    digits = text.lstrip("-").lstrip("0")
    if len(digits) > _MAX_DIGITS:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is out of range: at most {MAX_INTEGER}")
    return -int(digits or 0) if text.startswith("-") else int(digits or 0)


def id_number(text: str, field: str = "id") -> int:
    """An id given as ASCII digits, within the database's integer range."""
    return _checked(check_id, _number(text, _DIGITS, "an id"), field)


def limit_number(text: str) -> int:
    """A ``--limit``: ASCII digits, 1 or more (a negative limit is refused, never "every row")."""
    return _checked(check_limit, _number(text, _WHOLE, "a whole number"), "limit")


def days_number(text: str) -> int:
    """A ``--days``: ASCII digits, 1 or more."""
    return _checked(check_limit, _number(text, _WHOLE, "a whole number"), "days")


def whole_number(text: str) -> int:
    """A count such as ``--skip-rows``: ASCII digits (and a sign), within the integer range.

    Whether it may be negative is the store's rule, which says so naming the option.
    """
    return _checked(check_integer, _number(text, _WHOLE, "a whole number"), "number")


def person_number(text: str) -> int | None:
    """The id of a PERSON argument written in ASCII digits, or None when it is not digits."""
    if not text.isascii() or not text.isdigit():
        return None
    return id_number(text, "person")


def undecodable_argument(argv: Sequence[str]) -> str | None:
    """A usage message naming the first argument that is not valid UTF-8, or None.

    The message names the option (``--first-name``) the value was given to, or the
    argument's position; it never echoes the bytes.
    """
    for index, item in enumerate(argv):
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            return f"{_where(argv, index)} is not valid UTF-8 text"
    return None


def _where(argv: Sequence[str], index: int) -> str:
    item = argv[index]
    name, sep, _value = item.partition("=")
    if item.startswith("--") and sep and _encodes(name):
        return f"the value of {name}"
    previous = argv[index - 1] if index else ""
    takes_value = previous.startswith("-") and previous not in FLAGS_WITHOUT_VALUE
    if takes_value and not item.startswith("-") and _encodes(previous):
        return f"the value of {previous}"
    return f"argument {index + 1} of the command line"


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
