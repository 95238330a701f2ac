"""Ctrl-C during ``profiles import --json``: cancelled, one JSON object, exit 1, no traceback.

A terminal sends SIGINT to its whole foreground process group. The test starts the
installed ``profiles`` in a process group of its own, waits until the import runs (its
history entry in the database, its helper processes in ``/proc``), then sends SIGINT to
that group and to every helper process as well, so the helpers' own handling is tried
too (they run in groups of their own, which a terminal would not reach). The store must
be exactly as before, apart from the import history, and no process may be left.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROFILES = Path(sys.executable).parent / "profiles"
HELPERS = (
    "store.importing.sheet_process",
    "store.importing.phones",
    "store.importing.prepare",
    "store.importing.check_process",
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")


def _descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, and by those, from ``/proc``."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    except OSError:  # it ended meanwhile
        pass
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _status(path: Path) -> str | None:
    with sqlite3.connect(path, timeout=30) as connection:
        try:
            row = connection.execute("SELECT status FROM import_run ORDER BY id DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # not made yet
            return None
    return row[0] if row else None


def _store(path: Path) -> list[str]:
    """The database as SQL, without the import history (which says what happened)."""
    with sqlite3.connect(path) as connection:
        return [
            line
            for line in connection.iterdump()
            if not line.startswith(('INSERT INTO "import_', 'INSERT INTO "sqlite_sequence"'))
        ]


def _people_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("email,phone,first name\n")
        for i in range(rows):
            out.write(f"user{i}@example.com,+38591{i:07d},Name{i}\n")


def _people_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(["email", "phone", "first name"])
    for i in range(rows):
        sheet.append([f"user{i}@example.com", f"+38591{i:07d}", f"Name{i}"])
    book.save(path)


@pytest.mark.parametrize(
    ("kind", "phase"),
    [("xlsx", "analysing"), ("csv", "analysing"), ("csv", "running")],
    ids=["spreadsheet-while-reading", "csv-while-checking", "csv-while-writing"],
)
def test_ctrl_c_to_the_process_group_cancels_the_import(tmp_path, kind, phase):
    database = tmp_path / "t.db"
    url = f"sqlite:///{database}"
    added = subprocess.run(
        [
            str(PROFILES),
            "--db",
            url,
            "persons",
            "add",
            "--email",
            "user7@example.com",
            "--first-name",
            "Kept",
        ],
        capture_output=True,
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    before = _store(database)
    path = tmp_path / f"people.{kind}"
    # Large enough to start the helpers (a spreadsheet's phones from 20,000 rows; a text
    # file's checks and pass two's from 4 MB) and to be still reading, or writing 100,000
    # new persons, when the signal lands.
    (_people_xlsx if kind == "xlsx" else _people_csv)(path, 60_000 if kind == "xlsx" else 100_000)
    process = subprocess.Popen(
        [str(PROFILES), "--db", url, "import", str(path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wanted = {
        ("xlsx", "analysing"): "store.importing.sheet_process",
        ("csv", "analysing"): "store.importing.check_process",
        ("csv", "running"): "store.importing.prepare",
    }[kind, phase]
    deadline = time.monotonic() + 120
    while True:
        helpers = _descendants(process.pid)
        if _status(database) == phase and any(wanted in _command_line(p) for p in helpers):
            break
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"no {phase} import with its helper"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does: the whole group
    for helper in helpers:
        if any(name in _command_line(helper) for name in HELPERS):
            with contextlib.suppress(ProcessLookupError):
                os.kill(helper, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err and err.strip() == ""
    result = json.loads(out)  # exactly one JSON value: extra output would not parse
    assert isinstance(result, dict) and result["status"] == "cancelled"
    assert result["message"] == "Cancelled: nothing was imported."
    assert (result["created"], result["updated"]) == (0, 0)
    assert _status(database) == "cancelled"
    assert _store(database) == before
    for helper in helpers:  # no helper outlives the import
        assert not Path(f"/proc/{helper}").exists() or "zombie" in Path(f"/proc/{helper}/status").read_text()


@pytest.mark.parametrize("json_mode", [True, False])
def test_ctrl_c_before_a_command_takes_it_is_cancelled_quietly(monkeypatch, capsys, json_mode):
    from tui import main as entry

    def interrupted(_args: list[str]) -> int:
        raise KeyboardInterrupt  # as while the modules load

    monkeypatch.setattr(entry, "_main", interrupted)
    assert entry.main(["persons", "count", *(["--json"] if json_mode else [])]) == 130
    out, err = capsys.readouterr()
    if json_mode:
        assert json.loads(out)["error"]["code"] == "CANCELLED" and err == ""
    else:
        assert (out, err) == ("", "error: Cancelled (Ctrl-C).\n")
