"""Merging persons: everything the merge keeps, person by person, then confirm.

The first row says which person is kept (the primary: it keeps its id, the others are
merged into it); the rows below hold the single-valued fields where the persons differ,
with the value kept marked. Choices start as the store's automatic rules pick them
(SPEC 7: the earliest-created profile is kept, a Customer's value wins over the others',
else the most recently modified value). Choosing another primary plans again with the
values already chosen by hand kept. Below the choices come the fields that are the same
(or set in one profile only), kept as they are, and every phone, email, push
registration and tag of each person: the merge unites them all. The field names stay
in view when the persons' columns scroll sideways.

| Key | Description |
| :- | :- |
| arrows | Move between fields and persons |
| space, enter | Keep the highlighted person's value (on the first row: keep that person) |
| left, right, pageup, pagedown | Scroll: the field names stay in view |
| p | Keep the highlighted person (the primary) |
| ctrl+s | Merge (asks) |
| escape | Cancel |
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Label, Static

from store.errors import ProfilesError
from store.history import field_label
from store.merging import merges
from store.merging.plan import MergePlan, plan_merge
from store.persons.views import PersonView, load_persons

from .base import StoreScreen
from .messages import MergePlanned, MergeRefused, PersonsMerged
from .text import clean, counted, type_label
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen

PRIMARY_ROW = "(kept person)"  # the first row's key: no field is called that
SAME_ROW = "(kept as is)"  # the heading over the fields nobody needs to choose
UNITED_ROWS = {"(phones)": "Phones", "(emails)": "Emails", "(push)": "Push", "(tags)": "Tags"}
FIELD_WIDTH = 18
MIN_PERSON_WIDTH = 16
MAX_PERSON_WIDTH = 30


def shown(value) -> str:
    """A field value as one line of text."""
    if value is None or value == "":
        return "—"
    return clean(value.isoformat() if hasattr(value, "isoformat") else value)


def listed(values: list[str], width: int) -> list[str]:
    """Values one under another, each marked ``+`` and folded to ``width`` under its own indent."""
    room = max(1, width - 2)
    lines = []
    for value in values:
        chunks = [value[i : i + room] for i in range(0, len(value), room)] or [""]
        lines += [f"+ {chunks[0]}", *(f"  {chunk}" for chunk in chunks[1:])]
    return lines


class MergeScreen(StoreScreen[None]):
    """Merge two or more persons into one."""

    HELP_TITLE = "Merge"
    BINDINGS = [
        Binding("space", "choose", "Keep value", id="merge.choose", tooltip="Keep the highlighted value"),
        Binding("p", "primary", "Keep person", id="merge.primary", tooltip="Keep the highlighted person"),
        Binding("ctrl+s", "merge", "Merge", id="merge.run", tooltip="Merge the persons (asks)"),
        Binding("escape", "cancel", "Cancel", id="merge.cancel"),
    ]

    def __init__(self, person_ids: list[int]) -> None:
        super().__init__()
        self.person_ids = list(dict.fromkeys(person_ids))
        self.plan: MergePlan | None = None
        self.views: dict[int, PersonView] = {}
        self.order: list[int] = []  # the columns: the automatic primary first, then by id
        self.automatic: int | None = None
        self.fields: list[str] = []  # the fields that differ, one row each to choose in
        self.same: list[str] = []  # the fields set alike, or in one profile only
        self.keep: dict[str, int] = {}
        self.chosen: dict[str, int] = {}  # the values picked by hand, kept when the primary changes

    @property
    def rows(self) -> list[str]:
        """The table's row keys: the kept person, the fields that differ, then what is kept as is."""
        same = [SAME_ROW, *self.same] if self.same else []
        return [PRIMARY_ROW, *self.fields, *same, *UNITED_ROWS]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label(f"Merge {len(self.person_ids)} persons", id="merge-title")
        yield DataTable(
            id="choices", cursor_type="cell", zebra_stripes=True, fixed_columns=1, header_height=2
        )
        yield Static("Loading…", id="merge-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#choices", DataTable).focus()
        self._plan(None)

    def on_resize(self) -> None:
        if self.plan is not None:
            self._columns()
            self._rows()

    @work(thread=True, exclusive=True, group="merge-plan", exit_on_error=False)
    def _plan(self, primary: int | None) -> None:
        try:
            plan = plan_merge(self.person_ids, keep=dict(self.chosen), primary=primary)
        except ProfilesError as exc:
            self.post_message(MergeRefused(exc))
            return
        views = self.views or {v.id: v for v in load_persons(self.person_ids)}
        self.post_message(MergePlanned(plan, views))

    def on_merge_refused(self, message: MergeRefused) -> None:
        self.plan = None
        self.query_one("#merge-summary", Static).update(Text(f"Cannot merge: {clean(message.error.message)}"))

    def on_merge_planned(self, message: MergePlanned) -> None:
        plan = self.plan = message.plan
        self.views = message.views
        first = not self.order
        if first:
            self.automatic = plan.kept_id
            self.order = [plan.kept_id, *plan.merged_ids]
            self.fields = [c.field for c in plan.choices if c.differs]
            self.same = [
                c.field
                for c in plan.choices
                if not c.differs and any(v not in (None, "") for v in c.values.values())
            ]
        self.keep = {c.field: c.chosen for c in plan.choices if c.differs}
        table = self.query_one("#choices", DataTable)
        cursor = Coordinate(0, 1) if first else table.cursor_coordinate
        self._columns()
        self._rows()
        table.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        self._summary()

    def person_width(self) -> int:
        """Each person's column: the persons share the width beside the field names, within bounds."""
        persons = max(1, len(self.order))
        room = (self.size.width or 80) - FIELD_WIDTH - 2 * (persons + 1) - 2  # cell padding, scrollbar
        return max(MIN_PERSON_WIDTH, min(MAX_PERSON_WIDTH, room // persons))

    def _columns(self) -> None:
        table = self.query_one("#choices", DataTable)
        table.clear(columns=True)
        table.add_column("Field", width=FIELD_WIDTH)
        width = self.person_width()
        for pid in self.order:
            title = Text.assemble(f"#{pid} ", type_label(self.views[pid].type), "\n")
            if self.plan is not None and pid == self.plan.kept_id:
                title.append("● kept", style="bold")
            else:
                title.append("merged into it", style="dim")
            table.add_column(title, width=width)

    def _rows(self) -> None:
        table = self.query_one("#choices", DataTable)
        row = table.cursor_coordinate
        table.clear()
        plan = self.plan
        if plan is None:
            return
        cells: list[Text] = [Text("Kept person", style="bold")]
        for pid in self.order:
            name = clean(self.views[pid].display_name)
            if pid == plan.kept_id:
                cells.append(Text(f"● {name}", style="bold reverse"))
            else:
                cells.append(Text(f"  {name}", style="dim"))
        table.add_row(*cells, key=PRIMARY_ROW, height=self._height(cells))
        by_field = {c.field: c for c in plan.choices}
        for name in self.fields:
            choice = by_field[name]
            cells = [Text(clean(field_label(name)), style="bold")]
            for pid in self.order:
                value = shown(choice.values.get(pid))
                if self.keep[name] == pid:
                    cells.append(Text(f"● {value}", style="bold"))
                else:
                    cells.append(Text(f"  {value}", style="dim" if value == "—" else ""))
            table.add_row(*cells, key=name, height=self._height(cells))
        if self.same:
            heading = [Text("Kept as is:", style="italic")]
            table.add_row(*heading, *[Text("") for _ in self.order], key=SAME_ROW)
        for name in self.same:
            choice = by_field[name]
            cells = [Text(clean(field_label(name)))]
            for pid in self.order:
                value = shown(choice.values.get(pid))
                mark = "●" if pid == choice.chosen else " "
                cells.append(Text(f"{mark} {value}", style="dim" if value == "—" else ""))
            table.add_row(*cells, key=name, height=self._height(cells))
        for key, title in UNITED_ROWS.items():
            cells = [Text(f"{title} (all)", style="bold")]
            width = self.person_width()
            for pid in self.order:
                values = self._united(key, self.views[pid])
                cells.append(Text("\n".join(listed(values, width))) if values else Text("  —", style="dim"))
            table.add_row(*cells, key=key, height=self._height(cells))
        table.move_cursor(row=row.row, column=row.column, animate=False)

    def _height(self, cells: list[Text]) -> int:
        """The lines a row needs to show every cell whole, wrapped to its column."""
        widths = [FIELD_WIDTH, *[self.person_width()] * len(self.order)]
        console = self.app.console
        return max(len(cell.wrap(console, width)) for cell, width in zip(cells, widths, strict=False))

    @staticmethod
    def _united(key: str, view: PersonView) -> list[str]:
        """One person's values of a united row (each shown whole, control characters marked)."""
        if key == "(phones)":
            values = view.phones
        elif key == "(emails)":
            values = view.emails
        elif key == "(push)":
            values = [f"{registration} ({platform})" for registration, platform in view.push_registrations]
        else:
            values = view.tags
        return [clean(v) for v in values]

    def _summary(self) -> None:
        plan = self.plan
        if plan is None:
            return
        phones = sum(1 for k, _v in plan.contacts if k == "phone")
        emails = len(plan.contacts) - phones
        why = "earliest created" if plan.kept_id == self.automatic else "your choice"
        text = Text()
        text.append(f"Kept: #{plan.kept_id} ")
        text.append(clean(self.views[plan.kept_id].display_name), style="bold")
        text.append(f" ({why}; p keeps another) · result type ")
        text.append_text(type_label(plan.type))
        united = [
            counted(phones, "phone"),
            counted(emails, "email"),
            counted(len(plan.push), "push registration"),
            counted(len(plan.tags), "tag"),
        ]
        text.append(f"\nUnited, each listed above: {', '.join(united)}")
        differ = f"{counted(len(self.fields), 'field')} {'differs' if len(self.fields) == 1 else 'differ'}"
        text.append(
            f"\n{differ} (choose with space); {counted(len(self.same), 'field')} kept as "
            f"{'it is' if len(self.same) == 1 else 'they are'}"
        )
        self.query_one("#merge-summary", Static).update(text)

    @on(DataTable.CellSelected)
    def _cell_selected(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        """Keep the highlighted person's value for the highlighted field (first row: keep the person)."""
        if self.plan is None:
            return
        coordinate = self.query_one("#choices", DataTable).cursor_coordinate
        if coordinate.column < 1:
            return
        if coordinate.row == 0:
            self.action_primary()
            return
        key = self.rows[coordinate.row]
        if key not in self.fields:
            what = (
                "Every one of them is kept"
                if key in UNITED_ROWS
                else "The same value, or the only one, is kept"
            )
            self.notify(f"{what}: nothing to choose here.")
            return
        name, pid = key, self.order[coordinate.column - 1]
        choice = next(c for c in self.plan.choices if c.field == name)
        if choice.values.get(pid) in (None, ""):
            self.notify("That person has no value here; pick a filled one.", severity="warning")
            return
        self.keep[name] = self.chosen[name] = pid
        self._rows()

    def action_primary(self) -> None:
        """Keep the highlighted person: it keeps its id and the others are merged into it."""
        if self.plan is None:
            return
        column = self.query_one("#choices", DataTable).cursor_coordinate.column
        if column < 1 or self.order[column - 1] == self.plan.kept_id:
            return
        self.plan = None  # nothing is chosen or merged until the new plan is shown
        self._plan(self.order[column - 1])

    def action_merge(self) -> None:
        """Ask, then merge."""
        plan = self.plan
        if plan is None:
            return
        question = f"Merge {len(self.order)} persons into #{plan.kept_id}?"
        details = "The others are removed; their contacts, tags and events move to the kept person."

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge(plan)

        self.app.push_screen(ConfirmScreen(question, details, yes="Merge"), answered)

    @work(thread=True, exclusive=True, group="merge-run", exit_on_error=False)
    def _merge(self, plan: MergePlan) -> None:
        result = merges.merge_persons(self.order, keep=dict(self.keep), primary=plan.kept_id, source="tui")
        self.post_message(PersonsMerged(result))

    def on_persons_merged(self, message: PersonsMerged) -> None:
        result = message.result
        self.notify(f"Merged into #{result.person.id} (merge #{result.merge_id}).")
        self.app.selection.discard(self.order)
        self.app.refresh_counts()
        kept = result.person.id
        self.app.pop_screen()
        self.app.open_person(kept)

    def action_cancel(self) -> None:
        """Leave without merging."""
        self.app.pop_screen()
