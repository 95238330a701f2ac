"""The country rule (SPEC 2.1): a country is stored as its ISO 3166-1 alpha-2 code.

``country_code(text)`` takes what people write in a country field: the alpha-2 or
alpha-3 code (``HR``, ``HRV``), the short, official or common name in English, Croatian
or German (``Croatia``, ``Republika Hrvatska``, ``Kroatien``) or a common alias (``UK``,
``U.S.A.``, ``Holland``), in any case, with accents, punctuation and spacing forgiven
(``cote d'ivoire``, ``Oesterreich``), and returns the code; anything else is refused
naming the field and the value. Persons, companies and imports all call it.

The codes and names come from pycountry (ISO 3166-1 and its gettext translations);
the aliases, which no standard lists, are kept here. The lookup is one dict of folded
spellings, built on first use (about 30 ms, and 50 ms to import pycountry, which only
then loads) and then a probe per value, so an import of 400,000 rows pays for it once.
A spelling that fits two countries once folded is left out rather than guessed
(``Korea`` alone, ``Virgin Islands``), except where a country's own name wins over a
form derived from another's (``Congo`` is the Republic of the Congo, not the short
form of the Democratic Republic's long name).
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from .errors import InvalidValue
from .text_checks import shown

LANGUAGES = ("hr", "de")
"""The languages, besides English, whose country names are accepted."""

EXTRA_COUNTRIES = {"XK": ("XKX", "Kosovo", "Kosovo", "Kosovo")}
"""Codes outside ISO 3166-1 that the EU, phonenumbers and most exports use: alpha-3,
English, Croatian and German name."""

ALIASES = {
    "GB": (
        "UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Velika Britanija",
        "Engleska",
        "Škotska",
        "Großbritannien",
        "Schottland",
    ),
    "US": ("America", "SAD", "Amerika"),
    "NL": ("Holland", "Holandija"),
    "RU": ("Russia", "Rusija", "Russland"),
    "KR": ("Južna Koreja",),
    "TR": ("Turkey",),
    "CI": ("Ivory Coast", "Elfenbeinküste"),
    "MK": ("Macedonia", "Makedonija", "Mazedonien"),
    "VA": ("Vatican", "Vatican City", "Vatikanstadt"),
    "CV": ("Cape Verde", "Kapverden", "Zelenortska Republika"),
    "SZ": ("Swaziland", "Svazi", "Swasiland"),
    "MM": ("Burma", "Birma"),
    "TL": ("East Timor", "Osttimor"),
    "CD": ("DR Congo", "DRC", "DR Kongo"),
    "BA": ("Bosnia", "Bosna"),
    "AE": ("UAE", "Emirates"),
    "DE": ("BRD",),
}
"""Spellings people use that no ISO name gives, by the code they mean."""

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_FOLD = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})
_DROP = re.compile(r"[.'’`ʼ]")
_SPACE = re.compile(r"[^\w]+|_")
_FILLERS = frozenset({"the", "and", "und", "i", "&"})
_SAINT = frozenset({"st", "sankt"})


def fold(text: str) -> str:
    """A spelling reduced to what tells countries apart: no case, accents or punctuation,
    single spaces; in a name of several words ``the``/``and``/``und``/``i`` left out
    (``The Bahamas`` → ``bahamas``) and ``St.`` or ``Sankt`` read as ``Saint``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _SPACE.sub(" ", _DROP.sub("", plain)).split()
    if len(words) > 1:  # ``St. Lucia``; ``ST`` alone is São Tomé's code, ``AND`` Andorra's
        words = ["saint" if w in _SAINT else w for w in words if w not in _FILLERS]
    return " ".join(words)


def _derived(name: str) -> list[str]:
    """Other ways of writing an ISO name: ``Korea, Republic of`` → ``Republic of Korea``,
    ``Holy See (Vatican City State)`` → ``Holy See``, ``Österreich`` → ``Oesterreich``."""
    forms = []
    if "(" in name:
        outer, _sep, inner = name.partition("(")
        forms += [outer.strip(), inner.rstrip(") ").strip()]
    if ", " in name:
        head, _sep, tail = name.partition(", ")
        forms += [f"{tail} {head}", head]
    umlauts = name.translate(_UMLAUTS)
    if umlauts != name:
        forms.append(umlauts)
    return forms


@functools.cache
def _entries() -> list[tuple[str, str, list[str]]]:
    """Each country as its alpha-2 and alpha-3 codes and its names in every language."""
    import pycountry  # loaded on first use: most commands never read a country

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in LANGUAGES
    ]
    found = []
    for country in pycountry.countries:
        english = [getattr(country, key, None) for key in ("name", "official_name", "common_name")]
        names = [n for n in english if n]
        names += [t.gettext(n) for t in translations for n in names]
        found.append((country.alpha_2, country.alpha_3, names))
    for code, (alpha_3, *names) in EXTRA_COUNTRIES.items():
        found.append((code, alpha_3, names))
    return found


@functools.cache
def _lookup() -> dict[str, str]:
    """Folded spelling (and the stored code itself) → alpha-2 code, built on first use.

    Spellings are taken by rank: aliases, then codes, then names, then forms derived
    from names; a spelling that two countries share within a rank is given to neither,
    and no lower rank may claim it.
    """
    entries = _entries()
    ranks: list[list[tuple[str, Sequence[str]]]] = [
        [(code, aliases) for code, aliases in ALIASES.items()],
        [(code, [code, alpha_3]) for code, alpha_3, _names in entries],
        [(code, names) for code, _alpha_3, names in entries],
        [(code, [d for n in names for d in _derived(n)]) for code, _alpha_3, names in entries],
    ]
    decided: dict[str, str] = {}
    for rank in ranks:
        claims: dict[str, str] = {}
        for code, spellings in rank:
            for spelling in spellings:
                key = fold(spelling)
                if key and claims.setdefault(key, code) != code:
                    claims[key] = ""  # two countries: neither
        for key, code in claims.items():
            decided.setdefault(key, code)
    table = {key: code for key, code in decided.items() if code}
    table.update({code: code for code, _alpha_3, _names in entries})
    return table


@functools.lru_cache(maxsize=4096)
def _code(text: str) -> str | None:
    """The code of one spelling, or None; kept for the spellings a file repeats (``Croatia``
    on every row: 0.3 µs a row instead of the 5 µs of folding it)."""
    table = _lookup()
    code = table.get(text) or table.get(fold(text))
    if code is None and "(" in text:  # ``Croatia (Hrvatska)``, ``Macedonia (FYROM)``
        outer, _sep, inner = text.partition("(")
        codes = {table.get(fold(part)) for part in (outer, inner.rstrip(") "))} - {None}
        code = codes.pop() if len(codes) == 1 else None
    return code


@functools.cache
def known_codes() -> frozenset[str]:
    """Every alpha-2 code a country may be stored as."""
    return frozenset(code for code, _alpha_3, _names in _entries())


def country_code(value: Any) -> str:
    """The alpha-2 code of a country as people write it, or ``InvalidValue`` naming the value.

    ``value`` is text already trimmed and not empty (see ``fields``).
    """
    code = _code(value) if isinstance(value, str) else None
    if code is not None:
        return code
    raise InvalidValue(
        f"Country {shown(value)} is not a country: give its ISO code (HR or HRV) "
        "or its name in English, Croatian or German.",
        field="country",
        value=value,
    )
