"""Issue 17: the console as a new user found it (nothing hidden, nothing lost, bulk work in one key)."""

from __future__ import annotations

import pytest
from conftest import NOW, press, settle, shown, type_text

from store import settings
from store.persons import profiles
from tui.app import ProfilesApp
from tui.persons_screen import SEARCH_HINT

SIZE = (120, 36)
SMALL = (80, 24)


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


def croatian_customer():
    return next(
        v for v in map(profiles.get_person, range(1, 300)) if v.phones and v.phones[0].startswith("+385")
    )


async def test_a_national_number_finds_its_person_on_the_demo(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = croatian_customer()
        national = "0" + target.phones[0][4:6] + " " + target.phones[0][6:]
        await press(pilot, "slash")
        await type_text(pilot, national)
        await settle(pilot)
        assert app.persons_screen is not None and app.persons_screen.rows[0].id == target.id
        assert "search by phone" in shown(pilot)


async def test_a_national_number_without_a_default_country_says_what_it_needs(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        settings.set_setting("default_country", "")
        await press(pilot, "slash")
        await type_text(pilot, "098 484 5057")
        await settle(pilot)
        assert "a national number needs a default country" in shown(pilot)


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_audit_candidates_show_both_names_in_full(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "7")
        await settle(pilot)
        screen = app.screen
        text = shown(pilot)
        for candidate in screen.candidates[:5]:
            pair = " + ".join(f"#{pid} {screen.names[pid]}" for pid in candidate.person_ids)
            assert pair in text


async def test_the_search_hint_and_a_toast_leave_nothing_cut_on_the_lines_they_share(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        assert app.persons_screen is not None
        from store.persons.listing import PersonCriteria

        app.show_persons(criteria=PersonCriteria(check="no_email"))
        await settle(pilot)
        assert "no email" in shown(pilot) and SEARCH_HINT in shown(pilot)
        await press(pilot, "space", "space", "t")
        await type_text(pilot, "newtag")
        await press(pilot, "enter")
        status = shown(pilot).splitlines()[-2]
        assert status.rstrip().endswith("2 selected (t tag, m merge, esc clear)") or ")" not in status
        from textual.widgets._toast import Toast, ToastRack

        toast = app.screen.get_child_by_type(ToastRack).query_one(Toast)
        assert toast.region.right == app.size.width and toast.region.bottom <= app.size.height - 2
