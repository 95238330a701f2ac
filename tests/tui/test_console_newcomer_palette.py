"""Issue 17: the command palette, the screenshot, the filter dialog and the person form."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from conftest import NOW, press, settle, shown
from textual.widgets import Select

from tui.app import ProfilesApp
from tui.help_screen import HelpScreen

SIZE = (120, 36)
SMALL = (80, 24)
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")  # PersonsScreen, PagedTable


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


def palette(app: ProfilesApp) -> list[tuple[str, str]]:
    return [(c.title, c.help) for c in app.get_system_commands(app.screen)]


async def test_the_palette_offers_plain_names_once_and_only_what_can_run(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = palette(app)
        titles = [title for title, _help in entries]
        assert len(titles) == len(set(titles))
        assert not [t for t in titles if "merge" in t.lower()]
        assert not [t for t in titles if "clear" in t.lower() and "selection" in t.lower()]
        for title, help_ in entries:
            assert not CLASS_NAME.search(title) and not CLASS_NAME.search(help_), (title, help_)
        await press(pilot, "space", "space")
        titles = [title for title, _help in palette(app)]
        assert "Merge (m)" in titles and "Clear selection (esc)" in titles
        assert len(titles) == len(set(titles))


async def test_screenshot_goes_to_the_home_folder_when_there_is_no_downloads_folder(
    demo_url, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    app = app_for(demo_url)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        await asyncio.sleep(0.3)
        await settle(pilot)
        saved = list(home.glob("*.svg"))
        assert len(saved) == 1 and "<svg" in saved[0].read_text(encoding="utf-8")
        assert f"Screenshot saved to {saved[0]}" in shown(pilot).replace("\n", "").replace(" ", "") or any(
            str(saved[0]) in n.message for n in app._notifications
        )


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_the_tag_drop_down_stays_inside_the_filter_dialog(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        frame = app.screen.query_one("Vertical").region
        await press(pilot, "tab", "enter")
        overlay = app.screen.query_one("#tag", Select).query_one("SelectOverlay").region
        assert overlay.height > 0 and frame.contains_region(overlay)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_opens_inside_the_filter_dialog_and_names_clearing(demo_url, key):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert "ctrl+r" in shown(pilot)
        await press(pilot, key)
        assert isinstance(app.screen, HelpScreen)
        assert "Clear filters" in shown(pilot)
