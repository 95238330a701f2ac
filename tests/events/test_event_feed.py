"""The feed of recent events across persons (``store.events.feed``): order, filters, keyset pages, plan."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from store.db import db, is_postgres
from store.errors import InvalidValue, MissingDefinition
from store.events import definitions, feed, recording
from store.events.recording import NewEvent
from store.persons import profiles

T0 = dt.datetime(2026, 6, 1, 12, 0, 0)


@pytest.fixture
def recorded(store_db):
    """Ana and Ivo with 30 events of two kinds, one a minute, the last three at one moment."""
    definitions.define_event("Viewed", properties=["page:text"])
    definitions.define_event("Bought", properties=["amount:decimal"])
    ana = profiles.create_person({"first_name": "Ana", "last_name": "Kovač"}).id
    ivo = profiles.create_person({"first_name": "Ivo", "emails": ["ivo@example.com"]}).id
    events = []
    for i in range(30):
        at = T0 + dt.timedelta(minutes=min(i, 27))
        if i % 3 == 0:
            events.append(NewEvent(ivo, "Bought", {"amount": str(i)}, at))
        else:
            events.append(NewEvent(ana, "Viewed", {"page": f"/p{i}"}, at))
    recording.record_events(events)
    return ana, ivo


def _all_pages(**filters) -> list[feed.FeedEvent]:
    seen: list[feed.FeedEvent] = []
    page = feed.recent_events(limit=7, **filters)
    seen += page.events
    while page.next is not None:
        page = feed.recent_events(limit=7, after=page.next, **filters)
        seen += page.events
    return seen


def test_the_feed_is_every_event_newest_first_with_its_person(recorded):
    ana, ivo = recorded
    page = feed.recent_events(limit=4)
    assert [(e.event, e.at) for e in page.events] == [
        ("Bought", T0 + dt.timedelta(minutes=27)),
        ("Viewed", T0 + dt.timedelta(minutes=27)),
        ("Viewed", T0 + dt.timedelta(minutes=27)),
        ("Viewed", T0 + dt.timedelta(minutes=26)),
    ]
    assert page.events[0].id > page.events[1].id > page.events[2].id  # one moment: by id, newest first
    assert {(e.person_id, e.person_name) for e in page.events} == {(ivo, "Ivo"), (ana, "Ana Kovač")}
    assert page.events[0].properties == {"amount": "27"}


def test_keyset_pages_walk_every_event_once_in_order(recorded):
    seen = _all_pages()
    assert len(seen) == 30 and len({e.id for e in seen}) == 30
    assert [(e.at, e.id) for e in seen] == sorted(((e.at, e.id) for e in seen), reverse=True)


def test_filter_by_event_name_and_time(recorded):
    bought = _all_pages(event="bought")
    assert len(bought) == 10 and {e.event for e in bought} == {"Bought"}
    window = _all_pages(since=T0 + dt.timedelta(minutes=10), until="2026-06-01T12:20:00Z")
    assert [e.at.minute for e in window] == list(range(20, 9, -1))
    assert len(_all_pages(until="2026-06-01")) == 30  # a bare date: the whole day
    assert _all_pages(until="2026-05-31") == []


def test_bad_filters_name_their_field(recorded):
    with pytest.raises(MissingDefinition):
        feed.recent_events(event="Nope")
    with pytest.raises(InvalidValue) as caught:
        feed.recent_events(since="yesterday")
    assert caught.value.field == "since" and "'yesterday'" in caught.value.message


def test_a_page_is_a_constant_number_of_queries(recorded):
    with count_queries() as counted:
        feed.recent_events(limit=20)
    assert counted.count <= 5  # definitions, the page, the persons' rows (persons, contacts, tags)


def test_each_definition_walks_the_event_index(recorded):
    if is_postgres():
        pytest.skip("the plan is SQLite's; PostgreSQL reads the same index backwards")
    ids = [d.id for d in definitions.list_definitions()]
    sql, params = feed.feed_query(ids, T0, (T0 + dt.timedelta(hours=1), feed.LAST_ID), 21)
    plan = [row[3] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    searches = [step for step in plan if step.startswith("SEARCH event")]
    assert len(searches) == len(ids)
    assert all(
        "USING INDEX event_definition_id_at_person_id (definition_id=? AND at>? AND at<?)" in s
        for s in searches
    )
    assert not any(step.startswith("SCAN event") for step in plan)
