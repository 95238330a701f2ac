"""Customer protection on every path that asks the rule (SPEC 2.4, 5.3, 6.5), on both backends.

An untrusted source (an unverified identify, a Lead import) leaves a Customer's and an
Agent's set values, type and contacts as they were and only fills their empty fields; a
Customer import and a verified identify promote a Lead.
"""

from __future__ import annotations

import pytest

from store import attributes
from store.events import identity
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import profiles


@pytest.fixture
def protected(store_db, request):
    """A Customer or an Agent with a first name, an email and a custom value set, a city empty."""
    attributes.define_attribute("tier", "text")
    return profiles.create_person(
        {
            "type": request.param,
            "first_name": "Ana",
            "emails": ["ana@example.com"],
            "company": "ACME",
            "custom": {"tier": "gold"},
        }
    )


def assert_kept_and_filled(person_id: int, person_type: str) -> None:
    after = profiles.get_person(person_id)
    assert (after.type, after.first_name, after.company[1]) == (person_type, "Ana", "ACME")
    assert after.custom == {"tier": "gold"}
    assert (after.last_name, after.city) == ("Horvat", "Split")  # empty fields are filled
    assert "ana@example.com" in after.emails


def import_csv(tmp_path, text: str, person_type: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return drive(import_file(str(path), ImportOptions(on_match="merge", person_type=person_type)))


@pytest.mark.parametrize("protected", ["customer", "agent"], indirect=True)
def test_an_unverified_identify_only_fills_empty_fields(protected):
    result = identity.identify(
        "dev-1",
        emails=["ana@example.com"],
        phones=["+385911234567"],
        data={
            "first_name": "Eve",
            "last_name": "Horvat",
            "city": "Split",
            "custom": {"tier": "bronze"},
        },
    )
    assert result.person.id == protected.id
    assert_kept_and_filled(protected.id, protected.type)
    assert "+385911234567" in profiles.get_person(protected.id).phones  # adding a contact is allowed


@pytest.mark.parametrize("protected", ["customer", "agent"], indirect=True)
def test_a_lead_import_with_merge_only_fills_empty_fields(protected, tmp_path):
    result = import_csv(
        tmp_path,
        "email,first name,last name,city,company,tier\nana@example.com,Eve,Horvat,Split,Other Ltd,bronze\n",
        "lead",
    )
    assert result.updated == 1
    assert_kept_and_filled(protected.id, protected.type)


@pytest.mark.parametrize("protected", ["customer", "agent"], indirect=True)
def test_a_customer_import_updates_but_never_retypes_a_protected_profile(protected, tmp_path):
    import_csv(tmp_path, "email,first name\nana@example.com,Anna\n", "customer")
    after = profiles.get_person(protected.id)
    assert (after.type, after.first_name) == (protected.type, "Anna")


def test_a_customer_import_with_merge_promotes_a_lead(store_db, tmp_path):
    lead = profiles.create_person({"type": "lead", "first_name": "Ivo", "emails": ["ivo@example.com"]})
    result = import_csv(tmp_path, "email,first name\nivo@example.com,Ivan\n", "customer")
    assert result.updated == 1
    after = profiles.get_person(lead.id)
    assert (after.type, after.first_name) == ("customer", "Ivan")


def test_a_lead_import_never_promotes_a_lead(store_db, tmp_path):
    lead = profiles.create_person({"type": "lead", "first_name": "Ivo", "emails": ["ivo@example.com"]})
    import_csv(tmp_path, "email,first name\nivo@example.com,Ivan\n", "lead")
    after = profiles.get_person(lead.id)
    assert (after.type, after.first_name) == ("lead", "Ivan")


def test_a_verified_identify_promotes_a_lead_and_an_unverified_one_does_not(store_db):
    lead = profiles.create_person({"type": "lead", "first_name": "Ivo", "emails": ["ivo@example.com"]})
    form = identity.identify("dev-1", emails=["ivo@example.com"], data={"first_name": "Ivan"})
    assert (form.person.type, form.person.first_name) == ("lead", "Ivan")
    login = identity.identify("dev-2", emails=["ivo@example.com"], data={"city": "Pula"}, verified=True)
    assert (login.outcome, login.person.id, login.person.type) == ("lead_promoted", lead.id, "customer")
    assert login.person.city == "Pula"


def test_an_app_login_leaves_an_agent_an_agent(store_db):
    agent = profiles.create_person({"type": "agent", "first_name": "Vid", "emails": ["vid@example.com"]})
    identity.install("push-1", "android")
    result = identity.login("push-1", emails=["vid@example.com"], data={"first_name": "Vido"})
    assert (result.person.id, result.person.type, result.person.first_name) == (agent.id, "agent", "Vido")
