"""The company list: keyset pages by name, the members of each counted per page.

The search box (``/``) narrows the list as you type to the companies whose name starts
with the text, or whose external id it is (``store.companies.company_page``).

| Key | Description |
| :- | :- |
| / | Search by name prefix or external id |
| enter | Open the company with its members |
| n | New company |
| e | Edit |
| d | Delete (asks; members are detached, never deleted) |
| r | Refresh |
| escape | Leave the search box (the list keeps the search) |
| pageup, pagedown, home, end | Previous, next, first, last page |
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Label
from textual.worker import get_current_worker

from store import companies

from .base import StoreScreen
from .messages import CompaniesPage, CompanyDeleted, CompanyMove, CompanyRequest
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable

DEBOUNCE_S = 0.2
SEARCH_HINT = "/ search: name prefix or external id"


class CompaniesScreen(StoreScreen[None]):
    """Companies and their members."""

    HELP_TITLE = "Companies"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="companies.search", tooltip="Search as you type"),
        Binding("n", "new", "New", id="companies.new", tooltip="Create a company"),
        Binding("e", "edit", "Edit", id="companies.edit", tooltip="Edit the highlighted company"),
        Binding("d", "delete", "Delete", id="companies.delete", tooltip="Delete the highlighted company"),
        Binding("r", "refresh", "Refresh", id="companies.refresh"),
        Binding("escape", "leave_search", "Leave search", show=False, id="companies.leave_search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: companies.CompanyPage | None = None
        self.request: CompanyRequest = ("first", None)
        self.start = 1
        self.search = ""  # the search the page on screen answers

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="searchbar"):
            yield Input(placeholder=SEARCH_HINT, id="search")
        yield PagedTable(id="companies")
        yield Label("", id="position")
        yield Footer()

    @property
    def table(self) -> PagedTable:
        """The company list's table."""
        return self.query_one("#companies", PagedTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Name", width=30)
        table.add_column("City", width=12)
        table.add_column("Country", width=7)
        table.add_column("Industry", width=13)
        table.add_column("Members", width=7)
        table.focus()
        self.call_after_refresh(self.load, "first", None, 0)

    def on_screen_resume(self) -> None:
        if self.page is not None:
            self.load(*self.request, self.table.cursor_row)

    def load(
        self, kind: CompanyMove, cursor: tuple[str, int] | None, cursor_row: int, *, debounce: bool = False
    ) -> None:
        """Load a page of the current search: ``first``, ``after``/``before`` a cursor, or ``last``;
        the keys typed meanwhile wait for it, unless they are the search being typed."""
        search = self.query_one("#search", Input).value
        worker = self._load(kind, cursor, cursor_row, self.table.visible_rows(), search, debounce)
        if not debounce:
            self.app.hold_keys_for(worker)

    @work(thread=True, exclusive=True, group="companies-page", exit_on_error=False)
    def _load(
        self,
        kind: CompanyMove,
        cursor: tuple[str, int] | None,
        cursor_row: int,
        limit: int,
        search: str,
        debounce: bool,
    ) -> None:
        worker = get_current_worker()
        if debounce:
            time.sleep(DEBOUNCE_S)  # the next keystroke cancels this worker while it waits
            if worker.is_cancelled:
                return
        if kind == "after":
            page = companies.company_page(limit=limit, after=cursor, search=search)
        elif kind == "before":
            page = companies.company_page(limit=limit, before=cursor, search=search)
        else:
            page = companies.company_page(limit=limit, last=kind == "last", search=search)
        if not page.rows and kind != "first":
            kind, page = "first", companies.company_page(limit=limit, search=search)
        total = companies.count_companies(search)
        if not worker.is_cancelled:
            self.post_message(CompaniesPage(page, (kind, cursor), cursor_row, total, search))

    def on_companies_page(self, message: CompaniesPage) -> None:
        page, old = message.page, self.page
        kind = message.request[0]
        total = message.total
        self.search = message.search
        if kind == "first" or not page.has_before:
            self.start = 1
        elif kind == "last":
            self.start = max(1, total - len(page.rows) + 1)
        elif kind == "after" and old is not None and message.request != self.request:
            self.start += len(old.rows)
        elif kind == "before" and message.request != self.request:
            self.start = max(1, self.start - len(page.rows))
        self.page, self.request = page, message.request
        table = self.table
        table.clear()
        for row in page.rows:
            table.add_row(
                cell(row.name), cell(row.city), cell(row.country), cell(row.industry),
                cell(f"{row.members:>7,}"), key=str(row.id),
            )  # fmt: skip
        table.has_before, table.has_after = page.has_before, page.has_after
        if page.rows:
            wanted = message.cursor_row
            table.move_cursor(
                row=len(page.rows) - 1 if wanted < 0 else min(wanted, len(page.rows) - 1), animate=False
            )
            end = self.start + len(page.rows) - 1
            found = f" found for {clean(self.search.strip())!r}" if self.search.strip() else ""
            self.query_one("#position", Label).update(
                f"rows {number(self.start)}-{number(end)} of {number(total)} companies{found}"
            )
        elif self.search.strip():
            self.query_one("#position", Label).update(
                f"no company's name starts with {clean(self.search.strip())!r}, nor is it an external id"
            )
        else:
            self.query_one("#position", Label).update("no companies yet: n creates one")

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.load("first", None, 0, debounce=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Leave the search box for the list (the list keeps the search)."""
        self.table.focus()

    @on(PagedTable.PageRequest)
    def _page(self, event: PagedTable.PageRequest) -> None:
        page = self.page
        if event.which == "next" and page is not None:
            self.load("after", page.last, event.cursor_row)
        elif event.which == "previous" and page is not None:
            self.load("before", page.first, event.cursor_row)
        elif event.which == "last":
            self.load("last", None, -1)
        else:
            self.load("first", None, 0)

    def current(self) -> companies.CompanyRow | None:
        """The highlighted company."""
        if self.page is None or not self.page.rows:
            return None
        return self.page.rows[min(self.table.cursor_row, len(self.page.rows) - 1)]

    @on(PagedTable.RowSelected)
    def _open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.open_company(row.id)

    def action_new(self) -> None:
        """Create a company."""
        self.app.edit_company(None)

    def action_edit(self) -> None:
        """Edit the highlighted company."""
        row = self.current()
        if row is not None:
            self.app.edit_company(row.id)

    def action_refresh(self) -> None:
        """Load the page again."""
        self.load(*self.request, self.table.cursor_row)

    def action_delete(self) -> None:
        """Delete the highlighted company after a confirmation."""
        row = self.current()
        if row is None:
            return
        confirm_delete_company(self, row.id, row.name, row.members)

    def on_company_deleted(self, message: CompanyDeleted) -> None:
        self.notify(deleted_text(message))
        self.app.refresh_counts()
        self.action_refresh()


def deleted_text(message: CompanyDeleted) -> str:
    """What to tell the user of a deleted company."""
    return f"Deleted {message.name}; {message.detached:,} members detached."


def confirm_delete_company(screen: StoreScreen[None], company_id: int, name: str, members: int) -> None:
    """Ask, then delete a company in a worker of ``screen``; posts ``CompanyDeleted`` to it."""
    question = f"Delete company {clean(name)}?"
    details = f"Its {members:,} members are detached from it; no person is deleted."

    def answered(yes: bool | None) -> None:
        if yes:
            _delete_company(screen, company_id, clean(name))

    screen.app.push_screen(ConfirmScreen(question, details, yes="Delete"), answered)


def _delete_company(screen: StoreScreen[None], company_id: int, name: str) -> None:
    def run() -> None:
        detached = companies.delete_company(company_id)
        screen.post_message(CompanyDeleted(company_id, name, detached))

    screen.run_worker(run, thread=True, exclusive=True, group="company-write", exit_on_error=False)
