"""The persons list: a window over the store that stays instant at a million persons.

The list is a ``store.persons.window.Window``: the store reads the search, pages it
(keyset pages, the same cost on the first and the last page) and knows where each page
sits; this screen renders the window it holds. Workers open or move a copy of it and post
the result (``PersonsPage``); the handler, on the UI thread, keeps it if it answers the
latest request (a token per request) and renders it. The total comes from its own query
in a second worker once the rows are painted, so the first page never waits for it. The
table holds only the rows on screen.
At 80 columns the footer has room for eight keys: search (/, which the search box's
hint names), select (space) and delete (d) stay off it, in the help (?) and the
palette (ctrl+p).

| Key | Description |
| :- | :- |
| / | Search by name prefix, email, phone or external id |
| enter | Open the person |
| space | Select / unselect (for tagging and merging) |
| t | Tag the selection (or the highlighted person) |
| m | Merge the selection |
| n | New person |
| e | Edit the person |
| d | Delete the person (asks) |
| f | Filters: type, tag, company |
| x | Export the selection, or the list as filtered and searched, to CSV or XLSX |
| r | Refresh |
| escape | Clear the selection / leave the search box |
| pageup, pagedown, home, end | Previous, next, first, last page |
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.widgets import Footer, Input, Label
from textual.worker import get_current_worker

from store import tags
from store.companies import company_names
from store.persons import listing, profiles
from store.persons.listing import PersonCriteria, PersonRow
from store.persons.window import Window, open_window

from .base import StoreScreen
from .filter_screen import FilterScreen
from .labels import describe_filters
from .messages import (
    FilterChoices,
    PageHow,
    PersonDeleted,
    PersonsCount,
    PersonsPage,
    PersonsTagged,
    TagChoices,
)
from .tag_prompt import TagPrompt
from .text import cell, clean, number, type_label
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable

DEBOUNCE_S = 0.2
SEARCH_HINT = "/ search: name, email, phone, id"  # fits beside the longest filter summary at 80 columns
KIND_LABELS = {
    "all": "",
    "email": "email",
    "phone": "phone",
    "name": "name or external id",
    "national": "name; a national number needs a default country",
}


class PersonsScreen(StoreScreen[None]):
    """Find, read, change, tag and merge persons."""

    BINDINGS = [
        Binding(
            "slash", "focus_search", "Search", show=False, id="persons.search", tooltip="Search as you type"
        ),
        Binding(
            "space",
            "toggle_select",
            "Select",
            show=False,
            id="persons.select",
            tooltip="Select for tagging/merging",
        ),
        Binding("n", "new", "New", id="persons.new", tooltip="Create a person"),
        Binding("e", "edit", "Edit", id="persons.edit", tooltip="Edit the highlighted person"),
        Binding(
            "d", "delete", "Delete", show=False, id="persons.delete", tooltip="Delete the highlighted person"
        ),
        Binding("t", "tag", "Tag", id="persons.tag", tooltip="Tag the selected persons"),
        Binding("m", "merge", "Merge", id="persons.merge", tooltip="Merge the selected persons"),
        Binding("f", "filter", "Filter", id="persons.filter", tooltip="Filter by type, tag, company"),
        Binding("x", "export", "Export", id="persons.export", tooltip="Export the list or the selection"),
        Binding("r", "refresh", "Refresh", show=False, id="persons.refresh"),
        Binding("escape", "escape", "Clear selection", show=False, id="persons.escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.criteria = PersonCriteria()
        self.company_name = ""
        self.search_text = ""
        self.window: Window | None = None
        self.token = 0  # of the latest page request: an older answer is dropped
        self.count_token = 0  # of the latest count request
        self.counting = False  # a count of the current query is on its way

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="searchbar"):
            yield Input(placeholder=SEARCH_HINT, id="search")
            yield Label("", id="filters")
        yield PagedTable(id="persons")
        with Horizontal(id="statusbar"):
            yield Label("", id="position")
            yield Label("", id="selection")
        yield Footer()

    @property
    def table(self) -> PagedTable:
        """The persons list's table."""
        return self.query_one("#persons", PagedTable)

    @property
    def rows(self) -> tuple[PersonRow, ...]:
        """The rows on screen."""
        return self.window.rows if self.window is not None else ()

    @property
    def start(self) -> int | None:
        """The 1-based position of the first row on screen; None while not known."""
        return self.window.first_row if self.window is not None else None

    @property
    def total(self) -> int | None:
        """The total of the list; None until counted."""
        return self.window.total if self.window is not None else None

    @property
    def at_end(self) -> bool:
        """No row follows the page on screen."""
        return self.window is not None and self.window.at_end

    def on_mount(self) -> None:
        self.app.persons_screen = self
        self._columns()
        self.table.focus()
        self._show_filters()
        self.call_after_refresh(self.open_query)

    def on_screen_resume(self) -> None:
        """Coming back from a detail or a form: the page may have changed."""
        if self.window is not None:
            self.reload()
        self._show_selection()

    def on_resize(self) -> None:
        if self._columns():
            self._render_rows(self.table.cursor_row)

    # ------------------------------------------------------------------ columns and rows

    def _column_set(self) -> tuple[str, ...]:
        width = self.size.width or 120
        if width >= 118:
            return ("sel", "name", "type", "email", "phone", "city", "tags")
        if width >= 100:
            return ("sel", "name", "type", "email", "phone", "city")
        return ("sel", "name", "type", "email", "phone")

    def _columns(self) -> bool:
        wanted = self._column_set()
        if getattr(self, "_shown_columns", None) == wanted:
            return False
        self._shown_columns = wanted
        table = self.table
        table.clear(columns=True)
        width = self.size.width or 120
        name_w = 20 if width < 100 else 24
        email_w = 22 if width < 100 else 28
        spec = {
            "sel": ("", 1),
            "name": ("Name", name_w),
            "type": ("Type", 9),
            "email": ("Email", email_w),
            "phone": ("Phone", 15),
            "city": ("City", 12),
            "tags": ("Tags", max(8, width - 106)),
        }
        for key in wanted:
            label, size = spec[key]
            table.add_column(label, key=key, width=size)
        return True

    def _row_cells(self, row: PersonRow) -> list[Text]:
        selected = row.id in self.app.selection
        values = {
            "sel": Text("●" if selected else " ", style="bold"),
            "name": cell(row.name),
            "type": type_label(row.type),
            "email": cell(row.email),
            "phone": cell(row.phone),
            "city": cell(row.city),
            "tags": cell(", ".join(row.tags)),
        }
        return [values[key] for key in self._shown_columns]

    def _render_rows(self, cursor_row: int = 0) -> None:
        table = self.table
        table.clear()
        for row in self.rows:
            table.add_row(*self._row_cells(row), key=str(row.id))
        table.has_before = bool(self.window and self.window.has_before)
        table.has_after = bool(self.window and self.window.has_after)
        if self.rows:
            index = len(self.rows) - 1 if cursor_row < 0 else min(cursor_row, len(self.rows) - 1)
            table.move_cursor(row=index, animate=False)
        self._show_position()

    def _show_position(self) -> None:
        window, total = self.window, self.total
        if window is None or not window.rows:
            text = "no persons match" if total == 0 or total is None else f"of {number(total)}"
        else:
            first, last = window.first_row, window.last_row
            text = f"rows {'?' if first is None else number(first)}-{'?' if last is None else number(last)}"
            text += f" of {number(total)}"
        kind = KIND_LABELS.get(window.kind if window is not None else "all", "")
        if kind:
            text += f" · search by {kind}"
        self.query_one("#position", Label).update(text)

    def _show_selection(self) -> None:
        selected = len(self.app.selection)
        text = f"{number(selected)} selected (t tag, m merge, esc clear)" if selected else ""
        self.query_one("#selection", Label).update(text)

    def _show_filters(self) -> None:
        self.query_one("#filters", Label).update(describe_filters(self.criteria, self.company_name))

    def current(self) -> PersonRow | None:
        """The highlighted person's row."""
        table = self.table
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # ------------------------------------------------------------------ loading

    def open_query(self, *, debounce: bool = False) -> None:
        """Show the first page of the current filters and search text, then count it."""
        self.token += 1
        self.count_token += 1  # a count of the former query is no longer wanted
        self.counting = False
        step = partial(open_window, self.criteria, self.search_text, self.table.visible_rows())
        self._fetch(step, self.token, 0, "open", debounce)
        if self.window is not None:
            self.window = self.window.with_total(None)
        self._show_position()

    def request(self, which: str, cursor_row: int = 0) -> None:
        """Move to a page: ``first``, ``next``, ``previous`` or ``last``."""
        window = self.window
        if window is None or not window.shows(self.criteria, self.search_text):
            self.open_query()  # the query changed and its first page is still on its way
            return
        self.token += 1
        moves = {"first": window.first, "next": window.next, "previous": window.previous, "last": window.last}
        self._fetch(partial(moves[which], self.table.visible_rows()), self.token, cursor_row, "move")

    def reload(self) -> None:
        """Load the current page again (after a change), keeping its place, and count again."""
        window = self.window
        if window is None or not window.shows(self.criteria, self.search_text):
            self.open_query()
            return
        self.token += 1
        step = partial(window.reload, self.table.visible_rows())
        self._fetch(step, self.token, self.table.cursor_row, "reload")

    def _fetch(
        self, step: Callable[[], Window], token: int, cursor_row: int, how: PageHow, debounce: bool = False
    ) -> None:
        """Run ``step`` (a store call that returns a window) in a worker that posts its result
        (``how`` says what the step does: ``open``, ``move`` or ``reload``).

        Only a search being typed waits (the debounce), in an exclusive group: the next
        keystroke cancels it while it waits. Other loads are never cancelled (a thread's
        query runs to its end anyway): the handler drops an answer a newer request replaced.
        """

        def run() -> None:
            worker = get_current_worker()
            if debounce:
                time.sleep(DEBOUNCE_S)
                if worker.is_cancelled:
                    return
            window = step()
            if not worker.is_cancelled:
                self.post_message(PersonsPage(window, token, cursor_row, how))

        group = "persons-search" if debounce else "persons-page"
        self.run_worker(run, thread=True, group=group, exclusive=debounce, exit_on_error=False)

    @work(thread=True, group="persons-count", exit_on_error=False)
    def _count(self, window: Window, token: int) -> None:
        self.post_message(PersonsCount(window.count_total(), token))

    def _start_count(self, window: Window) -> None:
        """Count ``window``'s query unless the list has moved on to another query."""
        if window.shows(self.criteria, self.search_text):
            self.count_token += 1
            self.counting = True
            self._count(window, self.count_token)

    def on_persons_page(self, message: PersonsPage) -> None:
        if message.token != self.token:
            return
        window = message.window
        if message.how == "move" and self.window is not None:
            window = window.with_total(self.window.total)  # a move keeps the total counted meanwhile
        self.window = window
        self._render_rows(message.cursor_row)
        if message.how != "move" or (window.total is None and not self.counting):
            # The total is its own query (up to ~0.2 s for a short prefix at a million persons):
            # start it once the rows are painted, so it never delays them.
            self.call_after_refresh(self._start_count, window)
        if message.how == "open":
            self.call_after_refresh(self.app.count_once)

    def on_persons_count(self, message: PersonsCount) -> None:
        if message.token != self.count_token or self.window is None:
            return
        self.counting = False
        self.window = self.window.with_total(message.total)
        self._show_position()

    @on(PagedTable.PageRequest)
    def _page_request(self, event: PagedTable.PageRequest) -> None:
        self.request(event.which, event.cursor_row)

    # ------------------------------------------------------------------ search and filters

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self.open_query(debounce=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_filter(self) -> None:
        """Open the filter dialog (tags and company names load first, in a worker)."""
        self._filter_choices()

    @work(thread=True, exclusive=True, group="persons-filter", exit_on_error=False)
    def _filter_choices(self) -> None:
        self.post_message(FilterChoices(listing.tag_names(), company_names(limit=5000)))

    def on_filter_choices(self, message: FilterChoices) -> None:
        self.app.push_screen(
            FilterScreen(self.criteria, self.company_name, message.tags, message.companies), self._filtered
        )

    def _filtered(self, result: tuple[PersonCriteria, str] | None) -> None:
        if result is None:
            return
        self.criteria, self.company_name = result
        self._show_filters()
        self.open_query()

    def set_filter(self, criteria: PersonCriteria, company_name: str = "") -> None:
        """Show the persons that meet ``criteria`` (from the Tags, Companies and Audit screens)."""
        self.criteria = criteria
        self.company_name = company_name
        self.search_text = ""
        with self.prevent(Input.Changed):
            self.query_one("#search", Input).value = ""
        self._show_filters()
        self.open_query()

    # ------------------------------------------------------------------ actions

    def action_escape(self) -> None:
        """Leave the search box; else clear the selection."""
        if self.focused is self.query_one("#search", Input):
            self.table.focus()
            return
        if self.app.selection:
            self.app.selection.clear()
            self._render_rows(self.table.cursor_row)
            self._show_selection()

    def action_refresh(self) -> None:
        """Load the page and the total again."""
        self.reload()
        self.app.refresh_counts()

    def action_toggle_select(self) -> None:
        """Select or unselect the highlighted person, then move down."""
        row = self.current()
        if row is None:
            return
        selection = self.app.selection
        if row.id in selection:
            del selection[row.id]
        else:
            selection[row.id] = row.name
        index = self.table.cursor_row
        self.table.update_cell_at(
            Coordinate(index, 0), Text("●" if row.id in selection else " ", style="bold")
        )
        if index < len(self.rows) - 1:
            self.table.move_cursor(row=index + 1)
        self._show_selection()

    @on(PagedTable.RowSelected, "#persons")
    def _open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.open_person(row.id)

    def action_new(self) -> None:
        """Create a person."""
        self.app.edit_person(None)

    def action_edit(self) -> None:
        """Edit the highlighted person."""
        row = self.current()
        if row is not None:
            self.app.edit_person(row.id)

    def action_delete(self) -> None:
        """Delete the highlighted person, after a confirmation."""
        row = self.current()
        if row is None:
            return
        question = Text(f"Delete {clean(row.name)} (#{row.id})?")
        details = "Its contacts, tags, custom values and history are deleted with it."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row.id, clean(row.name))

        self.app.push_screen(ConfirmScreen(question.plain, details, yes="Delete"), answered)

    @work(thread=True, exclusive=True, group="persons-write", exit_on_error=False)
    def _delete(self, person_id: int, name: str) -> None:
        profiles.delete_person(person_id)
        self.post_message(PersonDeleted(person_id, name))

    def on_person_deleted(self, message: PersonDeleted) -> None:
        self.notify(f"Deleted {message.name}.")
        self.app.selection.pop(message.person_id, None)
        self._written()

    def _written(self) -> None:
        """After a delete or a tagging: the page, the header's counts and the selection again."""
        self.reload()
        self.app.refresh_counts()
        self._show_selection()

    def selected_ids(self) -> list[int]:
        """The selection, or the highlighted person when nothing is selected."""
        selection = list(self.app.selection)
        if selection:
            return selection
        row = self.current()
        return [row.id] if row else []

    def action_tag(self) -> None:
        """Add a tag to (or remove one from) the selection or the highlighted person."""
        ids = self.selected_ids()
        if ids:
            self._tag_choices(ids)

    @work(thread=True, exclusive=True, group="persons-tags", exit_on_error=False)
    def _tag_choices(self, ids: list[int]) -> None:
        self.post_message(TagChoices(ids, listing.tag_names()))

    def on_tag_choices(self, message: TagChoices) -> None:
        ids = message.person_ids
        what = f"{len(ids)} selected persons" if len(ids) > 1 else "this person"
        self.app.push_screen(TagPrompt(what, message.tags), lambda answer: self._tag(ids, answer))

    def _tag(self, ids: list[int], answer: tuple[str, str] | None) -> None:
        if answer is not None:
            self._write_tag(ids, *answer)

    @work(thread=True, exclusive=True, group="persons-write", exit_on_error=False)
    def _write_tag(self, ids: list[int], mode: str, name: str) -> None:
        if mode == "add":
            done = tags.assign_tag(name, ids, source="tui")
        else:
            done = tags.unassign_tag(name, ids, source="tui")
        self.post_message(PersonsTagged(name, mode == "add", done, len(ids)))

    def on_persons_tagged(self, message: PersonsTagged) -> None:
        what = "added to" if message.added else "removed from"
        self.notify(f"Tag {message.tag!r} {what} {message.changed} of {message.asked} persons.")
        self._written()

    def action_export(self) -> None:
        """Export the selection, or else the list as it is filtered and searched, to a file."""
        from .export_screen import ExportScreen, ExportSource  # openpyxl loads for an export only

        ids = tuple(self.app.selection)
        if ids:
            source = ExportSource(
                self.criteria, ids=ids, label=f"{len(ids)} selected persons", total=len(ids)
            )
        else:
            parts = [describe_filters(self.criteria, self.company_name)]
            if self.search_text.strip():
                parts.append(f"search {self.search_text.strip()!r}")
            label = "persons: " + " · ".join(part for part in parts if part)
            source = ExportSource(self.criteria, self.search_text, label=label, total=self.total)
        self.app.push_screen(ExportScreen(source))

    def action_merge(self) -> None:
        """Merge the selected persons (two or more)."""
        ids = list(self.app.selection)
        if len(ids) < 2:
            self.notify("Select two or more persons with space first, then press m.", severity="warning")
            return
        self.app.merge_persons(ids)
