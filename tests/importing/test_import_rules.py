"""SPEC 6 rules on small files made here, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from store import attributes, companies, history, tags
from store.errors import ProfilesError
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.records import ImportRun
from store.models import Change
from store.persons import listing, profiles


@pytest.fixture
def write(tmp_path):
    def make(text: str, name: str = "people.csv") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def run(path: str, **options):
    analyse = options.pop("analyse_only", False)
    return drive(import_file(path, ImportOptions(**options), analyse_only=analyse))


def test_rows_in_file_sharing_an_identifier_become_one_profile(store_db, write):
    path = write(
        "email,phone,first name,city,tags\n"
        "ana@example.com,+385911234567,Ana,Zagreb,a\n"
        "ana@example.com,,Anna,,b\n"  # same email: later single values win, lists united
        ",+385911234567,,Split,\n"  # same phone as row 2
        "ivo@example.com,,Ivo,,\n"
    )
    result = run(path)
    assert (result.rows, result.valid, result.invalid, result.created) == (4, 4, 0, 2)
    ana = profiles.get_person(profiles.find_person_id(email="ana@example.com"))
    assert (ana.first_name, ana.city, ana.type) == ("Anna", "Split", "lead")
    assert ana.phones == ["+385911234567"] and ana.tags == ["a", "b"]


def test_transitive_identifiers_join_records(store_db, write):
    path = write("email,phone\na@example.com,\na@example.com,+385911234567\nb@example.com,+385911234567\n")
    result = run(path)
    assert result.created == 1
    person = profiles.get_person(profiles.find_person_id(email="b@example.com"))
    assert sorted(person.emails) == ["a@example.com", "b@example.com"]


def test_invalid_rows_write_nothing_and_name_row_column_value_reason(store_db, write):
    path = write(
        "Ime,E-mail,Mobitel,Datum rođenja\n"
        "Ana,ana@example.com,+385911234567,1990-01-02\n"
        "Iv<o,ivo@example.com,,\n"
        "Eva,eva@example.com,12,\n"
        "Mia,mia@,+385911112222,\n"
        "Lea,lea@example.com,,02.01.1990\n"
        ",,,\n"
        "Zoe,,,\n"
    )
    result = run(
        path,
        mapping=[
            ("Ime", "first_name"),
            ("E-mail", "email"),
            ("Mobitel", "phone"),
            ("Datum rođenja", "birth_date"),
        ],
    )
    assert (result.rows, result.valid, result.invalid, result.created) == (6, 1, 5, 1)
    by_row = {e["row"]: e for e in result.errors}
    assert by_row[3]["column"] == "Ime" and "'<'" in by_row[3]["reason"] and by_row[3]["value"] == "Iv<o"
    assert by_row[4]["column"] == "Mobitel" and by_row[4]["value"] == "12"
    assert by_row[5]["column"] == "E-mail"
    assert by_row[6]["column"] == "Datum rođenja" and "yyyy-mm-dd" in by_row[6]["reason"]
    assert by_row[8]["column"] == "" and "no identifier" in by_row[8]["reason"]  # row 7 is blank
    assert profiles.find_person_id(email="ana@example.com")
    with pytest.raises(ProfilesError):
        profiles.find_person_id(email="ivo@example.com")  # its valid email was not written
    assert listing.count_persons() == 1


def test_date_format_option_and_skip_rows_numbering(store_db, write):
    path = write("Export 2026\n\nemail,born\nana@example.com,31.01.1990\nivo@example.com,1990-01-31\n")
    result = run(path, skip_rows=2, date_format="%d.%m.%Y")
    assert result.valid == 1 and result.errors[0]["row"] == 5
    ana = profiles.get_person(profiles.find_person_id(email="ana@example.com"))
    assert ana.birth_date == dt.date(1990, 1, 31)


def test_birth_dates_are_stored_in_iso_form_and_impossible_ones_named(store_db, write):
    path = write(
        "email,born\n"
        "a@example.com,1990-01-31\n"
        "b@example.com,2011-W01-2\n"  # an ISO week date: not yyyy-mm-dd, refused like the rest
        "c@example.com,1990-02-30\n"
        "d@example.com,1990-1-31\n"
        "e@example.com,19900131\n"
    )
    result = run(path)
    assert (result.valid, result.invalid) == (1, 4)
    assert [(e["row"], e["value"]) for e in result.errors] == [
        (3, "2011-W01-2"),
        (4, "1990-02-30"),
        (5, "1990-1-31"),
        (6, "19900131"),
    ]
    assert all("is not a date in the form yyyy-mm-dd" in e["reason"] for e in result.errors)
    assert profiles.get_person(profiles.find_person_id(email="a@example.com")).birth_date == dt.date(
        1990, 1, 31
    )


def test_twenty_contacts_per_profile_from_one_file(store_db, write):
    lines = ["external id,email"] + [f"X1,user{i}@example.com" for i in range(22)]
    result = run(write("\n".join(lines) + "\n"))
    assert (result.valid, result.invalid, result.created) == (20, 2, 1)
    assert "20 contacts" in result.errors[0]["reason"] and result.errors[0]["row"] == 22
    assert len(profiles.get_person(profiles.find_person_id(external_id="X1")).emails) == 20


def test_hundred_contacts_in_all_with_merge(store_db, write):
    person = profiles.create_person(
        {"external_id": "X1", "emails": [f"old{i}@example.com" for i in range(95)]}
    )
    lines = ["external id,email"] + [f"X1,new{i}@example.com" for i in range(8)]
    result = run(write("\n".join(lines) + "\n"), on_match="merge")
    assert (result.valid, result.invalid, result.updated) == (5, 3, 1)
    assert all("100 contacts" in e["reason"] for e in result.errors)
    assert len(profiles.get_person(person.id).emails) == 100


def test_discard_and_merge_with_lead_and_customer_rules(store_db, write):
    customer = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"]})
    lead = profiles.create_person({"first_name": "Ivo", "emails": ["ivo@example.com"], "type": "lead"})
    path = write(
        "email,first name,city\nana@example.com,Anna,Zagreb\nivo@example.com,Ivan,Split\nnew@example.com,Eva,Rijeka\n"
    )
    discarded = run(path)
    assert (discarded.created, discarded.updated, discarded.discarded) == (1, 0, 2)
    assert profiles.get_person(lead.id).first_name == "Ivo"
    as_lead = run(path, on_match="merge")
    assert (as_lead.created, as_lead.updated) == (0, 3)
    after = profiles.get_person(customer.id)
    assert (after.first_name, after.city, after.type) == ("Ana", "Zagreb", "customer")  # only empty filled
    assert profiles.get_person(lead.id).first_name == "Ivan"
    as_customer = run(path, on_match="merge", person_type="customer")
    assert as_customer.updated == 3
    promoted = profiles.get_person(lead.id)
    assert promoted.type == "customer"
    assert profiles.get_person(customer.id).first_name == "Anna"  # a Customer import updates a customer


def test_record_matching_two_profiles_is_an_error_naming_them(store_db, write):
    ana = profiles.create_person({"emails": ["ana@example.com"]})
    ivo = profiles.create_person({"phones": ["+385911234567"]})
    result = run(write("email,phone\nana@example.com,+385911234567\n"), on_match="merge")
    assert (result.valid, result.invalid, result.updated) == (0, 1, 0)
    reason = result.errors[0]["reason"]
    assert f"#{ana.id}" in reason and f"#{ivo.id}" in reason
    assert profiles.get_person(ana.id).phones == []


def test_tags_none_auto_and_manual(store_db, write):
    path = write("email\na@example.com\nb@example.com\n")
    run(path, tags=["Summer fair", "vip"])
    assert sorted(profiles.get_person(1).tags) == ["Summer fair", "vip"]
    auto = run(write("email\nc@example.com\na@example.com\n", "more.csv"), tags="auto", on_match="merge")
    tag_name = ImportRun.get_by_id(auto.import_id).tag
    assert tag_name.startswith("import ") and tag_name.endswith("more.csv")
    assert {t.name: t.persons for t in tags.list_tags()}[tag_name] == 2


def test_analysis_counts_equal_import_counts_and_write_nothing_but_history(store_db, write):
    profiles.create_person({"emails": ["a@example.com"]})
    path = write(
        "email,phone\na@example.com,\nb@example.com,+385911234567\nc@example.com,bad\nb@example.com,\n"
    )
    analysed = run(path, on_match="merge", analyse_only=True)
    assert analysed.status == "analysed"
    assert listing.count_persons() == 1
    imported = run(path, on_match="merge")
    for key in ("rows", "valid", "invalid", "created", "updated", "discarded"):
        assert getattr(analysed, key) == getattr(imported, key), key
    assert [e.status for e in import_history.list_imports()] == ["completed_with_errors", "analysed"]


def test_custom_attribute_columns_and_wrong_types(store_db, write):
    attributes.define_attribute("score", "whole")
    path = write("email,score\na@example.com,12\nb@example.com,many\n")
    result = run(path, mapping=[("email", "email"), ("score", "custom:Score")])
    assert (result.valid, result.invalid) == (1, 1)
    assert "wrong type" in result.errors[0]["reason"] and result.errors[0]["column"] == "score"
    assert profiles.get_person(1).custom == {"score": 12}


def test_company_column_links_members(store_db, write):
    run(write("email,company\na@example.com,ACME\nb@example.com,acme\n"))
    acme = companies.company_view("ACME")
    assert acme.members == 2


def test_company_import_matches_by_name_or_external_id(store_db, write):
    companies.create_company({"name": "ACME", "city": "Zagreb"})
    path = write("name,domain,city\nacme,acme.hr,Split\nGlobex,globex.com,\n")
    result = run(path, of="companies", on_match="merge")
    assert (result.created, result.updated) == (1, 1)
    acme = companies.company_view("ACME")
    assert (acme.domain, acme.city) == ("acme.hr", "Split")


def test_undo_restores_the_store_exactly(store_db, write):
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "type": "lead"})
    before = _snapshot(store_db)
    path = write(
        "email,first name,phone,company\nana@example.com,Anna,+385911234567,ACME\nnew@example.com,Eva,,ACME\n"
    )
    result = run(path, on_match="merge", tags="auto")
    assert (result.created, result.updated) == (1, 1)
    from store.importing.undo import undo_import

    report = undo_import(result.import_id)
    assert report.kept == []
    assert _snapshot(store_db) == before
    assert ImportRun.get_by_id(result.import_id).status == "undone"
    assert profiles.get_person(ana.id).first_name == "Ana"


def test_undo_leaves_fields_changed_since_and_says_which(store_db, write):
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "type": "lead"})
    result = run(write("email,first name,city\nana@example.com,Anna,Zagreb\n"), on_match="merge")
    profiles.update_person(ana.id, {"city": "Split"})
    from store.importing.undo import undo_import

    report = undo_import(result.import_id)
    assert report.kept == [
        {"person": ana.id, "company": None, "field": "city", "imported": "Zagreb", "now": "Split"}
    ]
    after = profiles.get_person(ana.id)
    assert (after.first_name, after.city) == ("Ana", "Split")


def test_no_identifier_column_is_refused_and_recorded(store_db, write):
    result = run(write("Ime,Grad\nAna,Zagreb\n"))
    assert result.status == "refused" and "phone" in result.message
    assert import_history.list_imports()[0].status == "refused"
    assert listing.count_persons() == 0


def test_unknown_map_column_or_field_is_a_usage_error(store_db, write):
    path = write("email\na@example.com\n")
    for mapping in ([("E-mail", "email")], [("email", "favourite")]):
        with pytest.raises(ProfilesError) as caught:
            run(path, mapping=mapping)
        assert caught.value.code == "USAGE"
    assert import_history.list_imports() == []


def test_cancel_leaves_nothing(store_db, write):
    import threading

    cancel = threading.Event()
    cancel.set()
    lines = ["email"] + [f"u{i}@example.com" for i in range(3000)]
    path = write("\n".join(lines) + "\n")
    generator = import_file(path, ImportOptions(), cancel=cancel)
    import time

    time.sleep(0.3)  # so the first progress tick checks the flag
    result = drive(generator)
    assert result.status == "cancelled"
    assert listing.count_persons() == 0


def test_history_keeps_fourteen_days_and_shows_thirty(store_db, write):
    path = write("email\na@example.com\n")
    for _ in range(32):
        run(path, analyse_only=True)
    assert len(import_history.list_imports()) == 30
    old = ImportRun.select().order_by(ImportRun.id).first()
    old.started_at = dt.datetime.now() - dt.timedelta(days=15)
    old.save()
    assert import_history.purge_old() == 1
    csv_text = import_history.errors_csv(run(write("email\nbad\n", "e.csv")).import_id)
    assert csv_text.splitlines()[0] == "row,column,value,reason" and "bad" in csv_text


def _snapshot(database) -> dict[str, list]:
    tables = [t for t in database.get_tables() if not t.startswith("import_") and t != "schema_version"]
    result = {}
    for table in tables:
        rows = database.execute_sql(f"SELECT * FROM {table}").fetchall()
        result[table] = sorted(rows, key=repr)
    result.pop("sqlite_sequence", None)
    return result


def test_change_history_names_the_import(store_db, write):
    """New persons share one creation record, shown in each one's history; merges write fields."""
    earlier = profiles.create_person({"first_name": "Old", "emails": ["old@example.com"], "type": "lead"})
    result = run(
        write("email,city\na@example.com,Split\nb@example.com,\nold@example.com,Rijeka\n"), on_match="merge"
    )
    source = f"import #{result.import_id}"
    for email in ("a@example.com", "b@example.com"):
        entries = history.person_history(profiles.find_person_id(email=email))
        assert [(e.source, e.field, e.new_value) for e in entries] == [(source, "profile", "created")]
    assert Change.select().where(Change.source == source, Change.field == "profile").count() == 0
    merged = history.person_history(earlier.id)
    assert (merged[0].source, merged[0].field, merged[0].new_value) == (source, "city", "Rijeka")
    assert [e.field for e in merged][-1] == "profile" and merged[-1].source == "api"
    assert history.person_history(earlier.id, limit=1, before_id=0) == []


def test_undo_preview_says_what_the_undo_will_do_and_changes_nothing(store_db, write):
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "type": "lead"})
    path = write("email,first name,city\nana@example.com,Anna,Zagreb\nnew@example.com,Eva,Rijeka\n")
    result = run(path, on_match="merge")
    profiles.update_person(ana.id, {"city": "Split"})
    before = _snapshot(store_db)
    from store.importing.undo import preview_undo, undo_import

    preview = preview_undo(result.import_id)
    assert _snapshot(store_db) == before
    assert ImportRun.get_by_id(result.import_id).status == "completed"
    assert preview.removed_persons == 1 and preview.restored_fields == 1
    assert [k["field"] for k in preview.kept] == ["city"]
    assert undo_import(result.import_id).to_dict() == preview.to_dict()
