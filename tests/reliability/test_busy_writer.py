"""A writer waits for the write lock; one that waits too long gets a busy error naming the holder."""

from __future__ import annotations

import importlib
import sqlite3
import threading
import time

import pytest

import store
from store.errors import DatabaseBusy
from store.persons import listing, profiles

store_db = importlib.import_module("store.db")  # the module: ``store.db`` is also the proxy's name


@pytest.fixture
def short_timeout(monkeypatch):
    """A busy timeout of 0.3 s instead of two minutes, so a test can outwait it."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "busy_timeout", 300)


def _hold_write_lock(path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_writer_waits_for_another_to_finish(sqlite_db):
    path = sqlite_db.database
    holder = _hold_write_lock(path)
    threading.Timer(0.5, holder.rollback).start()
    started = time.monotonic()
    person = profiles.create_person({"first_name": "Waited", "emails": ["waited@example.com"]})
    assert time.monotonic() - started >= 0.4
    assert profiles.get_person(person.id).first_name == "Waited"


def test_a_reader_that_becomes_a_writer_waits_too(sqlite_db):
    """The case that used to fail at once: a transaction reads, then writes."""
    profiles.create_person({"first_name": "Shared", "emails": ["shared@example.com"]})
    holder = _hold_write_lock(sqlite_db.database)
    threading.Timer(0.3, holder.rollback).start()
    person = profiles.update_person(1, {"city": "Zagreb", "add_tags": ["vip"]})
    assert person.city == "Zagreb"


def test_waiting_too_long_names_the_import_that_holds_the_database(tmp_path, short_timeout):
    path = tmp_path / "busy.db"
    store.open(f"sqlite:///{path}")
    try:
        holder = _hold_write_lock(path)
        with store_db.writing("import #7"), pytest.raises(DatabaseBusy) as caught:
            profiles.create_person({"first_name": "Late", "emails": ["late@example.com"]})
        assert caught.value.code == "BUSY"
        assert "import #7" in caught.value.message
        assert "nothing was written" in caught.value.message
        assert not path.with_name("busy.db-writer").exists()  # the note goes with the writer
        with pytest.raises(DatabaseBusy) as caught:
            profiles.create_person({"first_name": "Late", "emails": ["late@example.com"]})
        assert "another program" in caught.value.message
        holder.rollback()
        assert listing.count_persons() == 0
        profiles.create_person({"first_name": "Late", "emails": ["late@example.com"]})
        assert listing.count_persons() == 1
    finally:
        store.close()
