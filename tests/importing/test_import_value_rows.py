"""An import reports every row holding a value past a field's bound as invalid, with the
reason, and imports the others; it never fails on such a value."""

from __future__ import annotations

import pytest

from store import attributes
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.rowcheck import RowChecker
from store.importing.table import SourceRow
from store.models import Person
from store.persons import profiles

# (column header, field, bad value, words of the reason)
BAD = [
    ("bal", "custom:bal", "1e99999999", "below 10^40"),
    ("bal", "custom:bal", "1_0.5", "does not accept"),
    ("bal", "custom:bal", "١٢", "does not accept"),
    ("bal", "custom:bal", "NaN", "does not accept"),
    ("n", "custom:n", "9" * 5000, "between"),
    ("n", "custom:n", "１２", "does not accept"),
    ("day", "custom:day", "2023-W01-1", "does not accept"),
    ("at", "custom:at", "9999-12-31T23:59:00-05:00", "outside the years 1 to 9999"),
    ("note", "custom:note", "x" * 10_001, "longer than 10,000"),
    ("email", "email", "ana\u200e@example.com", "U+200E"),
    ("email", "email", "ana@" + "x" * 300 + ".com", "longer than 254"),
    ("phone", "phone", "+385 91 123 4567\u202e", "U+202E"),
    ("first name", "first_name", "x" * 201, "longer than 200"),
    ("city", "city", "x" * 201, "longer than 200"),
    ("born", "birth_date", "20230101", "yyyy-mm-dd"),
    ("address", "address", "x" * 501, "longer than 500"),
    ("language", "preferred_language", "x" * 101, "longer than 100"),
    ("tags", "tags", "t" * 101, "longer than 100"),
]


@pytest.fixture
def custom(store_db):
    for name, type_ in (
        ("bal", "decimal"),
        ("n", "whole"),
        ("day", "date"),
        ("at", "datetime"),
        ("note", "text"),
    ):
        attributes.define_attribute(name, type_)


@pytest.mark.parametrize(
    ("header", "field", "value", "why"), BAD, ids=[f"{b[1]}-{i}" for i, b in enumerate(BAD)]
)
def test_a_row_with_a_bad_value_is_invalid_with_the_reason(custom, tmp_path, header, field, value, why):
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(f"key,{header}\n")
        out.write(f"X1,{value}\n")
        out.write("X2,\n")
    mapping = [("key", "external_id"), (header, field)]
    result = drive(import_file(str(path), ImportOptions(mapping=mapping)))
    assert (result.valid, result.invalid) == (1, 1)
    (error,) = result.errors
    assert error["row"] == 2 and why in error["reason"]
    assert profiles.find_person_id(external_id="X2")
    assert Person.select().count() == 1


@pytest.mark.parametrize(
    ("field", "cell"),
    [
        ("first_name", "\udcff"),
        ("city", "Zagreb\udcff"),
        ("email", "ana\udcff@example.com"),
        ("tags", "a,\udcff"),
    ],
)
def test_a_lone_surrogate_from_a_reader_makes_the_row_invalid(custom, field, cell):
    checker = RowChecker(["id", "value"], {0: "external_id", 1: field}, ImportOptions())
    parsed, issues = checker.check(SourceRow(2, ["X1", cell]))
    assert parsed is None
    ((row, column, _value, reason),) = issues
    assert (row, column) == (2, "value") and ("surrogate" in reason or "U+DCFF" in reason)
