"""The recent merges, newest first, each undone with one key (``store.merging.merges.unmerge``).

A merge can be undone exactly while the kept person is unchanged since; the store says
why not otherwise (the kept person changed, an external id it needs was taken...), and
that message is shown as it is. ``confirm_unmerge`` is shared with the person's history.

| Key | Description |
| :- | :- |
| u | Undo the highlighted merge (asks) |
| enter | Open the kept person |
| r | Refresh |
| escape | Back |
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Label

from store.merging import merges
from store.merging.merges import MergeInfo
from store.persons.views import load_persons

from .base import StoreScreen
from .messages import MergesLoaded, PersonsUnmerged
from .text import cell, clean, counted
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen
from .widgets.row_table import RowTable

MERGES_SHOWN = 200


def unmerged_text(message: PersonsUnmerged) -> str:
    """What to tell the user of an undone merge."""
    kept, *back = message.persons
    names = ", ".join(f"#{v.id} {clean(v.display_name)}" for v in back)
    return f"Merge #{message.merge_id} undone: {names} back beside #{kept.id} {clean(kept.display_name)}."


def confirm_unmerge(screen: StoreScreen[None], merge: MergeInfo) -> None:
    """Ask, then undo ``merge`` in a worker of ``screen``; posts ``PersonsUnmerged`` to it."""
    merged = ", ".join(f"#{pid}" for pid in merge.merged_ids)
    question = f"Undo merge #{merge.id} into #{merge.kept_id}?"
    details = (
        f"{counted(len(merge.merged_ids), 'person')} ({merged}) "
        f"{'comes' if len(merge.merged_ids) == 1 else 'come'} back with everything they had, "
        f"and #{merge.kept_id} returns to how it was before the merge. Events recorded since stay "
        f"on #{merge.kept_id}. Refused if #{merge.kept_id} changed since the merge."
    )

    def answered(yes: bool | None) -> None:
        if yes:
            _unmerge(screen, merge.id)

    screen.app.push_screen(ConfirmScreen(question, details, yes="Undo"), answered)


def _unmerge(screen: StoreScreen[None], merge_id: int) -> None:
    def run() -> None:
        persons = merges.unmerge(merge_id, source="tui")
        screen.post_message(PersonsUnmerged(merge_id, persons))

    screen.run_worker(run, thread=True, exclusive=True, group="unmerge", exit_on_error=False)


class MergesScreen(StoreScreen[None]):
    """Recent merges; undo one."""

    HELP_TITLE = "Merges"
    BINDINGS = [
        Binding("u", "unmerge", "Unmerge", id="merges.unmerge", tooltip="Undo the highlighted merge"),
        Binding("r", "refresh", "Refresh", id="merges.refresh"),
        Binding("escape", "back", "Back", id="merges.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.merges: list[MergeInfo] = []
        self.names: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label("Recent merges, newest first", id="merges-title")
        yield RowTable(id="merges", cursor_type="row", zebra_stripes=True)
        yield Label("", id="position")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#merges", DataTable)
        wide = (self.app.size.width or 80) >= 100
        table.add_column("Merge", width=6)
        table.add_column("When (UTC)", width=16)
        table.add_column("Kept", width=28 if wide else 24)
        table.add_column("Merged into it", width=24 if wide else 14)
        table.add_column("Undone", width=16 if wide else 6)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Load the recent merges (in a worker; the keys typed meanwhile wait)."""
        self.app.hold_keys_for(self._load())

    @work(thread=True, exclusive=True, group="merges-load", exit_on_error=False)
    def _load(self) -> None:
        found = merges.list_merges(limit=MERGES_SHOWN)
        kept = list(dict.fromkeys(m.kept_id for m in found))
        names = {v.id: v.display_name for v in load_persons(kept)} if kept else {}
        self.post_message(MergesLoaded(found, names))

    def on_merges_loaded(self, message: MergesLoaded) -> None:
        self.merges, self.names = message.merges, message.names
        table = self.query_one("#merges", DataTable)
        row = table.cursor_row
        table.clear()
        wide = (self.app.size.width or 80) >= 100
        for merge in self.merges:
            name = self.names.get(merge.kept_id)
            kept = f"#{merge.kept_id} {name}" if name is not None else f"#{merge.kept_id} (deleted)"
            undone = merge.undone_at.strftime("%Y-%m-%d %H:%M" if wide else "yes") if merge.undone_at else ""
            table.add_row(
                cell(f"#{merge.id}"),
                cell(merge.at.strftime("%Y-%m-%d %H:%M")),
                cell(kept),
                cell(", ".join(f"#{pid}" for pid in merge.merged_ids)),
                cell(undone),
            )
        if self.merges:
            table.move_cursor(row=min(row, len(self.merges) - 1), animate=False)
            text = f"{counted(len(self.merges), 'merge')} · u undoes the highlighted one"
        else:
            text = "no merges yet"
        self.query_one("#position", Label).update(text)

    def current(self) -> MergeInfo | None:
        """The highlighted merge."""
        if not self.merges:
            return None
        return self.merges[min(self.query_one("#merges", DataTable).cursor_row, len(self.merges) - 1)]

    def action_unmerge(self) -> None:
        """Undo the highlighted merge, after a confirmation."""
        merge = self.current()
        if merge is None:
            return
        if merge.undone_at is not None:
            self.notify(
                f"Merge #{merge.id} was undone at {merge.undone_at:%Y-%m-%d %H:%M} UTC.", severity="warning"
            )
            return
        confirm_unmerge(self, merge)

    def on_persons_unmerged(self, message: PersonsUnmerged) -> None:
        self.notify(unmerged_text(message))
        self.app.refresh_counts()
        self.load()

    @on(DataTable.RowSelected, "#merges")
    def _open(self) -> None:
        merge = self.current()
        if merge is not None and merge.kept_id in self.names:
            self.app.open_person(merge.kept_id)
        elif merge is not None:
            self.notify(f"Person #{merge.kept_id} no longer exists.", severity="warning")

    def action_refresh(self) -> None:
        """Load again."""
        self.load()

    def action_back(self) -> None:
        """Back to where the list was opened from."""
        self.app.pop_screen()
