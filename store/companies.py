"""Company profiles: unique names (case-insensitive), members, tags, custom attributes.

Deleting a company detaches its members (their company becomes empty); it never
deletes a person. The company list is keyset pages on the folded name, with member
counts in one grouped query: a constant number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee

from . import custom_values, history
from .arguments import MAX_INTEGER, check_id, check_limit, check_optional_id
from .db import db, retry_races, tuple_rows
from .errors import DuplicateValue, InvalidValue, ProfileNotFound
from .fields import COMPANY_FIELDS, clean_company_field
from .models import Company, CompanyTag, Person, Tag, utcnow
from .tags import clean_tag_name, ensure_tags, tag_key


@dataclass
class CompanyView:
    """A company as shown and printed."""

    id: int
    name: str
    external_id: str | None
    domain: str | None
    industry: str | None
    size: str | None
    address: str | None
    city: str | None
    country: str | None
    members: int
    tags: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    created_at: dt.datetime | None = None
    modified_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The company as JSON-ready data (times in UTC with an offset)."""
        data = {name: getattr(self, name) for name in ("id", *COMPANY_FIELDS, "members", "tags", "custom")}
        for name in ("created_at", "modified_at"):
            data[name] = getattr(self, name).replace(tzinfo=dt.UTC).isoformat()
        return data


def name_key(name: str) -> str:
    """The unique key of a company name: case-insensitive, spaces collapsed."""
    return " ".join(name.casefold().split())


def find_company(ref: int | str) -> Company | None:
    """A company by id (an int or all-digit text) or by name in any case, or None."""
    if isinstance(ref, int):
        return Company.get_or_none(Company.id == check_id(ref, "company"))
    digits = str(ref).strip().lstrip("0") or "0"
    if (
        digits.isascii()
        and digits.isdigit()
        and len(digits) <= len(str(MAX_INTEGER))
        and int(digits) <= MAX_INTEGER
    ):
        company = Company.get_or_none(Company.id == int(digits))
        if company is not None:
            return company
    return Company.get_or_none(Company.name_key == name_key(str(ref)))


def get_company(ref: int | str) -> Company:
    """A company by id or name, or ``ProfileNotFound`` naming what was looked for."""
    company = find_company(ref)
    if company is None:
        raise ProfileNotFound(f"There is no company {ref!r}.", field="company", value=ref)
    return company


def ensure_company(name: str) -> int:
    """The id of the company called ``name``, created when there is none."""
    clean = clean_company_field("name", name)
    key = name_key(clean)
    company = Company.get_or_none(Company.name_key == key)
    if company is None:
        # Another writer may create the same company meanwhile (PostgreSQL writers do not wait
        # for each other until a row collides): the insert then waits for it and does nothing.
        Company.insert(name=clean, name_key=key).on_conflict_ignore().execute()
        company = Company.get(Company.name_key == key)
    return company.id


def _tag_names(data: Mapping[str, Any], key: str) -> list[str]:
    """The tag names under ``key`` (one name or a list), each checked before anything is written."""
    value = data.get(key)
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple):
        raise InvalidValue(f"{key!r} must be a list of tag names, not {value!r}.", field="tag", value=value)
    return [clean_tag_name(name) for name in names]


def _plan(
    data: Mapping[str, Any], current: Company | None
) -> tuple[dict[str, Any], list, list[str], list[str]]:
    if not isinstance(data, Mapping):
        raise InvalidValue(
            f"A company's data must be a mapping of fields, not {data!r:.60}.", field="data", value=data
        )
    allowed = {*COMPANY_FIELDS, "custom", "tags"} | ({"add_tags", "remove_tags"} if current else set())
    unknown = [k for k in data if k not in allowed]
    if unknown:
        clean_company_field(unknown[0], data[unknown[0]])  # raises the right error
    fields = {k: clean_company_field(k, v) for k, v in data.items() if k in COMPANY_FIELDS}
    if "name" in fields:
        other = Company.get_or_none(Company.name_key == name_key(fields["name"]))
        if other is not None and (current is None or other.id != current.id):
            raise DuplicateValue(
                f"Company {other.name!r} already exists.", field="name", value=fields["name"]
            )
    if fields.get("external_id"):
        other = Company.get_or_none(Company.external_id == fields["external_id"])
        if other is not None and (current is None or other.id != current.id):
            raise DuplicateValue(
                f"External id {fields['external_id']!r} belongs to company {other.name!r}.",
                field="external_id",
                value=fields["external_id"],
            )
    plans = custom_values.plan_values("company", data.get("custom") or {})
    add = _tag_names(data, "tags") + _tag_names(data, "add_tags")
    remove = _tag_names(data, "remove_tags")
    return fields, plans, add, remove


@retry_races
def create_company(data: Mapping[str, Any], *, source: str = "api") -> CompanyView:
    """Create a company from ``{field: value}`` (``name`` required, ``custom``, ``tags``)."""
    history.check_source(source)
    with db.atomic():  # the checks too: on SQLite no other writer can slip in between
        fields, plans, tags, _remove = _plan(data, None)
        if not fields.get("name"):
            raise InvalidValue("Company name must not be empty.", field="name", value=data.get("name"))
        company = Company.create(**fields, name_key=name_key(fields["name"]))
        custom_values.write_values("company", company.id, plans)
        _add_tags(company.id, tags)
        history.record(source, [("profile", None, "created")], company_id=company.id)
    return company_view(company.id)


@retry_races
def update_company(ref: int | str, data: Mapping[str, Any], *, source: str = "api") -> CompanyView:
    """Change a company's fields, custom values and tags.

    ``tags`` and ``add_tags`` add tags (creating missing ones), ``remove_tags`` takes tags
    off (names it does not carry are ignored). Everything is checked before anything is
    written: an error means nothing changed.
    """
    history.check_source(source)
    with db.atomic():  # read, check and write as one: no other writer slips in between
        company = get_company(ref)
        fields, plans, tags, remove = _plan(data, company)
        changes = [(k, getattr(company, k), v) for k, v in fields.items() if getattr(company, k) != v]
        if changes:
            for key, _old, new in changes:
                setattr(company, key, new)
            company.name_key = name_key(company.name)
        changes += custom_values.write_values("company", company.id, plans)
        changes += [("tags", t, None) for t in _remove_tags(company.id, remove)]
        changes += [("tags", None, t) for t in _add_tags(company.id, tags)]
        if changes:
            company.modified_at = utcnow()
            company.save()
            history.record(source, changes, company_id=company.id)
    return company_view(company.id)


def _add_tags(company_id: int, names: list[str]) -> list[str]:
    if not names:
        return []
    ids = ensure_tags(names)
    have = {
        t for (t,) in tuple_rows(CompanyTag.select(CompanyTag.tag).where(CompanyTag.company == company_id))
    }
    new = [i for i in ids.values() if i not in have]
    if new:
        CompanyTag.insert_many([{"tag": i, "company": company_id} for i in new]).execute()
    return [Tag.get_by_id(i).name for i in new]


def _remove_tags(company_id: int, names: list[str]) -> list[str]:
    if not names:
        return []
    carried = list(
        Tag.select(Tag.id, Tag.name)
        .join(CompanyTag)
        .where((CompanyTag.company == company_id) & Tag.name_key.in_([tag_key(n) for n in names]))
        .order_by(Tag.name_key)
    )
    if carried:
        CompanyTag.delete().where(
            (CompanyTag.company == company_id) & CompanyTag.tag.in_([t.id for t in carried])
        ).execute()
    return [t.name for t in carried]


def delete_company(ref: int | str) -> int:
    """Delete a company; its members are detached, never deleted. Returns how many."""
    company = get_company(ref)
    with db.atomic():
        members = (
            Person.update(company=None, modified_at=utcnow()).where(Person.company == company.id).execute()
        )
        company.delete_instance()
    return members


def company_view(ref: int | str) -> CompanyView:
    """A company with its member count, tags and custom values."""
    company = get_company(ref)
    members = Person.select().where(Person.company == company.id).count()
    tags = [
        name
        for (name,) in tuple_rows(
            Tag.select(Tag.name)
            .join(CompanyTag)
            .where(CompanyTag.company == company.id)
            .order_by(Tag.name_key)
        )
    ]
    custom = custom_values.values_for("company", [company.id])[company.id]
    values = {name: getattr(company, name) for name in COMPANY_FIELDS}
    return CompanyView(
        id=company.id,
        members=members,
        tags=tags,
        custom=custom,
        created_at=company.created_at,
        modified_at=company.modified_at,
        **values,
    )


def list_companies(*, after: str | None = None, limit: int = 50) -> list[CompanyView]:
    """Companies by name, a page at a time (``after``: the last name of the previous page)."""
    query = Company.select(Company.id).order_by(Company.name_key).limit(check_limit(limit))
    if after is not None:
        query = query.where(Company.name_key > name_key(after))
    return [company_view(c.id) for c in query]


def member_ids(ref: int | str, *, after: int | None = None, limit: int = 50) -> list[int]:
    """Ids of a company's members in id order, a page at a time (keyset on id)."""
    after, limit = check_optional_id(after, "after"), check_limit(limit)
    company = get_company(ref)
    query = Person.select(Person.id).where(Person.company == company.id)
    if after is not None:
        query = query.where(Person.id > after)
    return [p for (p,) in tuple_rows(query.order_by(Person.id).limit(limit))]


@dataclass
class CompanyRow:
    """One line of the company list."""

    id: int
    name: str
    city: str | None
    country: str | None
    industry: str | None
    members: int


@dataclass
class CompanyPage:
    """A page of companies by name, with the cursors (folded name, id) of its ends."""

    rows: list[CompanyRow]
    first: tuple[str, int] | None
    last: tuple[str, int] | None
    has_before: bool
    has_after: bool


def _search(query: peewee.ModelSelect[Company], text: str) -> peewee.ModelSelect[Company]:
    """``query`` narrowed to the companies ``text`` finds: a name prefix (any case) or the exact external id."""
    low = name_key(text)
    if not low:
        return query
    prefix = (Company.name_key >= low) & (Company.name_key < low + "\U0010ffff")
    return query.where(prefix | (Company.external_id == text.strip()))


def count_companies(search: str = "") -> int:
    """How many companies there are (that ``search`` finds, as ``company_page`` reads it)."""
    return _search(Company.select(), search).count()


def company_page(
    *,
    after: tuple[str, int] | None = None,
    before: tuple[str, int] | None = None,
    last: bool = False,
    limit: int = 50,
    search: str = "",
) -> CompanyPage:
    """A page of companies by name: the first, the one after/before a cursor, or the last.

    ``search`` keeps the companies whose name starts with it (in any case, spaces
    collapsed) or whose external id it is. Two queries whatever the position: the page,
    and the member counts of its companies.
    """
    limit = check_limit(limit)
    backwards = before is not None or last
    cursor = before if before is not None else after
    query = _search(
        Company.select(
            Company.id, Company.name, Company.name_key, Company.city, Company.country, Company.industry
        ),
        search,
    )
    if cursor is not None:
        key = peewee.Tuple(Company.name_key, Company.id)
        query = query.where(key < peewee.Tuple(*cursor) if backwards else key > peewee.Tuple(*cursor))
    order = [Company.name_key.desc(), Company.id.desc()] if backwards else [Company.name_key, Company.id]
    found = list(query.order_by(*order).limit(limit + 1))
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
    ids = [c.id for c in found]
    members = (
        dict(
            tuple_rows(
                Person.select(Person.company, peewee.fn.COUNT(peewee.SQL("*")))
                .where(Person.company.in_(ids))
                .group_by(Person.company)
            )
        )
        if ids
        else {}
    )
    rows = [CompanyRow(c.id, c.name, c.city, c.country, c.industry, members.get(c.id, 0)) for c in found]
    has_before = more if backwards else after is not None
    has_after = (before is not None) if backwards else more
    return CompanyPage(
        rows,
        (found[0].name_key, found[0].id) if found else None,
        (found[-1].name_key, found[-1].id) if found else None,
        bool(found) and has_before,
        bool(found) and has_after and not (last and before is None),
    )


def company_names(prefix: str = "", limit: int = 20) -> list[str]:
    """Names of companies whose folded name starts with ``prefix`` (for suggestions)."""
    low = name_key(prefix)
    query = Company.select(Company.name).order_by(Company.name_key).limit(limit)
    if low:
        query = query.where((Company.name_key >= low) & (Company.name_key < low + "\U0010ffff"))
    return [n for (n,) in tuple_rows(query)]
