"""Import bugs of issue 15 that must stay fixed: a nameless new company, reused import ids."""

from __future__ import annotations

from store import companies
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive


def _run(path, **options):
    analyse = options.pop("analyse_only", False)
    return drive(import_file(path, ImportOptions(**options), analyse_only=analyse))


COMPANIES = (
    "external id,name,city\n"
    "C1,,Zagreb\n"  # matches ACME by its external id: a name is not needed
    "C2,,Split\n"  # a new company without a name: invalid, naming the field
    "C3,,Osijek\n"  # no name here, but row 5 of the same record gives it
    "C3,Initech,\n"
    "C4,Globex,Rijeka\n"
)


def test_a_new_company_row_without_a_name_is_invalid_in_the_analysis_and_the_import(store_db, tmp_path):
    companies.create_company({"name": "ACME", "external_id": "C1"})
    path = tmp_path / "companies.csv"
    path.write_text(COMPANIES, encoding="utf-8")
    analysis = _run(path, of="companies", on_match="merge", analyse_only=True)
    result = _run(path, of="companies", on_match="merge")
    for outcome in (analysis, result):
        assert (outcome.rows, outcome.valid, outcome.invalid) == (5, 4, 1)
        assert (outcome.created, outcome.updated) == (2, 1)
        [error] = outcome.errors
        assert error["row"] == 3 and error["reason"].startswith("name missing: a new company needs a name")
        assert "'C2'" in error["reason"]
    assert result.status == "completed_with_errors"
    assert companies.company_view("ACME").city == "Zagreb"
    assert companies.company_view("Initech").city == "Osijek"
    assert companies.company_view("Globex").city == "Rijeka"
    assert [e["row"] for e in import_history.import_errors(result.import_id)] == [3]
