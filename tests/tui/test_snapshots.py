"""Snapshots of every screen at 80x24 and 120x36, from the seeded demo with a fixed "now".

Nothing varies between runs: the demo's seed and clock are fixed, the app gets the same
"now", cursors do not blink. Regenerate with ``pytest tests/tui --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import pytest
from conftest import NOW, press, settle, steady
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import ProfilesApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


async def _edit_with_error(pilot: Pilot) -> None:
    await press(pilot, "e")
    pilot.app.screen.query_one("#f-first_name", Input).value = "Ana<"
    await press(pilot, "ctrl+s")


async def _protected_change(pilot: Pilot) -> None:
    await press(pilot, "e")
    pilot.app.screen.query_one("#f-first_name", Input).value = "Renamed"
    await press(pilot, "ctrl+s")


async def _event_with_error(pilot: Pilot) -> None:
    await press(pilot, "enter", "v", "enter", "down", "enter")  # AddedToCart, the first event
    for index, value in enumerate(["P-7", "Desk lamp", "cheap", "2"]):
        pilot.app.screen.query_one(f"#p-{index}", Input).value = value
    await press(pilot, "ctrl+s")


async def _segment_refused(pilot: Pilot) -> None:
    await press(pilot, "3", "enter", "down", "g")  # an empty group: the store refuses it


async def _segment_export(pilot: Pilot) -> None:
    await press(pilot, "3", "x")
    pilot.app.screen.query_one("#f-path", Input).value = "/tmp/members.csv"


async def _new_with_errors(pilot: Pilot) -> None:
    await press(pilot, "n")
    for field, value in (("first_name", "Ana<"), ("birth_date", "soon"), ("emails", "not-an-email")):
        pilot.app.screen.query_one(f"#f-{field}", Input).value = value
    await press(pilot, "ctrl+s")


async def _merge_first_candidate(pilot: Pilot) -> None:
    await press(pilot, "7", "home", "m")


async def _definition_with_error(pilot: Pilot) -> None:
    await press(pilot, "5", "n")
    pilot.app.screen.query_one("#f-event", Input).value = "Signed Up"
    pilot.app.screen.query_one("#pn-0", Input).value = "Plan"
    await press(pilot, "ctrl+n")
    pilot.app.screen.query_one("#pn-1", Input).value = "seats"
    await press(pilot, "ctrl+s")


async def _export_path(pilot: Pilot) -> None:
    await press(pilot, "x")
    pilot.app.screen.query_one("#f-path", Input).value = "/home/ana/persons.csv"  # not the working folder


async def _settings(pilot: Pilot) -> None:
    pilot.app.open_settings()
    await settle(pilot)


async def _recent_merges(pilot: Pilot) -> None:
    from store.events.models import PersonMerge
    from store.merging import duplicates, merges

    merges.merge_persons(list(duplicates.find_duplicates(limit=1)[0].person_ids), source="tui")
    PersonMerge.update(at=NOW).execute()  # the list shows when: the fixed "now", not the clock
    await press(pilot, "7", "h")


async def _tag_rename_refused(pilot: Pilot) -> None:
    await press(pilot, "4", "home", "e")
    pilot.app.screen.query_one(Input).value = "vip"
    await press(pilot, "enter")


IMPORT_FILE = (
    "email,phone,first name,last name,city\n"
    "ana.kovac@example.com,091 234 5678,Ana,Kovač,Zagreb\n"
    "not-an-email,,Ivo,Bad,Split\n"
    "ana.kovac@example.com,,Ana,Kovač,Zagreb\n"
)


def _import_folder() -> Path:
    """A folder with the same names on every run: a CSV to import, another file, a subfolder."""
    folder = Path(tempfile.mkdtemp(prefix="snapshot-import-"))
    (folder / "fair-leads.csv").write_text(IMPORT_FILE, encoding="utf-8")
    (folder / "notes.md").write_text("not importable", encoding="utf-8")
    (folder / "exports").mkdir()
    return folder


async def _wizard(pilot: Pilot, steps: int) -> None:
    """The import wizard on ``IMPORT_FILE``, ``steps`` steps in (0: the file step)."""
    from tui.import_wizard import ImportWizard

    await press(pilot, "6")
    folder = _import_folder()
    await pilot.app.push_screen(ImportWizard(folder=folder))
    await settle(pilot)
    if steps:
        pilot.app.screen.query_one("#path", Input).value = str(folder / "fair-leads.csv")
        await press(pilot, "enter")  # the preview
    if steps > 1:
        await press(pilot, "ctrl+n", "tab")  # the mapping; the default country
        pilot.app.screen.query_one("#country", Input).value = "HR"
        if steps == 2:
            await press(pilot, "shift+tab")
    if steps > 2:
        await press(pilot, "ctrl+n", "ctrl+n")  # analysed
    if steps > 3:
        await press(pilot, "ctrl+n")  # imported


async def _import_entry(pilot: Pilot, keys: tuple[str, ...] = ()) -> None:
    """The demo's first import (dated when the demo was built), with its error records."""
    from tui.import_entry import ImportEntryScreen

    await press(pilot, "6")
    await pilot.app.push_screen(ImportEntryScreen(1))
    await settle(pilot)
    await press(pilot, *keys)


SCREENS = {
    "persons": ["_"],
    "persons_search": ["slash", *"hor", "enter"],
    "persons_selection": ["space", "space", "down"],
    "persons_filter": ["f"],
    "persons_filter_tags": ["f", "tab", "enter"],
    "persons_filter_help": ["f", "f1"],
    "persons_select_all": ["a"],
    "persons_delete_selection": ["space", "space", "d"],
    "person_profile": ["enter"],
    "person_timeline": ["down", "enter", "i"],
    "person_history": ["enter", "h"],
    "person_event": ["down", "enter", "i", "enter"],
    "person_new": ["n"],
    "person_new_errors": _new_with_errors,
    "person_edit_error": _edit_with_error,
    "person_protected_confirm": _protected_change,
    "person_delete_confirm": ["d"],
    "event_form": ["enter", "v", "enter", "down", "enter"],
    "event_form_error": _event_with_error,
    "companies": ["2"],
    "companies_search": ["2", "slash", *"ba"],
    "company_detail": ["2", "enter"],
    "company_form": ["2", "e"],
    "tags": ["4"],
    "segments": ["3"],
    "segment_refused": _segment_refused,
    "segment_condition": ["3", "enter", "down", "enter"],
    "segment_export": _segment_export,
    "segment_explain": ["enter", "w", "enter"],
    "tag_rename_refused": _tag_rename_refused,
    "merge": _merge_first_candidate,
    "merges": _recent_merges,
    "audit": ["7"],
    "help": ["question_mark"],
    "events": ["5"],
    "events_templates": ["5", "s"],
    "events_feed": ["5", "f"],
    "events_feed_filter": ["5", "slash"],
    "event_definition_error": _definition_with_error,
    "export": _export_path,
    "settings": _settings,
    "imports": ["6"],
    "import_wizard_file": partial(_wizard, steps=0),
    "import_wizard_preview": partial(_wizard, steps=1),
    "import_wizard_mapping": partial(_wizard, steps=2),
    "import_wizard_analysis": partial(_wizard, steps=3),
    "import_wizard_done": partial(_wizard, steps=4),
    "import_entry": _import_entry,
    "import_undo_confirm": partial(_import_entry, keys=("u",)),
}


@pytest.mark.snapshot
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare, demo_url, name, size):
    steps = SCREENS[name]

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        if callable(steps):
            await steps(pilot)
        else:
            for key in steps:
                if key != "_":
                    await press(pilot, key)
        await settle(pilot)
        steady(pilot)

    app = ProfilesApp(demo_url, now=NOW)
    app.database_place = (
        "/home/ana/.local/share/profiles/demo.db"  # the test's own copy lives in a new folder each run
    )
    assert snap_compare(app, terminal_size=size, run_before=run_before)
