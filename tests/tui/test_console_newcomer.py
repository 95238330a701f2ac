"""Issue 17: the console as a new user found it (nothing hidden, nothing lost, bulk work in one key)."""

from __future__ import annotations

from conftest import NOW, press, settle, shown, type_text

from store import settings
from store.persons import profiles
from tui.app import ProfilesApp

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
