"""A full disk, a read-only database and a failing disk are named as such, and nothing is written.

``storage_errors.translate`` is checked on the drivers' own errors; the store's
operations are checked end to end through the store's own database classes, whose
cursors translate (``store.db``).
A full disk is simulated with SQLite's ``PRAGMA max_page_count`` (the same
``SQLITE_FULL`` a full disk gives) and, where this runs as root, with a real 1 MB
filesystem in a private mount namespace. A read-only database is ``PRAGMA query_only``,
a ``mode=ro`` connection or a read-only PostgreSQL session: the tests may run as root,
whom file modes do not stop.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import psycopg2.errors
import pytest
from store_state import people_csv, table_state

from store import attributes
from store.errors import ProfilesError, ReadOnlyDatabase, StorageFull, StorageIOError
from store.events import identity
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.records import ImportRun
from store.persons import profiles
from store.storage_errors import is_rollback_after_rollback, translate

FULL_MESSAGE = "is full: nothing of this change was written"


def _full(path: Path) -> sqlite3.Connection:
    """A SQLite connection to ``path`` that can add no page (a table of one row exists)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES ('first')")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    return connection


def _error_of(connection: sqlite3.Connection, sql: str, *params: object) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        connection.execute(sql, params)
    return caught.value


def test_sqlite_full_is_storage_full_naming_the_file(tmp_path):
    connection = _full(tmp_path / "full.db")
    error = translate(
        _error_of(connection, "INSERT INTO t VALUES (?)", "x" * 100_000), str(tmp_path / "full.db")
    )
    assert isinstance(error, StorageFull) and error.code == "STORAGE_FULL"
    assert str(error).startswith(f"The disk holding the database {tmp_path / 'full.db'} {FULL_MESSAGE}")
    assert error.value == "database or disk is full"


def test_sqlite_read_only_is_read_only(tmp_path):
    _full(tmp_path / "data.db").close()
    read_only = sqlite3.connect(f"file:{tmp_path / 'data.db'}?mode=ro", uri=True)
    query_only = sqlite3.connect(tmp_path / "data.db")
    query_only.execute("PRAGMA query_only = 1")
    for connection in (read_only, query_only):
        error = translate(_error_of(connection, "DELETE FROM t"), "data.db")
        assert isinstance(error, ReadOnlyDatabase) and error.code == "READ_ONLY"
        assert str(error) == "The database data.db is read-only: nothing of this change was written."


def test_peewee_errors_are_read_through_to_the_driver_error(tmp_path):
    _full(tmp_path / "full.db").close()
    database = peewee.SqliteDatabase(str(tmp_path / "full.db"), pragmas={"max_page_count": 2})
    with pytest.raises(peewee.OperationalError) as caught:
        database.execute_sql("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert isinstance(translate(caught.value, None), StorageFull)


def test_errors_without_a_code_are_read_from_their_message():
    assert isinstance(translate(sqlite3.OperationalError("disk I/O error"), None), StorageIOError)
    error = translate(psycopg2.errors.DiskFull("could not extend file"), None)
    assert isinstance(error, StorageFull)
    assert str(error).startswith(f"The disk holding the database {FULL_MESSAGE}")
    assert isinstance(translate(psycopg2.errors.ReadOnlySqlTransaction("read only"), None), ReadOnlyDatabase)
    assert isinstance(translate(psycopg2.errors.IoError("could not read block"), None), StorageIOError)


def test_other_errors_are_left_alone(tmp_path):
    connection = _full(tmp_path / "full.db")
    assert translate(_error_of(connection, "SELECT * FROM missing"), None) is None
    assert translate(psycopg2.errors.UniqueViolation("duplicate key"), None) is None
    assert translate(ProfilesError("already the store's"), None) is None
    assert translate(ValueError("database or disk is full"), None) is None  # drivers' errors only


def test_a_rollback_after_sqlite_rolled_back_is_recognised(tmp_path):
    connection = _full(tmp_path / "full.db")
    connection.execute("BEGIN")
    connection.execute("SAVEPOINT inner")
    full = _error_of(connection, "INSERT INTO t VALUES (?)", "x" * 100_000)
    assert isinstance(translate(full, None), StorageFull)
    in_transaction = connection.in_transaction
    if in_transaction:  # this SQLite kept the transaction: roll it back as SQLite may have
        connection.execute("ROLLBACK")
    for sql in ("ROLLBACK TO SAVEPOINT inner", "ROLLBACK"):
        error = _error_of(connection, sql)
        assert is_rollback_after_rollback(error, in_transaction=connection.in_transaction)
        assert not is_rollback_after_rollback(error, in_transaction=True)
    assert not is_rollback_after_rollback(full, in_transaction=False)


@pytest.fixture
def translated(store_db: peewee.Database) -> peewee.Database:
    """The opened store (its cursors translate driver errors)."""
    return store_db


def _fill_to(database: peewee.Database, extra_pages: int) -> None:
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages + extra_pages}")


def test_an_import_on_a_full_disk_fails_naming_it_and_writes_nothing(sqlite_db, tmp_path):
    profiles.create_person({"first_name": "Before", "emails": ["before@example.com"]})
    before = table_state(sqlite_db)
    _fill_to(sqlite_db, 20)
    result = drive(import_file(people_csv(tmp_path / "people.csv", 0, 3000, "N"), ImportOptions(tags="auto")))
    assert result.status == "failed"
    assert FULL_MESSAGE in result.message and "cannot rollback" not in result.message
    assert ImportRun.get_by_id(result.import_id).message == result.message
    assert table_state(sqlite_db, leave_out={"import_run": result.import_id}) == before


def test_a_full_disk_inside_nested_transactions_is_still_named(sqlite_db):
    """An identify writes in savepoints; SQLite rolled them back with everything: that is not the error."""
    attributes.define_attribute("notes", "text")
    before = table_state(sqlite_db)
    _fill_to(sqlite_db, 2)
    with pytest.raises(StorageFull, match=FULL_MESSAGE):  # not "no such savepoint"
        identity.identify("visitor", emails=["visitor@example.com"], data={"custom": {"notes": "x" * 10_000}})
    assert table_state(sqlite_db) == before


def test_a_read_only_database_refuses_every_write_by_name(translated):
    profiles.create_person({"first_name": "Before", "emails": ["before@example.com"]})
    before = table_state(translated)
    if isinstance(translated, peewee.SqliteDatabase):
        translated.execute_sql("PRAGMA query_only = 1")
    else:
        translated.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    with pytest.raises(ReadOnlyDatabase, match="is read-only: nothing of this change was written"):
        profiles.create_person({"first_name": "After", "emails": ["after@example.com"]})
    with pytest.raises(ReadOnlyDatabase):
        identity.identify("visitor", emails=["visitor@example.com"])
    if isinstance(translated, peewee.SqliteDatabase):
        translated.execute_sql("PRAGMA query_only = 0")
    else:
        translated.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
    assert table_state(translated) == before


def test_a_read_only_store_still_opens_with_an_entry_to_mark(translated):
    """An import killed earlier cannot be marked on a read-only database: it is left as it is."""
    from store.importing.history import list_imports, mark_interrupted

    dead = 2**22 + 1  # above the largest process id Linux gives
    ImportRun.create(imported_by="x", pid=dead, host=socket.gethostname(), file_name="f", status="running")
    if isinstance(translated, peewee.SqliteDatabase):
        translated.execute_sql("PRAGMA query_only = 1")
    else:
        translated.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    assert mark_interrupted() == 0
    assert [entry.status for entry in list_imports()] == ["running"]


_REAL_FULL_DISK = """
import json, sys
sys.path.insert(0, sys.argv[2])
import store
from store_state import people_csv, table_state
from pathlib import Path
from store.db import path_url
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import profiles
folder = Path(sys.argv[1])
database = store.open(path_url(folder / "profiles.db"))
profiles.create_person({"first_name": "Before", "emails": ["before@example.com"]})
before = table_state(database)
result = drive(import_file(people_csv(Path(sys.argv[3]), 0, 20_000, "N"), ImportOptions()))
after = table_state(database, leave_out={"import_run": result.import_id})
print(json.dumps({"status": result.status, "message": result.message, "same": after == before}))
"""


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("unshare"),
    reason="a real full filesystem needs root (a tmpfs in a private mount namespace)",
)
def test_an_import_on_a_real_full_filesystem_fails_naming_it(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    script = (
        f"mount -t tmpfs -o size=1m tmpfs {mount} && exec {sys.executable} -c "
        f'"$0" {mount} {Path(__file__).parent} {tmp_path / "people.csv"}'
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, _REAL_FULL_DISK],
        capture_output=True,
        text=True,
        timeout=120,
    )
    refused = ("not permitted", "permission denied")
    if done.returncode and not done.stdout and any(words in done.stderr.lower() for words in refused):
        pytest.skip(f"no tmpfs can be mounted here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["status"] == "failed" and FULL_MESSAGE in outcome["message"]
    assert outcome["same"]
