"""Every value the store takes is a stored value or an InvalidValue naming the field and the
value: numbers, dates, date times, contacts and texts at and past their bounds, on both
backends, through persons, companies, custom attributes, events and identify."""

from __future__ import annotations

import datetime as dt

import pytest

from store import attributes, companies
from store.errors import InvalidValue, ProfilesError
from store.events import definitions, identity, recording
from store.models import Person
from store.persons import profiles


def short_id(value: object) -> str | None:
    """A test id that does not turn a 5,000-digit number into text."""
    return f"int{value.bit_length()}bits" if isinstance(value, int) and not isinstance(value, bool) else None


BAD_CUSTOM = [
    ("decimal", "1e99999999", "below 10^40"),
    ("decimal", "1e999999", "below 10^40"),
    ("decimal", "1e-21", "20 decimal places"),
    ("decimal", "0." + "1" * 21, "20 decimal places"),
    ("decimal", "1" * 41, "below 10^40"),
    ("decimal", "1_0.5", ""),
    ("decimal", "١٢", ""),  # Arabic-Indic digits
    ("decimal", "１２", ""),  # full-width digits
    ("decimal", "NaN", ""),
    ("decimal", "-Infinity", ""),
    ("decimal", "1e-99999999", "20 decimal places"),
    ("whole", "9" * 4300, "between"),
    ("whole", "9" * 5000, "between"),
    ("whole", str(2**63), "between"),
    ("whole", str(-(2**63) - 1), "between"),
    ("whole", "1_0", ""),
    ("whole", "١٢", ""),
    ("whole", "１２", ""),
    ("date", "2023-W01-1", ""),
    ("date", "20230101", ""),
    ("date", "2023-1-1", ""),
    ("date", "2023-001", ""),
    ("datetime", "9999-12-31T23:59:00-05:00", "outside the years 1 to 9999"),
    ("datetime", "0001-01-01T00:00:00+01:00", "outside the years 1 to 9999"),
    ("datetime", "2023-W01-1T10:00", ""),
    ("datetime", "20230101T100000", ""),
    ("text", "x" * 10_001, "longer than 10,000"),
    ("text", "a\x00b", "NUL"),
    ("text", "\udcff", "lone surrogate"),
    ("list", '[{"a": "\\udcff"}]', "lone surrogate"),
    ("list", "[" * 50_000 + "]" * 50_000, ""),
]
ACCEPTED = [
    ("decimal", "9" * 40, "9" * 40),
    ("decimal", "-" + "9" * 40, "-" + "9" * 40),
    ("decimal", "1e-20", "0." + "0" * 19 + "1"),
    ("decimal", "1.5E3", "1500"),
    ("decimal", "0.1234567890123456789", "0.1234567890123456789"),
    ("whole", str(2**63 - 1), 2**63 - 1),
    ("whole", str(-(2**63)), -(2**63)),
    ("whole", "007", 7),
    ("date", "0001-01-01", "0001-01-01"),
    ("datetime", "9999-12-31T23:59:00+00:00", "9999-12-31T23:59:00+00:00"),
    ("datetime", "9999-12-31T18:59:00-05:00", "9999-12-31T23:59:00+00:00"),
    ("datetime", "2026-03-01", "2026-03-01T00:00:00+00:00"),
    ("text", "x" * 10_000, "x" * 10_000),
]


@pytest.mark.parametrize(("type_", "value", "why"), BAD_CUSTOM)
def test_custom_values_past_their_bounds_are_refused_naming_attribute_and_value(store_db, type_, value, why):
    attributes.define_attribute("bal", type_)
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"first_name": "Ana", "custom": {"bal": value}})
    error = caught.value
    assert (error.field, error.value) == ("bal", value)
    assert "'bal'" in error.message and why in error.message
    assert repr(value)[:30] in error.message  # shortened when huge, but recognisable
    assert len(error.message) < 400
    assert Person.select().count() == 0


@pytest.mark.parametrize(("type_", "value", "stored"), ACCEPTED)
def test_custom_values_at_their_bounds_are_stored_exactly(store_db, type_, value, stored):
    attributes.define_attribute("bal", type_, entity="companies")
    company = companies.create_company({"name": "ACME", "custom": {"bal": value}})
    assert company.custom == {"bal": stored}
    assert companies.company_view("ACME").custom == {"bal": stored}


def test_python_values_past_the_bounds_are_refused(store_db):
    attributes.define_attribute("n", "whole")
    attributes.define_attribute("d", "decimal")
    attributes.define_attribute("t", "text")
    attributes.define_attribute("at", "datetime")
    moment = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    for custom in ({"n": 2**63}, {"d": 10**50}, {"d": float("nan")}, {"t": 10**5000}, {"at": moment}):
        with pytest.raises(InvalidValue) as caught:
            profiles.create_person({"custom": custom})
        assert caught.value.field == next(iter(custom))
        assert len(caught.value.message) < 400


def test_a_huge_decimal_no_longer_fills_the_database(store_db):
    attributes.define_attribute("bal", "decimal")
    person = profiles.create_person({"first_name": "Ana"})
    with pytest.raises(InvalidValue):
        profiles.update_person(person.id, {"custom": {"bal": "1e99999999"}})
    assert profiles.get_person(person.id).custom == {}


@pytest.mark.parametrize(
    ("value", "char"),
    [
        ("ana\x00@example.com", "U+0000"),
        ("ana\x01@example.com", "U+0001"),
        ("ana\x7f@example.com", "U+007F"),
        ("ana\x85@example.com", "U+0085"),
        ("ana\u200e@example.com", "U+200E"),
        ("ana@exa\u200bmple.com", "U+200B"),
        ("\ufeffana@example.com", "U+FEFF"),
        ("ana\u202e@example.com", "U+202E"),
        ("ana\u2066@example.com", "U+2066"),
        ("ana\u061c@example.com", "U+061C"),
        ("ana\udcff@example.com", "U+DCFF"),
    ],
)
def test_control_and_format_characters_are_refused_in_emails(store_db, value, char):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"emails": [value]})
    assert caught.value.field == "email" and "Email" in caught.value.message and char in caught.value.message


@pytest.mark.parametrize(
    "value", ["+385 91 123 4567\u200e", "+385\x00911234567", "\u202a+385911234567", "+385911234567\x9f"]
)
def test_control_and_format_characters_are_refused_in_phones(store_db, value):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"phones": [value]})
    assert caught.value.field == "phone" and "Phone" in caught.value.message


def test_emails_are_nfkc_normalised_so_full_width_is_the_same_contact(store_db):
    first = profiles.create_person({"emails": ["ＡＢＣ@example.com"]})
    assert first.emails == ["abc@example.com"]
    with pytest.raises(ProfilesError) as caught:
        profiles.create_person({"emails": ["abc@example.com"]})
    assert caught.value.code == "DUPLICATE_CONTACT"
    assert profiles.find_person_id(email="ａｂｃ@ｅｘａｍｐｌｅ.ｃｏｍ") == first.id


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("a" * 65 + "@example.com", "1 to 64 characters"),
        ("ana@" + "x" * 64 + ".com", "longer than 63"),
        ("ana@" + "x" * 300 + ".com", "longer than 254"),
        ("a@" + ".".join(["x" * 63] * 4) + ".com", "longer than 254"),
    ],
)
def test_email_lengths_are_bounded(store_db, value, why):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"emails": [value]})
    assert why in caught.value.message and len(caught.value.message) < 300


def test_emails_at_the_length_bounds_are_stored(store_db):
    longest = "a" * 64 + "@" + ".".join(["x" * 63, "y" * 63, "z" * 57]) + ".com"
    assert len(longest) == 254
    assert profiles.create_person({"emails": [longest]}).emails == [longest]


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("first_name", "x" * 201, "longer than 200"),
        ("last_name", "\udcff", "lone surrogate"),
        ("nickname", "a\x00", "NUL"),
        ("city", "x" * 201, "longer than 200"),
        ("address", "x" * 501, "longer than 500"),
        ("external_id", "x" * 1001, "longer than 1,000"),
        ("preferred_language", "x" * 101, "longer than 100"),
        ("profile_picture_url", "https://example.com/" + "x" * 2029, "longer than 2,048"),
        ("profile_picture_url", "http://[::1", "http(s) address"),
        ("birth_date", "2023-W01-1", "yyyy-mm-dd"),
        ("birth_date", "20230101", "yyyy-mm-dd"),
        ("birth_date", 10**5000, "yyyy-mm-dd"),
        ("first_name", 10**5000, "must be text"),
    ],
    ids=short_id,
)
def test_person_fields_are_bounded_and_refusals_name_the_field(store_db, field, value, why):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({field: value})
    assert caught.value.field == field and why in caught.value.message
    assert len(caught.value.message) < 300


def test_person_fields_at_their_bounds_are_stored(store_db):
    url = "https://example.com/" + "x" * 2028
    person = profiles.create_person({"first_name": "x" * 200, "city": "c" * 200, "profile_picture_url": url})
    again = profiles.get_person(person.id)
    assert (again.first_name, again.city, again.profile_picture_url) == ("x" * 200, "c" * 200, url)


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "x" * 201), ("name", "\udcff"), ("domain", "x" * 254), ("industry", "a\x00"), ("name", None)],
)
def test_company_fields_are_bounded(store_db, field, value):
    data = {"name": "ACME", field: value}
    with pytest.raises(InvalidValue) as caught:
        companies.create_company(data)
    assert caught.value.field == field


@pytest.mark.parametrize("value", [5, ["a@example.com"], b"a@example.com"])
def test_a_non_text_contact_is_an_invalid_value(store_db, value):
    with pytest.raises(InvalidValue) as caught:
        profiles.find_person_id(email=value)
    assert caught.value.field == "email"


@pytest.fixture
def ana(store_db):
    definitions.define_event("Visit")
    return profiles.create_person({"first_name": "Ana"}).id


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:59:00-05:00", "0001-01-01T00:00:00+01:00", "2023-W01-1", "20260301T101500Z"]
)
def test_event_times_outside_the_range_or_form_are_refused(ana, at):
    with pytest.raises(InvalidValue) as caught:
        recording.record_event(ana, "Visit", at=at)
    assert caught.value.field == "at" and at in caught.value.message
    assert recording.timeline(ana).events == []


def test_an_aware_event_time_past_the_range_is_refused(ana):
    moment = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with pytest.raises(InvalidValue):
        recording.record_event(ana, "Visit", at=moment)


def test_event_times_at_the_range_ends_are_recorded(ana):
    recording.record_event(ana, "Visit", at="9999-12-31T18:59:00-05:00")
    recording.record_event(ana, "Visit", at="0001-01-01T01:00:00+01:00")
    times = [e.at for e in recording.timeline(ana).events]
    assert times == [dt.datetime(9999, 12, 31, 23, 59), dt.datetime(1, 1, 1)]


def test_event_properties_keep_the_reason_and_shorten_the_value(store_db):
    definitions.define_event("Paid", properties=[("amount", "decimal", True)])
    person = profiles.create_person({"first_name": "Ana"}).id
    with pytest.raises(InvalidValue) as caught:
        recording.record_event(person, "Paid", {"amount": "1" * 100_000})
    message = caught.value.message
    assert message.startswith("Property 'amount' (Decimal number) of event 'Paid' does not accept")
    assert "below 10^40" in message and len(message) < 300


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"emails": ["ana\u200e@example.com"]}, "email"),
        ({"phones": ["+385911234567\x00"]}, "phone"),
        ({"external_id": "\udcff"}, "external_id"),
        ({"external_id": 10**5000}, "external_id"),
        ({"emails": ["ana@example.com"], "data": {"first_name": "x" * 201}}, "first_name"),
    ],
    ids=["email", "phone", "surrogate-id", "huge-id", "data"],
)
def test_identify_refuses_bad_values_naming_the_field(store_db, kwargs, field):
    with pytest.raises(InvalidValue) as caught:
        identity.identify("visitor-1", **kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize("anonymous_id", ["\udcff", "a\x00b", None])
def test_anonymous_ids_refuse_nul_and_lone_surrogates(store_db, anonymous_id):
    with pytest.raises(InvalidValue) as caught:
        identity.identify(anonymous_id, emails=["ana@example.com"])
    assert caught.value.field == "anonymous_id"
