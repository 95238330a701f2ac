"""SPEC 2.1-2.4: standard attributes, type defaults, read-only fields, customer protection, history."""

from __future__ import annotations

import datetime as dt

import pytest

from store import history, protection
from store.errors import DuplicateValue, InvalidValue, ProfileNotFound, ReadOnlyAttribute
from store.persons import listing, profiles


def test_type_defaults_to_customer_and_json_shape(store_db):
    person = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "gender": "F",
            "birth_date": "1990-02-03",
            "company": "ACME d.o.o.",
            "emails": ["ana@example.com"],
            "tags": ["vip"],
        }
    )
    data = person.to_dict()
    assert data["type"] == "customer"
    assert data["gender"] == "female"
    assert data["birth_date"] == "1990-02-03"
    assert data["company"]["name"] == "ACME d.o.o."
    assert data["tags"] == ["vip"]
    assert data["created_at"].endswith("+00:00")
    assert set(data) == {
        "id", "type", "external_id", "first_name", "last_name", "middle_name", "nickname", "gender",
        "birth_date", "address", "city", "country", "preferred_language", "profile_picture_url",
        "company", "phones", "emails", "push_registrations", "tags", "custom", "computed",
        "created_at", "modified_at",
    }  # fmt: skip


def test_lead_default_for_imports(store_db):
    assert profiles.create_person({"emails": ["l@example.com"]}, default_type="lead").type == "lead"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("gender", "other", "Gender"),
        ("birth_date", "03.02.1990", "yyyy-mm-dd"),
        ("birth_date", "1990-02-30", "yyyy-mm-dd"),
        ("profile_picture_url", "javascript:alert(1)", "http"),
        ("type", "prospect", "Type"),
    ],
)
def test_bad_standard_values_name_field_and_value(store_db, field, value, words):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({field: value, "emails": ["x@example.com"]})
    assert caught.value.field == field
    assert words in caught.value.message and value in caught.value.message
    assert listing.count_persons() == 0


@pytest.mark.parametrize("field", ["id", "created_at", "modified_at", "computed", "push_registrations"])
def test_read_only_fields_are_refused(store_db, field):
    person = profiles.create_person({"first_name": "Ana"})
    with pytest.raises(ReadOnlyAttribute) as caught:
        profiles.update_person(person.id, {field: "x"})
    assert caught.value.code == "READ_ONLY_ATTRIBUTE"


def test_unknown_attribute_is_refused(store_db):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"favourite_colour": "blue"})
    assert "favourite_colour" in caught.value.message


def test_external_id_is_unique(store_db):
    profiles.create_person({"external_id": "C-1"})
    with pytest.raises(DuplicateValue) as caught:
        profiles.create_person({"external_id": " C-1 "})
    assert "C-1" in caught.value.message
    assert listing.count_persons() == 1


def test_untrusted_source_only_fills_a_customers_empty_fields(store_db):
    customer = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    after = profiles.update_person(
        customer.id,
        {"first_name": "Anna", "city": "Zagreb", "type": "lead", "add_emails": ["new@example.com"]},
        source=protection.FORM,
    )
    assert after.first_name == "Ana"
    assert after.city == "Zagreb"
    assert after.type == "customer"
    assert "new@example.com" in after.emails


def test_untrusted_source_updates_a_lead_but_not_its_type(store_db):
    lead = profiles.create_person({"first_name": "Ana", "type": "lead"})
    after = profiles.update_person(
        lead.id, {"first_name": "Anna", "type": "customer"}, source=protection.FORM
    )
    assert (after.first_name, after.type) == ("Anna", "lead")


def test_protected_changes_show_before_and_after_for_customers_and_agents(store_db):
    customer = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    changes = profiles.protected_changes(customer.id, {"first_name": "Anna", "city": "Split"})
    assert changes == [("first_name", "Ana", "Anna")]
    agent = profiles.create_person({"first_name": "Vid", "type": "agent"})
    changes = profiles.protected_changes(agent.id, {"type": "lead", "add_emails": ["vid@example.com"]})
    assert changes == [("type", "agent", "lead"), ("email", None, "vid@example.com")]
    lead = profiles.create_person({"first_name": "Ivo", "type": "lead"})
    assert profiles.protected_changes(lead.id, {"first_name": "Ivan"}) == []


def test_history_records_source_field_old_and_new(store_db):
    person = profiles.create_person({"first_name": "Ana"}, source="cli")
    profiles.update_person(
        person.id, {"first_name": "Anna", "add_emails": ["a@example.com"]}, source=protection.CONSOLE
    )
    profiles.update_person(person.id, {"first_name": "Anna"}, source=protection.API)  # no change, no entry
    entries = history.person_history(person.id)
    assert len(entries) == 3
    assert (entries[-1].source, entries[-1].field, entries[-1].new_value) == ("cli", "profile", "created")
    assert {(e.source, e.field, e.old_value, e.new_value) for e in entries[:2]} == {
        ("tui", "first_name", "Ana", "Anna"),
        ("tui", "email", None, "a@example.com"),
    }
    assert entries[0].at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_unknown_source_is_refused(store_db):
    with pytest.raises(InvalidValue):
        profiles.create_person({"first_name": "Ana"}, source="somewhere")


def test_delete_person_and_lookups_say_not_found(store_db):
    person = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "tags": ["vip"]})
    profiles.delete_person(person.id)
    with pytest.raises(ProfileNotFound) as caught:
        profiles.get_person(person.id)
    assert str(person.id) in caught.value.message
    with pytest.raises(ProfileNotFound):
        profiles.find_person_id(email="ana@example.com")
    # The email is free again, and the deleted id is never reused.
    again = profiles.create_person({"emails": ["ana@example.com"]})
    assert again.id > person.id


def test_clearing_fields_with_none_or_empty(store_db):
    person = profiles.create_person({"first_name": "Ana", "city": "Zagreb", "company": "ACME"})
    after = profiles.update_person(person.id, {"city": "", "company": None})
    assert after.city is None and after.company is None


def test_history_after_a_merge_runs_by_time_and_pages_the_same(store_db):
    from store.merging import merges
    from store.models import Change

    older = profiles.create_person({"first_name": "Ana", "emails": ["a@example.com"]}, source="cli")
    newer = profiles.create_person({"first_name": "Ana", "emails": ["b@example.com"]}, source="api")
    # Written in this order, but the later-written profile was made long before (as the demo does).
    Change.update(at=dt.datetime(2024, 1, 1)).where(Change.person == newer.id).execute()
    Change.update(at=dt.datetime(2025, 1, 1)).where(Change.person == older.id).execute()
    merges.merge_persons([older.id, newer.id], primary=older.id, source="tui")
    entries = history.person_history(older.id)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert [(e.source, e.field) for e in entries[-2:]] == [("cli", "profile"), ("api", "profile")]
    paged, before = [], None
    while True:
        page = history.person_history(older.id, limit=2, before_id=before)
        paged += page
        if len(page) < 2:
            break
        before = page[-1].id
    assert [e.id for e in paged] == [e.id for e in entries]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("preferred_language", "Preferred language"),
        ("custom:preferred channel", "preferred channel"),
        ("push_registration", "Push registration"),
        ("first_name", "First name"),
    ],
)
def test_history_fields_have_labels(name, shown):
    assert history.field_label(name) == shown
