"""Reading the first worksheet of ``.xls`` and ``.xlsx`` workbooks.

- ``.xlsx``: python-calamine (fast; holds the sheet's whole area in memory) after the
  package checks of :mod:`ooxml` and the worksheet scan of :mod:`sheet_scan`, with the
  error cells it cannot see put back from the scan; openpyxl in read-only, ``data_only``
  mode (streaming, defusedxml-guarded, bounded to the cells that hold values) when the
  scan is not sure, the sheet's area or XML is too big for calamine, or calamine fails.
  A sheet whose area (rows times used columns) passes :data:`MAX_SHEET_CELLS` is refused.
- ``.xls``: xlrd, which reads BIFF2 to BIFF8 and refuses damaged compound files that
  calamine would half-read; python-calamine is not used for ``.xls`` because it turns
  error cells into empty strings and reads some corrupt files without complaint.

These readers run inside the helper process of :mod:`sheet_process`, which bounds their
memory and time; the import reads through it. Both give records of converted cells: whole numbers as ``'12345'``, other numbers
repr-like, booleans ``TRUE``/``FALSE``, dates as ``date`` (``datetime`` with a time part),
times as ``HH:MM:SS``, errors as :class:`CellError`, empty cells ``None``, and trailing
empty cells trimmed. Row numbers are the sheet's, from 1.
"""

from __future__ import annotations

import datetime
import os
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import openpyxl
import python_calamine
import xlrd
from xlrd.compdoc import CompDoc

from .errors import FileRefused
from .ooxml import CORRUPT, count_shared_strings, inspect_package, verify_parts
from .sheet_scan import scan_worksheet
from .table import Cell, CellError, Records

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BIFF_BOF_STARTS = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
CALAMINE_MAX_SHEET_BYTES = 400 << 20
"""Sheet XML above this is streamed with openpyxl (calamine needs ~1.8x it in memory)."""
CALAMINE_MAX_CELLS = 8_000_000
"""A sheet whose area (rows times used columns) passes this is streamed with openpyxl:
calamine allocates the whole area, filled or not."""
MAX_SHEET_CELLS = 50_000_000
"""The largest area (rows times used columns) read from a sheet; a larger one is refused."""

PASSWORD = "The file is password-protected: save a copy without a password and import that."
XLS_CORRUPT = (
    "The file is damaged or is not a real Excel 97-2003 workbook (.xls), so it cannot be "
    "read: open it in a spreadsheet program and save it again as XLSX, or export it as CSV."
)

# openpyxl warns about workbook features it drops (extensions, data validation): noise here.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


def convert(value: object) -> Cell:
    """One cell value from calamine, openpyxl or xlrd as a :data:`Cell`."""
    if value is None or isinstance(value, CellError):
        return value
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() and not value.tzinfo else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        hours, rest = divmod(round(value.total_seconds()), 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return str(value).strip() or None


def _trimmed(cells: list[Cell]) -> list[Cell]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    del cells[end:]
    return cells


# --- .xlsx -------------------------------------------------------------------------------


def xlsx_records(
    path: Path, *, max_uncompressed: int, on_sheet: Callable[[str], object] | None = None
) -> Records:
    """Records of the first worksheet of the ``.xlsx`` at ``path``.

    Everything that can refuse the file happens before this returns; the records are
    read when iterated. ``on_sheet`` is told the worksheet's name as soon as it is known.
    """
    _sniff_xlsx(path)
    try:
        with zipfile.ZipFile(path) as archive:
            sheet = inspect_package(archive, max_uncompressed)
            if sheet is None:
                raise FileRefused("empty", "The workbook has no worksheet, so there is no data.")
            if on_sheet is not None:
                on_sheet(sheet.name)
            verify_parts(archive, sheet.verify_parts)
            strings = count_shared_strings(archive, sheet.strings) if sheet.strings else 0
            scan = scan_worksheet(archive, sheet.part, sheet.name, strings)
            size = archive.getinfo(sheet.part).file_size
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FileRefused("corrupt", CORRUPT) from exc
    if scan.cells > MAX_SHEET_CELLS:
        raise FileRefused(
            "too-large",
            f"The worksheet '{sheet.name}' spans {scan.rows:,} rows by {scan.columns:,} "
            f"columns ({scan.cells:,} cells); at most {MAX_SHEET_CELLS:,} cells can be "
            "imported: delete the empty rows and columns around the data, split the sheet "
            "into smaller files, or export it as CSV.",
        )
    if not scan.cells:
        return _no_records()
    # errors None: the scan is unsure; a big sheet or area would not fit calamine's memory.
    if scan.errors is not None and size <= CALAMINE_MAX_SHEET_BYTES and scan.cells <= CALAMINE_MAX_CELLS:
        try:
            return calamine_records(path, sheet.name, scan.errors)
        except Exception:  # openpyxl may still read it, or will say it is corrupt
            pass
    return openpyxl_records(path, sheet.name, rows=scan.rows, columns=scan.columns)


def _no_records() -> Records:
    """The records of a sheet where no cell holds a value: none."""
    yield from ()


def _sniff_xlsx(path: Path) -> None:
    with path.open("rb") as stream:
        head = stream.read(512)
    if head.startswith(ZIP_MAGIC):
        return
    if head.startswith(OLE2_MAGIC):
        streams = _ole_streams(path)
        if "EncryptedPackage" in streams:
            raise FileRefused("encrypted", PASSWORD)
        if streams & {"Workbook", "Book"}:
            raise FileRefused(
                "unsupported-format",
                "This .xlsx file is really an Excel 97-2003 workbook: rename it to .xls and import it again.",
            )
        raise FileRefused(
            "unsupported-format",
            "This .xlsx file is really another kind of Office document: export its data as XLSX or CSV.",
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FileRefused(
            "unsupported-format",
            "This .xlsx file is really a web page or XML document: open it in a spreadsheet "
            "program and save it as XLSX or CSV.",
        )
    raise FileRefused("corrupt", CORRUPT)


def calamine_records(path: Path, sheet_name: str, errors: dict[int, dict[int, str]]) -> Records:
    """Records of sheet ``sheet_name`` read by python-calamine, ``errors`` put back in.

    The workbook opens now, so a failure surfaces here; rows stream from the generator.
    """
    workbook = python_calamine.CalamineWorkbook.from_path(os.fspath(path))
    try:
        sheet = workbook.get_sheet_by_name(sheet_name)
    except Exception:
        workbook.close()
        raise
    # iter_rows starts at row 1 but at the first column that holds data.
    offset = sheet.start[1] if sheet.start else 0
    return _calamine_rows(workbook, sheet, offset, errors)


def _calamine_rows(
    workbook: python_calamine.CalamineWorkbook,
    sheet: python_calamine.CalamineSheet,
    offset: int,
    errors: dict[int, dict[int, str]],
) -> Records:
    lead: list[Cell] = [None] * offset
    try:
        for index, values in enumerate(sheet.iter_rows()):
            cells = lead + [
                (value.strip() or None) if value.__class__ is str else convert(value) for value in values
            ]
            for column, text in errors.get(index, {}).items():
                cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = CellError(text)
            yield index + 1, _trimmed(cells)
    finally:
        workbook.close()


def openpyxl_records(
    path: Path, sheet_name: str, *, rows: int | None = None, columns: int | None = None
) -> Records:
    """Records of sheet ``sheet_name`` streamed by openpyxl (read-only, cached values).

    ``rows`` and ``columns`` bound what is read to the cells that hold values (the
    worksheet scan's extent), so empty cells far out cost nothing.
    """
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook[sheet_name]
        sheet.reset_dimensions()  # trust the cells, not a declared A1:XFD1048576
        by_row = sheet.iter_rows(max_row=rows, max_col=columns)
    except Exception as exc:  # openpyxl raises anything from KeyError to TypeError
        raise FileRefused("corrupt", CORRUPT) from exc
    return _openpyxl_rows(workbook, by_row)


def _openpyxl_rows(workbook: openpyxl.Workbook, rows: Iterator[tuple[Any, ...]]) -> Records:
    try:
        for number, row in enumerate(rows, start=1):
            cells = [
                CellError(str(cell.value)) if cell.data_type == "e" else convert(cell.value) for cell in row
            ]
            yield number, _trimmed(cells)
    except Exception as exc:
        raise FileRefused("corrupt", CORRUPT) from exc
    finally:
        workbook.close()


# --- .xls --------------------------------------------------------------------------------


def xls_records(path: Path, *, on_sheet: Callable[[str], object] | None = None) -> Records:
    """Records of the first worksheet of the ``.xls`` at ``path`` (refusals happen now).

    ``on_sheet`` is told the worksheet's name once the workbook is open.
    """
    _sniff_xls(path)
    try:
        with open(os.devnull, "w") as devnull:
            book = xlrd.open_workbook(os.fspath(path), logfile=devnull, on_demand=True, ragged_rows=True)
            if book.nsheets == 0:
                raise FileRefused("empty", "The workbook has no worksheet, so there is no data.")
            sheet = book.sheet_by_index(0)
            if on_sheet is not None:
                on_sheet(sheet.name)
    except xlrd.biffh.XLRDError as exc:
        text = str(exc)
        if "encrypted" in text.lower():
            raise FileRefused("encrypted", PASSWORD) from exc
        if "Can't find workbook" in text:
            raise FileRefused(
                "unsupported-format", "This .xls file is another Office document, not a workbook."
            ) from exc
        raise FileRefused("corrupt", XLS_CORRUPT) from exc
    except FileRefused:
        raise
    except Exception as exc:  # xlrd fails on damaged files with struct/index/assert errors
        raise FileRefused("corrupt", XLS_CORRUPT) from exc
    return _xls_rows(book, sheet)


def _xls_rows(book: xlrd.Book, sheet: xlrd.sheet.Sheet) -> Records:
    datemode = book.datemode
    text = xlrd.XL_CELL_TEXT
    try:
        for index in range(sheet.nrows):
            cells = [
                (value.strip() or None) if ctype == text else _xls_cell(ctype, value, datemode)
                for ctype, value in zip(sheet.row_types(index), sheet.row_values(index), strict=True)
            ]
            yield index + 1, _trimmed(cells)
    finally:
        book.release_resources()


def _xls_cell(ctype: int, value: object, datemode: Literal[0, 1]) -> Cell:
    if ctype == xlrd.XL_CELL_DATE and isinstance(value, float):
        if 0 <= value < 1:  # a time of day, no date
            return (datetime.datetime(1, 1, 1) + datetime.timedelta(days=value)).time().isoformat()
        try:
            return convert(xlrd.xldate.xldate_as_datetime(value, datemode))
        except (ValueError, OverflowError):
            return convert(value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return convert(bool(value))
    if ctype == xlrd.XL_CELL_ERROR:
        code = value if isinstance(value, int) else -1
        return CellError(xlrd.error_text_from_code.get(code, "#ERROR!"))
    return convert(value) if ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER) else None


def _sniff_xls(path: Path) -> None:
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(OLE2_MAGIC):
        if "EncryptedPackage" in _ole_streams(path):
            raise FileRefused("encrypted", PASSWORD)
        return
    if head.startswith(BIFF_BOF_STARTS):
        return  # a bare BIFF2-4 stream
    if head.startswith(ZIP_MAGIC):
        raise FileRefused(
            "unsupported-format",
            "This .xls file is really an XLSX workbook: rename it to .xlsx and import it again.",
        )
    markup = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if markup.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in markup and b"<html" not in markup:
            what = "an XML spreadsheet (Excel 2003 XML)"
        else:
            what = "a web page (HTML)"
        raise FileRefused(
            "unsupported-format",
            f"This .xls is really {what}: open it in a spreadsheet program and save it as XLSX or CSV.",
        )
    if b"\0" not in head:
        raise FileRefused(
            "corrupt",
            "This .xls file is not an Excel workbook: it holds plain text. If it is a CSV "
            "export, rename it to .csv and import it again.",
        )
    raise FileRefused("corrupt", XLS_CORRUPT)


def _ole_streams(path: Path) -> set[str]:
    """The stream names of an OLE2 compound file (empty when it is damaged)."""
    try:
        with open(os.devnull, "w") as devnull:
            document = CompDoc(path.read_bytes(), logfile=devnull)
        return {entry.name for entry in document.dirlist}
    except Exception:  # a damaged directory: let the reader say it is corrupt
        return set()
