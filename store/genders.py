"""The gender rule: male, female or unset, from the spellings exports write.

A person's gender is stored as ``male``, ``female`` or nothing (SPEC 2.1). Files and
people write it in English, Croatian and German, as a word or a letter: ``M``, ``F``,
``Male``, ``woman``, ``ž``, ``muško``, ``ženski``, ``w``, ``weiblich``, ``Herr``,
``Frau``... ``gender_value`` reads any of them, in any case and with or without the
accents (``zensko``); the words that say "not given" (``-``, ``unknown``, ``n/a``,
``nepoznato``, ``keine Angabe``) read as unset, like an empty value. Anything else is
refused naming the value: the store has no third value to keep it in, and a stated
value is not dropped silently.
"""

from __future__ import annotations

import functools
import unicodedata

from .errors import InvalidValue
from .text_checks import shown

VALUES = ("male", "female")
"""What a gender is stored as (unset is NULL)."""

MALE = (
    "m",
    "male",
    "man",
    "mr",
    "muško",
    "muški",
    "muškarac",
    "männlich",
    "maennlich",
    "mann",
    "herr",
)
"""Spellings of male: English, Croatian, German."""

FEMALE = (
    "f",
    "female",
    "woman",
    "mrs",
    "ms",
    "ž",
    "žensko",
    "ženski",
    "žena",
    "w",
    "weiblich",
    "frau",
)
"""Spellings of female: English (``f``), Croatian (``ž``), German (``w``)."""

UNSET = (
    "-",
    "--",
    "?",
    "unknown",
    "n/a",
    "na",
    "none",
    "not specified",
    "unspecified",
    "nepoznato",
    "nepoznat",
    "unbekannt",
    "keine angabe",
    "k.a.",
)
"""Spellings that give no gender: the field is left empty."""


@functools.lru_cache(maxsize=1024)
def _key(text: str) -> str:
    """A spelling without case, accents or a final dot (``Muško.`` → ``musko``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.rstrip(".").split())


SPELLINGS: dict[str, str | None] = {
    **dict.fromkeys(map(_key, UNSET), None),
    **dict.fromkeys(map(_key, MALE), "male"),
    **dict.fromkeys(map(_key, FEMALE), "female"),
}
"""Every accepted spelling, folded, → ``male``, ``female`` or None (unset)."""


def gender_value(text: str) -> str | None:
    """``male``, ``female`` or None (unset) for a spelling, or ``InvalidValue`` naming it."""
    key = _key(text)
    if not key:
        return None
    try:
        return SPELLINGS[key]
    except KeyError:
        raise InvalidValue(
            f"Gender {shown(text)} is not male, female or empty "
            "(M, F, Ž, W, male, female, muško, žensko, männlich, weiblich...).",
            field="gender",
            value=text,
        ) from None
