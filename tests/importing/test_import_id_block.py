"""The new persons of a large import take their ids as one block (PostgreSQL: reserved)."""

from __future__ import annotations

import psycopg2
import pytest

from store.db import db, is_postgres
from store.importing import bulk, writer
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import profiles

ROWS = 30


def _file(tmp_path):
    path = tmp_path / "people.csv"
    lines = [f"p{n}@example.com,Ana{n}" for n in range(ROWS)]
    path.write_text("email,first name\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_ids(path) -> list[int]:
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.created) == ("completed", ROWS), result.message
    rows = db.execute_sql("SELECT id FROM person ORDER BY id").fetchall()
    return [r[0] for r in rows]


def test_the_ids_are_one_block_and_the_next_person_follows_it(store_db, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "RESERVE_FROM", 1)
    before = profiles.create_person({"first_name": "First", "emails": ["first@example.com"]})
    if is_postgres():  # as after a load with COPY: the next id is the one set, not one past it
        with db.atomic():
            db.execute_sql(
                "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT MAX(id) + 1 FROM person), false)"
            )
    ids = _import_ids(_file(tmp_path))[1:]
    assert ids == list(range(ids[0], ids[0] + ROWS)) and ids[0] > before.id
    after = profiles.create_person({"first_name": "Next", "emails": ["next@example.com"]})
    assert after.id == ids[-1] + 1  # the sequence steps by one again


def test_a_transaction_holding_the_sequence_leaves_the_ids_to_nextval(store_db, tmp_path, monkeypatch):
    if not is_postgres():
        pytest.skip("SQLite's writers take turns: there is no sequence to reserve from")
    monkeypatch.setattr(writer, "RESERVE_FROM", 1)
    monkeypatch.setattr(bulk, "RESERVE_WAIT", "200ms")
    reserved: list[range | None] = []
    reserve = bulk.reserve_ids

    def recorded(table: str, count: int) -> range | None:
        reserved.append(reserve(table, count))
        return reserved[-1]

    monkeypatch.setattr(bulk, "reserve_ids", recorded)
    other = psycopg2.connect(dbname=db.database, **db.connect_params)
    try:
        with other.cursor() as cursor:  # an open transaction that took an id: it holds the sequence
            cursor.execute("SELECT nextval(pg_get_serial_sequence('person', 'id'))")
            held = cursor.fetchone()[0]
        ids = _import_ids(_file(tmp_path))
    finally:
        other.rollback()
        other.close()
    assert reserved == [None]  # it waited 200 ms for the sequence, then gave up
    assert len(set(ids)) == ROWS and min(ids) > held
    with db.atomic():
        increment = db.execute_sql(
            "SELECT increment_by FROM pg_sequences WHERE sequencename = 'person_id_seq'"
        ).fetchone()[0]
    assert increment == 1
