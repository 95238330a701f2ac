"""The import wizard: 1 File → 2 Preview → 3 Mapping → 4 Analyse → 5 Run.

The file is read once by the engine's one run (``store.importing.job_process``: the job's
analysis, then, on the user's word, its confirmation), in a helper process at a lower
priority, so the console stays usable while a large file is checked and written; its
progress arrives as messages. The preview and the sample values come from
``store.importing.preview`` (the first rows only).

| Key | Description |
| :- | :- |
| ctrl+n | Next step; on Analyse: analyse the file, then import it |
| ctrl+b | Previous step |
| enter | File: read the file typed (or a folder: browse it); Mapping: change the field of a column |
| c | Cancel the analysis or the import that runs |
| h | Open the finished import in the history |
| n | Import another file (when an import has finished) |
| escape | Close the wizard (an analysis not imported stays in the history as analysed) |
"""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from store import contact_rules
from store.errors import ProfilesError
from store.importing.engine import ImportResult
from store.importing.errors import FileRefused
from store.importing.job_process import ImportProcess
from store.importing.options import ImportOptions
from store.importing.preview import ColumnPreview, FilePreview, field_choices, preview_file
from store.importing.progress import Progress

from .base import StoreScreen
from .messages import FileNotPreviewed, FilePreviewed, ImportNotStarted, ImportPhaseEnded, ImportProgressed
from .text import cell, clean
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.row_table import RowTable

STEPS = (
    ("file", "File"),
    ("preview", "Preview"),
    ("mapping", "Mapping"),
    ("analyse", "Analyse"),
    ("run", "Run"),
)
SUFFIXES = (".csv", ".txt", ".xls", ".xlsx", ".zip")
DELIMITERS = [("detected", ""), (", comma", ","), ("; semicolon", ";"), ("tab", "tab"), ("| bar", "|")]
SHOWN_ISSUES = 1000
"""Invalid-row records the analysis table lists (all are counted, and kept in the history)."""
ACTION_WORDS = {
    "merge": "merge",
    "fill_empty": "fill empty fields only",
    "discard": "discard",
    "conflict": "conflict, not merged",
}
# Where each option of the engine is typed in: (step, field id, label for its messages).
OPTION_FIELDS = {
    "of": ("preview", "of", "Import of"),
    "person_type": ("preview", "person-type", "Person type"),
    "encoding": ("preview", "encoding", "Encoding"),
    "delimiter": ("preview", "delimiter", "Delimiter"),
    "skip_rows": ("preview", "skip-rows", "Skip rows"),
    "mapping": ("mapping", "mapping", "Mapping"),
    "country": ("mapping", "country", "Default country"),
    "date_format": ("mapping", "date-format", "Date format"),
    "tag_delimiter": ("mapping", "tag-delimiter", "Tag delimiter"),
    "on_match": ("analyse", "on-match", "On match"),
    "tags": ("analyse", "tag-names", "Tags"),
}


class PathSuggester(Suggester):
    """Completes the last part of a path from its folder's entries (right arrow accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, part = (path, "") if value.endswith(os.sep) else (path.parent, path.name)
        try:
            names = sorted(await asyncio.to_thread(os.listdir, folder))
        except OSError:
            return None
        for name in names:
            if name.startswith(part) and name != part and not name.startswith("."):
                whole = folder / name
                tail = os.sep if await asyncio.to_thread(whole.is_dir) else ""
                return value + name[len(part) :] + tail
        return None


def folder_entries(folder: Path) -> list[tuple[str, Path, bool]]:
    """``(name shown, path, is a folder)``: the parent, then the folders and importable files, by name."""
    found: list[tuple[str, Path, bool]] = []
    if folder.parent != folder:
        found.append((".. (up)", folder.parent, True))
    entries = []
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir or Path(entry.name).suffix.lower() in SUFFIXES:
            entries.append((entry.name + (os.sep if is_dir else ""), Path(entry.path), is_dir))
    entries.sort(key=lambda e: (not e[2], e[0].casefold()))
    return found + entries


class FileBrowser(OptionList):
    """A folder's subfolders and importable files (CSV, TXT, XLS, XLSX, ZIP): enter opens or picks."""

    @dataclass
    class Picked(Message):
        """A file was chosen."""

        path: Path

    def __init__(self, folder: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = folder
        self.entries: list[tuple[str, Path, bool]] = []

    def on_mount(self) -> None:
        self.show(self.folder)

    def show(self, folder: Path) -> None:
        """List ``folder`` (read in a worker)."""
        self.folder = folder
        self._list(folder)

    @work(thread=True, exclusive=True, group="wizard-browse", exit_on_error=False)
    def _list(self, folder: Path) -> None:
        try:
            entries = folder_entries(folder)
        except OSError as exc:
            entries = [(f"{folder} cannot be read ({exc.strerror})", folder.parent, True)]
        self.app.call_from_thread(self._fill, folder, entries)

    def _fill(self, folder: Path, entries: list[tuple[str, Path, bool]]) -> None:
        if folder != self.folder:
            return
        self.entries = entries
        self.clear_options()
        self.add_options([Option(Text(clean(name))) for name, _path, _is_dir in entries])
        if entries:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        _name, path, is_dir = self.entries[event.option_index]
        if is_dir:
            self.show(path)
        else:
            self.post_message(self.Picked(path))


class FieldPicker(ModalScreen[str | None]):
    """Choose the field of one column: type to narrow the list, enter picks, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="field.cancel")]
    DEFAULT_CSS = """
    FieldPicker { align: center middle; }
    FieldPicker > Vertical {
        width: 50; max-width: 100%; height: 80%; border: thick $accent; background: $surface; padding: 0 1;
    }
    FieldPicker OptionList { height: 1fr; }
    """

    def __init__(self, column: str, choices: list[str], current: str) -> None:
        super().__init__()
        self.column, self.choices, self.current = column, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Field of column {clean(self.column)}"))
            yield Input(placeholder="type to narrow the list", id="field-filter")
            yield OptionList(*self._options(""), id="field-options")

    def _options(self, text: str) -> list[Option]:
        found = [c for c in self.choices if text.casefold() in c.casefold()]
        return [Option(Text(c), id=c) for c in found]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        self.query_one(Input).focus()

    @on(Input.Changed, "#field-filter")
    def _narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_key(self, event: Any) -> None:
        if event.key in ("up", "down") and isinstance(self.focused, Input):
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()

    @on(Input.Submitted, "#field-filter")
    def _pick_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _field(label: str, widget: Any, field_id: str) -> Vertical:
    """A labelled field with its error line under it."""
    return Vertical(
        Label(label, classes="field-label"),
        widget,
        Label("", id=f"err-{field_id}", classes="field-error"),
        classes="field",
    )


def progress_line(progress: Progress) -> str:
    """Rows done (of the total when known), the rate and the time left."""
    done = f"{progress.rows_done:,}" + (f" of {progress.rows_total:,}" if progress.rows_total else "")
    left = f" · {progress.seconds_left:,.0f} s left" if progress.seconds_left is not None else ""
    return f"{progress.phase}: {done} rows · {progress.rate:,.0f} rows/s{left}"


class ImportWizard(StoreScreen[None]):
    """Import a file in five steps, the engine's one run driven from a worker (module docstring)."""

    HELP_TITLE = "Import wizard"
    BINDINGS = [
        Binding("ctrl+n", "next", "Next", id="wizard.next", priority=True),
        Binding("ctrl+n", "analyse", "Analyse", id="wizard.analyse", priority=True),
        Binding("ctrl+n", "start", "Import", id="wizard.start", priority=True),
        Binding("ctrl+b", "back", "Back", id="wizard.back", priority=True),
        Binding("c", "cancel_run", "Cancel import", id="wizard.cancel"),
        Binding("h", "history", "Open in history", id="wizard.history"),
        Binding("n", "again", "Another file", id="wizard.again"),
        Binding("escape", "close", "Close", id="wizard.close"),
    ]
    DEFAULT_CSS = """
    ImportWizard #steps { height: 1; padding: 0 1; }
    ImportWizard ContentSwitcher { height: 1fr; }
    ImportWizard .step { height: 1fr; }
    ImportWizard .fields { height: auto; }
    ImportWizard .field { width: 1fr; height: auto; }
    ImportWizard .field-label { color: $text-muted; padding: 0 1; }
    ImportWizard .field-error { color: $error; padding: 0 1; height: auto; }
    ImportWizard .note { color: $text-muted; padding: 0 1; height: auto; width: 1fr; }
    ImportWizard .step-error { color: $error; padding: 0 1; height: auto; }
    ImportWizard #browser { height: 1fr; }
    ImportWizard DataTable { height: 1fr; }
    ImportWizard ProgressBar { padding: 0 1; height: 1; }
    ImportWizard #run-title, #run-result { padding: 0 1; height: auto; }
    ImportWizard #run-result { margin-top: 1; }
    ImportWizard #finding-detail { padding: 0 1; height: auto; max-height: 4; }
    """

    def __init__(self, path: str = "", *, folder: Path | None = None) -> None:
        """Start at the file step with ``path`` typed in and ``folder`` (default: the current one) listed."""
        super().__init__()
        self.step = "file"
        self.initial_path = path
        self.folder = folder
        self.path: Path | None = None
        self.preview: FilePreview | None = None
        self.preview_of = "persons"
        self.choices: list[str] = []
        self.fields: dict[int, str] = {}
        self.mapping_edited = False
        self.token = 0
        self.job: ImportProcess | None = None
        self.stage = "idle"  # analysing, analysed, writing, done
        self.analysis: ImportResult | None = None
        self.result: ImportResult | None = None
        self.finding_details: list[str] = []  # each row of the findings in full, for under the table

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="steps")
        with ContentSwitcher(initial="step-file"):
            with Vertical(id="step-file", classes="step"):
                yield _field(
                    "File to import (CSV, TXT, XLS, XLSX or ZIP; → completes, enter reads it)",
                    Input(
                        self.initial_path,
                        placeholder="path/to/file.csv",
                        id="path",
                        suggester=PathSuggester(),
                    ),
                    "path",
                )
                yield Label("Or choose it here (enter on a file):", classes="note")
                yield FileBrowser(self.folder or Path.cwd(), id="browser")
            with Vertical(id="step-preview", classes="step"):
                with Horizontal(classes="fields"):
                    yield _field(
                        "Import of",
                        Select(
                            [("persons", "persons"), ("companies", "companies")],
                            value="persons",
                            allow_blank=False,
                            id="of",
                        ),
                        "of",
                    )
                    yield _field(
                        "Person type",
                        Select(
                            [("Lead", "lead"), ("Customer", "customer")],
                            value="lead",
                            allow_blank=False,
                            id="person-type",
                        ),
                        "person-type",
                    )
                    yield _field("Encoding", Input(placeholder="detected", id="encoding"), "encoding")
                    yield _field(
                        "Delimiter",
                        Select(DELIMITERS, value="", allow_blank=False, id="delimiter"),
                        "delimiter",
                    )
                    yield _field("Skip rows", Input("0", type="integer", id="skip-rows"), "skip-rows")
                yield Label("", id="read-as", classes="note")
                yield Label("", id="preview-error", classes="step-error")
                yield DataTable(id="preview-table", zebra_stripes=True, cursor_type="row")
            with Vertical(id="step-mapping", classes="step"):
                yield Label("enter on a column changes its field; skip leaves it out", classes="note")
                yield Label("", id="err-mapping", classes="step-error")
                yield RowTable(id="mapping-table", zebra_stripes=True, cursor_type="row")
                with Horizontal(classes="fields"):
                    yield _field(
                        "Default country (phones)", Input(placeholder="store's", id="country"), "country"
                    )
                    yield _field(
                        "Date format (dates)",
                        Input(placeholder="yyyy-mm-dd", id="date-format"),
                        "date-format",
                    )
                    yield _field("Tag delimiter (tags)", Input(",", id="tag-delimiter"), "tag-delimiter")
            with Vertical(id="step-analyse", classes="step"):
                with Horizontal(classes="fields"):
                    yield _field(
                        "On match",
                        Select(
                            [("Discard", "discard"), ("Merge", "merge")],
                            value="discard",
                            allow_blank=False,
                            id="on-match",
                        ),
                        "on-match",
                    )
                    yield _field(
                        "Tags",
                        Select(
                            [("None", "none"), ("Automatically", "auto"), ("Manually", "manual")],
                            value="none",
                            allow_blank=False,
                            id="tags-mode",
                        ),
                        "tags-mode",
                    )
                    yield _field(
                        "Tag names (manually)",
                        Input(placeholder="vip, fair-2026", id="tag-names", disabled=True),
                        "tag-names",
                    )
                yield Label(
                    "ctrl+n analyses the file: nothing is imported yet", id="analysis-summary", classes="note"
                )
                yield ProgressBar(id="analyse-progress", show_eta=False)
                yield Label("", id="analyse-error", classes="step-error")
                yield RowTable(id="findings", zebra_stripes=True, cursor_type="row")
                yield Static("", id="finding-detail", markup=False)
            with Vertical(id="step-run", classes="step"):
                yield Label("", id="run-title")
                yield ProgressBar(id="run-progress", show_eta=False)
                yield Label("", id="run-line", classes="note")
                yield Label("", id="run-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#preview-table", DataTable).show_cursor = False
        mapping = self.query_one("#mapping-table", DataTable)
        mapping.add_column("Column", width=22)
        mapping.add_column("Sample values", width=34)
        mapping.add_column("Field", width=20)
        findings = self.query_one("#findings", DataTable)
        findings.add_column("What", width=8)
        findings.add_column("Rows", width=10)
        findings.add_column("Column / field", width=18)
        findings.add_column("Detail", width=60)
        self.query_one("#analyse-progress").display = False
        self._show_step("file")

    def on_screen_resume(self) -> None:
        self._show_step(self.step)  # back from another screen: the focus of this step again

    def _show_step(self, step: str) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = f"step-{step}"
        line = Text(" ")
        for index, (name, title) in enumerate(STEPS, 1):
            if index > 1:
                line.append(" → ", style="dim")
            line.append(f" {index} {title} ", style="bold reverse" if name == step else "")
        self.query_one("#steps", Static).update(line)
        first = {
            "file": "#path",
            "preview": "#of",
            "mapping": "#mapping-table",
            "analyse": "#on-match",
            "run": None,
        }[step]
        if first is not None:
            self.query_one(first).focus()
        else:
            self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        busy = self.stage in ("analysing", "writing")
        if action == "next":
            return self.step in ("file", "preview", "mapping") and not busy
        if action == "analyse":
            return self.step == "analyse" and self.stage != "analysed" and not busy
        if action == "start":
            return self.step == "analyse" and self.stage == "analysed"
        if action == "back":
            return self.step in ("preview", "mapping", "analyse") and not busy
        if action == "cancel_run":
            return busy
        if action in ("history", "again"):
            return self.stage == "done"
        return True

    # ------------------------------------------------------------------ step 1 and 2: the file

    @on(Input.Submitted, "#path")
    def _path_entered(self) -> None:
        self.action_next()

    @on(FileBrowser.Picked)
    def _file_chosen(self, event: FileBrowser.Picked) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.action_next()

    def _error(self, field_id: str, text: str) -> None:
        self.query_one(f"#err-{field_id}", Label).update(Text(clean(text)))

    def _clear_errors(self) -> None:
        for label in self.query(".field-error, .step-error"):
            if isinstance(label, Label):
                label.update("")

    def _read_options(self) -> dict[str, Any] | None:
        """The preview step's options, or None after putting an error under the bad one."""
        skip = self.query_one("#skip-rows", Input).value.strip() or "0"
        if not skip.isdigit():
            self._error("skip-rows", "Skip rows must be a whole number, 0 or more.")
            return None
        delimiter = self.query_one("#delimiter", Select).value
        return {
            "of": self.query_one("#of", Select).value,
            "encoding": self.query_one("#encoding", Input).value.strip() or None,
            "delimiter": delimiter or None,
            "skip_rows": int(skip),
        }

    def load_preview(self) -> None:
        """Read the first rows of the file with the preview step's options (in a worker)."""
        self._clear_errors()
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._error("path", "Type the path of a file, or choose one below.")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.query_one(FileBrowser).show(path)
            self._error("path", f"{text} is a folder: choose a file in it below.")
            return
        options = self._read_options()
        if options is None:
            return
        self.path = path
        self.token += 1
        self._preview(path, self.token, options)

    @work(thread=True, exclusive=True, group="wizard-preview", exit_on_error=False)
    def _preview(self, path: Path, token: int, options: dict[str, Any]) -> None:
        try:
            preview = preview_file(path, **options)
        except FileRefused as exc:
            self.post_message(FileNotPreviewed(exc.reason, exc.message, token))
            return
        except (ValueError, LookupError) as exc:
            self.post_message(FileNotPreviewed("options", str(exc), token))
            return
        self.post_message(FilePreviewed(preview, field_choices(options["of"]), token))

    def on_file_not_previewed(self, message: FileNotPreviewed) -> None:
        if message.token != self.token:
            return
        if self.step == "file" or message.reason not in ("encoding", "options", "empty", "no-data-rows"):
            self._show_step("file")  # a file that cannot be imported: ready for another one
            self._error("path", message.message)
        elif message.reason == "encoding" or "codec" in message.message or "encoding" in message.message:
            self._error("encoding", f"{message.message} Type the file's encoding (e.g. cp1250) here.")
        else:
            self.query_one("#preview-error", Label).update(Text(clean(message.message)))

    def on_file_previewed(self, message: FilePreviewed) -> None:
        if message.token != self.token:
            return
        preview, before = message.preview, self.preview
        self.preview, self.choices = preview, message.choices
        of = str(self.query_one("#of", Select).value)
        headers = [c.header for c in preview.columns]
        if before is None or [c.header for c in before.columns] != headers or of != self.preview_of:
            self.fields = {c.position: c.field for c in preview.columns}  # proposed for these columns
            self.mapping_edited = False
        self.preview_of = of
        self._fill_preview(preview)
        self._fill_mapping(preview.columns)
        self._forget_analysis()
        if self.step == "file":
            self._show_step("preview")

    def _fill_preview(self, preview: FilePreview) -> None:
        how = [f"Read as {preview.file_format.upper()}"]
        if preview.member_name:
            how.append(f"from {preview.member_name} in the zip")
        if preview.encoding:
            how.append(f"encoding {preview.encoding}" + (" (detected)" if preview.encoding_detected else ""))
        if preview.delimiter:
            how.append("delimiter " + ("tab" if preview.delimiter == "\t" else repr(preview.delimiter)))
        how.append(f"{len(preview.columns)} columns; the first rows:")
        self.query_one("#read-as", Label).update(Text(clean(" · ".join(how))))
        self.query_one("#preview-error", Label).update("")
        table = self.query_one("#preview-table", DataTable)
        table.clear(columns=True)
        table.add_column("Row", width=5)
        for column in preview.columns:
            widest = max([len(column.header), *(len(cells[column.position]) for _n, cells in preview.rows)])
            title = Text(clean(column.header) or f"column {column.position + 1}")
            table.add_column(title, width=max(6, min(24, widest)))
        for number, cells in preview.rows:
            table.add_row(cell(f"{number:>4}"), *(cell(c) for c in cells))

    def _fill_mapping(self, columns: list[ColumnPreview]) -> None:
        table = self.query_one("#mapping-table", DataTable)
        row = table.cursor_row
        table.clear()
        for column in columns:
            target = self.fields.get(column.position, "skip")
            table.add_row(
                cell(column.header or f"column {column.position + 1}"),
                cell(" · ".join(column.samples)),
                cell(target, "dim" if target == "skip" else "bold"),
            )
        if columns:
            table.move_cursor(row=min(row, len(columns) - 1), animate=False)

    @on(Select.Changed, "#of, #delimiter")
    def _reread(self) -> None:
        if self.preview is not None and self.step == "preview":
            self.query_one("#person-type", Select).disabled = self.query_one("#of", Select).value != "persons"
            self.load_preview()

    @on(Input.Submitted, "#encoding, #skip-rows")
    def _reread_typed(self) -> None:
        if self.preview is not None:
            self.load_preview()

    @on(Input.Blurred, "#encoding, #skip-rows")
    def _reread_left(self) -> None:
        if self.preview is not None and self.step == "preview":
            self.load_preview()

    # ------------------------------------------------------------------ step 3: the mapping

    @on(DataTable.RowSelected, "#mapping-table")
    def _edit_field(self, event: DataTable.RowSelected) -> None:
        if self.preview is None:
            return
        column = self.preview.columns[event.cursor_row]
        headers = [c.header.strip() for c in self.preview.columns]
        if not column.header.strip() or headers.count(column.header.strip()) > 1:
            self._error(
                "mapping",
                f"Column {column.position + 1}'s header is empty or repeated, so it cannot be chosen by "
                "name: it keeps the proposed field.",
            )
            return

        def picked(target: str | None) -> None:
            if target is not None and target != self.fields.get(column.position, "skip"):
                self.fields[column.position] = target
                self.mapping_edited = True
                self._error("mapping", "")
                self._forget_analysis()
                assert self.preview is not None
                self._fill_mapping(self.preview.columns)

        self.app.push_screen(
            FieldPicker(column.header, self.choices, self.fields.get(column.position, "skip")), picked
        )

    def _mapping(self) -> list[tuple[str, str]] | None:
        """The mapping to give the engine: None (propose it again) unless the user changed it."""
        if not self.mapping_edited or self.preview is None:
            return None
        headers = [c.header.strip() for c in self.preview.columns]
        return [
            (c.header, self.fields.get(c.position, "skip"))
            for c in self.preview.columns
            if c.header.strip() and headers.count(c.header.strip()) == 1
        ]

    # ------------------------------------------------------------------ step 4: analyse

    @on(Select.Changed, "#tags-mode")
    def _tags_mode(self, event: Select.Changed) -> None:
        self.query_one("#tag-names", Input).disabled = event.value != "manual"
        self._forget_analysis()

    @on(Select.Changed, "#on-match")
    def _on_match(self) -> None:
        self._forget_analysis()

    @on(Input.Changed, "#tag-names, #country, #date-format, #tag-delimiter")
    def _option_typed(self) -> None:
        self._forget_analysis()

    def _forget_analysis(self) -> None:
        """An option changed after the analysis: it no longer says what the import would do."""
        if self.stage != "analysed":
            return
        self._close_job()
        self.stage = "idle"
        self.analysis = None
        self.query_one("#findings", DataTable).clear()
        self.query_one("#analysis-summary", Label).update(
            "The options changed since the analysis: ctrl+n analyses the file again"
        )
        self.refresh_bindings()

    def _options(self) -> ImportOptions | None:
        """Every option of the import, or None after putting an error under the bad one."""
        self._clear_errors()
        read = self._read_options()
        if read is None:
            self._show_step("preview")
            return None
        country = self.query_one("#country", Input).value.strip().upper() or None
        if country is not None and not contact_rules.is_valid_region(country):
            self._show_step("mapping")
            self._error("country", f"Default country {country!r} is not a region code (e.g. HR, US, DE).")
            return None
        mode = self.query_one("#tags-mode", Select).value
        tags: str | list[str] = str(mode)
        if mode == "manual":
            tags = [t.strip() for t in self.query_one("#tag-names", Input).value.split(",") if t.strip()]
            if not tags:
                self._error("tag-names", "Type the names of the tags to put on what the import touches.")
                return None
        assert self.path is not None
        return ImportOptions(
            of=str(read["of"]),
            person_type=str(self.query_one("#person-type", Select).value),
            on_match=str(self.query_one("#on-match", Select).value),
            mapping=self._mapping(),
            skip_rows=read["skip_rows"],
            country=country,
            encoding=read["encoding"],
            delimiter=read["delimiter"],
            date_format=self.query_one("#date-format", Input).value.strip() or None,
            tag_delimiter=self.query_one("#tag-delimiter", Input).value or "",
            tags=tags,
            display_name=self.path.name,
        )

    def action_analyse(self) -> None:
        """Analyse the file with every option (the engine's analysis, in its helper process)."""
        options = self._options()
        if options is None or self.path is None:
            return
        self.stage = "analysing"
        self.analysis = None
        self.query_one("#findings", DataTable).clear()
        self.query_one("#analysis-summary", Label).update("Analysing: c cancels")
        bar = self.query_one("#analyse-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.refresh_bindings()
        self._analyse(self.path, options)

    @work(thread=True, group="wizard-job", exit_on_error=False)
    def _analyse(self, path: Path, options: ImportOptions) -> None:
        self.job = ImportProcess(self.app.url, path, options)
        self._follow("analyse")

    def _follow(self, phase: Any) -> None:
        """In a worker: relay the running phase's progress and its result."""
        assert self.job is not None

        def relay(progress: Progress) -> None:
            self.post_message(ImportProgressed(progress))

        try:
            result = self.job.outcome(relay)
        except ProfilesError as exc:
            self.post_message(ImportNotStarted(exc))
            return
        self.post_message(ImportPhaseEnded(phase, result))

    def on_import_progressed(self, message: ImportProgressed) -> None:
        progress = message.progress
        bar_id, line_id = (
            ("#run-progress", "#run-line")
            if self.stage == "writing"
            else ("#analyse-progress", "#analysis-summary")
        )
        bar = self.query_one(bar_id, ProgressBar)
        bar.update(total=progress.rows_total, progress=progress.rows_done)
        suffix = " · c cancels"
        self.query_one(line_id, Label).update(progress_line(progress) + suffix)

    def on_import_not_started(self, message: ImportNotStarted) -> None:
        self._close_job()
        if self.stage == "writing":  # the helper ended while writing: nothing was imported
            self.stage = "idle"
            self.query_one("#run-result", Label).update(Text(clean(message.error.message)))
            self.refresh_bindings()
            return
        self.stage = "idle"
        self.query_one("#analyse-progress").display = False
        error = message.error
        step, field_id, label = OPTION_FIELDS.get(error.field or "", ("analyse", "", ""))
        text = error.message
        if label and text.startswith(error.field or "\0"):
            text = label + text[len(error.field or "") :]
        self._show_step(step)
        if field_id == "mapping" or not field_id:
            target = "#err-mapping" if field_id else "#analyse-error"
            self.query_one(target, Label).update(Text(clean(text)))
        else:
            self._error(field_id, text)
        self.query_one("#analysis-summary", Label).update("ctrl+n analyses the file: nothing is imported yet")
        self.refresh_bindings()

    def on_import_phase_ended(self, message: ImportPhaseEnded) -> None:
        if message.phase == "analyse":
            self._analysed(message.result)
        else:
            self._written(message.result)

    def _analysed(self, result: ImportResult) -> None:
        self.query_one("#analyse-progress").display = False
        if result.status != "analysed":
            self._close_job()
            self.stage = "idle"
            self.query_one("#analysis-summary", Label).update(
                "ctrl+n analyses the file: nothing is imported yet"
            )
            if result.status == "refused" and result.reason == "no-identifier-column":
                self._show_step("mapping")
                self.query_one("#err-mapping", Label).update(Text(clean(result.message)))
            elif result.status == "refused":
                self._show_step("file")
                self._error("path", result.message)
            else:
                self.query_one("#analyse-error", Label).update(Text(clean(result.message)))
            self.refresh_bindings()
            return
        self.stage = "analysed"
        self.analysis = result
        details = result.details
        what = "persons" if (details is None or details.of == "persons") else "companies"
        lines = [
            f"{result.rows:,} rows · {result.valid:,} valid · {result.invalid:,} invalid · "
            f"{details.duplicate_groups if details else 0:,} joined in the file · "
            f"{details.matched if details else 0:,} match existing {what}",
            f"The import would create {result.created:,}, update {result.updated:,} and discard "
            f"{result.discarded:,}: ctrl+n imports, ctrl+b goes back.",
            *result.notes,
        ]
        self.query_one("#analysis-summary", Label).update(
            Text(clean(lines[0]) + "\n" + "\n".join(clean(x) for x in lines[1:]))
        )
        self._fill_findings(result)
        self.refresh_bindings()

    def _fill_findings(self, result: ImportResult) -> None:
        table = self.query_one("#findings", DataTable)
        table.clear()
        self.finding_details = []

        def add(what: Text, rows: str, column: str, detail: str) -> None:
            table.add_row(what, cell(rows), cell(column), cell(detail))
            place = " · ".join(part for part in (rows and f"row {rows}", column) if part)
            self.finding_details.append(f"{place}: {detail}" if place else detail)

        for issue in result.errors[:SHOWN_ISSUES]:  # the reason names the value
            add(cell("invalid", "bold #d14343"), str(issue["row"]), issue["column"], issue["reason"])
        if len(result.errors) > SHOWN_ISSUES:
            more = len(result.errors) - SHOWN_ISSUES
            add(cell(""), "", "", f"… {more:,} more error records (in the history)")
        details = result.details
        if details is None:
            return
        for group in details.duplicates:
            by = group.by.replace("_", " ")
            add(cell("in file", "bold"), _rows(group.rows), by, f"one record, joined by {by} {group.value!r}")
        what = "person" if details.of == "persons" else "company"
        for match in details.matches:
            targets = ", ".join(f"#{t}" for t in match.targets)
            count = f": {len(match.changes)} changes" if match.changes else ""
            add(
                cell("match", "bold"),
                _rows(match.rows),
                f"→ {what} {targets}",
                ACTION_WORDS[match.action] + count,
            )
            for change in match.changes:
                add(cell(""), "", change.field, f"{_quoted(change.old)} → {_quoted(change.new)}")
        hidden = (details.duplicate_groups - len(details.duplicates)) + (
            details.matched - len(details.matches)
        )
        if hidden > 0:
            add(cell(""), "", "", f"… and {hidden:,} more joined or matched records")

    @on(DataTable.RowHighlighted, "#findings")
    def _show_finding(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted finding in full under the table: the columns cut a long one."""
        if 0 <= event.cursor_row < len(self.finding_details):
            self.query_one("#finding-detail", Static).update(clean(self.finding_details[event.cursor_row]))

    # ------------------------------------------------------------------ step 5: run

    def action_start(self) -> None:
        """Import what the analysis found (the file is not read again)."""
        if self.job is None or self.analysis is None:
            return
        self.stage = "writing"
        self.result = None
        self.query_one("#run-title", Label).update(Text(f"Importing {clean(self.analysis_name())}"))
        self.query_one("#run-progress", ProgressBar).update(total=self.analysis.valid or None, progress=0)
        self.query_one("#run-line", Label).update("Starting · c cancels")
        self.query_one("#run-result", Label).update("")
        self._show_step("run")
        self._write()

    def analysis_name(self) -> str:
        """The file's name as the history shows it."""
        return self.path.name if self.path else ""

    @work(thread=True, group="wizard-job", exit_on_error=False)
    def _write(self) -> None:
        assert self.job is not None
        self.job.confirm()
        self._follow("write")

    def _written(self, result: ImportResult) -> None:
        self._close_job()
        self.stage = "done"
        self.result = result
        bar = self.query_one("#run-progress", ProgressBar)
        if result.status in ("completed", "completed_with_errors"):
            bar.update(total=max(result.valid, 1), progress=max(result.valid, 1))
            text = (
                f"{clean(result.message)} {result.invalid:,} invalid rows.\n"
                f"h opens import #{result.import_id} in the history · n imports another file · escape closes"
            )
            self.app.notify(
                f"Import of {clean(self.analysis_name())}: {result.created:,} created, "
                f"{result.updated:,} updated, {result.discarded:,} discarded (history #{result.import_id})."
            )
            self.app.refresh_counts()
        else:
            text = (
                f"{clean(result.message)}\nh opens it in the history · n imports another file · escape closes"
            )
            self.app.notify(
                f"Import of {clean(self.analysis_name())}: {clean(result.message)}", severity="warning"
            )
        self.query_one("#run-line", Label).update(f"{result.status.replace('_', ' ')}: {result.rows:,} rows")
        self.query_one("#run-result", Label).update(Text(text))
        self.refresh_bindings()

    def action_cancel_run(self) -> None:
        """Stop the analysis or the import at its next progress report; nothing is imported."""
        if self.job is not None:
            self.job.cancel()
            self.notify("Cancelling: nothing will be imported.")

    def action_history(self) -> None:
        """Close the wizard and open the import's entry in the history."""
        if self.result is None:
            return
        from .import_entry import ImportEntryScreen

        import_id = self.result.import_id
        self.app.pop_screen()
        self.app.push_screen(ImportEntryScreen(import_id))

    def action_again(self) -> None:
        """Start again with another file."""
        self.app.pop_screen()
        self.app.push_screen(ImportWizard(str(self.path.parent) + os.sep if self.path else ""))

    # ------------------------------------------------------------------ moving between steps

    def action_next(self) -> None:
        """The next step (from the file: read its first rows)."""
        if self.step == "file" or (self.step == "preview" and self.preview is None):
            self.load_preview()
        elif self.step == "preview":
            self._show_step("mapping")
        elif self.step == "mapping":
            self._show_step("analyse")

    def action_back(self) -> None:
        """The previous step (leaving an analysis keeps it in the history as analysed)."""
        order = [name for name, _title in STEPS]
        self._show_step(order[max(0, order.index(self.step) - 1)])

    def action_close(self) -> None:
        """Close the wizard (asks once a file has been read; never while an import runs)."""
        if self.stage in ("analysing", "writing"):
            self.notify("The import runs on: c cancels it; 1-7 go to other screens meanwhile.")
            return
        if self.preview is None or self.stage == "done":
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        kept = " The analysis stays in the history as analysed." if self.stage == "analysed" else ""
        self.app.push_screen(
            ConfirmScreen("Close the import wizard?", f"Nothing is imported.{kept}", yes="Close"), answered
        )

    def _close_job(self) -> None:
        """End the helper (in the background: it may take a moment to stop)."""
        job, self.job = self.job, None
        if job is not None:
            threading.Thread(target=job.close, daemon=True).start()

    def on_unmount(self) -> None:
        self._close_job()


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:4])
    return shown + (f" +{len(numbers) - 4}" if len(numbers) > 4 else "")


def _quoted(value: str | None) -> str:
    return "(empty)" if value is None else repr(clean(value))
