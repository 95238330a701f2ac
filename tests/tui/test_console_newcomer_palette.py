"""Issue 17: the command palette, the screenshot, the filter dialog and the person form."""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path

import pytest
from conftest import NOW, _send_key, press, settle, shown, type_text
from textual.widgets import Input, Select, Static

from tui.app import ProfilesApp
from tui.help_screen import HelpScreen
from tui.person_form import PersonFormScreen

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
        assert not [t for t in titles if t.lower().startswith("merge")]  # nothing selected to merge
        assert not [t for t in titles if "clear" in t.lower() and "selection" in t.lower()]
        for title, help_ in entries:
            assert not CLASS_NAME.search(title) and not CLASS_NAME.search(help_), (title, help_)
        await press(pilot, "space", "space")
        titles = [title for title, _help in palette(app)]
        assert "Merge (m)" in titles and "Clear selection (esc)" in titles
        assert len(titles) == len(set(titles))


async def test_the_audit_palette_offers_the_merges_once(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        titles = [title for title, _help in palette(app)]
        assert [t for t in titles if "merges" in t.lower()] == ["Merges (h)"]
        await press(pilot, "1")
        assert "Recent merges" in [title for title, _help in palette(app)]


async def test_two_keys_of_one_name_are_one_palette_entry(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        titles = [title for title, _help in palette(app)]
        assert [t for t in titles if t.startswith("Edit")] == ["Edit (⏎, e)"]


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


def field_error(app: ProfilesApp, name: str) -> str:
    return str(app.screen.query_one(f"#err-{name}", Static).render())


async def focus_and_type(pilot, field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#f-{field}", Input).focus()
    await type_text(pilot, text)


async def test_the_person_form_shows_every_error_at_once_and_an_edit_clears_its_own(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await focus_and_type(pilot, "first_name", "Ana<")
        await focus_and_type(pilot, "birth_date", "soon")
        await focus_and_type(pilot, "emails", "not-an-email")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PersonFormScreen)
        assert "'<'" in field_error(app, "first_name")
        assert "soon" in field_error(app, "birth_date")
        assert "not-an-email" in field_error(app, "emails")
        await focus_and_type(pilot, "birth_date", "x")
        assert field_error(app, "birth_date") == ""
        assert "'<'" in field_error(app, "first_name")


async def test_text_typed_while_the_form_loads_is_kept(demo_url, monkeypatch):
    from store import attributes

    typed = threading.Event()
    load = attributes.list_attributes

    def load_after_the_typing(*args, **kwargs):
        typed.wait(timeout=10)  # the load ends once the user has typed
        return load(*args, **kwargs)

    monkeypatch.setattr(attributes, "list_attributes", load_after_the_typing)
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.edit_person(None)
        while not isinstance(app.focused, Input):  # the form is up, its load still running
            await asyncio.sleep(0.01)
        for char in "Ana":
            _send_key(app, char)
            await asyncio.sleep(0.02)
        typed.set()
        await settle(pilot)
        assert app.screen.query_one("#f-first_name", Input).value == "Ana"


async def test_typing_right_after_a_refused_save_is_kept(demo_url, monkeypatch):
    from tui import person_form

    typed = threading.Event()
    check = person_form.field_errors

    def check_after_the_typing(*args, **kwargs):
        typed.wait(timeout=10)  # the refusal comes once the user has typed on
        return check(*args, **kwargs)

    monkeypatch.setattr(person_form, "field_errors", check_after_the_typing)
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Ana<")
        for key in ("ctrl+s", "x", "y"):
            _send_key(app, key)
        while app.screen.query_one("#f-first_name", Input).value != "Ana<xy":
            await asyncio.sleep(0.01)
        typed.set()
        await settle(pilot)
        assert app.screen.query_one("#f-first_name", Input).value == "Ana<xy"
        assert "'<'" in field_error(app, "first_name")
