"""Pilot tests: every screen and action of the console driven by the keyboard.

Each test asserts what the store holds afterwards and what the screen shows.
"""

from __future__ import annotations

import pytest
from conftest import NOW, press, settle, shown, type_text
from textual.widgets import Input

from store import companies, tags
from store.models import Company, Person, PersonTag
from store.persons import profiles
from store.persons.listing import PersonCriteria, count_persons
from tui.app import ProfilesApp
from tui.company_detail import CompanyDetailScreen
from tui.company_form import CompanyFormScreen
from tui.help_screen import HelpScreen
from tui.merge_screen import MergeScreen
from tui.person_detail import PersonDetailScreen
from tui.person_form import PersonFormScreen
from tui.persons_screen import PersonsScreen
from tui.widgets.confirm import ConfirmScreen
from tui.widgets.error_dialog import ErrorDialog

SIZE = (120, 36)


def app_for(url: str) -> ProfilesApp:
    return ProfilesApp(url, now=NOW)


def persons_screen(app: ProfilesApp) -> PersonsScreen:
    assert app.persons_screen is not None
    return app.persons_screen


async def test_start_shows_the_first_page_the_count_and_the_header(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        total = count_persons(PersonCriteria())
        text = shown(pilot)
        assert f"of {total:,}" in text
        assert "rows 1-" in text
        assert "demo.db" in text and f"{count_persons(None):,} persons" in text
        assert "1 Persons" in text and "7 Audit" in text
        assert len(screen.rows) == screen.table.row_count <= screen.table.size.height
        assert screen.rows[0].id == 1


async def test_paging_moves_a_window_and_never_loads_the_table(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        size = len(screen.rows)
        first_ids = [r.id for r in screen.rows]
        await press(pilot, "pagedown")
        assert f"rows {size + 1}-{2 * size}" in shown(pilot)
        assert screen.rows[0].id > first_ids[-1]
        await press(pilot, "pageup")
        assert [r.id for r in screen.rows] == first_ids
        await press(pilot, "end")
        total = count_persons(PersonCriteria())
        assert f"rows {total - len(screen.rows) + 1:,}-{total:,} of {total:,}" in shown(pilot)
        assert screen.table.row_count == len(screen.rows) < total
        await press(pilot, "home")
        assert "rows 1-" in shown(pilot)
        # Down from the last row of a page loads the next page.
        screen.table.move_cursor(row=size - 1)
        await press(pilot, "down")
        assert screen.start == size + 1 and screen.table.cursor_row == 0


@pytest.mark.parametrize("how", ["email", "phone", "phone_national", "external_id", "name"])
async def test_search_as_you_type(demo_url, how):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = next(
            v for v in map(profiles.get_person, range(1, 300)) if v.type == "customer" and v.phones and v.emails and v.external_id
        )  # fmt: skip
        query = {
            "email": target.emails[0].upper(),
            "phone": target.phones[0],
            "phone_national": target.phones[0][:4] + " " + target.phones[0][4:6] + " " + target.phones[0][6:],
            "external_id": target.external_id,
            "name": target.last_name[:4].lower(),
        }[how]
        await press(pilot, "slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, query)
        await settle(pilot)
        screen = persons_screen(app)
        ids = [r.id for r in screen.rows]
        assert target.id in ids or how == "name"
        if how == "name":
            assert all(
                r.name.split()[-1].lower().startswith(query) or query in r.name.lower() for r in screen.rows
            )
            assert "search by name" in shown(pilot)
        else:
            assert ids[0] == target.id
        await press(pilot, "enter")  # back to the list
        assert app.focused is screen.table


async def test_filter_by_type_shows_anonymous_only_when_chosen(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        assert all(r.type != "anonymous" for r in screen.rows)
        await press(pilot, "f")
        select = app.screen.query_one("#type")
        select.value = "anonymous"
        await press(pilot, "ctrl+s")
        assert {r.type for r in screen.rows} == {"anonymous"}
        assert "Anonymous" in shown(pilot)
        # A company that does not exist is refused inline.
        await press(pilot, "f")
        app.screen.query_one("#company", Input).value = "No Such Company"
        await press(pilot, "ctrl+s")
        assert "There is no company" in shown(pilot)
        await press(pilot, "escape")


async def test_select_with_space_and_tag_the_selection(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        first, second = screen.rows[0].id, screen.rows[1].id
        await press(pilot, "space", "space")
        assert set(app.selection.explicit_ids() or ()) == {first, second}
        assert "2 selected" in shown(pilot)
        await press(pilot, "t")
        await type_text(pilot, "pilot tag")
        await press(pilot, "enter")
        tag = tags.get_tag("pilot tag")
        assert {p for (p,) in PersonTag.select(PersonTag.person).where(PersonTag.tag == tag.id).tuples()} == {
            first,
            second,
        }
        assert "pilot tag" in shown(pilot)
        await press(pilot, "escape")
        assert not app.selection


async def test_new_person_shows_the_store_error_under_the_field_and_saves_nothing(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = count_persons(None)
        await press(pilot, "n")
        assert isinstance(app.screen, PersonFormScreen)
        form = app.screen
        form.query_one("#f-first_name", Input).value = "Ana<"
        form.query_one("#f-last_name", Input).value = "Pilot"
        form.query_one("#f-emails", Input).value = "ana.pilot@example.hr"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PersonFormScreen)
        error = form.query_one("#err-first_name")
        assert "First name must not contain '<'" in str(error.render())
        assert "First name must not contain '<'" in shown(pilot)
        assert count_persons(None) == before
        form.query_one("#f-first_name", Input).value = "Ana"
        form.query_one("#f-phones", Input).value = "not a phone"
        await press(pilot, "ctrl+s")
        assert (
            "not a phone" in str(form.query_one("#err-phones").render()).lower()
            or "phone" in shown(pilot).lower()
        )
        assert count_persons(None) == before
        form.query_one("#f-phones", Input).value = "+385 91 555 0101"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PersonsScreen)
        assert count_persons(None) == before + 1
        found = profiles.get_person(profiles.find_person_id(email="ana.pilot@example.hr"))
        assert (found.first_name, found.type, found.phones) == ("Ana", "customer", ["+385915550101"])


async def test_escape_on_a_changed_form_asks(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        app.screen.query_one("#f-first_name", Input).value = "Draft"
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, PersonFormScreen)
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, PersonsScreen)


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_editing_a_customers_name_asks_with_before_and_after(demo_url, answer):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        index = next(i for i, r in enumerate(screen.rows) if r.type == "customer")
        customer = profiles.get_person(screen.rows[index].id)
        screen.table.move_cursor(row=index)
        await press(pilot, "e")
        form = app.screen
        assert form.query_one("#f-first_name", Input).value == customer.first_name
        form.query_one("#f-first_name", Input).value = "Renamed"
        form.query_one("#f-city", Input).value = "Osijek"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        text = shown(pilot)
        assert "This is a Customer" in text and "protected" in text
        assert customer.first_name in text and "Renamed" in text
        await press(pilot, answer)
        after = profiles.get_person(customer.id)
        if answer == "y":
            assert (after.first_name, after.city) == ("Renamed", "Osijek")
            assert isinstance(app.screen, PersonsScreen)
        else:
            assert (after.first_name, after.city) == (customer.first_name, customer.city)
            assert isinstance(app.screen, PersonFormScreen)


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_editing_an_agents_name_asks_with_before_and_after(demo_url, answer):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        index = next(i for i, r in enumerate(screen.rows) if r.type == "agent")
        agent = profiles.get_person(screen.rows[index].id)
        screen.table.move_cursor(row=index)
        await press(pilot, "e")
        app.screen.query_one("#f-last_name", Input).value = "Renamed"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        text = shown(pilot)
        assert "This is an Agent" in text and "protected" in text and "Renamed" in text
        await press(pilot, answer)
        after = profiles.get_person(agent.id)
        assert after.last_name == ("Renamed" if answer == "y" else agent.last_name)
        assert after.type == "agent"


async def test_editing_a_lead_saves_without_asking(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        index = next(i for i, r in enumerate(screen.rows) if r.type == "lead")
        lead = screen.rows[index].id
        screen.table.move_cursor(row=index)
        await press(pilot, "e")
        app.screen.query_one("#f-last_name", Input).value = "Leadson"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PersonsScreen)
        assert profiles.get_person(lead).last_name == "Leadson"
        assert "Leadson" in shown(pilot)


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_delete_asks(demo_url, answer):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = persons_screen(app)
        victim = screen.rows[0]
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Delete {victim.name}" in shown(pilot)
        await press(pilot, answer)
        exists = Person.get_or_none(Person.id == victim.id) is not None
        assert exists == (answer == "n")
        assert (screen.rows[0].id == victim.id) == (answer == "n")


async def test_person_detail_shows_profile_timeline_and_history(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from store.events import recording

        screen = persons_screen(app)
        index = next(i for i, r in enumerate(screen.rows) if recording.count_events(r.id) > 0)
        view = profiles.get_person(screen.rows[index].id)
        screen.table.move_cursor(row=index)
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonDetailScreen)
        text = shown(pilot)
        assert view.display_name in text and "Profile" in text
        for value in [*view.emails, *view.phones, *view.tags]:
            assert value in text
        await press(pilot, "i")
        newest = recording.timeline(view.id, limit=1).events[0]
        assert newest.event in shown(pilot) and newest.at.strftime("%Y-%m-%d %H:%M") in shown(pilot)
        assert f"{recording.count_events(view.id)} events" in shown(pilot)
        await press(pilot, "h")
        assert "created" in shown(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, PersonFormScreen)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, PersonsScreen)


async def test_tag_and_delete_from_the_detail(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        person = persons_screen(app).rows[0].id
        await press(pilot, "enter", "t")
        await type_text(pilot, "from detail")
        await press(pilot, "enter")
        assert "from detail" in profiles.get_person(person).tags
        assert "from detail" in shown(pilot)
        await press(pilot, "d", "y")
        assert Person.get_or_none(Person.id == person) is None
        assert isinstance(app.screen, PersonsScreen)


async def test_user_text_is_shown_literally_everywhere(empty_url):
    app = ProfilesApp(empty_url, now=NOW)
    nasty = profiles.create_person(
        {
            "first_name": "[bold red]x",
            "last_name": "\x1b[2JEvil",
            "city": "[link=http://x]y",
            "emails": ["m@x.hr"],
        }
    )
    tags.assign_tag("[red]tag", [nasty.id])
    companies.create_company({"name": "[b]Co\x1b[31m"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = shown(pilot)
        assert "[bold red]x" in text and "\x1b" not in text and "Evil" in text
        await press(pilot, "enter")
        text = shown(pilot)
        assert "[bold red]x" in text and "[link=http://x]y" in text and "[red]tag" in text
        assert "\x1b" not in text
        await press(pilot, "escape", "2")
        assert "[b]Co" in shown(pilot) and "\x1b" not in shown(pilot)
        await press(pilot, "4")
        assert "[red]tag" in shown(pilot)


async def test_companies_create_error_detail_edit_delete(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        existing = Company.select().order_by(Company.name_key).first()
        text = shown(pilot)
        assert existing.name in text and f"of {Company.select().count()} companies" in text
        await press(pilot, "n")
        assert isinstance(app.screen, CompanyFormScreen)
        app.screen.query_one("#f-name", Input).value = existing.name.upper()
        await press(pilot, "ctrl+s")
        assert "already exists" in shown(pilot)
        assert Company.select().count() == Company.select().count()
        app.screen.query_one("#f-name", Input).value = "Pilot Works d.o.o."
        app.screen.query_one("#f-city", Input).value = "Zadar"
        await press(pilot, "ctrl+s")
        created = companies.find_company("pilot works d.o.o.")
        assert created is not None and created.city == "Zadar"
        # Open the first company: its members are listed.
        await press(pilot, "home", "enter")
        assert isinstance(app.screen, CompanyDetailScreen)
        first = app.screen.view
        members = companies.member_ids(first.id)
        text = shown(pilot)
        assert first.name in text and f"of {first.members}" in text
        if members:
            assert profiles.get_person(members[0]).display_name in text
        await press(pilot, "e")
        app.screen.query_one("#f-industry", Input).value = "robots"
        await press(pilot, "ctrl+s")
        assert companies.company_view(first.id).industry == "robots"
        await press(pilot, "d")
        assert "detached" in shown(pilot)
        await press(pilot, "y")
        assert companies.find_company(first.id) is None
        assert all(Person.get_by_id(m).company_id is None for m in members)


async def test_company_members_in_the_persons_list(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "enter", "l")
        screen = persons_screen(app)
        company = companies.company_view(screen.criteria.company_id)
        assert isinstance(app.screen, PersonsScreen)
        assert {r.id for r in screen.rows} <= set(companies.member_ids(company.id, limit=1000))
        assert f"company {company.name}" in shown(pilot)


async def test_tags_screen_create_rename_assign_remove_delete(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = [r.id for r in persons_screen(app).rows[:3]]
        for _ in ids:
            await press(pilot, "space")
        await press(pilot, "4")
        assert "3 persons selected" in shown(pilot)
        await press(pilot, "n")
        await type_text(pilot, "aaa new")
        await press(pilot, "enter")
        assert tags.find_tag("aaa new") is not None
        await press(pilot, "home")
        assert app.screen.current().name == "aaa new"
        await press(pilot, "e")
        app.screen.query_one(Input).value = "aaa renamed"
        await press(pilot, "enter")
        assert tags.find_tag("aaa new") is None and tags.find_tag("aaa renamed") is not None
        await press(pilot, "a")
        assert tags.list_tags()[0].persons == 3
        assert "aaa renamed" in shown(pilot)
        await press(pilot, "u")
        assert tags.list_tags()[0].persons == 0
        await press(pilot, "a", "d")
        assert isinstance(app.screen, ConfirmScreen) and "3 persons" in shown(pilot)
        await press(pilot, "y")
        assert tags.find_tag("aaa renamed") is None
        # Enter on a tag lists its persons.
        first_tag = tags.list_tags()[0]
        await press(pilot, "home", "enter")
        screen = persons_screen(app)
        assert app.screen is screen and screen.criteria.tag == first_tag.name
        assert all(first_tag.name in r.tags for r in screen.rows)


async def test_merge_the_selection_with_a_chosen_value(demo_url):
    app = app_for(demo_url)
    a = profiles.create_person(
        {"first_name": "Mira", "last_name": "Merge", "city": "Split", "emails": ["mira1@x.hr"]}
    )
    b = profiles.create_person(
        {
            "first_name": "Mira",
            "last_name": "Merge",
            "city": "Zadar",
            "emails": ["mira2@x.hr"],
            "type": "lead",
        }
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "mira merge")
        await press(pilot, "enter", "space", "space")
        assert set(app.selection.explicit_ids() or ()) == {a.id, b.id}
        await press(pilot, "m")
        assert isinstance(app.screen, MergeScreen)
        text = shown(pilot)
        assert "City" in text and "Split" in text and "Zadar" in text
        merge = app.screen
        row = merge.rows.index("city")
        column = merge.order.index(b.id) + 1
        merge.query_one("#choices").move_cursor(row=row, column=column)
        await press(pilot, "space")
        assert merge.keep["city"] == b.id
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        kept = profiles.get_person(a.id)
        assert kept.city == "Zadar" and sorted(kept.emails) == ["mira1@x.hr", "mira2@x.hr"]
        assert Person.get_or_none(Person.id == b.id) is None
        assert isinstance(app.screen, PersonDetailScreen) and not app.selection


async def test_audit_counts_and_merge_from_a_candidate(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        from store import audit
        from store.merging import duplicates

        report = audit.audit_report(NOW)
        text = shown(pilot)
        assert "Duplicate candidates" in text and f"{report.total:,} persons" in text
        no_contact = next(f for f in report.contacts if f.key == "no_contact").count
        assert f"no contact at all {no_contact:>10}".split()[-1] in text
        candidate = duplicates.find_duplicates(limit=1)[0]
        await press(pilot, "home", "m")
        assert isinstance(app.screen, MergeScreen)
        assert app.screen.person_ids == list(candidate.person_ids)
        await press(pilot, "escape")
        # The figure cards come first; three tabs reach the candidates.
        await press(pilot, "tab", "tab", "tab", "enter")
        assert isinstance(app.screen, PersonDetailScreen) and app.screen.person_id == candidate.person_ids[0]


async def test_help_palette_theme_and_number_keys(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = shown(pilot)
        for words in ("Search", "Select", "Merge", "Filter", "Delete", "Command palette", "Theme", "Audit"):
            assert words in text
        await press(pilot, "escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        commands = {c.title for c in app.get_system_commands(app.screen)}
        for title in (
            "Go to Companies",
            "Go to Tags",
            "Go to Audit",
            "New person",
            "New company",
        ):
            assert title in commands
        assert any(t.startswith("Filter") for t in commands) and "Go to Persons" not in commands  # shown
        await press(pilot, "ctrl+p")
        await type_text(pilot, "go to tags")
        await press(pilot, "enter")
        assert app.current_mode == "tags"
        assert app.theme == "textual-dark"
        await press(pilot, "ctrl+t")
        assert app.theme == "textual-light"
        for key, mode in (("1", "persons"), ("2", "companies"), ("4", "tags"), ("7", "audit")):
            await press(pilot, key)
            assert app.current_mode == mode
        # Keys typed in a search box are text, not navigation.
        await press(pilot, "1", "slash")
        await type_text(pilot, "2")
        assert app.current_mode == "persons" and app.focused.value == "2"


async def test_a_failing_worker_becomes_a_dialog(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_person(10_000_000)
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "10000000" in shown(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonDetailScreen)


async def test_empty_database_works(empty_url):
    app = ProfilesApp(empty_url, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "no persons match" in shown(pilot)
        for key in ("pagedown", "end", "home", "enter", "e", "d", "space", "m", "2", "4", "7"):
            await press(pilot, key)
        assert not isinstance(app.screen, ErrorDialog)
