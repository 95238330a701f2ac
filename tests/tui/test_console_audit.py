"""Pilot tests of the audit view: every figure opens the persons list filtered to exactly its persons.

Each test asserts what the screens show: the figure on its card, then the persons list's
filter summary, its "rows 1-N of TOTAL" line, and the rows, against the store.
"""

from __future__ import annotations

import re

import pytest
from conftest import NOW, press, settle, shown, type_text

from store import audit
from store.persons.listing import page_persons
from tui.app import ProfilesApp
from tui.audit_screen import AuditScreen, FigureCard, short_label
from tui.filter_screen import FilterScreen
from tui.labels import describe_filters
from tui.persons_screen import PersonsScreen

SIZE = (120, 36)
CARDS = ("card-contacts", "card-types", "card-quality")


def _line(text: str, label: str) -> str:
    """The line of ``text`` that holds ``label``."""
    return next(line for line in text.splitlines() if label in line)


def _shows_figure(text: str, label: str, count: int) -> bool:
    """True when ``text`` has ``label`` with ``count`` to its right on one line."""
    return re.search(rf"{re.escape(label)}\s+{count:,}\b", text) is not None


async def _open_audit(pilot) -> AuditScreen:
    await settle(pilot)
    await press(pilot, "7")
    screen = pilot.app.screen
    assert isinstance(screen, AuditScreen) and screen.report is not None
    return screen


def _check_list(pilot, finding: audit.Finding) -> None:
    """The persons list shows ``finding``'s filter, its count as the total, and its first rows."""
    app = pilot.app
    persons = app.screen
    assert isinstance(persons, PersonsScreen) and app.current_mode == "persons"
    assert persons.criteria == finding.criteria
    text = shown(pilot)
    summary = describe_filters(finding.criteria, "")
    assert summary.split(" · ")[-1] in text
    if finding.count:
        assert f"of {finding.count:,}" in _line(text, "rows 1-")
    else:
        assert "no persons match" in text
    assert persons.total == finding.count
    expected = page_persons(finding.criteria, limit=len(persons.rows) or 1).rows
    assert [r.id for r in persons.rows] == [r.id for r in expected][: len(persons.rows)]


@pytest.mark.parametrize("card_id", CARDS)
async def test_enter_on_each_figure_opens_the_persons_it_counts(demo_url, card_id):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        card = screen.query_one(f"#{card_id}", FigureCard)
        assert card.findings, "the card shows figures"
        for index, finding in enumerate(card.findings):
            await press(pilot, "7")
            assert app.screen is screen
            card.focus()
            card.highlighted = index
            await settle(pilot)
            assert _shows_figure(shown(pilot), short_label(finding), finding.count)
            await press(pilot, "enter")
            _check_list(pilot, finding)


async def test_the_figures_are_the_store_report(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        report = audit.audit_report(NOW)
        cards = {c: screen.query_one(f"#{c}", FigureCard).findings for c in CARDS}
        assert cards["card-contacts"] == [*report.contacts, *report.recent]
        assert cards["card-types"] == [*report.types, *report.countries[:6]]
        assert cards["card-quality"] == report.suspicious
        assert app.focused is screen.query_one("#card-contacts")
        text = shown(pilot)
        assert f"{report.total:,} persons" in text and "Show persons" in text


async def test_keys_move_between_figures_and_cards(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        await press(pilot, "tab", "down", "down", "down")
        card = screen.query_one("#card-types", FigureCard)
        assert app.focused is card
        finding = card.findings[3]
        assert finding.criteria.types == ("anonymous",)
        await press(pilot, "enter")
        _check_list(pilot, finding)
        assert {r.type for r in app.screen.rows} == {"anonymous"}
        assert "Anonymous" in shown(pilot)


async def test_the_palette_opens_a_figure(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        finding = next(f for f in screen.report.contacts if f.key == "no_email")
        titles = [c.title for c in app.get_system_commands(screen)]
        assert f"Persons without an email ({finding.count:,})" in titles
        await press(pilot, "ctrl+p")
        await type_text(pilot, "persons without an email")
        await press(pilot, "enter")
        _check_list(pilot, finding)
        assert all(not r.email for r in app.screen.rows)


async def test_the_filter_dialog_keeps_or_clears_an_audit_filter(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        finding = next(f for f in screen.report.recent if f.key == "created_30")
        card = screen.query_one("#card-contacts", FigureCard)
        card.highlighted = card.findings.index(finding)
        await press(pilot, "enter")
        persons = app.screen
        assert persons.total == finding.count
        await press(pilot, "f")
        assert isinstance(app.screen, FilterScreen)
        assert "Also: created since" in shown(pilot)
        app.screen.query_one("#type").value = "lead"
        await press(pilot, "ctrl+s")
        assert persons.criteria.created_since == finding.criteria.created_since
        assert persons.criteria.types == ("lead",)
        assert {r.type for r in persons.rows} == {"lead"} and persons.total < finding.count
        await press(pilot, "f", "ctrl+r")
        assert "Also: nothing (cleared)" in shown(pilot)
        await press(pilot, "ctrl+s")
        assert persons.criteria.created_since is None and persons.criteria.check is None
        assert "created since" not in shown(pilot)


async def test_a_figure_counts_again_after_a_change(demo_url):
    from store.persons import profiles

    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_audit(pilot)
        before = next(f for f in screen.report.contacts if f.key == "no_contact").count
        profiles.create_person({"first_name": "Nobody", "last_name": "Reachable"})
        await press(pilot, "r")
        after = next(f for f in screen.report.contacts if f.key == "no_contact")
        assert after.count == before + 1
        assert _shows_figure(shown(pilot), "no contact at all", after.count)
        await press(pilot, "enter")
        _check_list(pilot, after)


async def test_the_help_names_both_uses_of_enter(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _open_audit(pilot)
        await press(pilot, "question_mark")
        assert "Show persons / Open" in shown(pilot)
