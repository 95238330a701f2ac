"""The reading layer: every rule of ``open_table`` on small files made here, then the corpus.

Part one builds tiny CSV/TXT, XLSX and ZIP files in ``tmp_path`` for each rule (delimiter
detection, encodings, quoting, skip rows, limits, zip handling, spreadsheet cells). Part
two runs every file of ``../shared/corpus`` and checks it against the corpus README: the
refusal reason, or the header and the number of rows. The two files the README marks as
dangerous run in a subprocess with a time and memory limit, so they cannot hang the suite.
"""

from __future__ import annotations

import datetime
import io
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from store.importing.errors import FileRefused
from store.importing.ooxml import count_shared_strings, inspect_package
from store.importing.sheet_readers import _xls_cell, calamine_records, openpyxl_records
from store.importing.sheet_scan import scan_worksheet
from store.importing.source import open_table
from store.importing.streams import bounded
from store.importing.table import CellError, SourceRow

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def read(path: Path, **options: object) -> tuple[list[str], list[SourceRow]]:
    """The header and all rows of ``path``."""
    with open_table(path, **options) as table:
        return table.header, list(table.rows)


def refusal(path: Path, **options: object) -> FileRefused:
    """The refusal ``open_table`` raises for ``path``."""
    with pytest.raises(FileRefused) as caught, open_table(path, **options) as table:
        list(table.rows)
    return caught.value


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


# --- delimited text ----------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(tmp_path, delimiter):
    text = delimiter.join(["email", "name", "city"]) + "\n"
    text += delimiter.join(["a@example.com", "Ana Horvat", "Zagreb"]) + "\n"
    with open_table(write(tmp_path, "people.csv", text)) as table:
        assert table.delimiter == delimiter
        assert table.header == ["email", "name", "city"]
        assert [row.cells for row in table.rows] == [["a@example.com", "Ana Horvat", "Zagreb"]]


def test_semicolon_file_whose_quoted_fields_hold_commas(tmp_path):
    text = 'name;note;city\n"Doe, John";"a, b, c, d";Split\n"Roe, Ann";"x, y";Rijeka\n'
    with open_table(write(tmp_path, "s.csv", text)) as table:
        assert table.delimiter == ";"
        assert [row.cells for row in table.rows] == [
            ["Doe, John", "a, b, c, d", "Split"],
            ["Roe, Ann", "x, y", "Rijeka"],
        ]


@pytest.mark.parametrize(("given", "used"), [("tab", "\t"), ("TAB", "\t"), (";", ";")])
def test_explicit_delimiter_overrides_detection(tmp_path, given, used):
    path = write(tmp_path, "d.txt", "a,b;c\tz\n1,2;3\t4\n")
    with open_table(path, delimiter=given) as table:
        assert table.delimiter == used
        assert len(table.header) == 2


@pytest.mark.parametrize("bad", ["", ";;", '"', "\n"])
def test_a_delimiter_must_be_one_plain_character(tmp_path, bad):
    with pytest.raises(ValueError), open_table(write(tmp_path, "d.csv", "a\n1\n"), delimiter=bad):
        pass


def test_rfc4180_quoting_with_crlf_cr_lf_and_doubled_quotes(tmp_path):
    text = 'id,note\r\n1,"line one\r\nline two"\r\n2,"say ""hi""\rthen\nbye"\r\n3,"a,b"\r\n'
    header, rows = read(write(tmp_path, "q.csv", text))
    assert header == ["id", "note"]
    assert [row.cells for row in rows] == [
        ["1", "line one\r\nline two"],
        ["2", 'say "hi"\rthen\nbye'],
        ["3", "a,b"],
    ]
    assert [row.number for row in rows] == [2, 3, 4]


def test_cr_only_line_endings(tmp_path):
    header, rows = read(write(tmp_path, "mac.csv", "id,city\r1,Zagreb\r2,Split\r"))
    assert header == ["id", "city"]
    assert [(row.number, row.cells) for row in rows] == [(2, ["1", "Zagreb"]), (3, ["2", "Split"])]


def test_cells_are_trimmed_and_empty_ones_are_none(tmp_path):
    header, rows = read(write(tmp_path, "t.csv", " id , name \n Gas ,   \n"))
    assert header == ["id", "name"]
    assert rows[0].cells == ["Gas", None]


def test_utf8_bom_is_stripped(tmp_path):
    with open_table(write(tmp_path, "b.csv", "\ufefffoo,bar\n1,2\n")) as table:
        assert table.header == ["foo", "bar"]
        assert (table.encoding, table.encoding_detected) == ("utf-8-sig", False)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(tmp_path, codec):
    path = write(tmp_path, "w.csv", "\ufeffime,grad\nŽeljka,Đakovo\n", codec)
    with open_table(path) as table:
        assert table.encoding == "utf-16"
        assert table.header == ["ime", "grad"]
        assert [row.cells for row in table.rows] == [["Željka", "Đakovo"]]


def test_utf16_without_a_bom_is_detected(tmp_path):
    text = "email,name\nana@example.com,Ana Horvat\nivo@example.com,Ivo Babić\n"
    with open_table(write(tmp_path, "w.csv", text, "utf-16-le")) as table:
        assert (table.encoding, table.encoding_detected) == ("utf_16_le", True)
        assert [row.cells for row in table.rows][1] == ["ivo@example.com", "Ivo Babić"]


def test_explicit_encoding_is_used(tmp_path):
    path = write(tmp_path, "g.csv", "id,name\n1,Λεωνιδας\n", "iso-8859-7")
    header, rows = read(path, encoding="iso-8859-7")
    assert rows[0].cells == ["1", "Λεωνιδας"]


def test_strict_decoding_refuses_naming_the_row(tmp_path):
    # 0x81 is undefined in cp1252; it sits in record 4, whose quoted field spans two lines.
    content = b'id,note\n1,ok\n2,"two\nlines"\n3,"bad \x81 byte"\n4,fine\n'
    refused = refusal(write(tmp_path, "c.csv", content), encoding="cp1252")
    assert refused.reason == "encoding"
    assert "Row 4 " in refused.message and "with the file's encoding" in refused.message
    assert "--" not in refused.message  # each face names its own control (tests/cli)


@pytest.mark.parametrize("name", ["no-such-codec", "hex", "rot13"])
def test_an_unknown_or_non_text_encoding_is_refused(tmp_path, name):
    refused = refusal(write(tmp_path, "c.csv", "a\n1\n"), encoding=name)
    assert refused.reason == "encoding"


def test_non_utf8_text_the_detector_is_not_sure_of_is_refused(tmp_path):
    # French in cp1252: cp1250 and cp1257 decode it too, differently, so no guess is safe.
    text = "nom,ville\nRené,Genève\nJérôme,Besançon\nHélène,Orléans\n"
    refused = refusal(write(tmp_path, "fr.csv", text, "cp1252"))
    assert refused.reason == "encoding"
    assert "import it again with its encoding" in refused.message and "cp1252" in refused.message
    assert "--" not in refused.message


def test_a_sure_detection_is_named(tmp_path):
    text = "Name;Straße;Stadt\nMüller;Hauptstraße 5;München\nGößling;Bäckerweg 2;Köln\n" * 3
    with open_table(write(tmp_path, "de.csv", text, "cp1252")) as table:
        assert table.encoding_detected is True
        assert table.notes == [
            f"The encoding was detected as {table.encoding}; if that is wrong, import again with the right encoding."
        ]
        assert next(table.rows).cells == ["Müller", "Hauptstraße 5", "München"]


def test_nul_in_a_cell_does_not_stop_the_reader(tmp_path):
    header, rows = read(write(tmp_path, "n.csv", b"id,name\n1,a\x00b\n2,c\n"))
    assert [row.cells for row in rows] == [["1", "a\x00b"], ["2", "c"]]


def test_skip_rows_counts_blank_records_then_skips_blanks_before_the_header(tmp_path):
    text = "Report\n\nexported today\n\n\nid,name\n\n1,Ana\n2,Ivo\n"
    header, rows = read(write(tmp_path, "s.csv", text), skip_rows=2)
    assert header == ["exported today"]
    header, rows = read(write(tmp_path, "s.csv", text), skip_rows=3)
    assert header == ["id", "name"]
    assert [(row.number, row.cells) for row in rows] == [(8, ["1", "Ana"]), (9, ["2", "Ivo"])]


def test_blank_records_are_skipped_but_keep_their_numbers(tmp_path):
    header, rows = read(write(tmp_path, "b.csv", "id,name\n,\n1,Ana\n\n  ,  \n2,Ivo\n"))
    assert [row.number for row in rows] == [3, 6]


def test_short_records_are_padded_and_extra_fields_are_flagged_only_when_not_empty(tmp_path):
    text = "a,b,c\n1\n2,x,y,z\n3,x,y,,\n4,x,y, , \n"
    header, rows = read(write(tmp_path, "r.csv", text))
    assert [(row.cells, row.too_many_fields) for row in rows] == [
        (["1", None, None], False),
        (["2", "x", "y"], True),
        (["3", "x", "y"], False),
        (["4", "x", "y"], False),
    ]


def test_a_record_with_only_extra_fields_is_not_blank(tmp_path):
    header, rows = read(write(tmp_path, "r.csv", "a,b\n1,2\n,,extra\n"))
    assert [(row.number, row.cells, row.too_many_fields) for row in rows][1] == (3, [None, None], True)


def test_duplicate_headers_are_kept_by_position(tmp_path):
    header, rows = read(write(tmp_path, "d.csv", "id,name,id\n1101,John,0\n"))
    assert header == ["id", "name", "id"]
    assert rows[0].cells == ["1101", "John", "0"]


def test_wide_files_are_read_quickly(tmp_path):
    columns = 9074
    lines = [",".join(f"c{i}" for i in range(columns))] + [",".join("x" * columns)] * 3
    header, rows = read(write(tmp_path, "wide.csv", "\n".join(lines)))
    assert len(header) == columns and len(rows) == 3 and len(rows[0].cells) == columns


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\n\n \n", "empty"), (b"id,name\n", "no-data-rows"), (b"id\n\n,\n", "no-data-rows")],
)
def test_empty_files_and_header_only_files_are_refused(tmp_path, content, reason):
    assert refusal(write(tmp_path, "e.csv", content)).reason == reason


def test_skipping_past_the_end_is_refused_as_empty(tmp_path):
    refused = refusal(write(tmp_path, "e.csv", "id\n1\n"), skip_rows=5)
    assert refused.reason == "empty" and "skipping the first 5 rows" in refused.message


def test_files_over_50_mib_are_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as sparse:
        sparse.truncate(52_428_800 + 1)
    refused = refusal(path)
    assert refused.reason == "too-large" and "50 MiB" in refused.message


def test_exactly_50_mib_is_not_too_large(tmp_path):
    path = tmp_path / "edge.csv"
    with path.open("wb") as sparse:
        sparse.write(b"id\n1\n")
        sparse.truncate(52_428_800)
    with open_table(path) as table:
        assert table.header == ["id"]


# --- extensions and what the bytes really are ----------------------------------------------


def test_the_extension_decides_case_insensitively(tmp_path):
    with open_table(write(tmp_path, "UPPER.CSV", "id\n1\n")) as table:
        assert table.file_format == "csv"
    with open_table(write(tmp_path, "x.csv.txt", "id\n1\n")) as table:
        assert table.file_format == "txt"


@pytest.mark.parametrize("name", ["data.json", "data", "data.xlsm"])
def test_other_extensions_are_unsupported(tmp_path, name):
    assert refusal(write(tmp_path, name, "id\n1\n")).reason == "unsupported-format"


def test_a_csv_that_is_really_a_workbook_is_refused(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["id"])
    workbook.save(tmp_path / "book.xlsx")
    path = write(tmp_path, "book.csv", (tmp_path / "book.xlsx").read_bytes())
    refused = refusal(path)
    assert refused.reason == "unsupported-format" and ".xlsx" in refused.message


def test_an_xls_that_is_really_html_is_refused(tmp_path):
    path = write(tmp_path, "page.xls", "<html><body><table><tr><td>id</td></tr></table></body></html>")
    refused = refusal(path)
    assert refused.reason == "unsupported-format" and "web page (HTML)" in refused.message


def test_an_xlsx_that_is_not_a_zip_is_corrupt(tmp_path):
    assert refusal(write(tmp_path, "x.xlsx", b"\x00\x01garbage" * 10)).reason == "corrupt"


def test_a_missing_file_is_refused(tmp_path):
    assert refusal(tmp_path / "absent.csv").reason == "corrupt"


# --- zip -----------------------------------------------------------------------------------


def make_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def test_zip_reads_the_first_data_member_and_says_what_it_ignored(tmp_path):
    path = make_zip(
        tmp_path / "export.zip",
        [
            ("Export/", b""),
            ("Export/.DS_Store", b"\x00\x00junk"),
            ("__MACOSX/Export/._data.csv", b"\x00\x05\x16\x07"),
            (".hidden/data.csv", b"id\nhidden\n"),
            ("Export/readme.pdf", b"%PDF-1.4"),
            ("Export/data.csv", b"id,name\n1,Ana\n"),
            ("Export/more.csv", b"id\n2\n"),
        ],
    )
    with open_table(path) as table:
        assert table.member_name == "Export/data.csv"
        assert table.file_format == "csv"
        assert [row.cells for row in table.rows] == [["1", "Ana"]]
        assert table.notes == ["The zip holds 5 more files; only Export/data.csv was imported."]


def test_zip_without_a_data_member_lists_what_it_holds(tmp_path):
    path = make_zip(tmp_path / "x.zip", [("notes.pdf", b"%PDF"), ("data.json", b"{}")])
    refused = refusal(path)
    assert refused.reason == "unsupported-format"
    assert "notes.pdf" in refused.message and "data.json" in refused.message


def test_zip_bomb_is_refused_against_the_bound(tmp_path):
    path = make_zip(tmp_path / "bomb.zip", [("data.csv", b"id\n" + b"1\n" * 50_000)])
    refused = refusal(path, max_uncompressed=10_000)
    assert refused.reason == "too-large"


def test_the_bound_is_checked_while_reading():
    assert bounded(io.BytesIO(b"x" * 100), 10).read() == b"x" * 10
    refusing = bounded(io.BytesIO(b"x" * 100), 10, lambda: FileRefused("too-large", "too big"))
    with pytest.raises(FileRefused):
        refusing.read()


def test_zip_slip_names_are_never_used_and_nothing_is_written(tmp_path, monkeypatch):
    inner = tmp_path / "inner"
    inner.mkdir()
    monkeypatch.chdir(inner)  # where a naive extraction of "../evil.csv" would write tmp_path/evil.csv
    path = make_zip(inner / "slip.zip", [("../evil.csv", b"id\n1\n"), ("good.csv", b"id\n2\n")])
    with open_table(path) as table:
        assert table.member_name == "good.csv"
        assert [row.cells for row in table.rows] == [["2"]]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "inner",
        "inner/slip.zip",
    ]


def test_a_workbook_member_goes_through_a_generated_temporary_name(tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(["id"])
    workbook.active.append(["7"])
    workbook.save(tmp_path / "book.xlsx")
    members = [("../../book.xlsx", b""), ("dir/book.xlsx", (tmp_path / "book.xlsx").read_bytes())]
    path = make_zip(tmp_path / "w.zip", members)
    (tmp_path / "book.xlsx").unlink()
    monkeypatch.chdir(tmp_path)
    with open_table(path) as table:
        assert (table.member_name, table.file_format) == ("dir/book.xlsx", "xlsx")
        assert [row.cells for row in table.rows] == [["7"]]
    assert [p.name for p in tmp_path.iterdir()] == ["w.zip"]


def test_an_encrypted_member_is_refused(tmp_path):
    data = bytearray(make_zip(tmp_path / "plain.zip", [("data.csv", b"id\n1\n")]).read_bytes())
    # Set the "encrypted" flag in the local and the central header, as a ZipCrypto zip has it.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + flags_at] |= 0x1
    refused = refusal(write(tmp_path, "locked.zip", bytes(data)))
    assert refused.reason == "encrypted" and "password" in refused.message


def test_a_damaged_zip_is_corrupt(tmp_path):
    assert refusal(write(tmp_path, "d.zip", b"PK\x03\x04 not really")).reason == "corrupt"


# --- xlsx ----------------------------------------------------------------------------------


def make_xlsx(
    path: Path,
    rows_xml: str,
    *,
    namespace: str = MAIN_NS,
    chartsheet_first: bool = False,
    shared_strings: str | None = None,
    content_types: bool = True,
) -> Path:
    """A minimal XLSX package whose first worksheet holds ``rows_xml``."""
    sheets = '<sheet name="Data" sheetId="1" r:id="rId1"/>'
    rels = f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    if chartsheet_first:
        sheets = '<sheet name="Chart" sheetId="2" r:id="rId2"/>' + sheets
        rels += f'<Relationship Id="rId2" Type="{REL_NS}/chartsheet" Target="chartsheets/chart1.xml"/>'
    if shared_strings is not None:
        rels += f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    package_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{package_rels}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{namespace}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package_rels}">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows_xml}</sheetData></worksheet>',
        "xl/chartsheets/chart1.xml": f'<chartsheet xmlns="{MAIN_NS}"/>',
    }
    if content_types:
        parts["[Content_Types].xml"] = (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        )
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


ERRORS_XML = (
    f'<row r="1">{inline("A1", "id")}{inline("B1", "value")}</row>'
    f'<row r="2">{inline("A2", "x1")}<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    f'<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4"><v>12</v></c></row>'
)


def scanned_errors(path: Path) -> dict[int, dict[int, str]] | None:
    """The error cells the worksheet scan finds in the first sheet of ``path``."""
    with zipfile.ZipFile(path) as archive:
        sheet = inspect_package(archive, 1 << 30)
        assert sheet is not None
        strings = count_shared_strings(archive, sheet.strings) if sheet.strings else 0
        return scan_worksheet(archive, sheet.part, sheet.name, strings).errors


def both_readers(path: Path, sheet: str = "Data") -> tuple[list, list]:
    errors = scanned_errors(path)
    assert errors is not None
    return list(calamine_records(path, sheet, errors)), list(openpyxl_records(path, sheet))


def test_error_cells_become_cell_errors_on_both_readers(tmp_path):
    path = make_xlsx(tmp_path / "e.xlsx", ERRORS_XML)
    fast, slow = both_readers(path)
    assert (
        fast
        == slow
        == [
            (1, ["id", "value"]),
            (2, ["x1", CellError("#DIV/0!")]),
            (3, []),
            (4, [CellError("#N/A"), "12"]),
        ]
    )
    header, rows = read(path)
    assert [row.cells for row in rows] == [["x1", CellError("#DIV/0!")], [CellError("#N/A"), "12"]]


def test_unplaceable_error_cells_fall_back_to_openpyxl(tmp_path):
    rows_xml = f'<row r="1">{inline("A1", "id")}</row><row r="2"><c t="e"><v>#REF!</v></c></row>'
    header, rows = read(make_xlsx(tmp_path / "noref.xlsx", rows_xml))
    assert [row.cells for row in rows] == [[CellError("#REF!")]]


def test_spreadsheet_values_convert_alike_on_both_readers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["C3"], sheet["D3"], sheet["E3"] = "Customer id", "  Joined  ", "Score"
    sheet["C5"], sheet["D5"], sheet["E5"] = 12345, datetime.datetime(2020, 1, 2, 3, 4, 5), 3.5
    sheet["C6"], sheet["D6"], sheet["E6"] = 1e20, datetime.date(2020, 1, 2), -0.1
    sheet["C7"], sheet["D7"], sheet["E7"] = True, datetime.time(13, 30), "=1/0"
    sheet["C8"], sheet["D8"], sheet["F8"] = "04001", datetime.timedelta(hours=30), "beyond"
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    fast, slow = both_readers(path)
    assert fast == slow
    with open_table(path) as table:
        assert table.header == ["", "", "Customer id", "Joined", "Score"]
        assert [(row.number, row.cells[2:]) for row in table.rows] == [
            (5, ["12345", datetime.datetime(2020, 1, 2, 3, 4, 5), "3.5"]),
            (6, ["100000000000000000000", datetime.date(2020, 1, 2), "-0.1"]),
            (7, ["TRUE", "13:30:00", None]),
            (8, ["04001", "30:00:00", None]),
        ]


def test_the_first_worksheet_is_read_not_a_chartsheet(tmp_path):
    header, rows = read(make_xlsx(tmp_path / "c.xlsx", ERRORS_XML, chartsheet_first=True))
    assert header == ["id", "value"]


def test_a_dtd_in_any_part_is_refused_before_parsing(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        f'<sst xmlns="{MAIN_NS}"><si><t>&b;</t></si></sst>'
    )
    path = make_xlsx(
        tmp_path / "bomb.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_strings=bomb
    )
    refused = refusal(path)
    assert refused.reason == "corrupt" and "XML declarations" in refused.message


def test_strict_ooxml_is_unsupported(tmp_path):
    path = make_xlsx(
        tmp_path / "s.xlsx", ERRORS_XML, namespace="http://purl.oclc.org/ooxml/spreadsheetml/main"
    )
    refused = refusal(path)
    assert refused.reason == "unsupported-format" and "Strict" in refused.message


def test_a_package_without_content_types_is_corrupt(tmp_path):
    assert refusal(make_xlsx(tmp_path / "n.xlsx", ERRORS_XML, content_types=False)).reason == "corrupt"


def test_a_sheet_declaring_every_column_is_trimmed_quickly(tmp_path):
    rows_xml = (
        f'<row r="1" spans="1:16384">{inline("A1", "id")}<c r="XFD1" s="0"/></row>'
        f'<row r="2">{inline("A2", "1")}<c r="XFD2" s="0"/></row>'
    )
    path = make_xlsx(tmp_path / "w.xlsx", rows_xml)
    fast, slow = both_readers(path)
    assert fast == slow == [(1, ["id"]), (2, ["1"])]


def test_xls_cells_convert_by_type():
    assert _xls_cell(5, 0x2A, 0) == CellError("#N/A")
    assert _xls_cell(4, 1, 0) == "TRUE"
    assert _xls_cell(2, 12345.0, 0) == "12345"
    assert _xls_cell(2, 2.5, 0) == "2.5"
    assert _xls_cell(3, 40847.0, 0) == datetime.date(2011, 10, 31)
    assert _xls_cell(3, 40847.0 - 1462, 1) == datetime.date(2011, 10, 31)  # the 1904 system
    assert _xls_cell(3, 40847.5, 0) == datetime.datetime(2011, 10, 31, 12, 0)
    assert _xls_cell(3, 0.5625, 0) == "13:30:00"
    assert _xls_cell(6, "", 0) is None


# --- the corpus ----------------------------------------------------------------------------

HOSTILE = {"poi__poc-xmlbomb.xlsx", "poi__57893-many-merges.xlsx"}
# Refused by mapping, not by reading: the reader opens them; this is their header.
NO_IDENTIFIER_HEADERS = {
    "calamine__errors.xlsx": ["#DIV/0!"],
    "recursiveextractor__TestData.zip": ["Lorem ipsum dolor sit amet", "consectetur adipiscing elit"],
}
HEADERS = {
    "spectrum__newlines.csv": ["a", "b", "c"],
    "csvkit__bad.csv": ["column_a", "column_b", "column_c"],
    "frictionless__duplicate-headers.csv": ["id", "name", "id", "age", "id"],
    "csvkit__test_utf8_bom.csv": ["foo", "bar", "baz"],
    "csvkit__test_utf16_little.csv": ["a", "b", "c"],
    "sheetjs__CRLFX5_2.XLS": ["Normal", "abc\ndef"],
    "poi__testEXCEL_95.xls": ["", "Number", "Square", "", "Formatted"],
    "xlrd__ragged.xls": ["a", "b", "c"],
    "openpyxl__formulae.xlsx": ["", "Nothing"],
    "messytables__simple.zip": ["date", "temperature", "place"],
}
_ROW = re.compile(
    r"^\| `(?P<file>[^`]+)` \| .*? \| `(?P<expected>[^`]+)` \| (?P<arguments>[^|]*) \| (?P<rows>[^|]*) \|"
)


def corpus_cases() -> list[tuple[str, str, str, str]]:
    readme = CORPUS / "README.md"
    if not readme.is_file():
        return []
    return [
        m.group("file", "expected", "arguments", "rows")
        for line in readme.read_text().splitlines()
        if (m := _ROW.match(line))
    ]


def corpus_options(arguments: str) -> dict[str, object]:
    options: dict[str, object] = {}
    if skip := re.search(r"--skip-rows (\d+)", arguments):
        options["skip_rows"] = int(skip.group(1))
    if encoding := re.search(r"--encoding (\S+)", arguments):
        options["encoding"] = encoding.group(1)
    return options


CASES = corpus_cases()
needs_corpus = pytest.mark.skipif(not CASES, reason=f"the import corpus is not at {CORPUS}")


@needs_corpus
def test_the_corpus_readme_lists_every_file():
    assert len(CASES) == 40
    assert {case[0] for case in CASES} == {p.name for p in CORPUS.iterdir() if p.name != "README.md"}


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize(("name", "expected", "arguments", "rows"), CASES, ids=[c[0] for c in CASES])
def test_corpus_file(name, expected, arguments, rows):
    path = CORPUS / name
    if name in HOSTILE:
        assert expected.startswith("refuse:")
        assert refusal_in_subprocess(path) == expected.removeprefix("refuse:")
    elif expected == "refuse:no-identifier-column":
        with open_table(path) as table:
            assert table.header[: len(NO_IDENTIFIER_HEADERS[name])] == NO_IDENTIFIER_HEADERS[name]
    elif expected.startswith("refuse:"):
        refused = refusal(path)
        assert refused.reason == expected.removeprefix("refuse:")
        assert refused.message
    else:
        with open_table(path, **corpus_options(arguments)) as table:
            assert sum(1 for _ in table.rows) == int(rows)
            for column in re.findall(r'--map "([^"=]+)=', arguments):
                assert column in table.header
            if name in HEADERS:
                assert table.header == HEADERS[name]


@pytest.mark.corpus
@needs_corpus
@pytest.mark.filterwarnings("ignore:Unknown extension:UserWarning")
@pytest.mark.parametrize(
    "name",
    [
        "calamine__errors.xlsx",
        "openpyxl__date_1904.xlsx",
        "openpyxl__formulae.xlsx",
        "poi__51626_contact.xlsx",
        "poi__workbookProtection-workbook_password-2013.xlsx",
    ],
)
def test_calamine_and_openpyxl_read_corpus_workbooks_alike(name):
    with zipfile.ZipFile(CORPUS / name) as archive:
        sheet = inspect_package(archive, 1 << 30)
    errors = scanned_errors(CORPUS / name)
    assert sheet is not None and errors is not None
    fast = [record for record in calamine_records(CORPUS / name, sheet.name, errors) if record[1]]
    slow = [record for record in openpyxl_records(CORPUS / name, sheet.name) if record[1]]
    assert fast == slow


def refusal_in_subprocess(path: Path) -> str:
    """The refusal reason for ``path``, read in a child limited to 60 s and 2 GB."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))

    code = (
        "import sys\nfrom store.importing.errors import FileRefused\nfrom store.importing.source import open_table\n"
        "try:\n    with open_table(sys.argv[1]) as t:\n        print('opened', sum(1 for _ in t.rows))\n"
        "except FileRefused as e:\n    print(e.reason)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=True,
    )
    assert result.stderr == ""
    return result.stdout.strip()
