"""Type compatibility of SPEC 8, every cell of both tables, and enforced by the actions.

The expected tables are written out here from the spec's text, cell by cell, and not
derived from the code: profile → bot on reads (``get_information`` with ``as``), bot →
profile on writes (``upsert_person`` with ``types``).
"""

from __future__ import annotations

import pytest

from store import actions
from store.actions import compatibility
from store.attributes import define_attribute
from store.persons import profiles

PROFILE = compatibility.PROFILE_TYPES
BOT = compatibility.BOT_TYPES

READABLE = {
    ("Text", "Text"),
    ("Gender", "Text"),
    ("Decimal number", "Number"),
    ("Whole number", "Number"),
    ("True/False", "Boolean"),
    ("Date", "Date"),
    ("Date Time", "Date"),
    ("List of objects", "List"),
}
WRITABLE = {
    ("Text", "Text"),
    ("Phone number", "Text"),
    ("Location", "Text"),
    ("URL", "Text"),
    ("Email", "Text"),
    ("NER", "Text"),
    ("MO", "Text"),
    ("Boolean", "True/False"),
    ("List", "List of objects"),
}
READ_CELLS = [(p, b) for p in PROFILE for b in BOT]
WRITE_CELLS = [(b, p) for b in BOT for p in PROFILE]


def test_the_tables_have_the_spec_types():
    assert PROFILE == (
        "Text", "Gender", "Decimal number", "Whole number", "True/False", "Date", "Date Time", "List of objects"
    )  # fmt: skip
    assert BOT == (
        "Text",
        "Phone number",
        "Location",
        "URL",
        "Email",
        "NER",
        "MO",
        "Number",
        "Boolean",
        "Date",
        "List",
    )


@pytest.mark.parametrize(("profile_type", "bot_type"), READ_CELLS, ids=[f"{p}->{b}" for p, b in READ_CELLS])
def test_profile_to_bot_cell(profile_type, bot_type):
    allowed = (profile_type, bot_type) in READABLE
    assert compatibility.may_read(profile_type, bot_type) is allowed
    if allowed:
        compatibility.check_read("custom:x", profile_type, bot_type)
    else:
        with pytest.raises(Exception) as caught:
            compatibility.check_read("custom:x", profile_type, bot_type)
        assert caught.value.code == "INCOMPATIBLE_TYPE"
        assert profile_type in caught.value.message and bot_type in caught.value.message


@pytest.mark.parametrize(("bot_type", "profile_type"), WRITE_CELLS, ids=[f"{b}->{p}" for b, p in WRITE_CELLS])
def test_bot_to_profile_cell(bot_type, profile_type):
    allowed = (bot_type, profile_type) in WRITABLE
    assert compatibility.may_write(bot_type, profile_type) is allowed
    if allowed:
        compatibility.check_write("custom:x", bot_type, profile_type)
    else:
        with pytest.raises(Exception) as caught:
            compatibility.check_write("custom:x", bot_type, profile_type)
        assert caught.value.code == "INCOMPATIBLE_TYPE"
        assert profile_type in caught.value.message and bot_type in caught.value.message


# One attribute of each profile type, with a stored value and a value a bot may write.
ATTRIBUTES = {
    "Text": ("custom:note", "text", "hello"),
    "Gender": ("gender", None, "female"),
    "Decimal number": ("custom:spend", "decimal", "12.50"),
    "Whole number": ("custom:visits", "whole", 3),
    "True/False": ("custom:vip", "boolean", True),
    "Date": ("custom:joined", "date", "2026-01-02"),
    "Date Time": ("custom:seen", "datetime", "2026-01-02T10:00:00+00:00"),
    "List of objects": ("custom:orders", "list", [{"id": "A1"}]),
}
AS_BOT = {"Decimal number": 12.5, "Whole number": 3}  # numbers read as JSON numbers


@pytest.fixture
def person(store_db):
    for name, type_, _value in ATTRIBUTES.values():
        if type_ is not None:
            define_attribute(name.removeprefix("custom:"), type_)
    custom = {n.removeprefix("custom:"): v for n, t, v in ATTRIBUTES.values() if t is not None}
    return profiles.create_person({"phones": ["+385911234567"], "gender": "female", "custom": custom})


def test_reads_enforce_every_cell(person):
    for profile_type, bot_type in READ_CELLS:
        name, _type, value = ATTRIBUTES[profile_type]
        result = actions.run(
            "get_information",
            {
                "identify_by": {"phone": "+385911234567"},
                "attributes": [name],
                "as": {name: {"variable": "v", "type": bot_type}},
            },
        )
        if (profile_type, bot_type) in READABLE:
            assert result.status == "SUCCESS", (profile_type, bot_type, result)
            assert result.data["values"] == {"v": AS_BOT.get(profile_type, value)}
        else:
            assert result.status == "INCOMPATIBLE_TYPE", (profile_type, bot_type, result)
            assert result.field == name


def test_writes_enforce_every_cell(person):
    bot_values = {"Boolean": False, "List": [{"id": "B2"}]}
    for bot_type, profile_type in WRITE_CELLS:
        name, _type, value = ATTRIBUTES[profile_type]
        given = bot_values.get(bot_type, "written")
        result = actions.run(
            "upsert_person",
            {
                "identify_by": {"phone": "+385911234567"},
                "attributes": {name: given},
                "types": {name: bot_type},
            },
        )
        after = profiles.get_person(person.id)
        stored = (
            after.custom.get(name.removeprefix("custom:")) if name.startswith("custom:") else after.gender
        )
        if (bot_type, profile_type) in WRITABLE:
            assert result.status == "SUCCESS", (bot_type, profile_type, result)
            assert stored == (value + given if isinstance(given, list) else given)
            profiles.update_person(person.id, {"custom": {name.removeprefix("custom:"): value}})
        else:
            assert result.status == "INCOMPATIBLE_TYPE", (bot_type, profile_type, result)
            assert stored == value, "a refused mapping writes nothing"


def test_computed_attributes_are_readable_and_never_writable(person):
    from store.segments.computed import define_computed

    define_computed("double visits", "formula", {"formula": "{custom:visits} * 2"})
    read = actions.run(
        "get_information",
        {
            "identify_by": {"phone": "+385911234567"},
            "attributes": ["computed:double visits"],
            "as": {"computed:double visits": {"variable": "dv", "type": "Number"}},
        },
    )
    assert (read.status, read.data["values"]) == ("SUCCESS", {"dv": 6})
    for name in ("computed:double visits", "custom:double visits", "created_at"):
        write = actions.run(
            "upsert_person", {"identify_by": {"phone": "+385911234567"}, "attributes": {name: 1}}
        )
        assert (write.status, write.field) == ("READ_ONLY_ATTRIBUTE", name)


def test_an_unknown_bot_type_is_an_invalid_value(person):
    result = actions.run(
        "upsert_person",
        {
            "identify_by": {"phone": "+385911234567"},
            "attributes": {"city": "Split"},
            "types": {"city": "Town"},
        },
    )
    assert (result.status, result.field) == ("INVALID_VALUE", "city")
    assert "'Town'" in result.message
