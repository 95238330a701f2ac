"""Pilot tests of the segments screen: a nested segment built by keyboard with its live count,
refusals shown at the condition, saving, members, tagging, export, and why a person is (not) in one.

Each test asserts what the screen shows against what the store says: the live count
against ``count_condition`` of the draft, the saved condition against ``get_segment``,
the exported file against the segment's members.
"""

from __future__ import annotations

import csv

from conftest import NOW, press, settle, shown, type_text
from textual.widgets import Input, SelectionList

from store import tags
from store.persons.listing import PersonCriteria, count_persons
from store.segments import segments
from store.segments.choices import condition_choices
from tui.app import ProfilesApp
from tui.condition_dialog import CATEGORIES, ConditionDialog
from tui.export_screen import ExportScreen
from tui.messages import SegmentCounted
from tui.persons_screen import PersonsScreen
from tui.segments_screen import SegmentsScreen
from tui.widgets.error_dialog import ErrorDialog

SIZE = (120, 36)


async def _segments(pilot) -> SegmentsScreen:
    await settle(pilot)
    await press(pilot, "3")
    screen = pilot.app.screen
    assert isinstance(screen, SegmentsScreen)
    return screen


def _live_count_is_the_stores(pilot, screen: SegmentsScreen) -> int:
    """The count above the tree is the store's count of the draft; returns it."""
    count = segments.count_condition(screen.draft)
    assert screen.count == count
    assert f"{count:,} member" in shown(pilot)
    return count


def _notes(app) -> str:
    """Every notification the app has shown, one per line."""
    return "\n".join(note.message for note in app._notifications)


def _flat(text: str) -> str:
    """The text on screen with runs of spaces and line breaks as one space (wrapped lines joined)."""
    return " ".join(text.replace("█", " ").split())


async def _choose(pilot, downs: int) -> None:
    """Open the focused choice list, move down ``downs`` times, take the option."""
    await press(pilot, "enter", *["down"] * downs, "enter")


async def test_a_nested_segment_built_by_keyboard_counts_live_and_saves(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Buyers or leads")
        await press(pilot, "enter")
        assert screen.draft == {"all": []} and "new, not saved" in shown(pilot)
        assert "cannot count" in shown(pilot)  # an empty group is refused, at the group
        await press(pilot, "enter")  # the top group: all -> any
        assert screen.draft == {"any": []}

        await press(pilot, "g")  # an all group inside the any
        assert screen.draft == {"any": [{"all": []}]}
        await press(pilot, "a")
        assert isinstance(app.screen, ConditionDialog)
        await _choose(pilot, 2)  # Event performed
        first_event = condition_choices().events[0].name
        await press(pilot, "tab", "tab", "tab")  # operand, operator, at least
        await press(pilot, "backspace")
        await type_text(pilot, "2")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SegmentsScreen)
        event = {"event": first_event, "op": "performed", "min_count": 2}
        assert screen.draft == {"any": [{"all": [event]}]}
        first = _live_count_is_the_stores(pilot, screen)

        await press(pilot, "a")  # after the event condition, in the same group
        await _choose(pilot, 1)  # Tag
        await press(pilot, "ctrl+s")
        tag = {"tag": condition_choices().tags[0], "op": "has"}
        assert screen.draft == {"any": [{"all": [event, tag]}]}
        second = _live_count_is_the_stores(pilot, screen)
        assert second <= first

        await press(pilot, "up", "up", "up", "g")  # the top group gets a second group
        await press(pilot, "a")  # the default: an attribute, type equals lead
        await press(pilot, "ctrl+s")
        lead = {"field": "type", "op": "equals", "value": "lead"}
        assert screen.draft == {"any": [{"all": [event, tag]}, {"all": [lead]}]}
        third = _live_count_is_the_stores(pilot, screen)
        assert third >= count_persons(PersonCriteria(("lead",))) and third >= second

        await press(pilot, "ctrl+s")
        saved = segments.get_segment("Buyers or leads", with_count=True)
        assert saved.condition == screen.draft and saved.count == third
        assert "changed" not in shown(pilot) and "Buyers or leads" in shown(pilot)


async def test_a_refused_condition_is_marked_in_the_tree(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        assert screen.segment_name == "Repeat buyers to reach"
        await press(pilot, "enter", "down", "g")  # an empty group after the event condition
        text = shown(pilot)
        assert "cannot count" in text
        assert "Condition all[1].any: 'any' takes a non-empty list of conditions." in text
        assert "✗ refused" in next(line for line in text.splitlines() if "any of  (empty" in line)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ErrorDialog)
        assert "non-empty list" in shown(pilot)
        await press(pilot, "escape")
        assert segments.get_segment("Repeat buyers to reach").condition == screen.saved
        await press(pilot, "d")  # the empty group goes; the count is back
        assert screen.draft == screen.saved
        _live_count_is_the_stores(pilot, screen)


async def test_an_older_count_never_overwrites_a_newer_one(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        count = _live_count_is_the_stores(pilot, screen)
        screen.post_message(SegmentCounted(screen.token - 1, count + 1234))
        await settle(pilot)
        assert screen.count == count and f"{count + 1234:,} member" not in shown(pilot)


async def test_the_condition_dialog_shows_the_stores_refusal(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _segments(pilot)
        await press(pilot, "enter", "a", "tab")
        await _choose(pilot, 0 + [n for n, _k in condition_choices().fields].index("birth_date"))
        await press(pilot, "tab")
        await _choose(pilot, 1)  # before
        await press(pilot, "tab")
        await type_text(pilot, "01.02.2020")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConditionDialog)
        assert "takes a date as yyyy-mm-dd, not '01.02.2020'" in _flat(shown(pilot))


async def test_members_tag_and_export(demo_url, tmp_path):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        await press(pilot, "down", "enter")
        assert screen.segment_name == "VIP customers"
        count = segments.count_members("VIP customers")
        assert count > 0

        await press(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert "Export the members of VIP customers" in shown(pilot)
        target = tmp_path / "vip.csv"
        dialog.query_one("#f-path", Input).value = str(target)
        columns = dialog.query_one("#f-columns", SelectionList)
        columns.deselect_all()
        for column in ("id", "first_name", "tags"):
            columns.select(column)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SegmentsScreen)
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert sorted(int(r["id"]) for r in rows) == segments.member_ids("VIP customers", limit=1000)
        assert all("vip" in r["tags"] for r in rows)

        await press(pilot, "t")
        await type_text(pilot, "spring mailing")
        await press(pilot, "enter")
        assert f"'spring mailing' added to {count:,} members of VIP customers" in _notes(app)
        assert tags.get_tag("spring mailing") is not None

        await press(pilot, "l")
        persons = app.screen
        assert isinstance(persons, PersonsScreen)
        assert persons.criteria.segment == "VIP customers" and persons.total == count
        assert "segment VIP customers" in shown(pilot)
        assert all("spring mailing" in row.tags for row in persons.rows)


async def test_unsaved_changes_are_not_listed_and_ask_before_they_go(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        await press(pilot, "enter", "down", "d")  # the event condition goes from the draft
        assert screen.dirty and "changed" in shown(pilot)
        await press(pilot, "l")
        assert app.screen is screen and "Save the changes first" in _notes(app)
        await press(pilot, "escape", "down", "enter")  # open another segment: asks first
        assert "Discard the unsaved changes" in shown(pilot)
        await press(pilot, "y")
        assert screen.segment_name == "VIP customers" and not screen.dirty


async def test_rename_and_a_refused_delete(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    segments.create_segment("Inner", {"tag": "vip", "op": "has"})
    segments.create_segment("Outer", {"segment": "Inner", "op": "in"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        names = [info.name for info in screen.segments]
        screen.table.move_cursor(row=names.index("Inner"))
        await press(pilot, "d", "y")
        assert isinstance(app.screen, ErrorDialog) and "Outer" in shown(pilot)
        await press(pilot, "escape")
        await press(pilot, "e")
        field = app.screen.query_one("#name")
        field.value = "Outer"  # taken: the dialog stays, the store's message under the field
        await press(pilot, "enter")
        assert app.screen.query_one("#name") is field and "Outer" in shown(pilot)
        assert "already" in shown(pilot).lower(), shown(pilot)
        field.value = "Core"
        await press(pilot, "enter")
        assert "Renamed segment Inner to Core." in _notes(app)
        assert app.screen is screen, shown(pilot)
        assert segments.get_segment("Outer").condition == {"segment": "Core", "op": "in"}
        assert "Core" in [info.name for info in screen.segments]


async def test_why_a_person_is_or_is_not_in_a_segment(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        member = segments.member_ids("VIP customers", limit=1)[0]
        await settle(pilot)
        app.open_person(member)
        await settle(pilot)
        await press(pilot, "w")
        await press(pilot, "down", "enter")  # the second segment by name: VIP customers
        text = shown(pilot)
        assert "is a member of VIP customers." in text
        _member, explained = segments.explain("VIP customers", member)
        for line in explained.lines():
            assert line.strip() in text
        await press(pilot, "up", "enter")  # Repeat buyers to reach
        is_member, _explained = segments.explain("Repeat buyers to reach", member)
        verdict = "is a member of" if is_member else "is not in"
        assert f"{verdict} Repeat buyers to reach." in shown(pilot)


async def test_editing_a_condition_starts_from_its_values(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        event, group = screen.saved["all"]
        await press(pilot, "enter", "down", "enter")  # the event condition
        dialog = app.screen
        assert isinstance(dialog, ConditionDialog)
        assert dialog.condition() == event  # unchanged, it is the same condition
        await press(pilot, "tab", "tab", "tab", "backspace")
        await type_text(pilot, "3")
        await press(pilot, "ctrl+s")
        assert screen.draft == {"all": [dict(event, min_count=3), group]} and screen.dirty
        _live_count_is_the_stores(pilot, screen)

        await press(pilot, "down", "down", "down", "enter")  # custom:newsletter opt-in = true
        dialog = app.screen
        assert isinstance(dialog, ConditionDialog) and dialog.condition() == group["any"][1]
        dialog.query_one("#v-choice").focus()
        await _choose(pilot, 1)  # false
        await press(pilot, "ctrl+s")
        assert screen.draft["all"][1]["any"][1]["value"] is False
        _live_count_is_the_stores(pilot, screen)
        await press(pilot, "ctrl+s")
        assert segments.get_segment("Repeat buyers to reach").condition == screen.draft


async def test_an_event_condition_with_a_property_test(demo_url):
    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _segments(pilot)
        await press(pilot, "down", "enter", "a")  # VIP customers: add to its all group
        await _choose(pilot, 2)  # Event performed
        dialog = app.screen
        events = [event.name for event in condition_choices().events]
        dialog.query_one("#operand").focus()
        await _choose(pilot, events.index("OrderCompleted"))  # down from the first event
        properties = list(condition_choices().events[events.index("OrderCompleted")].properties)
        dialog.query_one("#p-prop").focus()
        await _choose(pilot, 1 + properties.index("orderTotal"))
        dialog.query_one("#p-op").focus()
        await _choose(pilot, 2)  # equals, not_equals, greater_than
        dialog.query_one("#p-value").focus()
        await type_text(pilot, "100")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SegmentsScreen)
        added = screen.draft["all"][-1]
        assert added == {
            "event": "OrderCompleted",
            "op": "performed",
            "min_count": 1,
            "where": {"property": "orderTotal", "op": "greater_than", "value": 100},
        }
        assert "where orderTotal > 100" in shown(pilot)
        _live_count_is_the_stores(pilot, screen)


async def test_a_first_segment_in_an_empty_store(empty_url):
    app = ProfilesApp(empty_url, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _segments(pilot)
        text = shown(pilot)
        assert "0 segments" in text and "n makes a segment" in text
        await press(pilot, "a")
        assert "Open a segment (enter) or make one (n) first." in _notes(app)
        await press(pilot, "n")
        await type_text(pilot, "Leads")
        await press(pilot, "enter", "a", "ctrl+s")  # the first choices: type equals lead
        assert screen.draft == {"all": [{"field": "type", "op": "equals", "value": "lead"}]}
        assert "0 members" in shown(pilot)
        await press(pilot, "ctrl+s")
        assert segments.get_segment("Leads").condition == screen.draft
        assert "1 segment " in shown(pilot)


SAMPLES = {"date": "2020-01-01", "datetime": "2020-01-01T00:00:00Z", "number": "5"}


async def test_every_operator_the_dialog_offers_makes_a_condition_the_store_takes(demo_url):
    """For each kind of operand and each operator that fits it, filled with a sample value,
    the dialog's condition passes the store's check (so no choice leads to a refusal)."""
    from store.companies import company_names

    app = ProfilesApp(demo_url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _segments(pilot)
        await press(pilot, "enter", "a")
        dialog = app.screen
        assert isinstance(dialog, ConditionDialog)
        company = company_names(limit=1)[0]
        checked = 0
        for _label, category in CATEGORIES:
            dialog.query_one("#category").value = category
            await settle(pilot)
            kinds_seen: set[str | None] = set()
            for _name, operand in dialog._operands() or [("", None)]:
                if operand is not None:
                    dialog.query_one("#operand").value = operand
                    await settle(pilot)
                if dialog._kind() in kinds_seen and category in ("field", "company_field"):
                    continue  # one operand of each kind is enough
                kinds_seen.add(dialog._kind())
                for op in dialog._ops():
                    dialog.query_one("#op").value = op
                    await settle(pilot)
                    text = "HR" if category == "contact" or operand == "country" else company
                    for field in dialog.query(Input):
                        if field.id in ("v-value", "v-value2"):
                            field.value = SAMPLES.get(dialog._kind() or "", text)
                        elif field.id == "v-days":
                            field.value = "7"
                    condition = dialog.condition()
                    segments.check_condition(condition)  # raises on a refusal
                    checked += 1
        assert checked > 40
