"""SPEC 2.1: phones in E.164, emails lower-cased and checked for syntax, one owner each, 100 at most."""

from __future__ import annotations

import pytest

from store import settings
from store.contact_rules import normalize_email, normalize_phone
from store.errors import DuplicateContact, InvalidValue, LimitExceeded, NotFound
from store.persons import listing, profiles


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("+385 91 123 4567", None, "+385911234567"),
        ("+385-91-123-4567", None, "+385911234567"),
        ("(091) 123 4567", "HR", "+385911234567"),
        ("091/123-4567", "HR", "+385911234567"),
        ("00385 91 123 4567", "HR", "+385911234567"),
        ("(202) 555-0143", "US", "+12025550143"),
        ("+1 202 555 0143", "HR", "+12025550143"),
    ],
)
def test_phone_formats_normalise_to_e164(raw, country, expected):
    assert normalize_phone(raw, country) == expected


@pytest.mark.parametrize(
    ("raw", "country", "reason"),
    [
        ("091 123 4567", None, "national number"),
        ("+385 1", None, "too short"),
        ("call me", None, "not a phone number"),
        ("801-555-7712x4563;801-555-9999", "US", "phone number"),
        ("+999 123 456", None, "unknown country code"),
    ],
)
def test_invalid_phones_are_refused_with_reason(raw, country, reason):
    with pytest.raises(InvalidValue) as caught:
        normalize_phone(raw, country)
    assert caught.value.field == "phone"
    assert reason in caught.value.message
    assert raw.strip() in caught.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Ana@Example.COM ", "ana@example.com"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("名無しの権兵衛@host.invalid", "名無しの権兵衛@host.invalid"),
        ("ivan@primjer.hr", "ivan@primjer.hr"),
        ("user@xn--d1acufc.xn--p1ai".replace("xn--p1ai", "рф"), "user@xn--d1acufc.рф"),
        ("o'brien@example.example", "o'brien@example.example"),
    ],
)
def test_valid_emails(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "contact1@invalid",
        "no-at-sign.example.com",
        "two@@example.com",
        "a@b@example.com",
        ".lead@example.com",
        "trail.@example.com",
        "dou..ble@example.com",
        "sp ace@example.com",
        "semi;colon@example.com",
        "x@-bad.com",
        "x@bad-.com",
        "x@example.c",
        "x@example.123",
        "x@exa_mple.com",
        "@example.com",
        "a" * 65 + "@example.com",
    ],
)
def test_invalid_emails(raw):
    with pytest.raises(InvalidValue) as caught:
        normalize_email(raw)
    assert caught.value.field == "email"


def test_default_country_setting_parses_national_numbers(store_db):
    with pytest.raises(InvalidValue):
        profiles.create_person({"phones": ["091 123 4567"]})
    settings.set_setting("default-country", "hr")
    assert settings.get_setting("default_country") == "HR"
    person = profiles.create_person({"phones": ["091 123 4567"]})
    assert person.phones == ["+385911234567"]
    # The option of one call wins over the setting.
    other = profiles.create_person({"phones": ["(202) 555-0143"]}, country="US")
    assert other.phones == ["+12025550143"]


def test_default_country_must_be_a_region(store_db):
    with pytest.raises(InvalidValue) as caught:
        settings.set_setting("default-country", "Croatia")
    assert "Croatia" in caught.value.message
    assert settings.get_setting("default-country") == ""


def test_a_contact_belongs_to_one_profile(store_db):
    ana = profiles.create_person({"emails": ["ana@example.com"], "phones": ["+385911234567"]})
    with pytest.raises(DuplicateContact) as caught:
        profiles.create_person({"first_name": "Other", "emails": ["ANA@example.com "]})
    assert "ana@example.com" in caught.value.message and str(ana.id) in caught.value.message
    bob = profiles.create_person({"emails": ["bob@example.com"]})
    with pytest.raises(DuplicateContact):
        profiles.update_person(bob.id, {"add_phones": ["+385 91 123 4567"], "first_name": "Bob"})
    assert profiles.get_person(bob.id).first_name is None
    assert listing.count_persons() == 2


def test_adding_own_contact_again_is_harmless(store_db):
    ana = profiles.create_person({"emails": ["ana@example.com"]})
    again = profiles.update_person(ana.id, {"add_emails": ["Ana@Example.com"]})
    assert again.emails == ["ana@example.com"]


def test_hundred_contacts_at_most(store_db):
    emails = [f"user{i}@example.com" for i in range(60)]
    phones = [f"+3859112340{i:02d}" for i in range(40)]
    person = profiles.create_person({"emails": emails, "phones": phones})
    assert len(person.emails) + len(person.phones) == 100
    with pytest.raises(LimitExceeded) as caught:
        profiles.update_person(person.id, {"add_emails": ["one-more@example.com"]})
    assert "100" in caught.value.message
    with pytest.raises(LimitExceeded):
        profiles.create_person({"emails": [f"x{i}@example.com" for i in range(101)]})
    # Swapping one contact for another stays within the limit.
    swapped = profiles.update_person(
        person.id, {"remove_emails": ["user0@example.com"], "add_emails": ["new@example.com"]}
    )
    assert "new@example.com" in swapped.emails and "user0@example.com" not in swapped.emails


def test_removing_a_contact_the_person_lacks_is_an_error(store_db):
    person = profiles.create_person({"emails": ["ana@example.com"]})
    with pytest.raises(NotFound):
        profiles.update_person(person.id, {"remove_emails": ["nobody@example.com"]})


def test_find_by_contact_in_any_format(store_db):
    person = profiles.create_person({"emails": ["ana@example.com"], "phones": ["+385911234567"]})
    assert profiles.find_person_id(phone="+385 (91) 123-4567") == person.id
    assert profiles.find_person_id(email=" ANA@example.com") == person.id
    assert profiles.find_person_id(phone="091 123 4567", country="HR") == person.id


def test_fast_email_pattern_agrees_with_the_rule_it_explains():
    """The one-expression fast path and the step-by-step rule accept exactly the same addresses."""
    import random

    from store.contact_rules import EMAIL_RE, email_error

    rng = random.Random(20261124)
    alphabet = 'ab.-_@ "(x1é;ž'
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert bool(EMAIL_RE.fullmatch(text)) == (email_error(text) is None), text
