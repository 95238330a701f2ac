"""Values holding tabs, line breaks, backslashes or a literal ``\\N`` are stored as they were.

On PostgreSQL an import writes its rows with ``COPY`` in text format, where those
characters are syntax (``bulk.copy_text``); on SQLite with ``executemany``. Both must
store, and record in the history, exactly the file's text, for created and merged
profiles alike.
"""

from __future__ import annotations

import csv

from store.importing.bulk import copy_text
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.models import Change, Person

ODD = ["tab\there", "two\nlines", "cr\r\nlf", "back\\slash", "\\N", "ends with \\", "plain"]


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["External id", "Address", "City"])
        writer.writerows(rows)


def test_odd_characters_survive_create_and_merge(store_db, tmp_path):
    first = tmp_path / "first.csv"
    _write(first, [(f"X{i}", text, "Zagreb") for i, text in enumerate(ODD)] + [("Y", "", "")])
    result = drive(import_file(first, ImportOptions(of="persons")))
    assert result.status == "completed", result.errors
    stored = {p.external_id: (p.address, p.city) for p in Person.select()}
    assert stored == {
        **{f"X{i}": (text, "Zagreb") for i, text in enumerate(ODD)},
        "Y": (None, None),
    }

    second = tmp_path / "second.csv"
    _write(second, [(f"X{i}", "new", text) for i, text in enumerate(ODD)])
    result = drive(import_file(second, ImportOptions(of="persons", on_match="merge")))
    assert result.status == "completed" and result.updated == len(ODD), result.errors
    stored = {p.external_id: (p.address, p.city) for p in Person.select() if p.external_id != "Y"}
    assert stored == {f"X{i}": ("new", text) for i, text in enumerate(ODD)}
    changes = {(c.field, c.old_value, c.new_value) for c in Change.select() if c.field in ("address", "city")}
    assert {("address", text, "new") for text in ODD} <= changes
    assert {("city", "Zagreb", text) for text in ODD if text != "Zagreb"} <= changes


def test_copy_text_escapes_only_what_needs_it():
    assert copy_text([(1, "a", None), (2, "b", "c")]) == "1\ta\t\\N\n2\tb\tc\n"
    assert copy_text([(1, "a\tb", None), (2, "\\N", "x\ny\r")]) == "1\ta\\tb\t\\N\n2\t\\\\N\tx\\ny\\r\n"
