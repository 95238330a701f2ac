"""SPEC 10: an erase or a delete leaves no personal data in any table; the subject-access export.

The person of these tests was created by hand, got a second profile from an import merged
into them, was merged into someone else and unmerged, identified from an anonymous
visitor, logged in from an app, tagged, given custom values and events, and updated by an
import. After the erase (or the delete) every column of every table the database lists
is searched for their names, emails, phones, anonymous and push ids.
"""

from __future__ import annotations

import json
import os

import pytest

from store import attributes, history
from store.errors import ConfirmationRequired, InUse, ProfileNotFound
from store.events import definitions, identity, recording
from store.events.models import EventDay, PersonAlias
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.records import ImportPrior
from store.importing.undo import undo_import
from store.merging import merges
from store.models import Change, Person
from store.persons import erase, profiles, subject_access

SECRETS = [
    "Zorislava",
    "Quarrington",
    "Zorkica",
    "zq@example.com",
    "zorkica.alt@example.com",
    "+385981112233",
    "+385981114455",
    "anon-zq-77",
    "push-zq-1",
    "PX-9911",
    "Ilica 99",
]


def run_import(tmp_path, text: str, name: str, **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return drive(import_file(str(path), ImportOptions(**options)))


@pytest.fixture
def subject(store_db, tmp_path):
    """A person with every kind of data and trace, and a bystander they were merged into once."""
    definitions.enable_template("ecommerce")
    attributes.define_attribute("passport", "text")
    attributes.define_attribute("seats", "whole")
    person = profiles.create_person(
        {
            "first_name": "Zorislava",
            "last_name": "Quarrington",
            "birth_date": "1985-04-05",
            "address": "Ilica 99",
            "emails": ["zq@example.com"],
            "phones": ["+385981112233"],
            "tags": ["vip"],
            "custom": {"passport": "PX-9911", "seats": 3},
        }
    )
    created = run_import(
        tmp_path, "email,first name,phone\nzorkica.alt@example.com,Zorkica,+385981114455\n", "new.csv"
    )
    alt = profiles.find_person_id(email="zorkica.alt@example.com")
    merges.merge_persons([person.id, alt], primary=person.id)
    bystander = profiles.create_person({"first_name": "Bo", "emails": ["bo@example.com"], "type": "lead"})
    into_other = merges.merge_persons([bystander.id, person.id], primary=bystander.id)
    merges.unmerge(into_other.merge_id)
    identity.track("anon-zq-77", "ProductViewed", {"productId": "p1", "productName": "Lamp"})
    identity.identify("anon-zq-77", emails=["zq@example.com"], verified=True)
    identity.install("push-zq-1", "ios")
    identity.login("push-zq-1", emails=["zq@example.com"])
    recording.record_event(person.id, "ProductViewed", {"productId": "zq@example.com", "productName": "Note"})
    updated = run_import(
        tmp_path,
        "email,city,phone\nzq@example.com,Split,\n+385981112233,,+385981112233\n",
        "update.csv",
        on_match="merge",
    )
    return {
        "person": person.id,
        "bystander": bystander.id,
        "merge_into_other": into_other.merge_id,
        "imports": [created.import_id, updated.import_id],
    }


def holders(database, secrets: list[str]) -> list[tuple[str, str, str]]:
    """``(table, column, secret)`` for every text of every column of every table holding a secret."""
    found = []
    for table in database.get_tables():
        columns = [c.name for c in database.get_columns(table)]
        for row in database.execute_sql(f'SELECT * FROM "{table}"').fetchall():
            for column, value in zip(columns, row, strict=True):
                text = str(value)
                found += [(table, column, s) for s in secrets if s.lower() in text.lower()]
    return sorted(set(found))


def test_the_subject_leaves_data_in_many_tables_before(store_db, subject):
    """The search finds the data where it is, so an empty result after an erase means something."""
    tables = {table for table, _column, _secret in holders(store_db, SECRETS)}
    assert {"person", "contact", "anonymous_id", "push_registration", "person_value", "change"} <= tables
    assert {"person_merge", "event", "import_issue"} <= tables


def test_erase_leaves_no_personal_data_in_any_table(store_db, subject):
    pid = subject["person"]
    with pytest.raises(ConfirmationRequired):
        erase.erase_person(pid)
    assert Person.get_or_none(Person.id == pid) is not None
    assert ImportPrior.select().where(ImportPrior.person_id == pid).count() == 1
    done = erase.erase_person(pid, confirm=True, source="cli")
    assert holders(store_db, SECRETS) == []
    assert ImportPrior.select().where(ImportPrior.person_id == pid).count() == 0
    assert done.person_id == pid and done.contacts == 4 and done.anonymous_ids == 1 and done.events == 2
    assert done.former_ids == 3  # the imported profile, the visitor, the app's lead
    assert done.traces.merges == 4 and done.traces.history_values >= 1
    assert EventDay.select().where(EventDay.person_id == pid).count() == 0
    [record] = erase.erasures()
    assert (record.person_id, record.source) == (pid, "cli")
    entry = Change.get(Change.field == erase.ERASED)
    assert (entry.person_id, entry.company_id, entry.new_value) == (None, None, None)
    with pytest.raises(ProfileNotFound):
        profiles.get_person(pid)
    bystander = profiles.get_person(subject["bystander"])
    assert bystander.emails == ["bo@example.com"] and bystander.first_name == "Bo"


def test_plain_delete_leaves_no_personal_data_either(store_db, subject):
    pid = subject["person"]
    profiles.delete_person(pid)
    assert holders(store_db, SECRETS) == []
    assert erase.erasures() == []
    # Aliases hold ids only and stay: a merged-away id still says where it went.
    alias = PersonAlias.get(PersonAlias.kept_id == pid)
    with pytest.raises(ProfileNotFound, match=f"person {pid} no longer exists"):
        profiles.get_person(alias.person_id)


def test_unmerge_of_a_removed_snapshot_is_refused_clearly(store_db, subject):
    pid = subject["person"]
    merge_id = merges.list_merges(person_id=pid)[-1].id
    erase.erase_person(pid, confirm=True)
    with pytest.raises(InUse, match=f"removed when person {pid} was erased"):
        merges.unmerge(merge_id)
    with pytest.raises(InUse, match="already undone"):
        merges.unmerge(subject["merge_into_other"])


def test_undoing_the_imports_after_an_erase_brings_nobody_back(store_db, subject):
    erase.erase_person(subject["person"], confirm=True)
    persons = Person.select().count()
    for import_id in reversed(subject["imports"]):
        undo_import(import_id)
    assert Person.select().count() == persons
    assert holders(store_db, SECRETS) == []


def test_a_protected_customer_is_erased_once_confirmed(store_db):
    agent = profiles.create_person({"first_name": "Agnes", "type": "agent", "emails": ["agnes@example.com"]})
    with pytest.raises(ConfirmationRequired, match="Erasing Agent"):
        erase.erase_person(agent.id)
    erase.erase_person(agent.id, confirm=True, source="tui")
    assert holders(store_db, ["Agnes", "agnes@example.com"]) == []


def test_export_holds_every_kind_of_data(store_db, subject, tmp_path):
    pid = subject["person"]
    doc = subject_access.export_person(pid)
    assert doc["person_id"] == pid and len(doc["former_ids"]) == 3
    profile = doc["profile"]
    assert (profile["first_name"], profile["last_name"], profile["address"]) == (
        "Zorislava",
        "Quarrington",
        "Ilica 99",
    )
    assert set(profile["emails"]) == {"zq@example.com", "zorkica.alt@example.com"}
    assert "+385981114455" in profile["phones"] and profile["tags"] == ["vip"]
    assert profile["custom"]["passport"] == "PX-9911" and profile["custom"]["seats"] == 3
    assert [p["id"] for p in doc["push_registrations"]] == ["push-zq-1"]
    assert [a["id"] for a in doc["anonymous_ids"]] == ["anon-zq-77"]
    assert {e["properties"]["productName"] for e in doc["events"]} == {"Lamp", "Note"}
    assert any(e["field"] == "city" and e["new"] == "Split" for e in doc["history"])
    assert len(doc["merges"]) == 4
    other = next(m for m in doc["merges"] if m["id"] == subject["merge_into_other"])
    assert list(other["kept_of_this_person"]) == [str(pid)]  # never the bystander's data
    assert "bo@example.com" not in json.dumps(doc)
    imports = {i["import"]: i for i in doc["imports"]}
    created_id, updated_id = subject["imports"]
    assert imports[created_id]["created"] and imports[updated_id]["fields"] == ["city"]
    assert imports[updated_id]["file_name"] == "update.csv"
    path = subject_access.write_export(pid, tmp_path / "out.json")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))["person_id"] == pid


def test_export_of_an_unknown_person_is_not_found(store_db):
    with pytest.raises(ProfileNotFound):
        subject_access.export_person(999)
    assert history.person_history(999) == []
