"""SPEC 7: duplicate candidates by rule, with reasons and scores, found without comparing all pairs."""

from __future__ import annotations

import pytest

from store.errors import InvalidValue
from store.merging import duplicates
from store.persons import profiles


def person(first: str, last: str | None, **fields) -> int:
    return profiles.create_person({"first_name": first, "last_name": last, **fields}).id


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


def test_the_name_rules_read_the_name_index_and_keep_no_index_of_their_own(sqlite_db):
    plan = " ".join(
        str(r)
        for r in sqlite_db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT name_key FROM person WHERE name_key IS NOT NULL "
            "GROUP BY name_key HAVING COUNT(*) > 1 ORDER BY name_key"
        ).fetchall()
    )
    assert "COVERING INDEX person_name_key_id" in plan and "TEMP B-TREE" not in plan
    indexes = {
        name for (name,) in sqlite_db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert not {"person_dup_name_birth", "person_dup_name_company"} & indexes


def test_many_shared_names_are_read_in_growing_batches_in_name_order(store_db):
    # 40 names, each held by two persons with one birth date and one company: more names
    # than the first batch, so the walk reads several batches and keeps name order.
    made = []
    for i in range(40):
        last = f"Horvat{chr(ord('a') + i % 26)}{i // 26}"
        pair = [person("Ana", last, birth_date="1990-02-03", company=f"Firm {i}") for _ in range(2)]
        made.append((f"ana {last.lower()}", tuple(pair)))
    found = duplicates.find_duplicates(limit=100)
    births = [f for f in found if f.rule == "name_birth_date"]
    companies = [f for f in found if f.rule == "name_company"]
    assert len(births) == 40 and companies == []  # the same pairs: each listed once, by the better rule
    assert [f.person_ids for f in births] == [pair for _key, pair in sorted(made)]
    assert [f.rule for f in duplicates.find_duplicates(limit=100, rules=["name_company"])] == [
        "name_company"
    ] * 40
    assert "Firm" in duplicates.find_duplicates(limit=1, rules=["name_company"])[0].reason
    assert len(duplicates.find_duplicates(limit=5)) == 5
