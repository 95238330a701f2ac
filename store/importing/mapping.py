"""Proposing a column mapping from a file's header.

A header cell matches a field when the WHOLE cell, with case, spaces and punctuation
removed (``"E-Mail Address"`` → ``emailaddress``), equals one of the field's known names
(``header_names``: plain names in English, Croatian and German, and the columns of the
common contact exports) or the name of a custom attribute (→ ``custom:<name>``). Nothing
matches a part of a header, so "Description of the id" is not an identifier column.
Phones, emails and tags take every column that matches them; any other field takes the
first one, and the later ones are skipped, each with the reason, like the columns no
field is known by. So a proposed mapping never maps two columns to one single value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text_checks import shown
from .header_names import COMPANY_NAMES, PERSON_NAMES

MULTI_VALUED = frozenset({"phone", "email", "tags"})
"""The fields that take several columns (each value one contact or tag)."""


@dataclass(frozen=True)
class Proposal:
    """A column mapping: column position → field, and the columns left out with the reason of each."""

    fields: dict[int, str]
    skipped: list[tuple[int, str]] = field(default_factory=list)


def normalise_header(text: str) -> str:
    """``text`` without case, spaces or punctuation: ``"E-Mail Address"`` → ``emailaddress``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def _index(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_header(name): field for field, known in names.items() for name in known}


_PERSON_INDEX = _index(PERSON_NAMES)
_COMPANY_INDEX = _index(COMPANY_NAMES)


def propose_mapping(header: list[str], custom_names: Iterable[str] = ()) -> Proposal:
    """The person fields the header cells name (``custom_names``: the person attributes defined).

    Phones, emails and tags take every matching column; any other field its first.
    """
    return _propose(header, _PERSON_INDEX, custom_names)


def propose_company_mapping(header: list[str], custom_names: Iterable[str] = ()) -> Proposal:
    """The company fields (``name``, ``domain``, ``industry``, ``size``, ``address``, ``city``,
    ``country``, ``external_id``, ``tags``, ``custom:<name>``) the header cells name."""
    return _propose(header, _COMPANY_INDEX, custom_names)


def _propose(header: list[str], index: dict[str, str], custom_names: Iterable[str]) -> Proposal:
    # A custom attribute is the user's own name for a column, so it comes before the vocabulary.
    known = {**index, **{normalise_header(name): f"custom:{name}" for name in custom_names}}
    fields: dict[int, str] = {}
    skipped: list[tuple[int, str]] = []
    taken: dict[str, int] = {}
    for position, text in enumerate(header):
        key = normalise_header(text)
        target = known.get(key) if key else None
        if target is None:
            skipped.append(
                (position, "no field is known by this name" if key else "the header cell is empty")
            )
        elif target in taken and target not in MULTI_VALUED:
            first = header[taken[target]]
            skipped.append((position, f"{target} takes one column and comes from {shown(first)}"))
        else:
            fields[position] = target
            taken.setdefault(target, position)
    return Proposal(fields, skipped)
