"""A throwaway PostgreSQL cluster for the test session.

The store's PostgreSQL tests need a real server.  This module starts a private one in a
temporary directory (``initdb`` + ``pg_ctl``, listening on a free loopback port, with
durability switched off for speed), creates the database ``profiles_test`` in it, and
removes everything again when the session ends.  A start and stop takes a few seconds.

Usage from ``tests/conftest.py``::

    import os

    import pytest

    from pg_cluster import start_or_reason


    @pytest.fixture(scope="session")
    def pg_url():
        cluster, reason = start_or_reason()
        if cluster is None:
            if os.environ.get("PROFILES_TEST_PG") == "require":
                pytest.fail(f"PostgreSQL is required but could not start: {reason}")
            pytest.skip(f"no PostgreSQL: {reason}")
        with cluster:
            yield cluster.url

or directly::

    with PgCluster() as pg:
        connect(pg.url)

Where the server binaries come from, in order: ``$PROFILES_TEST_PG_BINDIR`` (only that
directory, meant for testing this module), ``pg_config --bindir``, the newest
``/usr/lib/postgresql/*/bin``, then the directory of ``initdb`` on ``$PATH``.  PostgreSQL
refuses to run as root, so under root the server runs as the ``postgres`` user (through
``runuser``, or ``su`` where there is no ``runuser``).

Environment variables:

``PROFILES_TEST_PG_URL``
    Use this existing server instead of starting one; ``stop()`` then does nothing.
``PROFILES_TEST_PG_BINDIR``
    Look for ``initdb`` and ``pg_ctl`` in this directory only.
``PROFILES_TEST_PG``
    Read by the tests, not here: ``require`` turns "could not start" into a failure.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

__all__ = [
    "DB_NAME",
    "PgCluster",
    "PgClusterError",
    "find_bindir",
    "start_or_reason",
]

DB_NAME = "profiles_test"
"""The database created in the cluster, named by the URL that ``start()`` returns."""

SUPERUSER = "postgres"
"""The cluster's superuser role, and the system user the server runs as under root."""

URL_ENV = "PROFILES_TEST_PG_URL"
BINDIR_ENV = "PROFILES_TEST_PG_BINDIR"

_TIMEOUT = 60  # seconds for any one initdb / pg_ctl call
_TAIL_LINES = 4  # lines of a failing command's output quoted in the reason


class PgClusterError(RuntimeError):
    """The cluster could not be started; the message is a one-line human reason."""


def _has_server(bindir: str | os.PathLike[str]) -> bool:
    return all(os.access(os.path.join(bindir, name), os.X_OK) for name in ("initdb", "pg_ctl"))


def _version_key(bindir: str) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,); non-numeric names sort first.
    version = Path(bindir).parent.name
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (-1,)


def find_bindir() -> tuple[str | None, str]:
    """Find the directory holding the PostgreSQL server's ``initdb`` and ``pg_ctl``.

    Returns ``(bindir, "")``, or ``(None, reason)`` when no server binaries were found.
    """
    override = os.environ.get(BINDIR_ENV)
    if override:
        if _has_server(override):
            return override, ""
        return None, f"no initdb and pg_ctl in {BINDIR_ENV}={override}"

    pg_config = shutil.which("pg_config")
    if pg_config:
        # On Debian pg_config comes with libpq-dev too, naming a bindir without a server.
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            if out and _has_server(out):
                return out, ""

    candidates = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if _has_server(d)]
    if candidates:
        return max(candidates, key=_version_key), ""

    initdb = shutil.which("initdb")
    if initdb:
        bindir = os.path.dirname(os.path.realpath(initdb))
        if _has_server(bindir):
            return bindir, ""

    return None, "no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:]) or "(no output)"


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


class PgCluster:
    """A private PostgreSQL server in a temporary directory, or an existing one by URL.

    ``start()`` runs initdb, starts the server and creates ``profiles_test``; ``stop()``
    stops the server at once and deletes the directory.  With ``url`` given (as
    ``start_or_reason()`` does for ``$PROFILES_TEST_PG_URL``) nothing is started or
    stopped and ``start()`` just returns that URL.
    """

    def __init__(
        self,
        url: str | None = None,
        bindir: str | None = None,
        *,
        durable: bool = False,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        """Prepare a cluster; nothing runs before ``start()``.

        ``url``: use this existing server instead of starting one.
        ``bindir``: where ``initdb`` and ``pg_ctl`` are; found by ``find_bindir()`` if None.
        ``durable``: keep PostgreSQL's crash safety (``fsync``, ``synchronous_commit`` and
        ``full_page_writes`` on, its defaults); the tests leave it off, a throwaway cluster
        needs none of it.  A benchmark turns it on to measure what a real server does.
        ``settings``: more server settings (``{"shared_buffers": "1GB"}``), given at start.
        """
        self.external = url is not None
        self.durable = durable
        self.settings = dict(settings or {})
        self.url: str | None = url
        self.bindir = bindir
        self.port: int | None = None
        self.base_dir: Path | None = None  # holds data/, the socket and server.log
        self._run_as_postgres = os.geteuid() == 0
        self._running = False

    # -- paths -------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path | None:
        """The cluster's data directory (``None`` before ``start()`` or when external)."""
        return None if self.base_dir is None else self.base_dir / "data"

    @property
    def log_file(self) -> Path | None:
        """The server's log file (``None`` before ``start()`` or when external)."""
        return None if self.base_dir is None else self.base_dir / "server.log"

    # -- running commands --------------------------------------------------------------

    def _wrap(self, cmd: list[str]) -> list[str]:
        """Run ``cmd`` as the postgres user when we are root, else as ourselves."""
        if not self._run_as_postgres:
            return cmd
        runuser = shutil.which("runuser")
        if runuser:
            return [runuser, "-u", SUPERUSER, "--", *cmd]
        su = shutil.which("su")
        if su:
            return [su, SUPERUSER, "-s", "/bin/sh", "-c", shlex.join(cmd)]
        raise PgClusterError("running as root, and neither runuser nor su is there")

    def _run(self, cmd: list[str]) -> tuple[int, str]:
        """Run a command, returning its exit status and its output (stdout + stderr)."""
        # Output goes to a file, not a pipe: a daemon that kept a pipe open would hang us.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        with tempfile.TemporaryFile(mode="w+", errors="replace") as out:
            try:
                proc = subprocess.run(
                    self._wrap(cmd),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self.base_dir,
                    env=env,
                    timeout=_TIMEOUT,
                    check=False,
                )
                code = proc.returncode
            except subprocess.TimeoutExpired:
                code = -1
                out.write(f"\n{cmd[0]} timed out after {_TIMEOUT}s")
            except OSError as exc:
                code = -1
                out.write(f"\n{exc}")
            out.seek(0)
            return code, out.read()

    def _tool(self, name: str) -> str:
        assert self.bindir is not None
        return os.path.join(self.bindir, name)

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> str:
        """Start the server and create ``profiles_test``; return its URL.

        The URL is ``postgresql://postgres@127.0.0.1:PORT/profiles_test``.  Raises
        ``PgClusterError`` with a one-line reason if anything fails, after stopping
        whatever it had started and deleting the directory.  Calling it again on a
        running cluster just returns the URL.
        """
        if self.external or self._running:
            assert self.url is not None
            return self.url
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        assert self.url is not None
        return self.url

    def _start(self) -> None:
        if self.bindir is None:
            self.bindir, reason = find_bindir()
            if self.bindir is None:
                raise PgClusterError(reason)
        elif not _has_server(self.bindir):
            raise PgClusterError(f"no initdb and pg_ctl in {self.bindir}")

        owner: pwd.struct_passwd | None = None
        if self._run_as_postgres:
            try:
                owner = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise PgClusterError(
                    f"running as root and there is no {SUPERUSER!r} system user to run "
                    "PostgreSQL as (PostgreSQL refuses to run as root)"
                ) from None

        # Under /tmp: short enough for the Unix socket path, and reachable by postgres.
        parent = "/tmp" if os.path.isdir("/tmp") else None
        self.base_dir = Path(tempfile.mkdtemp(prefix="profiles-pg-", dir=parent))
        if owner is not None:
            os.chown(self.base_dir, owner.pw_uid, owner.pw_gid)
        os.chmod(self.base_dir, 0o700)
        atexit.register(self.stop)  # in case the caller never stops it

        self._initdb()
        self._pg_ctl_start()
        self._create_database()

    def _initdb(self) -> None:
        assert self.data_dir is not None
        failures: list[str] = []
        for locale in ("C.UTF-8", "C"):
            code, output = self._run(
                [
                    self._tool("initdb"),
                    "-D",
                    str(self.data_dir),
                    "--auth=trust",
                    f"--username={SUPERUSER}",
                    "--encoding=UTF8",
                    f"--locale={locale}",
                    "-N",
                ]
            )
            if code == 0:
                return
            failures.append(_tail(output))
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if failures[0] == failures[1]:
            raise PgClusterError(f"initdb failed: {failures[0]}")
        raise PgClusterError(
            f"initdb failed: with --locale=C.UTF-8: {failures[0]}; with --locale=C: {failures[1]}"
        )

    def _pg_ctl_start(self) -> None:
        assert self.base_dir is not None and self.data_dir is not None
        assert self.log_file is not None
        for _attempt in range(3):
            port = _free_port()
            settings = {
                "listen_addresses": "127.0.0.1",
                "port": str(port),
                "unix_socket_directories": str(self.base_dir),
                "max_connections": "50",
            }
            if not self.durable:
                settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
            settings.update(self.settings)
            options = " ".join(f"-c {name}={value}" for name, value in settings.items())
            log_start = len(_read(self.log_file))
            code, output = self._run(
                [
                    self._tool("pg_ctl"),
                    "-w",
                    "-t",
                    str(_TIMEOUT - 5),
                    "-D",
                    str(self.data_dir),
                    "-o",
                    options,
                    "-l",
                    str(self.log_file),
                    "start",
                ]
            )
            if code == 0:
                self.port = port
                self._running = True
                self.url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{DB_NAME}"
                return
            log = _read(self.log_file)[log_start:]
            # The port was free a moment ago but someone took it: try another one.
            if "could not bind" in log or "Address already in use" in log:
                self._kill_leftover()
                continue
            raise PgClusterError(f"pg_ctl start failed: {_tail(log or output)}")
        raise PgClusterError("pg_ctl start failed: no free loopback port after 3 tries")

    def _create_database(self) -> None:
        try:
            import psycopg2
        except ImportError as exc:
            raise PgClusterError(f"psycopg2 is not installed: {exc}") from None
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = psycopg2.connect(
                    host="127.0.0.1",
                    port=self.port,
                    user=SUPERUSER,
                    dbname="postgres",
                    connect_timeout=5,
                )
                break
            except psycopg2.OperationalError as exc:
                # pg_ctl -w already waited for the server; this is only a safety net.
                if time.monotonic() > deadline:
                    raise PgClusterError(f"cannot connect to the new server: {exc}") from None
                time.sleep(0.1)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"CREATE DATABASE {DB_NAME}")
        except psycopg2.Error as exc:
            raise PgClusterError(f"CREATE DATABASE {DB_NAME} failed: {_tail(str(exc))}") from None
        finally:
            conn.close()

    def _kill_leftover(self) -> None:
        """SIGKILL the postmaster named in postmaster.pid, if one is still alive."""
        if self.data_dir is None:
            return
        pid_file = self.data_dir / "postmaster.pid"
        try:
            pid = int(_read(pid_file).split("\n", 1)[0])
        except ValueError:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
            for _ in range(50):  # the postmaster's children die with it shortly after
                os.kill(pid, 0)
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server immediately and delete its directory.

        Safe to call more than once, and after a failed ``start()``.  Does nothing for
        a cluster made from an existing URL.
        """
        if self.external:
            return
        atexit.unregister(self.stop)
        if self.base_dir is None:
            return
        data_dir = self.data_dir
        if data_dir is not None and (data_dir / "postmaster.pid").exists():
            code, _ = self._run([self._tool("pg_ctl"), "-w", "-D", str(data_dir), "-m", "immediate", "stop"])
            if code != 0:
                self._kill_leftover()
        self._running = False
        shutil.rmtree(self.base_dir, ignore_errors=True)
        self.base_dir = None

    def __enter__(self) -> PgCluster:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url or "not started"
        return f"<PgCluster {'external ' if self.external else ''}{where}>"


def _check_external(url: str) -> str:
    """Return "" if ``url`` answers ``select 1``, else a one-line reason."""
    try:
        import psycopg2
    except ImportError as exc:
        return f"psycopg2 is not installed: {exc}"
    try:
        conn = psycopg2.connect(url, connect_timeout=5)
    except psycopg2.Error as exc:
        return f"{URL_ENV}={url} does not answer: {_tail(str(exc), 2)}"
    try:
        with conn.cursor() as cur:
            cur.execute("select 1")
    except psycopg2.Error as exc:
        return f"{URL_ENV}={url} fails select 1: {_tail(str(exc), 2)}"
    finally:
        conn.close()
    return ""


def start_or_reason() -> tuple[PgCluster | None, str]:
    """Start a throwaway cluster, or say why not.

    Returns ``(cluster, "")`` with ``cluster.url`` set once the server is up and
    ``profiles_test`` exists, or ``(None, reason)`` with a one-line reason, leaving no
    server or directory behind.  With ``$PROFILES_TEST_PG_URL`` set, that server is
    checked with ``select 1`` and returned without starting anything.
    """
    url = os.environ.get(URL_ENV)
    if url:
        reason = _check_external(url)
        return (None, reason) if reason else (PgCluster(url=url), "")
    cluster = PgCluster()
    try:
        cluster.start()
    except PgClusterError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"could not start PostgreSQL: {exc}"
    return cluster, ""
