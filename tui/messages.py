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
from store.events.feed import FeedPage
from store.events.recording import EventView, TimelinePage
from store.history import ChangeEntry
from store.importing.engine import ImportResult
from store.importing.history import ImportEntry
from store.importing.preview import FilePreview
from store.importing.progress import Progress
from store.importing.undo import UndoReport
from store.merging.duplicates import DuplicateCandidate
from store.merging.merges import MergeInfo, MergeResult
from store.merging.plan import MergePlan
from store.persons.listing import PersonCriteria, PersonRow
from store.persons.selection import Selection
from store.persons.views import PersonView
from store.persons.window import Window
from store.segments.choices import ConditionChoices
from store.segments.explain import Explained
from store.segments.segments import SegmentInfo
from store.tags import TagInfo

PageHow = Literal["open", "move", "reload"]
"""What a persons-list worker did: a new query, another page, or the same page again."""

TimelineMove = Literal["newest", "before", "after", "oldest"]
"""Which page of a timeline a worker read: the newest, older or newer than a cursor, the oldest."""

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
    merges: list[MergeInfo]


@dataclass
class TimelineLoaded(_Data):
    """A page of a person's timeline, how it was read, and the row the cursor lands on (-1 the last)."""

    page: TimelinePage
    move: TimelineMove
    cursor_row: int


@dataclass
class TagChoices(_Data):
    """The tag names to offer when tagging these persons (``selected``: they are the selection)."""

    person_ids: list[int]
    tags: list[str]
    selected: bool = False


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
class SelectionCounted(_Data):
    """How many persons the selection ``value`` holds; ``then`` is what the count is for
    (``show`` on the status line, ``delete`` to ask before deleting them)."""

    value: Selection
    count: int
    then: Literal["show", "delete"]


@dataclass
class SelectionResolved(_Data):
    """The ids of the selection, for a merge (the tagging gets ``TagChoices``)."""

    person_ids: list[int]


@dataclass
class PersonsDeleted(_Data):
    """The selected persons were deleted: ``count`` of them."""

    count: int


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
class SaveRefused(_Data):
    """A form's save was refused: every field's error, for the form to show them all at once."""

    errors: list[ProfilesError]


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


@dataclass
class MergesLoaded(_Data):
    """The recent merges, newest first, and the names of the kept persons that still exist (by id)."""

    merges: list[MergeInfo]
    names: dict[int, str]


@dataclass
class PersonsUnmerged(_Data):
    """A merge was undone: the kept person, then the persons restored."""

    merge_id: int
    persons: list[PersonView]


# ---------------------------------------------------------------------- events


@dataclass
class DefinitionsLoaded(_Data):
    """The event definitions a person's event may be recorded with."""

    definitions: list[DefinitionInfo]


@dataclass
class EventRecorded(_Data):
    """The event form recorded an event."""

    event: EventView


@dataclass(frozen=True)
class FeedFilter:
    """What the events feed shows: one event name ("" for any) and a time window as typed."""

    event: str = ""
    since: str = ""
    until: str = ""


@dataclass
class FeedLoaded(_Data):
    """A page of the events feed for ``filter``: ``index`` its place (0 the newest), ``token``
    the request it answers, ``cursor_row`` where the cursor lands (-1: the last row)."""

    page: FeedPage
    filter: FeedFilter
    index: int
    token: int
    cursor_row: int = 0


@dataclass
class TemplatesLoaded(_Data):
    """The template sets (``definitions.list_templates``)."""

    sets: list[dict[str, Any]]


@dataclass
class TemplateEnabled(_Data):
    """A template set was enabled: its title and its definitions."""

    title: str
    definitions: list[DefinitionInfo]


@dataclass
class DefinitionToggled(_Data):
    """An event was enabled or disabled (``definition.enabled`` says which)."""

    definition: DefinitionInfo


@dataclass
class DefinitionSaved(_Data):
    """The definition form saved: ``created`` for a new event, else an edit."""

    definition: DefinitionInfo
    created: bool


# ---------------------------------------------------------------------- companies


@dataclass
class CompaniesPage(_Data):
    """A page of the company list, the request it answers, and the total of companies.

    ``request`` may differ from the one asked: a page found empty falls back to the first.
    ``search`` is the search text the page and the total answer.
    """

    page: CompanyPage
    request: CompanyRequest
    cursor_row: int
    total: int
    search: str = ""


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
class NameSaved(_Data):
    """A name dialog's save went through: what the save gave back (a tag, a segment, a name)."""

    saved: Any


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


# ---------------------------------------------------------------------- segments


@dataclass
class SegmentsLoaded(_Data):
    """Every segment with its member count."""

    segments: list[SegmentInfo]


@dataclass
class SegmentCounted(_Data):
    """The live count of the editor's draft (``token``: the draft it counts); ``error`` when the
    store refused the draft (its path points at the bad condition)."""

    token: int
    count: int | None
    error: ProfilesError | None = None


@dataclass
class ConditionChoicesLoaded(_Data):
    """What the condition dialog offers, for the node at ``path`` of the draft (None: a new one)."""

    choices: ConditionChoices
    companies: list[str]
    path: tuple
    new: bool


@dataclass
class ConditionChecked(_Data):
    """The condition dialog's condition as the store checked it (``error`` None: it passed)."""

    condition: dict
    error: ProfilesError | None


@dataclass
class SegmentSaved(_Data):
    """A segment was created (``created``) or its condition replaced."""

    segment: SegmentInfo
    created: bool


@dataclass
class SegmentRenamed(_Data):
    """A segment was renamed from ``old``."""

    old: str
    segment: SegmentInfo


@dataclass
class SegmentDeleted(_Data):
    """A segment was deleted."""

    name: str


@dataclass
class SegmentRefused(_Data):
    """The store refused a save, rename, delete or tagging of a segment."""

    error: ProfilesError


@dataclass
class SegmentTagChoices(_Data):
    """The tag names to offer when tagging every member of ``segment``."""

    segment: str
    tags: list[str]


@dataclass
class MembersTagged(_Data):
    """A tag was put on (``added``) or taken off ``changed`` members of a segment."""

    segment: str
    tag: str
    added: bool
    changed: int


@dataclass
class SegmentNames(_Data):
    """The segment names to pick from (why a person is or is not in one)."""

    names: list[str]


@dataclass
class SegmentExplained(_Data):
    """Why the person is (``member``) or is not in a segment: the store's explained tree."""

    segment: str
    member: bool
    explained: Explained


# ---------------------------------------------------------------------- settings


@dataclass
class SettingsLoaded(_Data):
    """Every store setting with its current value, by key."""

    values: dict[str, str]


@dataclass
class SettingsSaved(_Data):
    """The settings a save stored, by key, with the value as stored."""

    values: dict[str, str]


# ---------------------------------------------------------------------- export


@dataclass
class ExportChoices(_Data):
    """Every column an export can have, as ``(header, chosen by default)``."""

    columns: list[tuple[str, bool]]


@dataclass
class ExportProgress(_Data):
    """An export wrote ``done`` of ``total`` persons so far."""

    done: int
    total: int


@dataclass
class ExportDone(_Data):
    """An export wrote ``exported`` persons to ``path``."""

    exported: int
    path: str


@dataclass
class ExportStopped(_Data):
    """An export was stopped before its end: ``path`` was not written."""

    path: str


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
