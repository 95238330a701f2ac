"""Property-based: any text, number or date string given to a value rule gives a value or a
ProfilesError, never another exception; an accepted value is a fixed point of its rule and
reads back from the store as it was stored."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store import attribute_types, attributes, companies
from store.contact_rules import normalize_email, normalize_phone
from store.errors import ProfilesError
from store.events import recording
from store.fields import COMPANY_FIELDS, PERSON_FIELDS, clean_company_field, clean_person_field, parse_date
from store.persons import profiles

TYPES = tuple(attribute_types.TYPE_LABELS)
# Every code point, lone surrogates and controls included: what a reader or an API caller may hand over.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=40)
DIGITS = st.sampled_from("0123456789٠١٢３４５_.,eE+- \u200e")
NUMBER_TEXT = st.one_of(
    st.text(DIGITS, max_size=30),
    st.from_regex(r"\A[+-]?[0-9]{1,45}(\.[0-9]{0,25})?([eE][+-]?[0-9]{1,9})?\Z"),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
DATE_TEXT = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.datetimes(timezones=st.timezones() | st.none()).map(dt.datetime.isoformat),
    st.from_regex(r"\A[0-9]{4}-?(W[0-9]{2}-?[0-9]|[0-9]{1,2}-?[0-9]{1,2})(T[0-9:+-Z]{0,15})?\Z"),
    st.text(st.sampled_from("0123456789-:TWZ+ ."), max_size=30),
)
VALUES = st.one_of(
    ANY_TEXT,
    NUMBER_TEXT,
    DATE_TEXT,
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.none(),
    st.lists(st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), max_size=2),
)
EMAIL_TEXT = st.one_of(
    ANY_TEXT,
    st.emails().map(str),
    st.builds(
        lambda a, b, c: f"{a}@{b}.{c}",
        st.text(ANY_CHAR, min_size=1, max_size=70),
        st.text(ANY_CHAR, min_size=1, max_size=70),
        st.text(min_size=1, max_size=70),
    ),
)
PHONE_TEXT = st.one_of(ANY_TEXT, st.text(st.sampled_from("+0123456789 ()-.x\u200e\x00٣"), max_size=25))


def outcome(rule, *args):
    """The rule's value, or None when it refused with a ProfilesError (any other exception fails)."""
    try:
        return rule(*args)
    except ProfilesError:
        return None


@given(type_=st.sampled_from(TYPES), value=VALUES)
def test_every_attribute_type_gives_a_value_or_a_profiles_error(type_, value):
    result = outcome(attribute_types.parse, "x", type_, value)
    if result is not None:
        text, number = result
        assert attribute_types.parse("x", type_, text) == (text, number)  # the stored text reads back
        attribute_types.to_json(type_, text)


@given(value=st.one_of(EMAIL_TEXT, VALUES))
def test_emails_give_a_value_or_a_profiles_error(value):
    email = outcome(normalize_email, value)
    if email is not None:
        assert normalize_email(email) == email
        assert len(email) <= 254 and email == email.lower()


@given(value=st.one_of(PHONE_TEXT, VALUES), country=st.sampled_from([None, "HR", "US", "XX"]))
def test_phones_give_a_value_or_a_profiles_error(value, country):
    phone = outcome(normalize_phone, value, country)
    if phone is not None:
        assert phone.startswith("+") and normalize_phone(phone) == phone


@given(value=st.one_of(DATE_TEXT, VALUES))
def test_dates_and_event_times_give_a_value_or_a_profiles_error(value):
    day = outcome(parse_date, "birth_date", value)
    if isinstance(day, dt.date):
        assert parse_date("birth_date", day.isoformat()) == day
    if not isinstance(value, dt.date | dt.datetime | str) and value is not None:
        return
    moment = outcome(recording.event_time, value)
    if moment is not None:
        assert moment.tzinfo is None and recording.event_time(moment.isoformat()) == moment


@given(field=st.sampled_from([*PERSON_FIELDS, "type"]), value=VALUES)
def test_person_fields_give_a_value_or_a_profiles_error(field, value):
    result = outcome(clean_person_field, field, value)
    if isinstance(result, str):
        assert clean_person_field(field, result) == result


@given(field=st.sampled_from(COMPANY_FIELDS), value=VALUES)
def test_company_fields_give_a_value_or_a_profiles_error(field, value):
    result = outcome(clean_company_field, field, value)
    if result is not None:
        assert clean_company_field(field, result) == result


@pytest.fixture
def typed(store_db):
    """One person with a custom attribute of every type."""
    for type_ in TYPES:
        attributes.define_attribute(f"c_{type_}", type_)
    return profiles.create_person({"first_name": "Ana"}).id


@given(type_=st.sampled_from(TYPES), value=st.one_of(ANY_TEXT, NUMBER_TEXT, DATE_TEXT))
def test_accepted_custom_values_round_trip_through_the_store(typed, type_, value):
    name = f"c_{type_}"
    if not value.strip():
        return  # blank text unsets the value
    try:
        expected = attribute_types.to_json(type_, attribute_types.parse(name, type_, value)[0])
    except ProfilesError:
        with pytest.raises(ProfilesError):
            profiles.update_person(typed, {"custom": {name: value}})
        return
    profiles.update_person(typed, {"custom": {name: value}})
    assert profiles.get_person(typed).custom[name] == expected
    if type_ == "decimal":
        assert decimal.Decimal(expected) == decimal.Decimal(value.strip())


@given(first=ANY_TEXT, city=ANY_TEXT, email=EMAIL_TEXT)
def test_accepted_person_values_round_trip_through_the_store(store_db, first, city, email):
    data = {"first_name": first, "city": city, "emails": [email]}
    try:
        wanted = (
            clean_person_field("first_name", first),
            clean_person_field("city", city),
            [normalize_email(email)],
        )
    except ProfilesError:
        with pytest.raises(ProfilesError):
            profiles.create_person(data)
        return
    if outcome(lambda e: profiles.find_person_id(email=e), wanted[2][0]) is not None:
        return  # the address is taken by an earlier example
    person = profiles.get_person(profiles.create_person(data).id)
    assert (person.first_name, person.city, person.emails) == wanted


@given(name=ANY_TEXT, city=ANY_TEXT)
def test_accepted_company_values_round_trip_through_the_store(store_db, name, city):
    try:
        wanted = (clean_company_field("name", name), clean_company_field("city", city))
    except ProfilesError:
        with pytest.raises(ProfilesError):
            companies.create_company({"name": name, "city": city})
        return
    try:
        company = companies.create_company({"name": name, "city": city})
    except ProfilesError as exc:
        assert exc.code == "DUPLICATE_VALUE"  # the name is taken by an earlier example
        return
    assert (company.name, company.city) == wanted
