"""Checks every stored text shares: a length bound, no NUL, no lone surrogates, no hidden controls.

Field rules (``fields``, ``contact_rules``, ``attribute_types``) call these so that no
text the database cannot hold, or that would crash its driver, reaches a write: a NUL
ends a PostgreSQL text, a lone surrogate (``"\\udcff"``, what a bad byte decoded with
``surrogateescape`` becomes) cannot be encoded as UTF-8 at all. ``shown`` gives a value as
a message may quote it: shortened when huge, and never failing (Python refuses to turn
an integer of more than 4,300 digits into text).
"""

from __future__ import annotations

import re
from typing import Any

SHOWN_CHARS = 60
# C0 and C1 controls, DEL, and the bidirectional and zero-width format characters
# (LRM/RLM, the embeddings and overrides, the isolates, the Arabic letter mark, ZWSP,
# ZWNJ, ZWJ and the byte-order mark): invisible in a contact, they make two addresses
# look the same or a number read differently.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(value: Any) -> str:
    """``value`` as a message quotes it: ``repr``, cut to about 60 characters when longer."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"<a number of about {int(value.bit_length() * 0.30103)} digits>"
    try:
        text = repr(value)
    except ValueError:  # an object whose repr fails (a huge number inside a list...)
        text = f"<{type(value).__name__}>"
    if len(text) <= SHOWN_CHARS:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[: SHOWN_CHARS - 20]}...{text[-12:]} ({size:,} characters)"


def hidden_char(text: str) -> str | None:
    """The first control or invisible format character of ``text`` (as ``U+200E``), or None."""
    if text.isascii() and text.isprintable():
        return None
    found = _HIDDEN.search(text) or _SURROGATE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def text_problem(text: str, limit: int) -> str | None:
    """Why ``text`` cannot be stored in a field of at most ``limit`` characters, or None.

    Refuses a NUL character, a lone surrogate and a text longer than ``limit``; other
    characters are the field rule's business.
    """
    if len(text) > limit:
        return f"is longer than {limit:,} characters ({len(text):,})"
    if text.isascii():
        return "must not contain a NUL character" if "\x00" in text else None
    if "\x00" in text:
        return "must not contain a NUL character"
    found = _SURROGATE.search(text)
    if found:
        return f"must not contain a lone surrogate (U+{ord(found.group()):04X}, not a character)"
    return None
