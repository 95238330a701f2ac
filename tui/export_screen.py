"""Export a person list to CSV or XLSX with the columns the user picks (``x`` on the persons list).

The list is what the persons screen holds when ``x`` is pressed: the selected persons
(by id) when some are selected, else every person its filters, segment and search find.
The store writes the file (``store.persons.export``) in a worker, a batch at a time; after
each batch the progress bar moves, and escape stops the export there (the file is then
not written, and a file of that name is as it was). The end is a notification naming the
file. A refusal (a folder for a path, no column, too many rows for XLSX) is shown under
the field it is about.

| Key | Description |
| :- | :- |
| ctrl+s | Export |
| space | Choose / leave out the highlighted column |
| tab, shift+tab | Next / previous field |
| escape | Cancel (stops a running export) |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, ProgressBar, Select, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from store.errors import ProfilesError
from store.persons import export
from store.persons.export_columns import column_choices
from store.persons.listing import PersonCriteria
from store.persons.selection import Selection as PersonsChosen

from .base import StoreScreen
from .form_fields import clear_errors, field_box, show_error
from .messages import ExportChoices, ExportDone, ExportProgress, ExportStopped, SaveFailed
from .text import clean, number
from .widgets.app_header import AppHeader

FORMATS = [("CSV (UTF-8)", "csv"), ("XLSX workbook", "xlsx")]


@dataclass(frozen=True)
class ExportSource:
    """What is exported: the ``selection`` when given, else the persons of ``criteria`` and ``search``.

    ``label`` says it in words for the title; ``total`` is the list's count when known.
    """

    criteria: PersonCriteria
    search: str = ""
    selection: PersonsChosen | None = None
    label: str = "the persons list"
    total: int | None = None


class _Stop(Exception):
    """Raised from the progress callback to end the export between two batches."""


def default_path(now: dt.datetime, file_format: str) -> Path:
    """``persons-2026-06-30-1200.csv`` in the working folder."""
    return Path.cwd() / f"persons-{now:%Y-%m-%d-%H%M}.{file_format}"


class ExportScreen(StoreScreen[None]):
    """Choose the format, the file and the columns, then export with progress."""

    HELP_TITLE = "Export persons"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the file"),
        Binding(
            "escape", "cancel", "Cancel", id="export.cancel", tooltip="Close, or stop the running export"
        ),
    ]

    def __init__(self, source: ExportSource) -> None:
        super().__init__()
        self.source = source
        self.running = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        count = f" ({number(self.source.total)} persons)" if self.source.total is not None else ""
        yield Label(Text(f"Export {clean(self.source.label)}{count}"), id="form-title")
        yield Static("", id="form-error", classes="error", markup=False)
        with Vertical(id="export-form"):
            yield field_box(
                "format", "Format", Select(FORMATS, value="csv", allow_blank=False, id="f-format")
            )
            now = self.app.now()
            yield field_box("path", "File", Input(str(default_path(now, "csv")), id="f-path"))
            yield Label("Columns (space chooses or leaves out; in this order)", classes="note")
            yield SelectionList[str](id="f-columns")
            yield Static("", classes="error", id="err-columns", markup=False)
            yield ProgressBar(id="export-progress", show_eta=True)
            yield Label("", id="export-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self.query_one("#f-columns", SelectionList).focus()
        self._choices()

    @work(thread=True, exclusive=True, group="export-choices", exit_on_error=False)
    def _choices(self) -> None:
        self.post_message(ExportChoices(column_choices()))

    def on_export_choices(self, message: ExportChoices) -> None:
        columns = self.query_one("#f-columns", SelectionList)
        columns.add_options([Selection(Text(clean(name)), name, on) for name, on in message.columns])
        columns.highlighted = 0

    @on(Select.Changed, "#f-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """A path that ends in the other format's suffix follows the format."""
        box = self.query_one("#f-path", Input)
        path = Path(box.value)
        if path.suffix.lower() in (".csv", ".xlsx") and isinstance(event.value, str):
            box.value = str(path.with_suffix(f".{event.value}"))

    def action_export(self) -> None:
        """Write the file in a worker, showing progress."""
        if self.running:
            return
        clear_errors(self)
        columns = list(self.query_one("#f-columns", SelectionList).selected)
        file_format = str(self.query_one("#f-format", Select).value)
        path = self.query_one("#f-path", Input).value.strip()
        if not path:
            show_error(
                self.query_one("#err-path", Static), "Give the file to write.", self.query_one("#f-path")
            )
            return
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=self.source.total, progress=0)
        bar.display = True
        self.query_one("#export-status", Label).update("Exporting…")
        self._run(self.source, path, file_format, columns)

    @work(thread=True, exclusive=True, group="export-run", exit_on_error=False)
    def _run(self, source: ExportSource, path: str, file_format: str, columns: list[str]) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stop
            self.post_message(ExportProgress(done, total))

        try:
            if source.selection is not None:
                result = export.export_selection(
                    source.selection,
                    path,
                    file_format=file_format,
                    columns=columns,
                    progress=progress,
                )
            else:
                result = export.export_persons(
                    source.criteria,
                    path,
                    file_format=file_format,
                    columns=columns,
                    search=source.search,
                    progress=progress,
                )
        except _Stop:
            self.post_message(ExportStopped(path))
            return
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(ExportDone(result.exported, str(result.path)))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=message.total, progress=message.done)
        self.query_one("#export-status", Label).update(
            f"{number(message.done)} of {number(message.total)} persons written · escape stops"
        )

    def on_export_done(self, message: ExportDone) -> None:
        self.running = False
        persons = "person" if message.exported == 1 else "persons"
        self.app.notify(
            f"Exported {message.exported:,} {persons} to {clean(message.path)} (readable by you only)."
        )
        self.dismiss(None)

    def on_export_stopped(self, message: ExportStopped) -> None:
        self._stopped(f"Export stopped: {clean(message.path)} was not written.")

    def on_save_failed(self, message: SaveFailed) -> None:
        self._stopped("")
        error = message.error
        target = {"columns": "columns", "path": "path", "format": "format", "persons": "format"}.get(
            str(error.field)
        )
        if target is None:
            show_error(self.query_one("#form-error", Static), error.message)
        elif target == "columns":
            show_error(self.query_one("#err-columns", Static), error.message, self.query_one("#f-columns"))
        else:
            show_error(
                self.query_one(f"#err-{target}", Static), error.message, self.query_one(f"#f-{target}")
            )

    def _stopped(self, status: str) -> None:
        self.running = False
        self.query_one("#export-progress", ProgressBar).display = False
        self.query_one("#export-status", Label).update(status)

    def worker_failed(self, worker) -> None:
        """A failed export may be tried again."""
        self._stopped("")

    def action_cancel(self) -> None:
        """Close; while the export runs, stop it after the batch being written."""
        if self.running:
            self.workers.cancel_group(self, "export-run")
            self.query_one("#export-status", Label).update("Stopping…")
            return
        self.dismiss(None)
