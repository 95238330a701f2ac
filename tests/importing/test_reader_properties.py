"""Whatever bytes a CSV, TXT or ZIP holds, reading it gives rows or a refusal, nothing else.

Hypothesis makes random bytes and random delimited files (delimiters, quotes, line
endings, encodings, ragged rows, NULs, huge fields, cut or stray-quoted copies), and
zips of them (whole, cut, or with random bytes as a member). ``open_table`` must yield
rows or raise ``FileRefused``; the import of such a file ends ``completed...`` or
``refused``, never ``failed``. The default profile runs a fixed set of examples.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from store.importing.engine import import_file
from store.importing.errors import FileRefused
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.source import open_table

CELL = st.text(alphabet=st.sampled_from("ab ,;|\t\"'\r\n\x00=+-@é€漢"), max_size=12)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")


@st.composite
def delimited(draw: st.DrawFn) -> bytes:
    """A delimited file of random shape, sometimes cut short or given a stray quote."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    width = draw(st.integers(1, 5))
    header = draw(
        st.lists(
            st.sampled_from(["email", "phone", "external id", "name", ""]), min_size=width, max_size=width
        )
    )
    rows = draw(st.lists(st.lists(CELL, max_size=width + 2), max_size=8))
    if draw(st.booleans()):
        rows.append(["x" * draw(st.sampled_from([1_000, 140_000]))])  # past csv's field limit
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=ending, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="ignore")
    damage = draw(st.sampled_from(["none", "cut", "quote"]))
    if damage != "none" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] if damage == "cut" else data[:at] + b'"' + data[at:]
    return data


def zipped(member: bytes, name: str, method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr(name, member)
    return out.getvalue()


@st.composite
def zips(draw: st.DrawFn) -> bytes:
    """A zip of a delimited file or of random bytes, whole or cut, or random bytes."""
    kind = draw(st.sampled_from(["delimited", "bytes", "cut", "not-a-zip"]))
    if kind == "not-a-zip":
        return draw(st.binary(max_size=300))
    member = draw(delimited()) if kind != "bytes" else draw(st.binary(max_size=300))
    name = draw(st.sampled_from(["data.csv", "data.txt", "dir/data.csv", "data.xlsx"]))
    method = draw(
        st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    )
    data = zipped(member, name, method)
    if kind == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    return data


def rows_or_refusal(path: Path, **options: object) -> None:
    try:
        with open_table(path, **options) as table:
            assert isinstance(table.header, list)
            for row in table.rows:
                assert len(row.cells) == len(table.header)
    except FileRefused as refused:
        assert refused.message and refused.reason


@given(data=st.binary(max_size=600), name=st.sampled_from(["f.csv", "f.txt", "f.zip"]))
def test_random_bytes_give_rows_or_a_refusal(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    rows_or_refusal(path)


@given(
    data=delimited(), name=st.sampled_from(["f.csv", "f.txt"]), encoding=st.sampled_from([None, *ENCODINGS])
)
@example(data=b"email\r\n", name="f.csv", encoding="utf-16")  # no byte-order mark: once a UnicodeError
@example(data=b"\xff\xfee\x00m\x00", name="f.csv", encoding="utf-8-sig")  # once skipped a BOM it lacks
def test_random_delimited_files_give_rows_or_a_refusal(tmp_path, data, name, encoding):
    path = tmp_path / name
    path.write_bytes(data)
    rows_or_refusal(path, encoding=encoding)


@given(data=zips())
def test_random_zips_give_rows_or_a_refusal(tmp_path, data):
    path = tmp_path / "f.zip"
    path.write_bytes(data)
    rows_or_refusal(path, max_uncompressed=100_000)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
@settings(max_examples=25)
@given(data=st.one_of(delimited(), st.binary(max_size=300)))
def test_importing_random_files_completes_or_refuses(store_db, tmp_path, data):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    result = drive(import_file(path, ImportOptions()))
    assert result.status in ("completed", "completed_with_errors", "refused"), result.message
