"""One import of the history: what it was, how it ended, and its error records.

| Key | Description |
| :- | :- |
| x | Export the error records to a CSV file |
| u | Undo the import (shows what will change and what was changed since, then asks) |
| escape | Back to the history |
"""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Label, Static

from store.importing import history as import_history

from .imports_screen import ImportActionsScreen, file_size, took
from .messages import ImportOpened
from .text import cell, clean
from .widgets.app_header import AppHeader
from .widgets.row_table import RowTable


def options_text(options: str) -> str:
    """The options the import was run with, as ``name value`` pairs (the mapping aside)."""
    try:
        data = json.loads(options)
    except ValueError:
        return ""
    shown = [
        f"{k.replace('_', ' ')} {', '.join(v) if isinstance(v, list) else v}"
        for k, v in data.items()
        if v not in (None, "", 0) and k != "map"
    ]
    if data.get("map"):
        shown.append(f"mapping {len(data['map'])} columns given")
    return " · ".join(shown)


class ImportEntryScreen(ImportActionsScreen):
    """An import's entry and its error records (row, column, value, reason)."""

    HELP_TITLE = "Import"
    DEFAULT_CSS = """
    ImportEntryScreen #import-title { height: 1; padding: 0 1; text-style: bold; }
    ImportEntryScreen #import-facts { height: auto; padding: 0 1; }
    ImportEntryScreen #errors-label { height: 1; padding: 0 1; margin-top: 1; color: $text-muted; }
    ImportEntryScreen #import-errors { height: 1fr; }
    ImportEntryScreen #error-detail { height: auto; max-height: 6; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="import.back"),
        Binding("x", "export", "Export errors", id="import.export", tooltip="Error records to CSV"),
        Binding("u", "undo", "Undo", id="import.undo", tooltip="Undo this import"),
    ]

    def __init__(self, import_id: int) -> None:
        super().__init__()
        self.import_id = import_id
        self.opened: ImportOpened | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="import-entry"):
            yield Label(f"Import #{self.import_id}", id="import-title")
            yield Static("", id="import-facts")
            yield Label("Error records", id="errors-label")
            yield RowTable(id="import-errors", cursor_type="row", zebra_stripes=True)
            yield Static("", id="error-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#import-errors", DataTable)
        table.add_column("Row", width=7)
        table.add_column("Column", width=16)
        table.add_column("Value", width=22)
        table.add_column("Reason", width=60)
        table.focus()
        self.load()

    def load(self) -> None:
        """Read the entry and its error records (the keys typed meanwhile wait for them)."""
        self.app.hold_keys_for(self._load())

    @work(thread=True, exclusive=True, group="import-entry", exit_on_error=False)
    def _load(self) -> None:
        entry = import_history.get_import(self.import_id)
        self.post_message(ImportOpened(entry, import_history.import_errors(self.import_id)))

    def on_import_opened(self, message: ImportOpened) -> None:
        self.opened = message
        entry = message.entry
        self.query_one("#import-title", Label).update(
            Text(f"Import #{entry.id} · {clean(entry.file_name)} · {entry.status.replace('_', ' ')}")
        )
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column()
        finished = f"{entry.finished_at:%Y-%m-%d %H:%M:%S}" if entry.finished_at else "not yet"
        counts = (
            f"{entry.rows:,} rows · {entry.valid:,} valid · {entry.invalid:,} invalid · "
            f"{entry.created:,} created · {entry.updated:,} updated · {entry.discarded:,} discarded"
        )
        for name, value in (
            ("Outcome", entry.message),
            ("Counts", counts),
            ("Started", f"{entry.started_at:%Y-%m-%d %H:%M:%S} UTC, finished {finished}, took {took(entry)}"),
            ("File", f"{entry.file_name} ({file_size(entry.file_size)}), {entry.of}, by {entry.imported_by}"),
            ("Options", options_text(entry.options)),
        ):
            facts.add_row(name, Text(clean(value)))
        self.query_one("#import-facts", Static).update(facts)
        table = self.query_one("#import-errors", DataTable)
        table.clear()
        for issue in message.errors:
            table.add_row(
                cell(f"{issue['row']:>6}"), cell(issue["column"]), cell(issue["value"]), cell(issue["reason"])
            )
        self.query_one("#errors-label", Label).update(
            f"Error records: {len(message.errors):,}" + (" · x exports them to CSV" if message.errors else "")
        )

    @on(DataTable.RowHighlighted, "#import-errors")
    def _show_error(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted error record in full under the table: the columns cut its reason."""
        errors = self.opened.errors if self.opened is not None else []
        if 0 <= event.cursor_row < len(errors):
            issue = errors[event.cursor_row]
            where = f"Row {issue['row']}" + (f", column {clean(issue['column'])}" if issue["column"] else "")
            value = f": '{clean(issue['value'])}'" if issue["value"] else ""
            self.query_one("#error-detail", Static).update(f"{where}{value}\n{clean(issue['reason'])}")

    def action_back(self) -> None:
        """Back to the history."""
        self.app.pop_screen()

    def action_export(self) -> None:
        """Export the error records."""
        if self.opened is not None:
            self.export_errors(self.opened.entry)

    def action_undo(self) -> None:
        """Undo this import, after showing what will change."""
        if self.opened is not None:
            self.undo_entry(self.opened.entry)
