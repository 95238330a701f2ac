"""Every input to ``profiles`` is a result or a typed error: never a traceback, never exit 3.

Each case runs through the command line (in process where it can, a real process for
bytes in argv and for a closed pipe) and checks what a script relies on: exit 1 or 2,
exactly one JSON object on stdout with ``--json``, a message naming the option or the
value, and nothing written to the database.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import runner

BIG = str(2**63)  # one more than the database's largest integer
PROFILES = str(Path(sys.executable).parent / "profiles")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A database with two persons (1 and 2), a company ACME, a tag and a CSV file to import."""
    folder = tmp_path_factory.mktemp("seeded")
    url = f"sqlite:///{folder / 'seed.db'}"
    for line in (
        ["persons", "add", "--first-name", "Ana", "--email", "ana@example.com", "--company", "ACME"],
        ["persons", "add", "--first-name", "Ivo", "--email", "ivo@example.com", "--tag", "vip"],
    ):
        assert runner.run(["--db", url, *line, "--json"]) == 0
    (folder / "people.csv").write_text("email,first_name\nmia@example.com,Mia\n", encoding="utf-8")
    return folder


@pytest.fixture
def cli(seeded, tmp_path, capsys):
    """Run a command line on a copy of the seeded database.

    Returns ``(exit code, the one JSON object printed, stderr)``; asserts that the database
    is as it was when the command exits 1 or 2.
    """
    path = tmp_path / "t.db"
    shutil.copyfile(seeded / "seed.db", path)
    capsys.readouterr()

    def run(*args: str, json_mode: bool = True):
        before = _rows(path)
        argv = ["--db", f"sqlite:///{path}", *(a.replace("FILE", str(seeded / "people.csv")) for a in args)]
        code = runner.run(argv + (["--json"] if json_mode else []))
        out, err = capsys.readouterr()
        if code in (1, 2):
            assert _rows(path) == before, "a refused command wrote to the database"
        if "--debug" not in args:
            assert "Traceback" not in err
        return code, (json.loads(out) if json_mode else out), err

    return run


def _rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as con:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _refused(result, code: int, *named: str) -> str:
    exit_code, data, _err = result
    assert exit_code == code, data
    assert set(data) == {"error"}, data
    message = data["error"]["message"]
    for text in named:
        assert text in message, message
    return message


# Every command that takes an id or a limit, given 2^63 for it.
OUT_OF_RANGE = [
    ("persons", "get", BIG),
    ("persons", "update", BIG, "--city", "Split"),
    ("persons", "delete", BIG),
    ("persons", "list", "--after", BIG),
    ("persons", "list", "--limit", BIG),
    ("persons", "search", "Ana", "--limit", BIG),
    ("history", BIG),
    ("history", "1", "--limit", BIG),
    ("companies", "list", "--limit", BIG),
    ("companies", "members", "ACME", "--after", BIG),
    ("companies", "members", "ACME", "--limit", BIG),
    ("tags", "assign", "vip", "1", BIG),
    ("tags", "unassign", "vip", BIG),
    ("persons", "merge", "1", BIG),
    ("persons", "merge", "1", "2", "--primary", BIG),
    ("persons", "merge", "1", "2", "--keep", f"first_name={BIG}"),
    ("persons", "unmerge", BIG),
    ("persons", "merges", "--person", BIG),
    ("persons", "merges", "--limit", BIG),
    ("persons", "duplicates", "--limit", BIG),
    ("imports", "show", BIG),
    ("imports", "errors", BIG),
    ("imports", "undo", BIG),
    ("events", "record", "SessionStarted", "--person", BIG, "--prop", "channel=web"),
    ("events", "timeline", BIG),
    ("events", "timeline", "1", "--limit", BIG),
    ("events", "activity", BIG),
    ("events", "activity", "1", "--days", BIG),
    ("import", "FILE", "--skip-rows", BIG, "--yes"),
]
# A COMPANY may be a name, so digits beyond the ids are looked up as a name nobody has.
COMPANY_OUT_OF_RANGE = [
    ("companies", "get", BIG),
    ("companies", "update", BIG, "--city", "Split"),
    ("companies", "delete", BIG),
    ("companies", "members", BIG),
    ("persons", "list", "--company", BIG),
]


@pytest.mark.parametrize("args", OUT_OF_RANGE, ids=" ".join)
def test_an_id_or_limit_beyond_the_database_integers_is_a_usage_error(cli, args):
    _refused(cli(*args), 2, BIG)


@pytest.mark.parametrize("args", COMPANY_OUT_OF_RANGE, ids=" ".join)
def test_a_company_beyond_the_ids_is_a_name_nobody_has(cli, args):
    _refused(cli(*args), 1, BIG)


@pytest.mark.parametrize(
    "args",
    [
        ("persons", "get", "²"),
        ("persons", "get", "١٢"),  # Arabic-Indic digits
        ("persons", "delete", "１"),  # a full-width digit
        ("tags", "assign", "vip", "٣"),
        ("persons", "list", "--after", "١"),
        ("persons", "list", "--limit", "²"),
        ("history", "1", "--limit", "٣"),
        ("persons", "unmerge", "²"),
        ("persons", "merge", "1", "2", "--keep", "first_name=٢"),
        ("imports", "show", "١"),
        ("events", "activity", "1", "--days", "٥"),
        ("import", "FILE", "--skip-rows", "١", "--yes"),
    ],
    ids=" ".join,
)
def test_digits_that_are_not_ascii_are_a_usage_error(cli, args):
    digits = "".join(ch for ch in " ".join(args) if not ch.isascii())
    _refused(cli(*args), 2, f"'{digits}'")


@pytest.mark.parametrize(
    "args",
    [
        ("persons", "list", "--limit", "-1"),
        ("persons", "list", "--limit", "0"),
        ("persons", "search", "Ana", "--limit", "-1"),
        ("history", "1", "--limit", "-1"),
        ("companies", "list", "--limit", "-1"),
        ("companies", "members", "ACME", "--limit", "-1"),
        ("persons", "merges", "--limit", "-1"),
        ("persons", "duplicates", "--limit", "-1"),
        ("events", "timeline", "1", "--limit", "-1"),
        ("events", "activity", "1", "--days", "-1"),
    ],
    ids=" ".join,
)
def test_a_negative_limit_is_refused_on_every_command(cli, args):
    _refused(cli(*args), 2, args[-2], "must be at least 1")


@pytest.mark.parametrize("value", ["9" * 5000, "²", "-1", "0"], ids=["huge", "sup", "neg", "zero"])
def test_a_setting_of_bytes_is_ascii_digits_in_range(cli, value):
    _refused(cli("settings", "set", "zip-max-uncompressed", value), 1, "zip-max-uncompressed")


def test_a_setting_of_bytes_is_kept_as_its_number(cli):
    code, data, _ = cli("settings", "set", "zip-max-uncompressed", "0" * 5000 + "7")
    assert (code, data) == (0, {"zip-max-uncompressed": "7"})


def test_a_number_of_thousands_of_digits_is_refused_in_a_short_message(cli):
    message = _refused(cli("persons", "list", "--limit", "9" * 5000), 2, "--limit", "out of range")
    assert len(message) < 200
    _refused(cli("persons", "get", "9" * 5000), 2, "out of range")
    assert cli("persons", "get", "0" * 5000 + "1")[1]["first_name"] == "Ana"
    assert cli("companies", "get", "0" * 5000 + "1")[1]["name"] == "ACME"


def test_an_argument_that_is_not_utf8_is_named_not_echoed(cli):
    message = _refused(cli("persons", "add", "--first-name", "A\udcff"), 2, "--first-name", "UTF-8")
    assert "\\udcff" not in message and "\udcff" not in message
    code, out, err = cli("persons", "add", "--first-name", "A\udcff", json_mode=False)
    assert (code, out) == (2, "") and err == "profiles: the value of --first-name is not valid UTF-8 text\n"
    _refused(cli("persons", "add", "--city=Zag\udcffreb"), 2, "--city", "UTF-8")
    _refused(cli("persons", "get", "\udcff"), 2, "argument 5", "UTF-8")


def test_bytes_in_argv_that_are_not_utf8_through_a_real_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'u.db'}"
    add = [PROFILES, "--db", url, "persons", "add", "--first-name", b"A\xff", "--json"]
    done = subprocess.run(add, capture_output=True)
    assert done.returncode == 2, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "USAGE" and "--first-name" in error["message"], error
    assert b"Traceback" not in done.stderr
    assert not (tmp_path / "u.db").exists()  # refused before the database was opened


def test_a_database_path_that_cannot_be_opened_is_named(tmp_path, capsys):
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "garbage.db").write_bytes(b"this is not a SQLite database" * 100)
    cases = {
        tmp_path / "afile" / "x.db": "is a file, not a folder",
        tmp_path / "afile" / "sub" / "x.db": "is a file, not a folder",
        tmp_path: "it is a folder",
        tmp_path / "garbage.db": "not a database",
    }
    for path, reason in cases.items():
        code = runner.run(["--db", f"sqlite:///{path}", "persons", "count", "--json"])
        error = json.loads(capsys.readouterr().out)["error"]
        assert code == 1 and error["code"] == "DATABASE" and error["field"] == "db", error
        assert str(path) in error["message"] and reason in error["message"], error
        assert runner.run(["--db", f"sqlite:///{path}", "persons", "count"]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.startswith(f"error: Cannot open the database {path}")
    assert not (tmp_path / "afile").is_dir()


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("sqlite:///nul\x00.db", "embedded null byte"),
        ("sqlite:///" + "a" * 5000 + "/x.db", "File name too long"),
        ("sqlite:///~no-such-user-here/x.db", "~no-such-user-here/x.db"),
        ("postgresql://", "no database name"),
        ("postgresql://ana:secret@h:99999999/x", "Port out of range"),
        ("postgresql://ana:secret@[::1/x", "postgresql://ana@[::1/x"),
    ],
    ids=["nul", "too-long", "no-such-user", "no-name", "port", "ipv6"],
)
def test_a_database_url_the_system_refuses_is_a_database_error(capsys, url, named):
    assert runner.run(["--db", url, "persons", "count", "--json"]) == 1
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "DATABASE" and named in error["message"], error
    assert "secret" not in error["message"] and len(error["message"]) < 500


def test_a_server_password_is_not_shown():
    assert runner.database_name("postgresql://ana:secret@db.example.com:5433/cp") == (
        "postgresql://ana@db.example.com:5433/cp"
    )


@pytest.mark.parametrize("json_mode", [True, False], ids=["json", "text"])
def test_a_closed_pipe_ends_quietly_with_141(tmp_path, json_mode):
    """``profiles persons list | head -1``: here the reader is gone before anything is written."""
    read, write = os.pipe()
    os.close(read)  # every write to the pipe now fails: the closed pipe, without a race
    argv = [PROFILES, "--db", f"sqlite:///{tmp_path / 'p.db'}", "persons", "list"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user runs it
    try:
        done = subprocess.run(
            argv + (["--json"] if json_mode else []), stdout=write, stderr=subprocess.PIPE, env=env
        )
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == b""  # no traceback, no "Exception ignored"


class _ClosedPipe:
    """A stdout whose reader went away."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        """Nothing is buffered, so nothing fails."""

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_an_error_that_cannot_be_written_either_ends_quietly(cli, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    code, _data, err = cli("persons", "get", "99", json_mode=False)
    assert (code, err) == (1, "error: There is no person with id 99.\n")  # stdout is not used
    db = ["--db", f"sqlite:///{tmp_path / 't.db'}"]
    assert runner.run([*db, "persons", "get", "99", "--json"]) == 141
    assert runner.run([*db, "persons", "get", "1.5", "--json"]) == 141  # a usage error too
    assert capsys.readouterr().err == ""


def test_bidi_and_control_characters_are_escaped_in_text_and_kept_in_json(cli):
    city = "Zag\u202ereb\u2066x\u200f\x1b[2J"
    code, person, _ = cli("persons", "add", "--first-name", "Eve", "--city", city)
    assert code == 0 and person["city"] == city
    code, text, _ = cli("persons", "get", str(person["id"]), json_mode=False)
    assert code == 0
    assert "Zag\\u202ereb\\u2066x\\u200f\\x1b[2J" in text
    assert not any(ch in text for ch in "\u202e\u2066\u200f\x1b")
    code, table, _ = cli("persons", "list", json_mode=False)
    assert "Zag\\u202ereb" in table and "\u202e" not in table


def test_the_console_marks_bidi_controls_by_the_same_rule():
    from tui.text import MARK, clean

    assert clean("Zag\u202ereb\u061c\u200e\t\x85") == f"Zag{MARK}reb{MARK}{MARK}{MARK}{MARK}"


@pytest.mark.internal_error_expected
def test_an_unexpected_error_is_internal_exit_3_and_debug_shows_where(cli, monkeypatch):
    from tui.cli import person_commands

    def broken(_args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(person_commands, "cmd_count", broken)
    code, data, err = cli("persons", "count")
    assert code == 3 and data["error"]["code"] == "INTERNAL", data
    assert "RuntimeError: a bug" in data["error"]["message"] and "--debug" in data["error"]["message"]
    assert err == ""
    code, text, err = cli("persons", "count", json_mode=False)
    assert code == 3 and text == "" and err.startswith("error: Unexpected error (RuntimeError: a bug)")
    code, data, err = cli("persons", "--debug", "count")
    assert code == 3 and data["error"]["code"] == "INTERNAL"
    assert "RuntimeError: a bug" in err and 'in broken\n    raise RuntimeError("a bug")' in err


def test_debug_is_accepted_anywhere_and_changes_nothing_else(cli):
    code, data, err = cli("--debug", "persons", "count")
    assert (code, data, err) == (0, {"count": 2}, "")
    code, data, _ = cli("persons", "count", "--debug")
    assert (code, data) == (0, {"count": 2})
