"""A first look at an import file: its first rows as read, how it was read, the mapping proposed.

The console's import wizard shows this before anything is imported, and again whenever
the encoding, the delimiter, the rows to skip or the kind of record change. Only the
first rows are read (the reader streams, so a 50 MB file costs no more than a small one),
and nothing is written: no history entry, no lock. A file that cannot be imported raises
``FileRefused`` with the message the import itself would give.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from itertools import islice

from ..attributes import attribute_names
from ..settings import get_setting
from .options import ImportOptions, known_fields, resolve_mapping
from .source import open_table
from .table import Cell, CellError

PREVIEW_ROWS = 8
"""Rows of the file the preview shows."""
SAMPLE_ROWS = 50
"""Rows the sample values of each column are taken from."""
SAMPLES = 3
"""Different values shown beside each column."""


@dataclass(frozen=True)
class ColumnPreview:
    """One column: its header text, the field proposed for it (``skip``: none), sample values."""

    position: int
    header: str
    field: str
    samples: list[str]


@dataclass(frozen=True)
class FilePreview:
    """The first rows of a file as the import reads them, and how it read them.

    ``rows`` are ``(row number, cell texts)``; ``encoding`` and ``delimiter`` are None for
    spreadsheets; ``encoding_detected`` says the encoding was guessed.
    """

    file_format: str
    encoding: str | None
    encoding_detected: bool
    delimiter: str | None
    member_name: str | None
    notes: list[str]
    columns: list[ColumnPreview]
    rows: list[tuple[int, list[str]]]


def cell_text(cell: Cell) -> str:
    """A cell as the preview shows it: empty for none, ISO for a date, the text of an error."""
    if cell is None:
        return ""
    if isinstance(cell, CellError):
        return cell.text
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return cell


def preview_file(
    path: str | os.PathLike[str],
    *,
    of: str = "persons",
    encoding: str | None = None,
    delimiter: str | None = None,
    skip_rows: int = 0,
) -> FilePreview:
    """The first rows of ``path``, how they were read, and the mapping an import would propose.

    Raises:
        FileRefused: the file cannot be imported (its message says why and what to do).
        ValueError: ``skip_rows`` is negative or ``delimiter`` is not one character.
    """
    with open_table(
        path,
        encoding=encoding,
        delimiter=delimiter,
        skip_rows=skip_rows,
        max_uncompressed=int(get_setting("zip_max_uncompressed")),
    ) as table:
        read = [(row.number, [cell_text(c) for c in row.cells]) for row in islice(table.rows, SAMPLE_ROWS)]
        header = table.header
        proposal = resolve_mapping(header, ImportOptions(of=of))
        columns = []
        for position, text in enumerate(header):
            samples: list[str] = []
            for _number, cells in read:
                value = cells[position]
                if value and value not in samples:
                    samples.append(value)
                    if len(samples) == SAMPLES:
                        break
            columns.append(ColumnPreview(position, text, proposal.fields.get(position, "skip"), samples))
        return FilePreview(
            file_format=table.file_format,
            encoding=table.encoding,
            encoding_detected=table.encoding_detected,
            delimiter=table.delimiter,
            member_name=table.member_name,
            notes=list(table.notes),
            columns=columns,
            rows=read[:PREVIEW_ROWS],
        )


def field_choices(of: str = "persons") -> list[str]:
    """Every field a column can map to: ``skip``, the standard fields, ``custom:<name>``."""
    entity = "person" if of == "persons" else "company"
    return ["skip", *known_fields(of), *(f"custom:{name}" for name in attribute_names(entity))]
