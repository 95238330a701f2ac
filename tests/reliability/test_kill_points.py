"""kill -9 at named points of an import, a merge, an identify and a bulk tag changes nothing.

Each operation runs in a child process (``crash_child.py``) on a file database or the
PostgreSQL server, on a store with rows in every table (``store_state.populate``). The
child stops at a named point and is killed with SIGKILL; the store is then opened again
and every table the database lists must hold exactly the rows it held before (count and
checksum of every row). A killed import's history entry is the one row that differs: it
says ``interrupted``, once the history is listed by a process that opened the store
before the kill, and for every later opener.

The README's command kills each operation at one point; ``-m heavy`` kills each at every
point (``crash_child.points``), mid-commit included.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import peewee
import pytest
from crash_child import IMPORTED
from store_state import PERSONS, populate, table_state

import store
from store.db import path_url
from store.importing import history as import_history
from store.importing.records import ImportRun

CHILD = Path(__file__).with_name("crash_child.py")
QUICK = ("import:first-batch", "merge:history", "identify:merged", "tag:history")
SWEEP = (
    "import:analysing",
    "import:outcome-recorded",
    "import:before-commit",
    "import:committing",
    "merge:contacts-moved",
    "merge:before-commit",
    "identify:attached",
    "identify:before-commit",
    "tag:first-chunk",
    "tag:before-commit",
)
POINTS = [*QUICK, *(pytest.param(point, marks=pytest.mark.heavy) for point in SWEEP)]


@pytest.fixture(scope="session")
def _populated_sqlite(
    _sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, tuple[int, str]]]:
    """A SQLite file populated once for the session, and its state (do not write to it)."""
    folder = tmp_path_factory.mktemp("populated")
    path = folder / "profiles.db"
    shutil.copyfile(_sqlite_template, path)
    database = store.open(path_url(path))
    populate(folder)
    state = table_state(database)
    store.close()
    return path, state


@pytest.fixture
def before(
    request: pytest.FixtureRequest, store_db: peewee.Database, store_url: str, tmp_path: Path
) -> dict[str, tuple[int, str]]:
    """The state of every table once the store is populated (the store is closed then)."""
    store.close()
    if isinstance(store_db, peewee.SqliteDatabase):
        populated, state = request.getfixturevalue("_populated_sqlite")
        shutil.copyfile(populated, store_db.database)
        return state
    database = store.open(store_url)
    populate(tmp_path)
    state = table_state(database)
    store.close()
    return state


def kill_at(url: str, point: str, folder: Path) -> None:
    """Run the child to ``point``, open the store here, then SIGKILL the child."""
    read_end, write_end = os.pipe()
    with (folder / "child.err").open("w") as errors:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), url, point, str(write_end), str(folder)],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 120)
        said = os.read(read_end, 100).decode().strip() if ready else "(nothing in 120 s)"
        if point.endswith(":committing"):
            child.wait(timeout=120)  # it kills itself while committing
            store.open(url)
        else:
            assert said == point, f"the child said {said!r}: {(folder / 'child.err').read_text()}"
            store.open(url)  # while the child holds its transaction open
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    finally:
        os.close(read_end)
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, (folder / "child.err").read_text()


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_operation_leaves_every_table_as_it_was(store_url, before, tmp_path, point):
    kill_at(store_url, point, tmp_path)
    entries = import_history.list_imports()  # by the process that opened the store before the kill
    database = store.open(store_url)  # and by a new opener
    after = table_state(database)
    if isinstance(database, peewee.SqliteDatabase):
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    if not point.startswith("import:"):
        assert after == before
        return
    last = ImportRun.select().order_by(ImportRun.id.desc()).get()
    if point.endswith(":committing") and last.status == "completed":  # killed once the commit was done
        assert after["person"][0] == before["person"][0] + IMPORTED - PERSONS
        return
    assert entries[0].status == last.status == "interrupted"
    assert "nothing was imported" in last.message
    assert after["import_run"][0] == before["import_run"][0] + 1
    assert table_state(database, leave_out={"import_run": last.id}) == before
