"""Values as exports write them, imported: country names and aliases, gender spellings in
three languages, dates in the file's own format and a spreadsheet's date cells."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from store import attributes, companies
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions, MappingUsageError
from store.importing.progress import drive
from store.persons import profiles
from tui.main import main


@pytest.fixture
def write(tmp_path):
    def make(text: str, name: str = "people.csv") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def run(path: str, **options):
    return drive(import_file(path, ImportOptions(**options)))


def person(email: str):
    return profiles.get_person(profiles.find_person_id(email=email))


def test_countries_and_genders_are_converted_and_unknown_ones_make_the_row_invalid(store_db, write):
    rows = [
        ("a@example.com", "Kroatien", "Ž"),
        ("b@example.com", "HRV", "muško"),
        ("c@example.com", "United Kingdom", "weiblich"),
        ("d@example.com", "UK", "m"),
        ("e@example.com", "u.s.a.", "Frau"),
        ("f@example.com", "Njemačka", "female"),
        ("g@example.com", "nizozemska", "n/a"),
        ("h@example.com", "Narnia", "f"),
        ("i@example.com", "de", "divers"),
    ]
    text = "E-mail,Država,Spol\n" + "".join(f"{e},{c},{g}\n" for e, c, g in rows)
    result = run(write(text), mapping=[("E-mail", "email"), ("Država", "country"), ("Spol", "gender")])
    assert (result.rows, result.valid, result.invalid, result.created) == (9, 7, 2, 7)
    stored = {e: (person(e).country, person(e).gender) for e, _c, _g in rows[:7]}
    assert stored == {
        "a@example.com": ("HR", "female"),
        "b@example.com": ("HR", "male"),
        "c@example.com": ("GB", "female"),
        "d@example.com": ("GB", "male"),
        "e@example.com": ("US", "female"),
        "f@example.com": ("DE", "female"),
        "g@example.com": ("NL", None),
    }
    errors = [(e["row"], e["column"], e["value"]) for e in result.errors]
    assert errors == [(9, "Država", "Narnia"), (10, "Spol", "divers")]
    assert "'Narnia' is not a country" in result.errors[0]["reason"]
    assert "'divers' is not male, female or empty" in result.errors[1]["reason"]


def test_an_unset_gender_spelling_leaves_the_stored_gender_as_it_is(store_db, write):
    ana = profiles.create_person({"first_name": "Ana", "emails": ["ana@example.com"], "gender": "f"})
    result = run(write("email,gender\nana@example.com,unknown\n"), on_match="merge", person_type="customer")
    assert (result.valid, result.updated) == (1, 1)
    assert profiles.get_person(ana.id).gender == "female"


def test_a_company_import_converts_countries_and_names_the_unknown_one(store_db, write):
    text = "Name,Country\nJadran d.o.o.,Hrvatska\nNordwind GmbH,Deutschland\nAtlantis Ltd,Atlantis\n"
    result = run(write(text, "companies.csv"), of="companies")
    assert (result.valid, result.invalid, result.created) == (2, 1, 2)
    assert companies.company_view("Jadran d.o.o.").country == "HR"
    assert companies.company_view("Nordwind GmbH").country == "DE"
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(4, "Country", "Atlantis")]


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("%d.%m.%Y", "31.01.1990", "1990-01-31"),
        ("%m/%d/%Y", "01/31/1990", "31/01/1990"),
        ("%d %b %Y", "31 Jan 1990", "31.01.1990"),
    ],
)
def test_dates_in_the_given_format_and_the_others_named_with_column_value_and_format(
    store_db, write, fmt, good, bad
):
    attributes.define_attribute("Joined", "date")
    text = f"email,born,joined\na@example.com,{good},{good}\nb@example.com,{bad},{good}\nc@example.com,{good},{bad}\n"
    result = run(
        write(text),
        mapping=[("email", "email"), ("born", "birth_date"), ("joined", "custom:Joined")],
        date_format=fmt,
    )
    assert (result.valid, result.invalid) == (1, 2)
    a = person("a@example.com")
    assert (a.birth_date, a.custom) == (dt.date(1990, 1, 31), {"Joined": "1990-01-31"})
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [
        (3, "born", bad),
        (4, "joined", bad),
    ]
    for error in result.errors:
        assert f"{bad!r} does not match the date format {fmt}" in error["reason"]
    entry = import_history.get_import(result.import_id)
    assert json.loads(entry.options)["date_format"] == fmt


def test_without_a_date_format_only_iso_dates_are_taken(store_db, write):
    result = run(write("email,born\na@example.com,1990-01-31\nb@example.com,31.01.1990\n"))
    assert (result.valid, result.invalid) == (1, 1)
    assert person("a@example.com").birth_date == dt.date(1990, 1, 31)
    assert "yyyy-mm-dd" in result.errors[0]["reason"] and result.errors[0]["value"] == "31.01.1990"


@pytest.mark.parametrize("fmt", ["dd.mm.yyyy", "%m/%Y", "%Q.%m.%Y", ""])
def test_a_date_format_that_gives_no_whole_date_is_refused_before_anything_is_read(store_db, write, fmt):
    with pytest.raises(MappingUsageError) as caught:
        run(write("email,born\na@example.com,31.01.1990\n"), date_format=fmt)
    assert caught.value.field == "date_format" and repr(fmt) in caught.value.message
    assert caught.value.message.startswith("date_format ")


def test_a_spreadsheet_gives_its_date_cells_as_dates_whatever_the_date_format(store_db, tmp_path):
    attributes.define_attribute("Joined", "date")
    attributes.define_attribute("Last order", "datetime")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["E-mail", "Birth date", "Joined", "Last order"])
    sheet.append(
        ["a@example.com", dt.date(1990, 1, 31), dt.datetime(2020, 5, 6), dt.datetime(2024, 2, 3, 4, 5)]
    )
    sheet.append(["b@example.com", "02.03.1985", "04.05.2019", "2024-02-03 04:05"])
    sheet.append(["c@example.com", "1985-03-02", None, None])
    for row in sheet.iter_rows(min_row=2, max_row=2):
        row[1].number_format = row[2].number_format = "dd.mm.yyyy"
    path = tmp_path / "people.xlsx"
    book.save(path)
    mapping = [("E-mail", "email"), ("Birth date", "birth_date"), ("Joined", "custom:Joined")]
    mapping.append(("Last order", "custom:Last order"))
    result = run(str(path), mapping=mapping, date_format="%d.%m.%Y")
    assert (result.valid, result.invalid) == (1, 2)
    a = person("a@example.com")
    assert a.birth_date == dt.date(1990, 1, 31) and a.custom["Joined"] == "2020-05-06"
    assert a.custom["Last order"].startswith("2024-02-03T04:05")
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "Last order"), (4, "Birth date")]

    plain = run(str(path), mapping=mapping[:2])  # no format: date cells and ISO texts
    assert (plain.valid, plain.invalid) == (2, 1)
    assert person("c@example.com").birth_date == dt.date(1985, 3, 2)


def test_the_command_line_takes_date_format_and_names_its_flag_when_it_is_refused(tmp_path, write, capsys):
    path = write("email,born,country\na@example.com,31/01/1990,Hrvatska\nb@example.com,1990-01-31,HR\n")
    db = ["--db", f"sqlite:///{tmp_path / 'cli.db'}"]
    code = main([*db, "import", path, "--date-format", "%d/%m/%Y", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["valid"], out["invalid"]) == (0, 1, 1)
    assert (out["errors"][0]["row"], out["errors"][0]["column"]) == (3, "born")
    main([*db, "persons", "get", "a@example.com", "--json"])
    found = json.loads(capsys.readouterr().out)
    assert (found["country"], found["birth_date"]) == ("HR", "1990-01-31")
    code = main([*db, "import", path, "--date-format", "dd/mm/yyyy", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and out["error"]["message"].startswith("--date-format 'dd/mm/yyyy' does not give")
