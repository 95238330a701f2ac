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


async def _merge_first_candidate(pilot: Pilot) -> None:
    await press(pilot, "7", "home", "m")


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
    "person_profile": ["enter"],
    "person_timeline": ["down", "enter", "i"],
    "person_history": ["enter", "h"],
    "person_new": ["n"],
    "person_edit_error": _edit_with_error,
    "person_protected_confirm": _protected_change,
    "person_delete_confirm": ["d"],
    "event_form": ["enter", "v", "enter", "down", "enter"],
    "event_form_error": _event_with_error,
    "companies": ["2"],
    "company_detail": ["2", "enter"],
    "company_form": ["2", "e"],
    "tags": ["4"],
    "merge": _merge_first_candidate,
    "audit": ["7"],
    "help": ["question_mark"],
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

    assert snap_compare(ProfilesApp(demo_url, now=NOW), terminal_size=size, run_before=run_before)
