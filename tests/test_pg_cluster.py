"""The throwaway PostgreSQL cluster of tests/pg_cluster.py starts, answers and goes away.

With ``PROFILES_TEST_PG=require`` (as CI sets it) a cluster that cannot start fails the
test with the reason; otherwise the test is skipped with it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import NoReturn

import pg_cluster
import pytest
from pg_cluster import PgCluster, start_or_reason


def _skip_or_fail(reason: str) -> NoReturn:
    if os.environ.get("PROFILES_TEST_PG") == "require":
        pytest.fail(f"PostgreSQL is required (PROFILES_TEST_PG=require) but: {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.postgres
def test_cluster_starts_answers_and_stops() -> None:
    psycopg2 = pytest.importorskip("psycopg2")
    cluster, reason = start_or_reason()
    if cluster is None:
        _skip_or_fail(reason)
    try:
        assert cluster.url is not None
        assert cluster.url.endswith(f"/{pg_cluster.DB_NAME}")
        conn = psycopg2.connect(cluster.url, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("select 1, current_database()")
                assert cur.fetchone() == (1, pg_cluster.DB_NAME)
        finally:
            conn.close()
    finally:
        base_dir, port = cluster.base_dir, cluster.port
        cluster.stop()
    if not cluster.external:
        assert base_dir is not None and not base_dir.exists()
        assert port is not None and not _port_open(port)


def test_missing_binaries_give_a_reason_and_leave_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(pg_cluster.URL_ENV, raising=False)
    monkeypatch.setenv(pg_cluster.BINDIR_ENV, str(tmp_path / "nonexistent"))
    cluster, reason = start_or_reason()
    assert cluster is None
    assert "initdb" in reason and "\n" not in reason
    # Nor does a cluster object used directly leave a directory behind.
    broken = PgCluster(bindir=str(tmp_path))
    with pytest.raises(pg_cluster.PgClusterError):
        broken.start()
    assert broken.base_dir is None
