"""Opening an import file as a :class:`SourceTable`: the reading layer's one entry point.

:func:`open_table` checks the file (size, extension, what its bytes really are), picks
the reader for its format, finds the header and makes sure a data row follows, all
before it yields; a file that cannot be imported raises :class:`FileRefused` instead.
The rows then stream while the ``with`` block lasts::

    with open_table("customers.csv", skip_rows=2) as table:
        table.header                      # ['Email', 'First name', ...]
        for row in table.rows:            # SourceRow(number=4, cells=[...], ...)
            ...

The extension decides the format, case-insensitively: ``.csv``, ``.txt``, ``.xls``,
``.xlsx``, or ``.zip`` holding one of them.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .csv_reader import open_text, parse_delimiter
from .encoding import ByteOpener
from .errors import FileRefused
from .table import Cell, CellError, Records, SourceRow, SourceTable
from .zip_source import choose_member, extract_member, member_opener

__all__ = ["Cell", "CellError", "FileRefused", "SourceRow", "SourceTable", "open_table"]

MAX_FILE_BYTES = 52_428_800
"""50 MiB: the largest file accepted as given (a zip may expand further)."""
DEFAULT_MAX_UNCOMPRESSED = 1 << 30
FORMATS = ("csv", "txt", "xls", "xlsx", "zip")


@contextlib.contextmanager
def open_table(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    skip_rows: int = 0,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> Iterator[SourceTable]:
    """Open the import file at ``path`` and yield its table; files close on exit.

    Args:
        path: the file; its extension decides the format.
        display_name: the name to show the user (default: the file's name).
        encoding: the codec of a text file; decoding is then strict.
        delimiter: ``tab`` or one character; detected among ``, ; TAB |`` when absent.
        skip_rows: records or sheet rows to ignore before looking for the header.
        max_uncompressed: how far a ``.zip`` (or an XLSX package) may expand.

    Raises:
        FileRefused: before yielding, when the file cannot be imported (see the reasons on
            :class:`FileRefused`); while rows are read, only for damage found late: a zip
            member whose data is broken or expands past ``max_uncompressed``, a quote
            never closed (or a quoted cell over ``csv_reader.MAX_RECORD_LINES`` lines or
            longer than ``csv.field_size_limit()``), a damaged sheet.
        ValueError: ``skip_rows`` is negative or ``delimiter`` is not one character.
    """
    if skip_rows < 0:
        raise ValueError("skip_rows cannot be negative")
    if delimiter is not None:
        parse_delimiter(delimiter)
    path = Path(path)
    name = display_name or path.name
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        shown = f"'{path.suffix}'" if path.suffix else "without an extension"
        raise FileRefused(
            "unsupported-format",
            f"Files {shown} cannot be imported: use CSV, TXT, XLS or XLSX, or a ZIP holding one of them.",
        )
    size = _size(path, name)
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            "too-large",
            f"The file is {size / (1 << 20):.1f} MiB; at most 50 MiB can be imported: put "
            "it in a .zip (compressed) or split it into smaller files.",
        )
    if size == 0:
        raise FileRefused("empty", "The file is empty (0 bytes): there is nothing to import.")
    options = _Options(encoding, delimiter, skip_rows, max_uncompressed)
    with ExitStack() as stack:
        if kind == "zip":
            yield _open_zip(path, options, stack)
        else:
            yield _open_file(path, kind, options, stack)


@dataclass(frozen=True)
class _Options:
    encoding: str | None
    delimiter: str | None
    skip_rows: int
    max_uncompressed: int


def _size(path: Path, name: str) -> int:
    try:
        stat = path.stat()
    except OSError as exc:
        raise FileRefused(
            "corrupt", f"{name} cannot be read ({exc.strerror}): check its name and permissions."
        ) from exc
    if not path.is_file():
        raise FileRefused("unsupported-format", f"{name} is not a file.")
    return stat.st_size


def _open_file(path: Path, kind: str, options: _Options, stack: ExitStack) -> SourceTable:
    if kind in ("csv", "txt"):
        return _text_table(lambda: path.open("rb"), kind, options, stack)
    # Spreadsheets are read in a helper process with bounded memory and time; the
    # spreadsheet libraries load there only.
    from .sheet_process import sheet_records

    records = sheet_records(
        path, "xls" if kind == "xls" else "xlsx", max_uncompressed=options.max_uncompressed
    )
    stack.callback(records.close)
    header, rows = _header_and_rows(records, options.skip_rows, flag_extra=False)
    return SourceTable(header=header, rows=rows, file_format=kind)


def _open_zip(path: Path, options: _Options, stack: ExitStack) -> SourceTable:
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FileRefused(
            "corrupt", "The zip is damaged or is not a zip file, so it cannot be read."
        ) from exc
    member = choose_member(archive, options.max_uncompressed)
    name = member.info.filename
    try:
        if member.kind in ("csv", "txt"):
            opener = member_opener(archive, member, options.max_uncompressed)
            table = _text_table(opener, member.kind, options, stack)
        else:
            copy = extract_member(archive, member, options.max_uncompressed, stack)
            table = _open_file(copy, member.kind, options, stack)
    except FileRefused as exc:
        raise FileRefused(exc.reason, f"{name} (in the zip): {exc.message}") from exc
    table.member_name = name
    table.notes[:0] = member.notes
    return table


def _text_table(opener: ByteOpener, kind: str, options: _Options, stack: ExitStack) -> SourceTable:
    source = open_text(
        opener,
        kind=kind,
        encoding=options.encoding,
        delimiter=options.delimiter,
        skip_rows=options.skip_rows,
    )
    stack.callback(source.records.close)
    header, rows = _header_and_rows(source.records, options.skip_rows, flag_extra=True)
    notes = []
    if source.encoding.detected:
        notes.append(
            f"The encoding was detected as {source.encoding.codec}; if that is wrong, import "
            "again with the right encoding."
        )
    return SourceTable(
        header=header,
        rows=rows,
        file_format=kind,
        encoding=source.encoding.codec,
        encoding_detected=source.encoding.detected,
        delimiter=source.delimiter,
        notes=notes,
    )


def _header_and_rows(
    records: Records, skip_rows: int, *, flag_extra: bool
) -> tuple[list[str], Iterator[SourceRow]]:
    """The header (first non-blank record after ``skip_rows``) and the data rows.

    Peeks at the first data row, so a file with a header and nothing below it is refused
    here rather than imported as nothing.
    """
    for number, cells in records:
        if number > skip_rows and cells.count(None) != len(cells):
            header_number, header = number, [_header_text(cell) for cell in cells]
            break
    else:
        after = f" after skipping the first {skip_rows} rows" if skip_rows else ""
        raise FileRefused("empty", f"The file holds no data{after}: there is not even a header row.")
    rows = _data_rows(records, len(header), flag_extra)
    first = next(rows, None)
    if first is None:
        raise FileRefused(
            "no-data-rows",
            f"The file has a header (row {header_number}) but no data rows below it: "
            "there is nothing to import.",
        )
    return header, chain([first], rows)


def _data_rows(records: Records, width: int, flag_extra: bool) -> Iterator[SourceRow]:
    for number, cells in records:
        count = len(cells)
        if cells.count(None) == count:
            continue
        too_many = False
        if count < width:
            cells.extend([None] * (width - count))
        elif count > width:
            extra = cells[width:]
            too_many = flag_extra and extra.count(None) != len(extra)
            del cells[width:]
        yield SourceRow(number, cells, too_many)


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, CellError):
        return cell.text
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return cell
