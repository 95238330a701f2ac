"""Folding text into search keys: case and accents removed, so "kovac" finds "Kovač"."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that carry no combining mark to strip but that users type without the stroke.
_EXTRA = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})


@lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """Case- and accent-insensitive form of ``text`` with runs of spaces collapsed."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_EXTRA).split())


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """The half-open key range ``[low, high)`` holding every key that starts with ``prefix``."""
    return prefix, prefix + "\U0010ffff"


def name_keys(first: str | None, last: str | None, nickname: str | None) -> tuple[str | None, str | None]:
    """The two search keys of a person: folded "first last" (or nickname) and folded last name."""
    full = fold(f"{first or ''} {last or ''}") or fold(nickname)
    return (full or None), (fold(last) or None)
