"""Audit figures open the persons list: each figure's criteria list exactly the persons it counts."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from store import audit
from store.contact_rules import MAX_CONTACTS
from store.db import db
from store.errors import InvalidValue
from store.models import Contact, Person
from store.persons import profiles
from store.persons.listing import NO_COUNTRY, PersonCriteria, count_persons, page_persons
from store.quality import CHECKS, NEAR_LIMIT

NOW = dt.datetime(2026, 6, 30, 12)


def _walk(criteria: PersonCriteria, limit: int) -> list[int]:
    """Every id of the list, page after page."""
    page = page_persons(criteria, limit=limit)
    seen = [r.id for r in page.rows]
    while page.has_after:
        page = page_persons(criteria, after=page.last, limit=limit)
        seen += [r.id for r in page.rows]
    return seen


def _walk_back(criteria: PersonCriteria, limit: int) -> list[int]:
    """Every id of the list, from the last page back to the first."""
    page = page_persons(criteria, last=True, limit=limit)
    seen = [r.id for r in page.rows]
    while page.has_before:
        page = page_persons(criteria, before=page.first, limit=limit)
        seen = [r.id for r in page.rows] + seen
    return seen


@pytest.fixture
def population(store_db) -> dict[str, int]:
    """Persons that each trip some checks, with known creation times; name → id."""
    specs = {
        "none": {"first_name": "No", "last_name": "Contact", "country": "HR"},
        "mail": {"first_name": "Mail", "emails": ["mail@example.com"], "birth_date": "1850-01-01"},
        "phone": {"first_name": "Phone", "phones": ["+385911234567"], "nickname": "R2D2", "country": "HR"},
        "both": {"first_name": "Both", "phones": ["+385911234568"], "emails": ["b@x.hr"], "type": "lead"},
        "bell": {"first_name": "Ctrl\x07bell", "emails": ["c@x.hr"], "country": "DE"},
        "future": {"first_name": "Future", "emails": ["f@shop.test"], "birth_date": "2026-12-01"},
        "agent": {"first_name": "Agent", "emails": ["agent@x.hr"], "type": "agent", "country": "HR"},
        "old": {"first_name": "Old", "emails": ["old@x.hr"], "last_name": "Horvat"},
        "crowded": {"first_name": "Crowded", "last_name": "Horvat", "country": "DE"},
    }
    ids = {name: profiles.create_person(data).id for name, data in specs.items()}
    visitor = Person.create(type="anonymous")
    ids["visitor"] = visitor.id
    # A profile near the contact limit, written directly (the rules refuse more than the limit).
    rows = [(ids["crowded"], "email", f"c{i}@many.hr") for i in range(NEAR_LIMIT)]
    # An email migration 7 left in its old form: its NFKC form is the "both" profile's.
    rows.append((ids["agent"], "email", "ｂ@x.hr"))
    with db.atomic():
        Contact.insert_many(rows, fields=[Contact.person, Contact.kind, Contact.value]).execute()
        # A country stored before the country rule, which migration 9 did not recognise.
        Person.update(country="Yugoslavia").where(Person.id == ids["old"]).execute()
    ages = {"none": 1, "mail": 2, "phone": 3, "both": 5, "bell": 6, "future": 10, "agent": 12, "old": 45}
    ages.update(crowded=400, visitor=2)
    for name, days in ages.items():
        moment = NOW - dt.timedelta(days=days)
        Person.update(created_at=moment, modified_at=moment).where(Person.id == ids[name]).execute()
    return ids


EXPECTED = {
    "no_contact": {"none"},
    "no_email": {"none", "phone"},
    "no_phone": {"none", "mail", "bell", "future", "agent", "old", "crowded"},
    "near_limit": {"crowded"},
    "reserved_email": {"mail", "future"},
    "name_digits": {"phone"},
    "name_control": {"bell"},
    "birth_date": {"mail", "future"},
    "old_email_form": {"agent"},
    "unknown_country": {"old"},
    "created_7": {"none", "mail", "phone", "both", "bell", "visitor"},
    "created_30": {"none", "mail", "phone", "both", "bell", "future", "agent", "visitor"},
    "type_lead": {"both"},
    "type_agent": {"agent"},
    "type_anonymous": {"visitor"},
    "type_customer": {"none", "mail", "phone", "bell", "future", "old", "crowded"},
    "country_HR": {"none", "phone", "agent"},
    "country_DE": {"bell", "crowded"},
    "country_": {"mail", "both", "future"},
    "country_Yugoslavia": {"old"},
}


def test_every_figure_lists_exactly_the_persons_it_counts(population):
    report = audit.audit_report(NOW)
    findings = {f.key: f for f in report.findings()}
    assert set(findings) == set(EXPECTED)
    for key, names in EXPECTED.items():
        finding = findings[key]
        wanted = sorted(population[n] for n in names)
        listed = _walk(finding.criteria, 2)
        assert finding.count == len(names) == count_persons(finding.criteria), key
        assert sorted(listed) == wanted and len(set(listed)) == len(listed), key
        assert _walk_back(finding.criteria, 3) == listed, key


def test_created_since_lists_in_creation_order_with_ties_by_id(population):
    since = NOW - dt.timedelta(days=30)
    tie = NOW - dt.timedelta(days=5)
    Person.update(created_at=tie).where(Person.id == population["bell"]).execute()
    criteria = PersonCriteria(created_since=since)
    # Oldest first; "both" and "bell" share a moment and come in id order.
    expected = [population[n] for n in ("agent", "future", "both", "bell", "phone", "mail", "none")]
    assert _walk(criteria, 2) == expected
    assert _walk_back(criteria, 2) == expected
    page = page_persons(criteria, limit=3)
    assert page.first[-1] == expected[0] and page.has_after and not page.has_before
    assert count_persons(criteria) == 7


@pytest.mark.parametrize(
    ("criteria", "names"),
    [
        (PersonCriteria(check="no_phone", types=("customer",), name_prefix="hor"), {"old", "crowded"}),
        (PersonCriteria(check="no_phone", country="DE"), {"bell", "crowded"}),
        (PersonCriteria(country=NO_COUNTRY, types=("lead",)), {"both"}),
        (PersonCriteria(check="no_email", created_since=NOW - dt.timedelta(days=2)), {"none"}),
        (PersonCriteria(check="reserved_email", name_prefix="fut"), {"future"}),
        (PersonCriteria(country="HR", created_since=NOW - dt.timedelta(days=30), name_prefix="a"), {"agent"}),
    ],
)
def test_quality_filters_combine_with_the_others(population, criteria, names):
    wanted = sorted(population[n] for n in names)
    assert sorted(_walk(criteria, 1)) == wanted
    assert count_persons(criteria) == len(wanted)


def test_tagged_persons_filtered_by_a_check(population):
    profiles.update_person(population["old"], {"add_tags": ["vip"]})
    profiles.update_person(population["both"], {"add_tags": ["vip"]})
    criteria = PersonCriteria(tag="vip", check="no_phone", created_since=NOW - dt.timedelta(days=60))
    assert _walk(criteria, 1) == [population["old"]]
    assert count_persons(criteria) == 1


def test_birth_dates_are_judged_on_the_given_day(population):
    assert count_persons(PersonCriteria(check="birth_date", as_of=dt.date(2026, 6, 30))) == 2
    assert count_persons(PersonCriteria(check="birth_date", as_of=dt.date(2027, 1, 1))) == 1


def test_a_page_costs_the_same_queries_whatever_the_filter(population):
    for key in [*CHECKS, None]:
        criteria = PersonCriteria(check=key, created_since=None if key else NOW - dt.timedelta(days=30))
        with count_queries() as counter:
            page_persons(criteria, limit=2)
        assert counter.count <= 4, key


def test_an_unknown_check_is_refused(store_db):
    with pytest.raises(InvalidValue, match="not one of"):
        PersonCriteria(check="nonsense")


def test_near_limit_counts_profiles_close_to_the_limit(population):
    assert NEAR_LIMIT == MAX_CONTACTS - 10
    report = audit.audit_report(NOW)
    assert next(f.count for f in report.contacts if f.key == "near_limit") == 1
