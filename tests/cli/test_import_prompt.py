"""``profiles import FILE`` on a terminal: the analysis, the question, one run, one history entry.

The installed ``profiles`` runs on a pseudo-terminal (stdin, stdout and stderr are its
tty, so the progress bar is drawn and the question asked) with a throwaway database.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROFILES = Path(sys.executable).parent / "profiles"
QUESTION = b"Import these rows? [y/N] "

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")


class Terminal:
    """``profiles`` running on a pseudo-terminal; read what it shows, type answers."""

    def __init__(self, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes profiles, its stdio the terminal
            os.execv(str(PROFILES), [str(PROFILES), *args])
        self.shown = b""

    def wait_for(self, text: bytes, timeout: float = 60) -> None:
        """Read the screen until ``text`` appears."""
        deadline = time.monotonic() + timeout
        while text not in self.shown:
            assert time.monotonic() < deadline, self.shown.decode(errors="replace")
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"profiles ended before {text!r}: {self.shown!r}")

    def wait_for_match(self, pattern: bytes, timeout: float = 60) -> None:
        """Read the screen until the regular expression ``pattern`` matches it."""
        deadline = time.monotonic() + timeout
        while re.search(pattern, self.shown) is None:
            assert time.monotonic() < deadline, self.shown.decode(errors="replace")
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"profiles ended before {pattern!r}: {self.shown!r}")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def finish(self, timeout: float = 60) -> int:
        """Read to the end; the exit code."""
        deadline = time.monotonic() + timeout
        while self._read(deadline - time.monotonic()):
            assert time.monotonic() < deadline, self.shown.decode(errors="replace")
        os.close(self.fd)
        _pid, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.shown += data
        return bool(data)


def _cli(url: str, *args: str):
    done = subprocess.run(
        [str(PROFILES), "--db", url, *args, "--json"], capture_output=True, text=True, timeout=60
    )
    return json.loads(done.stdout)


@pytest.fixture
def people(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "E-mail;Ime;Telefon\nana@example.com;Ana;091 123 4567\nbad;Ivo;\nmia@example.com;Mia;\n",
        encoding="utf-8",
    )
    return path


def test_answering_y_imports_the_analysed_rows_as_one_run(tmp_path, people):
    url = f"sqlite:///{tmp_path / 't.db'}"
    terminal = Terminal("--db", url, "import", str(people), "--country", "HR")
    terminal.wait_for(QUESTION)
    analysis = terminal.shown.decode()
    assert "analysed: Analysed: nothing was imported." in analysis
    assert "rows 3  valid 2  invalid 1  created 2" in analysis
    assert "row 3 [E-mail]: Email 'bad' must contain exactly one @." in analysis
    assert _cli(url, "persons", "count") == {"count": 0}  # nothing written while it asks
    terminal.type("y")
    assert terminal.finish() == 0
    answer = terminal.shown.decode().split(QUESTION.decode(), 1)[1]
    assert "completed_with_errors: Imported: 2 created, 0 updated, 0 discarded." in answer
    entries = _cli(url, "imports", "list")
    assert [(e["status"], e["created"], e["invalid"]) for e in entries] == [("completed_with_errors", 2, 1)]
    assert _cli(url, "persons", "count") == {"count": 2}
    assert _cli(url, "persons", "get", "--phone", "+385911234567")["first_name"] == "Ana"


def test_answering_n_imports_nothing_and_keeps_the_analysis(tmp_path, people):
    url = f"sqlite:///{tmp_path / 't.db'}"
    terminal = Terminal("--db", url, "import", str(people), "--country", "HR")
    terminal.wait_for(QUESTION)
    terminal.type("n")
    assert terminal.finish() == 0
    assert "Nothing was imported." in terminal.shown.decode()
    entries = _cli(url, "imports", "list")
    assert [(e["status"], e["created"]) for e in entries] == [("analysed", 2)]
    assert _cli(url, "persons", "count") == {"count": 0}


def test_the_store_may_change_while_it_asks(tmp_path, people):
    """No lock is held at the question; the import matches again and says what changed."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    terminal = Terminal("--db", url, "import", str(people), "--country", "HR")
    terminal.wait_for(QUESTION)
    people.unlink()  # what was analysed is imported: the file is not read again
    started = time.monotonic()
    added = _cli(url, "persons", "add", "--email", "mia@example.com", "--first-name", "Meanwhile")
    assert added["first_name"] == "Meanwhile" and time.monotonic() - started < 5
    terminal.type("yes")
    assert terminal.finish() == 0
    answer = terminal.shown.decode().split(QUESTION.decode(), 1)[1]
    assert "Imported: 1 created, 0 updated, 1 discarded." in answer
    assert "The store changed between the analysis and the import" in answer
    entries = _cli(url, "imports", "list")
    assert [(e["status"], e["created"], e["discarded"]) for e in entries] == [("completed_with_errors", 1, 1)]
    assert _cli(url, "persons", "get", "--email", "mia@example.com")["first_name"] == "Meanwhile"


@pytest.mark.parametrize("phase", ["analysing", "writing"])
def test_ctrl_c_cancels_the_run_cleanly(tmp_path, phase):
    """The terminal's SIGINT reaches the importing process only, not its helper processes."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    path = tmp_path / "big.csv"
    # Past 20,000 rows the phone helpers run while analysing, and pass two's helper while
    # writing; the write of 100,000 new persons lasts long enough for the Ctrl-C to land in it.
    rows = 100_000 if phase == "writing" else 60_000
    with path.open("w") as out:
        out.write("email,phone,first name\n")
        for i in range(rows):
            out.write(f"user{i}@example.com,+38591{i:07d},Name{i}\n")
    terminal = Terminal("--db", url, "import", str(path))
    if phase == "writing":
        terminal.wait_for(QUESTION)
        terminal.type("y")
        terminal.wait_for(b"writing ")
    else:
        terminal.wait_for_match(rb"analysing +([2-5]\d),\d{3} rows")  # past 20,000 rows
    os.write(terminal.fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT
    assert terminal.finish() == 1
    shown = terminal.shown.decode()
    assert "cancelled: Cancelled: nothing was imported." in shown and "Traceback" not in shown
    entries = _cli(url, "imports", "list")
    assert [(e["status"], e["created"]) for e in entries] == [("cancelled", 0)]
    assert _cli(url, "persons", "count") == {"count": 0}
