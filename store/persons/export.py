"""Export any person list to a CSV or XLSX file, streamed in bounded memory.

``export_persons`` writes the persons of a ``PersonCriteria`` (optionally narrowed by what
the search box would find for a text) with the columns chosen (``export_columns``); the
lower-level ``export_ids`` writes any iterable of ids, for lists that come from elsewhere,
and ``export_selection`` the console's selection (explicit ids, or a whole list but some).
Either way the list is counted first (an XLSX sheet holds 1,048,575 rows under its
header: a longer list is refused before anything is written), then walked by keyset
``BATCH`` ids at a time; each batch's values load in a constant number of queries and go
straight to the file, so memory holds one batch whatever the list's length.

The walk is not one transaction (on SQLite that would hold the database for the whole
export): a person changed while the export runs is written as they are when their batch is
read, one deleted by then is left out, and ``exported`` says how many rows were written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import chunked

from ..arguments import check_ids
from ..db import tuple_rows
from ..errors import InvalidValue, LimitExceeded
from ..models import Tag
from ..text_checks import shown
from . import export_files
from .export_columns import DEFAULT_SEPARATOR, Column, load_rows, resolve_columns
from .listing import PersonCriteria, count_persons, walk_ids
from .selection import Selection, count_selected, selected_ids
from .window import read_search, search_ids, search_total

BATCH = 1000
"""Persons loaded and written at a time."""
XLSX_MAX_ROWS = 1_048_576
"""Rows in an XLSX sheet, the header's included (Excel's limit)."""
FORMATS = tuple(export_files.SHEETS)

Progress = Callable[[int, int], object]
"""Called after each batch with the rows written so far and the total counted first."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    exported: int
    path: Path
    columns: list[str]
    file_format: str

    def to_dict(self) -> dict[str, Any]:
        """The result as the command line prints it."""
        return {"exported": self.exported, "file": str(self.path), "columns": list(self.columns)}


def export_persons(
    criteria: PersonCriteria,
    path: str | os.PathLike[str],
    *,
    file_format: str = "csv",
    columns: Sequence[str] | None = None,
    separator: str = DEFAULT_SEPARATOR,
    search: str = "",
    progress: Progress | None = None,
) -> ExportResult:
    """Write the persons of ``criteria`` to ``path`` as CSV or XLSX, owner-only.

    Args:
        criteria: the list's filters (as ``persons.listing`` pages them; Anonymous persons
            only when its types include them).
        path: the file to write; an existing file is replaced only once the new one is whole.
        file_format: ``csv`` or ``xlsx``.
        columns: the columns in order (``export_columns``); None: every standard column
            but push registrations, then every person custom attribute, then every
            computed attribute.
        separator: what joins phones, emails and tags in one cell.
        search: a text read as the console's search box reads it; the export then holds
            every person that search finds under ``criteria``, in the same order.
        progress: called after each batch with (rows written, total).

    Raises:
        InvalidValue: an unknown column or format, a bad separator or a path that cannot
            be written.
        LimitExceeded: an XLSX of more persons than a sheet holds.
    """
    if search.strip():
        found = read_search(search, criteria)
        return _export_batches(
            search_ids(found, BATCH),
            search_total(found),
            path,
            file_format=file_format,
            columns=columns,
            separator=separator,
            progress=progress,
        )
    return _export_batches(
        walk_ids(criteria, BATCH),
        count_persons(criteria),
        path,
        file_format=file_format,
        columns=columns,
        separator=separator,
        progress=progress,
    )


def export_ids(
    ids: Iterable[int],
    total: int,
    path: str | os.PathLike[str],
    *,
    file_format: str = "csv",
    columns: Sequence[str] | None = None,
    separator: str = DEFAULT_SEPARATOR,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the persons of ``ids`` (in that order, ``total`` of them) as ``export_persons`` does.

    ``ids`` may be a generator: it is read ``BATCH`` ids at a time, each checked as every id
    is (``InvalidValue`` for one that is not, and no file is left).
    """
    return _export_batches(
        (check_ids(batch, "person_id") for batch in chunked(ids, BATCH)),
        total,
        path,
        file_format=file_format,
        columns=columns,
        separator=separator,
        progress=progress,
    )


def export_selection(
    selection: Selection,
    path: str | os.PathLike[str],
    *,
    file_format: str = "csv",
    columns: Sequence[str] | None = None,
    separator: str = DEFAULT_SEPARATOR,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the persons of ``selection`` (explicit ids in id order, or a whole list in its
    order without the persons left out) as ``export_persons`` does."""
    return _export_batches(
        selected_ids(selection, BATCH),
        count_selected(selection),
        path,
        file_format=file_format,
        columns=columns,
        separator=separator,
        progress=progress,
    )


def _export_batches(
    batches: Iterable[list[int]],
    total: int,
    path: str | os.PathLike[str],
    *,
    file_format: str = "csv",
    columns: Sequence[str] | None = None,
    separator: str = DEFAULT_SEPARATOR,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the persons of ``batches`` (lists of ids, ``total`` in all) as ``export_persons`` does."""
    sheet_type = _sheet_type(file_format)
    chosen = resolve_columns(columns)
    separator = check_separator(separator)
    if any(c.header == "tags" for c in chosen):
        _check_tag_names(separator)
    if file_format == "xlsx":
        _check_fits(total)
    target = Path(path).expanduser()
    headers = [c.header for c in chosen]
    written = 0
    with export_files.private_output(target) as temporary:
        sheet = sheet_type(temporary, headers, separator)
        try:
            for rows in _rows(batches, chosen):
                if file_format == "xlsx":
                    _check_fits(written + len(rows))
                for row in rows:
                    sheet.write(row)
                written += len(rows)
                if progress is not None:
                    progress(written, max(total, written))
        except BaseException:
            sheet.discard()
            raise
        sheet.close()
    return ExportResult(written, target, headers, file_format)


def _rows(batches: Iterable[list[int]], columns: list[Column]) -> Iterator[list[list[Any]]]:
    for ids in batches:
        if ids:
            yield load_rows(columns, ids)


def _sheet_type(file_format: str) -> type[export_files.CsvSheet | export_files.XlsxSheet]:
    sheet = export_files.SHEETS.get(file_format) if isinstance(file_format, str) else None
    if sheet is None:
        raise InvalidValue(
            f"Format {shown(file_format)} is not one of {', '.join(FORMATS)}.",
            field="format",
            value=file_format,
        )
    return sheet


def check_separator(separator: Any) -> str:
    """The separator of list cells: 1 to 10 characters, no line break, tab or NUL."""
    if not isinstance(separator, str) or not 1 <= len(separator) <= 10:
        raise InvalidValue(
            f"Separator {shown(separator)} must be 1 to 10 characters.", field="separator", value=separator
        )
    if any(c in separator for c in "\r\n\t\x00"):
        raise InvalidValue(
            f"Separator {shown(separator)} must not hold a line break, a tab or a NUL.",
            field="separator",
            value=separator,
        )
    return separator


def _check_tag_names(separator: str) -> None:
    """Refuse, before writing, a separator that some tag's name contains (the cell of a
    person with that tag could not be split again)."""
    for (name,) in tuple_rows(Tag.select(Tag.name).order_by(Tag.name_key)):
        if separator in name:
            raise InvalidValue(
                f"The tag {shown(name)} contains the separator {shown(separator)}: choose another separator.",
                field="separator",
                value=separator,
            )


def _check_fits(rows: int) -> None:
    """Refuse an XLSX of more persons than a sheet holds under its header."""
    room = XLSX_MAX_ROWS - 1
    if rows > room:
        raise LimitExceeded(
            f"{rows:,} persons do not fit an XLSX sheet, which holds {room:,} rows under its "
            "header: export them to CSV, or narrow the list.",
            field="persons",
            value=rows,
        )
