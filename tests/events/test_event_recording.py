"""SPEC 5.2: recording events, single and batched, the timeline pages and the per-day counts."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from store.errors import InvalidValue, NotFound, ProfileNotFound
from store.events import definitions, recording
from store.events.models import Event, EventDay
from store.events.recording import NewEvent
from store.merging import merges
from store.persons import profiles


@pytest.fixture
def ana(store_db):
    definitions.define_event(
        "AddedToCart", properties=["productId:text", "productPrice:decimal", "quantity:whole?"]
    )
    return profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]}).id


def cart(pid: int, price: str = "9.90", at: str | None = None) -> recording.EventView:
    return recording.record_event(pid, "AddedToCart", {"productId": "p1", "productPrice": price}, at=at)


def stored() -> tuple[int, int]:
    return Event.select().count(), EventDay.select().count()  # events, rollup rows


def test_record_an_event_with_time_and_properties(ana):
    view = recording.record_event(
        ana,
        "added to cart",
        {"productId": "p1", "productPrice": 9.9, "quantity": "3"},
        at="2026-03-01T10:15:00+01:00",
    )
    assert view.to_dict() == {
        "event": "AddedToCart",
        "at": "2026-03-01T09:15:00+00:00",
        "properties": {"productId": "p1", "productPrice": "9.9", "quantity": 3},
    }
    assert recording.timeline(ana).events == [view]


def test_a_property_of_the_wrong_type_is_refused_and_nothing_is_stored(ana):
    cart(ana)
    with pytest.raises(InvalidValue) as caught:
        recording.record_event(ana, "AddedToCart", {"productId": "p1", "productPrice": "cheap"})
    assert caught.value.field == "productPrice"
    assert "'productPrice' (Decimal number)" in caught.value.message and "'cheap'" in caught.value.message
    assert stored() == (1, 1)
    assert len(recording.timeline(ana).events) == 1


@pytest.mark.parametrize(
    ("person", "event", "at", "error"),
    [
        (999, "AddedToCart", None, ProfileNotFound),
        (None, "Nope", None, NotFound),
        (None, "AddedToCart", "yesterday", InvalidValue),
    ],
)
def test_other_refusals_store_nothing(ana, person, event, at, error):
    with pytest.raises(error):
        recording.record_event(person or ana, event, {"productId": "p", "productPrice": "1"}, at=at)
    assert stored() == (0, 0)


def test_a_disabled_event_is_refused(ana):
    definitions.set_enabled("AddedToCart", False)
    with pytest.raises(InvalidValue) as caught:
        cart(ana)
    assert "disabled" in caught.value.message


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-03-01T10:15:00Z", dt.datetime(2026, 3, 1, 10, 15)),
        ("2026-03-01T10:15:00", dt.datetime(2026, 3, 1, 10, 15)),
        ("2026-03-01T10:15:00-05:00", dt.datetime(2026, 3, 1, 15, 15)),
        ("2026-03-01", dt.datetime(2026, 3, 1)),
        (dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2))), dt.datetime(2026, 3, 1, 10)),
        (dt.date(2026, 3, 1), dt.datetime(2026, 3, 1)),
    ],
)
def test_event_times_are_naive_utc(given, expected):
    assert recording.event_time(given) == expected


def test_timeline_is_newest_first_and_pages_by_keyset(ana):
    recorded = [cart(ana, str(i), at=f"2026-03-{1 + i // 3:02d}T10:00:00Z").id for i in range(10)]
    pages, cursor = [], None
    while True:
        page = recording.timeline(ana, limit=3, before=cursor)
        pages.append([e.id for e in page.events])
        cursor = page.next
        if cursor is None:
            break
    assert [i for p in pages for i in p] == sorted(
        recorded, key=lambda i: (recorded.index(i) // 3, i), reverse=True
    )
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    with pytest.raises(InvalidValue):
        recording.timeline(ana, limit=0)


def test_a_timeline_walks_back_from_its_oldest_page_without_a_gap(ana):
    recorded = [cart(ana, str(i), at=f"2026-03-{1 + i // 3:02d}T10:00:00Z").id for i in range(10)]
    newest_first = [e.id for e in recording.timeline(ana, limit=100).events]
    assert sorted(newest_first) == sorted(recorded)
    page = recording.timeline(ana, limit=3, oldest=True)
    assert [e.id for e in page.events] == newest_first[-3:] and page.next is None
    pages = [[e.id for e in page.events]]
    while page.previous is not None:
        page = recording.timeline(ana, limit=3, after=page.previous)
        pages.insert(0, [e.id for e in page.events])
    assert [i for p in pages for i in p] == newest_first and [len(p) for p in pages] == [1, 3, 3, 3]
    assert recording.timeline(ana, limit=3).previous is None
    older = recording.timeline(ana, limit=3, before=recording.timeline(ana, limit=3).next)
    assert older.previous is not None and older.next is not None
    with pytest.raises(InvalidValue, match="not both"):
        recording.timeline(ana, before=older.next, after=older.previous)


def test_a_timeline_page_costs_two_queries_whatever_its_position(ana):
    for i in range(30):
        cart(ana, str(i), at=f"2026-03-01T10:{i:02d}:00Z")
    first = recording.timeline(ana, limit=10)
    with count_queries() as counted:
        recording.timeline(ana, limit=10, before=first.next)
    assert counted.count == 2


def test_day_counts_cover_every_day_of_the_window(ana):
    for day, n in ((1, 2), (3, 1), (10, 4)):
        for _ in range(n):
            cart(ana, at=f"2026-03-{day:02d}T23:59:59Z")
    counts = recording.day_counts(ana, 10, today=dt.date(2026, 3, 10))
    assert len(counts) == 10 and counts[0][0] == dt.date(2026, 3, 1)
    assert [n for _d, n in counts] == [2, 0, 1, 0, 0, 0, 0, 0, 0, 4]
    assert (
        sum(n for _d, n in recording.day_counts(ana, 5, today=dt.date(2026, 3, 10), event="AddedToCart")) == 4
    )
    with pytest.raises(InvalidValue):
        recording.day_counts(ana, 0)


def test_batches_are_all_or_nothing_and_name_the_bad_item(ana):
    other = profiles.create_person({"emails": ["ivo@example.com"]}).id
    batch = [
        NewEvent(ana, "AddedToCart", {"productId": f"p{i}", "productPrice": "1"}, "2026-03-01")
        for i in range(5)
    ]
    bad = [*batch, (other, "AddedToCart", {"productId": "x", "productPrice": "free"})]
    with pytest.raises(InvalidValue) as caught:
        recording.record_events(bad)
    assert caught.value.message.startswith("Event 6: ") and "free" in caught.value.message
    with pytest.raises(ProfileNotFound):
        recording.record_events([*batch, (999, "AddedToCart", {"productId": "x", "productPrice": "1"})])
    assert stored() == (0, 0)
    assert (
        recording.record_events(
            [*batch, (other, "AddedToCart", {"productId": "x", "productPrice": "2"}, "2026-03-02")]
        )
        == 6
    )
    assert [n for _d, n in recording.day_counts(ana, 2, today=dt.date(2026, 3, 2))] == [5, 0]
    assert [n for _d, n in recording.day_counts(other, 2, today=dt.date(2026, 3, 2))] == [0, 1]
    assert recording.record_events([]) == 0


def test_recording_against_a_merged_away_id_says_where_it_went(ana):
    other = profiles.create_person({"emails": ["ivo@example.com"]}).id
    merge_id = merges.merge_persons([ana, other]).merge_id
    with pytest.raises(ProfileNotFound) as caught:
        cart(other)
    assert f"merged into person {ana} (merge #{merge_id})" in caught.value.message
