"""Issue 17, points 7, 9, 10, 11, 12: merge, timeline, history, tags and companies as a new user found them."""

from __future__ import annotations

import re

import pytest
from conftest import NOW, _send_key, press, settle, shown, type_text
from textual.widgets import DataTable, Input, Static

from store import companies, history, tags
from store.events import identity, recording
from store.events.recording import NewEvent
from store.merging import duplicates, merges
from store.persons import profiles
from store.persons.views import load_persons
from tui.app import ProfilesApp
from tui.company_detail import CompanyDetailScreen
from tui.company_form import CompanyFormScreen
from tui.event_detail import EventScreen
from tui.help_screen import HelpScreen
from tui.merge_screen import MergeScreen
from tui.merges_screen import MergesScreen
from tui.person_detail import PersonDetailScreen
from tui.tags_screen import NamePrompt
from tui.widgets.confirm import ConfirmScreen
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
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen) and "Keys of Tag name" in shown(pilot)
        await press(pilot, "escape", "escape")
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


# ---------------------------------------------------------------------- 9. the timeline


def busy_person(extra: int = 70) -> int:
    """The demo person with the most events, given ``extra`` more: three pages of the timeline."""
    from store.events.models import Event

    person = max({e.person_id for e in Event.select(Event.person)}, key=recording.count_events)
    recording.record_events(
        [
            NewEvent(
                person,
                "ProductViewed",
                {"productId": f"P-{i}", "productName": f"Thing {i}"},
                at=f"2026-05-{1 + i % 28:02d}T08:{i % 60:02d}:00Z",
            )
            for i in range(extra)
        ]
    )
    return person


def timeline_place(pilot) -> tuple[int, int, int]:
    """(position shown, total shown, id of the highlighted event), the highlighted event in view."""
    screen = pilot.app.screen
    assert isinstance(screen, PersonDetailScreen) and screen.timeline is not None
    table = screen.query_one("#events", DataTable)
    event = screen.timeline.events[table.cursor_row]
    text = shown(pilot)
    assert f"{event.at:%Y-%m-%d %H:%M}  {event.event}" in text  # the cursor's row is on screen
    line = next(line for line in text.splitlines() if "newest first" in line)
    words = line.split()
    place, total = (
        int(words[words.index("event") + 1].replace(",", "")),
        int(words[words.index("of") + 1][:-1]),
    )
    row = screen.query_one("#events", DataTable).cursor_row
    return place, total, screen.timeline.events[row].id


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_page_down_walks_the_whole_timeline_without_skipping_an_event(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        person = busy_person()
        every = [e.id for e in recording.timeline(person, limit=1000).events]
        app.open_person(person)
        await press(pilot, "i")
        height = app.screen.query_one("#events", DataTable).size.height
        places = [timeline_place(pilot)]
        assert places[0] == (1, len(every), every[0])
        while places[-1][0] < len(every):
            await press(pilot, "pagedown")
            place, total, event_id = timeline_place(pilot)
            assert total == len(every) and every[place - 1] == event_id
            assert 0 < place - places[-1][0] <= height  # a screenful at most: nothing skipped
            places.append((place, total, event_id))
        await press(pilot, "pageup")
        assert timeline_place(pilot)[0] < len(every)
        await press(pilot, "home")
        assert timeline_place(pilot) == (1, len(every), every[0])


async def test_end_shows_the_oldest_event_and_page_up_walks_back(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        person = busy_person()
        every = [e.id for e in recording.timeline(person, limit=1000).events]
        app.open_person(person)
        await press(pilot, "i", "end")
        assert timeline_place(pilot) == (len(every), len(every), every[-1])
        seen = [timeline_place(pilot)[0]]
        while seen[-1] > 1:
            await press(pilot, "pageup")
            place, _total, event_id = timeline_place(pilot)
            assert every[place - 1] == event_id and 0 < seen[-1] - place <= 20
            seen.append(place)


async def test_page_keys_sent_in_a_burst_are_all_obeyed(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        person = busy_person()
        every = [e.id for e in recording.timeline(person, limit=1000).events]
        app.open_person(person)
        await press(pilot, "i")
        for _ in range(12):
            _send_key(app, "pagedown")
        await settle(pilot)
        burst = timeline_place(pilot)
        await press(pilot, "home")
        for _ in range(12):
            await press(pilot, "pagedown")
        assert burst == timeline_place(pilot) and burst[0] > 60 and every[burst[0] - 1] == burst[2]


async def test_enter_on_the_timeline_opens_the_event_with_every_property_in_full(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        person = busy_person(0)
        long_name = "Trail running shoes, waterproof, size 44, colour deep forest green " + "x" * 20
        recording.record_event(
            person,
            "ProductViewed",
            {"productId": "P-9", "productName": long_name, "category": "sport"},
            at="2026-06-29T10:00:00Z",
        )
        app.open_person(person)
        await press(pilot, "i")
        assert long_name not in shown(pilot)  # the timeline cuts it
        await press(pilot, "enter")
        assert isinstance(app.screen, EventScreen)
        text = shown(pilot)
        assert "ProductViewed · 2026-06-29 10:00:00 UTC" in text
        for name, value in (("productId", "P-9"), ("productName", long_name), ("category", "sport")):
            assert re.search(rf"{name} +{re.escape(value)}", text)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen) and "Keys of Event" in shown(pilot)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, PersonDetailScreen)


# ---------------------------------------------------------------------- 10. history after a merge


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_history_after_a_merge_shows_field_labels_in_time_order(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pair = next(
            c.person_ids
            for c in duplicates.find_duplicates(limit=50)
            if any(v.custom for v in load_persons(list(c.person_ids)))
        )
        kept = merges.merge_persons(list(pair), source="tui").person.id
        app.open_person(kept)
        await press(pilot, "h")
        text = shown(pilot)
        entries = history.person_history(kept)
        assert any(e.field.startswith("custom:") for e in entries)
        assert "custom:" not in text
        assert not [e.field for e in entries if "_" in e.field and e.field in text]
        for entry in entries[: 24 if size == SIZE else 12]:
            assert history.field_label(entry.field) in text
        times = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d", text)
        assert len(times) >= 3 and times == sorted(times, reverse=True)


# ---------------------------------------------------------------------- 7. the merge screen


def three_alike() -> list[int]:
    """Three persons to merge: different contacts, tags and a push registration; the city differs."""
    first = profiles.create_person(
        {
            "first_name": "Petra",
            "last_name": "Triplet",
            "city": "Split",
            "phones": ["+385911234001"],
            "emails": ["petra.one@example.com"],
            "tags": ["alpha"],
        }
    )
    second = profiles.create_person(
        {
            "first_name": "Petra",
            "last_name": "Triplet",
            "city": "Zadar",
            "emails": ["petra.two@example.com", "petra.work@example.com"],
            "tags": ["beta", "alpha"],
        }
    )
    third = identity.install("push-petra-1", "android").person
    profiles.update_person(
        third.id, {"first_name": "Petra", "nickname": "Pe", "add_phones": ["+385911234003"]}
    )
    return [first.id, second.id, third.id]


@pytest.mark.parametrize("size", [SMALL, SIZE])
async def test_merging_three_persons_shows_every_column_with_the_field_names(demo_url, size):
    app = app_for(demo_url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        ids = three_alike()
        app.merge_persons(ids)
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        header = shown(pilot).splitlines()[2]
        assert header.split()[0] == "Field" and all(f"#{pid}" in header for pid in ids)
        for _ in range(6):
            await press(pilot, "right")
        text = shown(pilot)
        assert all(label in text for label in ("Field", "Kept person", "City"))


async def test_the_merge_screen_lists_everything_united_and_what_is_kept_as_is(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = three_alike()
        app.merge_persons(ids)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        screen.query_one("#choices", DataTable).move_cursor(row=len(screen.rows) - 1)
        await settle(pilot)
        text = shown(pilot)
        for value in (
            "+385911234001",
            "+385911234003",
            "petra.one@example.com",
            "petra.two@example.com",
            "petra.work@example.com",
            "push-petra-1 (android)",
            "alpha",
            "beta",
        ):
            assert f"+ {value}" in text
        assert re.search(r"Last name +● Triplet +Triplet", text)  # the same: kept as it is
        assert "United, each listed above: 2 phones, 3 emails, 1 push registration, 2 tags" in text
        assert "1 field differs" in text and re.search(r"City +Split +● Zadar", text)
        assert re.search(r"Nickname +— +— +● Pe", text)  # set in one profile only: kept


async def test_one_differing_field_is_said_in_the_singular(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        a = profiles.create_person({"first_name": "Una", "city": "Pula", "emails": ["una@example.com"]})
        b = profiles.create_person({"first_name": "Una", "city": "Poreč"})
        app.merge_persons([a.id, b.id])
        await settle(pilot)
        text = shown(pilot)
        assert "1 field differs (choose with space); 1 field kept as it is" in text
        assert "1 email, 0 push registrations, 0 tags" in text
        await press(pilot, "down", "down", "down", "space")  # on "First name": nothing to choose
        assert [n.message for n in app._notifications] == [
            "The same value, or the only one, is kept: nothing to choose here."
        ]


async def test_unmerge_from_the_persons_history(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        first, second = duplicates.find_duplicates(limit=1)[0].person_ids
        result = merges.merge_persons([first, second], source="tui")
        kept, away = result.person.id, second if result.person.id == first else first
        app.open_person(kept)
        await settle(pilot)
        footer = shown(pilot).splitlines()[-1]
        assert "Unmerge" not in footer  # on the history tab only
        await press(pilot, "h")
        assert "u Unmerge" in shown(pilot).splitlines()[-1]
        await press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Undo merge #{result.merge_id} into #{kept}?" in shown(pilot)
        await press(pilot, "y")
        assert isinstance(app.screen, PersonDetailScreen)
        assert profiles.get_person(away).id == away
        assert merges.list_merges()[0].undone_at is not None
        assert any(f"Merge #{result.merge_id} undone" in n.message for n in app._notifications)
        assert "Unmerge" not in shown(pilot).splitlines()[-1]  # nothing left to undo


async def test_unmerge_from_the_merge_list_and_the_stores_refusal(demo_url):
    app = app_for(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (a, b), (c, d) = [cand.person_ids for cand in duplicates.find_duplicates(limit=2)]
        older = merges.merge_persons([a, b], source="tui")
        newer = merges.merge_persons([c, d], source="tui")
        profiles.update_person(newer.person.id, {"city": "Changed Since"})
        await press(pilot, "7", "h")
        assert isinstance(app.screen, MergesScreen)
        text = shown(pilot)
        assert f"#{newer.merge_id}" in text and f"#{older.person.id} {older.person.display_name}" in text
        await press(pilot, "u", "y")  # the newest merge: its kept person changed since
        assert isinstance(app.screen, ErrorDialog)
        assert f"person {newer.person.id} changed since the merge" in shown(pilot)
        await press(pilot, "escape", "down", "u", "y")
        assert isinstance(app.screen, MergesScreen)
        assert [m.id for m in merges.list_merges() if m.undone_at is not None] == [older.merge_id]
        assert {p.id for p in load_persons([a, b])} == {a, b}
        await press(pilot, "down", "u")  # undone already: says so, asks nothing
        assert isinstance(app.screen, MergesScreen)
