"""The audit view: data-quality counts and the duplicate candidates, with a merge action.

| Key | Description |
| :- | :- |
| m | Merge the highlighted duplicate candidate |
| enter | Open the first person of the candidate |
| r | Count again |
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Label, Static

from store import audit, duplicates, person_query

from .base import StoreScreen
from .messages import Loaded
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.paged_table import PagedTable

CANDIDATES = 100
SHORT = {
    "no_contact": "no contact at all",
    "no_email": "no email",
    "no_phone": "no phone",
    "near_limit": "90+ contacts",
    "created_7": "new, last 7 days",
    "created_30": "new, last 30 days",
    "reserved_email": "email on test domain",
    "name_digits": "digit in a name",
    "name_control": "control char in name",
    "birth_date": "odd birth date",
}


def card(title: str, rows: list[tuple[str, int]]) -> Table:
    """A small table of labelled counts."""
    table = Table(
        box=None, show_header=False, padding=(0, 1, 0, 0), expand=True, title=title, title_justify="left"
    )
    table.add_column("label", overflow="ellipsis", no_wrap=True, ratio=1)
    table.add_column("n", justify="right", no_wrap=True, width=7)
    for label, count in rows:
        table.add_row(Text(clean(label)), number(count))
    return table


class AuditScreen(StoreScreen):
    """Data quality at a glance."""

    HELP_TITLE = "Audit"
    BINDINGS = [
        Binding("m", "merge", "Merge candidate", id="audit.merge", tooltip="Merge the highlighted candidate"),
        Binding("r", "refresh", "Refresh", id="audit.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[duplicates.DuplicateCandidate] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="cards"):
            yield Static("Counting…", id="card-contacts", classes="card")
            yield Static("", id="card-types", classes="card")
            yield Static("", id="card-quality", classes="card")
        yield Label("Duplicate candidates", id="candidates-label")
        yield PagedTable(id="candidates")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#candidates", DataTable)
        table.add_column("Score", width=5)
        table.add_column("Persons", width=34)
        table.add_column("Why", width=max(20, (self.app.size.width or 80) - 50))
        table.focus()
        self.load()

    def load(self) -> None:
        """Count and look for duplicates (in workers)."""
        self._report(self.app.now())  # type: ignore[attr-defined]
        self._candidates()

    @work(thread=True, exclusive=True, group="audit-report", exit_on_error=False)
    def _report(self, now) -> None:
        self.post_message(Loaded("report", audit.audit_report(now)))

    @work(thread=True, exclusive=True, group="audit-duplicates", exit_on_error=False)
    def _candidates(self) -> None:
        found = duplicates.find_duplicates(limit=CANDIDATES)
        ids = sorted({pid for c in found for pid in c.person_ids})
        names = {row.id: row.name for row in person_query.person_rows(ids)}
        self.post_message(Loaded("candidates", found, {"names": names}))

    def on_loaded(self, message: Loaded) -> None:
        if message.key == "report":
            report: audit.AuditReport = message.value
            contacts = [(SHORT.get(f.key, f.label), f.count) for f in [*report.contacts, *report.recent]]
            self.query_one("#card-contacts", Static).update(card("Persons with…", contacts))
            types = [(t.capitalize(), n) for t, n in report.by_type.items()]
            types += [(f"country {c or '—'}", n) for c, n in report.by_country[:6]]
            self.query_one("#card-types", Static).update(card(f"{number(report.total)} persons", types))
            self.query_one("#card-quality", Static).update(
                card("Invalid-looking", [(SHORT.get(f.key, f.label), f.count) for f in report.suspicious])
            )
            return
        self.candidates = message.value
        names = message.extra["names"]
        table = self.query_one("#candidates", DataTable)
        table.clear()
        for candidate in self.candidates:
            people = " + ".join(f"#{pid} {names.get(pid, '?')}" for pid in candidate.person_ids)
            table.add_row(f"{candidate.score:.2f}", cell(people), cell(candidate.reason))
        self.query_one("#candidates-label", Label).update(
            f"Duplicate candidates: {len(self.candidates)}{'+' if len(self.candidates) >= CANDIDATES else ''}"
            " (m merges the highlighted one)"
        )

    def on_screen_resume(self) -> None:
        if self.candidates:
            self.load()

    def current(self) -> duplicates.DuplicateCandidate | None:
        """The highlighted candidate."""
        table = self.query_one("#candidates", DataTable)
        if not self.candidates:
            return None
        return self.candidates[min(table.cursor_row, len(self.candidates) - 1)]

    def action_merge(self) -> None:
        """Open the merge screen on the highlighted candidate."""
        candidate = self.current()
        if candidate is not None:
            self.app.merge_persons(list(candidate.person_ids))  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        candidate = self.current()
        if candidate is not None:
            self.app.open_person(candidate.person_ids[0])  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        """Count again."""
        self.load()
