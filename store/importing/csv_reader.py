"""Reading delimited text (``.csv``, ``.txt``): encoding, delimiter, RFC 4180 records.

The file is streamed through ``io.TextIOWrapper(newline="")`` and ``csv.reader``, so
quoted fields may hold the delimiter, CR, LF, CRLF and doubled quotes, and CR-only line
endings work. A quote that is never closed, or that a stray quote closes only
MAX_RECORD_LINES lines further, is refused naming the row where it opens. A cell that
starts with an apostrophe before ``= + - @`` (as :mod:`store.spreadsheet_cells` writes
it) loses that apostrophe. The delimiter is detected among ``,`` ``;`` TAB ``|`` by parsing the first
records with each candidate (so only delimiters outside quotes count) and keeping the
one that splits the header into the most columns consistently with the rows below it.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

from ..spreadsheet_cells import restore
from .encoding import ENCODING_EXAMPLES, ByteOpener, EncodingChoice, choose_encoding
from .errors import FileRefused
from .streams import bounded
from .table import Cell, Records

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 256 << 10
SAMPLE_RECORDS = 50
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<?xml")
MAX_RECORD_LINES = 100
"""A quoted cell may hold this many lines; one running further is a quote left open."""
_END = "\udfff"  # a lone surrogate: no strict decoder yields one, so it marks the file's end
_END_RECORD = [_END]


@dataclass
class TextSource:
    """How a text file will be read, settled before any row is yielded."""

    encoding: EncodingChoice
    delimiter: str
    records: Records


def open_text(
    opener: ByteOpener,
    *,
    kind: str,
    encoding: str | None,
    delimiter: str | None,
    skip_rows: int,
) -> TextSource:
    """Settle encoding and delimiter of the text ``opener`` gives; records stream later.

    ``kind`` is the extension (``csv``/``txt``) used in messages. Raises FileRefused when
    the bytes are another format, or do not decode (naming the row of the first bad byte).
    """
    _refuse_other_formats(opener, kind)
    choice = choose_encoding(opener, encoding)
    sample, complete = _decoded_sample(opener, choice)
    if delimiter is None:
        chosen = detect_delimiter(sample, complete=complete, skip_rows=skip_rows)
    else:
        chosen = parse_delimiter(delimiter)
    if choice.bad_offset is not None:
        row = _row_of_offset(opener, choice.codec, choice.bad_offset, chosen)
        raise FileRefused(
            "encoding",
            f"Row {row} holds bytes that are not valid {choice.codec} text: import it again "
            f"with the file's encoding (for example {ENCODING_EXAMPLES}), or save it as UTF-8.",
        )
    return TextSource(choice, chosen, _records(opener, choice.codec, chosen))


def parse_delimiter(value: str) -> str:
    """The delimiter a caller asked for: ``tab`` (any case), ``\\t`` or one character.

    Raises:
        ValueError: anything else, or a quote or line-break character.
    """
    if value.lower() in ("tab", "\\t"):
        return "\t"
    if len(value) != 1 or value in '"\r\n':
        raise ValueError(f"the delimiter must be one character or 'tab', not {value!r}")
    return value


def detect_delimiter(sample: str, *, complete: bool, skip_rows: int = 0) -> str:
    """The delimiter among ``, ; TAB |`` that best splits ``sample`` (comma if none does).

    ``complete`` says the sample is the whole file (else its last record is ignored, as it
    may be cut). The header is the first non-blank record after ``skip_rows``; a candidate
    scores by the share of following records that have the header's number of fields
    (extra empty fields allowed), then by that number.
    """
    best, best_score = ",", (0.0, 1)
    for candidate in DELIMITERS:
        records = _sample_records(sample, candidate, complete)[skip_rows:]
        records = [r for r in records if any(field.strip() for field in r)]
        if not records or len(records[0]) < 2:
            continue
        width, data = len(records[0]), records[1:]
        fitting = sum(
            1 for r in data if len(r) == width or (len(r) > width and not any(f.strip() for f in r[width:]))
        )
        score = (fitting / len(data) if data else 1.0, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _sample_records(sample: str, delimiter: str, complete: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        records.extend(islice(reader, SAMPLE_RECORDS + 1))
    except csv.Error:
        complete = False  # a quote left open runs to the sample's end
    if not complete or len(records) > SAMPLE_RECORDS:
        del records[-1:]
    return records


def _refuse_other_formats(opener: ByteOpener, kind: str) -> None:
    with opener() as stream:
        head = stream.read(512)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        what = "an Excel 97-2003 workbook (or another Office file)"
        todo = "rename it to .xls if it is a workbook, or save it as CSV"
    elif head.startswith(b"PK\x03\x04"):
        what = "a zip archive (an XLSX workbook is one)"
        todo = "rename it to .xlsx or .zip, whichever it is"
    elif head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower().startswith(_MARKUP_STARTS):
        what = "a web page or XML document"
        todo = "open it in a spreadsheet program and save it as CSV or XLSX"
    else:
        return
    raise FileRefused("unsupported-format", f"This .{kind} file is really {what}: {todo}.")


def _decoded_sample(opener: ByteOpener, choice: EncodingChoice) -> tuple[str, bool]:
    """The first SAMPLE_BYTES decoded (up to any bad byte), and whether that is all."""
    limit = SAMPLE_BYTES
    if choice.bad_offset is not None:
        limit = min(limit, choice.bad_offset)
    with opener() as stream:
        data = stream.read(limit)
        complete = not stream.read(1) and choice.bad_offset is None
    decoder = codecs.getincrementaldecoder(choice.codec)(errors="strict")
    return decoder.decode(data, final=complete), complete


def _records(opener: ByteOpener, codec: str, delimiter: str) -> Records:
    """The file's records, trimmed (empty cells None), with :func:`restore` applied.

    A record that spans more than MAX_RECORD_LINES lines, or that a quote left open runs
    to the end of the file, is refused naming the row where it starts: it would put the
    rows below it into one cell.
    """
    number = start = 0
    with opener() as raw, io.TextIOWrapper(raw, encoding=codec, newline="") as text:
        reader = csv.reader(chain(text, _END_RECORD), delimiter=delimiter)
        try:
            for number, record in enumerate(reader, start=1):
                end = reader.line_num
                if end - start != 1 or record == _END_RECORD:
                    if record == _END_RECORD:
                        return
                    _check_span(record, number, start + 1, end)
                start = end
                cells: list[Cell] = [field.strip() or None for field in record]
                if "'" in "".join(record):
                    cells = [_restored(cell) for cell in cells]
                yield number, cells
        except csv.Error as exc:
            raise FileRefused(
                "corrupt",
                f"Row {number + 1} cannot be read as delimited text ({exc}); a quote may "
                "never be closed. Check the file in a text editor.",
            ) from None
        except UnicodeError:
            raise FileRefused(
                "encoding",
                f"Near row {number + 1} the file holds bytes that are not valid {codec}: "
                "import it again with the right encoding.",
            ) from None


def _check_span(record: list[str], number: int, first: int, last: int) -> None:
    """Refuse a record left open at the end of the file, or spanning too many lines."""
    if record and record[-1].endswith(_END):
        raise FileRefused(
            "corrupt",
            f"Row {number} (line {first} of the file) opens a quote that is never closed, so "
            "everything after it would be one cell: close or remove that quote in a text editor.",
        )
    if last - first + 1 > MAX_RECORD_LINES:
        raise FileRefused(
            "corrupt",
            f"Row {number} (line {first} of the file) has a quoted cell running over "
            f"{last - first + 1} lines, to line {last}: a quote is probably not closed where it "
            "should be. Check that row in a text editor.",
        )


def _restored(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell[0] == "'":
        return restore(cell).strip() or None
    return cell


def _row_of_offset(opener: ByteOpener, codec: str, offset: int, delimiter: str) -> int:
    """The number of the record that holds the byte at ``offset`` (streamed, any size).

    The decodable prefix is parsed with a stand-in character where the bad byte is, and
    the record that holds the stand-in is the last one.
    """
    with io.TextIOWrapper(bounded(opener(), offset), encoding=codec, newline="") as text:
        count = 0
        try:
            for _ in csv.reader(_with_stand_in(text), delimiter=delimiter):
                count += 1
        except csv.Error:
            count += 1
    return count


def _with_stand_in(lines: Iterator[str]) -> Iterator[str]:
    """``lines`` with ``?`` where they end: appended to an unfinished line, else on its own."""
    previous = None
    for line in lines:
        if previous is not None:
            yield previous
        previous = line
    if previous is None or previous.endswith(("\n", "\r")):
        if previous is not None:
            yield previous
        yield "?"
    else:
        yield previous + "?"
