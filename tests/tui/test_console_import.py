"""Pilot tests of the import wizard and the import history (``6``), driven by the keyboard.

The wizard runs the engine's one run in its helper process (``store.importing.job_process``);
each test asserts what the screens show and what the store and the history then hold.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import NOW, press, settle, shown, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, ProgressBar

import store
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
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
        first = wizard.finding_details[0]  # the highlighted finding in full, under the table
        assert first.startswith("row 4 · email: ") and first in shown(pilot)
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


async def test_cancel_a_long_import_midway(demo_url, tmp_path):
    path = tmp_path / "many.csv"
    lines = ["email,first name,last name"]
    lines += [f"person{n}@example.org,First{n},Last{n}" for n in range(60_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        before = listing.count_persons()
        wizard = await open_wizard(pilot, path)
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")  # mapping, analyse, analysed
        assert wizard.stage == "analysed" and wizard.analysis is not None
        assert wizard.analysis.valid == 60_000
        await pilot.press("ctrl+n")  # import, without waiting for it to end
        bar = wizard.query_one("#run-progress", ProgressBar)
        for _ in range(600):
            if wizard.stage == "writing" and (bar.progress or 0) > 0:
                break
            await asyncio.sleep(0.05)
        assert wizard.stage == "writing", "the import ended before it could be cancelled"
        await press(pilot, "c")
        assert wizard.stage == "done" and wizard.result is not None
        assert wizard.result.status == "cancelled"
        assert "Cancelled: nothing was imported." in shown(pilot)
        assert listing.count_persons() == before
        entry = import_history.list_imports()[0]
        assert (entry.file_name, entry.status, entry.created) == ("many.csv", "cancelled", 0)


@pytest.fixture
def imported(demo_url: str, lead: int, csv_file: Path) -> int:
    """Two imports in the history, the older one of ``FILE`` with Merge (1 created, 1 updated, 1 invalid)."""
    store.open(demo_url)
    first = drive(import_file(csv_file, ImportOptions(on_match="merge", country="HR")))
    drive(import_file(csv_file, ImportOptions(on_match="discard", country="HR")))
    store.close()
    return first.import_id


async def test_history_lists_every_column_opens_exports_and_undoes(demo_url, imported, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = import_history.list_imports(now=NOW)  # the console's 14 days end at its "now"
        target = next(i for i, e in enumerate(entries) if e.id == imported)
        entry = entries[target]
        assert (entry.status, entry.created, entry.updated) == ("completed_with_errors", 1, 1)
        await press(pilot, "6")
        rows = table_text(pilot, "#history")
        assert len(rows) == len(entries)
        cells = [c.strip() for c in rows[target].split(" | ")]
        assert cells[:8] == [
            str(entry.id),
            f"{entry.started_at:%Y-%m-%d %H:%M}",
            entry.file_name,
            "completed with errors",
            f"{entry.rows:,}",
            f"{entry.valid:,}",
            f"{entry.invalid:,}",
            f"{entry.created:,}",
        ]
        await press(pilot, *["down"] * target, "enter")
        screen = app.screen
        assert isinstance(screen, ImportEntryScreen) and screen.import_id == entry.id
        errors = import_history.import_errors(entry.id)
        assert len(table_text(pilot, "#import-errors")) == len(errors) > 0
        assert f"Error records: {len(errors):,}" in shown(pilot)
        await press(pilot, "x", "enter")  # the proposed file name
        written = tmp_path / f"import-{entry.id}-errors.csv"
        assert written.read_bytes().decode("utf-8") == import_history.errors_csv(entry.id)
        await press(pilot, "x", "enter")  # the same name again: refused, the file is kept
        assert "exists already" in shown(pilot)
        await press(pilot, "escape")
        persons = listing.count_persons()
        await press(pilot, "u")
        text = shown(pilot)
        assert f"Undo import #{entry.id}" in text and f"removes the {entry.created:,} persons" in text
        assert listing.count_persons() == persons  # the preview changed nothing
        await press(pilot, "y")
        assert import_history.get_import(entry.id).status == "undone"
        assert listing.count_persons() == persons - entry.created
        assert f"Import #{entry.id} · fair-leads.csv · undone" in shown(pilot)


async def test_a_refused_file_says_why_and_leaves_the_wizard_ready(demo_url, tmp_path, csv_file):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot, empty)
        assert wizard.step == "file"
        assert "The file is empty (0 bytes): there is nothing to import." in shown(pilot)
        path = wizard.query_one("#path", Input)
        path.value = ""
        await type_text(pilot, str(csv_file))
        await press(pilot, "enter")
        assert wizard.step == "preview" and "lea.lead@example.com" in shown(pilot)
        assert "nothing to import" not in shown(pilot)
        assert import_history.list_imports() == []


async def test_a_file_without_an_identifier_column_is_refused_at_the_mapping(demo_url, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("first name,city\nAna,Zagreb\n", encoding="utf-8")
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot, path)
        await press(pilot, "ctrl+n", "ctrl+n", "ctrl+n")
        assert wizard.step == "mapping" and wizard.stage == "idle"
        assert "No column maps to external id or phone or email" in shown(pilot)
        assert [(e.file_name, e.status) for e in import_history.list_imports()] == [("names.csv", "refused")]
