"""Export a segment's members to a file: path, format and columns, then the store writes it.

The dialog calls ``store.persons.export.export_persons`` for the segment's persons (every
type, as the segment counts them), as ``profiles segments export`` does, in a worker that
reports each batch; the store's refusal (a column it does not know, a path it cannot
write) shows under the field it names, and the dialog stays open.

| Key | Description |
| :- | :- |
| ctrl+s | Export |
| escape | Cancel |
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from store.errors import ProfilesError
from store.fields import PERSON_TYPES
from store.persons.listing import PersonCriteria

from .base import StoreModal
from .condition_dialog import compact_row
from .form_fields import split_list
from .messages import ExportFinished, ExportProgress
from .text import clean, number

FORMATS = (("CSV", "csv"), ("XLSX (Excel)", "xlsx"))


def default_path(name: str, file_format: str) -> str:
    """A file name in the current directory from the segment's name: ``vip-customers.csv``."""
    stem = "-".join(clean(name).lower().split()) or "segment"
    return str(Path.cwd() / f"{stem}.{file_format}")


class ExportDialog(StoreModal[None]):
    """Write every member of one segment to a CSV or XLSX file."""

    HELP_TITLE = "Export"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 2;
    }
    ExportDialog .field-row { margin-top: 1; }
    ExportDialog .field-row Label { width: 10; }
    ExportDialog #export-error { color: $error; height: auto; }
    ExportDialog .hint { color: $text-muted; }
    """

    def __init__(self, segment: str) -> None:
        super().__init__()
        self.segment = segment
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Export the members of {clean(self.segment)}", classes="heading", markup=False)
            yield compact_row("Format", Select(FORMATS, value="csv", allow_blank=False, id="export-format"))
            path = Input(default_path(self.segment, "csv"), id="export-path", select_on_focus=False)
            yield compact_row("File", path)
            yield compact_row(
                "Columns", Input(placeholder="e.g. id, first_name, emails, tags", id="export-columns")
            )
            yield Static("Columns left empty: the standard ones, then custom and computed.", classes="hint")
            yield Static("", id="export-error", markup=False)
            yield Static("ctrl+s export · escape cancel", classes="hint", id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        current = Path(path.value)
        if current.suffix.lower() in (".csv", ".xlsx"):
            path.value = str(current.with_suffix(f".{event.value}"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Write the file (in a worker), unless an export is running."""
        if self.running:
            return
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.query_one("#export-error", Static).update("File must not be empty.")
            return
        columns = split_list(self.query_one("#export-columns", Input).value) or None
        file_format = str(self.query_one("#export-format", Select).value)
        self.running = True
        self.query_one("#export-error", Static).update("")
        self.query_one("#export-status", Static).update("Exporting…")
        self._export(path, file_format, columns)

    @work(thread=True, exclusive=True, group="segment-export", exit_on_error=False)
    def _export(self, path: str, file_format: str, columns: list[str] | None) -> None:
        from store.persons.export import export_persons  # openpyxl loads for an export only

        try:
            result = export_persons(
                PersonCriteria(PERSON_TYPES, segment=self.segment),
                path,
                file_format=file_format,
                columns=columns,
                progress=lambda done, total: self.post_message(ExportProgress(done, total)),
            )
        except ProfilesError as error:
            self.post_message(ExportFinished(None, error))
            return
        self.post_message(ExportFinished(result))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#export-status", Static).update(
            f"Exporting: {number(message.done)} of {number(message.total)} persons"
        )

    def on_export_finished(self, message: ExportFinished) -> None:
        self.running = False
        if message.result is not None:
            result = message.result
            self.app.notify(f"Exported {number(result.exported)} persons to {clean(result.path)}.")
            self.dismiss(None)
            return
        error = message.error
        self.query_one("#export-error", Static).update(clean(error.message) if error else "")
        self.query_one("#export-status", Static).update("ctrl+s export · escape cancel")
        target = (
            "#export-columns"
            if error is not None and error.field in ("column", "columns")
            else "#export-path"
        )
        self.query_one(target, Input).focus()

    def worker_failed(self, worker) -> None:
        """An export that failed unexpectedly may be tried again."""
        self.running = False

    def action_cancel(self) -> None:
        """Close without exporting; while an export runs, say so and stay (it ends by itself)."""
        if self.running:
            self.notify("The export is being written; this closes when it is done.", severity="warning")
            return
        self.dismiss(None)
