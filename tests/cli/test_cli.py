"""The ``profiles`` command line: JSON shapes, exit codes, global options anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.main import main

BIN = Path(sys.executable).parent


@pytest.fixture
def cli(tmp_path, capsys):
    """Run ``profiles --db <fresh db> ... --json``; returns (exit code, parsed stdout, stderr)."""
    url = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str, json_mode: bool = True):
        argv = ["--db", url, *args] + (["--json"] if json_mode else [])
        code = main(argv)
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_mode else out), err

    return run


def test_done_when_add_normalises_and_duplicate_is_refused(tmp_path):
    """The issue's own example, through the installed console script."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    add = [
        str(BIN / "profiles"),
        "--db",
        url,
        "persons",
        "add",
        "--first-name",
        "Ana",
        "--last-name",
        "Horvat",
    ]
    first = subprocess.run(
        [*add, "--email", " Ana@Example.COM ", "--phone", "+385 91 123 4567", "--json"],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    person = json.loads(first.stdout)
    assert person["emails"] == ["ana@example.com"] and person["phones"] == ["+385911234567"]
    second = subprocess.run([*add, "--email", "ana@example.com", "--json"], capture_output=True, text=True)
    assert second.returncode == 1
    assert json.loads(second.stdout)["error"]["code"] == "DUPLICATE_CONTACT"
    count = subprocess.run(
        [str(BIN / "profiles"), "--db", url, "persons", "count", "--json"], capture_output=True, text=True
    )
    assert json.loads(count.stdout) == {"count": 1}


def test_person_json_shape(cli):
    cli("attributes", "define", "balance", "decimal")
    code, person, _ = cli(
        "persons", "add", "--first-name", "Ana", "--gender", "female", "--birth-date", "1990-01-31",
        "--company", "ACME", "--tag", "vip", "--custom", "balance=10.50", "--type", "lead",
    )  # fmt: skip
    assert code == 0
    assert person["type"] == "lead"
    assert person["company"] == {"id": 1, "name": "ACME"}
    assert person["custom"] == {"balance": "10.50"}
    assert person["birth_date"] == "1990-01-31"
    assert person["push_registrations"] == [] and person["computed"] == {}
    assert person["created_at"].endswith("+00:00")


def test_get_by_id_email_phone_external_id(cli):
    _, person, _ = cli(
        "persons", "add", "--email", "a@example.com", "--phone", "+385911234567", "--external-id", "X1"
    )
    for args in (
        ("1",),
        ("--email", "A@example.com"),
        ("--phone", "+385 91 123 4567"),
        ("--external-id", "X1"),
        ("a@example.com",),
    ):
        code, found, _ = cli("persons", "get", *args)
        assert code == 0 and found["id"] == person["id"], args
    code, error, _ = cli("persons", "get", "--email", "nobody@example.com")
    assert code == 1 and error["error"]["code"] == "PROFILE_NOT_FOUND"
    assert "nobody@example.com" in error["error"]["message"]


def test_global_options_anywhere(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert main(["persons", "--json", "add", "--first-name", "Ana", "--db", url]) == 0
    assert json.loads(capsys.readouterr().out)["first_name"] == "Ana"
    assert main(["persons", "count", f"--db={url}", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"count": 1}


def test_usage_errors_exit_2_with_json_error(cli):
    code, error, _ = cli("persons", "add", "--no-such-option", "x")
    assert code == 2 and error["error"]["code"] == "USAGE"
    code, error, _ = cli("persons", "get")
    assert code == 2
    code, error, _ = cli("attributes", "define", "x", "money")
    assert code == 2


def test_errors_exit_1_and_name_the_field(cli):
    code, error, _ = cli("persons", "add", "--first-name", "Ana<")
    assert code == 1
    assert error["error"] == {
        "code": "INVALID_VALUE",
        "field": "first_name",
        "message": "First name must not contain '<': 'Ana<'.",
    }
    cli("attributes", "define", "score", "whole")
    code, error, _ = cli("persons", "add", "--custom", "score=many")
    assert code == 1 and error["error"]["code"] == "INVALID_VALUE"
    assert "score" in error["error"]["message"] and "Whole number" in error["error"]["message"]
    assert "many" in error["error"]["message"]
    assert cli("persons", "count")[1] == {"count": 0}


def test_update_delete_history(cli):
    cli("persons", "add", "--first-name", "Ana", "--email", "a@example.com")
    code, person, _ = cli(
        "persons", "update", "1", "--last-name", "Horvat", "--add-phone", "+385911234567",
        "--remove-email", "a@example.com", "--add-tag", "vip", "--clear", "first-name",
    )  # fmt: skip
    assert code == 0
    assert (person["first_name"], person["last_name"], person["emails"], person["tags"]) == (
        None,
        "Horvat",
        [],
        ["vip"],
    )
    code, entries, _ = cli("history", "+385911234567")
    assert code == 0
    assert {e["field"] for e in entries} == {"first_name", "last_name", "phone", "email", "tags", "profile"}
    assert all(e["source"] == "cli" for e in entries)
    assert cli("persons", "delete", "1")[1] == {"deleted": 1}
    assert cli("persons", "get", "1")[0] == 1


def test_list_search_count_filters(cli):
    for i, kind in enumerate(["lead", "customer", "customer", "agent"]):
        cli("persons", "add", "--first-name", f"Ana{i}", "--last-name", "Kovač", "--type", kind)
    code, rows, _ = cli("persons", "list", "--type", "customer", "--limit", "1")
    assert [r["first_name"] for r in rows] == ["Ana1"]
    code, rows, _ = cli("persons", "list", "--type", "customer", "--after", "2")
    assert [r["first_name"] for r in rows] == ["Ana2"]
    code, rows, _ = cli("persons", "search", "kovac")
    assert len(rows) == 4
    assert cli("persons", "count", "--type", "lead")[1] == {"count": 1}
    cli("tags", "assign", "vip", "1", "2")
    assert cli("persons", "count", "--tag", "VIP")[1] == {"count": 2}


def test_companies_commands(cli):
    code, company, _ = cli("companies", "add", "ACME", "--domain", "acme.hr", "--city", "Zagreb")
    assert code == 0 and company["name"] == "ACME" and company["members"] == 0
    assert cli("companies", "add", "acme")[1]["error"]["code"] == "DUPLICATE_VALUE"
    cli("persons", "add", "--first-name", "Ana", "--company", "acme")
    assert cli("companies", "get", "ACME")[1]["members"] == 1
    assert [p["first_name"] for p in cli("companies", "members", "acme")[1]] == ["Ana"]
    assert cli("companies", "update", "1", "--industry", "Retail")[1]["industry"] == "Retail"
    assert cli("companies", "update", "acme", "--tag", "partner", "--tag", "B2B")[1]["tags"] == [
        "B2B",
        "partner",
    ]
    assert cli("companies", "update", "acme", "--remove-tag", "b2b")[1]["tags"] == ["partner"]
    assert [c["name"] for c in cli("companies", "list")[1]] == ["ACME"]
    assert cli("companies", "delete", "acme")[1] == {"deleted": 1, "detached_members": 1}
    assert cli("persons", "get", "1")[1]["company"] is None


def test_tags_commands(cli):
    assert cli("tags", "add", "VIP")[1]["name"] == "VIP"
    assert cli("tags", "add", "vip")[1]["error"]["code"] == "DUPLICATE_VALUE"
    cli("persons", "add", "--first-name", "Ana")
    assert cli("tags", "assign", "vip", "1")[1] == {"tag": "vip", "assigned": 1}
    assert cli("tags", "rename", "vip", "Gold")[1]["name"] == "Gold"
    assert cli("tags", "list")[1] == [{"id": 1, "name": "Gold", "persons": 1, "companies": 0}]
    code, error, _ = cli("tags", "delete", "gold")
    assert code == 1 and error["error"]["code"] == "CONFIRMATION_REQUIRED"
    assert cli("tags", "delete", "gold", "--yes")[1] == {"deleted": "gold", "removed_from": 1}
    assert cli("tags", "unassign", "gold", "1")[1]["error"]["code"] == "NOT_FOUND"


def test_attributes_and_settings_commands(cli):
    assert cli("attributes", "define", "plan", "text")[1]["type"] == "text"
    assert cli("attributes", "define", "seats", "whole", "--of", "companies")[1]["of"] == "company"
    assert [a["name"] for a in cli("attributes", "list")[1]] == ["plan", "seats"]
    assert cli("attributes", "delete", "plan")[1] == {"deleted": "plan", "values_deleted": 0}
    assert cli("settings", "get", "default-country")[1] == {"default-country": ""}
    assert cli("settings", "set", "default-country", "hr")[1] == {"default-country": "HR"}
    _, person, _ = cli("persons", "add", "--phone", "091 123 4567")
    assert person["phones"] == ["+385911234567"]
    assert cli("settings", "set", "colour", "red")[1]["error"]["code"] == "NOT_FOUND"


def test_text_output_never_passes_control_sequences(cli):
    cli("persons", "add", "--first-name", "Ana\x1b[2J", "--last-name", "[bold red]x")
    code, out, _ = cli("persons", "get", "1", json_mode=False)
    assert code == 0
    assert "\x1b" not in out and "\\x1b[2J" in out
    assert "[bold red]x" in out


def test_no_command_without_a_terminal_prints_usage(capsys):
    assert main([]) == 2
    captured = capsys.readouterr()
    assert "usage: profiles" in captured.out and "needs a terminal" in captured.err


def test_no_command_opens_the_console_on_the_database(monkeypatch, tmp_path):
    from tui.app import ProfilesApp

    opened = []
    monkeypatch.setattr("tui.main._has_terminal", lambda: True)
    monkeypatch.setattr(ProfilesApp, "run", lambda self: opened.append(self.url))
    url = f"sqlite:///{tmp_path}/console.db"
    assert main(["--db", url]) == 0
    assert opened == [url]


def test_demo_opens_the_console_on_a_generated_demo(monkeypatch, tmp_path):
    import store.demo.build
    from tui.app import ProfilesApp

    opened = []
    monkeypatch.setattr("tui.main._has_terminal", lambda: True)
    monkeypatch.setattr(store.demo.build, "demo_path", lambda: tmp_path / "demo.db")
    monkeypatch.setattr(store.demo.build, "DEFAULT_SIZE", 200)
    monkeypatch.setattr(ProfilesApp, "run", lambda self: opened.append(self.url))
    assert main(["--demo"]) == 0
    assert opened == [f"sqlite:///{tmp_path / 'demo.db'}"] and store.demo.build.is_current(
        tmp_path / "demo.db"
    )


def test_console_refuses_a_bad_database_url(monkeypatch, capsys):
    monkeypatch.setattr("tui.main._has_terminal", lambda: True)
    assert main(["--db", "mysql://nowhere/x"]) == 1
    assert "not supported" in capsys.readouterr().err
