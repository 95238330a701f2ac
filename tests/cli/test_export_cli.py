"""``profiles persons export``: the JSON result, the file, filters, refusals and progress."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys

import openpyxl
import pytest

import store
from store.persons import profiles
from tui.main import main


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
def people(cli, tmp_path):
    cli("attributes", "define", "score", "whole")
    cli(
        "persons",
        "add",
        "--first-name",
        "Ana",
        "--email",
        "ana@example.com",
        "--tag",
        "vip",
        "--custom",
        "score=7",
    )
    cli(
        "persons",
        "add",
        "--first-name",
        "Lea",
        "--city",
        "=HYPERLINK(1)",
        "--type",
        "lead",
        "--company",
        "ACME",
    )
    cli("persons", "add", "--first-name", "Ivo", "--phone", "+385911234567", "--phone", "+385981234567")
    cli("segments", "create", "with email", "--condition", '{"contact": "email", "op": "exists"}')
    store.open(f"sqlite:///{tmp_path / 't.db'}")  # the command line adds no anonymous visitor
    profiles.create_person({"nickname": "Anonymous", "type": "anonymous"})
    store.close()


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_json_result_names_the_count_the_file_and_the_columns(cli, people, tmp_path):
    target = tmp_path / "out.csv"
    code, out, err = cli(
        "persons", "export", "--csv", str(target), "--columns", "id,first_name,city,custom:score", "--json"
    )
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "exported": 3,
        "file": str(target),
        "columns": ["id", "first_name", "city", "custom:score"],
    }
    assert _rows(target) == [
        ["id", "first_name", "city", "custom:score"],
        ["1", "Ana", "", "7"],
        ["2", "Lea", "'=HYPERLINK(1)", ""],
        ["3", "Ivo", "", ""],
    ]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_text_output_says_what_was_written(cli, people, tmp_path):
    code, out, _ = cli("persons", "export", "--type", "lead", "--csv", str(tmp_path / "o.csv"))
    assert code == 0
    assert out == f"Exported 1 person to {tmp_path / 'o.csv'} (readable by you only).\n"


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ([], [(None, "Ana"), (None, "Lea"), (None, "Ivo")]),
        (["--type", "anonymous"], [("Anonymous", None)]),
        (["--tag", "vip"], [(None, "Ana")]),
        (["--company", "ACME"], [(None, "Lea")]),
        (["--search", "iv"], [(None, "Ivo")]),
        (["--search", "+385 98 123 4567"], [(None, "Ivo")]),
        (["--search", "ana@example.com", "--type", "lead"], []),
        (["--segment", "with email"], [(None, "Ana")]),
        (["--segment", "with email", "--type", "lead"], []),
    ],
)
def test_filters_choose_the_persons(cli, people, tmp_path, filters, names):
    target = tmp_path / "out.xlsx"
    code, out, err = cli(
        "persons", "export", *filters, "--xlsx", str(target), "--columns", "nickname,first_name", "--json"
    )
    assert code == 0, err
    rows = list(openpyxl.load_workbook(target)["Persons"].iter_rows(values_only=True))
    assert rows == [("nickname", "first_name"), *names]
    assert json.loads(out)["exported"] == len(names)


def test_separator_option(cli, people, tmp_path):
    target = tmp_path / "out.csv"
    assert cli("persons", "export", "--csv", str(target), "--columns", "phones", "--separator", " / ")[0] == 0
    assert _rows(target)[3] == ["'+385911234567 / +385981234567"]


@pytest.mark.parametrize(
    ("args", "field", "hint"),
    [
        (["--columns", "id,shoe_size"], "columns", "--columns"),
        (["--columns", "custom:nothing"], "columns", "--columns"),
        (["--columns", "computed:score"], "columns", "--columns"),
        (["--separator", ""], "separator", "--separator"),
    ],
)
def test_refusals_exit_1_naming_the_field_and_the_flag(cli, people, tmp_path, args, field, hint):
    code, out, _ = cli("persons", "export", "--csv", str(tmp_path / "out.csv"), *args, "--json")
    error = json.loads(out)["error"]
    assert code == 1 and error["code"] == "INVALID_VALUE" and error["field"] == field
    assert hint in error["message"]
    assert not (tmp_path / "out.csv").exists()


def test_one_file_option_is_required(cli, people, tmp_path):
    assert cli("persons", "export")[0] == 2
    assert cli("persons", "export", "--csv", "a.csv", "--xlsx", "b.xlsx")[0] == 2


def test_progress_only_on_a_terminal(cli, people, tmp_path, monkeypatch):
    code, _, err = cli("persons", "export", "--csv", str(tmp_path / "a.csv"))
    assert code == 0 and err == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = cli("persons", "export", "--csv", str(tmp_path / "b.csv"), "--json")
    assert code == 0 and json.loads(out)["exported"] == 3
    assert terminal.getvalue() == "\rExporting: 3 of 3 persons (100%)\n"


def test_ctrl_c_exits_130_and_writes_nothing(cli, people, tmp_path, monkeypatch):
    from store.persons import export

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "load_rows", interrupted)
    code, out, _ = cli("persons", "export", "--csv", str(tmp_path / "out.csv"), "--json")
    assert code == 130 and json.loads(out)["error"]["code"] == "INTERRUPTED"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("t.db")] == []
