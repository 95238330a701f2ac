"""Running an import: analyse, then write everything in one transaction, with progress.

``import_file(path, options)`` is a generator. It yields ``Progress`` about four times
a second and returns an ``ImportResult`` (``drive`` runs it to the end). Pass one reads
and checks every row and resolves duplicates and matches (``plan``); with
``analyse_only`` it stops there and records the counts. Otherwise pass two reads the
file again and writes (``writer``) inside one transaction, which also records the
outcome: a cancelled, failed or killed import leaves every table but the history as it
was. The history entry is written first, in its own transaction, with the process id,
so the next process to open the store can mark a killed import as interrupted.
"""

from __future__ import annotations

import gc
import getpass
import json
import marshal
import os
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from ..db import db, is_postgres
from ..errors import ProfilesError
from ..models import utcnow
from ..settings import get_setting
from .errors import FileRefused
from .history import purge_old
from .options import IDENTIFIERS, ImportOptions, has_identifier, resolve_mapping
from .phones import PhoneWorkers
from .plan import CREATE, FilePlan, match
from .prepare import Batch, PrepareProcess, prepared, spilled_chunks
from .records import ImportIssue, ImportRun
from .rowcheck import RowChecker
from .table import SourceRow
from .writer import Writer

TICK = 0.25
CHUNK = 2000
PHONE_PARALLEL_AFTER = 20_000  # rows read before phones go to helper processes
PHONE_PARALLEL_FROM_BYTES = 4_000_000  # files this large start the phone helpers at once
PHONES_AHEAD = 3  # chunks whose phones the helpers may work on ahead of the checks
PREPARE_PARALLEL_AFTER = 20_000  # valid rows above which pass two's row work runs in a helper


class ImportCancelled(Exception):
    """Raised inside the engine when the user cancels; the transaction rolls back."""


@dataclass
class Progress:
    """Where an import stands: phase (``analysing`` or ``writing``), rows done, rate, time left."""

    phase: str
    rows_done: int
    rows_total: int | None
    rate: float
    seconds_left: float | None


@dataclass
class ImportResult:
    """The outcome, as the command line prints it with ``--json``."""

    import_id: int | None
    status: str
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0
    discarded: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    notes: list[str] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time each phase took

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the command-line contract (plus how the file was read)."""
        return {
            "status": self.status,
            "rows": self.rows,
            "valid": self.valid,
            "invalid": self.invalid,
            "created": self.created,
            "updated": self.updated,
            "discarded": self.discarded,
            "errors": self.errors,
            "message": self.message,
            "import_id": self.import_id,
            "notes": self.notes,
            "mapping": [{"column": c, "field": f} for c, f in self.mapping],
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "seconds": self.seconds,
        }


def drive(generator: Generator[Progress, None, ImportResult]) -> ImportResult:
    """Run an import generator to its end and return its result."""
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            return stop.value


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


class _Ticker:
    """Decides when to report progress (about every 250 ms) and computes rate and time left."""

    def __init__(self, phase: str, total: int | None, cancel: threading.Event | None) -> None:
        self.phase, self.total, self.cancel = phase, total, cancel
        self.start = self.last = time.monotonic()

    def due(self, done: int) -> Progress | None:
        if self.cancel is not None and self.cancel.is_set():
            raise ImportCancelled
        now = time.monotonic()
        if now - self.last < TICK:
            return None
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        left = (self.total - done) / rate if self.total and rate else None
        return Progress(self.phase, done, self.total, rate, left)


def _open(path: Path, options: ImportOptions):
    from .source import open_table

    return open_table(
        path,
        display_name=options.display_name,
        encoding=options.encoding,
        delimiter=options.delimiter,
        skip_rows=options.skip_rows,
        max_uncompressed=int(get_setting("zip_max_uncompressed")),
    )


def import_file(
    path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    analyse_only: bool = False,
    cancel: threading.Event | None = None,
) -> Generator[Progress, None, ImportResult]:
    """Analyse and (unless ``analyse_only``) import a file; yields progress, returns the result.

    Raises:
        MappingUsageError: a ``--map`` names a column the file lacks or an unknown field
            (a usage error: no history entry is kept).
    """
    options.check()
    source = Path(path)
    name = options.display_name or source.name
    purge_old()
    run = ImportRun.create(
        imported_by=_user(),
        pid=os.getpid(),
        host=socket.gethostname(),
        file_name=name,
        file_size=source.stat().st_size if source.exists() else 0,
        of=options.of,
        options=json.dumps(options.as_record()),
        status="analysing",
    )
    result = ImportResult(run.id, "analysing")
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small objects; the cyclic GC costs ~30 % here (PERF-NOTES 6.2)
    try:
        yield from _import(source, options, run, result, analyse_only, cancel)
    except FileRefused as exc:
        _finish(run, result, "refused", exc.message, [])
    except ImportCancelled:
        _finish(run, result, "cancelled", "Cancelled: nothing was imported.", [])
    except ProfilesError as exc:
        if exc.code == "USAGE":
            run.delete_instance()
            raise
        _finish(run, result, "failed", exc.message, [])
    except Exception as exc:  # noqa: BLE001 - recorded and reported, never a traceback
        _finish(run, result, "failed", f"The import failed: {type(exc).__name__}: {exc}", [])
    finally:
        if gc_was_enabled:
            gc.enable()
    return result


def _import(
    source: Path,
    options: ImportOptions,
    run: ImportRun,
    result: ImportResult,
    analyse_only: bool,
    cancel: threading.Event | None,
) -> Generator[Progress, None, None]:
    with _open(source, options) as table:
        mapping = resolve_mapping(table.header, options)
        result.mapping = [(table.header[p] or f"column {p + 1}", f) for p, f in mapping.items()]
        result.encoding, result.delimiter, result.notes = table.encoding, table.delimiter, list(table.notes)
        if table.encoding_detected:
            result.notes.append(
                f"The encoding was detected as {table.encoding}; give --encoding if it is wrong."
            )
        if not has_identifier(mapping, options.of):
            fields = " or ".join(IDENTIFIERS[options.of]).replace("_", " ")
            raise FileRefused(
                "no-identifier-column",
                f"No column maps to {fields}, so rows cannot be told apart: map one "
                f'(for example --map "E-mail=email").',
            )
        started = time.monotonic()
        checker = RowChecker(table.header, mapping, options)
        shape = checker.layout
        plan = FilePlan()
        ticker = _Ticker("analysing", None, cancel)
        # Valid rows wait in a private temporary file (deleted on close) for pass two,
        # so the file is read and checked once, and memory stays flat.
        with tempfile.TemporaryFile(prefix="profiles-import-") as spill, ExitStack() as helpers:
            buffer: list[tuple] = []
            eager = run.file_size >= PHONE_PARALLEL_FROM_BYTES
            # A large file's pass-two helper starts now, so its start-up overlaps pass one.
            preparer = PrepareProcess(spill) if eager and not analyse_only else None
            if preparer is not None:
                helpers.callback(preparer.close)
            for chunk in _checked_chunks(table.rows, checker, "phone" in mapping.values(), eager):
                for row in chunk:
                    parsed, issues = checker.check(row)
                    if parsed is None:
                        plan.add_invalid(row.number, issues)
                    elif plan.add(parsed, shape) and not analyse_only:
                        buffer.append(parsed)
                if buffer:
                    blob = marshal.dumps(buffer)
                    spill.write(len(blob).to_bytes(8, "little"))
                    spill.write(blob)
                    buffer = []
                progress = ticker.due(plan.rows)
                if progress:
                    yield progress
            del checker
            plan.finish()
            result.seconds["read"] = round(time.monotonic() - started, 2)
            if analyse_only:
                started = time.monotonic()
                match(plan, options)
                result.seconds["match"] = round(time.monotonic() - started, 2)
                _finish(
                    run, result, "analysed", "Analysed: nothing was imported.", plan.issues, plan.counts()
                )
                return
            run.status = "running"
            run.save()
            result.status = "running"
            spill.seek(0)
            yield from _write(spill, preparer, options, run, result, plan, cancel)


def _write(
    spill: IO[bytes],
    preparer: PrepareProcess | None,
    options: ImportOptions,
    run: ImportRun,
    result: ImportResult,
    plan: FilePlan,
    cancel: threading.Event | None,
) -> Generator[Progress, None, None]:
    tags = _import_tags(options, run)
    sqlite = not is_postgres()
    if sqlite:
        # Every row written here refers to rows this import wrote or read in the same
        # transaction; SQLite's per-row foreign-key checks would only repeat that (~5 %).
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic(lock_type="IMMEDIATE") if sqlite else db.atomic():
            if sqlite:
                db.execute_sql("PRAGMA cache_size = -262144")  # 256 MiB while writing (PERF-NOTES c4)
            started = time.monotonic()
            match(plan, options)
            result.seconds["match"] = round(time.monotonic() - started, 2)
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
            if total > PREPARE_PARALLEL_AFTER:
                preparer = preparer or PrepareProcess(spill)
                preparer.start(total, context)
                batches: Iterable[Batch] = preparer
            else:
                batches = prepared(spilled_chunks(spill, total), context)
            ticker = _Ticker("writing", total, cancel)
            for batch in batches:
                writer.write(batch)
                progress = ticker.due(batch[0])
                if progress:
                    yield progress
            if cancel is not None and cancel.is_set():
                raise ImportCancelled  # asked for during the last batch: still nothing is kept
            counts = plan.counts()
            status = "completed_with_errors" if counts["invalid"] else "completed"
            message = (
                f"Imported: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['discarded']} discarded."
            )
            result.seconds["write"] = round(time.monotonic() - started, 2)
            started = time.monotonic()
            _finish(run, result, status, message, plan.issues, counts, tag=tags[0] if tags else None)
        result.seconds["commit"] = round(time.monotonic() - started, 2)
    finally:
        if preparer is not None:
            preparer.close()  # stops it early when the import is cancelled or fails
        if sqlite:
            db.execute_sql("PRAGMA cache_size = -64000")
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


def _import_tags(options: ImportOptions, run: ImportRun) -> list[str]:
    if options.tags == "auto":
        stamp = run.started_at.strftime("%Y-%m-%d %H:%M")
        return [f"import {stamp} {run.file_name}"[:100]]
    if isinstance(options.tags, list):
        return options.tags
    return []


def _finish(
    run: ImportRun,
    result: ImportResult,
    status: str,
    message: str,
    issues: list,
    counts: dict[str, int] | None = None,
    tag: str | None = None,
) -> None:
    """Record the outcome in the history entry (inside the caller's transaction, if any)."""
    counts = counts or {}
    for key in ("rows", "valid", "invalid", "created", "updated", "discarded"):
        setattr(result, key, counts.get(key, 0))
        setattr(run, key, counts.get(key, 0))
    result.status, result.message = status, message
    result.errors = [{"row": r, "column": c, "value": v, "reason": why} for r, c, v, why in issues]
    run.status, run.message, run.finished_at, run.tag = status, message, utcnow(), tag
    run.save()
    rows = [{"run": run.id, "row": r, "column": c, "value": v, "reason": why} for r, c, v, why in issues]
    for start in range(0, len(rows), 1000):
        ImportIssue.insert_many(rows[start : start + 1000]).execute()
