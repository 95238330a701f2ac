"""Pilot tests of the console's actions: recording an event, the company form's tags and
custom attributes, and choosing the kept person of a merge.

Each drives the screen by the keyboard, then asserts what the store holds and what the
screen shows, including a refused value that saves nothing.
"""

from __future__ import annotations

import json
import re

from conftest import NOW, press, settle, shown, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Sparkline

from store import attributes, companies
from store.events import definitions, recording
from store.events.models import PersonAlias
from store.models import Company, Person
from store.persons import profiles
from tui.app import ProfilesApp
from tui.company_form import CompanyFormScreen
from tui.event_form import EventFormScreen, recordable
from tui.help_screen import HelpScreen
from tui.merge_screen import MergeScreen
from tui.person_detail import PersonDetailScreen
from tui.persons_screen import PersonsScreen
from tui.widgets.confirm import ConfirmScreen

SIZE = (120, 36)


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


def error_text(pilot: Pilot, selector: str) -> str:
    """The text of an error line of the current screen ('' while hidden)."""
    widget = pilot.app.screen.query_one(selector)
    return str(widget.render()) if widget.has_class("shown") else ""


async def pick_event(pilot: Pilot, name: str) -> None:
    """Open the event list (focused) and pick ``name`` with the arrow keys."""
    names = [d.name for d in recordable(definitions.list_definitions())]
    await press(pilot, "enter", *["down"] * (names.index(name) + 1), "enter")


async def test_record_an_event_from_the_person_detail(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, PersonDetailScreen)
        person = detail.person_id
        before = recording.count_events(person)
        today_before = recording.day_counts(person, 1, today=NOW.date())[-1][1]
        await press(pilot, "v")
        form = app.screen
        assert isinstance(form, EventFormScreen)
        assert isinstance(app.focused, Select)
        # Saving before an event is picked says so under the event.
        await press(pilot, "ctrl+s")
        assert "Pick the event" in error_text(pilot, "#err-event")
        await pick_event(pilot, "AddedToCart")
        text = shown(pilot)
        for prop in ("productId *", "productName *", "productPrice *", "quantity *", "currency"):
            assert prop in text
        assert "Decimal number" in text and "A product was put in the cart." in text
        # Time, then each property, in tab order; a wrong decimal is refused under its field.
        await press(pilot, "tab", "tab")
        await type_text(pilot, "P-7")
        await press(pilot, "tab")
        await type_text(pilot, "Lamp [bold]x")
        await press(pilot, "tab")
        await type_text(pilot, "cheap")
        await press(pilot, "tab")
        await type_text(pilot, "2")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        message = "Property 'productPrice' (Decimal number) of event 'AddedToCart' does not accept 'cheap'."
        assert error_text(pilot, "#err-p-2") == message
        assert message in shown(pilot).replace("\n", " ") or "does not accept 'cheap'" in shown(pilot)
        assert app.focused is form.query_one("#p-2")
        assert recording.count_events(person) == before
        # A time that is not one is refused under the time.
        form.query_one("#p-2", Input).value = ""
        await type_text(pilot, "12.50")
        form.query_one("#f-at", Input).focus()
        await type_text(pilot, "yesterday")
        await press(pilot, "ctrl+s")
        assert "Event time 'yesterday' is not an ISO 8601 time" in error_text(pilot, "#err-at")
        assert error_text(pilot, "#err-p-2") == ""
        assert recording.count_events(person) == before
        # Blank time is now.
        form.query_one("#f-at", Input).value = ""
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        assert recording.count_events(person) == before + 1
        newest = recording.timeline(person, limit=1).events[0]
        assert (newest.event, newest.at) == ("AddedToCart", NOW)
        assert newest.properties == {
            "productId": "P-7",
            "productName": "Lamp [bold]x",
            "productPrice": "12.50",
            "quantity": 2,
        }
        text = shown(pilot)
        assert "2026-06-30 12:00" in text and "AddedToCart" in text and "Lamp [bold]x" in text
        assert f"{before + 1} events" in text
        assert detail.query_one("#activity", Sparkline).data[-1] == today_before + 1


async def test_event_form_required_property_optional_boolean_and_cancel(demo_url):
    app = app_for(demo_url)  # opens the store
    definitions.define_event(
        "Survey answered", description="A survey came back.", properties=["score:whole", "happy:boolean?"]
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        detail = app.screen
        person = detail.person_id
        before = recording.count_events(person)
        # Nothing entered: escape closes without asking.
        await press(pilot, "v", "escape")
        assert app.screen is detail
        await press(pilot, "v")
        await pick_event(pilot, "Survey answered")
        await press(pilot, "ctrl+s")
        assert error_text(pilot, "#err-p-0") == (
            "Property 'score' (Whole number) of event 'Survey answered' is required and missing."
        )
        assert recording.count_events(person) == before
        assert app.focused is app.screen.query_one("#p-0")
        await type_text(pilot, "9")
        await press(pilot, "tab", "enter", "down", "down", "enter")  # happy: False
        assert app.screen.query_one("#p-1", Select).value == "false"
        # Something entered: escape asks; "n" keeps the form.
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "ctrl+s")
        assert app.screen is detail
        newest = recording.timeline(person, limit=1).events[0]
        assert (newest.event, newest.properties) == ("Survey answered", {"score": 9, "happy": False})


async def test_record_event_from_the_palette_and_help(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.persons_screen.current()
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert "Record an event" in commands
        await press(pilot, "ctrl+p")
        await type_text(pilot, "record an event")
        await press(pilot, "enter")
        assert isinstance(app.screen, EventFormScreen) and app.screen.person_id == row.id
        assert row.name in shown(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Keys of Record event" in shown(pilot) and "Record" in shown(pilot)
        await press(pilot, "escape", "escape", "enter", "question_mark")
        assert re.search(r"\sv\s+Event\s", shown(pilot))
        await press(pilot, "escape")
        assert isinstance(app.screen, PersonDetailScreen)
        assert "v Event" in shown(pilot)
        assert "Event (v)" in {c.title for c in app.get_system_commands(app.screen)}


async def tab_to(pilot: Pilot, widget_id: str) -> None:
    """Press tab until the widget is focused."""
    for _ in range(30):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await press(pilot, "tab")
    raise AssertionError(f"tab never reached #{widget_id}")


async def test_company_form_edits_tags_and_custom_attributes(demo_url):
    app = app_for(demo_url)
    attributes.define_attribute("employees", "whole", entity="company")
    attributes.define_attribute("founded", "date", entity="company")
    attributes.define_attribute("shoe size", "whole", entity="person")  # not a company's
    first = Company.select().order_by(Company.name_key).first()
    companies.update_company(first.id, {"tags": ["partner", "old"], "custom": {"founded": "1999-04-01"}})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "home", "e")
        form = app.screen
        assert isinstance(form, CompanyFormScreen)
        text = shown(pilot)
        assert "employees" in text and "Whole number · e.g. 3" in text and "shoe size" not in text
        assert form.query_one("#f-tags", Input).value == "old, partner"
        assert form.query_one("#c-1", Input).value == "1999-04-01"
        await tab_to(pilot, "f-tags")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "partner, Supplier")
        await press(pilot, "tab")
        await type_text(pilot, "many")
        await press(pilot, "ctrl+s")
        # Refused: the message names the attribute and the value, under it; nothing changed.
        assert app.screen is form
        assert error_text(pilot, "#err-c-0") == "Attribute 'employees' (Whole number) does not accept 'many'."
        assert "does not accept 'many'" in shown(pilot)
        view = companies.company_view(first.id)
        assert view.tags == ["old", "partner"] and view.custom == {"founded": "1999-04-01"}
        await press(pilot, "ctrl+u")
        await type_text(pilot, "250")
        await press(pilot, "tab", "ctrl+u", "ctrl+s")  # founded emptied: unset
        assert not isinstance(app.screen, CompanyFormScreen)
        view = companies.company_view(first.id)
        assert view.tags == ["partner", "Supplier"] and view.custom == {"employees": 250}
        await press(pilot, "enter")  # the company's detail shows them
        text = shown(pilot)
        assert "partner, Supplier" in text and "employees" in text and "250" in text and "1999" not in text


async def test_new_company_with_tags_and_a_refused_date(demo_url):
    app = app_for(demo_url)
    attributes.define_attribute("founded", "date", entity="company")
    before = Company.select().count()
    async with app.run_test(size=(80, 20)) as pilot:  # the custom field is below the fold
        await settle(pilot)
        await press(pilot, "2", "n")
        assert isinstance(app.screen, CompanyFormScreen)
        await type_text(pilot, "Pilot Tools")
        await tab_to(pilot, "f-tags")
        await type_text(pilot, "new, vip")
        await press(pilot, "tab")
        await type_text(pilot, "soon")
        await press(pilot, "ctrl+s")
        assert error_text(pilot, "#err-c-0") == "Attribute 'founded' (Date) does not accept 'soon'."
        assert "does not accept 'soon'" in shown(pilot)  # scrolled into view
        assert Company.select().count() == before and companies.find_company("Pilot Tools") is None
        await press(pilot, "ctrl+u")
        await type_text(pilot, "2020-02-29")
        await press(pilot, "ctrl+s")
        view = companies.company_view("pilot tools")
        assert view.tags == ["new", "vip"] and view.custom == {"founded": "2020-02-29"}
        assert "Pilot Tools" in shown(pilot)


async def test_merge_keeps_the_person_chosen_and_the_values_chosen(demo_url):
    app = app_for(demo_url)
    a = profiles.create_person(
        {
            "first_name": "Mira",
            "last_name": "Primary",
            "city": "Split",
            "emails": ["mp1@x.hr"],
            "type": "lead",
        }
    )
    b = profiles.create_person(
        {
            "first_name": "Mira",
            "last_name": "Primary",
            "city": "Zadar",
            "emails": ["mp2@x.hr"],
            "type": "lead",
        }
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.merge_persons([a.id, b.id])
        await settle(pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        table = merge.query_one("#choices", DataTable)
        # The earliest created is kept, shown on the first row; b's city is the newer one.
        assert merge.plan.kept_id == a.id and merge.order == [a.id, b.id]
        assert "Kept person" in shown(pilot) and f"Kept: #{a.id}" in shown(pilot)
        assert merge.keep["city"] == b.id
        # Keep a's city by hand.
        await press(pilot, *["down"] * merge.rows.index("city"), "space")
        assert merge.keep["city"] == a.id
        # Keep b: up to the first row, right to b, space.
        await press(pilot, *["up"] * merge.rows.index("city"), "right", "space")
        assert table.cursor_coordinate.row == 0
        assert merge.plan.kept_id == b.id
        assert merge.keep["city"] == a.id  # the hand-picked value stays
        text = shown(pilot)
        assert f"Kept: #{b.id}" in text and "your choice" in text
        titles, marks = text.splitlines()[2:4]  # a person's column: "#id Type" over "● kept"
        assert marks[titles.index(f"#{b.id} Lead") :].startswith("● kept")
        # p on the kept person changes nothing; p on a keeps a again, then b once more.
        await press(pilot, "p")
        assert merge.plan.kept_id == b.id
        await press(pilot, "left", "p")
        assert merge.plan.kept_id == a.id and "earliest created" in shown(pilot)
        await press(pilot, "right", "p", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"into #{b.id}" in shown(pilot)
        await press(pilot, "y")
        assert Person.get_or_none(Person.id == a.id) is None
        kept = profiles.get_person(b.id)
        assert kept.city == "Split" and sorted(kept.emails) == ["mp1@x.hr", "mp2@x.hr"]
        assert PersonAlias.get(PersonAlias.person_id == a.id).kept_id == b.id
        assert isinstance(app.screen, PersonDetailScreen) and app.screen.person_id == b.id


async def test_merge_that_cannot_be_done_says_why_and_merges_nothing(demo_url):
    app = app_for(demo_url)
    a = profiles.create_person({"first_name": "No", "last_name": "Contact"})
    b = profiles.create_person({"first_name": "No", "last_name": "Contact"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.merge_persons([a.id, b.id])
        await settle(pilot)
        assert "Cannot merge: At least one contact must remain" in shown(pilot)
        await press(pilot, "p", "space", "ctrl+s")
        assert isinstance(app.screen, MergeScreen)
        assert Person.get_or_none(Person.id == a.id) and Person.get_or_none(Person.id == b.id)
        await press(pilot, "escape")
        assert isinstance(app.screen, PersonsScreen)


async def test_person_form_shows_a_list_value_as_json_and_keeps_it(demo_url):
    """A list-of-objects value is edited as JSON text; saving the form unchanged keeps it."""
    import store

    store.open(demo_url)
    attributes.define_attribute("orders", "list")
    person = profiles.create_person(
        {"first_name": "Zora", "emails": ["zora@example.com"], "custom": {"orders": [{"sku": "A-1", "n": 2}]}}
    )
    store.close()
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_person(person.id)
        await settle(pilot)
        await press(pilot, "e")
        await settle(pilot)
        form = app.screen
        index = form.custom_names.index("orders")  # type: ignore[attr-defined]
        shown_text = form.query_one(f"#c-{index}", Input).value
        assert shown_text.startswith("[{") and json.loads(shown_text) == [{"sku": "A-1", "n": 2}]
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert profiles.get_person(person.id).custom["orders"] == [{"sku": "A-1", "n": 2}]
