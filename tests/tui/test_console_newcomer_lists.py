"""Issue 17, the persons list: burst keys never dropped, bulk selection, a new person shown."""

from __future__ import annotations

from conftest import NOW, _send_key, press, settle, shown, type_text
from textual.widgets import Static

from store import tags
from store.persons import listing, profiles
from store.persons.listing import PersonCriteria
from tui.app import ProfilesApp
from tui.widgets.app_header import AppHeader

SIZE = (120, 36)
SMALL = (80, 24)


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


async def burst(pilot, *keys: str) -> None:
    """Send keys as a fast typist does (none handled before the next is sent), then settle."""
    for key in keys:
        _send_key(pilot.app, key)
    await settle(pilot)


async def test_four_page_downs_in_a_burst_move_four_pages(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.persons_screen
        size = screen.table.visible_rows()
        await burst(pilot, "pagedown", "pagedown", "pagedown", "pagedown")
        assert screen.start == 4 * size + 1
        assert f"rows {4 * size + 1}-{5 * size} of" in shown(pilot)


async def test_home_then_page_down_in_a_burst_shows_the_second_page_with_its_rows(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.persons_screen
        size = screen.table.visible_rows()
        await press(pilot, "end")
        await burst(pilot, "home", "pagedown")
        assert screen.start == size + 1
        assert f"rows {size + 1}-{2 * size} of" in shown(pilot)


async def test_cursor_keys_sent_while_a_page_loads_apply_to_the_page_that_arrives(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.persons_screen
        size = screen.table.visible_rows()
        await burst(pilot, "pagedown", "down", "down", "pagedown")
        assert screen.start == 2 * size + 1 and screen.table.cursor_row == 2


async def test_shrinking_the_terminal_loads_pages_of_the_new_height(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.persons_screen
        tall = len(screen.rows)
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        short = screen.table.visible_rows()
        assert short < tall and len(screen.rows) == short
        assert f"rows 1-{short} of" in shown(pilot)


async def test_select_all_of_a_tag_filter_tags_every_member_with_the_count_asked(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        members = [row.id for row in listing.page_persons(PersonCriteria(), limit=60).rows]
        tags.assign_tag("club", members)
        app.show_persons(tag="club")
        await settle(pilot)
        assert len(app.persons_screen.rows) < 60  # most members are on pages not loaded
        await press(pilot, "a")
        assert "60 selected" in shown(pilot)
        await press(pilot, "t")
        assert "Tag the 60 selected persons" in shown(pilot)
        await type_text(pilot, "winter")
        await press(pilot, "enter")
        assert listing.count_persons(PersonCriteria(tag="winter")) == 60


async def test_invert_selects_the_rest_of_the_list_and_delete_asks_with_the_count(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        members = [row.id for row in listing.page_persons(PersonCriteria(), limit=25).rows]
        tags.assign_tag("gone", members)
        app.show_persons(tag="gone")
        await settle(pilot)
        await press(pilot, "space", "space", "asterisk")
        assert "23 selected" in shown(pilot)
        await press(pilot, "d")
        assert "Delete the 23 selected persons?" in shown(pilot)
        await press(pilot, "enter")
        assert listing.count_persons(PersonCriteria(tag="gone")) == 2
        assert all(profiles.get_person(pid) for pid in members[:2])
        assert "Deleted 23 persons." in shown(pilot)


async def test_escape_clears_a_whole_list_selection(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert "selected" in shown(pilot).splitlines()[-2]
        await press(pilot, "escape")
        assert not app.selection and "selected" not in shown(pilot).splitlines()[-2]


async def test_a_new_person_is_shown_highlighted_after_saving(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Zelda")
        await press(pilot, "ctrl+s")
        screen = app.persons_screen
        assert app.screen is screen
        row = screen.current()
        assert row is not None and row.name == "Zelda"
        total = listing.count_persons(PersonCriteria())
        assert f"of {total:,}" in shown(pilot)


async def test_the_help_and_the_header_name_the_database_in_full(demo_url):
    app = app_for(demo_url)
    place = demo_url.split(":///", 1)[1]
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert place in str(app.screen.query_one(AppHeader).tooltip)
        await press(pilot, "question_mark")
        assert f"Database: {place}" in str(app.screen.query_one("#database", Static).render())
