"""The console: a keyboard-first Textual application over the store.

Top-level screens are Textual modes, one key each (``1`` Persons, ``2`` Companies,
``4`` Tags, ``6`` Imports, ``7`` Audit; the numbers of SCREENS.md, where segments and
events will take 3 and 5 when they exist). Details and forms are pushed on top of their
mode's screen. The command palette (ctrl+p) reaches every screen, every global action
and every key of the current screen by name.

| Key | Description |
| :- | :- |
| 1, 2, 4, 6, 7 | Persons, Companies, Tags, Imports, Audit |
| ? , f1 | Help: every key of this screen and the global ones |
| ctrl+p | Command palette |
| ctrl+t | Dark / light theme |
| ctrl+q | Quit |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

import store
from store.companies import count_companies
from store.events.recording import EventView
from store.persons import listing
from store.persons.listing import PersonCriteria

from .audit_screen import AuditScreen
from .base import WorkerErrors
from .companies_screen import CompaniesScreen
from .help_screen import HelpScreen, declared, screen_bindings
from .imports_screen import ImportsScreen
from .messages import HeaderCounts
from .persons_screen import PersonsScreen
from .tags_screen import TagsScreen
from .text import clean

TOP_SCREENS = (
    ("1", "persons", "Persons", "Find, read, change, tag and merge persons"),
    ("2", "companies", "Companies", "Companies and their members"),
    ("4", "tags", "Tags", "Tags with member counts"),
    ("6", "imports", "Imports", "The import wizard and the import history"),
    ("7", "audit", "Audit", "Data-quality counts and duplicate candidates"),
)
DARK, LIGHT = "textual-dark", "textual-light"


@dataclass(frozen=True)
class HeaderState:
    """What the header line shows."""

    label: str
    persons: int | None = None
    companies: int | None = None
    mode: str = "persons"
    tabs: tuple[tuple[str, str, str], ...] = field(default=tuple((k, m, t) for k, m, t, _h in TOP_SCREENS))


class ProfilesApp(WorkerErrors, App[None]):
    """Customer Profiles in the terminal.

    Args:
        url: the database URL (``sqlite:///PATH`` or ``postgresql://...``); the store is
            opened here, so a bad URL fails before the screen starts.
        now: a fixed "now" (naive UTC) for what depends on the clock: the audit's "last 7
            days" and the activity chart. Tests and screenshots pass one; None is the clock.
        dark: start in the dark theme (else light).
    """

    TITLE = "Customer Profiles"
    CSS_PATH = "app.tcss"
    MODES = {
        "persons": PersonsScreen,
        "companies": CompaniesScreen,
        "tags": TagsScreen,
        "audit": AuditScreen,
        "imports": ImportsScreen,
    }
    DEFAULT_MODE = "persons"
    BINDINGS = [
        *[
            Binding(key, f"go('{mode}')", title, show=False, id=f"go.{mode}", tooltip=help_)
            for key, mode, title, help_ in TOP_SCREENS
        ],
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, id="app.theme", tooltip="Dark / light"),
    ]

    header_state: reactive[HeaderState] = reactive(HeaderState(""), always_update=True)
    """The database label, its counts and the current top-level screen, for the header."""

    def __init__(self, url: str, *, now: dt.datetime | None = None, dark: bool = True) -> None:
        super().__init__()
        store.open(url)
        self.url = url
        self.fixed_now = now
        self.selection: dict[int, str] = {}
        self.persons_screen: PersonsScreen | None = None
        self.theme = DARK if dark else LIGHT
        self.set_reactive(ProfilesApp.header_state, HeaderState(store.current_url_label()))

    def now(self) -> dt.datetime:
        """The fixed time if one was given, else the current time (naive UTC)."""
        return self.fixed_now or dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def on_mount(self) -> None:
        # The header's counts wait for the first page of persons (which asks for them once
        # its rows are painted), so they never delay it; this timer covers a failed page.
        self.set_timer(1.0, self.count_once)

    def count_once(self) -> None:
        """Count for the header unless that has been done."""
        if self.header_state.persons is None:
            self.refresh_counts()

    def on_unmount(self) -> None:
        store.close()

    # ------------------------------------------------------------------ header counts

    def refresh_counts(self) -> None:
        """Count persons and companies again (in a worker) for the header."""
        self._counts()

    @work(thread=True, exclusive=True, group="app-counts", exit_on_error=False)
    def _counts(self) -> None:
        self.post_message(HeaderCounts(listing.count_persons(None), count_companies()))

    def on_header_counts(self, message: HeaderCounts) -> None:
        state = self.header_state
        self.header_state = HeaderState(
            state.label, message.persons, message.companies, state.mode, state.tabs
        )

    # ------------------------------------------------------------------ navigation

    def action_go(self, mode: str) -> None:
        """Show a top-level screen."""
        if self.current_mode != mode:
            self.switch_mode(mode)
        state = self.header_state
        self.header_state = HeaderState(state.label, state.persons, state.companies, mode, state.tabs)

    def open_person(self, person_id: int) -> None:
        """Show a person's detail."""
        from .person_detail import PersonDetailScreen

        self.push_screen(PersonDetailScreen(person_id))

    def edit_person(self, person_id: int | None) -> None:
        """Open the person form (a new person when ``person_id`` is None)."""
        from .person_form import PersonFormScreen

        self.push_screen(PersonFormScreen(person_id))

    def open_company(self, company_id: int) -> None:
        """Show a company's detail with its members."""
        from .company_detail import CompanyDetailScreen

        self.push_screen(CompanyDetailScreen(company_id))

    def edit_company(self, company_id: int | None) -> None:
        """Open the company form (a new company when ``company_id`` is None)."""
        from .company_form import CompanyFormScreen

        self.push_screen(CompanyFormScreen(company_id))

    def import_file(self) -> None:
        """Open the import wizard over the import history."""
        from .import_wizard import ImportWizard

        self.action_go("imports")
        self.push_screen(ImportWizard())

    def record_event(
        self, person_id: int, name: str, done: Callable[[EventView], None] | None = None
    ) -> None:
        """Open the event form for a person; ``done`` gets the recorded event."""
        from .event_form import EventFormScreen

        def recorded(event: EventView | None) -> None:
            if event is None:
                return
            self.notify(f"Recorded {clean(event.event)} at {event.at:%Y-%m-%d %H:%M} (UTC).")
            if done is not None:
                done(event)

        self.push_screen(EventFormScreen(person_id, name), recorded)

    def merge_persons(self, person_ids: list[int]) -> None:
        """Open the merge screen for these persons."""
        from .merge_screen import MergeScreen

        self.push_screen(MergeScreen(person_ids))

    def show_persons(
        self,
        *,
        tag: str | None = None,
        company: tuple[int, str] | None = None,
        criteria: PersonCriteria | None = None,
    ) -> None:
        """Go to the persons list filtered by a tag, a company (id, name) or any ``criteria``."""
        self.action_go("persons")
        if self.persons_screen is not None:
            if criteria is None:
                criteria = PersonCriteria(tag=tag, company_id=company[0] if company else None)
            self.persons_screen.set_filter(criteria, company[1] if company else "")

    # ------------------------------------------------------------------ help, theme, palette

    def action_help(self) -> None:
        """Show every key of the current screen and the global keys."""
        if isinstance(self.screen, HelpScreen):
            return
        own, glob = screen_bindings(self.screen)
        title = getattr(self.screen, "HELP_TITLE", None) or type(self.screen).__name__.replace("Screen", "")
        self.push_screen(HelpScreen(title, own, glob))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_clear_selection(self) -> None:
        """Forget the selected persons."""
        self.selection.clear()
        if self.persons_screen is not None:
            self.persons_screen.action_escape()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every screen, global action and key of the current screen, by name."""
        for key, mode, title, help_ in TOP_SCREENS:
            yield SystemCommand(f"Go to {title}", f"{help_} (key {key})", partial(self.action_go, mode))
        yield SystemCommand("New person", "Create a person profile", partial(self.edit_person, None))
        yield SystemCommand("New company", "Create a company profile", partial(self.edit_company, None))
        yield SystemCommand("Import a file", "The import wizard (6, then n)", self.import_file)
        yield SystemCommand(
            "Record an event",
            "For the person shown or highlighted (v on a person)",
            partial(self._record_event_here, screen),
        )
        yield SystemCommand(
            "Merge selected persons",
            f"Merge the {len(self.selection)} selected persons",
            partial(self._merge_selection),
        )
        yield SystemCommand("Clear selection", "Forget the selected persons", self.action_clear_selection)
        yield SystemCommand("Help: keys", "Every key of this screen (? or F1)", self.action_help)
        yield SystemCommand("Toggle dark / light theme", "ctrl+t", self.action_toggle_theme)
        if isinstance(screen, AuditScreen):
            yield from screen.finding_commands()
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or node is self or (binding.key, binding.action) not in declared(node):
                continue
            name = f"{binding.description} ({self.get_key_display(binding)})"
            if name in seen:
                continue
            seen.add(name)
            help_ = binding.tooltip or f"{type(node).__name__}: {binding.description}"
            yield SystemCommand(name, help_, partial(self.run_action, binding.action, node))
        yield from super().get_system_commands(screen)

    def _record_event_here(self, screen: Screen) -> None:
        """Record an event for the person ``screen`` shows, or the one highlighted in the persons list."""
        from .person_detail import PersonDetailScreen

        if isinstance(screen, PersonDetailScreen):
            screen.action_record_event()
            return
        row = screen.current() if isinstance(screen, PersonsScreen) else None
        if row is None:
            self.notify("Open a person, or highlight one in the persons list, first.", severity="warning")
            return
        self.record_event(row.id, row.name)

    def _merge_selection(self) -> None:
        if len(self.selection) < 2:
            self.notify("Select two or more persons in the persons list first (space).", severity="warning")
            return
        self.merge_persons(list(self.selection))
