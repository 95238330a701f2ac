"""Schema version 9, "countries": stored countries converted to ISO 3166-1 alpha-2 codes.

From this version on a country is stored as its alpha-2 code (``HR``) and every path
converts what it is given (SPEC 2.1). Countries stored before were free text; this
version rewrites each person's and company's country that it recognises (``Croatia``,
``hrv``, ``Kroatien``, ``U.S.A.`` become ``HR``, ``HR``, ``HR``, ``US``) and leaves the
others as they are; the audit's "country not an ISO code" figure lists those persons.

No DDL: the schema is the same as version 8's. The spellings are the frozen table of
``v9_country_names`` and the folding is written out here, not taken from ``countries``,
so that this version stays what it was when the rule changes again. Each distinct
stored value is converted once, with one ``UPDATE`` for all the rows holding it. No
change-history entry is written and ``modified_at`` is kept: the value means the same
country, written the way the store now writes it.
"""

from __future__ import annotations

import re
import unicodedata

import peewee

from .v9_country_names import TABLE

_FOLD = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})
_DROP = re.compile(r"[.'’`ʼ]")
_SPACE = re.compile(r"[^\w]+|_")
_FILLERS = frozenset({"the", "and", "und", "i", "&"})
_SAINT = frozenset({"st", "sankt"})


def fold(text: str) -> str:
    """A country spelling as version 9 compared it: no case, accents, punctuation or fillers."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _SPACE.sub(" ", _DROP.sub("", plain)).split()
    if len(words) > 1:
        words = ["saint" if w in _SAINT else w for w in words if w not in _FILLERS]
    return " ".join(words)


def spellings() -> dict[str, str]:
    """Folded spelling → alpha-2 code, read from the frozen table."""
    found = {}
    for line in TABLE.strip().splitlines():
        code, _space, keys = line.partition(" ")
        found.update(dict.fromkeys(keys.split("|"), code))
    return found


def apply(database: peewee.Database) -> None:
    """Rewrite every stored person and company country that version 9 recognises."""
    known = spellings()
    p = database.param
    for table in ("person", "company"):
        stored = database.execute_sql(
            f'SELECT DISTINCT country FROM "{table}" WHERE country IS NOT NULL'
        ).fetchall()
        for (value,) in stored:
            code = known.get(fold(value))
            if code is None and "(" in value:  # ``Croatia (Hrvatska)``: the parts, if they agree
                outer, _sep, inner = value.partition("(")
                codes = {known.get(fold(part)) for part in (outer, inner.rstrip(") "))} - {None}
                code = codes.pop() if len(codes) == 1 else None
            if code is not None and code != value:
                database.execute_sql(f'UPDATE "{table}" SET country = {p} WHERE country = {p}', (code, value))
