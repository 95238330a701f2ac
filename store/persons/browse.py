"""Queries the console's lists need beyond ``person_query``: search plans and company pages.

``plan_search`` reads what a user typed the way the console's search box does: with an
``@`` it is an email, if it parses as a phone number (any format) it is a phone, both
exact lookups; anything else is an external id (exact) followed by the persons whose
name starts with it, paged like any list. Company pages are keyset pages on the folded
name, with member counts in one grouped query: a constant number of queries per page.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import peewee

from .. import settings
from ..companies import name_key
from ..contact_rules import normalize_phone
from ..errors import InvalidValue
from ..models import Company, Person
from .listing import PersonCriteria, PersonRow, person_rows, search_persons

_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]{5,}")  # the same reading as person_query.search_persons


@dataclass
class SearchPlan:
    """How a list shows a search: exact rows first, then pages of ``criteria`` (None: no pages)."""

    kind: str  # "all", "email", "phone" or "name"
    exact: list[PersonRow]
    criteria: PersonCriteria | None


def search_kind(text: str) -> str:
    """``all`` (empty), ``email``, ``phone`` or ``name``: how ``text`` will be searched."""
    query = text.strip()
    if not query:
        return "all"
    if "@" in query:
        return "email"
    if _PHONE_LIKE.fullmatch(query):
        try:
            normalize_phone(query, settings.default_country())
            return "phone"
        except InvalidValue:
            pass
    return "name"


def plan_search(text: str, criteria: PersonCriteria) -> SearchPlan:
    """The rows found exactly and the paged criteria for what the user typed."""
    kind = search_kind(text)
    query = text.strip()
    if kind == "all":
        return SearchPlan(kind, [], dataclasses.replace(criteria, name_prefix=None))
    if kind in ("email", "phone"):
        return SearchPlan(kind, search_persons(query, criteria, limit=1), None)
    ids = [i for (i,) in Person.select(Person.id).where(Person.external_id == query).tuples()]
    return SearchPlan(kind, person_rows(ids), dataclasses.replace(criteria, name_prefix=query))


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


def count_companies() -> int:
    """How many companies there are."""
    return Company.select().count()


def company_page(
    *,
    after: tuple[str, int] | None = None,
    before: tuple[str, int] | None = None,
    last: bool = False,
    limit: int = 50,
) -> CompanyPage:
    """A page of companies by name: the first, the one after/before a cursor, or the last.

    Two queries whatever the position: the page, and the member counts of its companies.
    """
    if limit < 1:
        raise InvalidValue(f"Limit {limit} must be at least 1.", field="limit", value=limit)
    backwards = before is not None or last
    cursor = before if before is not None else after
    query = Company.select(
        Company.id, Company.name, Company.name_key, Company.city, Company.country, Company.industry
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
            Person.select(Person.company, peewee.fn.COUNT(peewee.SQL("*")))
            .where(Person.company.in_(ids))
            .group_by(Person.company)
            .tuples()
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
    return [n for (n,) in query.tuples()]
