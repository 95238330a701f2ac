"""The store queries the console adds: audit counts, search readings, company pages, the demo."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from store import audit, companies
from store.contact_rules import clean_contacts
from store.demo.build import build_demo, ensure_demo, is_current, stamp
from store.models import Person
from store.persons import profiles, window
from store.persons.listing import PersonCriteria

NOW = dt.datetime(2026, 6, 30, 12)


def test_audit_counts(store_db):
    profiles.create_person({"first_name": "No", "last_name": "Contact"})
    profiles.create_person({"first_name": "Only", "emails": ["only@example.com"], "birth_date": "1850-01-01"})
    profiles.create_person({"first_name": "Phone", "phones": ["+385911234567"], "nickname": "R2D2"})
    profiles.create_person(
        {"first_name": "Both", "phones": ["+385911234568"], "emails": ["b@x.hr"], "type": "lead"}
    )
    profiles.create_person({"first_name": "Ctrl\x07bell", "emails": ["c@x.hr"], "country": "HR"})
    old = profiles.create_person({"first_name": "Old", "emails": ["old@x.hr"]})
    Person.update(created_at=NOW - dt.timedelta(days=20)).where(Person.id == old.id).execute()
    Person.update(created_at=NOW - dt.timedelta(days=1)).where(Person.id != old.id).execute()
    report = audit.audit_report(NOW)
    counts = {f.key: f.count for f in [*report.contacts, *report.recent, *report.suspicious]}
    assert counts == {
        "no_contact": 1,
        "no_email": 2,
        "no_phone": 4,
        "near_limit": 0,
        "created_7": 5,
        "created_30": 6,
        "reserved_email": 1,
        "name_digits": 1,
        "name_control": 1,
        "birth_date": 1,
        "old_email_form": 0,
        "unknown_country": 0,
    }
    types = {f.key: f.count for f in report.types}
    assert report.total == 6 and types["type_lead"] == 1 and types["type_customer"] == 5
    assert {f.label: f.count for f in report.countries} == {"without a country": 5, "from HR": 1}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "all"),
        ("  ", "all"),
        ("ana@x.hr", "email"),
        ("+385 91 123 4567", "phone"),
        ("ana", "name"),
        ("12", "name"),
    ],
)
def test_search_kind(store_db, text, kind):
    assert window.read_search(text, PersonCriteria()).kind == kind


def test_read_search_finds_by_email_phone_external_id_and_name(store_db):
    ana = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "emails": ["ana@x.hr"],
            "phones": ["+385911234567"],
            "external_id": "hor-1",
        }
    )
    profiles.create_person({"first_name": "Horst", "last_name": "Bauer"})
    assert [r.id for r in window.read_search("ANA@x.hr", PersonCriteria()).exact] == [ana.id]
    assert window.read_search("+385 (91) 123-4567", PersonCriteria()).names is None
    assert [r.id for r in window.read_search("+385 91 123 4567", PersonCriteria()).exact] == [ana.id]
    search = window.read_search("hor-1", PersonCriteria())
    assert [r.id for r in search.exact] == [ana.id] and search.names.name_prefix == "hor-1"
    assert search.names.excluded == (ana.id,)
    search = window.read_search("hor", PersonCriteria(types=("customer",)))
    assert search.exact == () and search.names == PersonCriteria(types=("customer",), name_prefix="hor")
    assert window.read_search("nobody@x.hr", PersonCriteria()).exact == ()


def test_company_pages_walk_both_ways_with_member_counts(store_db):
    for i in range(7):
        companies.create_company({"name": f"Co {i:02d}"})
    profiles.create_person({"first_name": "M", "company": "Co 03"})
    profiles.create_person({"first_name": "N", "company": "Co 03"})
    first = companies.company_page(limit=3)
    assert (
        [r.name for r in first.rows] == ["Co 00", "Co 01", "Co 02"]
        and first.has_after
        and not first.has_before
    )
    second = companies.company_page(after=first.last, limit=3)
    assert [r.name for r in second.rows] == ["Co 03", "Co 04", "Co 05"] and second.rows[0].members == 2
    assert second.has_before and second.has_after
    back = companies.company_page(before=second.first, limit=3)
    assert [r.name for r in back.rows] == ["Co 00", "Co 01", "Co 02"] and not back.has_before
    last = companies.company_page(last=True, limit=3)
    assert (
        [r.name for r in last.rows] == ["Co 04", "Co 05", "Co 06"] and not last.has_after and last.has_before
    )
    assert companies.count_companies() == 7
    assert companies.company_names("co 0", limit=2) == ["Co 00", "Co 01"]


def test_company_search_reads_a_name_prefix_or_an_external_id(store_db):
    for name in ("Alpha d.o.o.", "alphabet", "Beta", "Gamma Alpha"):
        companies.create_company({"name": name})
    companies.create_company({"name": "Delta", "external_id": "ALPHA-9"})
    page = companies.company_page(search="  ALPHA ", limit=1)
    assert [r.name for r in page.rows] == ["Alpha d.o.o."] and page.has_after and not page.has_before
    rest = companies.company_page(search="alpha", after=page.last, limit=5)
    assert [r.name for r in rest.rows] == ["alphabet"] and not rest.has_after
    assert companies.count_companies("alpha") == 2 and companies.count_companies("") == 5
    assert [r.name for r in companies.company_page(search="ALPHA-9").rows] == ["Delta"]
    last = companies.company_page(search="alpha", last=True, limit=1)
    assert [r.name for r in last.rows] == ["alphabet"] and last.has_before
    assert companies.company_page(search="zeta").rows == []


def _dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if not line.startswith('INSERT INTO "schema_version"')]
    finally:
        con.close()


def test_demo_is_realistic_deterministic_and_rebuilt_when_stale(tmp_path):
    import store
    from store.events import recording
    from store.merging import duplicates
    from store.persons.listing import count_by_type

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    facts = build_demo(a, size=400, seed=3, now=NOW)
    build_demo(b, size=400, seed=3, now=NOW)
    assert _dump(a) == _dump(b)
    assert facts.persons == 400 and facts.events > 1000 and facts.duplicates > 0
    assert is_current(a)
    url = ensure_demo(a, size=400, seed=3, now=NOW)
    store.open(url)
    try:
        by_type = count_by_type()
        assert all(by_type[t] > 0 for t in ("customer", "lead", "agent", "anonymous"))
        countries = {p.country for p in Person.select(Person.country)}
        assert {"HR", "DE", "GB", "ES"} <= countries
        assert duplicates.find_duplicates(limit=10)
        assert max(recording.count_events(p.id) for p in Person.select(Person.id)) > 5
        # Every phone the demo wrote is one the store would accept.
        for view in map(profiles.get_person, range(1, 60)):
            for phone in view.phones:
                assert clean_contacts("phone", [phone], None) == [phone]
    finally:
        store.close()
    con = sqlite3.connect(a)
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    assert not is_current(a)
    ensure_demo(a, size=50, seed=3, now=NOW)
    con = sqlite3.connect(a)
    assert con.execute("PRAGMA user_version").fetchone()[0] == stamp()
    imported = con.execute("SELECT SUM(created) FROM import_run").fetchone()[0]
    assert con.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 50 + imported
    con.close()


def test_demo_has_an_import_history_made_by_the_engine(tmp_path):
    import store
    from store.importing.history import import_errors, list_imports
    from store.importing.undo import undo_import
    from store.models import utcnow

    now = utcnow().replace(microsecond=0)
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    facts = build_demo(a, size=200, seed=5, now=now)
    build_demo(b, size=200, seed=5, now=now)
    assert _dump(a) == _dump(b) and facts.imports == 3
    store.open(ensure_demo(a, size=200, seed=5, now=now))
    try:
        entries = {e.status: e for e in list_imports()}
        assert set(entries) == {"completed", "completed_with_errors", "refused"}
        for entry in entries.values():
            assert entry.imported_by == "demo"
            assert now - dt.timedelta(days=7) < entry.started_at < entry.finished_at < now
        fair, webinar, refused = entries["completed_with_errors"], entries["completed"], entries["refused"]
        assert fair.created > 0 and fair.updated > 0 and fair.invalid == len(import_errors(fair.id)) > 0
        assert {e["column"] for e in import_errors(fair.id)} >= {"E-mail", "Mobile", "First name", ""}
        assert webinar.created > 0 and webinar.discarded > 0 and webinar.invalid == 0
        assert refused.rows == 0 and "No column maps" in refused.message
        created = Person.select().where(Person.created_at == webinar.started_at).count()
        assert created == webinar.created
        assert undo_import(webinar.id).removed_persons == webinar.created
    finally:
        store.close()
