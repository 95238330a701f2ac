"""SPEC 2.1: name fields refuse forbidden characters, naming the field and the character."""

from __future__ import annotations

import pytest

from store.errors import InvalidValue
from store.fields import FORBIDDEN_NAME_CHARS, NAME_FIELDS, clean_person_field, label
from store.persons import listing, profiles

CASES = [(field, char) for field in NAME_FIELDS for char in FORBIDDEN_NAME_CHARS]
# Through the store (on both databases): each field once, each with another character.
STORE_CASES = [
    (field, FORBIDDEN_NAME_CHARS[i * 5 % len(FORBIDDEN_NAME_CHARS)]) for i, field in enumerate(NAME_FIELDS)
]


def _shown(char: str) -> str:
    return {"\n": "a line feed", "\r": "a carriage return"}.get(char, repr(char))


def _assert_refused(caught: pytest.ExceptionInfo[InvalidValue], field: str, char: str) -> None:
    assert caught.value.field == field
    assert label(field) in caught.value.message
    assert _shown(char) in caught.value.message


@pytest.mark.parametrize(("field", "char"), CASES)
def test_the_field_rule_refuses_forbidden_character(field, char):
    """Every field with every character, on the rule the store applies to what it writes."""
    with pytest.raises(InvalidValue) as caught:
        clean_person_field(field, f"Ana{char}Maria")
    _assert_refused(caught, field, char)


@pytest.mark.parametrize(("field", "char"), STORE_CASES)
def test_create_refuses_forbidden_character(store_db, field, char):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({field: f"Ana{char}Maria", "emails": ["ana@example.com"]})
    _assert_refused(caught, field, char)
    assert listing.count_persons() == 0


@pytest.mark.parametrize("field", NAME_FIELDS)
def test_update_refuses_and_keeps_old_value(store_db, field):
    person = profiles.create_person({field: "Ivana", "emails": ["ivana@example.com"]})
    with pytest.raises(InvalidValue) as caught:
        profiles.update_person(person.id, {field: "Iva#na", "add_emails": ["second@example.com"]})
    assert "'#'" in caught.value.message
    after = profiles.get_person(person.id)
    assert getattr(after, field) == "Ivana"
    assert after.emails == ["ivana@example.com"]


def test_allowed_names_keep_unicode_and_apostrophes(store_db):
    person = profiles.create_person(
        {"first_name": "  Željko ", "last_name": "O'Brien-Šimić", "nickname": "Žac [bold]"}
    )
    assert (person.first_name, person.last_name, person.nickname) == ("Željko", "O'Brien-Šimić", "Žac [bold]")
