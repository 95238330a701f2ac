"""``profiles persons erase`` and ``persons export-data`` (SPEC 10): exit codes, JSON, the file's mode."""

from __future__ import annotations

import io
import json
import os

import pytest

from tui.main import main


class Terminal(io.StringIO):
    """A stdin that says it is a terminal and answers with the given text."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(tmp_path, capsys):
    """Run ``profiles --db <fresh db> ...``; returns (exit code, stdout, stderr)."""
    url = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str):
        code = main(["--db", url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def ana(cli):
    """Person 1, a Customer with an email, a phone, a tag and an event."""
    code, _out, err = cli(
        "persons", "add", "--first-name", "Ana", "--email", "ana@example.com", "--phone", "+385911234567",
        "--tag", "vip",
    )  # fmt: skip
    assert code == 0, err
    assert cli("events", "define", "Visited")[0] == 0
    assert cli("events", "record", "Visited", "--person", "1")[0] == 0
    return 1


def test_erase_without_a_terminal_or_yes_is_refused_and_says_to_add_yes(cli, ana):
    code, out, err = cli("persons", "erase", "1")
    assert code == 1 and out == ""
    assert "Erasing Customer 1" in err and "--yes" in err
    code, out, _err = cli("persons", "erase", "1", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "CONFIRMATION_REQUIRED"
    assert cli("persons", "get", "1", "--json")[0] == 0


def test_erase_with_yes_prints_what_went_and_the_person_is_gone(cli, ana):
    code, out, _err = cli("persons", "erase", "ana@example.com", "--yes", "--json")
    assert code == 0
    done = json.loads(out)
    assert (done["erased"], done["contacts"], done["events"]) == (1, 2, 1)
    code, out, _err = cli("persons", "get", "1", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "PROFILE_NOT_FOUND"
    code, out, _err = cli("persons", "erase", "1", "--yes")
    assert code == 1


@pytest.mark.parametrize(("answer", "erased"), [("y\n", True), ("\n", False)])
def test_erase_asks_on_a_terminal(cli, ana, monkeypatch, answer, erased):
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    code, out, err = cli("persons", "erase", "1")
    assert "[y/N]" in out
    assert code == (0 if erased else 1)
    if erased:
        assert "Erased person 1: 2 contacts, 1 events" in out
    else:
        assert "--yes" in err
    assert (cli("persons", "get", "1")[0] == 1) == erased


def test_export_data_prints_json_by_default(cli, ana):
    code, out, _err = cli("persons", "export-data", "+385 91 123 4567")
    assert code == 0
    doc = json.loads(out)
    assert doc["person_id"] == 1 and doc["profile"]["emails"] == ["ana@example.com"]
    assert doc["profile"]["tags"] == ["vip"] and [e["event"] for e in doc["events"]] == ["Visited"]
    assert [e["field"] for e in doc["history"]] == ["profile"]
    again = json.loads(cli("persons", "export-data", "1", "--json")[1])
    assert {**again, "exported_at": None} == {**doc, "exported_at": None}


def test_export_data_to_a_file_is_owner_only(cli, ana, tmp_path):
    target = tmp_path / "ana.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    code, out, _err = cli("persons", "export-data", "1", "--output", str(target))
    assert code == 0 and str(target) in out
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["profile"]["first_name"] == "Ana"
    code, out, _err = cli("persons", "export-data", "1", "--output", str(tmp_path / "x.json"), "--json")
    assert code == 0 and json.loads(out) == {"person_id": 1, "written": str(tmp_path / "x.json")}
    code, _out, err = cli("persons", "export-data", "1", "--output", str(tmp_path / "no" / "x.json"))
    assert code == 1 and "Cannot write" in err


def test_export_data_of_nobody_is_not_found(cli, ana):
    code, out, _err = cli("persons", "export-data", "7", "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "PROFILE_NOT_FOUND"
