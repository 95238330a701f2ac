"""The audit view: data-quality counts and the duplicate candidates, with a merge action.

Each figure is a line of a card; enter on it (or a click) opens the persons list filtered
to exactly the persons it counts: the store hands every figure with its criteria, and
the list counts them with the same query, so the two numbers agree. While this screen
shows, the command palette lists every figure too ("Persons without an email (455)").

| Key | Description |
| :- | :- |
| tab, shift+tab | Next / previous card, then the duplicate candidates |
| up, down | Highlight a figure of the card |
| enter | On a figure: the persons it counts; on a candidate: its first person |
| m | Merge the highlighted duplicate candidate |
| r | Count again |
| h | Recent merges: undo one |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import DataTable, Footer, Label, OptionList
from textual.widgets.option_list import Option

from store import audit
from store.audit import AuditReport, Finding
from store.merging import duplicates
from store.persons import listing

from .base import StoreScreen
from .labels import SHORT_CHECKS, short_country
from .messages import AuditCounted, DuplicatesFound
from .text import cell, clean, number
from .widgets.app_header import AppHeader
from .widgets.paged_table import PagedTable

CANDIDATES = 100
COUNTRIES_SHOWN = 6
SHORT_RULES = {
    "name_birth_date": "name, birth date",
    "name_company": "name, company",
    "similar_name": "similar name",
}
SHORT_RECENT = {"created_7": "new, last 7 days", "created_30": "new, last 30 days"}


def short_label(finding: Finding) -> str:
    """A figure's label in the few words a card has room for."""
    if finding.criteria.check is not None:
        return SHORT_CHECKS.get(finding.criteria.check, finding.label)
    if finding.criteria.country is not None:
        return short_country(finding.criteria.country)
    if finding.key.startswith("type_"):
        return finding.key.removeprefix("type_").capitalize()
    return SHORT_RECENT.get(finding.key, finding.label)


def figure_line(label: str, count: int) -> Table:
    """One line of a card: the label (cut with an ellipsis when narrow) and the count on the right."""
    line = Table.grid(expand=True, padding=(0, 0, 0, 1))
    line.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    line.add_column(justify="right", no_wrap=True)
    line.add_row(Text(clean(label)), Text(number(count)))
    return line


class FigureCard(OptionList):
    """A card of audit figures, one a line; enter opens the persons list filtered to the highlighted one."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Show persons",
            id="audit.show",
            tooltip="The persons list, filtered to the persons this figure counts",
        ),
    ]

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(Option("Counting…", disabled=True), id=id, classes="card")
        self.border_title = title
        self.findings: list[Finding] = []

    def show(self, title: str, findings: list[Finding]) -> None:
        """Show these figures, keeping the highlighted line where it was."""
        highlighted = self.highlighted or 0
        self.border_title = title
        self.findings = findings
        self.set_options([Option(figure_line(short_label(f), f.count)) for f in findings])
        if findings:
            self.highlighted = min(highlighted, len(findings) - 1)

    def current(self) -> Finding | None:
        """The highlighted figure."""
        if self.highlighted is None or not self.findings:
            return None
        return self.findings[self.highlighted]


class AuditScreen(StoreScreen[None]):
    """Data quality at a glance."""

    HELP_TITLE = "Audit"
    BINDINGS = [
        Binding("m", "merge", "Merge candidate", id="audit.merge", tooltip="Merge the highlighted candidate"),
        Binding("r", "refresh", "Refresh", id="audit.refresh"),
        Binding("h", "merges", "Merges", id="audit.merges", tooltip="Recent merges: undo one"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[duplicates.DuplicateCandidate] = []
        self.names: dict[int, str] = {}
        self.report: AuditReport | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="cards"):
            yield FigureCard("Persons with…", id="card-contacts")
            yield FigureCard("Persons", id="card-types")
            yield FigureCard("Invalid-looking", id="card-quality")
        yield Label("Duplicate candidates", id="candidates-label")
        yield PagedTable(id="candidates")
        yield Footer()

    def on_mount(self) -> None:
        self._columns()
        self.query_one("#card-contacts", FigureCard).focus()
        self.load()

    def on_resize(self) -> None:
        if self._columns():
            self._show_candidates()

    def _columns(self) -> bool:
        """Score, persons and reason columns that fill the width; the persons get what is left.

        Below 120 columns the reason is its rule in a few words (``SHORT_RULES``), so the
        names of a pair fit at 80.
        """
        width = self.size.width or self.app.size.width or 80
        why = 16 if width < 120 else 40
        wanted = (why, max(30, width - 5 - why - 8))
        if getattr(self, "_widths", None) == wanted:
            return False
        self._widths = wanted
        table = self.query_one("#candidates", DataTable)
        table.clear(columns=True)
        table.add_column("Score", width=5)
        table.add_column("Persons", width=wanted[1])
        table.add_column("Why", width=why)
        return True

    def load(self) -> None:
        """Count and look for duplicates (in workers)."""
        self._report(self.app.now())
        self._candidates()

    @work(thread=True, exclusive=True, group="audit-report", exit_on_error=False)
    def _report(self, now: dt.datetime) -> None:
        self.post_message(AuditCounted(audit.audit_report(now)))

    @work(thread=True, exclusive=True, group="audit-duplicates", exit_on_error=False)
    def _candidates(self) -> None:
        found = duplicates.find_duplicates(limit=CANDIDATES)
        ids = sorted({pid for c in found for pid in c.person_ids})
        names = {row.id: row.name for row in listing.person_rows(ids)}
        self.post_message(DuplicatesFound(found, names))

    def on_audit_counted(self, message: AuditCounted) -> None:
        report = self.report = message.report
        self.query_one("#card-contacts", FigureCard).show("Persons with…", [*report.contacts, *report.recent])
        types = [*report.types, *report.countries[:COUNTRIES_SHOWN]]
        self.query_one("#card-types", FigureCard).show(f"{number(report.total)} persons", types)
        self.query_one("#card-quality", FigureCard).show("Invalid-looking", report.suspicious)

    def on_duplicates_found(self, message: DuplicatesFound) -> None:
        self.candidates = message.candidates
        self.names = message.names
        self._show_candidates()

    def _show_candidates(self) -> None:
        table = self.query_one("#candidates", DataTable)
        row = table.cursor_row
        table.clear()
        short = self._widths[0] < 40
        for candidate in self.candidates:
            people = " + ".join(f"#{pid} {self.names.get(pid, '?')}" for pid in candidate.person_ids)
            why = SHORT_RULES.get(candidate.rule, candidate.reason) if short else candidate.reason
            table.add_row(f"{candidate.score:.2f}", cell(people), cell(why))
        if self.candidates:
            table.move_cursor(row=min(row, len(self.candidates) - 1), animate=False)
        self.query_one("#candidates-label", Label).update(
            f"Duplicate candidates: {len(self.candidates)}{'+' if len(self.candidates) >= CANDIDATES else ''}"
            " (m merges the highlighted one)"
        )

    def on_screen_resume(self) -> None:
        if self.candidates:
            self.load()

    @on(OptionList.OptionSelected)
    def _show_figure(self, event: OptionList.OptionSelected) -> None:
        card = event.option_list
        if isinstance(card, FigureCard) and event.option_index < len(card.findings):
            self.show_finding(card.findings[event.option_index])

    def show_finding(self, finding: Finding) -> None:
        """Open the persons list filtered to exactly the persons ``finding`` counts."""
        self.app.show_persons(criteria=finding.criteria)

    def finding_commands(self) -> Iterator[SystemCommand]:
        """A palette command for every figure shown: the persons list filtered to it.

        The palette reads titles as markup; a country is user data, so it is escaped.
        """
        if self.report is None:
            return
        shown = [*self.report.contacts, *self.report.recent, *self.report.types]
        shown += [*self.report.countries[:COUNTRIES_SHOWN], *self.report.suspicious]
        for finding in shown:
            yield SystemCommand(
                f"Persons {escape(clean(finding.label))} ({number(finding.count)})",
                "Audit: the persons list, filtered to the persons this figure counts",
                partial(self.show_finding, finding),
            )

    def current(self) -> duplicates.DuplicateCandidate | None:
        """The highlighted candidate."""
        table = self.query_one("#candidates", DataTable)
        if not self.candidates:
            return None
        return self.candidates[min(table.cursor_row, len(self.candidates) - 1)]

    def action_merges(self) -> None:
        """Show the recent merges, where one can be undone."""
        self.app.open_merges()

    def action_merge(self) -> None:
        """Open the merge screen on the highlighted candidate."""
        candidate = self.current()
        if candidate is not None:
            self.app.merge_persons(list(candidate.person_ids))

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        candidate = self.current()
        if candidate is not None:
            self.app.open_person(candidate.person_ids[0])

    def action_refresh(self) -> None:
        """Count again."""
        self.load()
