"""At 80x24 every screen's footer shows all its keys: none hidden behind ``^p palette`` or cut."""

from __future__ import annotations

import pytest
from conftest import NOW, press, settle, shown
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.app import ProfilesApp

SCREENS = {
    "persons": [],
    "persons search box": ["slash"],
    "person detail": ["enter"],
    "person timeline": ["enter", "i"],
    "person history": ["enter", "h"],
    "person form": ["e"],
    "new person": ["n"],
    "event form": ["enter", "v"],
    "companies": ["2"],
    "company detail": ["2", "enter"],
    "company form": ["2", "e"],
    "segments": ["3"],
    "segment editor": ["3", "enter"],
    "tags": ["4"],
    "events definitions": ["5"],
    "events template sets": ["5", "s"],
    "events feed": ["5", "f"],
    "event definition form": ["5", "n"],
    "export": ["x"],
    "audit figures": ["7"],
    "audit candidates": ["7", "tab", "tab", "tab"],
    "merge": ["7", "m"],
    "merges": ["7", "h"],
    "imports": ["6"],
    "import wizard": ["6", "n"],
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_the_footer_fits_80_columns(demo_url, name):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in SCREENS[name]:
            await press(pilot, key)
        footer = app.screen.query_one(Footer)
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        palette = footer.query_one(".-command-palette", FooterKey)
        assert keys, "the footer shows keys"
        for key in keys:
            assert key.region.right <= palette.region.x, f"{key.description!r} is behind {palette.region}"
        last = shown(pilot).splitlines()[-1]
        assert keys[-1].description in last and "^p palette" in last
