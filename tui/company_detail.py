"""One company: its fields, tags, custom values and its members, a page at a time.

| Key | Description |
| :- | :- |
| enter | Open the highlighted member |
| e | Edit the company |
| d | Delete the company (asks) |
| l | Show the members in the persons list |
| pageup, pagedown | Previous / next page of members |
| escape | Back |
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Label, Static

from store import companies
from store.fields import COMPANY_FIELDS, label
from store.persons import listing

from .base import StoreScreen
from .companies_screen import confirm_delete_company, deleted_text
from .messages import CompanyDeleted, CompanyLoaded
from .text import cell, clean, number, type_label
from .widgets.app_header import AppHeader
from .widgets.paged_table import PagedTable


def company_table(view: companies.CompanyView) -> Table:
    """The company's fields, tags and custom values as plain text."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=12)
    table.add_column("value", overflow="ellipsis", no_wrap=True)
    table.add_column("field2", style="bold", no_wrap=True, width=10)
    table.add_column("value2", overflow="ellipsis", no_wrap=True)
    cells = [(label(n), clean(getattr(view, n))) for n in COMPANY_FIELDS if n != "name" and getattr(view, n)]
    cells += [(clean(n), clean(v)) for n, v in view.custom.items()]
    cells.append(("Tags", clean(", ".join(view.tags)) or "—"))
    for i in range(0, len(cells), 2):
        left = cells[i]
        right = cells[i + 1] if i + 1 < len(cells) else ("", "")
        table.add_row(left[0], Text(left[1]), right[0], Text(right[1]))
    return table


class CompanyDetailScreen(StoreScreen[None]):
    """A company and its members."""

    HELP_TITLE = "Company"
    BINDINGS = [
        Binding("escape", "back", "Back", id="company.back"),
        Binding("e", "edit", "Edit", id="company.edit"),
        Binding("d", "delete", "Delete", id="company.delete"),
        Binding("l", "list", "Members in list", id="company.list", tooltip="The persons list, filtered"),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id
        self.view: companies.CompanyView | None = None
        self.cursors: list[int | None] = [None]
        self.index = 0
        self.rows: list[listing.PersonRow] = []
        self.stale = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label("Loading…", id="company-title")
        yield Static(id="company-fields")
        yield Label("Members", id="members-label")
        yield PagedTable(id="members")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#members", PagedTable)
        for title, width in (("Name", 22), ("Type", 9), ("Email", 24), ("Phone", 15)):
            table.add_column(title, width=width)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Back from the edit form or a member's detail: load again (dialogs change nothing)."""
        if self.stale:
            self.stale = False
            self.load()

    def load(self) -> None:
        """Load the company and the current page of members (the keys typed meanwhile wait)."""
        limit = self.query_one("#members", PagedTable).visible_rows()
        self.app.hold_keys_for(self._load(self.index, self.cursors[self.index], limit))

    @work(thread=True, exclusive=True, group="company-load", exit_on_error=False)
    def _load(self, index: int, after: int | None, limit: int) -> None:
        view = companies.company_view(self.company_id)
        ids = companies.member_ids(self.company_id, after=after, limit=limit + 1)
        rows = listing.person_rows(ids[:limit])
        self.post_message(CompanyLoaded(view, rows, index, len(ids) > limit))

    def on_company_loaded(self, message: CompanyLoaded) -> None:
        view = self.view = message.view
        self.query_one("#company-title", Label).update(Text(clean(view.name), style="bold"))
        self.query_one("#company-fields", Static).update(company_table(view))
        self.rows, self.index = message.members, message.index
        table = self.query_one("#members", PagedTable)
        table.clear()
        for row in self.rows:
            table.add_row(cell(row.name), type_label(row.type), cell(row.email), cell(row.phone))
        table.has_before, table.has_after = self.index > 0, message.more
        if message.more and len(self.cursors) <= self.index + 1:
            self.cursors.append(self.rows[-1].id)
        page = self.query_one("#members", PagedTable).visible_rows()
        first = self.index * page + 1
        shown = f"{number(first)}-{number(first + len(self.rows) - 1)} of " if self.rows else ""
        self.query_one("#members-label", Label).update(f"Members {shown}{number(view.members)}")

    @on(PagedTable.PageRequest)
    def _page(self, event: PagedTable.PageRequest) -> None:
        if event.which == "next" and self.index + 1 < len(self.cursors):
            self.index += 1
        elif event.which in ("previous", "first") and self.index > 0:
            self.index = 0 if event.which == "first" else self.index - 1
        else:
            return
        self.load()

    @on(PagedTable.RowSelected)
    def _open(self) -> None:
        table = self.query_one("#members", PagedTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            self.stale = True
            self.app.open_person(self.rows[table.cursor_row].id)

    def action_back(self) -> None:
        """Back to the list."""
        self.app.pop_screen()

    def action_edit(self) -> None:
        """Edit the company."""
        self.stale = True
        self.app.edit_company(self.company_id)

    def action_list(self) -> None:
        """The persons list filtered to the members."""
        if self.view is not None:
            self.app.show_persons(company=(self.company_id, self.view.name))

    def action_delete(self) -> None:
        """Delete the company after a confirmation."""
        if self.view is not None:
            confirm_delete_company(self, self.company_id, self.view.name, self.view.members)

    def on_company_deleted(self, message: CompanyDeleted) -> None:
        self.notify(deleted_text(message))
        self.app.refresh_counts()
        self.app.pop_screen()
