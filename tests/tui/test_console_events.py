"""Pilot tests of the events screen (``5``): definitions and their form, template sets, the feed.

Each drives the screen by the keyboard and asserts what it shows and what the store holds:
a defined and an edited event, a refusal under the property it names, an enabled template
set, the feed's rows and pages against ``store.events.feed``, its filter, and the person
a feed row opens.
"""

from __future__ import annotations

from conftest import NOW, press, settle, shown, type_text
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input

from store.events import definitions, feed, recording
from tui.app import ProfilesApp
from tui.definition_form import DefinitionFormScreen
from tui.events_screen import EventsScreen
from tui.feed_filter import FeedFilterScreen
from tui.person_detail import PersonDetailScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 36)


def error_text(pilot: Pilot, selector: str) -> str:
    """The text of an error line of the current screen ('' while hidden)."""
    widget = pilot.app.screen.query_one(selector)
    return str(widget.render()) if widget.has_class("shown") else ""


async def open_events(pilot: Pilot) -> EventsScreen:
    await settle(pilot)
    await press(pilot, "5")
    screen = pilot.app.screen
    assert isinstance(screen, EventsScreen)
    return screen


def feed_rows(screen: EventsScreen) -> list[tuple[str, str, str]]:
    """(time, event, person) of every row of the feed's table."""
    table = screen.query_one("#feed-table", PagedTable)
    return [tuple(str(table.get_cell_at((r, c))) for c in range(3)) for r in range(table.row_count)]  # type: ignore[misc]


async def test_define_a_custom_event_with_typed_properties_by_keyboard(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, DefinitionFormScreen)
        await type_text(pilot, "Signed Up")
        await press(pilot, "tab")
        await type_text(pilot, "A plan was chosen")
        await press(pilot, "tab")
        await type_text(pilot, "Plan")  # refused: a property starts with a lower-case letter
        await press(pilot, "ctrl+n")
        await type_text(pilot, "seats")
        await press(pilot, "tab", "enter", "down", "down", "enter")  # Whole number
        await press(pilot, "tab", "space")  # optional
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "Property name 'Plan' must start with a lower-case letter" in error_text(pilot, "#err-p-0")
        assert definitions.find_definition("Signed Up") is None
        form.query_one("#pn-0", Input).value = "plan"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        info = definitions.get_definition("signed up")
        assert (info.name, info.kind, info.description) == ("Signed Up", "custom", "A plan was chosen")
        assert [(p.name, p.type, p.required) for p in info.properties] == [
            ("plan", "text", True),
            ("seats", "whole", False),
        ]
        assert "plan:text, seats:whole?" in shown(pilot)
        assert "Saved event Signed Up (2 properties)." in [n.message for n in app._notifications]


async def test_edit_adds_a_property_and_a_template_event_is_not_edited(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    definitions.define_event("Zoomed", properties=["level:whole"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        names = [d.name for d in screen.definitions]
        await press(pilot, "e")  # the first row is a template event
        assert app.screen is screen
        assert "only custom events are edited" in [n.message for n in app._notifications][-1]
        await press(pilot, *["down"] * names.index("Zoomed"), "enter")
        form = app.screen
        assert isinstance(form, DefinitionFormScreen)
        assert form.query_one("#pn-0", Input).disabled  # a defined property keeps its name and type
        await press(pilot, "ctrl+n")
        await type_text(pilot, "note")
        form.query_one("#pr-1", Checkbox).value = False
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        info = definitions.get_definition("Zoomed")
        assert [(p.name, p.type, p.required) for p in info.properties] == [
            ("level", "whole", True),
            ("note", "text", False),
        ]
        assert "level:whole, note:text?" in shown(pilot)


async def test_enable_a_template_set(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        await press(pilot, "s")
        sets = [s["name"] for s in screen.sets]
        banking = sets.index("banking")
        assert not screen.sets[banking]["enabled"]
        await press(pilot, *["down"] * banking, "enter")
        events = [d.name for d in definitions.list_definitions() if d.template == "banking"]
        assert events and all(definitions.get_definition(name).enabled for name in events)
        table = screen.query_one("#templates-table", DataTable)
        assert str(table.get_cell_at((banking, 1))) == "yes"
        assert f"{len(screen.sets)} template sets" in shown(pilot)


async def test_the_feed_pages_through_every_persons_events_and_opens_the_person(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        await press(pilot, "f")
        size = screen.page_size
        first = feed.recent_events(limit=size)
        assert feed_rows(screen) == [
            (e.at.strftime("%Y-%m-%d %H:%M"), e.event, e.person_name) for e in first.events
        ]
        assert f"events 1-{size}, newest first" in shown(pilot)
        await press(pilot, "pagedown")
        second = feed.recent_events(limit=size, after=first.next)
        assert [r[1:] for r in feed_rows(screen)] == [(e.event, e.person_name) for e in second.events]
        assert f"events {size + 1}-{2 * size}" in shown(pilot)
        await press(pilot, "pageup")
        assert [r[1:] for r in feed_rows(screen)] == [(e.event, e.person_name) for e in first.events]
        table = screen.query_one("#feed-table", PagedTable)
        await press(pilot, *["down"] * size)  # past the last row: the next page, from its first row
        assert screen.index == 1 and table.cursor_row == 0
        await press(pilot, "up")  # before the first row: the previous page, on its last row
        assert screen.index == 0 and table.cursor_row == size - 1
        await press(pilot, "home", "down", "enter")
        detail = app.screen
        assert isinstance(detail, PersonDetailScreen)
        assert detail.person_id == first.events[1].person_id
        # An event recorded meanwhile is on the newest page when the feed shows again.
        recording.record_event(detail.person_id, "ProductViewed", {"productId": "P-9", "productName": "Kite"})
        await press(pilot, "escape")
        assert app.screen is screen
        assert feed_rows(screen)[0][1:] == ("ProductViewed", first.events[1].person_name)
        assert table.cursor_row == 1


async def test_the_feed_filter_by_event_and_time_and_a_refused_time(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        await press(pilot, "slash")
        dialog = app.screen
        assert isinstance(dialog, FeedFilterScreen)
        names = dialog.names
        await press(pilot, "enter", *["down"] * (names.index("OrderCompleted") + 1), "enter")
        await press(pilot, "tab")
        await type_text(pilot, "last week")
        await press(pilot, "enter")
        assert app.screen is dialog
        assert "The 'since' time 'last week' is not an ISO 8601 time" in error_text(pilot, "#err-since")
        dialog.query_one("#f-since", Input).value = "2026-06-01"
        dialog.query_one("#f-until", Input).value = "2026-06-20"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        expected = feed.recent_events(
            event="OrderCompleted", since="2026-06-01", until="2026-06-20", limit=screen.page_size
        )
        assert expected.events
        assert [r[1] for r in feed_rows(screen)] == ["OrderCompleted"] * len(expected.events)
        assert [r[0] for r in feed_rows(screen)] == [e.at.strftime("%Y-%m-%d %H:%M") for e in expected.events]
        assert "OrderCompleted · from 2026-06-01 · to 2026-06-20" in shown(pilot)


async def test_o_disables_and_enables_an_event_and_a_product_event_stays_on(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot)
        names = [d.name for d in screen.definitions]
        await press(pilot, "o")  # the first row: a template event
        first = names[0]
        assert not definitions.get_definition(first).enabled
        table = screen.query_one("#definitions-table", DataTable)
        assert str(table.get_cell_at((0, 2))) == "no"
        assert f"{first} is disabled: it cannot be recorded." in [n.message for n in app._notifications]
        await press(pilot, "o")
        assert definitions.get_definition(first).enabled
        await press(pilot, *["down"] * names.index("SessionStarted"), "o")
        assert definitions.get_definition("SessionStarted").enabled
        assert (
            "is a product event of the system and is always enabled"
            in [n.message for n in app._notifications][-1]
        )
