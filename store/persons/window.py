"""The persons list as a window over one query: filters plus what was typed in the search box.

A ``Window`` is what the console's list shows: a page of rows, whether rows lie before and
after it, where its rows sit in the whole result, and the total once it is counted. It is
immutable: ``open_window`` makes the first one, and each move (``first``, ``next``,
``previous``, ``last``, ``reload``) runs its queries and returns a new window, so a worker
thread can move a window while the screen keeps showing the one it holds.

The search text is read as the console's search box promises: with an ``@`` it is an email,
if it parses as a phone number (any format) a phone, both exact lookups; anything else is an
exact external id followed by the persons whose name starts with it. The result is one
sequence: the exact matches first (at most one: emails, phones and external ids are unique),
then the name pages, which leave the exact matches out. The filters apply to both.

Every move costs a constant number of queries whatever the position or the table's size:
the exact lookup (when reloading or opening) and one keyset page (``persons.listing.page_persons``).
The total is its own query (``count_total``), run after the first page is shown.

Positions: a window reached from the start (the first page, the pages after it) knows the
position of its first row; one reached from the end (the last page, the pages before it)
knows how many rows follow it, and the total turns that into positions (``first_row``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import settings
from ..arguments import check_limit
from ..contact_rules import normalize_email, normalize_phone
from ..errors import InvalidValue
from ..models import Contact, Person
from .listing import (
    PersonCriteria,
    PersonPage,
    PersonRow,
    count_persons,
    ids_where,
    page_persons,
    person_rows,
    walk_ids,
)

_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]{5,}")

Mark = tuple[str, Any]
"""A boundary in the sequence: ``("exact", index)`` into the exact matches, or ``("name", cursor)``."""


@dataclass(frozen=True)
class Search:
    """What the user typed, read: how, the exact matches, and the name pages that follow.

    Attributes:
        kind: ``all`` (nothing typed), ``email``, ``phone`` or ``name``; ``national``: a
            number without ``+`` country code while no default country is set, so it
            is searched as a name or external id.
        exact: the persons found exactly (listed first).
        names: the criteria of the pages after them; None when the search is exact only.
    """

    kind: str
    exact: tuple[PersonRow, ...]
    names: PersonCriteria | None


def _reading(query: str) -> tuple[str, str | None]:
    """The kind of ``query`` and the value to look up (None: an email no one can have)."""
    if not query:
        return "all", None
    if "@" in query:
        try:
            return "email", normalize_email(query)
        except InvalidValue:
            return "email", None
    if _PHONE_LIKE.fullmatch(query):
        region = settings.default_country()
        try:
            return "phone", normalize_phone(query, region)
        except InvalidValue:
            if region is None and not query.startswith("+"):
                return "national", query
    return "name", query


def read_search(text: str, criteria: PersonCriteria) -> Search:
    """The exact matches and the name pages for ``text`` under the filters of ``criteria``.

    The criteria's own name prefix gives way to the search text. One query for the exact
    lookup, and three more for its row when it finds one.
    """
    query = text.strip()
    kind, value = _reading(query)
    filters = dataclasses.replace(criteria, name_prefix=None, excluded=())
    if kind == "all":
        return Search(kind, (), filters)
    if kind in ("name", "national"):
        condition = Person.external_id == query
    else:
        owner = Contact.select(Contact.person).where(Contact.value == value)
        condition = Person.id.in_(owner)
    ids = ids_where(filters, condition) if value is not None else []
    exact = tuple(person_rows(ids))
    if kind not in ("name", "national"):
        return Search(kind, exact, None)
    return Search(kind, exact, dataclasses.replace(filters, name_prefix=query, excluded=tuple(ids)))


def search_ids(search: Search, batch: int = 1000) -> Iterator[list[int]]:
    """Every id ``search`` finds, in the order the list shows them, ``batch`` ids at a time:
    the exact matches, then the name pages walked by keyset (``listing.walk_ids``)."""
    if search.exact:
        yield [row.id for row in search.exact]
    if search.names is not None:
        yield from walk_ids(search.names, batch)


def search_total(search: Search) -> int:
    """How many persons ``search`` finds (the exact matches and one count of the name pages)."""
    names = search.names
    return len(search.exact) + (count_persons(names) if names is not None else 0)


@dataclass(frozen=True)
class _Slice:
    """The rows one move found, before positions are worked out.

    ``exact`` is the range ``[lo, hi)`` of exact matches shown, ``page`` the name page shown
    (None when no name row is), ``start`` the first row's position when the slice alone
    says it (it begins at or before the first name row).
    """

    rows: tuple[PersonRow, ...]
    exact: tuple[int, int]
    page: PersonPage | None
    has_before: bool
    has_after: bool
    start: int | None


def _forward(search: Search, mark: Mark | None, size: int) -> _Slice:
    """``size`` rows from just after ``mark`` (None: from the start)."""
    count = len(search.exact)
    if mark is None or mark[0] == "exact":
        lo, cursor = min(mark[1] if mark else 0, count), None
    else:
        lo, cursor = count, mark[1]
    taken = search.exact[lo : lo + size]
    hi = lo + len(taken)
    start = None if cursor is not None else lo + 1
    has_before = lo > 0 or cursor is not None
    if search.names is None or hi < count:
        return _Slice(taken, (lo, hi), None, has_before, hi < count, start)
    room = size - len(taken)
    page = page_persons(search.names, after=cursor, limit=max(room, 1))
    if room == 0:  # the exact matches fill the window: the page only says whether names follow
        return _Slice(taken, (lo, hi), None, has_before, bool(page.rows), start)
    shown = page if page.rows else None
    return _Slice(taken + tuple(page.rows), (lo, hi), shown, has_before, page.has_after, start)


def _backward(search: Search, mark: Mark | None, size: int) -> _Slice | None:
    """``size`` rows up to just before ``mark`` (None: up to the end).

    None when those rows reach the start and are fewer than ``size``: the first page, which
    is full, shows them.
    """
    count = len(search.exact)
    if search.names is not None and (mark is None or mark[0] == "name"):
        if mark is None:
            page = page_persons(search.names, last=True, limit=size)
        else:
            page = page_persons(search.names, before=mark[1], limit=size)
        shown = page if page.rows else None
        if page.has_before:
            return _Slice(tuple(page.rows), (count, count), shown, True, mark is not None, None)
        lo = count - min(count, size - len(page.rows))
        if lo == 0 and count + len(page.rows) < size:
            return None
        rows = search.exact[lo:] + tuple(page.rows)
        return _Slice(rows, (lo, count), shown, lo > 0, mark is not None, lo + 1)
    end = count if mark is None else min(mark[1], count)
    lo = max(0, end - size)
    if lo == 0 and end < size:
        return None
    return _Slice(search.exact[lo:end], (lo, end), None, lo > 0, mark is not None, lo + 1)


@dataclass(frozen=True)
class Window:
    """A page of the persons list and where it sits in the whole result.

    Make one with ``open_window``; every move returns a new window. ``size`` is the page
    size the moves use unless given another. ``start`` and ``after`` are what the moves
    know of the position (the first row's 1-based position; how many rows follow the last);
    read ``first_row`` and ``last_row``, which use the total when it is known.
    """

    criteria: PersonCriteria
    text: str
    size: int
    search: Search
    rows: tuple[PersonRow, ...]
    has_before: bool
    has_after: bool
    start: int | None
    after: int | None
    total: int | None = None
    exact: tuple[int, int] = (0, 0)
    page: PersonPage | None = None
    origin: tuple[str, Mark | None] = ("forward", None)

    @property
    def kind(self) -> str:
        """How the search text was read: ``all``, ``email``, ``phone``, ``name`` or ``national``."""
        return self.search.kind

    @property
    def at_end(self) -> bool:
        """No row follows this page."""
        return not self.has_after

    @property
    def first_row(self) -> int | None:
        """The 1-based position of the first row in the whole result; None while not known."""
        if not self.rows:
            return None
        if self.start is not None:
            return self.start
        if self.total is not None and self.after is not None:
            return max(1, self.total - self.after - len(self.rows) + 1)
        return None

    @property
    def last_row(self) -> int | None:
        """The 1-based position of the last row in the whole result; None while not known."""
        first = self.first_row
        return None if first is None else first + len(self.rows) - 1

    def shows(self, criteria: PersonCriteria, text: str) -> bool:
        """True when this window is of the query ``criteria`` and ``text`` make."""
        return self.criteria == criteria and self.text == text

    def first(self, size: int | None = None) -> Window:
        """The first page."""
        size = size or self.size
        return self._moved(_forward(self.search, None, size), ("forward", None), size, 1, None)

    def next(self, size: int | None = None) -> Window:
        """The page after this one; this one when it is the last."""
        if not self.has_after:
            return self
        size = size or self.size
        mark = self._last_mark()
        found = _forward(self.search, mark, size)
        start = None if self.start is None else self.start + len(self.rows)
        after = None if self.after is None else self.after - len(found.rows)
        return self._moved(found, ("forward", mark), size, start, after)

    def previous(self, size: int | None = None) -> Window:
        """The page before this one; the first page when that one reaches the start."""
        size = size or self.size
        mark = self._first_mark()
        found = _backward(self.search, mark, size)
        if found is None:
            return self.first(size)
        start = None if self.start is None else self.start - len(found.rows)
        after = None if self.after is None else self.after + len(self.rows)
        return self._moved(found, ("backward", mark), size, start, after)

    def last(self, size: int | None = None) -> Window:
        """The last page."""
        size = size or self.size
        found = _backward(self.search, None, size)
        if found is None:
            return self.first(size)
        return self._moved(found, ("backward", None), size, None, 0)

    def reload(self, size: int | None = None) -> Window:
        """This page read again (after a change): the search again, the same move from the
        same place, keeping the total until it is counted again; the first page when
        nothing is left there."""
        size = size or self.size
        search = read_search(self.text, self.criteria)
        direction, mark = self.origin
        if mark is not None and mark[0] == "exact":
            mark = ("exact", min(mark[1], len(search.exact)))
        again = dataclasses.replace(self, search=search)
        if direction == "forward":
            found = _forward(search, mark, size)
            start = self.start  # the rows before the mark are the same
            after = None if self.after is None else self.after + len(self.rows) - len(found.rows)
        else:
            backward = _backward(search, mark, size)
            if backward is None:
                return again.first(size)
            found = backward
            upto = None if self.start is None else self.start - 1 + len(self.rows)  # rows up to the mark
            start = None if upto is None else upto - len(found.rows) + 1
            after = self.after  # the rows after the mark are the same
        if not found.rows and (direction, mark) != ("forward", None):
            return again.first(size)
        return again._moved(found, (direction, mark), size, start, after)

    def count_total(self) -> int:
        """How many rows the whole result has (its own query; up to ~0.2 s at a million persons)."""
        return search_total(self.search)

    def with_total(self, total: int | None) -> Window:
        """This window with the total counted (None: not known)."""
        return dataclasses.replace(self, total=total)

    def _first_mark(self) -> Mark:
        lo, hi = self.exact
        if lo < hi or self.page is None:
            return ("exact", lo)
        return ("name", self.page.first)

    def _last_mark(self) -> Mark:
        if self.page is not None:
            return ("name", self.page.last)
        return ("exact", self.exact[1])

    def _moved(
        self, found: _Slice, origin: tuple[str, Mark | None], size: int, start: int | None, after: int | None
    ) -> Window:
        return dataclasses.replace(
            self,
            size=size,
            rows=found.rows,
            has_before=found.has_before,
            has_after=found.has_after,
            start=found.start if found.start is not None else start,
            after=0 if not found.has_after else after,
            exact=found.exact,
            page=found.page,
            origin=origin,
        )


def open_window(criteria: PersonCriteria | None = None, text: str = "", size: int = 50) -> Window:
    """The first page of the persons that meet ``criteria`` (None: the default list, every type
    but Anonymous) and match ``text``; not counted yet."""
    size = check_limit(size)
    criteria = criteria or PersonCriteria()
    search = read_search(text, criteria)
    empty = Window(criteria, text, size, search, (), False, False, 1, None)
    return empty.first(size)


def search_persons(text: str, criteria: PersonCriteria | None = None, *, limit: int = 50) -> list[PersonRow]:
    """The first ``limit`` persons of what the user typed, read as the console's search box does."""
    return list(open_window(criteria, text, limit).rows)
