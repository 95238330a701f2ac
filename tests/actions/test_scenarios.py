"""The issue's scenarios: a chatbot session from an unknown phone, an inbound SMS, a form
from a known Customer; and what upsert, lists, tags and channels do to profiles."""

from __future__ import annotations

import pytest

from store import actions
from store.attributes import define_attribute
from store.errors import ProfileNotFound
from store.events import recording
from store.history import person_history
from store.persons import profiles

PHONE = "+385911234567"


def ok(name, args):
    result = actions.run(name, args)
    assert result.status == "SUCCESS", result
    return result.data


def events_of(person_id):
    return [e.event for e in recording.timeline(person_id).events][::-1]


def test_a_chatbot_session_from_an_unknown_phone_creates_one_customer_with_the_events(store_db):
    session = {"channel": "chatbot", "session_id": "s-1"}
    started = ok("session_started", {**session, "identify_by": {"phone": PHONE}})
    ended = ok("session_ended", {**session, "identify_by": {"phone": PHONE}, "duration_seconds": 42})
    assert started["created"] is True and ended["created"] is False
    assert started["person_id"] == ended["person_id"] == profiles.find_person_id(phone=PHONE)
    person = profiles.get_person(started["person_id"])
    assert (person.type, person.phones) == ("customer", [PHONE])
    assert events_of(person.id) == ["SessionStarted", "SessionEnded"]
    page = recording.timeline(person.id).events
    assert page[0].properties == {"channel": "chatbot", "sessionId": "s-1", "durationSeconds": 42}
    assert {e.source for e in person_history(person.id)} == {"chatbot"}


def test_an_inbound_sms_from_an_unknown_phone_creates_one_lead(store_db):
    first = ok(
        "inbound_message", {"channel": "sms", "from": {"phone": PHONE}, "text": "Hi, is my order ready?"}
    )
    again = ok("inbound_message", {"channel": "sms", "from": {"phone": PHONE}, "text": "Hello?"})
    assert (first["created"], again["created"], again["person_id"]) == (True, False, first["person_id"])
    person = profiles.get_person(first["person_id"])
    assert (person.type, person.phones) == ("lead", [PHONE])
    assert {e.source for e in person_history(person.id)} == {"sms"}


def test_a_form_from_a_known_customer_fills_only_empty_fields(store_db):
    define_attribute("newsletter", "boolean")
    ana = profiles.create_person({"first_name": "Ana", "city": "Zagreb", "emails": ["ana@example.com"]})
    data = ok(
        "submit_form",
        {
            "form": "newsletter sign-up",
            "identify_by": {"email": "ana@example.com"},
            "attributes": {
                "first_name": "Anna",
                "city": "Split",
                "last_name": "Horvat",
                "custom:newsletter": True,
            },
            "types": {"first_name": "Text", "custom:newsletter": "Boolean"},
        },
    )
    assert (data["person_id"], data["created"]) == (ana.id, False)
    after = profiles.get_person(ana.id)
    assert (after.type, after.first_name, after.city, after.last_name) == (
        "customer",
        "Ana",
        "Zagreb",
        "Horvat",
    )
    assert after.custom == {"newsletter": True}
    assert {(e.field, e.source) for e in person_history(ana.id) if e.source == "form"} == {
        ("last_name", "form"),
        ("custom:newsletter", "form"),
    }


def test_a_form_from_an_unknown_email_creates_a_lead_and_a_form_needs_no_anonymous_id(store_db):
    data = ok(
        "submit_form",
        {"form": "contact", "identify_by": {"email": "Ivo@Example.com"}, "attributes": {"first_name": "Ivo"}},
    )
    person = profiles.get_person(data["person_id"])
    assert (person.type, person.emails, person.first_name) == ("lead", ["ivo@example.com"], "Ivo")


def test_upsert_creates_a_customer_then_updates_it_and_a_chatbot_promotes_a_lead(store_db):
    first = ok("upsert_person", {"identify_by": {"phone": PHONE}, "attributes": {"first_name": "Ana"}})
    second = ok(
        "upsert_person", {"identify_by": {"phone": PHONE}, "attributes": {"first_name": "Ana Marija"}}
    )
    assert (first["created"], second["created"], second["person_id"]) == (True, False, first["person_id"])
    assert profiles.get_person(first["person_id"]).first_name == "Ana Marija"
    lead = ok(
        "upsert_person", {"identify_by": {"email": "lea@example.com"}, "attributes": {}, "type": "lead"}
    )
    assert profiles.get_person(lead["person_id"]).type == "lead"
    ok(
        "upsert_person",
        {"identify_by": {"email": "lea@example.com"}, "type": "customer", "channel": "chatbot"},
    )
    assert profiles.get_person(lead["person_id"]).type == "customer"
    ok("upsert_person", {"identify_by": {"email": "lea@example.com"}, "type": "lead", "channel": "sms"})
    assert profiles.get_person(lead["person_id"]).type == "customer", (
        "an untrusted channel never changes a type"
    )


def test_lists_append_by_default_and_overwrite_on_request(store_db):
    define_attribute("orders", "list")
    args = {"identify_by": {"phone": PHONE}, "attributes": {"custom:orders": [{"id": "A1"}]}}
    pid = ok("upsert_person", args)["person_id"]
    ok("upsert_person", {**args, "attributes": {"custom:orders": [{"id": "A1"}, {"id": "B2"}]}})
    assert profiles.get_person(pid).custom["orders"] == [{"id": "A1"}, {"id": "B2"}]
    ok(
        "upsert_person",
        {**args, "attributes": {"custom:orders": [{"id": "C3"}]}, "overwrite": ["custom:orders"]},
    )
    assert profiles.get_person(pid).custom["orders"] == [{"id": "C3"}]
    refused = actions.run("upsert_person", {**args, "attributes": {"city": "Split"}, "overwrite": ["city"]})
    assert (refused.status, refused.field) == ("INVALID_REQUEST", "city")


def test_tags_are_added_checked_and_removed_in_any_case(store_db):
    pid = ok("upsert_person", {"identify_by": {"phone": PHONE}})["person_id"]
    assert ok("add_tags", {"identify_by": {"phone": PHONE}, "tags": ["VIP", "newsletter"]})["added"] == [
        "VIP",
        "newsletter",
    ]
    assert ok("add_tags", {"identify_by": {"phone": PHONE}, "tags": ["vip"]})["added"] == []
    present = ok("has_tag", {"identify_by": {"phone": PHONE}, "tags": ["vip", "churn"]})["present"]
    assert present == {"vip": True, "churn": False}
    assert ok("remove_tags", {"identify_by": {"phone": PHONE}, "tags": ["Vip", "churn"]})["removed"] == [
        "VIP"
    ]
    assert profiles.get_person(pid).tags == ["newsletter"]


def test_get_information_maps_variables_and_finds_by_every_identifier(store_db):
    define_attribute("tier", "text")
    ana = profiles.create_person(
        {
            "first_name": "Ana",
            "phones": [PHONE],
            "emails": ["ana@example.com"],
            "external_id": "A-1",
            "custom": {"tier": "gold"},
        }
    )
    ok(
        "record_event",
        {
            "identify_by": {"anonymous_id": "dev-1"},
            "event": "SessionStarted",
            "properties": {"channel": "web", "sessionId": "x"},
        },
    )
    ok("identify", {"anonymous_id": "dev-1", "identify_by": {"email": "ana@example.com"}, "verified": True})
    for identify_by in (
        {"phone": "+385 91 123 4567"},
        {"email": "ANA@example.com"},
        {"external_id": "A-1"},
        {"anonymous_id": "dev-1"},
    ):
        data = ok(
            "get_information",
            {
                "identify_by": identify_by,
                "attributes": ["first_name", "custom:tier", "email"],
                "as": {"custom:tier": {"variable": "customerTier", "type": "Text"}},
            },
        )
        assert data == {
            "person_id": ana.id,
            "type": "customer",
            "values": {"first_name": "Ana", "customerTier": "gold", "email": "ana@example.com"},
        }
    assert events_of(ana.id) == ["SessionStarted"]


def test_a_caller_given_channel_is_untrusted_and_named_in_the_history(store_db):
    ana = profiles.create_person({"first_name": "Ana", "phones": [PHONE]})
    ok(
        "upsert_person",
        {
            "identify_by": {"phone": PHONE},
            "attributes": {"first_name": "X", "city": "Pula"},
            "channel": "viber",
        },
    )
    after = profiles.get_person(ana.id)
    assert (after.first_name, after.city) == ("Ana", "Pula")
    assert [e.source for e in person_history(ana.id) if e.field == "city"] == ["channel:viber"]
    bad = actions.run("upsert_person", {"identify_by": {"phone": PHONE}, "channel": "Viber Bot"})
    assert (bad.status, bad.field) == ("INVALID_VALUE", "channel")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ("not an object", "args"),
        ({"identify_by": {"phone": PHONE, "email": "a@b.hr"}}, "identify_by"),
        ({"identify_by": {"fax": "1"}}, "identify_by"),
        ({"identify_by": {"phone": 385}}, "phone"),
        ({"identify_by": {"phone": PHONE}, "attributes": ["first_name"]}, "attributes"),
        ({"identify_by": {"phone": PHONE}, "colour": "red"}, "colour"),
        ({"identify_by": {"phone": PHONE}, "types": {"city": "Text"}}, "city"),
    ],
)
def test_a_malformed_request_is_invalid_request_naming_the_argument(store_db, args, field):
    result = actions.run("upsert_person", args)
    assert (result.status, result.field) == ("INVALID_REQUEST", field)
    with pytest.raises(ProfileNotFound):  # nobody was created
        profiles.find_person_id(phone=PHONE)
