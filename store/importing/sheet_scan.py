"""One streamed pass over a worksheet's XML before any spreadsheet library reads it.

The pass refuses what would make a reader crash, allocate without bound or read wrong
values, and measures what the reader will have to build:

- every reference is checked: the declared ``<dimension ref>``, each row's ``r`` and each
  cell's ``r`` must be well formed and within Excel's limits (1,048,576 rows, 16,384
  columns A to XFD). python-calamine panics on ``A0`` and aborts the whole process when
  asked to allocate the area up to ``XFD1048576``.
- each shared-string cell (``t="s"``) must point into the workbook's strings: an index
  below 0 or past the end is refused (calamine reads ``-1`` as another cell's text).
- the extent of the cells that hold a value (the last row and column) tells how many
  cells a reader builds, so a sheet can be refused as too large or kept from calamine,
  which allocates its whole area at once.
- the error cells (``t="e"``) are collected, because python-calamine reads them as empty
  strings.

The common markup (``<c r="B2" ...>`` as Excel, LibreOffice and openpyxl write it) is
scanned with byte patterns in chunks, which costs little next to reading the sheet. The
scan checks itself: a chunk it cannot fully account for (cells without a reference,
other quoting, prefixed tags, a shared-string index that is not a plain number) makes the
whole part go through a careful defusedxml parse instead, which finds the same facts but
does not place error cells (the reader is then openpyxl).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from .errors import FileRefused
from .ooxml import CORRUPT, SCAN_CHUNK_BYTES, ZIP_ERRORS

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_SCAN_CARRY_BYTES = 64 << 20

_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_BAD_CELL_REF = re.compile(rb'<c r="(?![A-Z]{1,3}[1-9][0-9]{0,6}")')
_ODD_CELL_TAG = re.compile(rb"<c[>/\t\n\r]")
_ODD_TYPES = (b"t='", b"t =", b"t= ")
_FAR_COLUMN = re.compile(rb'<c r="([A-Z]{3})[0-9]')
_FAR_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{7})"')
_VALUED_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"[^>]*(?<!/)>')
_VALUED_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"[^>]*(?<!/)>')
_ODD_ROW_TAG = re.compile(rb"<row[>/\t\n\r]")
_ROW = re.compile(rb'<row r="([1-9][0-9]{0,6})"')
_SHARED = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*? t="s"[^>]*><v>([0-9]{1,10})</v>')
_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*(?:"e"|'e')[^>]*>""")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']""")
_CELL_VALUE = re.compile(
    rb"""(?:\s|<(?:[\w.-]+:)?f\b[^>]*/>|<(?:[\w.-]+:)?f\b[^>]*>[^<]*</(?:[\w.-]+:)?f>)*"""
    rb"""<(?:[\w.-]+:)?v>([^<]*)</"""
)
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_XML_ESCAPES = {b"&amp;": b"&", b"&lt;": b"<", b"&gt;": b">", b"&quot;": b'"', b"&apos;": b"'"}


@dataclass
class SheetScan:
    """What the scan of one worksheet found.

    Attributes:
        rows: the last row holding a value (from 1; 0 when no cell holds one).
        columns: the last column holding a value (from 1; 0 when none).
        errors: the error cells, ``{row: {column: text}}`` from 0, or ``None`` when the
            careful parse ran or some ``t="e"`` could not be placed (read with openpyxl).
    """

    rows: int = 0
    columns: int = 0
    errors: dict[int, dict[int, str]] | None = None

    @property
    def cells(self) -> int:
        """Rows times used columns: how many cells a reader builds for the sheet."""
        return self.rows * self.columns


class _Unsure(Exception):
    """The byte scan met markup it does not account for: parse the part carefully."""


def scan_worksheet(archive: zipfile.ZipFile, part: str, sheet: str, strings: int) -> SheetScan:
    """Scan worksheet ``part`` (named ``sheet``) of a workbook that holds ``strings`` shared strings.

    Streams the part (which also checks its size and CRC), by byte patterns and, when
    they are not sure, again with a careful parse.

    Raises:
        FileRefused: ``corrupt`` for a reference outside the sheet's limits or not well
            formed, a shared-string index out of range, XML that does not parse, or a
            part that does not match its declared size or CRC; the message names the
            sheet and the cell.
    """
    try:
        try:
            return _fast_scan(archive, part, sheet, strings)
        except _Unsure:
            return _careful_scan(archive, part, sheet, strings)
    except ZIP_ERRORS as exc:
        raise FileRefused("corrupt", CORRUPT) from exc


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The part in pieces cut after a row's end, so that no cell is split between two."""
    carry = b""
    while True:
        chunk = stream.read(SCAN_CHUNK_BYTES)
        buffer = carry + chunk
        cut = buffer.rfind(b"row>") + 4 if chunk else len(buffer)
        if cut < 4:
            if len(buffer) > MAX_SCAN_CARRY_BYTES:
                raise _Unsure
            carry = buffer
            continue
        done, carry = buffer[:cut], buffer[cut:]
        yield done
        if not chunk:
            return


def _fast_scan(archive: zipfile.ZipFile, part: str, sheet: str, strings: int) -> SheetScan:
    scan = SheetScan(errors={})
    first = True
    marks = located = 0
    with archive.open(part) as stream:
        for done in _chunks(stream):
            if first:
                first = False
                start = done.find(b"<sheetData")
                head = done[:start] if start >= 0 else done
                if re.search(rb"<[\w.-]+:worksheet\b", head):
                    raise _Unsure  # prefixed tags: the patterns below would miss them
                dimension = _DIMENSION.search(head)
                if dimension is not None:
                    _check_dimension(dimension.group(1).decode("utf-8", "replace"), sheet)
            _scan_rows(done)
            _scan_cells(done, scan)
            if b't="s"' in done:
                _scan_shared(done, sheet, strings)
            if b't="e"' in done:
                assert scan.errors is not None
                marks += done.count(b't="e"')
                located += _locate_errors(done, scan.errors)
    if located != marks:
        scan.errors = None
    return scan


def _scan_rows(data: bytes) -> None:
    numbers = _ROW.findall(data)
    if len(numbers) != data.count(b"<row ") or _ODD_ROW_TAG.search(data):
        raise _Unsure
    if numbers and max(map(int, set(numbers))) > MAX_ROWS:
        raise _Unsure  # the careful parse names the row


def _scan_cells(data: bytes, scan: SheetScan) -> None:
    """Check every cell reference of ``data`` and widen the extent to its valued cells.

    Searches that find nothing cost little; the lists of the valued cells' rows and
    columns are reduced by sets, so the cost per cell stays in C.
    """
    tags = data.count(b"<c ")
    if tags != data.count(b'<c r="') or _ODD_CELL_TAG.search(data) or _BAD_CELL_REF.search(data):
        raise _Unsure  # a cell without a reference first, another tag form, a malformed reference
    if any(odd in data for odd in _ODD_TYPES):
        raise _Unsure  # other spacing or quoting, which the type counts would miss
    if not tags:
        return
    if _FAR_COLUMN.search(data) and max(_FAR_COLUMN.findall(data)) > b"XFD":
        raise _Unsure
    if _FAR_ROW.search(data) and max(map(int, _FAR_ROW.findall(data))) > MAX_ROWS:
        raise _Unsure
    valued_rows = set(_VALUED_ROW.findall(data))
    if valued_rows:
        scan.rows = max(scan.rows, *map(int, valued_rows))
        letters = set(_VALUED_COLUMN.findall(data))
        scan.columns = max(scan.columns, *(column_number(letter.decode("ascii")) for letter in letters))


def _scan_shared(data: bytes, sheet: str, strings: int) -> None:
    found = _SHARED.findall(data)
    if len(found) != data.count(b't="s"'):
        raise _Unsure  # a t="s" cell with other markup, no value or a value like -1
    if found:
        ref, index = max(found, key=lambda cell: int(cell[1]))
        _check_shared(int(index), strings, sheet, ref.decode("ascii"))


def _locate_errors(data: bytes, found: dict[int, dict[int, str]]) -> int:
    located = 0
    for match in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(match.group(0))
        value = _CELL_VALUE.match(data, match.end())
        if ref is None or value is None:
            continue
        text = value.group(1)
        for escaped, plain in _XML_ESCAPES.items():
            text = text.replace(escaped, plain)
        row = int(ref.group(2)) - 1
        column = column_number(ref.group(1).decode("ascii").upper()) - 1
        found.setdefault(row, {})[column] = text.decode("utf-8", "replace").strip()
        located += 1
    return located


def _careful_scan(archive: zipfile.ZipFile, part: str, sheet: str, strings: int) -> SheetScan:
    """The scan by a defusedxml parse: positions as readers infer them, no error cells."""
    scan = SheetScan()
    row = column = 0
    sheet_data = None
    with archive.open(part) as stream:
        try:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                tag = element.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "row":
                        number = element.get("r")
                        row = _row_number(number, sheet) if number is not None else row + 1
                        column = 0
                    elif tag == "sheetData":
                        sheet_data = element
                    elif tag == "dimension":
                        _check_dimension(element.get("ref", ""), sheet)
                    continue
                if tag == "c":
                    ref = element.get("r") or f"{_column_letters(column + 1)}{row}"
                    column, cell_row = _cell_position(ref, sheet)
                    _careful_cell(element, ref, scan, sheet, strings, cell_row, column)
                elif tag == "row" and sheet_data is not None:
                    sheet_data.clear()
        except (ParseError, DefusedXmlException) as exc:
            raise FileRefused("corrupt", CORRUPT) from exc
    return scan


def _careful_cell(
    element: Element, ref: str, scan: SheetScan, sheet: str, strings: int, row: int, column: int
) -> None:
    """Check one parsed cell and count it in the extent if it holds a value."""
    values = [child for child in element if child.tag.rpartition("}")[2] in ("v", "is")]
    if element.get("t") == "s":
        text = next((child.text or "" for child in values if child.tag.endswith("v")), "")
        try:
            index = int(text)
        except ValueError:
            index = -1
        _check_shared(index, strings, sheet, ref)
    if values:
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, column)


def _row_number(text: str, sheet: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ROWS:
        raise FileRefused("corrupt", _bad_reference(sheet, f"row {_shown(text)}"))
    return int(text)


def _cell_position(ref: str, sheet: str) -> tuple[int, int]:
    """``(column, row)`` of a cell reference, both from 1, or a refusal naming it."""
    match = _REF.fullmatch(ref)
    column = column_number(match.group(1).upper()) if match else 0
    row = int(match.group(2)) if match else 0
    if not (1 <= column <= MAX_COLUMNS and 1 <= row <= MAX_ROWS):
        raise FileRefused("corrupt", _bad_reference(sheet, f"cell {_shown(ref)}"))
    return column, row


def _check_dimension(ref: str, sheet: str) -> None:
    for corner in ref.split(":", 1):
        match = _REF.fullmatch(corner)
        if not (
            match
            and 1 <= column_number(match.group(1).upper()) <= MAX_COLUMNS
            and 1 <= int(match.group(2)) <= MAX_ROWS
        ):
            raise FileRefused("corrupt", _bad_reference(sheet, f"declared range {_shown(ref)}"))


def _check_shared(index: int, strings: int, sheet: str, ref: str) -> None:
    if not 0 <= index < strings:
        raise FileRefused(
            "corrupt",
            f"The worksheet '{sheet}' is damaged: cell {ref} points to shared string "
            f"{index}, but the workbook holds {strings:,} shared strings, so the file cannot be "
            "read: open it in a spreadsheet program and save it again, or export it as CSV.",
        )


def _bad_reference(sheet: str, what: str) -> str:
    return (
        f"The worksheet '{sheet}' is damaged: its {what} is not a valid reference (a sheet "
        f"has at most {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns, A to XFD), so the "
        "file cannot be read: open it in a spreadsheet program and save it again, or "
        "export it as CSV."
    )


def _shown(text: str) -> str:
    """A reference as quoted in a message: short and printable (it comes from the file)."""
    return ascii(text[:24])


def column_number(letters: str) -> int:
    """The column number (from 1) of upper-case column ``letters`` (``A`` is 1, ``XFD`` 16,384)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
