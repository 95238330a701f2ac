"""The import history (``6``): the 30 most recent imports, and the way into the import wizard.

| Key | Description |
| :- | :- |
| n | New import: the wizard |
| enter | Open the highlighted import with its error records |
| x | Export its error records to a CSV file |
| u | Undo it (shows what will change and what was changed since, then asks) |
| r | Refresh |
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label

from store.errors import ProfilesError
from store.importing import history as import_history
from store.importing.history import ImportEntry
from store.importing.undo import UndoReport, preview_undo, undo_import

from .base import StoreScreen
from .messages import ImportErrorsExported, ImportsListed, ImportUndone, SaveFailed, UndoPreviewed
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.row_table import RowTable

NARROW = 110
"""Below this width the history shows short times and statuses, so the counts fit 80 columns."""


def columns(narrow: bool) -> list[tuple[str, int]]:
    """The history's columns with their widths: every one, the counts before the rest."""
    return [
        ("#", 5),
        ("Started" if narrow else "Started (UTC)", 11 if narrow else 16),
        ("File", 16 if narrow else 24),
        ("Status", 11 if narrow else 21),
        ("Rows", 7 if narrow else 9),
        ("Valid", 7 if narrow else 9),
        ("Invalid", 7 if narrow else 8),
        ("Created", 8 if narrow else 9),
        ("Updated", 8),
        ("Discarded", 9),
        ("Of", 9),
        ("By", 10),
        ("Size", 9),
        ("Took", 8),
    ]


SHORT_STATUS = {"completed_with_errors": "with errors"}
STATUS_STYLES = {
    "completed": "bold #2f9e58",
    "completed_with_errors": "bold #c08a12",
    "analysed": "#3f7fd6",
    "undone": "#8a8a8a",
    "cancelled": "#8a8a8a",
}


def file_size(size: int) -> str:
    """Bytes as a short size: ``812 B``, ``4.2 KB``, ``48.0 MB``."""
    for unit in ("B", "KB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return ""


def took(entry: ImportEntry) -> str:
    """How long the import took, or ``…`` while it runs."""
    seconds = entry.duration
    if seconds is None:
        return "…"
    return f"{seconds:.1f} s" if seconds < 60 else f"{seconds / 60:.1f} min"


def entry_cells(entry: ImportEntry, narrow: bool = False) -> list[Text]:
    """One history row, every column (numbers right-aligned)."""
    counts = (entry.rows, entry.valid, entry.invalid, entry.created, entry.updated, entry.discarded)
    status = SHORT_STATUS.get(entry.status, entry.status) if narrow else entry.status
    widths = [w for _title, w in columns(narrow)][4:10]
    return [
        cell(f"{entry.id:>4}"),
        cell(f"{entry.started_at:%m-%d %H:%M}" if narrow else f"{entry.started_at:%Y-%m-%d %H:%M}"),
        cell(entry.file_name),
        cell(status.replace("_", " "), STATUS_STYLES.get(entry.status, "bold #d14343")),
        *(cell(f"{n:>{w},}") for n, w in zip(counts, widths, strict=True)),
        cell(entry.of),
        cell(entry.imported_by),
        cell(f"{file_size(entry.file_size):>8}"),
        cell(f"{took(entry):>7}"),
    ]


def undo_details(report: UndoReport) -> Group:
    """What an undo will do, and the fields changed since that it leaves as they are."""
    lines = [
        Text(
            f"It removes the {report.removed_persons:,} persons and {report.removed_companies:,} "
            f"companies the import created and gives back {report.restored_fields:,} values it changed."
        )
    ]
    if report.kept:
        lines.append(Text(f"Changed since the import, left as they are now ({len(report.kept):,}):"))
        for kept in report.kept[:10]:
            owner = f"person #{kept['person']}" if kept["person"] else f"company #{kept['company']}"
            lines.append(
                Text(
                    f"  {owner} {clean(kept['field'])}: imported {clean(kept['imported'])!r}, now {clean(kept['now'])!r}"
                )
            )
        if len(report.kept) > 10:
            lines.append(Text(f"  … and {len(report.kept) - 10:,} more"))
    else:
        lines.append(Text("Nothing it wrote has been changed since."))
    return Group(*lines)


def write_errors(import_id: int, path: str) -> ImportErrorsExported:
    """Write the error records of the import to a new CSV file at ``path`` (never over an
    existing file); ``ProfilesError`` naming the path when it cannot."""
    path = path.strip()
    if not path:
        raise ProfilesError("Give the file to write.", field="path", value=path)
    errors = import_history.import_errors(import_id)
    text = import_history.errors_csv(import_id)
    target = Path(path).expanduser()
    try:
        with target.open("x", encoding="utf-8", newline="") as out:
            out.write(text)
    except FileExistsError:
        raise ProfilesError(
            f"The file {path!r} exists already: choose another name.", field="path", value=path
        ) from None
    except OSError as exc:
        raise ProfilesError(
            f"The file {path!r} cannot be written ({exc.strerror}).", field="path", value=path
        ) from None
    return ImportErrorsExported(import_id, str(target), len(errors))


class ImportActionsScreen(StoreScreen[None]):
    """Export and undo of one history entry: what the history list and an entry's screen share."""

    def load(self) -> None:
        """Show the history again (after an undo)."""

    def export_errors(self, entry: ImportEntry) -> None:
        """Ask where to write the entry's error records as CSV, then write them (a refused
        file name stays in the dialog with the reason under it)."""
        from .tags_screen import NamePrompt

        def written(done: ImportErrorsExported | None) -> None:
            if done is not None:
                self.on_import_errors_exported(done)

        question = f"Export the error records of import #{entry.id} to the CSV file"
        save = partial(write_errors, entry.id)
        self.app.push_screen(NamePrompt(question, save, f"import-{entry.id}-errors.csv"), written)

    def undo_entry(self, entry: ImportEntry) -> None:
        """Show what undoing the entry will do (a worker works it out; the keys typed
        meanwhile wait for the question), then ask."""
        self.app.hold_keys_for(self._preview_undo(entry))

    @work(thread=True, group="import-undo", exit_on_error=False)
    def _preview_undo(self, entry: ImportEntry) -> None:
        try:
            report = preview_undo(entry.id)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(UndoPreviewed(entry, report))

    @work(thread=True, group="import-undo", exit_on_error=False)
    def _undo(self, import_id: int) -> None:
        try:
            report = undo_import(import_id)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(ImportUndone(report))

    def on_undo_previewed(self, message: UndoPreviewed) -> None:
        entry = message.entry

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(entry.id)

        question = f"Undo import #{entry.id} ({clean(entry.file_name)})?"
        self.app.push_screen(ConfirmScreen(question, undo_details(message.report), yes="Undo"), answered)

    def on_import_undone(self, message: ImportUndone) -> None:
        report = message.report
        self.notify(
            f"Import #{report.import_id} undone: {report.removed_persons:,} persons and "
            f"{report.removed_companies:,} companies removed, {report.restored_fields:,} values restored."
        )
        self.app.refresh_counts()
        self.load()

    def on_import_errors_exported(self, message: ImportErrorsExported) -> None:
        self.notify(
            f"Wrote {message.count:,} error records of import #{message.import_id} to {clean(message.path)}."
        )

    def on_save_failed(self, message: SaveFailed) -> None:
        from .widgets.error_dialog import ErrorDialog

        self.app.push_screen(ErrorDialog(message.error))


class ImportsScreen(ImportActionsScreen):
    """The import history, newest first; ``n`` starts the wizard."""

    DEFAULT_CSS = """
    ImportsScreen #imports-title { height: 1; padding: 0 1; text-style: bold; }
    """

    HELP_TITLE = "Imports"
    BINDINGS = [
        Binding("n", "new", "New import", id="imports.new", tooltip="Import a file: the wizard"),
        Binding("x", "export", "Export errors", id="imports.export", tooltip="Error records to CSV"),
        Binding("u", "undo", "Undo", id="imports.undo", tooltip="Undo the highlighted import"),
        Binding("r", "refresh", "Refresh", show=False, id="imports.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ImportEntry] = []
        self.narrow: bool | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label("Import history: the 30 most recent imports of the last 14 days", id="imports-title")
        yield RowTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Label("", id="position")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).focus()
        self.load()

    def on_resize(self) -> None:
        self._fill()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the history again (the keys typed meanwhile wait for it)."""
        self.app.hold_keys_for(self._load())

    @work(thread=True, exclusive=True, group="imports-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(ImportsListed(import_history.list_imports(now=self.app.now())))

    def on_imports_listed(self, message: ImportsListed) -> None:
        self.entries = message.entries
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#history", DataTable)
        row = table.cursor_row
        narrow = self.size.width < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            table.clear(columns=True)
            for title, width in columns(narrow):
                table.add_column(title, width=width)
        table.clear()
        for entry in self.entries:
            table.add_row(*entry_cells(entry, narrow), key=str(entry.id))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1), animate=False)
            text = (
                f"{number(len(self.entries))} imports · enter opens one with its error records · n new import"
            )
        else:
            text = "No imports in the last 14 days · n imports a file"
        self.query_one("#position", Label).update(text)

    def current(self) -> ImportEntry | None:
        """The highlighted entry."""
        if not self.entries:
            return None
        return self.entries[min(self.query_one("#history", DataTable).cursor_row, len(self.entries) - 1)]

    def show_entry(self, import_id: int) -> None:
        """Open the entry with this id (the wizard's link to its result)."""
        from .import_entry import ImportEntryScreen

        self.app.push_screen(ImportEntryScreen(import_id))

    @on(DataTable.RowSelected, "#history")
    def _open(self) -> None:
        entry = self.current()
        if entry is not None:
            self.show_entry(entry.id)

    def action_new(self) -> None:
        """Open the import wizard."""
        from .import_wizard import ImportWizard

        self.app.push_screen(ImportWizard())

    def action_export(self) -> None:
        """Export the highlighted import's error records."""
        entry = self.current()
        if entry is not None:
            self.export_errors(entry)

    def action_undo(self) -> None:
        """Undo the highlighted import, after showing what will change."""
        entry = self.current()
        if entry is not None:
            self.undo_entry(entry)

    def action_refresh(self) -> None:
        """Read the history again."""
        self.load()
