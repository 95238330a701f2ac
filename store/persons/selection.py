"""A selection of persons: ids picked one by one, or every person of a list but some.

The console's persons list selects a person at a time (space), every person of the list on
screen (its filters and search text, the rows not loaded included), the inverse of that, or
nothing. A ``Selection`` is that choice as a value: either explicit ids, or a list (a
``ListQuery``: the filters and the search text, read as the search box reads them) minus
the ids unselected since. It never holds the list's ids, so selecting a million persons
costs nothing until something acts on them.

What acts on a selection resolves it here, with the listing's own keyset walks:
``count_selected`` counts it, ``selected_ids`` yields its ids batch by batch in the list's
order (tagging, merging, deleting, exporting and segments all take the same value), and
``delete_selected`` deletes its persons.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from peewee import chunked

from ..db import db, tuple_rows
from ..errors import InvalidValue
from ..models import Person
from .listing import PersonCriteria, count_among
from .profiles import delete_person
from .window import read_search, search_ids, search_total

BATCH = 1000


@dataclass(frozen=True)
class ListQuery:
    """A list as the persons screen shows it: its filters and what was typed in the search box."""

    criteria: PersonCriteria
    text: str = ""


@dataclass(frozen=True)
class Selection:
    """Which persons are selected.

    Attributes:
        ids: with no ``query``, the selected persons; with one, the persons left out of it.
        query: None for explicit ids; else every person of this list but ``ids``.
    """

    ids: frozenset[int] = frozenset()
    query: ListQuery | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing is selected (an "all of a list" selection counts as something, even of an empty list)."""
        return self.query is None and not self.ids

    @property
    def is_explicit(self) -> bool:
        """The selection is a set of ids picked one by one."""
        return self.query is None

    def has(self, person_id: int) -> bool:
        """True when the person is selected (for a list selection: unless left out; the
        caller knows the person is in the list)."""
        return (person_id in self.ids) != (self.query is not None)

    def toggled(self, person_id: int) -> Selection:
        """The selection with this person selected if it was not, and unselected if it was."""
        return dataclasses.replace(self, ids=self.ids ^ {person_id})

    def with_persons(self, person_ids: Iterable[int]) -> Selection:
        """The selection with these persons selected."""
        wanted = frozenset(person_ids)
        if self.query is None:
            return dataclasses.replace(self, ids=self.ids | wanted)
        return dataclasses.replace(self, ids=self.ids - wanted)

    def without(self, person_ids: Iterable[int]) -> Selection:
        """The selection with these persons unselected (after they were merged or deleted)."""
        gone = frozenset(person_ids)
        if self.query is None:
            return dataclasses.replace(self, ids=self.ids - gone)
        return dataclasses.replace(self, ids=self.ids | gone)

    def is_all_of(self, criteria: PersonCriteria, text: str) -> bool:
        """True when this is a selection of that list (whatever it leaves out)."""
        return self.query == ListQuery(criteria, text)

    def inverted(self, criteria: PersonCriteria, text: str) -> Selection:
        """Within the list of ``criteria`` and ``text``: the persons not selected.

        Explicit ids become "the whole list but these"; a selection of this list becomes
        the ids it left out. A selection of another list cannot be inverted within this one.

        Raises:
            InvalidValue: the selection is of another list.
        """
        query = ListQuery(criteria, text)
        if self.query is None:
            return Selection(self.ids, query)
        if self.query == query:
            return Selection(self.ids)
        raise InvalidValue(
            f"The selection is every person of another list ({self.query.text or 'no search'}); "
            "clear it before inverting within this one.",
            field="selection",
            value=self.query.text,
        )


def select_all(criteria: PersonCriteria, text: str = "") -> Selection:
    """Every person of the list of ``criteria`` and ``text``, the rows not loaded included."""
    return Selection(frozenset(), ListQuery(criteria, text))


def count_selected(selection: Selection) -> int:
    """How many persons ``selection`` holds now: a count of the list (two or three queries),
    less the persons it leaves out that are still in it; explicit ids that still exist."""
    if selection.query is None:
        return sum(
            Person.select().where(Person.id.in_(chunk)).count()
            for chunk in chunked(sorted(selection.ids), BATCH)
        )
    search = read_search(selection.query.text, selection.query.criteria)
    left_out = sorted(selection.ids)
    exact = sum(1 for row in search.exact if row.id in selection.ids)
    named = search.names
    among = sum(count_among(named, chunk) for chunk in chunked(left_out, BATCH)) if named else 0
    return search_total(search) - exact - among


def selected_ids(selection: Selection, batch: int = BATCH) -> Iterator[list[int]]:
    """Every id ``selection`` holds, ``batch`` at a time: explicit ids in id order (those that
    still exist), a list's ids in the list's order without the ones left out."""
    if selection.query is None:
        for chunk in chunked(sorted(selection.ids), batch):
            found = [i for (i,) in tuple_rows(Person.select(Person.id).where(Person.id.in_(chunk)))]
            if found:
                yield sorted(found)
        return
    search = read_search(selection.query.text, selection.query.criteria)
    for ids in search_ids(search, batch):
        kept = [i for i in ids if i not in selection.ids]
        if kept:
            yield kept


def all_selected_ids(selection: Selection) -> list[int]:
    """Every id ``selection`` holds, as one list (for a tagging or a merge, which take a list)."""
    return [i for ids in selected_ids(selection) for i in ids]


def delete_selected(selection: Selection) -> int:
    """Delete every person of ``selection`` as ``delete_person`` deletes one; returns how many.

    One transaction: a failure deletes nobody.
    """
    deleted = 0
    with db.atomic():
        for ids in list(selected_ids(selection)):
            for person_id in ids:
                delete_person(person_id)
                deleted += 1
    return deleted
