"""The import history: the 30 most recent imports of the last 14 days, their error records.

Entries older than 14 days are removed when a new import starts. ``mark_interrupted``
runs whenever a process opens the store and whenever the history is listed: an entry
still ``running`` or ``analysing`` whose process no longer exists on this host was
killed, and says so (its transaction was rolled back, so nothing of it was imported).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import socket
from dataclasses import dataclass
from typing import Any

from ..arguments import check_id, check_limit
from ..db import db
from ..errors import NotFound, ReadOnlyDatabase
from ..models import utcnow
from ..spreadsheet_cells import neutralise_row
from .records import ImportIssue, ImportRun

KEEP_DAYS = 14
SHOWN = 30


@dataclass
class ImportEntry:
    """One history entry as shown and printed."""

    id: int
    status: str
    file_name: str
    file_size: int
    of: str
    imported_by: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    rows: int
    valid: int
    invalid: int
    created: int
    updated: int
    discarded: int
    message: str
    options: str

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish, None while running."""
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (times in UTC with an offset)."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "options"}
        data["started_at"] = self.started_at.replace(tzinfo=dt.UTC).isoformat()
        data["finished_at"] = (
            self.finished_at.replace(tzinfo=dt.UTC).isoformat() if self.finished_at else None
        )
        data["duration_seconds"] = round(self.duration, 3) if self.duration is not None else None
        data["options"] = self.options
        return data


def _entry(run: ImportRun) -> ImportEntry:
    return ImportEntry(
        run.id,
        run.status,
        run.file_name,
        run.file_size,
        run.of,
        run.imported_by,
        run.started_at,
        run.finished_at,
        run.rows,
        run.valid,
        run.invalid,
        run.created,
        run.updated,
        run.discarded,
        run.message,
        run.options,
    )


def purge_old(now: dt.datetime | None = None) -> int:
    """Delete entries (and their error records) older than 14 days; returns how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=KEEP_DAYS)
    old = [r.id for r in ImportRun.select(ImportRun.id).where(ImportRun.started_at < cutoff)]
    if old:
        ImportIssue.delete().where(ImportIssue.run.in_(old)).execute()
        ImportRun.delete().where(ImportRun.id.in_(old)).execute()
    return len(old)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_interrupted() -> int:
    """Mark entries whose process is gone as interrupted; returns how many.

    A read-only database is left as it is (and the entries as they are): it can still be
    opened and read.
    """
    host = socket.gethostname()
    stale = [
        run
        for run in ImportRun.select().where(ImportRun.status.in_(["running", "analysing"]))
        if run.host == host and run.pid and run.pid != os.getpid() and not _alive(run.pid)
    ]
    if not stale:
        return 0
    try:
        with db.atomic():
            for run in stale:
                run.status = "interrupted"
                run.finished_at = utcnow()
                run.message = (
                    "Interrupted: the importing process ended before it finished; nothing was imported."
                )
                run.save()
    except ReadOnlyDatabase:
        return 0
    return len(stale)


def list_imports(limit: int = SHOWN, now: dt.datetime | None = None) -> list[ImportEntry]:
    """The most recent imports, newest first (entries of the 14 days before ``now``, naive UTC).

    An entry whose process was killed since the store was opened is marked first.
    """
    mark_interrupted()
    cutoff = (now or utcnow()) - dt.timedelta(days=KEEP_DAYS)
    query = ImportRun.select().where(ImportRun.started_at >= cutoff).order_by(ImportRun.id.desc())
    return [_entry(r) for r in query.limit(check_limit(limit))]


def get_run(import_id: int) -> ImportRun:
    """The history entry with this id, or ``NotFound``."""
    import_id = check_id(import_id, "import_id")
    run = ImportRun.get_or_none(ImportRun.id == import_id)
    if run is None:
        raise NotFound(
            f"There is no import #{import_id} in the history (entries are kept 14 days).",
            field="import",
            value=import_id,
        )
    return run


def get_import(import_id: int) -> ImportEntry:
    """One entry."""
    return _entry(get_run(import_id))


def import_errors(import_id: int) -> list[dict[str, Any]]:
    """Every error record of an import, in row order."""
    get_run(import_id)
    query = ImportIssue.select().where(ImportIssue.run == import_id).order_by(ImportIssue.row, ImportIssue.id)
    return [{"row": i.row, "column": i.column, "value": i.value, "reason": i.reason} for i in query]


def errors_csv(import_id: int) -> str:
    """The error records as CSV text (row, column, value, reason).

    Values come from the imported file, so a cell a spreadsheet would run as a formula
    is neutralised (``spreadsheet_cells``); importing the CSV again gives the values back.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "value", "reason"])
    for issue in import_errors(import_id):
        writer.writerow(neutralise_row([issue["row"], issue["column"], issue["value"], issue["reason"]]))
    return out.getvalue()
