"""Person lists, search and counts: keyset pages, name prefixes, filters, query counts."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries

from store import companies, tags
from store.persons import profiles
from store.persons.listing import PersonCriteria, count_by_type, count_persons, page_persons
from store.persons.window import search_persons

NAMES = [
    ("Ana", "Kovač"),
    ("Ivan", "Kovačević"),
    ("Marko", "Horvat"),
    ("Kovo", "Babić"),
    ("Željka", "Đurić"),
    ("Ana", "Anić"),
    ("Petra", "Kowalski"),
]


@pytest.fixture
def people(store_db):
    created = []
    for i, (first, last) in enumerate(NAMES):
        kind = "lead" if i % 2 else "customer"
        created.append(
            profiles.create_person(
                {"first_name": first, "last_name": last, "type": kind, "emails": [f"p{i}@example.com"]}
            )
        )
    return created


def _walk_all(criteria, limit):
    seen, page = [], page_persons(criteria, limit=limit)
    seen += [r.id for r in page.rows]
    while page.has_after:
        page = page_persons(criteria, after=page.last, limit=limit)
        seen += [r.id for r in page.rows]
    return seen


def test_keyset_pages_cover_every_row_once_forward_and_back(store_db):
    ids = [profiles.create_person({"first_name": f"N{i}"}).id for i in range(23)]
    assert _walk_all(PersonCriteria(), 5) == ids
    last = page_persons(last=True, limit=5)
    assert [r.id for r in last.rows] == ids[-5:] and last.has_before and not last.has_after
    back = page_persons(before=last.first, limit=5)
    assert [r.id for r in back.rows] == ids[-10:-5] and back.has_after


def test_name_prefix_matches_first_full_and_last_names_without_accents(people):
    def names(prefix):
        return [
            r.name for r in page_persons(PersonCriteria(types=("lead", "customer"), name_prefix=prefix)).rows
        ]

    assert names("kov") == ["Ana Kovač", "Ivan Kovačević", "Kovo Babić"]
    assert names("KOVAC") == ["Ana Kovač", "Ivan Kovačević"]
    assert names("ana k") == ["Ana Kovač"]
    assert names("an") == ["Ana Anić", "Ana Kovač"]  # each person once
    assert names("djur") == []
    assert names("dur") == ["Željka Đurić"]
    assert names("zelj") == ["Željka Đurić"]
    assert count_persons(PersonCriteria(name_prefix="kov")) == 3
    assert _walk_all(PersonCriteria(name_prefix="kov"), 1) == [people[0].id, people[1].id, people[3].id]


def test_filters_by_type_tag_and_company(people):
    tags.assign_tag("vip", [people[0].id, people[1].id, people[2].id])
    acme = companies.create_company({"name": "ACME"})
    profiles.update_person(people[2].id, {"company": acme.id})
    assert count_persons(PersonCriteria(types=("lead",))) == 3
    assert count_persons(PersonCriteria(tag="VIP")) == 3
    assert count_persons(PersonCriteria(types=("customer",), tag="vip")) == 2
    assert [r.id for r in page_persons(PersonCriteria(company_id=acme.id)).rows] == [people[2].id]
    assert count_persons(PersonCriteria(tag="no such tag")) == 0
    assert count_by_type() == {"lead": 3, "customer": 4, "agent": 0, "anonymous": 0}


def test_anonymous_hidden_from_default_list_but_counted(store_db):
    profiles.create_person({"type": "anonymous"})
    profiles.create_person({"first_name": "Ana"})
    assert count_persons(PersonCriteria()) == 1
    assert count_persons() == 2
    assert count_persons(PersonCriteria(types=("anonymous",))) == 1


def test_search_reads_email_phone_external_id_and_name(store_db):
    ana = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "emails": ["ana@example.com"],
            "phones": ["+385911234567"],
        }
    )
    ext = profiles.create_person({"first_name": "Zed", "external_id": "horv"})
    assert [r.id for r in search_persons("ANA@example.com")] == [ana.id]
    assert [r.id for r in search_persons("+385 91 123 4567")] == [ana.id]
    assert [r.id for r in search_persons("nobody@example.com")] == []
    assert [r.id for r in search_persons("horv")] == [ext.id, ana.id]
    assert search_persons("+385 91 000 0000") == []


def test_a_page_costs_a_constant_number_of_queries(store_db):
    for i in range(40):
        profiles.create_person(
            {
                "first_name": f"Ana{i}",
                "emails": [f"a{i}@example.com"],
                "phones": [f"+3859112340{i:02d}"],
                "tags": ["t"],
            }
        )
    with count_queries() as small:
        page_persons(limit=5)
    with count_queries() as large:
        page_persons(limit=40)
    assert small.count == large.count <= 5


def test_type_counts_follow_every_change(store_db):
    from store.models import Person

    a = profiles.create_person({"first_name": "A", "type": "lead"})
    b = profiles.create_person({"first_name": "B"})
    profiles.create_person({"first_name": "C", "type": "agent"})
    profiles.update_person(a.id, {"type": "customer"})
    profiles.delete_person(b.id)
    truth = {
        t: Person.select().where(Person.type == t).count() for t in ("lead", "customer", "agent", "anonymous")
    }
    assert count_by_type() == truth == {"lead": 0, "customer": 1, "agent": 1, "anonymous": 0}
    assert count_persons() == 2
    assert count_persons(PersonCriteria(types=("customer", "agent"))) == 2


def test_tag_pages_walk_in_person_order(store_db):
    ids = [
        profiles.create_person({"first_name": f"T{i}", "tags": ["t"] if i % 2 else []}).id for i in range(12)
    ]
    tagged = [i for n, i in enumerate(ids) if n % 2]
    assert _walk_all(PersonCriteria(tag="t"), 2) == tagged
    last = page_persons(PersonCriteria(tag="t"), last=True, limit=2)
    assert [r.id for r in last.rows] == tagged[-2:]
