"""Pilot test of erasing a person from the person detail (SPEC 10): it asks, says what goes, erases."""

from __future__ import annotations

from conftest import NOW, press, settle, shown

from store.models import Contact, Person
from store.persons import erase, profiles
from tui.app import ProfilesApp
from tui.help_screen import HelpScreen
from tui.person_detail import PersonDetailScreen
from tui.persons_screen import PersonsScreen
from tui.widgets.confirm import ConfirmScreen

SIZE = (120, 36)


async def test_erase_from_the_detail_asks_then_leaves_only_the_record(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.persons_screen is not None
        row = app.persons_screen.rows[0]
        emails = profiles.get_person(row.id).emails
        await press(pilot, "enter", "question_mark")
        assert isinstance(app.screen, HelpScreen) and "Erase" in shown(pilot)
        await press(pilot, "escape", "x")
        assert isinstance(app.screen, ConfirmScreen)
        text = shown(pilot)
        assert f"Erase {row.name} (#{row.id})" in text and "cannot be undone" in text
        assert "events and change history" in text and "record that an erase happened" in text
        await press(pilot, "n")
        assert isinstance(app.screen, PersonDetailScreen)
        assert Person.get_or_none(Person.id == row.id) is not None
        await press(pilot, "x", "y")
        assert isinstance(app.screen, PersonsScreen)
        assert Person.get_or_none(Person.id == row.id) is None
        assert Contact.select().where(Contact.value.in_(emails)).count() == 0
        assert [(r.person_id, r.source) for r in erase.erasures()] == [(row.id, "tui")]
        assert [n.message for n in app._notifications] == [
            f"Erased {row.name}; only a record of the erase remains."
        ]
        assert app.persons_screen.rows[0].id != row.id
