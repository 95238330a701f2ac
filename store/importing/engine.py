"""Running an import: one file, one history entry, analysed and then (if confirmed) written.

An :class:`ImportJob` is one run of one file. Its phases are generators that yield
``Progress`` (``progress.drive`` runs one to its end) and return an ``ImportResult``:

- ``analyse()`` opens the history entry (``analysing``, with the process id, so that
  the next process to open the store can mark a killed run as interrupted), reads and
  checks every row once (``passes.read_rows``; valid rows wait in a private temporary
  file), matches the records against the store in a read transaction of its own, and
  records the counts: the entry says ``analysed`` and nothing holds a lock;
- ``confirm()`` then writes: the entry says ``running``, the write transaction opens,
  the records are matched again inside it (the store may have changed while the user
  looked at the analysis; if the counts differ, a note says so), the spilled rows are
  written and the outcome (``completed`` or ``completed_with_errors``, the counts, the
  error records) is recorded in the same transaction. A cancelled, failed or killed
  import leaves every table but the history as it was;
- ``run()`` is both at once for a caller that does not ask (an unattended command
  line, the demo): it reads, then writes, matching once inside the write transaction.

An analysis that is never confirmed (declined, or the job closed) keeps its entry as
``analysed``: the record of what the analysis found, with nothing imported.
``import_file`` runs a job to its end for callers that need no confirmation.
"""

from __future__ import annotations

import gc
import getpass
import json
import os
import socket
import tempfile
import threading
import time
from collections.abc import Generator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from ..arguments import check_limit
from ..db import read_transaction
from ..errors import ProfilesError
from ..models import utcnow
from ..settings import get_setting
from . import passes
from .details import DETAILS_LIMIT, AnalysisDetails, analysis_details
from .errors import FileRefused
from .history import purge_old
from .options import IDENTIFIERS, FieldMappedTwice, ImportOptions, has_identifier, resolve_mapping
from .plan import FilePlan, match
from .prepare import PrepareProcess
from .progress import ImportCancelled, Progress, Ticker
from .records import ImportIssue, ImportRun
from .rowcheck import Issue, RowChecker
from .source import open_table

COUNTS = ("rows", "valid", "invalid", "created", "updated", "discarded")


@dataclass
class ImportResult:
    """The outcome of an import or of its analysis, as the faces show it (``to_dict``: as JSON).

    ``reason`` is a refusal's stable reason (``FileRefused.reason``) and
    ``encoding_detected`` says the text encoding was guessed: each face words its own
    hint from them. ``details`` (an analysis only) says which rows join and which
    records match what (``details.AnalysisDetails``).
    """

    import_id: int
    status: str
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0
    discarded: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # column, why it is not imported
    encoding: str | None = None
    encoding_detected: bool = False
    delimiter: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time each phase took
    details: AnalysisDetails | None = None  # an analysis's joined rows and matches

    def counts(self) -> dict[str, int]:
        """rows, valid, invalid, created, updated, discarded."""
        return {key: getattr(self, key) for key in COUNTS}

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the command-line contract (plus how the file was read).

        An analysis adds ``duplicate_groups``, ``duplicates``, ``matched`` and ``matches``.
        """
        data = {
            "status": self.status,
            **self.counts(),
            "errors": self.errors,
            "message": self.message,
            "reason": self.reason,
            "import_id": self.import_id,
            "notes": self.notes,
            "mapping": [{"column": c, "field": f} for c, f in self.mapping],
            "skipped": [{"column": c, "reason": r} for c, r in self.skipped],
            "encoding": self.encoding,
            "encoding_detected": self.encoding_detected,
            "delimiter": self.delimiter,
            "seconds": self.seconds,
        }
        if self.details is not None:
            data.update(self.details.to_dict())
        return data


class ImportJob:
    """One import of one file: ``analyse()`` then ``confirm()``, or ``run()`` (module docstring).

    Use it as a context manager (or call ``close``): it holds the spilled rows between
    the analysis and the confirmation.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        options: ImportOptions,
        *,
        analyse_only: bool = False,
        cancel: threading.Event | None = None,
        details_limit: int = DETAILS_LIMIT,
    ) -> None:
        """A job for ``path``; ``analyse_only`` keeps no rows (``confirm`` is then refused).

        Setting ``cancel`` stops the running phase at its next progress report: the entry
        says ``cancelled`` and nothing is imported. ``details_limit``: how many joined
        groups and matches the analysis details (all are counted).

        Raises:
            InvalidValue: ``details_limit`` is not a whole number of at least 1.
        """
        self.path = Path(path)
        self.options = options
        self.analyse_only = analyse_only
        self.cancel = cancel
        self.details_limit = check_limit(details_limit, "details_limit")
        self.result: ImportResult | None = None
        self.stage = "new"  # then reading, analysed, writing, done (or closed unconfirmed)
        self._entry: ImportRun | None = None
        self._plan = FilePlan()
        self._spill: IO[bytes] | None = None
        self._preparer: PrepareProcess | None = None
        self._analysed: dict[str, int] | None = None
        self._resources = ExitStack()

    def __enter__(self) -> ImportJob:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the spilled rows and stop any helper; an unconfirmed analysis stays ``analysed``."""
        self._resources.close()
        self._spill = self._preparer = None
        if self.stage in ("new", "analysed"):
            self.stage = "closed"

    def analyse(self) -> Generator[Progress, None, ImportResult]:
        """Read and check every row, match, record ``analysed``; yields progress, returns the counts.

        The result's status is ``analysed``, or ``refused``, ``failed`` or ``cancelled``.

        Raises:
            MappingUsageError: an option no import can use, or a mapping that names a
                column the file lacks or an unknown field (no history entry is kept).
            FieldMappedTwice: a mapping with two columns for one single-valued field
                (no history entry is kept).
        """
        return (yield from self._phase("new", self._analyse()))

    def confirm(self) -> Generator[Progress, None, ImportResult]:
        """Write what ``analyse`` found (matching again in the write transaction); the outcome."""
        if self.analyse_only:
            raise RuntimeError("confirm(): this job was made with analyse_only=True and kept no rows")
        return (yield from self._phase("analysed", self._write()))

    def run(self) -> Generator[Progress, None, ImportResult]:
        """Read, check and write without stopping at the analysis; yields progress, returns the outcome.

        Raises:
            MappingUsageError, FieldMappedTwice: as ``analyse``.
        """
        if self.analyse_only:
            raise RuntimeError("run(): this job was made with analyse_only=True")
        return (yield from self._phase("new", self._read_and_write()))

    def _phase(
        self, expected: str, work: Generator[Progress, None, None]
    ) -> Generator[Progress, None, ImportResult]:
        """Run one phase; turn what ends it early into the entry's status."""
        if self.stage != expected:
            raise RuntimeError(f"this import is {self.stage}, not {expected}")
        if expected == "new":
            self._open_entry()
        assert self._entry is not None and self.result is not None
        self.stage = "reading" if expected == "new" else "writing"
        gc_was_enabled = gc.isenabled()
        gc.disable()  # millions of small objects; the cyclic GC costs ~30 % here (PERF-NOTES 6.2)
        try:
            yield from work
        except FileRefused as exc:
            if self.cancel is not None and self.cancel.is_set():  # a reader stopped by the Ctrl-C
                self._end("cancelled", "Cancelled: nothing was imported.")
            else:
                self.result.reason = exc.reason
                self._end("refused", exc.message)
        except ImportCancelled:
            self._end("cancelled", "Cancelled: nothing was imported.")
        except (KeyboardInterrupt, GeneratorExit):  # interrupted, or the caller stopped driving
            self._end("cancelled", "Cancelled: nothing was imported.")
            raise
        except ProfilesError as exc:
            if exc.code == "USAGE" or isinstance(exc, FieldMappedTwice):
                self._entry.delete_instance()
                self.stage = "done"
                self.close()
                raise
            self._end("failed", exc.message)
        except Exception as exc:  # noqa: BLE001 - recorded and reported, never a traceback
            self._end("failed", f"The import failed: {type(exc).__name__}: {exc}")
        finally:
            if gc_was_enabled:
                gc.enable()
        return self.result

    def _open_entry(self) -> None:
        self.options.check()
        name = self.options.display_name or self.path.name
        purge_old()
        self._entry = ImportRun.create(
            imported_by=_user(),
            pid=os.getpid(),
            host=socket.gethostname(),
            file_name=name,
            file_size=self.path.stat().st_size if self.path.exists() else 0,
            of=self.options.of,
            options=json.dumps(self.options.as_record()),
            status="analysing",
        )
        self.result = ImportResult(self._entry.id, "analysing")

    def _analyse(self) -> Generator[Progress, None, None]:
        yield from self._read(start_preparer=False)
        assert self.result is not None and self._entry is not None and self._spill is not None
        started = time.monotonic()
        with read_transaction():  # one snapshot, and no lock is left behind for the prompt
            match(self._plan, self.options)
            tags = passes.import_tags(self.options, self._entry)
            self.result.details = analysis_details(
                self._plan, self._spill, self.options, tags, self.details_limit
            )
        self.result.seconds["match"] = round(time.monotonic() - started, 2)
        Ticker("analysing", None, self.cancel).check()  # Ctrl-C after the last progress report
        self._analysed = self._plan.counts()
        self._end("analysed", "Analysed: nothing was imported.", self._plan.all_issues(), self._analysed)

    def _read_and_write(self) -> Generator[Progress, None, None]:
        yield from self._read(start_preparer=True)
        yield from self._write()

    def _read(self, *, start_preparer: bool) -> Generator[Progress, None, None]:
        """Pass one: the file is opened, read once and closed; valid rows go to the spill."""
        assert self._entry is not None and self.result is not None
        result, options = self.result, self.options
        opening = _opening(options)
        with open_table(self.path, **opening) as table:
            proposal = resolve_mapping(table.header, options)
            mapping = proposal.fields
            result.mapping = [(_column(table.header, p), f) for p, f in mapping.items()]
            result.skipped = [(_column(table.header, p), why) for p, why in proposal.skipped]
            result.encoding, result.delimiter = table.encoding, table.delimiter
            result.encoding_detected, result.notes = table.encoding_detected, list(table.notes)
            if not has_identifier(mapping, options.of):
                fields = " or ".join(IDENTIFIERS[options.of]).replace("_", " ")
                raise FileRefused(
                    "no-identifier-column",
                    f"No column maps to {fields}, so rows cannot be told apart: map a column to one of them.",
                )
            started = time.monotonic()
            eager = self._entry.file_size >= passes.PARALLEL_FROM_BYTES
            spill = tempfile.TemporaryFile(prefix="profiles-import-")  # noqa: SIM115 - the job closes it
            self._spill = self._resources.enter_context(spill)  # the analysis details read it too
            if eager and start_preparer:
                # A large file's pass-two helper starts now, so its start-up overlaps pass one.
                self._preparer = PrepareProcess(self._spill)
                self._resources.callback(self._preparer.close)
            checker = RowChecker(table.header, mapping, options)
            phones = "phone" in mapping.values()
            with passes.checked_chunks(
                self.path, opening, table, checker, phones=phones, eager=eager
            ) as chunks:
                ticker = Ticker("analysing", None, self.cancel)
                yield from passes.read_rows(chunks, checker.layout, self._plan, self._spill, ticker)
            del checker
        result.seconds["read"] = round(time.monotonic() - started, 2)

    def _write(self) -> Generator[Progress, None, None]:
        """Pass two, in the write transaction, which also records the outcome."""
        assert self._entry is not None and self.result is not None and self._spill is not None
        # A new result, so that the analysis the caller was shown stays as it was.
        self.result = replace(
            self.result, notes=list(self.result.notes), seconds=dict(self.result.seconds), details=None
        )
        self._entry.status = self.result.status = "running"
        self._entry.save()
        preparer, self._preparer = self._preparer, None  # write_rows stops it
        yield from passes.write_rows(
            self._spill,
            preparer,
            self.options,
            self._entry,
            self._plan,
            self.cancel,
            self.result.seconds,
            self._record_written,
        )

    def _record_written(self, tags: list[str]) -> None:
        """The outcome of the writing, recorded inside its transaction."""
        assert self.result is not None
        counts = self._plan.counts()
        status = "completed_with_errors" if counts["invalid"] else "completed"
        message = (
            f"Imported: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['discarded']} discarded."
        )
        if self._analysed is not None and counts != self._analysed:
            before = ", ".join(f"{self._analysed[k]} {k}" for k in COUNTS[1:])
            self.result.notes.append(
                "The store changed between the analysis and the import, so the records were "
                f"matched again: the counts are those of the import (the analysis had {before})."
            )
        self._end(status, message, self._plan.all_issues(), counts, tag=tags[0] if tags else None)

    def _end(
        self,
        status: str,
        message: str,
        issues: list[Issue] | None = None,
        counts: dict[str, int] | None = None,
        tag: str | None = None,
    ) -> None:
        """Record a status in the history entry (inside the caller's transaction, if any).

        The entry's error records are replaced by ``issues``. Every status but
        ``analysed`` ends the job and releases what it holds.
        """
        assert self._entry is not None and self.result is not None
        run, result, counts, issues = self._entry, self.result, counts or {}, issues or []
        for key in COUNTS:
            setattr(result, key, counts.get(key, 0))
            setattr(run, key, counts.get(key, 0))
        result.status, result.message = status, message
        result.errors = [{"row": r, "column": c, "value": v, "reason": why} for r, c, v, why in issues]
        run.status, run.message, run.finished_at, run.tag = status, message, utcnow(), tag
        run.save()
        ImportIssue.delete().where(ImportIssue.run == run.id).execute()
        for start in range(0, len(issues), 1000):  # a thousand records at a time: a file may have 100,000s
            rows = [
                {"run": run.id, "row": r, "column": c, "value": v, "reason": why}
                for r, c, v, why in issues[start : start + 1000]
            ]
            ImportIssue.insert_many(rows).execute()
        if status == "analysed" and not self.analyse_only:
            self.stage = "analysed"
        else:
            self.stage = "done"
            self.close()


def import_file(
    path: str | os.PathLike[str],
    options: ImportOptions,
    *,
    analyse_only: bool = False,
    cancel: threading.Event | None = None,
) -> Generator[Progress, None, ImportResult]:
    """Analyse (``analyse_only``) or import a file without asking; yields progress, returns the result.

    Raises:
        MappingUsageError, FieldMappedTwice: as ``ImportJob.analyse``.
    """
    with ImportJob(path, options, analyse_only=analyse_only, cancel=cancel) as job:
        return (yield from (job.analyse() if analyse_only else job.run()))


def _column(header: list[str], position: int) -> str:
    """How a result names a column: its header text, or ``column N`` when the cell is empty."""
    return header[position] if position < len(header) and header[position] else f"column {position + 1}"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _opening(options: ImportOptions) -> dict[str, Any]:
    """How ``open_table`` opens the file of an import with ``options`` (its keyword arguments)."""
    return {
        "display_name": options.display_name,
        "encoding": options.encoding,
        "delimiter": options.delimiter,
        "skip_rows": options.skip_rows,
        "max_uncompressed": int(get_setting("zip_max_uncompressed")),
    }
