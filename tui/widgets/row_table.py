"""A table of rows where home and end go to the first and the last row.

Textual's ``DataTable`` binds home and end to scrolling sideways, which on a table as wide
as the screen does nothing a user can see. Every list of rows held in full (segments,
definitions, import history, errors, merges, a person's history) uses this table instead;
the paged lists (`PagedTable`) bind the same keys to their first and last page.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """A ``DataTable`` whose home and end keys move the cursor to the first and last row."""

    BINDINGS = [
        Binding("home", "first_row", "First row", show=False, id="rows.first"),
        Binding("end", "last_row", "Last row", show=False, id="rows.last"),
    ]

    def action_first_row(self) -> None:
        """Put the cursor on the first row."""
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """Put the cursor on the last row."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
