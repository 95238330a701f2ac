"""SPEC 7: merging persons with per-field choices, the automatic rules, and the exact unmerge."""

from __future__ import annotations

import datetime as dt

import pytest

from store import attributes, history, tags
from store.contact_rules import MAX_CONTACTS
from store.errors import InUse, InvalidValue, LimitExceeded, NotFound, ProfileNotFound
from store.events import definitions, recording
from store.merging import merges
from store.merging.plan import plan_merge
from store.models import Person
from store.persons import listing, profiles


@pytest.fixture
def shop(store_db):
    definitions.enable_template("ecommerce")
    return store_db


def viewed(pid: int, product: str, day: str = "2026-03-01T10:00:00Z") -> int:
    return recording.record_event(
        pid, "ProductViewed", {"productId": product, "productName": product}, at=day
    ).id


def set_modified(pid: int, moment: dt.datetime) -> None:
    Person.update(modified_at=moment).where(Person.id == pid).execute()


def test_lead_and_customer_merge_into_one_customer_with_everything(shop):
    attributes.define_attribute("plan", "text")
    lead = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "city": "Split",
            "emails": ["ana@example.com"],
            "tags": ["newsletter"],
            "type": "lead",
            "custom": {"plan": "free"},
        }
    )
    customer = profiles.create_person(
        {
            "first_name": "Anna",
            "last_name": "Horvat",
            "phones": ["+385911234567"],
            "emails": ["anna@work.example"],
            "tags": ["vip"],
            "custom": {"plan": "gold"},
            "birth_date": "1990-02-03",
        }
    )
    lead_events = [viewed(lead.id, "a"), viewed(lead.id, "b", "2026-03-02T10:00:00Z")]
    customer_events = [viewed(customer.id, "c", "2026-03-03T10:00:00Z")]
    result = merges.merge_persons([lead.id, customer.id], keep={"first-name": lead.id}, source="cli")
    merged = result.person
    assert merged.id == lead.id  # the earliest created keeps its id
    assert merged.type == "customer"  # a Customer wins over a Lead
    assert merged.first_name == "Ana"  # chosen
    assert merged.custom == {"plan": "gold"}  # customer's value wins
    assert (merged.city, merged.birth_date) == ("Split", dt.date(1990, 2, 3))  # set in one only: kept
    assert merged.emails == ["ana@example.com", "anna@work.example"]
    assert merged.phones == ["+385911234567"]
    assert merged.tags == ["newsletter", "vip"]
    page = recording.timeline(lead.id)
    assert {e.id for e in page.events} == {*lead_events, *customer_events}
    assert [e.id for e in page.events] == [customer_events[0], lead_events[1], lead_events[0]]
    assert recording.count_events(lead.id) == 3
    entries = history.person_history(lead.id)
    label = f"merge #{result.merge_id}"
    assert (label, "merged", None, f"person {customer.id} (customer)") in {
        (e.source, e.field, e.old_value, e.new_value) for e in entries
    }
    assert (label, "type", "lead", "customer") in {
        (e.source, e.field, e.old_value, e.new_value) for e in entries
    }
    # The customer's own history moved along: both "profile created" entries are here.
    assert [e.field for e in entries].count("profile") == 2
    with pytest.raises(ProfileNotFound) as caught:
        profiles.get_person(customer.id)
    assert (
        caught.value.message
        == f"Person {customer.id} was merged into person {lead.id} (merge #{result.merge_id})."
    )
    with pytest.raises(ProfileNotFound):
        recording.timeline(customer.id)
    assert profiles.find_person_id(phone="+385911234567") == lead.id
    assert listing.count_persons() == 1


def test_automatic_choices_follow_the_spec_rules(shop):
    old = profiles.create_person(
        {"first_name": "Ivo", "city": "Zagreb", "emails": ["a@example.com"], "type": "lead"}
    )
    new = profiles.create_person({"first_name": "Ivan", "city": "Split", "country": "HR", "type": "lead"})
    customer = profiles.create_person({"first_name": "Ivica", "emails": ["c@example.com"]})
    set_modified(old.id, dt.datetime(2026, 1, 5))
    set_modified(new.id, dt.datetime(2026, 1, 1))
    plan = plan_merge([new.id, old.id])
    choices = {c.field: c for c in plan.choices}
    assert plan.kept_id == old.id  # earliest created is primary
    assert (choices["city"].chosen, choices["city"].reason) == (old.id, "most recently modified")
    assert (choices["country"].chosen, choices["country"].reason) == (new.id, "only value")
    plan = plan_merge([new.id, old.id, customer.id])
    choices = {c.field: c for c in plan.choices}
    assert (choices["first_name"].chosen, choices["first_name"].reason) == (customer.id, "customer")
    assert plan.type == "customer"
    assert plan.to_dict()["choices"][0]["field"] == "first_name"


def test_keep_is_checked(shop):
    a = profiles.create_person({"emails": ["a@example.com"]})
    b = profiles.create_person({"emails": ["b@example.com"]})
    for keep, word in (({"colour": a.id}, "colour"), ({"city": 999}, "999"), ({"type": a.id}, "type")):
        with pytest.raises(InvalidValue) as caught:
            merges.merge_persons([a.id, b.id], keep=keep)
        assert word in caught.value.message
    with pytest.raises(InvalidValue):
        merges.merge_persons([a.id, a.id])
    with pytest.raises(ProfileNotFound):
        merges.merge_persons([a.id, 999])
    assert listing.count_persons() == 2


def test_at_least_one_contact_must_remain(shop):
    a = profiles.create_person({"first_name": "Ana"})
    b = profiles.create_person({"first_name": "Ana"})
    with pytest.raises(InvalidValue) as caught:
        merges.merge_persons([a.id, b.id])
    assert caught.value.field == "contacts"
    assert listing.count_persons() == 2


def test_contacts_together_may_not_pass_the_limit(shop):
    half = MAX_CONTACTS // 2 + 1
    a = profiles.create_person({"emails": [f"a{i}@example.com" for i in range(half)]})
    b = profiles.create_person({"emails": [f"b{i}@example.com" for i in range(half)]})
    with pytest.raises(LimitExceeded):
        merges.merge_persons([a.id, b.id])
    assert len(profiles.get_person(b.id).emails) == half


def test_external_id_and_company_are_single_valued_choices(shop):
    a = profiles.create_person({"external_id": "A-1", "company": "ACME", "emails": ["a@example.com"]})
    b = profiles.create_person({"external_id": "B-1", "company": "Globex", "emails": ["b@example.com"]})
    merged = merges.merge_persons([a.id, b.id], keep={"external_id": b.id, "company": b.id}).person
    assert (merged.external_id, merged.company[1]) == ("B-1", "Globex")
    assert profiles.find_person_id(external_id="B-1") == a.id


def test_unmerge_restores_every_profile_exactly(shop):
    attributes.define_attribute("score", "whole")
    a = profiles.create_person(
        {
            "first_name": "Ana",
            "emails": ["a@example.com"],
            "tags": ["x"],
            "type": "lead",
            "custom": {"score": 1},
        }
    )
    b = profiles.create_person(
        {
            "first_name": "Anna",
            "phones": ["+385911234567"],
            "tags": ["y"],
            "external_id": "B",
            "custom": {"score": 2},
        }
    )
    c = profiles.create_person({"emails": ["c@example.com"], "company": "ACME", "type": "lead"})
    for pid in (a.id, b.id, c.id):
        viewed(pid, f"p{pid}")
    viewed(b.id, "again", "2026-03-05T10:00:00Z")
    before = {pid: profiles.get_person(pid).to_dict() for pid in (a.id, b.id, c.id)}
    timelines = {pid: [e.id for e in recording.timeline(pid).events] for pid in (a.id, b.id, c.id)}
    day = dt.date(2026, 3, 5)
    counts = {pid: recording.day_counts(pid, 10, today=day) for pid in (a.id, b.id, c.id)}
    histories = {pid: [e.id for e in history.person_history(pid)] for pid in (a.id, b.id, c.id)}
    result = merges.merge_persons([a.id, b.id, c.id], keep={"external_id": b.id})
    assert recording.count_events(a.id) == 4
    restored = merges.unmerge(result.merge_id)
    assert [v.id for v in restored] == [a.id, b.id, c.id]
    assert listing.count_persons() == 3
    assert listing.count_by_type() == {"lead": 2, "customer": 1, "agent": 0, "anonymous": 0}
    for pid in (a.id, b.id, c.id):
        assert profiles.get_person(pid).to_dict() == before[pid]
        assert [e.id for e in recording.timeline(pid).events] == timelines[pid]
        assert recording.day_counts(pid, 10, today=day) == counts[pid]
    for pid in (b.id, c.id):
        ids = [e.id for e in history.person_history(pid)]
        assert ids[1:] == histories[pid]  # their own history is back, after an entry for the unmerge
    sources = {e.source for e in history.person_history(a.id)}
    assert {f"merge #{result.merge_id}", f"unmerge #{result.merge_id}"} <= sources
    with pytest.raises(InUse) as caught:
        merges.unmerge(result.merge_id)
    assert "already undone" in caught.value.message
    with pytest.raises(NotFound):
        merges.unmerge(999)


@pytest.mark.parametrize(
    "change",
    [
        lambda pid: profiles.update_person(pid, {"city": "Pula"}),
        lambda pid: profiles.update_person(pid, {"add_emails": ["late@example.com"]}),
        lambda pid: tags.assign_tag("late", [pid]),
    ],
    ids=["field", "contact", "tag"],
)
def test_unmerge_is_refused_once_the_merged_profile_changed(shop, change):
    a = profiles.create_person({"emails": ["a@example.com"]})
    b = profiles.create_person({"emails": ["b@example.com"]})
    merge_id = merges.merge_persons([a.id, b.id]).merge_id
    change(a.id)
    with pytest.raises(InUse) as caught:
        merges.unmerge(merge_id)
    assert f"person {a.id} changed since" in caught.value.message
    with pytest.raises(ProfileNotFound):
        profiles.get_person(b.id)


def test_events_recorded_after_a_merge_stay_and_chains_unmerge_in_order(shop):
    a = profiles.create_person({"emails": ["a@example.com"]})
    b = profiles.create_person({"emails": ["b@example.com"]})
    c = profiles.create_person({"emails": ["c@example.com"]})
    first = merges.merge_persons([a.id, b.id]).merge_id
    later = viewed(a.id, "later")
    second = merges.merge_persons([c.id, a.id], primary=c.id).merge_id
    with pytest.raises(ProfileNotFound) as caught:
        profiles.get_person(b.id)
    assert (
        f"merge #{first}" in caught.value.message
        and f"person {c.id} (merge #{second})" in caught.value.message
    )
    with pytest.raises(InUse) as refused:
        merges.unmerge(first)
    assert f"merge #{second}" in refused.value.message
    merges.unmerge(second)
    merges.unmerge(first)
    assert [e.id for e in recording.timeline(a.id).events] == [later]
    assert profiles.get_person(b.id).emails == ["b@example.com"]


def test_unmerge_is_refused_when_a_restored_external_id_was_taken(shop):
    a = profiles.create_person({"emails": ["a@example.com"], "external_id": "A"})
    b = profiles.create_person({"emails": ["b@example.com"], "external_id": "B"})
    merge_id = merges.merge_persons([a.id, b.id], keep={"external_id": a.id}).merge_id  # B is free again
    profiles.create_person({"external_id": "B"})
    with pytest.raises(InUse) as caught:
        merges.unmerge(merge_id)
    assert "'B'" in caught.value.message
