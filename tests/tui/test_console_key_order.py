"""Keys typed in a burst reach the screen and the field they were meant for (issue 17).

Each test sends its keys as a fast typist does, none handled before the next is sent
(``burst``), then reads what the screen holds.
"""

from __future__ import annotations

import time

import pytest
from conftest import NOW, _send_key, settle, shown
from textual.widgets import Input, TabbedContent

from tui.app import ProfilesApp
from tui.company_form import CompanyFormScreen
from tui.condition_dialog import ConditionDialog
from tui.person_detail import PersonDetailScreen
from tui.person_form import PersonFormScreen
from tui.tag_prompt import TagPrompt

SIZE = (120, 36)


async def burst(pilot, *keys: str) -> None:
    """Send the keys without waiting between them, then let the app settle."""
    for key in keys:
        _send_key(pilot.app, key)
    await settle(pilot)


async def test_a_name_typed_right_after_n_goes_into_the_new_form(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "n", "A", "n", "a")
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.query_one("#f-first_name", Input).value == "Ana"


async def test_enter_then_h_opens_the_person_on_the_history_tab(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "down", "enter", "h")
        assert isinstance(app.screen, PersonDetailScreen)
        assert app.screen.query_one("#tabs", TabbedContent).active == "history"


async def test_text_typed_after_a_burst_of_tabs_lands_in_the_field_reached(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "2", "n", "A", "c", "m", "e", "tab", "tab", "tab", "tab", "tab", "tab", "Z", "g")
        assert isinstance(app.screen, CompanyFormScreen)
        values = {box.id: box.value for box in app.screen.query(Input)}
        assert values["f-name"] == "Acme"
        assert values["f-city"] == "Zg"
        assert [name for name, value in values.items() if value] == ["f-name", "f-city"]


@pytest.mark.parametrize("opens", ["n", "f"], ids=["new person form", "filter dialog (loads first)"])
async def test_escape_then_keys_go_to_the_screen_below(demo_url, opens):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, opens, "escape", "slash", "K")
        assert app.screen is app.persons_screen
        assert app.screen.query_one("#search", Input).value == "K"


async def test_text_typed_right_after_t_goes_into_the_tag_dialog(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "t", "v", "i", "p")
        assert isinstance(app.screen, TagPrompt)
        assert app.screen.query_one(Input).value == "vip"


async def test_a_new_segment_named_then_a_takes_the_a_as_add(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "3", "n", "T", "o", "p", "enter", "a")
        assert isinstance(app.screen, ConditionDialog)


async def test_n_typed_right_after_saving_a_person_opens_a_new_form(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "n", "E", "v", "a", "ctrl+s", "n", "I")
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.query_one("#f-first_name", Input).value == "I"
        assert [screen for screen in app.screen_stack if isinstance(screen, PersonFormScreen)] == [app.screen]


async def test_the_highlighted_error_record_shows_its_whole_reason(demo_url):
    from store.importing import history as import_history
    from tui.import_entry import ImportEntryScreen

    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        errors = import_history.import_errors(1)
        longest = max(range(len(errors)), key=lambda i: len(errors[i]["reason"]))
        assert len(errors[longest]["reason"]) > 60  # more than its column shows
        await app.push_screen(ImportEntryScreen(1))
        await settle(pilot)
        await burst(pilot, *["down"] * longest)
        assert errors[longest]["reason"] in shown(pilot).replace("\n", " ")


async def test_enter_typed_right_after_2_opens_the_first_company(demo_url):
    from tui.company_detail import CompanyDetailScreen

    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "2", "down", "enter")
        assert isinstance(app.screen, CompanyDetailScreen)
        assert app.screen_stack[-2].query_one("#companies").cursor_row == 1  # down, then enter


async def test_escape_while_the_form_loads_its_custom_fields_closes_it(demo_url, monkeypatch):
    from store import attributes

    load = attributes.list_attributes

    def slow_load(*args, **kwargs):
        time.sleep(0.3)  # the form's custom fields come a moment after the form
        return load(*args, **kwargs)

    monkeypatch.setattr(attributes, "list_attributes", slow_load)
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "n", "escape")
        assert app.screen is app.persons_screen
        await burst(pilot, "2", "n", "escape")
        assert not isinstance(app.screen, CompanyFormScreen)
