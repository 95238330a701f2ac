"""One person: attributes, contacts, tags and company; the timeline; the change history.

| Key | Description |
| :- | :- |
| e | Edit |
| t | Add or remove a tag |
| m | Select for a merge (pick the others in the list, then m) |
| v | Record an event |
| d | Delete (asks) |
| x | Erase: every trace of the person (asks) |
| p, i, h | Profile, timeline, history tab |
| pageup, pagedown | Newer / older events (on the timeline) |
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
from store.persons import erase, listing, profiles
from store.persons.views import PersonView, load_person

from .base import StoreScreen
from .messages import PersonDeleted, PersonErased, PersonLoaded, PersonsTagged, TagChoices, TimelineLoaded
from .tag_prompt import TagPrompt
from .text import cell, clean, number, type_label
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable

TIMELINE_PAGE = 50
CHART_DAYS = 90


def when(moment: dt.datetime | None) -> str:
    """A stored UTC time as ``2026-03-01 10:15`` (UTC, to the minute)."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


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
        Binding("d", "delete", "Delete", id="person.delete", tooltip="Delete this person"),
        Binding(
            "x",
            "erase",
            "Erase",
            show=False,
            id="person.erase",
            tooltip="Erase this person and every trace of them (a personal-data request)",
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
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.view: PersonView | None = None
        self.cursors: list[tuple | None] = [None]  # timeline page starts, newest first
        self.timeline_next: tuple | None = None
        self.stale = False

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
                yield PagedTable(id="events")
            with TabPane("History", id="history"):
                yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        events_table = self.query_one("#events", PagedTable)
        events_table.add_column("When (UTC)", width=16)
        events_table.add_column("Event", width=16)
        events_table.add_column("Properties", width=max(20, (self.app.size.width or 80) - 44))
        changes = self.query_one("#changes", DataTable)
        changes.add_column("When (UTC)", width=16)
        changes.add_column("Source", width=10)
        changes.add_column("Field", width=14)
        changes.add_column("Before → after", width=max(20, (self.app.size.width or 80) - 52))
        self.load()

    def on_screen_resume(self) -> None:
        """Back from the edit form: show what was saved (dialogs change nothing by themselves)."""
        if self.stale:
            self.stale = False
            self.load()

    def load(self) -> None:
        """Load everything about the person (in a worker)."""
        self._load(self.person_id, self.app.now().date())

    @work(thread=True, exclusive=True, group="person-load", exit_on_error=False)
    def _load(self, person_id: int, today: dt.date) -> None:
        view = load_person(person_id)
        changes = history.person_history(person_id, limit=200)
        page = recording.timeline(person_id, limit=TIMELINE_PAGE)
        days = recording.day_counts(person_id, CHART_DAYS, today=today)
        self.post_message(PersonLoaded(view, changes, page, days, recording.count_events(person_id)))

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
        self.cursors = [None]
        self._show_timeline(message.timeline, 0)
        changes = self.query_one("#changes", DataTable)
        changes.clear()
        for entry in message.history:
            change = Text.assemble(
                Text(clean(entry.old_value) if entry.old_value is not None else "—", style="dim"),
                " → ",
                Text(clean(entry.new_value) if entry.new_value is not None else "—"),
            )
            changes.add_row(when(entry.at), cell(entry.source), cell(entry.field), change)

    def _show_timeline(self, page: recording.TimelinePage, index: int) -> None:
        table = self.query_one("#events", PagedTable)
        table.clear()
        for event in page.events:
            props = ", ".join(f"{k}={v}" for k, v in event.properties.items())
            table.add_row(when(event.at), cell(event.event), cell(props))
        self.timeline_next = page.next
        self.timeline_index = index
        table.has_before = index > 0
        table.has_after = page.next is not None

    @on(PagedTable.PageRequest, "#events")
    def _timeline_page(self, event: PagedTable.PageRequest) -> None:
        if event.which == "next" and self.timeline_next is not None:
            index = self.timeline_index + 1
            if len(self.cursors) <= index:
                self.cursors.append(self.timeline_next)
            self._timeline(index, self.cursors[index])
        elif event.which in ("previous", "first") and self.timeline_index > 0:
            index = 0 if event.which == "first" else self.timeline_index - 1
            self._timeline(index, self.cursors[index])

    @work(thread=True, exclusive=True, group="person-timeline", exit_on_error=False)
    def _timeline(self, index: int, before: tuple | None) -> None:
        page = recording.timeline(self.person_id, limit=TIMELINE_PAGE, before=before)
        self.post_message(TimelineLoaded(page, index))

    def on_timeline_loaded(self, message: TimelineLoaded) -> None:
        self._show_timeline(message.page, message.index)

    # ------------------------------------------------------------------ actions

    def action_tab(self, tab: str) -> None:
        """Show a tab."""
        self.query_one("#tabs", TabbedContent).active = tab

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
        """Add or remove a tag."""
        self._tag_names()

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
