"""One import run: analysed, then written on confirmation, as one history entry (both backends)."""

from __future__ import annotations

import threading

import peewee
import pytest

import store
from store.db import db
from store.importing import history as import_history
from store.importing import progress as import_progress
from store.importing.engine import ImportJob
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import listing, profiles

FILE = (
    "email,phone,first name\n"
    "a@example.com,,Ana\n"
    "b@example.com,+385911234567,Bo\n"
    "c@example.com,bad,Cy\n"
    "b@example.com,,Bob\n"
    "d@example.com,,Di\n"
)


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "people.csv"
    file.write_text(FILE, encoding="utf-8")
    return file


def _statuses() -> list[str]:
    return [entry.status for entry in import_history.list_imports()]


def test_confirmed_analysis_writes_what_it_showed_and_keeps_one_entry(store_db, path):
    profiles.create_person({"emails": ["a@example.com"], "first_name": "Old"})
    with ImportJob(path, ImportOptions(on_match="merge")) as job:
        analysis = drive(job.analyse())
        assert analysis.status == "analysed"
        assert (analysis.created, analysis.updated, analysis.invalid) == (2, 1, 1)
        assert listing.count_persons() == 1 and _statuses() == ["analysed"]
        path.unlink()  # the confirmed import writes what pass one kept: the file is not read again
        result = drive(job.confirm())
    assert result.status == "completed_with_errors" and result.import_id == analysis.import_id
    assert result.counts() == analysis.counts()
    assert result.errors == analysis.errors  # matching again does not repeat its error records
    assert analysis.status == "analysed"  # the analysis the caller was shown stays as it was
    assert listing.count_persons() == 3
    assert profiles.get_person(profiles.find_person_id(email="b@example.com")).first_name == "Bob"
    assert _statuses() == ["completed_with_errors"]
    assert [e["row"] for e in import_history.import_errors(result.import_id)] == [4]


def test_a_declined_analysis_stays_analysed_and_writes_nothing(store_db, path):
    with ImportJob(path, ImportOptions()) as job:
        analysis = drive(job.analyse())
    assert analysis.status == "analysed" and analysis.created == 3
    assert listing.count_persons() == 0
    entry = import_history.list_imports()[0]
    assert (entry.status, entry.created, entry.invalid) == ("analysed", 3, 1)
    assert entry.message == "Analysed: nothing was imported."
    assert [e["row"] for e in import_history.import_errors(entry.id)] == [4]
    with pytest.raises(RuntimeError):
        drive(job.confirm())  # a closed job keeps no rows
    assert listing.count_persons() == 0


def _write_from_another_connection(url: str, import_id: int) -> None:
    """Update the entry and add a person on a second connection that will not wait for a lock."""
    other = store.connect(url)
    other.connect()
    try:
        postgres = isinstance(other, peewee.PostgresqlDatabase)
        if not postgres:
            other.execute_sql("PRAGMA busy_timeout = 0")
        with other.atomic() if postgres else other.atomic(lock_type="IMMEDIATE"):
            if postgres:
                other.execute_sql("SET LOCAL lock_timeout = '1s'")
            mark = other.param
            other.execute_sql(f"UPDATE import_run SET message = message WHERE id = {mark}", (import_id,))
    finally:
        other.close()


def test_nothing_holds_a_lock_between_analysis_and_confirmation(store_db, store_url, path):
    with ImportJob(path, ImportOptions()) as job:
        analysis = drive(job.analyse())
        _write_from_another_connection(store_url, analysis.import_id)
        profiles.create_person({"emails": ["d@example.com"], "first_name": "Meanwhile"})
        result = drive(job.confirm())
    # The store changed while the analysis waited: the import matched again and says so.
    assert (analysis.created, analysis.discarded) == (3, 0)
    assert (result.created, result.discarded) == (2, 1)
    assert any("changed between the analysis and the import" in note for note in result.notes)
    assert profiles.get_person(profiles.find_person_id(email="d@example.com")).first_name == "Meanwhile"
    assert listing.count_persons() == 3 and _statuses() == ["completed_with_errors"]


def test_cancelling_the_confirmed_import_keeps_one_cancelled_entry(store_db, path):
    cancel = threading.Event()
    with ImportJob(path, ImportOptions(), cancel=cancel) as job:
        assert drive(job.analyse()).status == "analysed"
        cancel.set()
        result = drive(job.confirm())
    assert result.status == "cancelled" and listing.count_persons() == 0
    entry = import_history.list_imports()[0]
    assert (entry.status, entry.created) == ("cancelled", 0) and len(import_history.list_imports()) == 1
    assert import_history.import_errors(entry.id) == []


def test_a_refused_file_ends_the_run(store_db, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("Ime,Grad\nAna,Zagreb\n", encoding="utf-8")
    with ImportJob(names, ImportOptions()) as job:
        refused = drive(job.analyse())
        assert (refused.status, refused.reason) == ("refused", "no-identifier-column")
        with pytest.raises(RuntimeError):
            drive(job.confirm())
    assert _statuses() == ["refused"]


def test_a_caller_that_stops_driving_leaves_nothing(store_db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_progress, "TICK", 0.0)  # a progress report at every batch
    big = tmp_path / "big.csv"
    big.write_text("email\n" + "".join(f"u{i}@example.com\n" for i in range(5000)), encoding="utf-8")

    def screen_went_away(progress):
        if progress.phase == "writing":
            raise RuntimeError("the screen went away")

    with ImportJob(big, ImportOptions()) as job:
        assert drive(job.analyse()).created == 5000
        with pytest.raises(RuntimeError):
            drive(job.confirm(), screen_went_away)
    assert job.result.status == "cancelled" and not db.in_transaction()
    assert listing.count_persons() == 0 and _statuses() == ["cancelled"]
