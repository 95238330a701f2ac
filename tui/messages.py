"""Messages that workers post to screens: plain dataclasses of what the store returned.

Workers never touch widgets; they post one of these, and the screen's handler renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from store.errors import ProfilesError
from store.persons.window import Window


@dataclass
class _Data(Message):
    """Base: a dataclass message (Textual's ``Message.__post_init__`` sets it up)."""


@dataclass
class PersonsPage(_Data):
    """The persons list's window after a worker opened, moved or reloaded it.

    ``how``: ``open`` (a new query), ``move`` (another page) or ``reload`` (the same page
    again); after an open or a reload the total is counted again once the rows are shown.
    """

    window: Window
    token: int
    cursor_row: int = 0
    how: str = "move"


@dataclass
class PersonsCount(_Data):
    """The total of the persons list's query."""

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
