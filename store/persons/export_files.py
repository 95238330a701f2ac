"""Writing export rows to a CSV or XLSX file that is whole or not there at all.

``private_output`` gives a temporary file beside the target, readable by its owner only,
and renames it over the target when the writing ends well; on any failure (a full disk,
Ctrl-C) the temporary file is removed and the target is as it was. The rename keeps the
temporary file's owner-only mode, so an existing target shared with others becomes
owner-only too: it now holds personal data.

Cells are written so that nothing in them runs (``spreadsheet_cells``):

- CSV (UTF-8, a header row, ``csv`` module quoting): every value is text; a text that a
  spreadsheet would run as a formula gets an apostrophe before it (``neutralise``), and a
  number or a single E.164 phone (``+385911234567``) stays as it is, as everywhere else the
  program writes CSV.
- XLSX (openpyxl write-only, one sheet ``Persons``): numbers are number cells, True/False
  boolean cells, dates and times date cells (UTC, no offset: Excel has none); every text is a
  text cell, never a formula, and a text starting with ``=``, ``+``, ``-``, ``@``, TAB or CR
  also carries Excel's quote prefix, which keeps it text when someone edits the cell. The
  value itself is exact, so reading the file back gives what the store holds.

Lists (phones, emails, tags) are joined by the export's separator; an item holding the
separator would make the cell ambiguous, so it is refused instead.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import decimal
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

from ..db import make_private_file
from ..errors import InvalidValue, LimitExceeded
from ..spreadsheet_cells import TRIGGERS, neutralise
from ..text_checks import shown

XLSX_CELL_CHARS = 32_767
"""The most characters an XLSX cell holds (Excel's limit)."""
XLSX_EXACT_DIGITS = 15
"""Numbers with more significant digits than this are text cells in XLSX: Excel keeps 15."""


def joined(items: Sequence[str], separator: str, column: str) -> str:
    """The items of a list cell joined by ``separator``; an item holding it is refused."""
    for item in items:
        if separator in item:
            raise InvalidValue(
                f"The {column} value {shown(item)} contains the separator {shown(separator)}: "
                "choose another separator.",
                field="separator",
                value=separator,
            )
    return separator.join(items)


def csv_text(value: Any, separator: str, column: str) -> str:
    """A value as CSV text (before neutralising): ISO dates and times, ``true``/``false``."""
    if value is None:
        return ""
    if type(value) is str:  # most cells
        return value
    if isinstance(value, list):
        return joined(value, separator, column)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class CsvSheet:
    """Rows written to a CSV file as they come."""

    def __init__(self, path: Path, headers: Sequence[str], separator: str) -> None:
        self._file = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self._headers = list(headers)
        self._separator = separator
        self._writer.writerow([neutralise(h) for h in self._headers])

    def write(self, row: Sequence[Any]) -> None:
        """Add one row."""
        cells = [csv_text(v, self._separator, h) for v, h in zip(row, self._headers, strict=True)]
        self._writer.writerow([neutralise(cell) for cell in cells])

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()

    def discard(self) -> None:
        """Stop writing after a failure (the caller removes the file)."""
        self._file.close()


class XlsxSheet:
    """Rows streamed into an XLSX sheet (openpyxl write-only: memory holds no rows)."""

    def __init__(self, path: Path, headers: Sequence[str], separator: str) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet: WriteOnlyWorksheet = self._book.create_sheet("Persons")
        # openpyxl streams the sheet's XML through a work file, by default in the system's
        # temporary folder (often memory, and shared): keep it beside the file instead.
        work = path.with_name(path.name + ".sheet.xml")
        make_private_file(work)
        ALL_TEMP_FILES.append(str(work))  # where openpyxl's cleanup after saving removes it from
        self._sheet._writer = WorksheetWriter(self._sheet, out=str(work))
        self._sheet._writer.write_top()
        self._headers = list(headers)
        self._separator = separator
        self._row = 1
        self._sheet.append([self._text(h, h) for h in self._headers])

    def write(self, row: Sequence[Any]) -> None:
        """Add one row."""
        self._row += 1
        self._sheet.append([self._cell(v, h) for v, h in zip(row, self._headers, strict=True)])

    def close(self) -> None:
        """Write the workbook to the file."""
        self._book.save(self._path)

    def discard(self) -> None:
        """Stop writing after a failure (the caller removes the files)."""
        with contextlib.suppress(Exception):
            self._sheet.close()

    def _cell(self, value: Any, column: str) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, list):
            return self._text(joined(value, self._separator, column), column)
        if isinstance(value, int):
            return value if len(str(abs(value))) <= XLSX_EXACT_DIGITS else self._text(str(value), column)
        if isinstance(value, decimal.Decimal):
            exact = len(value.as_tuple().digits) <= XLSX_EXACT_DIGITS
            return value if exact else self._text(format(value, "f"), column)
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        if isinstance(value, dt.date):
            return value
        return self._text(str(value), column)

    def _text(self, text: str, column: str) -> Any:
        """A text cell: never a formula, quote-prefixed when it starts like one."""
        if len(text) > XLSX_CELL_CHARS:
            raise LimitExceeded(
                f"The {column} value of row {self._row} holds {len(text):,} characters; an XLSX "
                f"cell holds at most {XLSX_CELL_CHARS:,}: export it to CSV.",
                field=column,
                value=text,
            )
        # Characters XML cannot hold (C0 controls): shown as escapes rather than failing.
        text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
        if not text.startswith(TRIGGERS):
            return text
        cell = WriteOnlyCell(self._sheet, text)
        cell.data_type = "s"  # openpyxl would make "=..." a formula
        cell.quotePrefix = True
        return cell


SHEETS: dict[str, type[CsvSheet] | type[XlsxSheet]] = {"csv": CsvSheet, "xlsx": XlsxSheet}
"""The file formats an export writes, by name."""


@contextlib.contextmanager
def private_output(target: Path) -> Iterator[Path]:
    """A fresh owner-only file to write into, renamed to ``target`` at the end.

    The file lies in a new owner-only folder beside ``target`` (on the same file system, so
    the rename is atomic), where a writer may keep its own work files too; missing folders
    above are made owner-only. The folder goes at the end, and on any exception, Ctrl-C
    included, with all it holds; the exception goes on and ``target`` is left as it was.

    Raises:
        InvalidValue: (field ``path``) the target is a folder, or the file cannot be made
            or renamed there (the reason the system gives).
    """
    if target.is_dir():
        raise InvalidValue(f"Cannot write {target}: it is a folder.", field="path", value=str(target))
    folder = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    temporary = folder / target.name
    try:
        try:
            make_private_file(temporary)
            yield temporary
            os.replace(temporary, target)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    except OSError as exc:
        raise InvalidValue(
            f"Cannot write {target}: {exc.strerror or exc}.", field="path", value=str(target)
        ) from None
