"""The company list: keyset pages by name, the members of each counted per page.

| Key | Description |
| :- | :- |
| enter | Open the company with its members |
| n | New company |
| e | Edit |
| d | Delete (asks; members are detached, never deleted) |
| r | Refresh |
| pageup, pagedown, home, end | Previous, next, first, last page |
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Label
from textual.worker import get_current_worker

from store import companies

from .base import StoreScreen
from .messages import CompaniesPage, CompanyDeleted, CompanyMove, CompanyRequest
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable


class CompaniesScreen(StoreScreen[None]):
    """Companies and their members."""

    HELP_TITLE = "Companies"
    BINDINGS = [
        Binding("n", "new", "New", id="companies.new", tooltip="Create a company"),
        Binding("e", "edit", "Edit", id="companies.edit", tooltip="Edit the highlighted company"),
        Binding("d", "delete", "Delete", id="companies.delete", tooltip="Delete the highlighted company"),
        Binding("r", "refresh", "Refresh", id="companies.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: companies.CompanyPage | None = None
        self.request: CompanyRequest = ("first", None)
        self.start = 1

    def compose(self) -> ComposeResult:
        yield AppHeader()
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

    def load(self, kind: CompanyMove, cursor: tuple[str, int] | None, cursor_row: int) -> None:
        """Load a page: ``first``, ``after``/``before`` a cursor, or ``last``."""
        self._load(kind, cursor, cursor_row, self.table.visible_rows())

    @work(thread=True, exclusive=True, group="companies-page", exit_on_error=False)
    def _load(self, kind: CompanyMove, cursor: tuple[str, int] | None, cursor_row: int, limit: int) -> None:
        if kind == "after":
            page = companies.company_page(limit=limit, after=cursor)
        elif kind == "before":
            page = companies.company_page(limit=limit, before=cursor)
        else:
            page = companies.company_page(limit=limit, last=kind == "last")
        if not page.rows and kind != "first":
            kind, page = "first", companies.company_page(limit=limit)
        total = companies.count_companies()
        if not get_current_worker().is_cancelled:
            self.post_message(CompaniesPage(page, (kind, cursor), cursor_row, total))

    def on_companies_page(self, message: CompaniesPage) -> None:
        page, old = message.page, self.page
        kind = message.request[0]
        total = message.total
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
            self.query_one("#position", Label).update(
                f"rows {number(self.start)}-{number(end)} of {number(total)} companies"
            )
        else:
            self.query_one("#position", Label).update("no companies yet: n creates one")

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
