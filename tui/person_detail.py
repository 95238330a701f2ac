"""One person: attributes, contacts, tags and company; the timeline; the change history.

| Key | Description |
| :- | :- |
| e | Edit |
| t | Add or remove a tag |
| m | Select for a merge (pick the others in the list, then m) |
| v | Record an event |
| d | Delete (asks) |
| u | Undo a merge into this person (on the history tab: the highlighted entry's merge, else the latest; asks) |
| x | Erase: every trace of the person (asks) |
| w | Why (not) in a segment: each condition, whether it holds, what it saw |
| p, i, h | Profile, timeline, history tab |
| pageup, pagedown | A screenful of newer / older events (on the timeline) |
| home, end | The newest / oldest events (on the timeline) |
| enter | Open the highlighted event: every property in full (on the timeline) |
| escape | Back |
"""

from __future__ import annotations

import datetime as dt
import json

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Label, Sparkline, Static, TabbedContent, TabPane

from store import history, protection, tags
from store.errors import ProfilesError
from store.events import recording
from store.fields import PERSON_FIELDS, label
from store.merging import merges
from store.merging.merges import MergeInfo
from store.persons import erase, listing, profiles
from store.persons.views import PersonView, load_person

from .base import StoreScreen
from .event_detail import EventScreen
from .merges_screen import confirm_unmerge, unmerged_text
from .messages import (
    PersonDeleted,
    PersonErased,
    PersonLoaded,
    PersonsTagged,
    PersonsUnmerged,
    TagChoices,
    TimelineLoaded,
    TimelineMove,
)
from .tag_prompt import TagPrompt
from .text import cell, clean, number, type_label
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable
from .widgets.row_table import RowTable

TIMELINE_PAGE = 50
TAB_FOCUS = {"profile": "#attributes-box", "timeline": "#events", "history": "#changes"}
CHART_DAYS = 90


def when(moment: dt.datetime | None) -> str:
    """A stored UTC time as ``2026-03-01 10:15`` (UTC, to the minute)."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


class TimelineTable(PagedTable):
    """The timeline: a page of events held whole, the page keys moving a screenful inside it.

    Only past the page's first or last row does a page key ask for the next page, so no
    event is ever skipped; the cursor lands on the row that follows the one it left.
    """

    def action_page(self, which: str) -> None:
        """A screenful within the page; past its edge, the neighbouring page; home/end: either end."""
        last = self.row_count - 1
        if which == "next" and self.cursor_row < last:
            DataTable.action_page_down(self)
        elif which == "previous" and self.cursor_row > 0:
            DataTable.action_page_up(self)
        elif which == "next" and self.has_after:
            self.post_message(self.PageRequest(self, "next", 0))
        elif which == "previous" and self.has_before:
            self.post_message(self.PageRequest(self, "previous", -1))
        elif which == "first" and self.has_before:
            self.post_message(self.PageRequest(self, "first", 0))
        elif which == "last" and self.has_after:
            self.post_message(self.PageRequest(self, "last", -1))
        else:
            self.move_cursor(row=0 if which in ("first", "previous") else max(0, last))


def attribute_table(view: PersonView) -> Table:
    """Standard, custom and computed attributes as label/value rows (values as plain text)."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=19)
    table.add_column("value", overflow="fold")
    table.add_row("Type", type_label(view.type))
    for name in PERSON_FIELDS:
        value = getattr(view, name)
        if value not in (None, ""):
            table.add_row(label(name), Text(clean(value)))
    table.add_row("Company", Text(clean(view.company[1])) if view.company else Text("—", style="dim"))
    for name, value in view.custom.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
        table.add_row(Text(clean(name)), Text(clean(shown)))
    for name, value in view.computed.items():
        table.add_row(
            Text(clean(name)), Text.assemble(Text(clean(value)), Text("  computed", style="italic dim"))
        )
    table.add_row("Created", when(view.created_at))
    table.add_row("Modified", when(view.modified_at))
    return table


def contacts_table(view: PersonView) -> Table:
    """Phones, emails, push registrations and tags."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("kind", style="bold", no_wrap=True, width=8)
    table.add_column("value", overflow="fold")
    for kind, values in (("Phone", view.phones), ("Email", view.emails)):
        for value in values or [""]:
            table.add_row(kind, Text(clean(value)) if value else Text("—", style="dim"))
    for registration, platform in view.push_registrations:
        table.add_row("Push", Text(f"{clean(platform)} {clean(registration)}"))
    table.add_row("Tags", Text(clean(", ".join(view.tags))) if view.tags else Text("—", style="dim"))
    return table


class PersonDetailScreen(StoreScreen[None]):
    """Everything about one person."""

    HELP_TITLE = "Person"
    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("e", "edit", "Edit", id="person.edit", tooltip="Edit this person"),
        Binding("t", "tag", "Tag", id="person.tag", tooltip="Add or remove a tag"),
        Binding("m", "merge", "Merge with…", id="person.merge", tooltip="Select for a merge"),
        Binding("v", "record_event", "Event", id="person.record", tooltip="Record an event for this person"),
        Binding("d", "delete", "Delete", show=False, id="person.delete", tooltip="Delete this person"),
        Binding(
            "x",
            "erase",
            "Erase",
            show=False,
            id="person.erase",
            tooltip="Erase this person and every trace of them (a personal-data request)",
        ),
        Binding(
            "w",
            "why",
            "Why (not) in segment",
            show=False,
            id="person.why",
            tooltip="Why this person is or is not in a segment",
        ),
        Binding("p", "tab('profile')", "Profile", show=False, id="person.profile"),
        Binding(
            "i",
            "tab('timeline')",
            "Timeline",
            show=False,
            id="person.timeline",
            tooltip="Events, newest first",
        ),
        Binding("h", "tab('history')", "History", show=False, id="person.history", tooltip="Change history"),
        Binding("r", "refresh", "Refresh", show=False, id="person.refresh"),
        Binding(
            "u",
            "unmerge",
            "Unmerge",
            id="person.unmerge",
            tooltip="Undo a merge into this person (history tab)",
        ),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.view: PersonView | None = None
        self.timeline: recording.TimelinePage | None = None
        self.timeline_start = 1  # the position of the page's first event, 1 the newest
        self.events_total = 0
        self.page_requests: list[tuple[str, int]] = []  # page keys pressed while a page loads
        self.timeline_busy = False
        self.stale = False
        self.history: list[history.ChangeEntry] = []
        self.merges: list[MergeInfo] = []  # the merges that kept this person, newest first

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label("Loading…", id="person-title")
        with TabbedContent(id="tabs", initial="profile"):
            with TabPane("Profile", id="profile"), Horizontal(id="profile-columns"):
                with VerticalScroll(id="attributes-box"):
                    yield Static(id="attributes")
                with VerticalScroll(id="contacts-box"):
                    yield Static(id="contacts")
            with TabPane("Timeline", id="timeline"), Vertical():
                yield Label("", id="activity-label")
                yield Sparkline([0], id="activity")
                yield TimelineTable(id="events")
                yield Label("", id="timeline-position")
            with TabPane("History", id="history"):
                yield RowTable(id="changes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        events_table = self.query_one("#events", TimelineTable)
        events_table.add_column("When (UTC)", width=16)
        events_table.add_column("Event", width=16)
        events_table.add_column("Properties", width=max(20, (self.app.size.width or 80) - 44))
        changes = self.query_one("#changes", DataTable)
        changes.add_column("When (UTC)", width=16)
        changes.add_column("Source", width=11)
        changes.add_column("Field", width=18)
        changes.add_column("Before → after", width=self.change_width())
        self.load()

    def change_width(self) -> int:
        """The history's "Before → after" column: what the other columns leave."""
        return max(20, (self.app.size.width or 80) - 59)

    def on_screen_resume(self) -> None:
        """Back from the edit form: show what was saved (dialogs change nothing by themselves)."""
        if self.stale:
            self.stale = False
            self.load()

    def load(self) -> None:
        """Load everything about the person (in a worker; the keys typed meanwhile wait)."""
        self.app.hold_keys_for(self._load(self.person_id, self.app.now().date()))

    @work(thread=True, exclusive=True, group="person-load", exit_on_error=False)
    def _load(self, person_id: int, today: dt.date) -> None:
        view = load_person(person_id)
        changes = history.person_history(person_id, limit=200)
        page = recording.timeline(person_id, limit=TIMELINE_PAGE)
        days = recording.day_counts(person_id, CHART_DAYS, today=today)
        kept = merges.list_merges(person_id=person_id)
        self.post_message(PersonLoaded(view, changes, page, days, recording.count_events(person_id), kept))

    def on_person_loaded(self, message: PersonLoaded) -> None:
        view = self.view = message.view
        title = Text.assemble(
            Text(clean(view.display_name), style="bold"), "  ", type_label(view.type), f"  #{view.id}"
        )
        self.query_one("#person-title", Label).update(title)
        self.query_one("#attributes", Static).update(attribute_table(view))
        self.query_one("#contacts", Static).update(contacts_table(view))
        counts = [n for _day, n in message.days]
        self.query_one("#activity", Sparkline).data = counts or [0]
        self.query_one("#activity-label", Label).update(
            f"{number(message.events)} event{'' if message.events == 1 else 's'} · "
            f"{sum(counts):,} in the last {CHART_DAYS} days (per day below)"
        )
        self.events_total = message.events
        self.page_requests.clear()
        self.timeline_busy = False
        self._show_timeline(message.timeline, "newest", 0)
        self.history, self.merges = message.history, message.merges
        self.refresh_bindings()
        changes = self.query_one("#changes", DataTable)
        changes.clear()
        width = self.change_width()
        for entry in message.history:
            change = Text.assemble(
                Text(clean(entry.old_value) if entry.old_value is not None else "—", style="dim"),
                " → ",
                Text(clean(entry.new_value) if entry.new_value is not None else "—"),
            )
            height = len(change.wrap(self.app.console, width))  # the values whole, wrapped
            label = cell(history.field_label(entry.field))
            changes.add_row(when(entry.at), cell(entry.source), label, change, height=height)

    def _show_timeline(self, page: recording.TimelinePage, move: TimelineMove, cursor_row: int) -> None:
        old = self.timeline
        if move == "newest" or old is None:
            self.timeline_start = 1
        elif move == "before":
            self.timeline_start += len(old.events)
        elif move == "after":
            self.timeline_start = max(1, self.timeline_start - len(page.events))
        else:
            self.timeline_start = max(1, self.events_total - len(page.events) + 1)
        self.timeline = page
        table = self.query_one("#events", TimelineTable)
        table.clear()
        for event in page.events:
            props = ", ".join(f"{k}={v}" for k, v in event.properties.items())
            table.add_row(when(event.at), cell(event.event), cell(props))
        table.has_before = page.previous is not None
        table.has_after = page.next is not None
        if page.events:
            row = len(page.events) - 1 if cursor_row < 0 else min(cursor_row, len(page.events) - 1)
            table.move_cursor(row=row, animate=False)
        self._show_timeline_position()

    def _show_timeline_position(self) -> None:
        """The highlighted event's place in the whole timeline."""
        page = self.timeline
        label = self.query_one("#timeline-position", Label)
        if page is None or not page.events:
            label.update("no events yet (v records one)")
            return
        row = self.query_one("#events", TimelineTable).cursor_row
        place = self.timeline_start + max(0, min(row, len(page.events) - 1))
        label.update(
            f"event {number(place)} of {number(max(self.events_total, place))}, newest first"
            " · enter shows all its properties"
        )

    @on(DataTable.RowHighlighted, "#events")
    def _event_highlighted(self) -> None:
        self._show_timeline_position()

    @on(PagedTable.PageRequest, "#events")
    def _timeline_page(self, event: PagedTable.PageRequest) -> None:
        """Queue the page key: pages load one after another, so no key pressed meanwhile is lost."""
        self.page_requests.append((event.which, event.cursor_row))
        if not self.timeline_busy:
            self._next_timeline_page()

    def _next_timeline_page(self) -> None:
        """Load the page the first queued key asks for (a key with nothing beyond the page moves the cursor)."""
        page = self.timeline
        table = self.query_one("#events", TimelineTable)
        while self.page_requests and page is not None:
            which, cursor_row = self.page_requests.pop(0)
            move: TimelineMove
            if which == "next" and page.next is not None:
                move, cursor = "before", page.next
            elif which == "previous" and page.previous is not None:
                move, cursor = "after", page.previous
            elif which == "first" and page.previous is not None:
                move, cursor = "newest", None
            elif which == "last" and page.next is not None:
                move, cursor = "oldest", None
            else:
                table.move_cursor(row=0 if which in ("first", "previous") else max(0, table.row_count - 1))
                continue
            self.timeline_busy = True
            self._timeline(move, cursor, cursor_row)
            return

    @work(thread=True, exclusive=True, group="person-timeline", exit_on_error=False)
    def _timeline(self, move: TimelineMove, cursor: recording.Cursor | None, cursor_row: int) -> None:
        page = recording.timeline(
            self.person_id,
            limit=TIMELINE_PAGE,
            before=cursor if move == "before" else None,
            after=cursor if move == "after" else None,
            oldest=move == "oldest",
        )
        self.post_message(TimelineLoaded(page, move, cursor_row))

    def on_timeline_loaded(self, message: TimelineLoaded) -> None:
        self.timeline_busy = False
        self._show_timeline(message.page, message.move, message.cursor_row)
        self._next_timeline_page()

    @on(DataTable.RowSelected, "#events")
    def _open_event(self, event: DataTable.RowSelected) -> None:
        page = self.timeline
        if page is not None and 0 <= event.cursor_row < len(page.events):
            self.app.push_screen(EventScreen(page.events[event.cursor_row]))

    def worker_failed(self, worker) -> None:
        """A timeline page that failed to load lets the next key load again."""
        self.timeline_busy = False
        self.page_requests.clear()

    # ------------------------------------------------------------------ actions

    def action_tab(self, tab: str) -> None:
        """Show a tab, its list focused so the list's keys (page keys, enter) act at once."""
        self.query_one("#tabs", TabbedContent).active = tab
        self.query_one(TAB_FOCUS[tab]).focus()

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self) -> None:
        self.refresh_bindings()  # unmerge shows on the history tab only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Unmerge is offered on the history tab, when a merge into this person can be undone."""
        if action == "unmerge":
            return (
                self.query_one("#tabs", TabbedContent).active == "history"
                and self.merge_to_undo() is not None
            )
        return True

    def merge_to_undo(self) -> MergeInfo | None:
        """The merge of the highlighted history entry if it can be undone, else the latest that can."""
        open_ = [m for m in self.merges if m.undone_at is None]
        row = self.query_one("#changes", DataTable).cursor_row
        if 0 <= row < len(self.history):
            source = self.history[row].source
            for merge in open_:
                if source == f"merge #{merge.id}":
                    return merge
        return open_[0] if open_ else None

    def action_unmerge(self) -> None:
        """Undo a merge into this person (asks)."""
        merge = self.merge_to_undo()
        if merge is not None:
            confirm_unmerge(self, merge)

    def on_persons_unmerged(self, message: PersonsUnmerged) -> None:
        self.notify(unmerged_text(message))
        self.app.refresh_counts()
        self.load()

    @on(DataTable.RowHighlighted, "#changes")
    def _change_highlighted(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back to where the person was opened from."""
        self.app.pop_screen()

    def action_refresh(self) -> None:
        """Load the person again."""
        self.load()

    def action_edit(self) -> None:
        """Edit the person."""
        self.stale = True
        self.app.edit_person(self.person_id)

    def action_merge(self) -> None:
        """Put the person in the selection; with two or more selected, open the merge."""
        if self.view is None:
            return
        if self.app.selection.explicit_ids() is None:
            self.app.selection.clear()  # a whole list is no merge: start one with this person
        self.app.selection.add(self.person_id)
        ids = self.app.selection.explicit_ids() or []
        if len(ids) >= 2:
            self.app.merge_persons(ids)
        else:
            self.notify("Selected for a merge: select the others in the persons list (space), then m.")

    def action_record_event(self) -> None:
        """Record an event for this person; the timeline shows it afterwards."""
        if self.view is None:
            return
        self.app.record_event(self.person_id, self.view.display_name, self._recorded)

    def _recorded(self, recorded: recording.EventView) -> None:
        self.action_tab("timeline")
        self.load()

    def action_tag(self) -> None:
        """Add or remove a tag (the tag names load first; the keys typed meanwhile wait)."""
        self.app.hold_keys_for(self._tag_names())

    @work(thread=True, exclusive=True, group="person-tags", exit_on_error=False)
    def _tag_names(self) -> None:
        self.post_message(TagChoices([self.person_id], listing.tag_names()))

    def on_tag_choices(self, message: TagChoices) -> None:
        self.app.push_screen(TagPrompt("this person", message.tags), self._tag)

    def _tag(self, answer: tuple[str, str] | None) -> None:
        if answer is not None:
            self._write_tag(*answer)

    @work(thread=True, exclusive=True, group="person-write", exit_on_error=False)
    def _write_tag(self, mode: str, name: str) -> None:
        if mode == "add":
            done = tags.assign_tag(name, [self.person_id], source="tui")
        else:
            done = tags.unassign_tag(name, [self.person_id], source="tui")
            if done == 0:
                raise ProfilesError(f"This person has no tag {name!r}.", field="tag", value=name)
        self.post_message(PersonsTagged(name, mode == "add", done, 1))

    def on_persons_tagged(self, message: PersonsTagged) -> None:
        self.notify(f"Tag {message.tag!r} {'added' if message.added else 'removed'}.")
        self.app.refresh_counts()
        self.load()

    def action_delete(self) -> None:
        """Delete the person after a confirmation."""
        if self.view is None:
            return
        name = clean(self.view.display_name)

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(name)

        details = (
            "Its contacts, tags, custom values, events and history are deleted with it, and what "
            "merges and imports kept of it."
        )
        self.app.push_screen(
            ConfirmScreen(f"Delete {name} (#{self.person_id})?", details, yes="Delete"), answered
        )

    @work(thread=True, exclusive=True, group="person-write", exit_on_error=False)
    def _delete(self, name: str) -> None:
        profiles.delete_person(self.person_id)
        self.post_message(PersonDeleted(self.person_id, name))

    def on_person_deleted(self, message: PersonDeleted) -> None:
        self.notify(f"Deleted {message.name}.")
        self.app.refresh_counts()
        self.app.selection.discard([message.person_id])
        self.app.pop_screen()

    def action_why(self) -> None:
        """Pick a segment and see why this person is or is not in it."""
        from .segment_explain import ExplainScreen

        if self.view is not None:
            self.app.push_screen(ExplainScreen(self.person_id, self.view.display_name))

    def action_erase(self) -> None:
        """Erase the person (SPEC 10) after a confirmation that says what goes."""
        if self.view is None:
            return
        name = clean(self.view.display_name)

        def answered(yes: bool | None) -> None:
            if yes:
                self._erase(name)

        protected = (
            f"{self.view.type.capitalize()} protection does not stop an erase. "
            if protection.is_protected(self.view.type)
            else ""
        )
        details = (
            "Removed for good: the profile, its contacts, push registrations and anonymous ids, "
            "tags, custom values, events and change history, and what merges and imports kept "
            f"of it. {protected}Only a record that an erase happened stays (when, from where, "
            "the former id). This cannot be undone."
        )
        self.app.push_screen(
            ConfirmScreen(f"Erase {name} (#{self.person_id}) and every trace of them?", details, yes="Erase"),
            answered,
        )

    @work(thread=True, exclusive=True, group="person-write", exit_on_error=False)
    def _erase(self, name: str) -> None:
        erase.erase_person(self.person_id, confirm=True, source="tui")
        self.post_message(PersonErased(self.person_id, name))

    def on_person_erased(self, message: PersonErased) -> None:
        self.notify(f"Erased {message.name}; only a record of the erase remains.")
        self.app.refresh_counts()
        self.app.selection.discard([message.person_id])
        self.app.pop_screen()
