"""A persons import into a young SQLite store builds the person and contact indexes after its rows.

What a user would notice: the store ends with exactly the indexes it had (so lookups by
email, phone, name and external id work as before, and a second import of the same
identifiers still matches), and an import that fails while writing leaves the store,
indexes included, as it was.
"""

from __future__ import annotations

from store.db import db, is_postgres
from store.importing import indexes
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.writer import Writer
from store.persons import listing, profiles


def _indexes() -> list[tuple[str, str]]:
    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    return [tuple(row) for row in db.execute_sql(sql).fetchall()]


def _people_csv(path, count: int, first: str = "Ana"):
    lines = ["email,phone,first name,last name,external id,city"]
    lines += [f"p{i}@example.com,+3859112{i:05d},{first},Horvat{i},ext-{i},Zagreb" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_into_an_empty_store_keeps_every_index_and_its_lookups(sqlite_db, tmp_path):
    before = _indexes()
    assert indexes.worth_deferring(300)
    result = drive(import_file(_people_csv(tmp_path / "a.csv", 300), ImportOptions(country="HR")))
    assert (result.status, result.created) == ("completed", 300)
    assert _indexes() == before
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    person_id = profiles.find_person_id(email="p17@example.com")
    assert profiles.find_person_id(phone="+385911200017") == person_id
    assert profiles.get_person(person_id).last_name == "Horvat17"
    again = drive(
        import_file(_people_csv(tmp_path / "b.csv", 300, "Bo"), ImportOptions(country="HR", on_match="merge"))
    )
    assert (again.created, again.updated) == (0, 300)
    assert profiles.get_person(person_id).first_name == "Bo"


def test_a_store_larger_than_the_import_keeps_its_indexes_while_writing(sqlite_db, tmp_path):
    drive(import_file(_people_csv(tmp_path / "a.csv", 300), ImportOptions(country="HR")))
    assert not indexes.worth_deferring(299)
    assert indexes.worth_deferring(300)


def test_an_import_failing_while_writing_leaves_the_indexes_and_rows_as_they_were(
    sqlite_db, tmp_path, monkeypatch
):
    before = _indexes()
    written = Writer.write

    def fail_after_first_batch(self, batch):
        written(self, batch)
        raise OSError("disk full")

    monkeypatch.setattr(Writer, "write", fail_after_first_batch)
    result = drive(import_file(_people_csv(tmp_path / "a.csv", 300), ImportOptions(country="HR")))
    assert result.status == "failed" and "disk full" in result.message
    assert _indexes() == before
    assert listing.count_persons() == 0


def test_only_sqlite_defers_its_indexes(store_db):
    assert indexes.worth_deferring(1_000_000) is not is_postgres()
    assert not indexes.worth_deferring(0)
