"""Import bugs of issue 15 that must stay fixed: a nameless new company, reused import ids."""

from __future__ import annotations

import datetime as dt

import peewee

import store
from store import companies
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.records import ImportIssue, ImportPrior, ImportRun
from store.migrations import runner as migrations
from store.models import utcnow


def _run(path, **options):
    analyse = options.pop("analyse_only", False)
    return drive(import_file(path, ImportOptions(**options), analyse_only=analyse))


COMPANIES = (
    "external id,name,city\n"
    "C1,,Zagreb\n"  # matches ACME by its external id: a name is not needed
    "C2,,Split\n"  # a new company without a name: invalid, naming the field
    "C3,,Osijek\n"  # no name here, but row 5 of the same record gives it
    "C3,Initech,\n"
    "C4,Globex,Rijeka\n"
)


def test_a_new_company_row_without_a_name_is_invalid_in_the_analysis_and_the_import(store_db, tmp_path):
    companies.create_company({"name": "ACME", "external_id": "C1"})
    path = tmp_path / "companies.csv"
    path.write_text(COMPANIES, encoding="utf-8")
    analysis = _run(path, of="companies", on_match="merge", analyse_only=True)
    result = _run(path, of="companies", on_match="merge")
    for outcome in (analysis, result):
        assert (outcome.rows, outcome.valid, outcome.invalid) == (5, 4, 1)
        assert (outcome.created, outcome.updated) == (2, 1)
        [error] = outcome.errors
        assert error["row"] == 3 and error["reason"].startswith("name missing: a new company needs a name")
        assert "'C2'" in error["reason"]
    assert result.status == "completed_with_errors"
    assert companies.company_view("ACME").city == "Zagreb"
    assert companies.company_view("Initech").city == "Osijek"
    assert companies.company_view("Globex").city == "Rijeka"
    assert [e["row"] for e in import_history.import_errors(result.import_id)] == [3]


def _age(import_id: int, days: int) -> None:
    stamp = utcnow() - dt.timedelta(days=days)
    ImportRun.update(started_at=stamp).where(ImportRun.id == import_id).execute()


def test_an_import_id_is_never_used_again_after_its_entry_is_purged(store_db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("email\na@example.com\n", encoding="utf-8")
    first = _run(path, analyse_only=True).import_id
    second = _run(path, analyse_only=True).import_id
    _age(second, 15)  # the newest entry is the one the 14 days purge
    third = _run(path, analyse_only=True).import_id
    assert [e.id for e in import_history.list_imports()] == [third, first]
    assert third > second > first


def test_version_10_keeps_every_import_entry_and_never_reuses_their_ids(store_url):
    database = store.connect(store_url)
    database.connect()
    migrations.migrate(database, target=7)
    p = database.param
    for number in (1, 2, 3):
        database.execute_sql(
            'INSERT INTO import_run (id, started_at, imported_by, file_name, file_size, "of", options, '
            'status, "rows", valid, invalid, created, updated, discarded, message) '
            f"VALUES ({p}, {p}, 'ana', {p}, 10, 'persons', '{{}}', 'completed', 1, 1, 0, 1, 0, 0, '')",
            (number, f"2026-11-2{number} 10:00:00", f"file{number}.csv"),
        )
    if isinstance(database, peewee.PostgresqlDatabase):  # as the serial column would have left it
        database.execute_sql("SELECT setval(pg_get_serial_sequence('import_run', 'id'), 3)")
    database.execute_sql(
        f'INSERT INTO import_issue (run_id, "row", "column", value, reason) VALUES (3, 2, {p}, {p}, {p})',
        ("E-mail", "bad", "Email 'bad' must contain exactly one @."),
    )
    database.execute_sql(
        f"INSERT INTO import_prior (run_id, person_id, modified_at) VALUES (2, 7, {p})",
        ("2026-11-01 00:00:00",),
    )
    database.close()
    store.open(store_url)
    try:
        assert [(e.id, e.file_name) for e in import_history.list_imports()] == [
            (3, "file3.csv"),
            (2, "file2.csv"),
            (1, "file1.csv"),
        ]
        assert [e["value"] for e in import_history.import_errors(3)] == ["bad"]
        assert [(r.run_id, r.person_id) for r in ImportPrior.select()] == [(2, 7)]
        ImportRun.delete().where(ImportRun.id == 3).execute()  # as the purge does
        assert ImportIssue.select().count() == 0 and ImportPrior.select().count() == 1  # keys still cascade
        again = ImportRun.create(imported_by="ana", file_name="again.csv", status="analysed")
        assert again.id == 4
    finally:
        store.close()
