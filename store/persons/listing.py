"""Person lists and counts that stay fast at a million persons.

Lists are keyset pages: a page starts after (or before) a cursor and walks an index,
never ``OFFSET``, so the first, a middle and the last page cost the same. Without a
name prefix the order is by id and the cursor is ``(id,)``; with one it is by the
folded name key and the cursor is ``(key, id)``. A name prefix matches the folded
"first last" (so "ana", "ana hor") or the folded last name ("hor"); the two index
ranges are merged, each person once. Persons created since a moment are listed in
creation order, walking the ``created_at`` index (cursor ``(created_at, id)``): recent
persons sit at the end of the id order, where a walk by id would reach them last.

The data-quality filters (a check of ``quality``, a country) are conditions tested on
the rows an index walk passes; a rare one makes a page read far along the walk, at
worst as far as counting it does.

How the console's search box reads what was typed, and the list it makes of it, are in
``persons.window``; this module pages and counts one ``PersonCriteria``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

import peewee

from ..arguments import check_id, check_limit
from ..db import tuple_rows
from ..errors import InvalidValue
from ..fields import PERSON_TYPES
from ..folding import fold, prefix_bounds
from ..models import Contact, Person, PersonTag, Tag, utcnow
from ..quality import CHECKS, check_condition
from ..tags import find_tag, tags_for

Cursor = tuple
NO_COUNTRY = ""


@dataclass(frozen=True)
class PersonCriteria:
    """Which persons a list shows.

    Attributes:
        types: only these types; None means every type but anonymous.
        tag: only persons carrying this tag (any case).
        company_id: only members of this company.
        name_prefix: only persons whose name starts with this (case and accents ignored).
        country: only persons of this country; ``NO_COUNTRY`` for persons without one.
        check: only persons a data-quality check finds (a key of ``quality.CHECKS``).
        created_since: only persons created at or after this moment (naive UTC).
        as_of: the day checks that depend on the date judge by (a birth date "in the
            future"); None is today.
        excluded: never these persons (a search lists its exact matches first, and
            leaves them out of the name pages that follow).
        segment: only the members of this segment (its condition, compiled into the
            same query).
    """

    types: tuple[str, ...] | None = None
    tag: str | None = None
    company_id: int | None = None
    name_prefix: str | None = None
    country: str | None = None
    check: str | None = None
    created_since: dt.datetime | None = None
    as_of: dt.date | None = None
    excluded: tuple[int, ...] = ()
    segment: str | None = None

    def __post_init__(self) -> None:
        if self.check is not None and self.check not in CHECKS:
            raise InvalidValue(
                f"Check {self.check!r} is not one of {', '.join(CHECKS)}.", field="check", value=self.check
            )
        for type_ in self.types or ():
            if type_ not in PERSON_TYPES:
                raise InvalidValue(
                    f"Type {type_!r} is not one of {', '.join(PERSON_TYPES)}.",
                    field="type",
                    value=type_,
                )


@dataclass
class PersonRow:
    """One line of a person list."""

    id: int
    type: str
    name: str
    email: str | None
    phone: str | None
    city: str | None
    tags: list[str] = field(default_factory=list)


@dataclass
class PersonPage:
    """A page of a list with the cursors of its first and last rows.

    ``has_before`` and ``has_after`` say whether rows lie before or after the page.
    """

    rows: list[PersonRow]
    first: Cursor | None
    last: Cursor | None
    has_before: bool
    has_after: bool


def _filtered(
    query: peewee.ModelSelect[Person], criteria: PersonCriteria, *, walks_type: bool = True
) -> peewee.ModelSelect[Person] | None:
    """Apply the filters. ``walks_type`` False keeps the type test off the type index
    (``type || ''``), so that a walk over a name or tag index never turns into a scan
    of every person of that type, whatever the planner's statistics say."""
    kind = Person.type if walks_type else Person.type.concat("")
    if criteria.types is None:
        query = query.where(kind != "anonymous")
    elif len(criteria.types) == 1:
        query = query.where(kind == criteria.types[0])
    elif set(criteria.types) != set(PERSON_TYPES):
        query = query.where(kind.in_(list(criteria.types)))
    if criteria.company_id is not None:
        query = query.where(Person.company == criteria.company_id)
    if criteria.country == NO_COUNTRY:
        query = query.where(Person.country.is_null())
    elif criteria.country is not None:
        query = query.where(Person.country == criteria.country)
    if criteria.check is not None:
        query = query.where(check_condition(criteria.check, criteria.as_of or utcnow().date()))
    if criteria.created_since is not None:
        query = query.where(Person.created_at >= criteria.created_since)
    if criteria.excluded:
        query = query.where(Person.id.not_in(list(criteria.excluded)))
    if criteria.segment is not None:
        from ..segments.segments import members_condition

        query = query.where(members_condition(criteria.segment))
    if criteria.tag is not None:
        tag = find_tag(criteria.tag)
        if tag is None:
            return None
        query = query.join(PersonTag, on=(PersonTag.person == Person.id)).where(PersonTag.tag == tag.id)
    return query


def _raw(column: peewee.Field) -> peewee.Node:
    """``column`` as the database returns it, unconverted: a cursor holding it compares equal
    to the stored value (SQLite keeps timestamps as text, which need not round-trip)."""
    return peewee.NodeList((column,))


Stream: TypeAlias = "tuple[peewee.Field | None, peewee.ModelSelect[Person], peewee.Field]"


def _streams(criteria: PersonCriteria) -> list[Stream]:
    """The index walks a list is made of: (order key or None, filtered query, id column).

    With a tag and no name, the walk goes over the tag's index in person order; with a
    creation moment and neither, over the creation index in creation order.
    """
    if not criteria.name_prefix or not fold(criteria.name_prefix):
        if criteria.tag is None and criteria.created_since is not None:
            base = _filtered(Person.select(Person.id, _raw(Person.created_at)), criteria, walks_type=False)
            return [] if base is None else [(Person.created_at, base, Person.id)]
        if criteria.tag is not None:
            walked: peewee.Field = PersonTag.person
            base = _filtered(Person.select(walked), criteria, walks_type=False)
        else:
            walked = Person.id
            base = _filtered(Person.select(walked), criteria)
        return [] if base is None else [(None, base, walked)]
    low, high = prefix_bounds(fold(criteria.name_prefix))
    full = _filtered(Person.select(Person.id, Person.name_key), criteria, walks_type=False)
    last = _filtered(Person.select(Person.id, Person.last_key), criteria, walks_type=False)
    if full is None or last is None:
        return []
    full = full.where((Person.name_key >= low) & (Person.name_key < high))
    # A person whose full name already matches is listed once, from the first walk.
    last = last.where(
        (Person.last_key >= low)
        & (Person.last_key < high)
        & ((Person.name_key < low) | (Person.name_key >= high) | Person.name_key.is_null())
    )
    return [(Person.name_key, full, Person.id), (Person.last_key, last, Person.id)]


def _walk(stream: Stream, cursor: Cursor | None, backwards: bool, limit: int) -> list[Cursor]:
    key, query, walked = stream
    if key is None:
        if cursor is not None:
            query = query.where(walked < cursor[-1] if backwards else walked > cursor[-1])
        order = [walked.desc() if backwards else walked]
        return [(i,) for (i,) in tuple_rows(query.order_by(*order).limit(limit))]
    if cursor is not None:
        bound = peewee.Tuple(key, Person.id)
        query = query.where(bound < peewee.Tuple(*cursor) if backwards else bound > peewee.Tuple(*cursor))
    order = [key.desc(), Person.id.desc()] if backwards else [key, Person.id]
    return [(k, i) for (i, k) in tuple_rows(query.order_by(*order).limit(limit))]


def _cursors(criteria: PersonCriteria, cursor: Cursor | None, backwards: bool, limit: int) -> list[Cursor]:
    merged: list[Cursor] = []
    for stream in _streams(criteria):
        merged += _walk(stream, cursor, backwards, limit)
    merged.sort(reverse=backwards)
    return merged[:limit]


def walk_ids(criteria: PersonCriteria, batch: int = 1000) -> Iterator[list[int]]:
    """Every id of ``criteria``'s list, in the list's order, ``batch`` ids at a time.

    Each batch is one keyset page of the index walks a page uses (never ``OFFSET``), so
    memory holds one batch whatever the list's length. A person added or changed while
    the walk goes on is met as the index stands when the walk reaches it.
    """
    batch = check_limit(batch)
    cursor: Cursor | None = None
    while True:
        found = _cursors(criteria, cursor, False, batch)
        if found:
            yield [c[-1] for c in found]
        if len(found) < batch:
            return
        cursor = found[-1]


def _checked_cursor(cursor: Cursor | None, field: str) -> Cursor | None:
    """A keyset cursor whose last item, the person id, is checked as every id is."""
    if cursor is None:
        return None
    if not isinstance(cursor, tuple) or not cursor:
        raise InvalidValue(f"{field} must be a cursor of a page, not {cursor!r}.", field=field, value=cursor)
    return (*cursor[:-1], check_id(cursor[-1], field))


def page_persons(
    criteria: PersonCriteria = PersonCriteria(),
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    last: bool = False,
    limit: int = 50,
) -> PersonPage:
    """A page of persons: the first, the one after/before a cursor, or the last.

    Costs a constant number of queries whatever the page's position or the table's size.
    """
    limit = check_limit(limit)
    after, before = _checked_cursor(after, "after"), _checked_cursor(before, "before")
    backwards = before is not None or last
    cursor = before if before is not None else after
    found = _cursors(criteria, cursor, backwards, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
    rows = person_rows([c[-1] for c in found])
    has_before = more if backwards else after is not None
    has_after = (before is not None) if backwards else more
    if last and before is None:
        has_after = False
    return PersonPage(
        rows=rows,
        first=found[0] if found else None,
        last=found[-1] if found else None,
        has_before=bool(found) and has_before,
        has_after=bool(found) and has_after,
    )


def person_rows(ids: list[int]) -> list[PersonRow]:
    """List rows for these ids in this order: three queries (persons, contacts, tags)."""
    if not ids:
        return []
    people = {
        p.id: p
        for p in Person.select(
            Person.id,
            Person.type,
            Person.first_name,
            Person.last_name,
            Person.nickname,
            Person.city,
        ).where(Person.id.in_(ids))
    }
    first_contact: dict[tuple[int, str], str] = {}
    contacts = tuple_rows(
        Contact.select(Contact.person, Contact.kind, Contact.value)
        .where(Contact.person.in_(ids))
        .order_by(Contact.id)
    )
    for person_id, kind, value in contacts:
        first_contact.setdefault((person_id, kind), value)
    tags = tags_for(ids)
    rows = []
    for i in ids:
        p = people.get(i)
        if p is None:
            continue
        email, phone = first_contact.get((i, "email")), first_contact.get((i, "phone"))
        name = (
            " ".join(x for x in (p.first_name, p.last_name) if x) or p.nickname or email or phone or f"#{i}"
        )
        rows.append(PersonRow(i, p.type, name, email, phone, p.city, tags[i]))
    return rows


def count_persons(criteria: PersonCriteria | None = None) -> int:
    """How many persons meet ``criteria``; with None, every person, Anonymous included.

    Counts by type alone never group the whole table: every person is one ``COUNT(*)``
    (SQLite reads its smallest index), a type is a range of the type index, and a set of
    types is counted directly or as everyone but the other types, whichever names fewer.
    """
    if criteria is None:
        return _count_all()
    others = dataclasses.replace(criteria, types=None, name_prefix=None, as_of=None)
    if others == PersonCriteria() and not (criteria.name_prefix or "").strip():
        wanted = set(
            criteria.types
            if criteria.types is not None
            else tuple(t for t in PERSON_TYPES if t != "anonymous")
        )
        rest = [t for t in PERSON_TYPES if t not in wanted]
        if len(rest) < len(wanted):
            return _count_all() - sum(_count_type(t) for t in rest)
        return sum(_count_type(t) for t in wanted)
    return sum(
        query.select(peewee.fn.COUNT(peewee.SQL("*"))).scalar() or 0
        for _key, query, _id in _streams(criteria)
    )


def count_among(criteria: PersonCriteria, ids: list[int]) -> int:
    """How many of ``ids`` are in ``criteria``'s list: one count per index walk."""
    if not ids:
        return 0
    return sum(
        query.where(walked.in_(ids)).select(peewee.fn.COUNT(peewee.SQL("*"))).scalar() or 0
        for _key, query, walked in _streams(criteria)
    )


def _count_all() -> int:
    return Person.select(peewee.fn.COUNT(peewee.SQL("*"))).scalar() or 0


def _count_type(type_: str) -> int:
    return Person.select(peewee.fn.COUNT(peewee.SQL("*"))).where(Person.type == type_).scalar() or 0


def count_by_type() -> dict[str, int]:
    """Number of persons of each type (one grouped pass over the type index)."""
    counts = dict(
        tuple_rows(Person.select(Person.type, peewee.fn.COUNT(peewee.SQL("*"))).group_by(Person.type))
    )
    return {t: counts.get(t, 0) for t in PERSON_TYPES}


def ids_where(criteria: PersonCriteria, condition: peewee.Expression) -> list[int]:
    """Ids of the persons that meet ``condition`` and the filters of ``criteria`` (its name
    prefix aside), in id order: one query. For exact lookups on a unique column."""
    query = _filtered(Person.select(Person.id).where(condition), criteria, walks_type=False)
    return [] if query is None else [i for (i,) in tuple_rows(query.order_by(Person.id))]


def tag_names() -> list[str]:
    """Every tag name, for filters."""
    return [name for (name,) in tuple_rows(Tag.select(Tag.name).order_by(Tag.name_key))]
