"""An import run in its own helper process (the console's), and the preview before it (both backends)."""

from __future__ import annotations

import pytest

from store.importing import history as import_history
from store.importing.errors import FileRefused
from store.importing.job_process import ImportProcess, ImportRefusedOptions
from store.importing.options import ImportOptions
from store.importing.preview import field_choices, preview_file
from store.persons import listing, profiles

FILE = (
    "email;phone;first name;notes\n"
    "a@example.com;;Ana;x\n"
    "b@example.com;091 123 4567;Bo;y\n"
    "c@example.com;bad;Cy;\n"
    "b@example.com;;Bob;z\n"
)


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "people.csv"
    file.write_text(FILE, encoding="utf-8")
    return file


def test_preview_shows_the_first_rows_how_they_were_read_and_the_proposed_mapping(store_db, path):
    preview = preview_file(path)
    assert (preview.file_format, preview.encoding, preview.delimiter) == ("csv", "utf-8", ";")
    assert [(c.header, c.field) for c in preview.columns] == [
        ("email", "email"),
        ("phone", "phone"),
        ("first name", "first_name"),
        ("notes", "skip"),
    ]
    assert preview.columns[0].samples == ["a@example.com", "b@example.com", "c@example.com"]
    assert preview.rows[0] == (2, ["a@example.com", "", "Ana", "x"])
    assert len(preview.rows) == 4


def test_preview_follows_the_delimiter_and_rows_to_skip(store_db, path):
    preview = preview_file(path, delimiter=",", skip_rows=1)
    assert [c.header for c in preview.columns] == ["a@example.com;;Ana;x"]
    assert preview.rows[0][0] == 3


def test_preview_of_a_refused_file_gives_the_refusal(store_db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileRefused, match="empty"):
        preview_file(empty)


def test_field_choices_include_skip_and_the_custom_attributes(store_db):
    from store.attributes import define_attribute

    define_attribute("Shoe size", "whole")
    choices = field_choices()
    assert choices[0] == "skip" and "email" in choices and "custom:Shoe size" in choices


def test_helper_analyses_then_writes_on_confirm_as_one_entry(store_db, store_url, path):
    profiles.create_person({"emails": ["a@example.com"], "first_name": "Old"})
    job = ImportProcess(store_url, path, ImportOptions(on_match="merge", country="HR"))
    seen = []
    analysis = job.outcome(seen.append)
    assert analysis.status == "analysed"
    assert (analysis.rows, analysis.valid, analysis.invalid) == (4, 3, 1)
    assert analysis.details is not None and analysis.details.duplicate_groups == 1
    assert listing.count_persons() == 1
    job.confirm()
    result = job.outcome(seen.append)
    job.close()
    assert result.status == "completed_with_errors" and result.import_id == analysis.import_id
    assert (result.created, result.updated) == (1, 1)
    assert profiles.find_person_id(phone="+385911234567") is not None
    assert [e.status for e in import_history.list_imports()] == ["completed_with_errors"]


def test_closing_at_the_question_keeps_the_analysis_only(store_db, store_url, path):
    job = ImportProcess(store_url, path, ImportOptions())
    assert job.outcome().status == "analysed"
    job.close()
    assert listing.count_persons() == 0
    assert [e.status for e in import_history.list_imports()] == ["analysed"]


def test_a_mapping_the_engine_refuses_comes_back_with_its_field(store_db, store_url, path):
    job = ImportProcess(store_url, path, ImportOptions(mapping=[("nope", "email")]))
    with pytest.raises(ImportRefusedOptions) as caught:
        job.outcome()
    job.close()
    assert caught.value.field == "mapping" and "nope" in caught.value.message
    assert import_history.list_imports() == []


def test_the_history_lists_the_14_days_before_the_now_given(store_db, path):
    import datetime as dt

    from store.importing.engine import import_file
    from store.importing.progress import drive

    result = drive(import_file(path, ImportOptions(country="HR")))
    started = import_history.get_import(result.import_id).started_at
    assert [e.id for e in import_history.list_imports(now=started + dt.timedelta(days=13))] == [
        result.import_id
    ]
    assert import_history.list_imports(now=started + dt.timedelta(days=15)) == []
