"""Home and end go to the first and the last row of every list held in full (issue 17 walk)."""

from __future__ import annotations

from conftest import NOW, press, settle

from tui.app import ProfilesApp
from tui.widgets.row_table import RowTable


async def test_end_and_home_move_through_the_event_definitions(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        table = app.focused
        assert isinstance(table, RowTable) and table.row_count > 2
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
        await press(pilot, "home")
        assert table.cursor_row == 0


async def test_end_goes_to_the_last_segment(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.focused
        assert isinstance(table, RowTable) and table.row_count > 1
        await press(pilot, "end")
        assert table.cursor_row == table.row_count - 1
