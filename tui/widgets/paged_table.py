"""A DataTable that holds one page of a much longer list and asks for the next one.

The table never holds more than the window on screen: moving past the last row, or
pressing page down / page up / home / end, posts ``PagedTable.PageRequest`` and the
screen loads that page from the store (a keyset page) and replaces the rows.

| Key | Description |
| :- | :- |
| enter | Open the highlighted row |
| up, down | Move; past the edge of the page, load the previous / next page |
| pageup, pagedown | Previous / next page |
| home, end | First / last page |
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class PagedTable(DataTable):
    """A window of rows over a list that lives in the database."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="list.open", tooltip="Open the highlighted row"),
        Binding("pageup", "page('previous')", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page('next')", "Page down", show=False, id="list.page_down"),
        Binding("home", "page('first')", "First page", show=False, id="list.first"),
        Binding("end", "page('last')", "Last page", show=False, id="list.last"),
    ]

    @dataclass
    class PageRequest(Message):
        """The user wants another page: ``first``, ``previous``, ``next`` or ``last``.

        ``cursor_row`` is where the cursor should land on the new page (-1: the last row).
        """

        table: PagedTable
        which: str
        cursor_row: int = 0

        @property
        def control(self) -> PagedTable:
            """The table that asks (so ``@on(PageRequest, "#id")`` can match it)."""
            return self.table

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.has_before = False
        self.has_after = False

    def visible_rows(self) -> int:
        """How many rows fit (the page size), at least 5."""
        return max(5, self.size.height - 1) if self.size.height else 20

    def action_page(self, which: str) -> None:
        """Ask for another page, keeping the cursor's row."""
        if which in ("previous", "first") and not self.has_before and which != "first":
            self.move_cursor(row=0)
            return
        if which == "next" and not self.has_after:
            self.move_cursor(row=max(0, self.row_count - 1))
            return
        row = self.cursor_row if which in ("previous", "next") else (0 if which == "first" else -1)
        self.post_message(self.PageRequest(self, which, row))

    def action_cursor_down(self) -> None:
        """Down; from the last row, the first row of the next page."""
        if self.row_count and self.cursor_row >= self.row_count - 1 and self.has_after:
            self.post_message(self.PageRequest(self, "next", 0))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up; from the first row, the last row of the previous page."""
        if self.cursor_row <= 0 and self.has_before:
            self.post_message(self.PageRequest(self, "previous", -1))
            return
        super().action_cursor_up()
