"""Snapshots of every screen at 80x24 and 120x36, from the seeded demo with a fixed "now".

Nothing varies between runs: the demo's seed and clock are fixed, the app gets the same
"now", cursors do not blink. Regenerate with ``pytest tests/tui --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

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


async def _new_with_errors(pilot: Pilot) -> None:
    await press(pilot, "n")
    for field, value in (("first_name", "Ana<"), ("birth_date", "soon"), ("emails", "not-an-email")):
        pilot.app.screen.query_one(f"#f-{field}", Input).value = value
    await press(pilot, "ctrl+s")


async def _merge_first_candidate(pilot: Pilot) -> None:
    await press(pilot, "7", "home", "m")


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
    "person_new": ["n"],
    "person_new_errors": _new_with_errors,
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
