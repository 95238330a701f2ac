"""Tags with how many persons and companies carry each.

| Key | Description |
| :- | :- |
| enter | The persons list filtered to the tag |
| n | New tag |
| e | Rename |
| d | Delete (asks, says how many carry it) |
| a | Add the tag to the selected persons |
| u | Remove the tag from the selected persons |
| r | Refresh |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Label, Static

from store import tags
from store.errors import ProfilesError
from store.persons.selection import Selection, all_selected_ids

from .base import StoreModal, StoreScreen
from .messages import NameSaved, PersonsTagged, SaveFailed, TagDeleted, TagsLoaded
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.paged_table import PagedTable

COUNT_WIDTH = 10  # "Companies" and a count of millions, right-aligned under it


def count_cell(value: int) -> Text:
    """A count, right-aligned under its header."""
    return Text(f"{value:,}", justify="right", no_wrap=True)


class NamePrompt(StoreModal[Any]):
    """Ask for a name and save it with ``save`` (in a worker); enter saves, escape cancels.

    The store's refusal (a taken name, a bad character) is shown under the field and the
    dialog stays open with what was typed; it closes with what ``save`` returned.
    """

    HELP_TITLE = "Tag name"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="name.cancel"),
        Binding("f1", "app.help", "Help", show=False, id="name.help"),
    ]
    DEFAULT_CSS = """
    NamePrompt { align: center middle; }
    NamePrompt > Vertical {
        width: 60; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, title: str, save: Callable[[str], Any], value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.save = save
        self.value = value
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt_title, markup=False)
            yield Input(self.value, id="name")
            yield Static("", classes="error", id="name-error", markup=False)
            yield Static("enter saves · escape cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.saving:
            self.saving = True
            error = self.query_one("#name-error", Static)
            error.update("")
            error.remove_class("shown")
            self.app.hold_keys_for(self._save(event.value))

    @work(thread=True, exclusive=True, group="name-save", exit_on_error=False)
    def _save(self, name: str) -> None:
        try:
            saved = self.save(name)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(NameSaved(saved))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        error = self.query_one("#name-error", Static)
        error.update(clean(message.error.message))
        error.add_class("shown")
        self.query_one("#name", Input).focus()

    def on_name_saved(self, message: NameSaved) -> None:
        self.dismiss(message.saved)

    def worker_failed(self, worker) -> None:
        """A save that failed unexpectedly may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class TagsScreen(StoreScreen[None]):
    """Create, rename, delete tags; put them on or take them off the selected persons."""

    HELP_TITLE = "Tags"
    BINDINGS = [
        Binding("n", "new", "New", id="tags.new", tooltip="Create a tag"),
        Binding("e", "rename", "Rename", id="tags.rename", tooltip="Rename the highlighted tag"),
        Binding("d", "delete", "Delete", id="tags.delete", tooltip="Delete the highlighted tag"),
        # Off the footer, which has no room for them at 80 columns; in the help and the palette.
        Binding(
            "a", "assign", "Add to selected", show=False, id="tags.assign", tooltip="Tag the selected persons"
        ),
        Binding(
            "u",
            "unassign",
            "Remove from selected",
            show=False,
            id="tags.unassign",
            tooltip="Untag the selection",
        ),
        Binding("r", "refresh", "Refresh", show=False, id="tags.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tags.TagInfo] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield PagedTable(id="tags")
        yield Label("", id="position")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#tags", DataTable)
        table.add_column("Tag", width=32)
        table.add_column(Text("Persons", justify="right"), width=COUNT_WIDTH)
        table.add_column(Text("Companies", justify="right"), width=COUNT_WIDTH)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Load the tags with their counts (the keys typed meanwhile wait for them)."""
        self.app.hold_keys_for(self._load())

    @work(thread=True, exclusive=True, group="tags-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(TagsLoaded(tags.list_tags()))

    def on_tags_loaded(self, message: TagsLoaded) -> None:
        table = self.query_one("#tags", DataTable)
        row = table.cursor_row
        self.tags = message.tags
        table.clear()
        for tag in self.tags:
            table.add_row(cell(tag.name), count_cell(tag.persons), count_cell(tag.companies))
        if self.tags:
            table.move_cursor(row=min(row, len(self.tags) - 1), animate=False)
        selected = len(self.app.selection)
        hint = f" · {selected} persons selected (a add, u remove)" if selected else ""
        self.query_one("#position", Label).update(f"{number(len(self.tags))} tags{hint}")

    def current(self) -> tags.TagInfo | None:
        """The highlighted tag."""
        table = self.query_one("#tags", DataTable)
        if not self.tags:
            return None
        return self.tags[min(table.cursor_row, len(self.tags) - 1)]

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        tag = self.current()
        if tag is not None:
            self.app.show_persons(tag=tag.name)

    def action_refresh(self) -> None:
        """Load again."""
        self.load()

    def action_new(self) -> None:
        """Create a tag (the dialog stays open on a refused name)."""

        def created(tag: tags.TagInfo | None) -> None:
            if tag is not None:
                self._written(f"Created tag {tag.name!r}.")

        self.app.push_screen(NamePrompt("New tag name", tags.create_tag), created)

    def action_rename(self) -> None:
        """Rename the highlighted tag (the dialog stays open on a refused name)."""
        tag = self.current()
        if tag is None:
            return
        old = tag.name

        def renamed(new: tags.TagInfo | None) -> None:
            if new is not None:
                self._written(f"Renamed tag {old!r} to {new.name!r}.")

        prompt = NamePrompt(f"Rename tag {clean(old)} to", lambda name: tags.rename_tag(old, name), old)
        self.app.push_screen(prompt, renamed)

    def action_delete(self) -> None:
        """Delete the highlighted tag after a confirmation naming how many carry it."""
        tag = self.current()
        if tag is None:
            return
        details = (
            f"It is on {tag.persons:,} persons and {tag.companies:,} companies; they keep everything else."
        )

        def delete(yes: bool | None) -> None:
            if yes:
                self._write("delete", tag.name)

        self.app.push_screen(ConfirmScreen(f"Delete tag {clean(tag.name)}?", details, yes="Delete"), delete)

    def _selection(self) -> Selection | None:
        """The selection (resolved in the worker that tags), or None after saying there is none."""
        if not self.app.selection:
            self.notify("Select persons in the persons list first (1, then space).", severity="warning")
            return None
        return self.app.selection.value

    def action_assign(self) -> None:
        """Put the highlighted tag on the selected persons."""
        tag, ids = self.current(), self._selection()
        if tag is not None and ids:
            self._write("assign", tag.name, ids)

    def action_unassign(self) -> None:
        """Take the highlighted tag off the selected persons."""
        tag, ids = self.current(), self._selection()
        if tag is not None and ids:
            self._write("unassign", tag.name, ids)

    @work(thread=True, exclusive=True, group="tags-write", exit_on_error=False)
    def _write(self, what: str, name: str, other=None) -> None:
        result: TagDeleted | PersonsTagged
        if isinstance(other, Selection):
            other = all_selected_ids(other)
        try:
            if what == "delete":
                result = TagDeleted(name, tags.delete_tag(name, confirm=True))
            elif what == "assign":
                result = PersonsTagged(
                    name, True, tags.assign_tag(name, other, source="tui", create=False), len(other)
                )
            else:
                result = PersonsTagged(name, False, tags.unassign_tag(name, other, source="tui"), len(other))
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(result)

    def on_save_failed(self, message: SaveFailed) -> None:
        from .widgets.error_dialog import ErrorDialog

        self.app.push_screen(ErrorDialog(message.error))

    def on_tag_deleted(self, message: TagDeleted) -> None:
        self._written(f"Deleted tag {message.name!r} from {message.profiles:,} profiles.")

    def on_persons_tagged(self, message: PersonsTagged) -> None:
        what = "added to" if message.added else "removed from"
        self._written(
            f"Tag {message.tag!r} {what} {message.changed:,} of {message.asked:,} selected persons."
        )

    def _written(self, text: str) -> None:
        self.notify(clean(text))
        self.load()
