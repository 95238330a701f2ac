"""Messages that workers post to screens: plain dataclasses of what the store returned.

Workers never touch widgets; they post one of these, and the screen's handler renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from store.errors import ProfilesError


@dataclass
class _Data(Message):
    """Base: a dataclass message (Textual's ``Message.__post_init__`` sets it up)."""


@dataclass
class PersonsPage(_Data):
    """A window of the persons list, with where it sits in the whole result."""

    rows: list[Any]
    page: Any  # store.persons.listing.PersonPage, or None for exact matches
    start: int | None  # 1-based position of the first row, None when not known yet
    at_end: bool
    token: int
    cursor_row: int = 0
    plan: Any = None  # store.persons.browse.SearchPlan of a fresh query
    plan_key: Any = None  # the (search text, criteria) the plan was made for


@dataclass
class PersonsCount(_Data):
    """The total of the current persons list."""

    total: int
    token: int


@dataclass
class PersonLoaded(_Data):
    """Everything a person's detail shows."""

    view: Any
    history: list[Any]
    timeline: Any  # store.events.TimelinePage
    days: list[tuple[Any, int]]
    events: int


@dataclass
class TimelineLoaded(_Data):
    """A page of a person's timeline."""

    page: Any
    index: int


@dataclass
class Saved(_Data):
    """A form's save went through; ``what`` is the saved view."""

    what: Any


@dataclass
class SaveFailed(_Data):
    """A form's save was refused by the store: the error names the field.

    ``target`` names the form field when the form knows better than ``error.field``
    (a check the form ran on one field alone, such as an event's time).
    """

    error: ProfilesError
    target: str | None = None


@dataclass
class ConfirmChanges(_Data):
    """A customer's protected fields would change: ask first (SPEC 2.4)."""

    changes: list[tuple[str, Any, Any]]
    data: dict[str, Any]


@dataclass
class Loaded(_Data):
    """Generic result of a load: ``key`` says which, ``value`` holds it."""

    key: str
    value: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Done(_Data):
    """A write went through; ``text`` is what to tell the user."""

    key: str
    text: str
    value: Any = None


@dataclass
class StoreChanged(_Data):
    """Something was written: lists and header counts should refresh."""
