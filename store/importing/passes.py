"""The two passes of an import over one file: read and check, then write.

``read_rows`` (pass one) takes every row, checked (``checked_chunks``: in this process,
or for a large text file in two helpers), puts the valid ones into the ``FilePlan``
(in-file duplicates, the 20-contacts rule) and spills them to a private temporary file,
so the file itself is read once. ``write_rows`` (pass two) opens the import's one write
transaction, matches the records against the store inside it (``plan.match``), reads
the spill back, builds the records (``prepare``) and writes them (``writer``); the
caller records the outcome inside the same transaction, so a cancelled, failed or
killed import leaves every table but the history as it was.
"""

from __future__ import annotations

import marshal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

from ..db import db, is_postgres, writing
from .check_process import CheckedChunk, CheckWorkers, check_chunk
from .indexes import deferred_indexes, worth_deferring
from .options import ImportOptions
from .phones import PhoneWorkers
from .plan import CREATE, FilePlan, match
from .prepare import Batch, PrepareProcess, prepared, spilled_chunks
from .progress import Progress, Ticker
from .records import ImportRun
from .rowcheck import Layout, Row, RowChecker
from .table import SourceRow, SourceTable
from .writer import Writer

CHUNK = 2000
PARALLEL_FROM_BYTES = 4_000_000
"""Files this large are checked in helper processes from the first row: a text file's
rows (``check_process``), a spreadsheet's phone numbers (``phones``)."""
PHONE_PARALLEL_AFTER = 20_000  # rows read before a smaller file's phones go to helper processes
PHONES_AHEAD = 3  # chunks whose phones the helpers may work on ahead of the checks
PREPARE_PARALLEL_AFTER = 20_000  # valid rows above which pass two's row work runs in a helper
TEXT_FORMATS = ("csv", "txt")


@contextmanager
def checked_chunks(
    path: Path,
    opening: dict[str, Any],
    table: SourceTable,
    checker: RowChecker,
    *,
    phones: bool,
    eager: bool,
) -> Iterator[Iterator[CheckedChunk]]:
    """Pass one's rows of ``table``, checked, in chunks of CHUNK rows in file order.

    ``eager`` (a file of PARALLEL_FROM_BYTES or more): a text file is checked by two
    helpers that read it again from ``path`` (opened with ``open_table(path,
    **opening)``, see ``check_process``), a spreadsheet's phones are normalised in
    helpers from the first row. Otherwise the rows are checked here, and the phones of
    a file past PHONE_PARALLEL_AFTER rows go to helpers from then on. Helpers stop when
    the block ends.
    """
    if eager and table.file_format in TEXT_FORMATS:
        workers = CheckWorkers(path, opening, checker.mapping, checker.options, checker.context, CHUNK)
        try:
            yield workers.chunks()
        finally:
            workers.close()
        return
    local = _checked_here(table.rows, checker, phones, eager)
    try:
        yield local
    finally:
        local.close()


def read_rows(
    chunks: Iterable[CheckedChunk],
    shape: Layout,
    plan: FilePlan,
    spill: IO[bytes] | None,
    ticker: Ticker,
) -> Generator[Progress, None, None]:
    """Pass one: put each checked chunk into ``plan`` and append its valid rows to ``spill``.

    ``spill`` None keeps no rows (an analysis that will not be imported). Ends with
    ``plan.finish``.

    Raises:
        FileRefused: ``too-large``, after the chunk that took the plan past its bounds
            (``FilePlan.check_size``).
    """
    for chunk in chunks:
        if chunk.invalid:
            kept = _into_plan(plan, shape, chunk)
        else:
            kept = [row for row in chunk.valid if plan.add(row, shape)]
        plan.check_size(chunk.last_number)
        if spill is not None and kept:
            blob = chunk.blob  # the helper's marshalled rows, when it kept them all
            if blob is None or len(kept) != len(chunk.valid):
                blob = marshal.dumps(kept)
            spill.write(len(blob).to_bytes(8, "little"))
            spill.write(blob)
        progress = ticker.due(plan.rows)
        if progress:
            yield progress
    plan.finish()


def _into_plan(plan: FilePlan, shape: Layout, chunk: CheckedChunk) -> list[Row]:
    """Add a chunk's valid and invalid rows to ``plan`` in file order; the valid rows it kept."""
    kept = []
    invalid = iter(chunk.invalid)
    pending = next(invalid, None)
    for row in chunk.valid:
        while pending is not None and pending[0] < row[0]:
            plan.add_invalid(*pending)
            pending = next(invalid, None)
        if plan.add(row, shape):
            kept.append(row)
    while pending is not None:
        plan.add_invalid(*pending)
        pending = next(invalid, None)
    return kept


def write_rows(
    spill: IO[bytes],
    preparer: PrepareProcess | None,
    options: ImportOptions,
    run: ImportRun,
    plan: FilePlan,
    cancel: threading.Event | None,
    seconds: dict[str, float],
    record: Callable[[list[str]], None],
) -> Generator[Progress, None, None]:
    """Pass two: match and write ``plan``'s records from ``spill`` in one transaction.

    ``record(tags)`` is called last inside the transaction to write the outcome (the tags
    are those the import put on what it touched); ``seconds`` gets the phases' times.
    ``preparer`` is a helper already started on ``spill``, if any; it is stopped here.
    """
    tags = import_tags(options, run)
    sqlite = not is_postgres()
    # SQLite writes with the store's own page cache (64 MB): 256 MiB made no measurable
    # difference once the database is in the operating system's cache, and took ~190 MB
    # of the import's 450 MB.
    if sqlite:
        # Every row written here refers to rows this import wrote or read in the same
        # transaction; SQLite's per-row foreign-key checks would only repeat that (~5 %).
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic(), writing(f"import #{run.id}"):
            started = time.monotonic()
            match(plan, options)
            seconds["match"] = round(time.monotonic() - started, 2)
            started = time.monotonic()
            writer = Writer(options, run.id, tags, plan.contact_owner, plan.decisions)
            codes = plan.codes()
            plan.release()
            creates = codes.count(CREATE) if options.of == "persons" else 0
            context = {
                "of": options.of,
                "codes": codes,
                "groups": plan.groups,
                "ids": writer.take_ids(creates) if creates else [],
                "person_type": options.person_type,
                "stamp": writer.now.isoformat(" "),
            }
            total = len(plan.groups)
            spill.seek(0)
            if total > PREPARE_PARALLEL_AFTER:
                preparer = preparer or PrepareProcess(spill)
                preparer.start(total, context)
                batches: Iterable[Batch] = preparer
            else:
                batches = prepared(spilled_chunks(spill, total), context)
            ticker = Ticker("writing", total, cancel)
            with deferred_indexes(worth_deferring(creates)):  # a young store's: built after the rows
                for batch in batches:
                    writer.write(batch)
                    progress = ticker.due(batch[0])
                    if progress:
                        yield progress
                ticker.check()  # asked for during the last batch: still nothing is kept
                indexed = time.monotonic()
            seconds["write"] = round(indexed - started, 2)
            seconds["indexes"] = round(time.monotonic() - indexed, 2)
            started = time.monotonic()
            record(tags)
        seconds["commit"] = round(time.monotonic() - started, 2)
    finally:
        if preparer is not None:
            preparer.close()  # stops it early when the import is cancelled or fails
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")


def _checked_here(
    rows: Iterator[SourceRow], checker: RowChecker, phones: bool, eager: bool
) -> Generator[CheckedChunk, None, None]:
    """The rows checked in this process, in chunks; phones as ``_phone_chunks`` says."""
    for chunk in _phone_chunks(rows, checker, phones, eager):
        valid, invalid = check_chunk(checker, chunk)
        yield CheckedChunk(len(chunk), chunk[-1].number, valid, None, invalid)


def _phone_chunks(
    rows: Iterator[SourceRow], checker: RowChecker, phones: bool, eager: bool
) -> Iterator[list[SourceRow]]:
    """Rows in chunks whose phone texts are already normalised.

    From the first row when ``eager``, else from PHONE_PARALLEL_AFTER rows on, the
    phones of the next few chunks are normalised in helper processes while the caller
    checks this one, so neither side waits for the other's slower moments; small files
    stay in this process.
    """
    worker: PhoneWorkers | None = None
    pending: deque[tuple[list[SourceRow], Any]] = deque()
    seen = 0
    try:
        while True:
            chunk = list(islice(rows, CHUNK))
            if chunk:
                seen += len(chunk)
                if worker is None and phones and (eager or seen > PHONE_PARALLEL_AFTER):
                    worker = PhoneWorkers()
                job = worker.submit(checker.phone_texts(chunk), checker.country) if worker else None
                pending.append((chunk, job))
            while pending and (not chunk or len(pending) > PHONES_AHEAD):
                done_chunk, done_job = pending.popleft()
                if done_job is not None:
                    checker.learn_phones(done_job.get())
                yield done_chunk
            if not chunk:
                return
    finally:
        if worker is not None:
            worker.close()


def import_tags(options: ImportOptions, run: ImportRun) -> list[str]:
    """The tags the import puts on what it creates or updates (``auto`` names the import)."""
    if options.tags == "auto":
        stamp = run.started_at.strftime("%Y-%m-%d %H:%M")
        return [f"import {stamp} {run.file_name}"[:100]]
    if isinstance(options.tags, list):
        return options.tags
    return []
