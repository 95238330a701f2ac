"""SPEC 2.2 and 3: companies and tags, unique names case-insensitively."""

from __future__ import annotations

import pytest

from store import companies, history, tags
from store.errors import ConfirmationRequired, DuplicateValue, InvalidValue, NotFound, ProfileNotFound
from store.persons import listing, profiles


def test_company_names_are_unique_case_insensitively(store_db):
    companies.create_company({"name": "ACME d.o.o.", "domain": "acme.hr"})
    with pytest.raises(DuplicateValue) as caught:
        companies.create_company({"name": "  acme D.O.O. "})
    assert "ACME d.o.o." in caught.value.message
    with pytest.raises(InvalidValue):
        companies.create_company({"name": "  "})


def test_company_lookup_update_and_history(store_db):
    acme = companies.create_company({"name": "ACME", "external_id": "K-1"})
    assert companies.company_view("acme").id == acme.id
    assert companies.company_view(str(acme.id)).name == "ACME"
    after = companies.update_company(acme.id, {"city": "Zagreb", "tags": ["partner"]}, source="cli")
    assert after.city == "Zagreb" and after.tags == ["partner"]
    entries = history.company_history(acme.id)
    assert {(e.field, e.new_value) for e in entries} >= {("city", "Zagreb"), ("tags", "partner")}
    other = companies.create_company({"name": "Other"})
    with pytest.raises(DuplicateValue):
        companies.update_company(other.id, {"name": "acme"})
    with pytest.raises(DuplicateValue):
        companies.update_company(other.id, {"external_id": "K-1"})


def test_company_tags_added_and_removed_all_or_nothing(store_db):
    from store import attributes

    attributes.define_attribute("employees", "whole", entity="company")
    acme = companies.create_company({"name": "ACME", "tags": ["partner", "vip"]})
    after = companies.update_company(
        acme.id, {"add_tags": ["Supplier"], "remove_tags": ["VIP", "never had"]}, source="tui"
    )
    assert after.tags == ["partner", "Supplier"]
    entries = {(e.field, e.old_value, e.new_value) for e in history.company_history(acme.id)}
    assert {("tags", "vip", None), ("tags", None, "Supplier")} <= entries
    with pytest.raises(InvalidValue) as caught:
        companies.update_company(
            acme.id, {"remove_tags": ["partner"], "add_tags": ["new"], "custom": {"employees": "many"}}
        )
    assert caught.value.field == "employees" and "many" in caught.value.message
    assert companies.company_view(acme.id).tags == ["partner", "Supplier"]
    assert tags.find_tag("new") is None
    with pytest.raises(InvalidValue) as caught:
        companies.update_company(acme.id, {"add_tags": ["bad\x07tag"]})
    assert caught.value.field == "tag"
    with pytest.raises(InvalidValue):
        companies.create_company({"name": "Other", "remove_tags": ["x"]})


def test_deleting_a_company_detaches_members(store_db):
    acme = companies.create_company({"name": "ACME"})
    ana = profiles.create_person({"first_name": "Ana", "company": "acme"})
    ivo = profiles.create_person({"first_name": "Ivo", "company": acme.id})
    assert companies.company_view(acme.id).members == 2
    assert companies.member_ids(acme.id) == [ana.id, ivo.id]
    assert companies.delete_company("ACME") == 2
    assert profiles.get_person(ana.id).company is None
    assert listing.count_persons() == 2
    with pytest.raises(ProfileNotFound):
        companies.get_company(acme.id)


def test_company_pages_by_name(store_db):
    for name in ["Delta", "alpha", "Charlie", "bravo"]:
        companies.create_company({"name": name})
    first = companies.list_companies(limit=2)
    assert [c.name for c in first] == ["alpha", "bravo"]
    assert [c.name for c in companies.list_companies(after="bravo", limit=5)] == ["Charlie", "Delta"]


def test_tag_names_are_unique_case_insensitively(store_db):
    tags.create_tag("VIP")
    with pytest.raises(DuplicateValue):
        tags.create_tag(" vip ")
    with pytest.raises(InvalidValue):
        tags.create_tag("")


def test_rename_and_delete_with_confirmation(store_db):
    tags.create_tag("vip")
    tags.create_tag("newsletter")
    ana = profiles.create_person({"first_name": "Ana", "tags": ["VIP"]})
    assert ana.tags == ["vip"]
    tags.rename_tag("vip", "VIP customers")
    assert profiles.get_person(ana.id).tags == ["VIP customers"]
    tags.rename_tag("vip customers", "VIP Customers")  # only the case changes
    with pytest.raises(DuplicateValue):
        tags.rename_tag("VIP Customers", "Newsletter")
    with pytest.raises(ConfirmationRequired):
        tags.delete_tag("vip customers")
    assert tags.delete_tag("vip customers", confirm=True) == 1
    assert profiles.get_person(ana.id).tags == []
    assert tags.delete_tag("newsletter") == 0
    with pytest.raises(NotFound):
        tags.delete_tag("newsletter")


def test_assign_unassign_counts_and_history(store_db):
    people = [profiles.create_person({"first_name": f"P{i}"}) for i in range(3)]
    ids = [p.id for p in people]
    assert tags.assign_tag("summer", ids, source="cli") == 3
    assert tags.assign_tag("SUMMER", ids) == 0
    assert [(t.name, t.persons) for t in tags.list_tags()] == [("summer", 3)]
    assert tags.unassign_tag("summer", ids[:2], source="tui") == 2
    assert tags.list_tags()[0].persons == 1
    assert history.person_history(ids[0])[0].field == "tags"
    assert history.person_history(ids[0])[0].old_value == "summer"
    with pytest.raises(ProfileNotFound):
        tags.assign_tag("summer", [ids[0], 999_999])
    assert tags.list_tags()[0].persons == 1
