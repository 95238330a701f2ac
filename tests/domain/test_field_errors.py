"""Every field's error of a person at once (``plan.field_errors``), for the console's form."""

from __future__ import annotations

from store.persons import profiles
from store.persons.plan import field_errors


def test_a_new_person_gets_one_error_per_bad_field(store_db):
    errors = field_errors({"first_name": "Ana<", "birth_date": "soon", "emails": ["nope"], "city": "Split"})
    assert sorted(e.field for e in errors) == ["birth_date", "email", "first_name"]
    assert any("soon" in e.message for e in errors)


def test_valid_data_has_no_errors_and_an_update_checks_against_the_person(store_db):
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    other = profiles.create_person({"first_name": "Ivo", "external_id": "X-1"})
    assert field_errors({"first_name": "Ana", "emails": ["ana2@example.com"]}) == []
    row = profiles.get_person_row(other.id)
    errors = field_errors({"add_emails": ["ana@example.com"], "last_name": "<b>"}, person=row)
    assert [e.field for e in errors] == ["email", "last_name"]
    assert profiles.get_person(ana.id).emails == ["ana@example.com"]
