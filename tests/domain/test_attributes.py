"""SPEC 2.3: custom attribute definitions and typed values."""

from __future__ import annotations

import pytest

from store import attributes
from store.errors import ConfirmationRequired, DuplicateValue, IncompatibleType, InvalidValue, NotFound
from store.persons import profiles

VALID = [
    ("text", "hello", "hello"),
    ("text", 12, "12"),
    ("decimal", "1234.50", "1234.50"),
    ("decimal", "-0.1", "-0.1"),
    ("whole", "42", 42),
    ("whole", 7, 7),
    ("boolean", "yes", True),
    ("boolean", False, False),
    ("date", "2024-02-29", "2024-02-29"),
    ("datetime", "2024-02-29T10:00:00+01:00", "2024-02-29T09:00:00+00:00"),
    ("datetime", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00+00:00"),
    ("list", '[{"sku": "A1", "qty": 2}]', [{"qty": 2, "sku": "A1"}]),
]
INVALID = [
    ("decimal", "12,5", InvalidValue),
    ("decimal", "NaN", InvalidValue),
    ("whole", "4.5", InvalidValue),
    ("whole", "abc", InvalidValue),
    ("whole", True, IncompatibleType),
    ("whole", [1], IncompatibleType),
    ("boolean", "maybe", InvalidValue),
    ("date", "29.02.2024", InvalidValue),
    ("date", "2023-02-29", InvalidValue),
    ("datetime", "yesterday", InvalidValue),
    ("list", "[1, 2]", InvalidValue),
    ("list", "{not json", InvalidValue),
    ("list", {"a": 1}, IncompatibleType),
    ("text", ["a"], IncompatibleType),
]


@pytest.mark.parametrize(("type_", "value", "expected"), VALID)
def test_valid_values_round_trip(store_db, type_, value, expected):
    attributes.define_attribute("thing", type_)
    person = profiles.create_person({"custom": {"thing": value}})
    assert person.custom == {"thing": expected}


@pytest.mark.parametrize(("type_", "value", "error"), INVALID)
def test_wrong_values_name_attribute_type_and_value(store_db, type_, value, error):
    info = attributes.define_attribute("Score", type_)
    person = profiles.create_person({"first_name": "Ana"})
    with pytest.raises(error) as caught:
        profiles.update_person(person.id, {"custom": {"score": value}, "city": "Zagreb"})
    message = caught.value.message
    assert "'Score'" in message
    from store.attribute_types import TYPE_LABELS

    assert TYPE_LABELS[info.type] in message
    assert (value if isinstance(value, str) else repr(value)) in message
    assert profiles.get_person(person.id).city is None


def test_decimal_stays_exact_as_a_string(store_db):
    attributes.define_attribute("balance", "decimal")
    person = profiles.create_person({"custom": {"balance": "0.10000000000000000001"}})
    assert person.to_dict()["custom"]["balance"] == "0.10000000000000000001"


def test_undefined_attribute_is_not_found(store_db):
    with pytest.raises(NotFound) as caught:
        profiles.create_person({"custom": {"nope": "1"}})
    assert "nope" in caught.value.message


def test_type_cannot_change_and_names_are_unique(store_db):
    attributes.define_attribute("Score", "whole")
    with pytest.raises(DuplicateValue) as caught:
        attributes.define_attribute("score", "text")
    assert "Whole number" in caught.value.message


@pytest.mark.parametrize("name", ["first_name", "1abc", "", "a" * 70, "semi;colon"])
def test_bad_names(store_db, name):
    with pytest.raises(InvalidValue):
        attributes.define_attribute(name, "text")


def test_unknown_type(store_db):
    with pytest.raises(InvalidValue) as caught:
        attributes.define_attribute("x", "money")
    assert "money" in caught.value.message


def test_delete_asks_when_values_exist(store_db):
    attributes.define_attribute("score", "whole")
    person = profiles.create_person({"custom": {"score": 3}})
    with pytest.raises(ConfirmationRequired):
        attributes.delete_attribute("score")
    assert profiles.get_person(person.id).custom == {"score": 3}
    assert attributes.delete_attribute("score", confirm=True) == 1
    assert profiles.get_person(person.id).custom == {}
    assert attributes.list_attributes() == []


def test_unsetting_a_value(store_db):
    attributes.define_attribute("score", "whole")
    person = profiles.create_person({"custom": {"score": 3}})
    assert profiles.update_person(person.id, {"custom": {"score": None}}).custom == {}


def test_company_attributes_are_separate(store_db):
    from store import companies

    attributes.define_attribute("employees", "whole", entity="companies")
    company = companies.create_company({"name": "ACME", "custom": {"employees": "250"}})
    assert company.custom == {"employees": 250}
    with pytest.raises(NotFound):
        profiles.create_person({"custom": {"employees": 3}})
