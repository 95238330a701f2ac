"""``profiles import`` and ``profiles imports``: the JSON contract and exit codes scripts rely on."""

from __future__ import annotations

import json

import pytest

from tui.main import main


@pytest.fixture
def cli(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str, json_mode: bool = True):
        code = main(["--db", url, *args] + (["--json"] if json_mode else []))
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_mode else out), err

    return run


@pytest.fixture
def people(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("E-mail;Ime;Telefon\nana@example.com;Ana;091 123 4567\nbad;Ivo;\n", encoding="utf-8")
    return str(path)


def test_import_json_contract(cli, people):
    code, result, err = cli("import", people, "--country", "HR", "--yes")
    assert code == 0 and err == ""
    assert {
        k: result[k] for k in ("status", "rows", "valid", "invalid", "created", "updated", "discarded")
    } == {
        "status": "completed_with_errors",
        "rows": 2,
        "valid": 1,
        "invalid": 1,
        "created": 1,
        "updated": 0,
        "discarded": 0,
    }
    assert result["errors"] == [
        {"row": 3, "column": "E-mail", "value": "bad", "reason": "Email 'bad' must contain exactly one @."}
    ]
    assert result["import_id"] == 1 and result["message"]
    assert cli("persons", "get", "--phone", "+385911234567")[1]["first_name"] == "Ana"


def test_analyse_only_writes_nothing_but_history(cli, people):
    code, result, _ = cli("import", people, "--country", "HR", "--analyse-only")
    assert code == 0 and result["status"] == "analysed" and result["created"] == 1
    assert cli("persons", "count")[1] == {"count": 0}
    assert [e["status"] for e in cli("imports", "list")[1]] == ["analysed"]


def test_usage_errors_exit_2(cli, people):
    for args in (
        ("import", people, "--no-such-option"),
        ("import", people, "--map", "Nope=email"),
        ("import", people, "--map", "E-mail=favourite"),
        ("import", people, "--on-match", "keep"),
    ):
        code, result, _ = cli(*args, "--yes")
        assert code == 2, args
        assert result["error"]["code"] == "USAGE"


def test_refusals_exit_1(cli, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, result, _ = cli("import", str(empty), "--yes")
    assert code == 1 and result["status"] == "refused" and result["message"]
    names = tmp_path / "names.csv"
    names.write_text("Ime,Grad\nAna,Zagreb\n", encoding="utf-8")
    code, result, _ = cli("import", str(names), "--yes")
    assert code == 1 and result["status"] == "refused" and "phone" in result["message"]


def test_mapping_given_is_the_whole_mapping(cli, people):
    code, result, _ = cli("import", people, "--map", "E-mail=email", "--yes")
    assert [m["field"] for m in result["mapping"]] == ["email"]
    assert cli("persons", "get", "--email", "ana@example.com")[1]["first_name"] is None


def test_history_show_errors_csv_and_undo(cli, people):
    cli("import", people, "--country", "HR", "--yes", "--tags", "auto")
    code, shown, _ = cli("imports", "show", "1")
    assert shown["status"] == "completed_with_errors" and shown["errors"][0]["row"] == 3
    assert shown["imported_by"]
    code, out, _ = cli("imports", "errors", "1", "--csv", json_mode=False)
    assert out.splitlines() == [
        "row,column,value,reason",
        "3,E-mail,bad,Email 'bad' must contain exactly one @.",
    ]
    code, report, _ = cli("imports", "undo", "1")
    assert code == 0 and report["removed_persons"] == 1
    assert cli("persons", "count")[1] == {"count": 0}
    assert cli("imports", "undo", "1")[0] == 1
    assert cli("imports", "show", "99")[1]["error"]["code"] == "NOT_FOUND"


def test_text_mode_without_yes_on_a_pipe_does_not_import(cli, people):
    code, out, _ = cli("import", people, "--country", "HR", json_mode=False)
    assert code == 0
    assert "rows 2  valid 1  invalid 1" in out and "Nothing was imported." in out
    assert cli("persons", "count")[1] == {"count": 0}


def test_the_command_line_words_its_own_hints(cli, people, tmp_path):
    """Store messages name no flag; the command line adds the flag that settles the matter."""
    code, result, _ = cli("import", people, "--skip-rows", "-1", "--yes")
    assert code == 2 and result["error"] == {
        "code": "USAGE",
        "field": "skip_rows",
        "message": "--skip-rows must be 0 or more.",
    }
    code, result, _ = cli("import", people, "--delimiter", "ab", "--yes")
    assert code == 2 and result["error"]["message"] == "--delimiter 'ab': use one character or tab."
    code, result, _ = cli("import", people, "--map", "Nope=email", "--yes")
    assert result["error"]["field"] == "mapping"
    assert result["error"]["message"].startswith("--map 'Nope': the file has no such column")
    french = tmp_path / "fr.csv"
    french.write_text("nom,email\nRené,a@example.com\nJérôme,b@example.com\n", encoding="cp1252")
    code, result, _ = cli("import", str(french), "--yes")
    assert code == 1 and result["reason"] == "encoding"
    assert result["message"].endswith("Give the encoding with --encoding ENC.")
    german = tmp_path / "de.csv"
    german.write_text("Name;Straße;email\nMüller;Hauptstraße 5;m@example.de\n" * 3, encoding="cp1252")
    code, out, _ = cli("import", str(german), "--yes", json_mode=False)
    assert code == 0
    assert "  note: The encoding was detected as" in out
    assert "  note: To read the file with another encoding, give --encoding ENC." in out
    names = tmp_path / "names.csv"
    names.write_text("Ime,Grad\nAna,Zagreb\n", encoding="utf-8")
    code, result, _ = cli("import", str(names), "--yes")
    assert result["reason"] == "no-identifier-column"
    assert result["message"].endswith(
        'For example --map "E-mail=email" (the --map options are the whole mapping).'
    )


def test_a_deletion_to_confirm_names_yes(cli):
    cli("persons", "add", "--first-name", "Ana", "--tag", "gold")
    code, result, _ = cli("tags", "delete", "gold")
    assert code == 1 and result["error"]["code"] == "CONFIRMATION_REQUIRED"
    assert result["error"]["message"] == (
        "Tag 'gold' is on 1 persons and 0 companies: confirm the deletion. Give --yes to confirm."
    )
