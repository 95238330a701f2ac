"""Messages that workers post to screens: one class per worker result, typed by what it carries.

Workers never touch widgets: a worker posts one of these to its own screen (or the app)
and the screen's ``on_<message>`` handler, on the UI thread, keeps and renders it. The
fields are the store's own dataclasses (``PersonView``, ``TimelinePage``, ``MergePlan``,
``Window``...), so a handler is checked against what the store returned. A handler words
what it tells the user: the message carries the facts (a tag, a count), not the sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from textual.message import Message

from store.audit import AuditReport
from store.companies import CompanyPage, CompanyView
from store.errors import ProfilesError
from store.events.definitions import DefinitionInfo
from store.events.recording import EventView, TimelinePage
from store.history import ChangeEntry
from store.importing.engine import ImportResult
from store.importing.history import ImportEntry
from store.importing.preview import FilePreview
from store.importing.progress import Progress
from store.importing.undo import UndoReport
from store.merging.duplicates import DuplicateCandidate
from store.merging.merges import MergeResult
from store.merging.plan import MergePlan
from store.persons.listing import PersonCriteria, PersonRow
from store.persons.views import PersonView
from store.persons.window import Window
from store.tags import TagInfo

PageHow = Literal["open", "move", "reload"]
"""What a persons-list worker did: a new query, another page, or the same page again."""

CompanyMove = Literal["first", "after", "before", "last"]
"""Which page of companies a worker read: the first, the one after/before a cursor, the last."""

CompanyRequest = tuple[CompanyMove, tuple[str, int] | None]
"""A page request of the company list: the move and its cursor (folded name, id) or None."""


@dataclass
class _Data(Message):
    """Base: a dataclass message (Textual's ``Message.__post_init__`` sets it up)."""


# ---------------------------------------------------------------------- the header


@dataclass
class HeaderCounts(_Data):
    """The header's counts of persons and companies."""

    persons: int
    companies: int


# ---------------------------------------------------------------------- the persons list


@dataclass
class PersonsPage(_Data):
    """The persons list's window after a worker opened, moved or reloaded it.

    ``how``: ``open`` (a new query), ``move`` (another page) or ``reload`` (the same page
    again); after an open or a reload the total is counted again once the rows are shown.
    """

    window: Window
    token: int
    cursor_row: int = 0
    how: PageHow = "move"


@dataclass
class PersonsCount(_Data):
    """The total of the persons list's query."""

    total: int
    token: int


@dataclass
class FilterChoices(_Data):
    """What the filter dialog offers: every tag name and the first company names."""

    tags: list[str]
    companies: list[str]


@dataclass
class FilterResolved(_Data):
    """The filter dialog's company name looked up: ``company_id`` None when no company has it."""

    criteria: PersonCriteria
    name: str
    company_id: int | None


# ---------------------------------------------------------------------- persons


@dataclass
class PersonLoaded(_Data):
    """Everything a person's detail shows."""

    view: PersonView
    history: list[ChangeEntry]
    timeline: TimelinePage
    days: list[tuple[dt.date, int]]
    events: int


@dataclass
class TimelineLoaded(_Data):
    """A page of a person's timeline (``index``: its place, 0 the newest)."""

    page: TimelinePage
    index: int


@dataclass
class TagChoices(_Data):
    """The tag names to offer when tagging these persons."""

    person_ids: list[int]
    tags: list[str]


@dataclass
class PersonsTagged(_Data):
    """A tag was put on (``added``) or taken off persons: ``changed`` of the ``asked`` ones."""

    tag: str
    added: bool
    changed: int
    asked: int


@dataclass
class PersonDeleted(_Data):
    """A person was deleted; ``name`` is its display name, cleaned for the screen."""

    person_id: int
    name: str


@dataclass
class PersonErased(_Data):
    """A person was erased (SPEC 10); ``name`` is its display name, cleaned for the screen."""

    person_id: int
    name: str


@dataclass
class PersonFormLoaded(_Data):
    """What the person form starts from: the person (None for a new one) and the custom
    attributes of persons as ``(name, type)``."""

    view: PersonView | None
    custom: list[tuple[str, str]]


@dataclass
class ConfirmChanges(_Data):
    """A customer's protected fields would change: ask first (SPEC 2.4).

    ``changes``: ``(field, before, after)``; ``data``: the update to write once confirmed.
    """

    changes: list[tuple[str, object, object]]
    data: dict[str, object]


@dataclass
class PersonSaved(_Data):
    """The person form's save went through; ``view`` None when nothing had changed."""

    view: PersonView | None


@dataclass
class SaveFailed(_Data):
    """A form's save was refused by the store: the error names the field.

    ``target`` names the form field when the form knows better than ``error.field``
    (a check the form ran on one field alone, such as an event's time).
    """

    error: ProfilesError
    target: str | None = None


# ---------------------------------------------------------------------- merging


@dataclass
class MergePlanned(_Data):
    """The merge's plan and the persons it merges, by id."""

    plan: MergePlan
    views: dict[int, PersonView]


@dataclass
class MergeRefused(_Data):
    """The store refused to plan the merge (say, a person was deleted meanwhile)."""

    error: ProfilesError


@dataclass
class PersonsMerged(_Data):
    """The merge went through: its number and the kept person."""

    result: MergeResult


# ---------------------------------------------------------------------- events


@dataclass
class DefinitionsLoaded(_Data):
    """The event definitions a person's event may be recorded with."""

    definitions: list[DefinitionInfo]


@dataclass
class EventRecorded(_Data):
    """The event form recorded an event."""

    event: EventView


# ---------------------------------------------------------------------- companies


@dataclass
class CompaniesPage(_Data):
    """A page of the company list, the request it answers, and the total of companies.

    ``request`` may differ from the one asked: a page found empty falls back to the first.
    """

    page: CompanyPage
    request: CompanyRequest
    cursor_row: int
    total: int


@dataclass
class CompanyLoaded(_Data):
    """A company's detail: the company and a page of its members (``more``: a page follows)."""

    view: CompanyView
    members: list[PersonRow]
    index: int
    more: bool


@dataclass
class CompanyFormLoaded(_Data):
    """What the company form starts from: the company (None for a new one) and the custom
    attributes of companies as ``(name, type)``."""

    view: CompanyView | None
    custom: list[tuple[str, str]]


@dataclass
class CompanySaved(_Data):
    """The company form's save went through; ``view`` None when nothing had changed."""

    view: CompanyView | None


@dataclass
class CompanyDeleted(_Data):
    """A company was deleted; ``detached`` members left it (no person is deleted)."""

    company_id: int
    name: str
    detached: int


# ---------------------------------------------------------------------- tags


@dataclass
class TagsLoaded(_Data):
    """Every tag with its counts of persons and companies."""

    tags: list[TagInfo]


@dataclass
class TagCreated(_Data):
    """A tag was created."""

    tag: TagInfo


@dataclass
class TagRenamed(_Data):
    """A tag was renamed from ``old``."""

    old: str
    tag: TagInfo


@dataclass
class TagDeleted(_Data):
    """A tag was deleted from the ``profiles`` that carried it."""

    name: str
    profiles: int


# ---------------------------------------------------------------------- audit


@dataclass
class AuditCounted(_Data):
    """The audit's figures."""

    report: AuditReport


@dataclass
class DuplicatesFound(_Data):
    """The duplicate candidates, with the names of the persons they name (by id)."""

    candidates: list[DuplicateCandidate]
    names: dict[int, str]


# ---------------------------------------------------------------------- imports


@dataclass
class ImportsListed(_Data):
    """The most recent imports of the history, newest first."""

    entries: list[ImportEntry]


@dataclass
class ImportOpened(_Data):
    """One history entry with its error records (row, column, value, reason)."""

    entry: ImportEntry
    errors: list[dict[str, Any]]


@dataclass
class ImportErrorsExported(_Data):
    """An import's ``count`` error records were written as CSV to ``path``."""

    import_id: int
    path: str
    count: int


@dataclass
class UndoPreviewed(_Data):
    """What undoing an import will do now (nothing was changed)."""

    entry: ImportEntry
    report: UndoReport


@dataclass
class ImportUndone(_Data):
    """An import was undone."""

    report: UndoReport


@dataclass
class FilePreviewed(_Data):
    """The first rows of the wizard's file as read with the options of the request ``token``."""

    preview: FilePreview
    choices: list[str]
    token: int


@dataclass
class FileNotPreviewed(_Data):
    """The wizard's file cannot be imported (or read with these options): the reason and message."""

    reason: str
    message: str
    token: int


@dataclass
class ImportProgressed(_Data):
    """A progress report of the wizard's running phase."""

    progress: Progress


@dataclass
class ImportPhaseEnded(_Data):
    """The wizard's analysis (``phase`` ``analyse``) or import (``write``) ended with ``result``."""

    phase: Literal["analyse", "write"]
    result: ImportResult


@dataclass
class ImportNotStarted(_Data):
    """The engine refused the wizard's options or mapping (``error.field`` names which)."""

    error: ProfilesError
