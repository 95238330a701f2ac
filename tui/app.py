"""The console: a keyboard-first Textual application over the store.

Top-level screens are Textual modes, one key each (``1`` Persons, ``2`` Companies,
``3`` Segments, ``4`` Tags, ``5`` Events, ``6`` Imports, ``7`` Audit; the numbers of
SCREENS.md). Details and forms are pushed on top of their
mode's screen. The command palette (ctrl+p) reaches every screen, every global action
and every key of the current screen by name.

| Key | Description |
| :- | :- |
| 1, 2, 3, 4, 5, 6, 7 | Persons, Companies, Segments, Tags, Events, Imports, Audit |
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
from pathlib import Path

from textual import work
from textual.app import SystemCommand
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
from .events_screen import EventsScreen
from .help_screen import HelpScreen, declared, screen_bindings
from .imports_screen import ImportsScreen
from .key_order import OrderedKeys
from .messages import HeaderCounts
from .persons_screen import PersonsScreen
from .segments_screen import SegmentsScreen
from .selection import PersonsSelection
from .tags_screen import TagsScreen
from .text import clean


def screenshot_folder() -> Path:
    """Where a screenshot goes: ``~/Downloads`` when it exists, else the home folder."""
    downloads = Path.home() / "Downloads"
    return downloads if downloads.is_dir() else Path.home()


TOP_SCREENS = (
    ("1", "persons", "Persons", "Find, read, change, tag and merge persons"),
    ("2", "companies", "Companies", "Companies and their members"),
    ("3", "segments", "Segments", "Dynamic segments: conditions with a live count, members"),
    ("4", "tags", "Tags", "Tags with member counts"),
    ("5", "events", "Events", "Event definitions, template sets and recent events"),
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


class ProfilesApp(WorkerErrors, OrderedKeys):
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
        "segments": SegmentsScreen,
        "tags": TagsScreen,
        "events": EventsScreen,
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
        self.selection = PersonsSelection()
        self.persons_screen: PersonsScreen | None = None
        self.theme = DARK if dark else LIGHT
        self.set_reactive(ProfilesApp.header_state, HeaderState(store.current_url_label()))
        self.database_place = store.current_database_place()  # in full: the header's tooltip, the help

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

    def open_settings(self) -> None:
        """Show the store settings."""
        from .settings_screen import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def merge_persons(self, person_ids: list[int]) -> None:
        """Open the merge screen for these persons."""
        from .merge_screen import MergeScreen

        self.push_screen(MergeScreen(person_ids))

    def open_merges(self) -> None:
        """Show the recent merges (where one is undone)."""
        from .merges_screen import MergesScreen

        self.push_screen(MergesScreen())

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
        self.push_screen(HelpScreen(title, own, glob, self.database_place))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_clear_selection(self) -> None:
        """Forget the selected persons."""
        self.selection.clear()
        if self.persons_screen is not None:
            self.persons_screen.selection_cleared()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every screen, the global actions and the keys of the current screen,
        by plain names, each once, and only those that can run now."""
        commands: dict[str, SystemCommand] = {}

        def offer(title: str, help_: str, callback: Callable[[], object]) -> None:
            commands.setdefault(title, SystemCommand(title, help_, callback))

        for key, mode, title, help_ in TOP_SCREENS:
            if mode != self.current_mode:
                offer(f"Go to {title}", f"{help_} (key {key})", partial(self.action_go, mode))
        for title, help_, callback in self._screen_keys(screen):
            offer(title, help_, callback)
        offer("New person", "Create a person profile", partial(self.edit_person, None))
        if not isinstance(screen, CompaniesScreen):
            offer("New company", "Create a company profile", partial(self.edit_company, None))
        offer("Import a file", "The import wizard (6, then n)", self.import_file)
        if self._event_target(screen) is not None:
            offer(
                "Record an event",
                "For the person shown or highlighted (v on a person)",
                partial(self._record_event_here, screen),
            )
        ids = self.selection.explicit_ids()
        if not isinstance(screen, PersonsScreen) and ids is not None and len(ids) >= 2:
            offer(
                f"Merge the {len(ids)} selected persons",
                "Open the merge of the selection",
                partial(self.merge_persons, ids),
            )
        if self.selection and not isinstance(screen, PersonsScreen):
            offer(
                "Clear the selection",
                "Forget the selected persons"
                if self.selection.count is None
                else f"Forget the {self.selection.count:,} selected persons",
                self.action_clear_selection,
            )
        offer(
            "Help: keys of this screen",
            "Every key of this screen and the global ones (? or F1)",
            self.action_help,
        )
        offer("Toggle dark / light theme", "ctrl+t", self.action_toggle_theme)
        offer(
            "Screenshot",
            "Save an SVG picture of the screen (to ~/Downloads, else your home folder)",
            self._screenshot_soon,
        )
        if not isinstance(screen, AuditScreen):  # there its own key, h, offers the merges
            offer("Recent merges", "The merges, newest first: undo one (u)", self.open_merges)
        offer("Settings", "Default phone country and the store's other settings", self.open_settings)
        offer("Quit", "Leave the console (ctrl+q)", self.action_quit)
        if isinstance(screen, AuditScreen):
            yield from screen.finding_commands()
        yield from commands.values()

    def _screen_keys(self, screen: Screen) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """(name, help, run) of each key the console declares on ``screen`` and its focused
        widgets, when it can run now (a screen's ``palette_offers`` says). Two keys of the
        same name (a table's enter and the screen's e, both "Edit") are one entry."""
        keys: dict[str, list[str]] = {}
        entries: dict[str, tuple[str, Callable[[], object]]] = {}
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or node is self or (binding.key, binding.action) not in declared(node):
                continue
            offers = getattr(node, "palette_offers", None)
            if offers is not None and not offers(binding.action):
                continue
            keys.setdefault(binding.description, []).append(self.get_key_display(binding))
            entries.setdefault(
                binding.description,
                (binding.tooltip or binding.description, partial(self.run_action, binding.action, node)),
            )
        for name, (help_, run) in entries.items():
            yield f"{name} ({', '.join(keys[name])})", help_, run

    def _event_target(self, screen: Screen) -> object | None:
        """The person an event would be recorded for from ``screen``, or None."""
        from .person_detail import PersonDetailScreen

        if isinstance(screen, PersonDetailScreen):
            return screen
        return screen.current() if isinstance(screen, PersonsScreen) else None

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

    # ------------------------------------------------------------------ screenshot

    def _screenshot_soon(self) -> None:
        """Take the screenshot once the palette has closed."""
        self.set_timer(0.1, self.take_screenshot)

    def take_screenshot(self) -> None:
        """Save an SVG of the screen in a folder that exists (``screenshots.screenshot_folder``)
        and say where (the file is written in a worker)."""
        folder = screenshot_folder()
        name = f"customer-profiles-{dt.datetime.now():%Y-%m-%d_%H-%M-%S}.svg"
        self._write_screenshot(folder / name, self.export_screenshot())

    @work(thread=True, group="app-screenshot", exit_on_error=False)
    def _write_screenshot(self, path: Path, svg: str) -> None:
        try:
            path.write_text(svg, encoding="utf-8")
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"Could not save the screenshot to {path}: {exc.strerror}.", severity="error"
            )
            return
        self.call_from_thread(self.notify, f"Screenshot saved to {path}")
