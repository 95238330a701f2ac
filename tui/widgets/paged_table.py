"""A DataTable that holds one page of a much longer list and asks for the next one.

The table never holds more than the window on screen: moving past the last row, or
pressing page down / page up / home / end, posts ``PagedTable.PageRequest`` and the
screen loads that page from the store (a keyset page) and replaces the rows.

While a page is on its way the rows on screen are not the ones the next key will act
on. A table made with ``queues=True`` (for a screen that queues moves) sets ``queueing``
as soon as it asks for a page, and its screen clears it once the page is in; meanwhile
every move key (the cursor's ``up`` and ``down`` too) is posted as a request, in order,
for the screen to apply to the page that arrives. No key is dropped or applied to a
page already left.

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
        """The user wants another page: ``first``, ``previous``, ``next`` or ``last``; while
        ``queueing``, also ``up`` and ``down`` (a cursor move to apply once the page is in).

        ``cursor_row`` is where the cursor should land on the new page (-1: the last row).
        """

        table: PagedTable
        which: str
        cursor_row: int = 0

        @property
        def control(self) -> PagedTable:
            """The table that asks (so ``@on(PageRequest, "#id")`` can match it)."""
            return self.table

    def __init__(self, *, queues: bool = False, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.queues = queues
        self.has_before = False
        self.has_after = False
        self.queueing = False  # set by a screen while a page is on its way: every move is posted
        self.fitted_rows = 20  # the page size until the table is laid out

    def visible_rows(self) -> int:
        """How many rows fit (the page size), at least 5; while the table is not laid out
        (no size yet, or none for a moment during a layout), the last it had."""
        if self.size.height:
            self.fitted_rows = max(5, self.size.height - 1)
        return self.fitted_rows

    def action_page(self, which: str) -> None:
        """Ask for another page, keeping the cursor's row."""
        if self.queueing:
            self.post_message(self.PageRequest(self, which, self.cursor_row))
            return
        if which in ("previous", "first") and not self.has_before and which != "first":
            self.move_cursor(row=0)
            return
        if which == "next" and not self.has_after:
            self.move_cursor(row=max(0, self.row_count - 1))
            return
        row = self.cursor_row if which in ("previous", "next") else (0 if which == "first" else -1)
        self._ask(which, row)

    def _ask(self, which: str, row: int) -> None:
        """Post a page request; a queueing table posts every move from now until its screen
        says the page is in."""
        self.queueing = self.queues
        self.post_message(self.PageRequest(self, which, row))

    def action_cursor_down(self) -> None:
        """Down; from the last row, the first row of the next page."""
        if self.queueing:
            self.post_message(self.PageRequest(self, "down", self.cursor_row))
            return
        if self.row_count and self.cursor_row >= self.row_count - 1 and self.has_after:
            self._ask("next", 0)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up; from the first row, the last row of the previous page."""
        if self.queueing:
            self.post_message(self.PageRequest(self, "up", self.cursor_row))
            return
        if self.cursor_row <= 0 and self.has_before:
            self._ask("previous", -1)
            return
        super().action_cursor_up()
