"""Pilot tests of the export from the persons list (``x``): what is exported, the columns, the file.

Each drives the screens by the keyboard, then reads the file back and compares it with what
the store writes for the same list, or asserts the refusal shown under its field.
"""

from __future__ import annotations

import asyncio
import csv
import threading
from pathlib import Path

import openpyxl
from conftest import NOW, _send_key, press, settle, shown, type_text
from textual.widgets import Input, SelectionList

from store.persons import export
from store.persons.export_columns import load_rows
from store.persons.selection import all_selected_ids
from tui.app import ProfilesApp
from tui.export_screen import ExportScreen
from tui.persons_screen import PersonsScreen

SIZE = (120, 36)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


async def open_export(pilot) -> ExportScreen:
    await press(pilot, "x")
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_export_the_searched_list_to_csv_with_the_columns_picked(demo_url, tmp_path):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        persons = app.screen
        assert isinstance(persons, PersonsScreen)
        await press(pilot, "slash")
        await type_text(pilot, "hor")
        await press(pilot, "enter")
        screen = await open_export(pilot)
        assert f"Export persons: all but Anonymous · search 'hor' ({persons.total} persons)" in shown(pilot)
        columns = screen.query_one("#f-columns", SelectionList)
        columns.deselect_all()
        await press(pilot, "space", "down", "down", "down", "space")  # id, first_name
        await press(pilot, *["down"] * 13, "space")  # emails, the 17th column
        assert columns.selected == ["id", "first_name", "emails"]
        target = tmp_path / "hor.csv"
        screen.query_one("#f-path", Input).value = str(target)
        await press(pilot, "ctrl+s")
        assert app.screen is persons
        expected = tmp_path / "expected.csv"
        done = export.export_persons(
            persons.criteria, expected, columns=["id", "first_name", "emails"], search="hor"
        )
        rows = read_csv(target)
        assert rows[0] == ["id", "first_name", "emails"]
        assert rows == read_csv(expected) and len(rows) == done.exported + 1 == persons.total + 1
        assert [n.message for n in app._notifications][-1] == (
            f"Exported {done.exported:,} persons to {target} (readable by you only)."
        )


async def test_export_the_selection_to_xlsx(demo_url, tmp_path):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        persons = app.screen
        assert isinstance(persons, PersonsScreen)
        await press(pilot, "space", "down", "space")
        chosen = app.selection.explicit_ids()
        assert chosen is not None and len(chosen) == 2
        screen = await open_export(pilot)
        assert "Export 2 selected persons (2 persons)" in shown(pilot)
        await press(pilot, "shift+tab", "shift+tab", "enter", "down", "enter")  # the format: XLSX
        path = screen.query_one("#f-path", Input)
        assert path.value.endswith(".xlsx")
        target = tmp_path / "chosen.xlsx"
        path.value = str(target)
        await press(pilot, "ctrl+s")
        assert app.screen is persons
        sheet = openpyxl.load_workbook(target, read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("id", "type")
        assert [row[0] for row in rows[1:]] == chosen


async def test_export_a_whole_list_selection_but_one(demo_url, tmp_path):
    """``a`` selects the searched list, unloaded rows included; ``space`` leaves one out; the
    export holds exactly the rest, in the list's order."""
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        persons = app.screen
        assert isinstance(persons, PersonsScreen)
        await press(pilot, "slash")
        await type_text(pilot, "ho")
        await press(pilot, "enter")
        await press(pilot, "a", "space")  # all of the list, then the first one left out
        await settle(pilot)
        wanted = all_selected_ids(app.selection.value)
        assert 0 < len(wanted) == persons.total - 1
        screen = await open_export(pilot)
        screen.query_one("#f-columns", SelectionList).deselect_all()
        screen.query_one("#f-columns", SelectionList).select("id")
        target = tmp_path / "all-but-one.csv"
        screen.query_one("#f-path", Input).value = str(target)
        await press(pilot, "ctrl+s")
        assert app.screen is persons
        assert [int(row[0]) for row in read_csv(target)[1:]] == wanted


async def test_a_folder_for_the_file_is_refused_under_the_field(demo_url, tmp_path):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        folder = tmp_path / "out"
        folder.mkdir()
        screen.query_one("#f-path", Input).value = str(folder)
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        error = screen.query_one("#err-path")
        assert error.has_class("shown") and "it is a folder" in str(error.render())
        assert list(folder.iterdir()) == []
        await press(pilot, "escape")
        assert isinstance(app.screen, PersonsScreen)


async def test_escape_stops_a_running_export_and_writes_no_file(demo_url, tmp_path, monkeypatch):
    # Small batches, and the second one waits until escape was pressed: the export is
    # stopped between two batches, as on a long list.
    monkeypatch.setattr(export, "BATCH", 50)
    pressed = threading.Event()
    batches = []

    def gated_rows(columns, ids):
        batches.append(len(ids))
        if len(batches) == 2:
            pressed.wait(timeout=10)
        return load_rows(columns, ids)

    monkeypatch.setattr(export, "load_rows", gated_rows)
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_export(pilot)
        target = tmp_path / "stopped.csv"
        screen.query_one("#f-path", Input).value = str(target)
        _send_key(app, "ctrl+s")
        while len(batches) < 2:
            await asyncio.sleep(0.01)
        await press(pilot, "escape")
        assert "Stopping…" in shown(pilot)
        pressed.set()
        for _ in range(1000):  # a cancelled worker's thread ends its batch before it stops
            if not screen.running:
                break
            await asyncio.sleep(0.01)
        await settle(pilot)
        assert app.screen is screen
        assert "Export stopped:" in shown(pilot) and "was not written" in shown(pilot)
        assert not target.exists() and list(tmp_path.glob("*.csv*")) == []
        assert len(batches) == 2  # no batch was read after the stop
