"""Hostile spreadsheets cannot take the machine: each is refused with a message, nothing is written.

Every file is built here (a zip of XML parts): cells out of Excel's range, malformed
references, shared-string indexes outside the table, a sheet spanning billions of cells,
a sheet whose reading passes the helper's memory limit. The import reads spreadsheets
in a helper process (``sheet_process``), so a reader that aborts or runs out of memory
costs only the helper; the property test at the end feeds random damage to the reader
and checks the outcome is always rows or a refusal.
"""

from __future__ import annotations

import datetime
import io
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.importing import sheet_process
from store.importing.engine import ImportJob
from store.importing.errors import FileRefused
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.source import open_table
from store.persons import listing

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>'


def workbook(rows_xml: str, *, strings: list[str] | None = None, before: str = "") -> bytes:
    """An XLSX package (bytes) whose worksheet 'People' holds ``rows_xml``."""
    rels = f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        '<sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}">{before}<sheetData>{rows_xml}</sheetData></worksheet>',
    }
    if strings is not None:
        rels += f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}" count="{len(strings)}">{items}</sst>'
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PACKAGE_NS}">{rels}</Relationships>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def shared_cell(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def refusal(path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught, open_table(path) as table:
        list(table.rows)
    return caught.value


def write(tmp_path: Path, data: bytes, name: str = "people.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# The column-by-row rows of a sheet bomb: a value in A and in XFD on each of 4,000 rows
# (65,536,000 cells to build), declaring A1:XFD1048576; 100 KB zipped.
BOMB_ROWS = "".join(
    f'<row r="{n}">{text_cell(f"A{n}", "x@example.com")}<c r="XFD{n}"><v>1</v></c></row>'
    for n in range(1, 4001)
)
HOSTILE = {
    "far-cell": (workbook(HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), "too-large", "1,048,576 rows by 16,384 columns"),
    "row-zero": (workbook(HEADER + f'<row r="2">{text_cell("A0", "a@example.com")}</row>'), "corrupt", "cell 'A0'"),
    "column-past-xfd": (workbook(HEADER + f'<row r="2">{text_cell("XFE2", "a@example.com")}</row>'), "corrupt", "cell 'XFE2'"),
    "row-past-limit": (workbook(HEADER + f'<row r="1048576">{text_cell("A1048577", "a")}</row>'), "corrupt", "cell 'A1048577'"),
    "row-attribute": (workbook(HEADER + f'<row r="1048577">{text_cell("A2", "a")}</row>'), "corrupt", "row '1048577'"),
    "dimension": (workbook(HEADER, before='<dimension ref="A1:XFE7"/>'), "corrupt", "declared range 'A1:XFE7'"),
    "shared-minus-one": (
        workbook(f'<row r="1">{shared_cell("A1", 0)}</row><row r="2">{shared_cell("A2", -1)}</row>', strings=["email", "a@example.com"]),
        "corrupt",
        "cell A2 points to shared string -1, but the workbook holds 2 shared strings",
    ),
    "shared-past-end": (
        workbook(f'<row r="1">{shared_cell("A1", 0)}</row><row r="2">{shared_cell("A2", 2)}</row>', strings=["email", "a@example.com"]),
        "corrupt",
        "cell A2 points to shared string 2, but the workbook holds 2 shared strings",
    ),
    "sheet-bomb": (workbook(BOMB_ROWS, before='<dimension ref="A1:XFD1048576"/>'), "too-large", "(65,536,000 cells); at most 50,000,000"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_sheet_is_refused_naming_the_sheet(tmp_path, name):
    data, reason, words = HOSTILE[name]
    refused = refusal(write(tmp_path, data))
    assert refused.reason == reason
    assert words in refused.message and "'People'" in refused.message


@pytest.mark.parametrize("name", ["far-cell", "shared-minus-one", "sheet-bomb"])
def test_an_import_of_a_hostile_sheet_is_refused_and_writes_nothing(store_db, tmp_path, name):
    data, reason, words = HOSTILE[name]
    with ImportJob(write(tmp_path, data), ImportOptions()) as job:
        result = drive(job.run())
    assert (result.status, result.reason) == ("refused", reason) and words in result.message
    assert listing.count_persons() == 0


def test_a_sheet_past_the_helpers_memory_limit_is_refused_and_writes_nothing(store_db, tmp_path):
    # One 4 MB shared string (4 KB zipped) in 400 cells: calamine copies it into each cell.
    rows = "".join(f'<row r="{n}">{shared_cell(f"A{n}", 1)}</row>' for n in range(2, 402))
    data = workbook(f'<row r="1">{shared_cell("A1", 0)}</row>{rows}', strings=["email", "x" * (4 << 20)])
    assert len(data) < 100_000
    with ImportJob(write(tmp_path, data), ImportOptions()) as job:
        result = drive(job.run())
    assert (result.status, result.reason) == ("refused", "too-large")
    assert "The worksheet 'People' is too large or malformed to be read safely" in result.message
    assert listing.count_persons() == 0


def test_a_helper_that_hangs_is_stopped_and_the_file_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_process, "WAIT_SECONDS", 0.5)
    monkeypatch.setattr(
        sheet_process, "_command", lambda *_: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    path = write(tmp_path, workbook(HEADER + f'<row r="2">{text_cell("A2", "a@example.com")}</row>'))
    started = time.monotonic()
    refused = refusal(path)
    assert time.monotonic() - started < 30
    assert refused.reason == "too-large"
    assert (
        "too large or malformed" in refused.message and "stopped working for 0.5 seconds" in refused.message
    )


def test_empty_cells_far_out_are_not_read(tmp_path):
    rows = f'<row r="2">{text_cell("B2", "a@example.com")}<c r="XFD2" s="1"/></row><row r="1048576"><c r="XFD1048576" s="1"/></row>'
    with open_table(write(tmp_path, workbook(HEADER + rows))) as table:
        assert [(row.number, row.cells) for row in table.rows] == [(2, [None])]
        assert table.header == ["email"]


def test_values_come_back_through_the_helper_with_their_types(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["email", "joined", "at", "score", "check"])
    sheet.append(
        ["a@example.com", datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5), 2.5, "=1/0"]
    )
    path = tmp_path / "types.xlsx"
    book.save(path)
    with open_table(path) as table:
        cells = next(iter(table.rows)).cells
    assert cells[:4] == [
        "a@example.com",
        datetime.date(2020, 1, 2),
        datetime.datetime(2020, 1, 2, 3, 4, 5),
        "2.5",
    ]


SMALL = workbook(
    f'<row r="1">{shared_cell("A1", 0)}{text_cell("B1", "name")}</row>'
    f'<row r="2">{shared_cell("A2", 1)}<c r="B2" t="e"><v>#N/A</v></c><c r="C2"><v>12</v></c></row>',
    strings=["email", "a@example.com"],
    before='<dimension ref="A1:C2"/>',
)
SHEET_XML = zipfile.ZipFile(io.BytesIO(SMALL)).read("xl/worksheets/sheet1.xml")
TOKENS = [
    b"<",
    b">",
    b"/>",
    b'"',
    b"r=",
    b"t=",
    b'"s"',
    b'"e"',
    b"A0",
    b"XFD1048576",
    b"-1",
    b"99",
    b"<c ",
    b"</c>",
    b"<row ",
    b"\x00",
    b"&",
]


def with_sheet(xml: bytes) -> bytes:
    """``SMALL`` with its worksheet XML replaced by ``xml``."""
    source = zipfile.ZipFile(io.BytesIO(SMALL))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(
                info.filename, xml if info.filename.endswith("sheet1.xml") else source.read(info)
            )
    return buffer.getvalue()


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A damaged workbook: random bytes, bytes of ``SMALL`` overwritten, or its sheet XML edited."""
    how = draw(st.sampled_from(["random", "bytes", "xml"]))
    if how == "random":
        return draw(st.binary(min_size=1, max_size=2000))
    if how == "bytes":
        data = bytearray(SMALL)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    xml = SHEET_XML
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(xml)))
        end = draw(st.integers(start, min(len(xml), start + 12)))
        xml = xml[:start] + draw(st.sampled_from(TOKENS)) + xml[end:]
    return with_sheet(xml)


@pytest.mark.heavy
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=damaged())
def test_damaged_workbooks_give_rows_or_a_refusal(tmp_path, data):
    path = write(tmp_path, data)
    try:
        with open_table(path) as table:
            rows = list(table.rows)
        assert all(isinstance(row.cells, list) for row in rows)
    except FileRefused as refused:
        assert refused.message
