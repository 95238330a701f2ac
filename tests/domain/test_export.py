"""Exporting person lists: file contents, columns, filters, separators, formulas, refusals, files."""

from __future__ import annotations

import csv
import datetime as dt
import os
import stat

import openpyxl
import pytest
from playhouse.test_utils import count_queries

from store import companies
from store.attributes import define_attribute
from store.errors import InvalidValue, LimitExceeded
from store.models import PushRegistration
from store.persons import export, profiles
from store.persons.export_columns import STANDARD_COLUMNS, Column, column_choices, default_columns, load_rows
from store.persons.listing import PersonCriteria, page_persons, walk_ids
from store.persons.views import load_person
from store.segments import computed, segments

CHOSEN = [
    "id", "type", "first_name", "last_name", "city", "birth_date", "company", "phones", "emails",
    "tags", "custom:balance", "custom:visits", "custom:active", "custom:since", "custom:seen",
]  # fmt: skip


@pytest.fixture
def people(store_db):
    """Four persons with known values: two customers, a lead, an anonymous visitor."""
    for name, type_ in (
        ("balance", "decimal"),
        ("visits", "whole"),
        ("active", "boolean"),
        ("since", "date"),
        ("seen", "datetime"),
        ("note", "text"),
    ):
        define_attribute(name, type_)
    ana = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "city": "Zagreb",
            "birth_date": "1990-01-31",
            "company": companies.ensure_company("ACME"),
            "phones": ["+385911234567", "+385981234567"],
            "emails": ["ana@example.com"],
            "tags": ["vip", "beta"],
            "custom": {
                "balance": "10.50",
                "visits": 3,
                "active": True,
                "since": "2020-05-01",
                "seen": "2024-01-02T03:04:05+02:00",
                "note": "=1+1",
            },
        }
    )
    ivo = profiles.create_person(
        {"first_name": "Ivo", "city": "@x", "emails": ["ivo@example.com"], "custom": {"note": "-2"}}
    )
    lead = profiles.create_person(
        {"first_name": "Lea", "city": "Split", "type": "lead", "phones": ["+385911111111"], "tags": ["vip"]}
    )
    anon = profiles.create_person({"type": "anonymous"})
    return ana.id, ivo.id, lead.id, anon.id


@pytest.fixture
def files(tmp_path):
    """A folder for the exported files (the SQLite store lives beside it)."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def _csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _xlsx(path):
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Persons"]
    return [list(row) for row in book["Persons"].iter_rows(values_only=True)]


def test_csv_holds_exactly_the_chosen_columns_of_each_person(people, files):
    ana, ivo, lead, _anon = people
    done = export.export_persons(PersonCriteria(), files / "out.csv", columns=CHOSEN)
    assert (done.exported, done.columns, done.file_format) == (3, CHOSEN, "csv")
    assert _csv(files / "out.csv") == [
        CHOSEN,
        [str(ana), "customer", "Ana", "Horvat", "Zagreb", "1990-01-31", "ACME",
         "'+385911234567; +385981234567", "ana@example.com", "beta; vip",
         "10.50", "3", "true", "2020-05-01", "2024-01-02T01:04:05+00:00"],
        [str(ivo), "customer", "Ivo", "", "'@x", "", "", "", "ivo@example.com", "", "", "", "", "", ""],
        [str(lead), "lead", "Lea", "", "Split", "", "", "+385911111111", "", "vip", "", "", "", "", ""],
    ]  # fmt: skip


def test_xlsx_keeps_numbers_dates_and_booleans_typed(people, files):
    ana, ivo, lead, _anon = people
    export.export_persons(PersonCriteria(), files / "out.xlsx", file_format="xlsx", columns=CHOSEN)
    rows = _xlsx(files / "out.xlsx")
    assert rows == [
        CHOSEN,
        [ana, "customer", "Ana", "Horvat", "Zagreb", dt.datetime(1990, 1, 31), "ACME",
         "+385911234567; +385981234567", "ana@example.com", "beta; vip",
         10.5, 3, True, dt.datetime(2020, 5, 1), dt.datetime(2024, 1, 2, 1, 4, 5)],
        [ivo, "customer", "Ivo", None, "@x", None, None, None, "ivo@example.com", None, None, None, None, None, None],
        [lead, "lead", "Lea", None, "Split", None, None, "+385911111111", None, "vip", None, None, None, None, None],
    ]  # fmt: skip


def test_default_columns_are_every_standard_one_then_every_custom_attribute(people, files):
    ana = people[0]
    done = export.export_persons(PersonCriteria(), files / "out.csv")
    standard = [c for c in STANDARD_COLUMNS if c != "push_registrations"]
    custom = [
        "custom:active",
        "custom:balance",
        "custom:note",
        "custom:seen",
        "custom:since",
        "custom:visits",
    ]
    rows = _csv(files / "out.csv")
    assert rows[0] == done.columns == standard + custom
    first = dict(zip(rows[0], rows[1], strict=True))
    person = load_person(ana).to_dict()
    assert first["created_at"] == person["created_at"] and first["modified_at"] == person["modified_at"]
    assert first["custom:note"] == "'=1+1"


def test_column_choices_offer_every_column_with_the_defaults_marked(people):
    choices = column_choices()
    assert [name for name, _on in choices[: len(STANDARD_COLUMNS)]] == list(STANDARD_COLUMNS)
    assert [name for name, on in choices if on] == [c.header for c in default_columns()]
    assert ("push_registrations", False) in choices and ("custom:balance", True) in choices


def test_columns_come_in_the_order_chosen_and_custom_names_in_any_case(people, files):
    done = export.export_persons(
        PersonCriteria(types=("customer",)),
        files / "out.csv",
        columns=["custom:BALANCE", "first_name", "id"],
    )
    assert done.columns == ["custom:balance", "first_name", "id"]
    assert _csv(files / "out.csv")[1:] == [["10.50", "Ana", str(people[0])], ["", "Ivo", str(people[1])]]


def test_push_registrations_only_when_chosen(people, files):
    PushRegistration.create(registration_id="tok-1", person=people[0], platform="ios")
    export.export_persons(PersonCriteria(), files / "out.csv", columns=["id", "push_registrations"])
    assert _csv(files / "out.csv")[1] == [str(people[0]), "tok-1 (ios)"]


@pytest.mark.parametrize(
    ("criteria", "search", "expected"),
    [
        (PersonCriteria(), "", [0, 1, 2]),
        (PersonCriteria(types=("lead",)), "", [2]),
        (PersonCriteria(types=("anonymous",)), "", [3]),
        (PersonCriteria(tag="VIP"), "", [0, 2]),
        (PersonCriteria(tag="nobody"), "", []),
        (PersonCriteria(), "ivo@example.com", [1]),
        (PersonCriteria(), "+385 91 111 1111", [2]),
        (PersonCriteria(), "hor", [0]),
        (PersonCriteria(types=("lead",)), "ana", []),
    ],
)
def test_filters_and_search_choose_the_persons(people, files, criteria, search, expected):
    done = export.export_persons(criteria, files / "out.csv", columns=["id"], search=search)
    assert [int(r[0]) for r in _csv(files / "out.csv")[1:]] == [people[i] for i in expected]
    assert done.exported == len(expected)


def test_company_filter(people, files):
    company = companies.get_company("ACME").id
    export.export_persons(PersonCriteria(company_id=company), files / "out.csv", columns=["id"])
    assert _csv(files / "out.csv")[1:] == [[str(people[0])]]


def test_search_exports_every_match_not_a_page(store_db, files):
    ids = [profiles.create_person({"first_name": f"Marko{i:03}"}).id for i in range(120)]
    profiles.create_person({"first_name": "Ivan"})
    done = export.export_persons(PersonCriteria(), files / "out.csv", columns=["id"], search="marko")
    assert done.exported == 120
    assert [int(r[0]) for r in _csv(files / "out.csv")[1:]] == ids


def test_separator_joins_list_cells(people, files):
    export.export_persons(PersonCriteria(), files / "out.csv", columns=["phones", "tags"], separator=" | ")
    assert _csv(files / "out.csv")[1] == ["'+385911234567 | +385981234567", "beta | vip"]


def test_a_tag_holding_the_separator_is_refused_before_anything_is_written(people, files):
    profiles.create_person({"first_name": "Mia", "tags": ["a; b"]})
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files / "out.csv", columns=["id", "tags"])
    assert (refused.value.field, refused.value.value) == ("separator", "; ")
    assert "'a; b'" in refused.value.message
    assert os.listdir(files) == []
    done = export.export_persons(PersonCriteria(), files / "out.csv", columns=["tags"], separator="|")
    assert done.exported == 4


@pytest.mark.parametrize("separator", ["", "\n", "a\tb", "x" * 11, 5])
def test_bad_separators_are_refused(people, files, separator):
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files / "out.csv", separator=separator)
    assert refused.value.field == "separator"


@pytest.mark.parametrize(
    ("text", "csv_cell"),
    [
        ("=1+1", "'=1+1"),
        ("@x", "'@x"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("-2", "-2"),  # a number stays a number
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("'=already", "''=already"),
    ],
)
def test_formula_cells_are_neutralised_in_csv_and_text_cells_in_xlsx(store_db, files, text, csv_cell):
    define_attribute("note", "text")
    profiles.create_person({"first_name": "Ana", "custom": {"note": text}})
    export.export_persons(PersonCriteria(), files / "out.csv", columns=["custom:note"])
    assert _csv(files / "out.csv")[1] == [csv_cell]
    export.export_persons(PersonCriteria(), files / "out.xlsx", columns=["custom:note"], file_format="xlsx")
    cell = openpyxl.load_workbook(files / "out.xlsx")["Persons"]["A2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix is text.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_phones_survive_as_text(people, files):
    """A single E.164 phone stays as written in CSV (harmless data); a joined list is prefixed;
    in XLSX every phone cell is a quote-prefixed text cell."""
    export.export_persons(PersonCriteria(types=("lead",)), files / "out.csv", columns=["phones"])
    assert _csv(files / "out.csv")[1] == ["+385911111111"]
    export.export_persons(PersonCriteria(), files / "out.xlsx", columns=["phones"], file_format="xlsx")
    sheet = openpyxl.load_workbook(files / "out.xlsx")["Persons"]
    assert [(c.value, c.data_type, c.quotePrefix) for c in (sheet["A2"], sheet["A4"])] == [
        ("+385911234567; +385981234567", "s", True),
        ("+385911111111", "s", True),
    ]


def test_large_numbers_and_control_characters_in_xlsx(store_db, files):
    define_attribute("big", "whole")
    define_attribute("fine", "decimal")
    define_attribute("note", "text")
    profiles.create_person({"custom": {"big": 2**62, "fine": "0.1234567890123456789", "note": "a\x01b"}})
    export.export_persons(
        PersonCriteria(),
        files / "out.xlsx",
        file_format="xlsx",
        columns=["custom:big", "custom:fine", "custom:note"],
    )
    assert _xlsx(files / "out.xlsx")[1] == [str(2**62), "0.1234567890123456789", "a\\x01b"]


@pytest.mark.parametrize(
    "column", ["nope", "custom:missing", "computed:score", "secret:x", "custom:", " ", "company_id"]
)
def test_unknown_columns_are_refused_naming_the_column(people, files, column):
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files / "out.csv", columns=["id", column])
    assert (refused.value.field, refused.value.value) == ("columns", column)
    assert os.listdir(files) == []


def test_a_column_chosen_twice_or_none_chosen_is_refused(people, files):
    with pytest.raises(InvalidValue, match="twice"):
        export.export_persons(PersonCriteria(), files / "out.csv", columns=["custom:note", "custom:NOTE"])
    with pytest.raises(InvalidValue, match="at least one"):
        export.export_persons(PersonCriteria(), files / "out.csv", columns=[])


def test_an_unknown_format_is_refused(people, files):
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files / "out.ods", file_format="ods")
    assert (refused.value.field, refused.value.value) == ("format", "ods")


def test_xlsx_too_long_for_a_sheet_is_refused_before_writing(people, files, monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)  # a header and two persons
    with pytest.raises(LimitExceeded) as refused:
        export.export_persons(PersonCriteria(), files / "out.xlsx", file_format="xlsx")
    assert refused.value.value == 3 and "3 persons" in refused.value.message
    assert os.listdir(files) == []
    assert export.export_persons(PersonCriteria(), files / "out.csv").exported == 3


def test_a_list_longer_than_counted_still_stops_at_the_sheet_limit(people, files, monkeypatch):
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)
    with pytest.raises(LimitExceeded):
        export.export_ids(people[:3], 1, files / "out.xlsx", file_format="xlsx", columns=["id"])
    assert os.listdir(files) == []


def test_the_file_is_owner_only_and_replaces_the_old_one_whole(people, files):
    target = files / "out.csv"
    target.write_text("old\n")
    target.chmod(0o644)
    export.export_persons(PersonCriteria(), target, columns=["id"])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _csv(target) == [["id"], *[[str(i)] for i in people[:3]]]
    export.export_persons(PersonCriteria(), files / "new" / "out.xlsx", file_format="xlsx")
    assert stat.S_IMODE((files / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((files / "new" / "out.xlsx").stat().st_mode) == 0o600
    assert sorted(os.listdir(files)) == ["new", "out.csv"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_interrupted_export_leaves_no_file_and_the_old_one_as_it_was(
    store_db, files, monkeypatch, file_format
):
    for i in range(5):
        profiles.create_person({"first_name": f"P{i}"})
    monkeypatch.setattr(export, "BATCH", 2)
    target = files / f"out.{file_format}"
    target.write_text("old\n")

    def interrupt(done, total):
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export.export_persons(PersonCriteria(), target, file_format=file_format, progress=interrupt)
    assert os.listdir(files) == [target.name] and target.read_text() == "old\n"


def test_a_path_that_cannot_be_written_is_refused(people, files):
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files, columns=["id"])
    assert refused.value.field == "path"
    (files / "file").write_text("")
    with pytest.raises(InvalidValue) as refused:
        export.export_persons(PersonCriteria(), files / "file" / "out.csv", columns=["id"])
    assert refused.value.field == "path"


def test_progress_reports_rows_after_each_batch(store_db, files, monkeypatch):
    for i in range(5):
        profiles.create_person({"first_name": f"P{i}"})
    monkeypatch.setattr(export, "BATCH", 2)
    seen = []
    export.export_persons(PersonCriteria(), files / "out.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_export_ids_writes_any_iterable_in_its_order(people, files):
    ana, ivo, lead, anon = people
    done = export.export_ids(iter([lead, anon, 10_000, ana]), 4, files / "out.csv", columns=["id", "type"])
    assert done.exported == 3  # a person no longer there is left out
    assert _csv(files / "out.csv")[1:] == [
        [str(lead), "lead"],
        [str(anon), "anonymous"],
        [str(ana), "customer"],
    ]


def test_export_ids_refuses_a_bad_id_and_leaves_no_file(people, files):
    with pytest.raises(InvalidValue) as refused:
        export.export_ids([people[0], "2; DROP TABLE person"], 2, files / "out.csv", columns=["id"])
    assert refused.value.field == "person_id"
    assert os.listdir(files) == []


def test_a_batch_loads_in_the_same_number_of_queries_whatever_its_size(store_db):
    ids = [
        profiles.create_person({"first_name": f"P{i}", "tags": ["t"], "emails": [f"p{i}@x.org"]}).id
        for i in range(40)
    ]
    define_attribute("note", "text")
    columns = [Column("", "id"), Column("", "emails"), Column("", "tags"), Column("custom", "note")]
    counts = []
    for size in (5, 40):
        with count_queries() as counter:
            assert len(load_rows(columns, ids[:size])) == size
        counts.append(counter.count)
    assert counts[0] == counts[1] == 4


@pytest.mark.parametrize(
    "criteria",
    [
        PersonCriteria(),
        PersonCriteria(tag="even"),
        PersonCriteria(name_prefix="p1"),
        PersonCriteria(types=("lead",)),
    ],
)
def test_walk_ids_gives_every_id_of_the_list_once_in_its_order(store_db, criteria):
    for i in range(23):
        profiles.create_person(
            {
                "first_name": f"P{i}",
                "type": "lead" if i % 3 else "customer",
                "tags": ["even"] if i % 2 == 0 else [],
            }
        )
    batches = list(walk_ids(criteria, batch=4))
    assert all(len(b) == 4 for b in batches[:-1]) and 1 <= len(batches[-1]) <= 4
    listed = [r.id for r in page_persons(criteria, limit=100).rows]
    assert [i for b in batches for i in b] == listed


def test_a_deleted_person_is_left_out(people, files):
    profiles.delete_person(people[1])
    done = export.export_persons(PersonCriteria(), files / "out.csv", columns=["id"])
    assert done.exported == 2
    assert _csv(files / "out.csv")[1:] == [[str(people[0])], [str(people[2])]]


def test_computed_attributes_are_columns_too(people, files):
    computed.define_computed("double_visits", "formula", {"formula": "{custom:visits} * 2"})
    done = export.export_persons(PersonCriteria(), files / "out.csv")
    assert done.columns[-1] == "computed:double_visits"
    export.export_persons(
        PersonCriteria(), files / "out.xlsx", columns=["id", "computed:DOUBLE_VISITS"], file_format="xlsx"
    )
    assert _xlsx(files / "out.xlsx") == [
        ["id", "computed:double_visits"],
        [people[0], 6],
        [people[1], None],
        [people[2], None],
    ]


def test_a_segment_chooses_its_members(people, files):
    segments.create_segment(
        "vip leads",
        {"all": [{"tag": "vip", "op": "has"}, {"field": "type", "op": "equals", "value": "lead"}]},
    )
    done = export.export_persons(PersonCriteria(segment="vip leads"), files / "out.csv", columns=["id"])
    assert done.exported == 1 and _csv(files / "out.csv")[1:] == [[str(people[2])]]
