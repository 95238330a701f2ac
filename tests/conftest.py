"""Fixtures shared by every test: a fresh store on SQLite and, when possible, PostgreSQL.

``store_db`` is parametrized: each store test runs on a temp-file SQLite database and on
a throwaway PostgreSQL cluster started once per session (``pg_cluster``). Where the
server cannot start the PostgreSQL half is skipped with the reason, and the session
summary says so; ``PROFILES_TEST_PG=require`` (set by ``.ci/run``) makes it a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest
from pg_cluster import start_or_reason

import store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
_pg_state: dict[str, str] = {}


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


def _reset_postgres(url: str) -> None:
    database = store.connect(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store on each backend (the database is not opened)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'profiles.db'}"
    url = request.getfixturevalue("pg_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def store_db(store_url: str) -> Iterator[peewee.Database]:
    """An opened, empty, migrated store on each backend; closed afterwards."""
    database = store.open(store_url)
    yield database
    store.close()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[peewee.Database]:
    """An opened, empty store on SQLite only (for tests of SQLite behaviour)."""
    database = store.open(f"sqlite:///{tmp_path / 'profiles.db'}")
    yield database
    store.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the PostgreSQL half of the store suite ran."""
    if "skipped" in _pg_state:
        terminalreporter.write_line(
            f"PostgreSQL store tests SKIPPED: {_pg_state['skipped']}", yellow=True, bold=True
        )
    elif "ran" in _pg_state:
        terminalreporter.write_line("PostgreSQL store tests ran on a throwaway local cluster.", green=True)
