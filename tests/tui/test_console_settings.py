"""Pilot tests of the settings screen: reached from the palette, saved to the store, refusals under the field."""

from __future__ import annotations

from conftest import NOW, press, settle, shown, type_text
from textual.widgets import Input

from store import settings
from tui.app import ProfilesApp
from tui.settings_screen import SettingsScreen

SIZE = (120, 36)


async def _open_settings(pilot) -> SettingsScreen:
    await settle(pilot)
    await press(pilot, "ctrl+p")
    await type_text(pilot, "Settings")
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_the_palette_opens_the_settings_and_a_country_is_saved(empty_url):
    app = ProfilesApp(empty_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_settings(pilot)
        assert "Default country" in shown(pilot)
        box = screen.query_one("#f-default_country", Input)
        assert box.has_focus and box.value == ""
        await type_text(pilot, "hr")
        await press(pilot, "ctrl+s")
        assert settings.default_country() == "HR"
        assert box.value == "HR"
        assert [n.message for n in app._notifications] == ["Saved: Default country."]
        await press(pilot, "escape")
        assert not isinstance(app.screen, SettingsScreen)


async def test_a_refused_country_is_shown_under_its_field_and_not_stored(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_settings(pilot)
        box = screen.query_one("#f-default_country", Input)
        assert box.value == "HR"  # the demo's country
        box.value = "XX"
        await press(pilot, "ctrl+s")
        text = shown(pilot)
        assert "Default country 'XX' is not a region code" in text
        error_line = next(line for line in text.splitlines() if "'XX' is not a region" in line)
        assert text.splitlines().index(error_line) > next(
            i for i, line in enumerate(text.splitlines()) if "Default country" in line
        )
        assert settings.default_country() == "HR"
        await press(pilot, "escape")  # a changed field asks first
        assert "Discard the changed settings?" in shown(pilot)
