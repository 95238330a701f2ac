"""Issue 17, points 7, 9, 10, 11, 12: merge, timeline, history, tags and companies as a new user found them."""

from __future__ import annotations

import pytest
from conftest import NOW, press, shown, type_text
from textual.widgets import Input, Static

from store import companies, tags
from tui.app import ProfilesApp
from tui.company_detail import CompanyDetailScreen
from tui.company_form import CompanyFormScreen
from tui.tags_screen import NamePrompt
from tui.widgets.error_dialog import ErrorDialog

SIZE = (120, 36)
SMALL = (80, 24)


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


# ---------------------------------------------------------------------- 11. tags


async def test_renaming_a_tag_to_a_taken_name_keeps_the_dialog_with_the_error_under_the_field(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4")
        first, second = tags.list_tags()[:2]
        await press(pilot, "home", "e")
        prompt = app.screen
        assert isinstance(prompt, NamePrompt)
        prompt.query_one(Input).value = second.name
        await press(pilot, "enter")
        assert app.screen is prompt and not isinstance(app.screen, ErrorDialog)
        assert f"Tag {second.name!r} already exists." in shown(pilot)
        assert prompt.query_one(Input).value == second.name
        prompt.query_one(Input).value = "renamed tag"
        await press(pilot, "enter")
        assert not isinstance(app.screen, NamePrompt)
        assert tags.find_tag(first.name) is None and tags.find_tag("renamed tag") is not None


async def test_a_new_tag_with_a_taken_name_keeps_the_dialog(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4", "n")
        taken = tags.list_tags()[0].name
        await type_text(pilot, taken.upper())
        await press(pilot, "enter")
        assert isinstance(app.screen, NamePrompt)
        assert f"Tag {taken!r} already exists." in shown(pilot)
        await press(pilot, "escape")
        assert len([t for t in tags.list_tags() if t.name.casefold() == taken.casefold()]) == 1


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_tag_counts_end_under_their_headers(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "4")
        lines = shown(pilot).splitlines()
        header = next(line for line in lines if line.split()[:1] == ["Tag"])
        persons_end = header.index("Persons") + len("Persons")
        companies_end = header.index("Companies") + len("Companies")
        tag = tags.list_tags()[0]
        row = next(line for line in lines if line.lstrip(" ▎│").startswith(tag.name))
        assert row[:persons_end].rstrip().endswith(f"{tag.persons:,}")
        assert row[persons_end : persons_end + 1].strip() == ""
        assert row[:companies_end].rstrip().endswith(f"{tag.companies:,}")


# ---------------------------------------------------------------------- 12. companies


async def test_company_search_narrows_the_list_to_a_name_prefix(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "2")
        first = app.screen.page.rows[0].name
        prefix = first[:3]
        expected = companies.count_companies(prefix)
        assert 0 < expected < companies.count_companies()
        await press(pilot, "slash")
        await type_text(pilot, prefix.lower())
        rows = app.screen.page.rows
        assert rows and all(r.name.casefold().startswith(prefix.casefold()) for r in rows)
        assert f"of {expected} companies found for {prefix.lower()!r}" in shown(pilot)
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, CompanyDetailScreen) and app.screen.company_id == rows[0].id


async def test_company_search_that_finds_nothing_says_so(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "2", "slash")
        await type_text(pilot, "zzzq")
        assert app.screen.page.rows == []
        assert "no company's name starts with 'zzzq'" in shown(pilot)


async def test_the_company_form_refuses_a_country_the_store_refuses_under_the_field(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "2", "n")
        form = app.screen
        assert isinstance(form, CompanyFormScreen)
        assert "ISO code, e.g. HR" in shown(pilot)  # the empty field says what it takes
        form.query_one("#f-name", Input).value = "Narnia Trading"
        form.query_one("#f-country", Input).value = "Narnia"
        await press(pilot, "ctrl+s")
        assert app.screen is form
        error = str(form.query_one("#err-country", Static).render())
        assert "Narnia" in error and "ountry" in error
        assert companies.find_company("Narnia Trading") is None
        form.query_one("#f-country", Input).value = "Croatia"
        await press(pilot, "ctrl+s")
        assert companies.company_view("Narnia Trading").country == "HR"
