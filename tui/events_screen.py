"""Events (``5``): the event definitions, the template sets to enable, and the feed of recent events.

Three tabs. **Definitions** lists every event with its kind and typed properties; ``n``
defines a custom event and ``e`` (or enter) edits one. **Template sets** lists the
ready-made sets; enter enables the highlighted one (its events become definitions).
**Feed** shows the events of every person, newest first, a keyset page at a time
(``store.events.feed``); ``/`` filters it by event and time, and enter opens the person.

| Key | Description |
| :- | :- |
| l, s, f | Definitions, template sets, feed tab |
| n | New custom event |
| e, enter | Edit the highlighted definition |
| o | Enable or disable the highlighted event (a disabled one cannot be recorded) |
| enter | Enable the highlighted template set / open the person of the event |
| / | Filter the feed by event and time |
| r | Refresh |
| pageup, pagedown, home | Older / newer / newest page of the feed |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label, TabbedContent, TabPane

from store.errors import ProfilesError
from store.events import definitions, feed
from store.events.definitions import DefinitionInfo
from store.events.feed import FeedCursor, FeedPage

from .base import StoreScreen
from .definition_form import DefinitionFormScreen
from .feed_filter import FeedFilterScreen
from .messages import (
    DefinitionsLoaded,
    DefinitionToggled,
    FeedFilter,
    FeedLoaded,
    SaveFailed,
    TemplateEnabled,
    TemplatesLoaded,
)
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.paged_table import PagedTable
from .widgets.row_table import RowTable

KIND_STYLES = {"custom": "bold", "template": "", "product": "dim"}


def when(moment: dt.datetime) -> str:
    """A stored UTC time as ``2026-03-01 10:15`` (UTC, to the minute)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def property_text(values: dict[str, Any]) -> str:
    """An event's properties on one line: ``productId=P-7, quantity=2``."""
    return ", ".join(f"{name}={value}" for name, value in values.items())


def describe_filter(wanted: FeedFilter) -> str:
    """The feed's filter in words, for the status line ("" when there is none)."""
    parts = [wanted.event] if wanted.event else []
    if wanted.since:
        parts.append(f"from {wanted.since}")
    if wanted.until:
        parts.append(f"to {wanted.until}")
    return " · ".join(parts)


class DefinitionsTable(RowTable):
    """The definitions: enter edits the highlighted one."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Edit", show=False, id="definitions.edit", tooltip="Edit the event")
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)


class TemplatesTable(RowTable):
    """The template sets: enter enables the highlighted one."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Enable", id="templates.enable", tooltip="Enable the template set")
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)


class EventsScreen(StoreScreen[None]):
    """Event definitions, template sets and recent events."""

    HELP_TITLE = "Events"
    BINDINGS = [
        Binding("l", "tab('definitions')", "Definitions", show=False, id="events.definitions"),
        Binding("s", "tab('templates')", "Template sets", show=False, id="events.templates"),
        Binding("f", "tab('feed')", "Feed", show=False, id="events.feed"),
        Binding("n", "new", "New event", id="events.new", tooltip="Define a custom event"),
        Binding("e", "edit", "Edit", id="events.edit", tooltip="Edit the highlighted custom event"),
        Binding(
            "o",
            "switch_enabled",
            "On/off",
            id="events.toggle",
            tooltip="Enable or disable the highlighted event",
        ),
        Binding("slash", "filter", "Filter", id="events.filter", tooltip="Filter the feed by event and time"),
        Binding("r", "refresh", "Refresh", show=False, id="events.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.definitions: list[DefinitionInfo] = []
        self.sets: list[dict[str, Any]] = []
        self.filter = FeedFilter()
        self.page: FeedPage | None = None
        self.index = 0  # of the feed page on screen, 0 the newest
        self.starts: list[FeedCursor | None] = [None]  # where each feed page seen starts
        self.token = 0  # of the latest feed request: an older answer is dropped
        self.page_size = 20  # the feed's rows per page: its table's height when first shown
        self.feed_stale = True  # the feed loads when its tab is shown

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with TabbedContent(id="events-tabs", initial="definitions"):
            with TabPane("Definitions (l)", id="definitions"):
                yield DefinitionsTable(id="definitions-table")
            with TabPane("Template sets (s)", id="templates"):
                yield TemplatesTable(id="templates-table")
            with TabPane("Feed (f)", id="feed"):
                yield PagedTable(id="feed-table")
        yield Label("", id="position")
        yield Footer()

    def on_mount(self) -> None:
        width = self.app.size.width or 80
        table = self.query_one("#definitions-table", DataTable)
        table.add_column("Event", width=22)
        table.add_column("Kind", width=9)
        table.add_column("On", width=3)
        table.add_column("Properties", width=max(20, width - 44))
        sets = self.query_one("#templates-table", DataTable)
        sets.add_column("Set", width=14)
        sets.add_column("Enabled", width=8)
        sets.add_column("Events", width=max(20, width - 30))
        events = self.query_one("#feed-table", PagedTable)
        events.add_column("When (UTC)", width=16)
        events.add_column("Event", width=18)
        events.add_column("Person", width=20)
        events.add_column("Properties", width=max(16, width - 64))
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a form or a person: the definitions may have changed, and the newest
        page of the feed may have new events (an older page stays as it was read)."""
        self._load_definitions()
        if self.page is not None and self.index == 0:
            self.load_feed(0, None, self.query_one("#feed-table", PagedTable).cursor_row)

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Load the definitions (the keys typed meanwhile wait), the template sets and the
        first page of the feed."""
        self.app.hold_keys_for(self._load_definitions())
        self._load_templates()
        self.feed_stale = True
        if self.query_one("#events-tabs", TabbedContent).active == "feed":
            self.call_after_refresh(self._first_feed_page)

    def _first_feed_page(self) -> None:
        """The newest page of the feed, as many rows as its table shows."""
        self.feed_stale = False
        self.page_size = self.query_one("#feed-table", PagedTable).visible_rows()
        self.load_feed(0, None)

    @work(thread=True, exclusive=True, group="events-definitions", exit_on_error=False)
    def _load_definitions(self) -> None:
        self.post_message(DefinitionsLoaded(definitions.list_definitions()))

    @work(thread=True, exclusive=True, group="events-templates", exit_on_error=False)
    def _load_templates(self) -> None:
        self.post_message(TemplatesLoaded(definitions.list_templates()))

    def load_feed(self, index: int, after: FeedCursor | None, cursor_row: int = 0) -> None:
        """Read the feed page that starts after ``after`` (its place is ``index``); the cursor
        lands on ``cursor_row`` (-1: the last row)."""
        self.token += 1
        self._feed(self.filter, index, after, self.token, self.page_size, cursor_row)

    @work(thread=True, group="events-feed", exit_on_error=False)
    def _feed(
        self,
        wanted: FeedFilter,
        index: int,
        after: FeedCursor | None,
        token: int,
        limit: int,
        cursor_row: int,
    ) -> None:
        page = feed.recent_events(
            event=wanted.event or None, since=wanted.since, until=wanted.until, limit=limit, after=after
        )
        self.post_message(FeedLoaded(page, wanted, index, token, cursor_row))

    def on_definitions_loaded(self, message: DefinitionsLoaded) -> None:
        table = self.query_one("#definitions-table", DataTable)
        row = table.cursor_row
        self.definitions = message.definitions
        table.clear()
        for info in self.definitions:
            props = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in info.properties)
            table.add_row(
                cell(info.name, "bold" if info.kind == "custom" else ""),
                cell(info.kind, KIND_STYLES.get(info.kind, "")),
                cell("yes" if info.enabled else "no"),
                cell(props),
            )
        if self.definitions:
            table.move_cursor(row=min(max(row, 0), len(self.definitions) - 1), animate=False)
        self._show_position()

    def on_templates_loaded(self, message: TemplatesLoaded) -> None:
        table = self.query_one("#templates-table", DataTable)
        row = table.cursor_row
        self.sets = message.sets
        table.clear()
        for entry in self.sets:
            names = ", ".join(e["name"] for e in entry["events"])
            table.add_row(
                cell(entry["title"], "bold"),
                cell("yes", "bold") if entry["enabled"] else cell("no"),
                cell(names),
            )
        if self.sets:
            table.move_cursor(row=min(max(row, 0), len(self.sets) - 1), animate=False)
        self._show_position()

    def on_feed_loaded(self, message: FeedLoaded) -> None:
        if message.token != self.token:
            return
        self.show_feed(message)

    def show_feed(self, message: FeedLoaded) -> None:
        """Show a page of the feed (from a worker or the filter dialog)."""
        self.page, self.filter, self.index = message.page, message.filter, message.index
        del self.starts[message.index + 1 :]
        table = self.query_one("#feed-table", PagedTable)
        table.clear()
        for event in message.page.events:
            table.add_row(
                cell(when(event.at)),
                cell(event.event),
                cell(event.person_name),
                cell(property_text(event.properties)),
            )
        table.has_before = message.index > 0
        table.has_after = message.page.next is not None
        if message.page.events:
            last = len(message.page.events) - 1
            row = last if message.cursor_row < 0 else min(message.cursor_row, last)
            table.move_cursor(row=row, animate=False)
        self._show_position()

    def _show_position(self) -> None:
        tab = self.query_one("#events-tabs", TabbedContent).active
        if tab == "definitions":
            custom = sum(1 for d in self.definitions if d.kind == "custom")
            text = f"{number(len(self.definitions))} events · {number(custom)} custom · n new, e edit"
        elif tab == "templates":
            enabled = sum(1 for s in self.sets if s["enabled"])
            text = f"{number(len(self.sets))} template sets · {number(enabled)} enabled · enter enables"
        else:
            shown = len(self.page.events) if self.page else 0
            if shown:
                first = self.index * self.page_size + 1
                text = f"events {number(first)}-{number(first + shown - 1)}, newest first"
            else:
                text = "no events match" if self.page is not None else "loading…"
            described = describe_filter(self.filter)
            text += f" · {clean(described)} (/ changes)" if described else " · / filters by event and time"
        self.query_one("#position", Label).update(Text(text))

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self._show_position()
        self.refresh_bindings()
        tabs = self.query_one("#events-tabs", TabbedContent)
        pane = tabs.active_pane
        if pane is not None:
            pane.query_one(DataTable).focus()
        if tabs.active == "feed" and self.feed_stale:
            self.call_after_refresh(self._first_feed_page)

    # ------------------------------------------------------------------ the feed's pages

    @on(PagedTable.PageRequest, "#feed-table")
    def _feed_page(self, event: PagedTable.PageRequest) -> None:
        if event.which == "next" and self.page is not None and self.page.next is not None:
            self.starts[self.index + 1 :] = [self.page.next]
            self.load_feed(self.index + 1, self.page.next, event.cursor_row)
        elif event.which == "previous" and self.index > 0:
            self.load_feed(self.index - 1, self.starts[self.index - 1], event.cursor_row)
        elif event.which == "first":
            self.load_feed(0, None)
        elif event.which == "last":
            self.notify("The feed pages from the newest event: use / to go back to a time.")

    def action_filter(self) -> None:
        """Filter the feed by event and time (on the feed tab)."""
        self.action_tab("feed")
        names = sorted((d.name for d in self.definitions), key=str.casefold)
        if self.feed_stale:  # the tab was never shown: its page size is known now
            self.page_size = self.query_one("#feed-table", PagedTable).visible_rows()
        limit = self.page_size

        def filtered(result: FeedLoaded | None) -> None:
            if result is not None:
                self.feed_stale = False
                self.token += 1  # a page still on its way is of the former filter
                self.starts = [None]
                self.show_feed(result)

        self.app.push_screen(FeedFilterScreen(self.filter, names, limit), filtered)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit and on/off work on the definitions tab only, so the footer shows them there only."""
        if action in ("edit", "switch_enabled"):
            return self.query_one("#events-tabs", TabbedContent).active == "definitions"
        return True

    def action_tab(self, tab: str) -> None:
        """Show a tab."""
        self.query_one("#events-tabs", TabbedContent).active = tab

    def action_refresh(self) -> None:
        """Load everything again; the feed from its newest page."""
        self.load()

    def current_definition(self) -> DefinitionInfo | None:
        """The highlighted definition."""
        table = self.query_one("#definitions-table", DataTable)
        if not self.definitions or table.cursor_row < 0:
            return None
        return self.definitions[min(table.cursor_row, len(self.definitions) - 1)]

    def action_new(self) -> None:
        """Define a custom event."""
        self.app.push_screen(DefinitionFormScreen(None), self._saved)

    def action_edit(self) -> None:
        """Edit the highlighted custom event (template and product events are as defined)."""
        info = self.current_definition()
        if info is None:
            return
        if info.kind != "custom":
            self.notify(
                f"{clean(info.name)} is a {info.kind} event: only custom events are edited.",
                severity="warning",
            )
            return
        self.app.push_screen(DefinitionFormScreen(info), self._saved)

    def action_switch_enabled(self) -> None:
        """Enable the highlighted event, or disable it (the store refuses for a product event)."""
        info = self.current_definition()
        if info is not None:
            self._set_enabled(info.name, not info.enabled)

    @work(thread=True, exclusive=True, group="events-write", exit_on_error=False)
    def _set_enabled(self, name: str, enabled: bool) -> None:
        try:
            info = definitions.set_enabled(name, enabled)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(DefinitionToggled(info))

    def on_definition_toggled(self, message: DefinitionToggled) -> None:
        state = "enabled" if message.definition.enabled else "disabled: it cannot be recorded"
        self.notify(f"{clean(message.definition.name)} is {state}.")
        self._load_definitions()

    def on_save_failed(self, message: SaveFailed) -> None:
        self.notify(clean(message.error.message), severity="warning")

    def _saved(self, info: DefinitionInfo | None) -> None:
        if info is not None:
            self.notify(f"Saved event {clean(info.name)} ({len(info.properties)} properties).")
            self._load_definitions()

    @on(DataTable.RowSelected, "#definitions-table")
    def _definition_chosen(self) -> None:
        self.action_edit()

    @on(DataTable.RowSelected, "#templates-table")
    def _template_chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.sets):
            self._enable(self.sets[event.cursor_row]["name"], self.sets[event.cursor_row]["title"])

    @work(thread=True, exclusive=True, group="events-write", exit_on_error=False)
    def _enable(self, name: str, title: str) -> None:
        try:
            enabled = definitions.enable_template(name)
        except ProfilesError as exc:  # a custom event holds one of the set's names
            self.post_message(SaveFailed(exc))
            return
        self.post_message(TemplateEnabled(title, enabled))

    def on_template_enabled(self, message: TemplateEnabled) -> None:
        self.notify(f"Enabled the {clean(message.title)} templates: {len(message.definitions)} events.")
        self._load_definitions()
        self._load_templates()

    @on(DataTable.RowSelected, "#feed-table")
    def _event_chosen(self, event: DataTable.RowSelected) -> None:
        if self.page is not None and 0 <= event.cursor_row < len(self.page.events):
            self.app.open_person(self.page.events[event.cursor_row].person_id)
