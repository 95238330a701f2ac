"""Bounds on what an import file may cost: a zip's real expansion, the rows and the memory
of one import, and a quote left open that would swallow the rest of a file."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from store.importing.csv_reader import MAX_RECORD_LINES
from store.importing.engine import import_file
from store.importing.errors import FileRefused
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.source import open_table
from store.persons import listing
from store.settings import set_setting


def lying_zip(path: Path, data: bytes, declared: int) -> Path:
    """A zip of ``data`` whose headers declare ``declared`` bytes, with the CRC of that prefix.

    ``zipfile`` trusts the declared size: it stops there, finds the checksum right and
    would take the prefix as the whole member.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", data)
    blob = bytearray(path.read_bytes())
    crc = zlib.crc32(data[:declared])
    local = blob.index(b"PK\x03\x04")
    central = blob.index(b"PK\x01\x02")
    struct.pack_into("<I", blob, local + 14, crc)
    struct.pack_into("<I", blob, local + 22, declared)
    struct.pack_into("<I", blob, central + 16, crc)
    struct.pack_into("<I", blob, central + 24, declared)
    path.write_bytes(bytes(blob))
    return path


def test_a_zip_whose_header_understates_its_size_is_refused_against_the_real_bytes(store_db, tmp_path):
    set_setting("zip_max_uncompressed", "10000")
    data = b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(2000))  # ~36 KB
    path = lying_zip(tmp_path / "small.zip", data, declared=60)
    with zipfile.ZipFile(path) as archive:  # what the headers claim: a tiny, intact member
        assert archive.read("data.csv") == data[:60]
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.reason) == ("refused", "too-large")
    assert "more than 10,000 bytes" in result.message
    assert listing.count_persons() == 0


def test_a_zip_whose_header_misstates_its_size_under_the_bound_is_corrupt(store_db, tmp_path):
    data = b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(50))
    result = drive(import_file(lying_zip(tmp_path / "lies.zip", data, declared=60), ImportOptions()))
    assert (result.status, result.reason) == ("refused", "corrupt")
    assert listing.count_persons() == 0


def test_an_honest_zip_under_the_bound_imports(store_db, tmp_path):
    set_setting("zip_max_uncompressed", "10000")
    path = tmp_path / "fine.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", b"email\n" + b"".join(b"p%d@example.com\n" % i for i in range(100)))
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.created) == ("completed", 100)


# --- a quote left open ---------------------------------------------------------------------


def _rows(count: int) -> str:
    return "".join(f"p{i}@example.com,P{i}\n" for i in range(count))


def test_a_quote_never_closed_is_refused_naming_the_row_where_it_opens(store_db, tmp_path):
    path = tmp_path / "open.csv"
    path.write_text("email,name\n" + _rows(3) + 'a@example.com,"Ana\n' + _rows(1000), encoding="utf-8")
    result = drive(import_file(path, ImportOptions()))
    assert (result.status, result.reason) == ("refused", "corrupt")
    assert result.message.startswith("Row 5 (line 5 of the file) opens a quote that is never closed")
    assert listing.count_persons() == 0


def test_a_quote_closed_only_a_thousand_lines_later_is_refused(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text(
        'email,name\na@example.com,"Ana\n' + _rows(1000) + 'z@example.com,"Zed"\n', encoding="utf-8"
    )
    refused = refusal(path)
    assert refused.reason == "corrupt"
    assert "Row 2 (line 2 of the file) has a quoted cell running over 1002 lines" in refused.message


def test_quoted_cells_of_a_few_lines_and_a_last_line_without_a_break_are_read(tmp_path):
    notes = "\n".join(f"line {i}" for i in range(MAX_RECORD_LINES))
    path = tmp_path / "notes.csv"
    path.write_text(f'email,notes\na@example.com,"{notes}"\nb@example.com,"one\r\ntwo"', encoding="utf-8")
    with open_table(path) as table:
        assert [row.cells for row in table.rows] == [
            ["a@example.com", notes],
            ["b@example.com", "one\r\ntwo"],
        ]


def refusal(path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught, open_table(path) as table:
        list(table.rows)
    return caught.value
