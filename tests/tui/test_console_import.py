"""Pilot tests of the import wizard and the import history (``6``), driven by the keyboard.

The wizard runs the engine's one run in its helper process (``store.importing.job_process``);
each test asserts what the screens show and what the store and the history then hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOW, press, settle, shown, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, ProgressBar

import store
from store.importing import history as import_history
from store.persons import listing, profiles
from tui.app import ProfilesApp
from tui.import_entry import ImportEntryScreen
from tui.import_wizard import ImportWizard
from tui.imports_screen import ImportsScreen

SIZE = (120, 36)
FILE = (
    "email,phone,first name,city\n"
    "lea.lead@example.com,,Leona,Zagreb\n"
    "nova.new@example.com,091 234 5678,Nova,Split\n"
    "not-an-email,,Bad,Rijeka\n"
    "nova.new@example.com,,Nova,Split\n"
)


@pytest.fixture
def lead(demo_url: str) -> int:
    """An existing Lead the file matches (by email)."""
    store.open(demo_url)
    person = profiles.create_person({"type": "lead", "first_name": "Lea", "emails": ["lea.lead@example.com"]})
    store.close()
    return person.id


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "fair-leads.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def table_text(pilot: Pilot, selector: str) -> list[str]:
    """Each row of a table of the current screen as one line of its cells' text."""
    table = pilot.app.screen.query_one(selector, DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def open_wizard(pilot: Pilot, path: Path) -> ImportWizard:
    """6, n, type the path, enter: the preview step."""
    await settle(pilot)
    await press(pilot, "6")
    assert isinstance(pilot.app.screen, ImportsScreen)
    await press(pilot, "n")
    wizard = pilot.app.screen
    assert isinstance(wizard, ImportWizard)
    await type_text(pilot, str(path))
    await press(pilot, "enter")
    return wizard


async def test_import_with_merge_through_the_wizard(demo_url, lead, csv_file):
    persons_before = None
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        persons_before = listing.count_persons()
        wizard = await open_wizard(pilot, csv_file)
        assert wizard.step == "preview"
        text = shown(pilot)
        assert "encoding utf-8" in text and "delimiter ','" in text
        assert "nova.new@example.com" in text
        await press(pilot, "ctrl+n")  # the mapping, proposed from the header
        assert wizard.step == "mapping"
        assert [row.split(" | ")[2] for row in table_text(pilot, "#mapping-table")] == [
            "email",
            "phone",
            "first_name",
            "city",
        ]
        await press(pilot, "tab")
        await type_text(pilot, "HR")  # the default country of the phone column
        await press(pilot, "ctrl+n")
        assert wizard.step == "analyse"
        await press(pilot, "enter", "down", "enter")  # On match: Merge
        await press(pilot, "ctrl+n")  # analyse
        assert wizard.stage == "analysed"
        summary = shown(pilot)
        assert "4 rows · 3 valid · 1 invalid · 1 joined in the file · 1 match existing persons" in summary
        findings = table_text(pilot, "#findings")
        assert any(r.startswith("invalid | 4 | email") for r in findings)
        assert "in file | 3, 5 | email | one record, joined by email 'nova.new@example.com'" in findings
        assert f"match | 2 | → person #{lead} | merge: 2 changes" in findings
        assert " |  | first_name | 'Lea' → 'Leona'" in findings
        assert " |  | city | (empty) → 'Zagreb'" in findings
        assert listing.count_persons() == persons_before  # nothing imported yet
        await press(pilot, "ctrl+n")  # import
        assert wizard.step == "run" and wizard.stage == "done"
        bar = wizard.query_one("#run-progress", ProgressBar)
        assert bar.percentage == 1.0
        assert "100%" in shown(pilot)
        assert "Imported: 1 created, 1 updated, 0 discarded." in shown(pilot)
        assert listing.count_persons() == persons_before + 1
        merged = profiles.get_person(lead)
        assert (merged.first_name, merged.city) == ("Leona", "Zagreb")
        nova = profiles.get_person(profiles.find_person_id(phone="+385912345678"))
        assert (nova.first_name, nova.type) == ("Nova", "lead")
        ours = [e for e in import_history.list_imports() if e.file_name == "fair-leads.csv"]
        assert len(ours) == 1
        entry = ours[0]
        assert (entry.status, entry.rows, entry.valid, entry.invalid, entry.created, entry.updated) == (
            "completed_with_errors",
            4,
            3,
            1,
            1,
            1,
        )
        await press(pilot, "h")  # the link to the result in the history
        assert isinstance(app.screen, ImportEntryScreen) and app.screen.import_id == entry.id
        assert any("not-an-email" in row for row in table_text(pilot, "#import-errors"))
