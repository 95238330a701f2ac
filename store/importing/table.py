"""The shape every reader produces: a header and a stream of rows of cells.

Readers (CSV/TXT, XLS, XLSX, ZIP) differ in how they get at the data; past this point
the import engine sees only :class:`SourceTable`. A cell is ``None`` when empty, a
trimmed ``str``, a ``datetime.date``/``datetime.datetime`` for spreadsheet date cells,
or a :class:`CellError` for a spreadsheet error value.
"""

from __future__ import annotations

import datetime
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellError:
    """A spreadsheet error value such as ``#N/A``, ``#VALUE!`` or ``#DIV/0!``."""

    text: str


Cell = str | datetime.date | datetime.datetime | CellError | None
"""One cell: ``None`` is an empty cell; strings are trimmed and never empty."""

Record = tuple[int, list[Cell]]
"""What a reader gives per record: its number (from 1) and its cells, all of them."""
Records = Generator[Record, None, None]
"""A reader's records; closing the generator closes the file it reads."""


@dataclass
class SourceRow:
    """One non-blank data row.

    Attributes:
        number: the record's number as a spreadsheet shows it, counting from 1 with the
            header and skipped rows included (CSV: records, not physical lines; sheets:
            the sheet row number).
        cells: by column position, padded with ``None`` to the header's width.
        too_many_fields: CSV/TXT only: the record had more fields than the header and
            an extra one was not empty.
    """

    number: int
    cells: list[Cell]
    too_many_fields: bool = False


@dataclass
class SourceTable:
    """An opened file: its header, its rows (streamed) and how it was read.

    Attributes:
        header: header cells by position, trimmed, ``''`` for an empty one.
        rows: the non-blank data rows, streamed; blank rows are not yielded.
        file_format: ``csv``, ``txt``, ``xls`` or ``xlsx`` (for a zip, its member's).
        encoding: the codec used for text (``utf-8``, ``utf-8-sig``, ``utf-16``,
            ``cp1252``...); ``None`` for spreadsheets.
        encoding_detected: the encoding was guessed by a detector, so the user should be
            told which one; ``False`` when it came from a BOM, UTF-8 or the caller.
        delimiter: the field delimiter of text files, ``None`` for spreadsheets.
        member_name: for a ``.zip``, the name of the member that was read.
        notes: sentences for the user about how the file was read.
    """

    header: list[str]
    rows: Iterator[SourceRow]
    file_format: str
    encoding: str | None = None
    encoding_detected: bool = False
    delimiter: str | None = None
    member_name: str | None = None
    notes: list[str] = field(default_factory=list)
