"""Every CSV the program writes neutralises formula cells, and importing it gives the values back."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.source import open_table
from store.persons import profiles
from store.spreadsheet_cells import TRIGGERS, neutralise, neutralise_row, restore

VALUES = ['=HYPERLINK("http://x.example","click")', "+1 555", "@home", "-x", "\tindented", "=1+2"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1 555", "'+1 555"),
        ("@home", "'@home"),
        ("-x", "'-x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("+385911234567", "+385911234567"),
        ("1e5", "1e5"),
        ("'=a", "''=a"),
        ("'plain", "'plain"),
        ("Ana", "Ana"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_gets_an_apostrophe(value, written):
    assert neutralise(value) == written
    assert restore(written) == value


@given(st.text())
def test_restore_undoes_neutralise_and_no_written_cell_starts_a_formula(text):
    written = neutralise(text)
    assert restore(written) == text
    if written.startswith(TRIGGERS):  # only a number or an E.164 phone is left as it is
        assert written == text and (_is_number(text) or re.fullmatch(r"\+[1-9][0-9]{1,14}", text))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_errors_csv_neutralises_values_and_reimports_to_the_same_values(store_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('email,city\n"=HYPERLINK(""x"")@",Zagreb\n@home,Split\n', encoding="utf-8")
    result = drive(import_file(path, ImportOptions()))
    assert result.invalid == 2
    text = import_history.errors_csv(result.import_id)
    cells = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert cells == ['\'=HYPERLINK("x")@', "'@home"]
    errors_file = tmp_path / "errors.csv"
    errors_file.write_text(text, encoding="utf-8")
    with open_table(errors_file) as table:
        assert [row.cells[2] for row in table.rows] == ['=HYPERLINK("x")@', "@home"]


def test_a_csv_written_with_neutralised_cells_imports_the_same_values(store_db, tmp_path):
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(neutralise_row(["Email", "Address", "City"]))
        for number, value in enumerate([*VALUES, "'=quoted", "-12.5", "O'Brien Street"]):
            writer.writerow(neutralise_row([f"p{number}@example.com", value, "Zagreb"]))
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8")
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.created) == ("completed", 9)
    stored = [
        profiles.get_person(profiles.find_person_id(email=f"p{n}@example.com")).address for n in range(9)
    ]
    assert stored == ['=HYPERLINK("http://x.example","click")', "+1 555", "@home", "-x", "indented",
                      "=1+2", "'=quoted", "-12.5", "O'Brien Street"]  # fmt: skip
