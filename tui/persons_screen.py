"""The persons list: a window over the store that stays instant at a million persons.

The list is a ``store.persons.window.Window``: the store reads the search, pages it
(keyset pages, the same cost on the first and the last page) and knows where each page
sits; this screen renders the window it holds. Workers open or move a copy of it and post
the result (``PersonsPage``); the handler, on the UI thread, keeps it if it answers the
latest request (a token per request) and renders it. The total comes from its own query
in a second worker once the rows are painted, so the first page never waits for it. The
table holds only the rows on screen.

Moves never get lost: while a page is on its way, every move key (page keys, home, end, the
cursor's up and down) is queued and applied, in order, to the page that arrives ("first"
and "last" make what was queued before them moot). A change of the terminal's height
loads the page again at the new page size.

The selection (``app.selection``, see ``tui.selection``) is explicit ids or "all of this
list but some": ``a`` selects every person of the list (its filters and search, the rows
not loaded included), ``*`` inverts within it, escape clears it; ``t``, ``m`` and ``d`` act
on it, resolved by the store in a worker, with its count in the confirmation.
At 80 columns the footer has room for eight keys: search (/, which the search box's
hint names), select (space) and delete (d) stay off it, in the help (?) and the
palette (ctrl+p).

| Key | Description |
| :- | :- |
| / | Search by name prefix, email, phone or external id |
| enter | Open the person |
| space | Select / unselect (for tagging and merging) |
| a | Select every person of the list |
| * | Invert the selection within the list |
| t | Tag the selection (or the highlighted person) |
| m | Merge the selection |
| n | New person |
| e | Edit the person |
| d | Delete the selection, or the highlighted person (asks) |
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
from store.errors import InvalidValue
from store.persons import listing, profiles
from store.persons.listing import PersonCriteria, PersonRow
from store.persons.selection import Selection, all_selected_ids, count_selected, delete_selected
from store.persons.window import Window, open_window

from .base import StoreScreen
from .filter_screen import FilterScreen
from .labels import describe_filters
from .messages import (
    FilterChoices,
    PageHow,
    PersonDeleted,
    PersonsCount,
    PersonsDeleted,
    PersonsPage,
    PersonsTagged,
    SelectionCounted,
    SelectionResolved,
    TagChoices,
)
from .tag_prompt import TagPrompt
from .text import cell, clean, number, type_label
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable

DEBOUNCE_S = 0.2
MERGE_AT_MOST = 10  # persons the merge screen compares side by side
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
        Binding(
            "a",
            "select_all",
            "Select all",
            show=False,
            id="persons.select_all",
            tooltip="Select every person of this list, the rows not loaded too",
        ),
        Binding(
            "asterisk",
            "invert_selection",
            "Invert selection",
            show=False,
            id="persons.invert",
            tooltip="Select the others of this list",
        ),
        Binding("n", "new", "New", id="persons.new", tooltip="Create a person"),
        Binding("e", "edit", "Edit", id="persons.edit", tooltip="Edit the highlighted person"),
        Binding(
            "d",
            "delete",
            "Delete",
            show=False,
            id="persons.delete",
            tooltip="Delete the selection or the highlighted person",
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
        self.page_due = False  # a page of the current request is on its way
        self.pending: list[str] = []  # moves asked for while it is, in order
        self.highlight: int | None = None  # a person to show highlighted once the list is in

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="searchbar"):
            yield Input(placeholder=SEARCH_HINT, id="search")
            yield Label("", id="filters")
        yield PagedTable(id="persons", queues=True)
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
        """Coming back from a detail or a form: the page may have changed; a person just
        created is shown (the last page, where the list's order puts a new person)."""
        if self.window is not None:
            if self.highlight is not None and not self.search_text.strip():
                self.window = self.window.with_total(None)  # one more person: count again
                self.request("last")
            else:
                self.reload()
        self._show_selection()

    def on_resize(self) -> None:
        if self._columns():
            self._render_rows(self.table.cursor_row)
        self._show_selection()
        self.call_after_refresh(self._fit_page)

    def _fit_page(self) -> None:
        """Load the page again when the table's height no longer matches the page size."""
        window = self.window
        if window is None or self.table.visible_rows() == window.size:
            return
        if self.page_due:
            self.pending.append("fit")
        else:
            self.reload()

    def show_created(self, person_id: int) -> None:
        """Show this new person highlighted when the list is next shown."""
        self.highlight = person_id

    def palette_offers(self, action: str) -> bool:
        """Whether the command palette offers this screen's key ``action`` now (it can run)."""
        selection = self.app.selection
        if action == "new":
            return False  # the palette has "New person" everywhere
        if action == "merge":
            return bool(selection) and (not selection.value.is_explicit or len(selection) >= 2)
        if action == "escape":
            return bool(selection)
        if action in ("edit", "toggle_select"):
            return self.current() is not None
        if action in ("tag", "delete"):
            return bool(selection) or self.current() is not None
        if action in ("select_all", "invert_selection"):
            return bool(self.rows)
        return True

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

    def _selected(self, person_id: int) -> bool:
        """True when the person of a row on screen is selected."""
        value = self.app.selection.value
        if not value.is_explicit and not value.is_all_of(self.criteria, self.search_text):
            return False  # every person of another list: not these rows
        return value.has(person_id)

    def _row_cells(self, row: PersonRow) -> list[Text]:
        selected = self._selected(row.id)
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
        self.query_one("#position", Label).update(self._position_text())

    def _position_text(self) -> str:
        """ "rows a-b of N", and how the search text was read."""
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
        return text

    def _show_selection(self) -> None:
        """The selection's count on the status line; its key hints only where the position
        line leaves room for them (the position is never cut)."""
        selection = self.app.selection
        text = ""
        if selection:
            count = "…" if selection.count is None else number(selection.count)
            value = selection.value
            if value.is_explicit:
                text = f"{count} selected"
            elif value.is_all_of(self.criteria, self.search_text):
                text = f"all {count} selected"
            else:
                text = f"all {count} of another list"
            hints = (
                " (t tag, m merge, esc clear)"
                if value.is_explicit or value.is_all_of(self.criteria, self.search_text)
                else " (esc clear)"
            )
            room = (self.size.width or 120) - len(self._position_text()) - 4
            if len(text + hints) <= room:
                text += hints
            if selection.count is None:
                self._count_selection(value, "show")  # changed by a merge or a delete: count it again
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
        self._page_due(True)
        if self.window is not None:
            self.window = self.window.with_total(None)
        self._show_position()

    def _page_due(self, due: bool) -> None:
        """A page is (or is no longer) on its way: while it is, the table posts every move key."""
        self.page_due = due
        self.table.queueing = due

    def request(self, which: str, cursor_row: int | None = None) -> None:
        """Move: ``first``, ``next``, ``previous`` or ``last`` page, the cursor ``up`` or ``down``
        (to the next page past the edge), or ``fit`` the page to the table's height.

        While a page is on its way the move is queued; ``cursor_row`` (default: where the
        cursor is when the move runs) is the row to land on.
        """
        if self.page_due:
            if which in ("first", "last"):
                self.pending = [move for move in self.pending if move == "fit"]
            self.pending.append(which)
            return
        window = self.window
        if window is None or not window.shows(self.criteria, self.search_text):
            self.open_query()  # the query changed and its first page is still on its way
            return
        table = self.table
        if which == "fit":
            self._fit_page()
            return
        if which in ("up", "down"):
            self._step(which)
            return
        if which == "next" and not window.has_after:
            table.move_cursor(row=max(0, table.row_count - 1))
            return
        if which == "previous" and not window.has_before:
            table.move_cursor(row=0)
            return
        row = cursor_row
        if row is None:
            row = {"first": 0, "last": -1}.get(which, table.cursor_row)
        self.token += 1
        moves = {"first": window.first, "next": window.next, "previous": window.previous, "last": window.last}
        self._fetch(partial(moves[which], table.visible_rows()), self.token, row, "move")
        self._page_due(True)

    def _step(self, which: str) -> None:
        """A queued cursor move: one row, or the next / previous page past the edge."""
        table, window = self.table, self.window
        row = table.cursor_row
        if which == "down":
            if row >= table.row_count - 1 and window is not None and window.has_after:
                self.request("next", 0)
            else:
                table.move_cursor(row=min(row + 1, max(0, table.row_count - 1)))
        elif row <= 0 and window is not None and window.has_before:
            self.request("previous", -1)
        else:
            table.move_cursor(row=max(0, row - 1))

    def _run_pending(self) -> None:
        """Apply the moves queued while the page was on its way, until one loads a page."""
        while self.pending and not self.page_due:
            self.request(self.pending.pop(0))

    def reload(self) -> None:
        """Load the current page again (after a change), keeping its place, and count again."""
        window = self.window
        if window is None or not window.shows(self.criteria, self.search_text):
            self.open_query()
            return
        self.token += 1
        step = partial(window.reload, self.table.visible_rows())
        self._fetch(step, self.token, self.table.cursor_row, "reload")
        self._page_due(True)

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
        self._page_due(False)
        window = message.window
        if message.how == "move" and self.window is not None:
            window = window.with_total(self.window.total)  # a move keeps the total counted meanwhile
        self.window = window
        self._render_rows(message.cursor_row)
        if self.highlight is not None:
            self._show_highlight(self.highlight)
        if message.how != "move" or (window.total is None and not self.counting):
            # The total is its own query (up to ~0.2 s for a short prefix at a million persons):
            # start it once the rows are painted, so it never delays them.
            self.call_after_refresh(self._start_count, window)
        if message.how == "open":
            self.call_after_refresh(self.app.count_once)
            self._show_selection()  # of this list or of another one
        if self.table.visible_rows() != window.size and "fit" not in self.pending:
            self.pending.append("fit")  # the table's height changed while the page was on its way
        self._run_pending()

    def _show_highlight(self, person_id: int) -> None:
        """Put the cursor on this person, or say that the list leaves it out."""
        self.highlight = None
        index = next((i for i, row in enumerate(self.rows) if row.id == person_id), None)
        if index is None:
            self.notify(f"#{person_id} is not on this page: the list's search or filters leave it out.")
        else:
            self.table.move_cursor(row=index, animate=False)

    def worker_failed(self, worker) -> None:
        """A page that failed is no longer on its way; the moves queued for it are dropped."""
        if worker.group in ("persons-page", "persons-search"):
            self._page_due(False)
            self.pending.clear()

    def on_persons_count(self, message: PersonsCount) -> None:
        if message.token != self.count_token or self.window is None:
            return
        self.counting = False
        self.window = self.window.with_total(message.total)
        self._show_position()
        self._show_selection()

    @on(PagedTable.PageRequest)
    def _page_request(self, event: PagedTable.PageRequest) -> None:
        self.request(event.which, None if self.page_due else event.cursor_row)
        self.table.queueing = self.page_due  # a move that loaded nothing leaves the table free again

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
        """Open the filter dialog (tags and company names load first, in a worker; the keys
        typed meanwhile wait for the dialog)."""
        self.app.hold_keys_for(self._filter_choices())

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
            self._selection_changed()

    def selection_cleared(self) -> None:
        """The selection was cleared elsewhere (the palette): show it."""
        self._selection_changed()

    def action_refresh(self) -> None:
        """Load the page and the total again."""
        self.reload()
        self.app.refresh_counts()

    def _selection_changed(self) -> None:
        """Show the selection's marks and its count (counted in a worker when not known)."""
        self._render_rows(self.table.cursor_row)
        self._show_selection()

    def action_toggle_select(self) -> None:
        """Select or unselect the highlighted person, then move down."""
        row = self.current()
        if row is None:
            return
        selection = self.app.selection
        value = selection.value
        if not value.is_explicit and not value.is_all_of(self.criteria, self.search_text):
            self.notify("The selection is every person of another list: esc clears it.", severity="warning")
            return
        selection.toggle(row.id)
        index = self.table.cursor_row
        self.table.update_cell_at(
            Coordinate(index, 0), Text("●" if self._selected(row.id) else " ", style="bold")
        )
        if index < len(self.rows) - 1:
            self.table.move_cursor(row=index + 1)
        self._show_selection()

    def action_select_all(self) -> None:
        """Select every person of this list: its filters and search, the rows not loaded too."""
        self.app.selection.select_all(self.criteria, self.search_text, self.total)
        self._selection_changed()

    def action_invert_selection(self) -> None:
        """Select the persons of this list that are not selected, and unselect the others."""
        try:
            self.app.selection.invert(self.criteria, self.search_text)
        except InvalidValue as exc:
            self.notify(exc.message, severity="warning")
            return
        self._selection_changed()

    @work(thread=True, exclusive=True, group="persons-selection", exit_on_error=False)
    def _count_selection(self, value: Selection, then: str) -> None:
        self.post_message(SelectionCounted(value, count_selected(value), then))  # type: ignore[arg-type]

    def on_selection_counted(self, message: SelectionCounted) -> None:
        selection = self.app.selection
        if selection.value != message.value:
            return  # the selection changed meanwhile
        selection.count = message.count
        self._show_selection()
        if message.then == "delete":
            self._ask_delete(message.value, message.count)

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
        """Delete the selection (counted first) or the highlighted person, after a confirmation."""
        if self.app.selection:
            self._count_selection(self.app.selection.value, "delete")
            return
        row = self.current()
        if row is None:
            return
        question = Text(f"Delete {clean(row.name)} (#{row.id})?")
        details = "Its contacts, tags, custom values and history are deleted with it."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row.id, clean(row.name))

        self.app.push_screen(ConfirmScreen(question.plain, details, yes="Delete"), answered)

    def _ask_delete(self, value: Selection, count: int) -> None:
        if count == 0:
            self.notify("The selected persons are no longer there.", severity="warning")
            return
        question = (
            f"Delete the {number(count)} selected persons?" if count > 1 else "Delete the selected person?"
        )
        details = "Their contacts, tags, custom values and history are deleted with them."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete_selected(value)

        self.app.push_screen(ConfirmScreen(question, details, yes="Delete"), answered)

    @work(thread=True, exclusive=True, group="persons-write", exit_on_error=False)
    def _delete(self, person_id: int, name: str) -> None:
        profiles.delete_person(person_id)
        self.post_message(PersonDeleted(person_id, name))

    @work(thread=True, exclusive=True, group="persons-write", exit_on_error=False)
    def _delete_selected(self, value: Selection) -> None:
        self.post_message(PersonsDeleted(delete_selected(value)))

    def on_person_deleted(self, message: PersonDeleted) -> None:
        self.notify(f"Deleted {message.name}.")
        self.app.selection.discard([message.person_id])
        self._written()

    def on_persons_deleted(self, message: PersonsDeleted) -> None:
        self.notify(f"Deleted {number(message.count)} persons.")
        self.app.selection.clear()
        self._written()

    def _written(self) -> None:
        """After a delete or a tagging: the page, the header's counts and the selection again."""
        self.reload()
        self.app.refresh_counts()
        self._show_selection()

    def action_tag(self) -> None:
        """Add a tag to (or remove one from) the selection or the highlighted person."""
        if self.app.selection:
            self.app.hold_keys_for(self._tag_choices(self.app.selection.value, None))
            return
        row = self.current()
        if row is not None:
            self.app.hold_keys_for(self._tag_choices(None, row.id))

    @work(thread=True, exclusive=True, group="persons-tags", exit_on_error=False)
    def _tag_choices(self, value: Selection | None, person_id: int | None) -> None:
        ids = all_selected_ids(value) if value is not None else [person_id] if person_id is not None else []
        self.post_message(TagChoices(ids, listing.tag_names(), selected=value is not None))

    def on_tag_choices(self, message: TagChoices) -> None:
        ids = message.person_ids
        if not ids:
            self.notify("The selected persons are no longer there.", severity="warning")
            return
        if not message.selected:
            what = "this person"
        elif len(ids) == 1:
            what = "the 1 selected person"
        else:
            what = f"the {number(len(ids))} selected persons"
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
        self.notify(
            f"Tag {message.tag!r} {what} {number(message.changed)} of {number(message.asked)} persons."
        )
        self._written()

    def action_export(self) -> None:
        """Export the selection, or else the list as it is filtered and searched, to a file."""
        from .export_screen import ExportScreen, ExportSource  # openpyxl loads for an export only

        selection = self.app.selection
        if selection:
            count = len(selection) if selection.value.is_explicit else selection.count
            label = "the selected persons" if count is None else f"{count:,} selected persons"
            source = ExportSource(self.criteria, selection=selection.value, label=label, total=count)
        else:
            parts = [describe_filters(self.criteria, self.company_name)]
            if self.search_text.strip():
                parts.append(f"search {self.search_text.strip()!r}")
            label = "persons: " + " · ".join(part for part in parts if part)
            source = ExportSource(self.criteria, self.search_text, label=label, total=self.total)
        self.app.push_screen(ExportScreen(source))

    def action_merge(self) -> None:
        """Merge the selected persons (two to ten)."""
        selection = self.app.selection
        if not selection or (selection.value.is_explicit and len(selection) < 2):
            self.notify("Select two or more persons with space first, then press m.", severity="warning")
            return
        self._merge_ids(selection.value)

    @work(thread=True, exclusive=True, group="persons-merge", exit_on_error=False)
    def _merge_ids(self, value: Selection) -> None:
        self.post_message(SelectionResolved(all_selected_ids(value)))

    def on_selection_resolved(self, message: SelectionResolved) -> None:
        ids = message.person_ids
        if len(ids) < 2:
            self.notify("Select two or more persons with space first, then press m.", severity="warning")
        elif len(ids) > MERGE_AT_MOST:
            self.notify(
                f"{number(len(ids))} persons are selected; a merge compares at most {MERGE_AT_MOST}.",
                severity="warning",
            )
        else:
            self.app.merge_persons(ids)
