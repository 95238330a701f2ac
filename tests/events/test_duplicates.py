"""SPEC 7: duplicate candidates by rule, with reasons and scores, found without comparing all pairs."""

from __future__ import annotations

import pytest

from store import duplicates, persons
from store.errors import InvalidValue


def person(first: str, last: str | None, **fields) -> int:
    return persons.create_person({"first_name": first, "last_name": last, **fields}).id


def test_same_name_and_birth_date(store_db):
    a = person("Ana", "Horvat", birth_date="1990-02-03")
    b = person("ANA", "Horvát", birth_date="1990-02-03")  # case and accents are ignored
    person("Ana", "Horvat", birth_date="1991-02-03")
    person("Ana", None, birth_date="1990-02-03")  # no last name: not compared
    (found,) = duplicates.find_duplicates()
    assert found.person_ids == (a, b)
    assert (found.rule, found.score) == ("name_birth_date", 0.95)
    assert "same name and birth date" in found.reason and "1990-02-03" in found.reason
    assert found.to_dict() == {
        "persons": [a, b],
        "rule": "name_birth_date",
        "reason": found.reason,
        "score": 0.95,
    }


def test_same_name_and_company(store_db):
    a = person("Ivo", "Kovač", company="ACME")
    b = person("Ivo", "Kovac", company="acme")
    c = person("Ivo", "Kovač", company="ACME")
    person("Ivo", "Kovač", company="Globex")
    (found,) = duplicates.find_duplicates()
    assert found.person_ids == (a, b, c)
    assert (found.rule, found.score) == ("name_company", 0.85)
    assert "ACME" in found.reason


def test_similar_names_with_the_same_phone_country(store_db):
    a = person("Ana", "Horvat", phones=["+385911234567"])
    b = person("Anna", "Horvat", phones=["+385921234567"])
    person("Anna", "Horvat", phones=["+4915112345678"])  # another country
    person("Ana", "Kovač", phones=["+385981234567"])  # another last name
    ivan = person("Ivan", "Horvat", phones=["+385951234567"])
    male = person("Ivan", "Horvat", gender="male", phones=["+385991234567"])
    ivana = person("Ivana", "Horvat", gender="female", phones=["+385991234568"])
    ivna = person("Ivna", "Horvat", phones=["+385911234568"], emails=["typo@example.com"])
    found = duplicates.find_duplicates(rules=["similar-name"])
    assert all(f.rule == "similar_name" and f.score == 0.6 and "+385" in f.reason for f in found)
    # Ivan (male) and Ivana (female) contradict each other; an unset gender does not.
    assert {f.person_ids for f in found} == {(a, b), (ivan, ivana), (ivan, ivna), (male, ivna), (ivana, ivna)}
    assert len(duplicates.find_duplicates(rules=["similar_name"], limit=2)) == 2


def test_rules_run_best_first_and_a_group_is_listed_once(store_db):
    a = person("Ana", "Horvat", birth_date="1990-02-03", company="ACME", phones=["+385911234567"])
    b = person("Ana", "Horvat", birth_date="1990-02-03", company="ACME", phones=["+385921234567"])
    found = duplicates.find_duplicates()
    assert [(f.person_ids, f.rule) for f in found] == [((a, b), "name_birth_date")]
    assert [f.rule for f in duplicates.find_duplicates(rules=["name_company"])] == ["name_company"]


def test_bad_arguments(store_db):
    with pytest.raises(InvalidValue):
        duplicates.find_duplicates(limit=0)
    with pytest.raises(InvalidValue):
        duplicates.find_duplicates(rules=["same_shoe_size"])


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("ana", "anna", True),
        ("ivan", "ivna", True),
        ("marko", "marco", True),
        ("petra", "petar", True),  # a swap; only their genders tell them apart
        ("ana", "ana", True),
        ("ana", "ivana", False),
        ("luka", "lukas", True),
        ("mario", "marija", False),
    ],
)
def test_within_one_edit(a, b, close):
    assert duplicates.within_one_edit(a, b) is close
    assert duplicates.within_one_edit(b, a) is close


def test_calling_codes():
    assert duplicates.calling_code("+385911234567") == 385
    assert duplicates.calling_code("+12025550123") == 1
    assert duplicates.calling_code("+4915112345678") == 49


def test_the_rules_use_their_indexes(sqlite_db):
    plans = {}
    for rule, column in (("birth", "birth_date"), ("company", "company_id")):
        sql = (
            f"EXPLAIN QUERY PLAN SELECT name_key, {column}, GROUP_CONCAT(id) FROM person WHERE {column} IS NOT NULL "
            f"AND last_key IS NOT NULL GROUP BY name_key, {column} HAVING COUNT(*) > 1 LIMIT 50"
        )
        plans[rule] = " ".join(str(r) for r in sqlite_db.execute_sql(sql).fetchall())
    assert "person_dup_name_birth" in plans["birth"] and "TEMP B-TREE" not in plans["birth"]
    assert "person_dup_name_company" in plans["company"] and "TEMP B-TREE" not in plans["company"]
