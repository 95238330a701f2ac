"""What merging one record of an import into an existing profile changes: one rule, two users.

The writer (``writer.Writer``) writes what ``person_update`` and ``company_update``
return, inside the import's transaction; the analysis (``details``) shows the same
answer before anything is written, so that "the fields that will change" are the ones
that then change. Both read the matched profiles with the loaders here. Nothing here
writes; the caller resolves company names and tag texts to ids (the writer creates the
missing ones, the analysis gives them stand-in ids).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from ..db import db
from ..protection import Permission
from .options import COMPANY_COLUMNS, PERSON_COLUMNS
from .rowcheck import Layout, Row

CURRENT_PERSON = ("id", "type", *PERSON_COLUMNS, "company_id", "modified_at")
"""The columns of a matched person the merge rule reads (``current_persons``)."""


@dataclass
class Update:
    """What one record changes in the profile it merges into.

    ``fields``: column → new value (for persons also ``company_id`` and ``type``);
    ``contacts``: the phones and emails added; ``tags``: the tag ids added; ``values``:
    custom attribute → (text, number) written.
    """

    fields: dict[str, Any]
    contacts: list[str]
    tags: list[int]
    values: dict[str, tuple[str, float | None]]

    def __bool__(self) -> bool:
        """True when the record changes anything at all."""
        return bool(self.fields or self.contacts or self.tags or self.values)


def person_update(
    record: Row,
    shape: Layout,
    old: dict[str, Any],
    allowed: Permission,
    person_type: str,
    owners: dict[str, int],
    company_id: Callable[[str], int | None],
    tag_ids: list[int],
    have_tags: Collection[int],
    have_values: dict[str, str],
) -> Update:
    """The change ``record`` makes to the person ``old`` under ``allowed`` (SPEC 2.4, 6.5).

    Single values the file gives and the rule allows replace different ones; the type
    is promoted where the rule allows; contacts nobody holds yet, tags the person lacks
    and custom values that differ (only empty ones when the rule only fills) are added.
    ``owners`` maps the file's contacts to the existing profile holding them.
    """
    new: dict[str, Any] = {}
    fields = shape.values(record)
    for name in PERSON_COLUMNS:
        if name in fields:
            value, before = fields[name], old[name]
            if isinstance(before, dt.date):
                before = before.isoformat()
            if value != before and allowed.may_set(before):
                new[name] = value
    if "company" in fields and allowed.may_set(old["company_id"]):
        company = company_id(fields["company"])
        if company != old["company_id"]:
            new["company_id"] = company
    wanted_type = allowed.new_type(old["type"], person_type)
    if wanted_type != old["type"]:
        new["type"] = wanted_type
    contacts = (
        [c for c in [*record[shape.phones], *record[shape.emails]] if owners.get(c) is None]
        if allowed.add_contacts
        else []
    )
    custom = record[shape.custom]
    if custom and not allowed.overwrite:
        custom = {k: v for k, v in custom.items() if allowed.may_set(have_values.get(k))}
    return Update(new, contacts, _new_tags(tag_ids, have_tags), _new_values(custom, have_values))


def company_update(
    record: Row,
    shape: Layout,
    old: dict[str, Any],
    tag_ids: list[int],
    have_tags: Collection[int],
    have_values: dict[str, str],
) -> Update:
    """The change ``record`` makes to the company ``old``: every value the file gives wins."""
    fields = shape.values(record)
    new = {name: fields[name] for name in COMPANY_COLUMNS if name in fields and fields[name] != old[name]}
    return Update(new, [], _new_tags(tag_ids, have_tags), _new_values(record[shape.custom], have_values))


def _new_tags(tag_ids: list[int], have: Collection[int]) -> list[int]:
    return [t for t in dict.fromkeys(tag_ids) if t not in have]


def _new_values(
    custom: dict[str, tuple[str, float | None]], have: dict[str, str]
) -> dict[str, tuple[str, float | None]]:
    return {name: value for name, value in custom.items() if have.get(name) != value[0]} if custom else {}


def _marks(ids: list[int]) -> str:
    return ", ".join([db.param] * len(ids))


def current_persons(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The matched persons as the merge rule reads them (``CURRENT_PERSON``), by id."""
    if not ids:
        return {}
    sql = f"SELECT {', '.join(CURRENT_PERSON)} FROM person WHERE id IN ({_marks(ids)})"
    return {row[0]: dict(zip(CURRENT_PERSON, row, strict=True)) for row in db.execute_sql(sql, ids)}


def current_tags(entity: str, ids: list[int]) -> defaultdict[int, set[int]]:
    """The tag ids of each of these persons or companies (``entity``: person or company)."""
    have: defaultdict[int, set[int]] = defaultdict(set)
    if ids:
        sql = f"SELECT tag_id, {entity}_id FROM {entity}_tag WHERE {entity}_id IN ({_marks(ids)})"
        for tag_id, owner in db.execute_sql(sql, ids):
            have[owner].add(tag_id)
    return have


def current_values(entity: str, ids: list[int]) -> defaultdict[int, dict[str, str]]:
    """The custom values (attribute name → text) of each of these persons or companies."""
    have: defaultdict[int, dict[str, str]] = defaultdict(dict)
    if ids:
        sql = (
            f"SELECT v.{entity}_id, d.name, v.value FROM {entity}_value v "
            f"JOIN attribute_def d ON d.id = v.attribute_id WHERE v.{entity}_id IN ({_marks(ids)})"
        )
        for owner, name, value in db.execute_sql(sql, ids):
            have[owner][name] = value
    return have


def current_companies(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The matched companies as the merge rule reads them (``COMPANY_COLUMNS``), by id."""
    if not ids:
        return {}
    columns = ("id", *COMPANY_COLUMNS)
    sql = f"SELECT {', '.join(columns)} FROM company WHERE id IN ({_marks(ids)})"
    return {row[0]: dict(zip(columns, row, strict=True)) for row in db.execute_sql(sql, ids)}
