"""Fixtures shared by every test: a fresh store on SQLite and, when possible, PostgreSQL.

``store_db`` is parametrized: each store test runs on a temp-file SQLite database and on
a throwaway PostgreSQL cluster started once per session (``pg_cluster``). Where the
server cannot start the PostgreSQL half is skipped with the reason, and the session
summary says so; ``PROFILES_TEST_PG=require`` (set by ``.ci/run``) makes it a failure.

Migrating an empty database costs far more than a test, so each backend is migrated once
per session by ``store.open`` and every ``store_db`` starts from that state: on SQLite a
copy of the migrated file, on PostgreSQL the session database put back to it
(``pg_template.py``).
``store_url`` alone still gives a database that was never opened, for the tests of
``store.open`` and of the migrations.

Under pytest-xdist each worker is a session of its own: its own cluster, templates and
temp directories, so workers share nothing but the machine.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

# The suite starts about a hundred interpreters (the installed ``profiles``, the import
# helpers, the xdist workers). Where PYTHONDONTWRITEBYTECODE is set, each one would
# compile every module of the store and the console again (0.1 s of a 0.35 s command):
# write the bytecode caches for this run and the processes it starts.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

import peewee
import pytest
from hypothesis import HealthCheck, settings
from pg_cluster import start_or_reason
from pg_template import PgTemplate

import store
from store.db import path_url

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
_pg_state: dict[str, str] = {}

# Property-based tests: in the README's command a fixed seed and a bounded number of
# examples (the same run every time, a few seconds in all); `HYPOTHESIS_PROFILE=deep`
# runs many more with fresh random data (docs/guarantees.md says how).
settings.register_profile(
    "default",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "deep",
    max_examples=5_000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of the session's PostgreSQL database (skips, or fails if required)."""
    cluster, reason = start_or_reason()
    if cluster is None:
        _pg_state["skipped"] = reason
        if os.environ.get("PROFILES_TEST_PG") == "require":
            pytest.fail(f"PostgreSQL is required (PROFILES_TEST_PG=require) but could not start: {reason}")
        pytest.skip(f"PostgreSQL part skipped: {reason}")
    _pg_state["ran"] = cluster.url or ""
    with cluster:
        yield cluster.url


@pytest.fixture(scope="session")
def _pg_template(pg_url: str) -> Iterator[PgTemplate]:
    """The session's PostgreSQL database, reset to what a fresh ``store.open`` leaves."""
    template = PgTemplate(pg_url)
    yield template
    template.close()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file that ``store.open`` migrated once for the session (do not write to it)."""
    path = tmp_path_factory.mktemp("template") / "profiles.db"
    store.open(path_url(path))
    store.close()
    # store.open leaves the file in WAL mode; closing the last connection checkpoints it,
    # so the one file holds everything.
    assert not path.with_name(path.name + "-wal").exists(), "the template's WAL was not checkpointed"
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store on each backend (the database is not opened).

    When the test also asks for ``store_db`` the database is left for ``store_db`` to
    fill from the migrated template instead (both name the same database).
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'profiles.db'}"
    url = request.getfixturevalue("pg_url")
    if "store_db" not in request.fixturenames:
        request.getfixturevalue("_pg_template").empty_schema()
    return url


@pytest.fixture
def store_db(request: pytest.FixtureRequest, store_url: str) -> Iterator[peewee.Database]:
    """An opened, empty, migrated store on each backend; closed afterwards."""
    if store_url.startswith("sqlite:"):
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), store_url.split(":///", 1)[1])
    else:
        request.getfixturevalue("_pg_template").reset()
    database = store.open(store_url)
    yield database
    store.close()


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[peewee.Database]:
    """An opened, empty store on SQLite only (for tests of SQLite behaviour)."""
    path = tmp_path / "profiles.db"
    shutil.copyfile(_sqlite_template, path)
    database = store.open(path_url(path))
    yield database
    store.close()


@pytest.fixture(autouse=True)
def _no_internal_errors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any command line run in a test fails it on an unexpected error (exit 3, ``INTERNAL``).

    The command line reports a bug as ``INTERNAL`` instead of a traceback; in a test that
    would read as one more error object, so the error is raised instead, with its own
    traceback. A test of that report itself is marked ``internal_error_expected``.
    """
    if request.node.get_closest_marker("internal_error_expected"):
        return
    from tui.cli import runner

    def fail(_line: object, exc: Exception) -> int:
        raise AssertionError(f"the command line met an unexpected error (exit 3): {exc!r}") from exc

    monkeypatch.setattr(runner, "_internal", fail)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than there are CPUs (at most four).

    Part of each worker's time is spent waiting on the processes it starts (the installed
    ``profiles``, PostgreSQL), so a third worker kept two CPUs busy where two left a third
    of them idle (2 min 36 s against 2 min 55 s for the suite on two CPUs).
    """
    return min(4, (os.cpu_count() or 1) + 1)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep the garbage collector off what is loaded by now, and let it run less often.

    With Textual's many short-lived objects, collections took a fifth of the console
    tests' time at the default thresholds, mostly full ones going over every module.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under xdist, hand this worker's PostgreSQL outcome to the main process."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["pg_state"] = dict(_pg_state)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """Under xdist (main process): gather what each worker says of PostgreSQL."""
    state = getattr(node, "workeroutput", {}).get("pg_state", {})
    if "skipped" in state:
        _pg_state["skipped"] = state["skipped"]
    elif "ran" in state:
        _pg_state.setdefault("ran", state["ran"])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the PostgreSQL half of the store suite ran."""
    if "skipped" in _pg_state:
        terminalreporter.write_line(
            f"PostgreSQL store tests SKIPPED: {_pg_state['skipped']}", yellow=True, bold=True
        )
    elif "ran" in _pg_state:
        terminalreporter.write_line("PostgreSQL store tests ran on a throwaway local cluster.", green=True)
