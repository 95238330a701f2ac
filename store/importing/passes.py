"""The two passes of an import over one file: read and check, then write.

``read_rows`` (pass one) checks every row, puts the valid ones into the ``FilePlan``
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
from itertools import islice
from typing import IO, Any

from ..db import db, is_postgres, writing
from .indexes import deferred_indexes, worth_deferring
from .options import ImportOptions
from .phones import PhoneWorkers
from .plan import CREATE, FilePlan, match
from .prepare import Batch, PrepareProcess, prepared, spilled_chunks
from .progress import Progress, Ticker
from .records import ImportRun
from .rowcheck import Row, RowChecker
from .table import SourceRow
from .writer import Writer

CHUNK = 2000
PHONE_PARALLEL_AFTER = 20_000  # rows read before phones go to helper processes
PHONE_PARALLEL_FROM_BYTES = 4_000_000  # files this large start the phone helpers at once
PHONES_AHEAD = 3  # chunks whose phones the helpers may work on ahead of the checks
PREPARE_PARALLEL_AFTER = 20_000  # valid rows above which pass two's row work runs in a helper


def read_rows(
    rows: Iterator[SourceRow],
    checker: RowChecker,
    plan: FilePlan,
    spill: IO[bytes] | None,
    ticker: Ticker,
    *,
    phones: bool,
    eager: bool,
) -> Generator[Progress, None, None]:
    """Pass one: check each row into ``plan`` and append the valid ones to ``spill``.

    ``spill`` None keeps no rows (an analysis that will not be imported). ``eager``
    starts the phone helpers at the first row (a large file). Ends with ``plan.finish``.

    Raises:
        FileRefused: ``too-large``, after the chunk that took the plan past its bounds
            (``FilePlan.check_size``).
    """
    shape = checker.layout
    buffer: list[Row] = []
    for chunk in _checked_chunks(rows, checker, phones, eager):
        for row in chunk:
            parsed, issues = checker.check(row)
            if parsed is None:
                plan.add_invalid(row.number, issues)
            elif plan.add(parsed, shape) and spill is not None:
                buffer.append(parsed)
        plan.check_size(chunk[-1].number)
        if spill is not None and buffer:
            blob = marshal.dumps(buffer)
            spill.write(len(blob).to_bytes(8, "little"))
            spill.write(blob)
            buffer = []
        progress = ticker.due(plan.rows)
        if progress:
            yield progress
    plan.finish()


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


def _checked_chunks(
    rows: Iterator[SourceRow], checker: RowChecker, phones: bool, eager: bool
) -> Iterator[list[SourceRow]]:
    """Rows in chunks whose phone texts are already normalised.

    For large files (from the first row when ``eager``, else from PHONE_PARALLEL_AFTER
    rows on) the phones of the next few chunks are normalised in helper processes while
    the caller checks this one, so neither side waits for the other's slower moments;
    small files stay in this process.
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
