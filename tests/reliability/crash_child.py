"""The process the kill tests kill: one store operation that stops at a named point.

``python crash_child.py URL POINT FD FOLDER`` opens the store at URL, wraps the store
function that marks POINT (``POINTS``), and runs POINT's operation (``OPERATIONS``: an
import, a merge, an identify or a bulk tag of every person, on the state
``store_state.populate`` left). On reaching the point it writes the point's name and a
line break to the file descriptor FD and waits to be killed. The hooks live here, not
in the store.

Points named ``...:committing`` do not wait: a thread kills the process itself while
``COMMIT`` runs (on SQLite once the write-ahead log starts to grow, so the commit is
half-written), and the parent accepts either outcome of an atomic commit.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee
from store_state import MERGED, PERSONS, VISITOR, VISITOR_EMAIL, people_csv

import store
from store import history, tags
from store.db import db
from store.events import identity, recording
from store.importing import engine, passes
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.writer import Writer
from store.merging import merges
from store.models import Person

IMPORTED = 2500  # rows of the import operation (two batches): the first PERSONS match, the rest are new


def _stop(fd: int, point: str) -> None:
    os.write(fd, f"{point}\n".encode())
    time.sleep(600)  # the parent kills this process now
    raise SystemExit(f"{point}: not killed")


def _after(owner: Any, name: str, stop: Callable[[], None], calls: int = 1) -> None:
    """Wrap ``owner.name`` so that its ``calls``-th call returns into ``stop``."""
    original = getattr(owner, name)
    seen = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        seen[0] += 1
        if seen[0] == calls:
            stop()
        return result

    setattr(owner, name, wrapped)


def _before_commit(stop: Callable[[], None]) -> None:
    """Stop when the operation's transaction is about to commit (everything is written)."""
    database = db.obj
    original = database.commit

    def commit() -> None:
        stop()
        original()

    database.commit = commit


def _kill_during_commit() -> None:
    """Kill this process while ``COMMIT`` runs (on PostgreSQL: as it is sent, or just after)."""
    database = db.obj
    original = database.commit
    wal = Path(f"{database.database}-wal") if isinstance(database, peewee.SqliteDatabase) else None

    def watch(start: int) -> None:
        while wal is not None and (wal.stat().st_size if wal.exists() else 0) <= start:
            pass
        os.kill(os.getpid(), signal.SIGKILL)

    def commit() -> None:
        start = wal.stat().st_size if wal is not None and wal.exists() else 0
        threading.Thread(target=watch, args=(start,), daemon=True).start()
        original()
        time.sleep(600)  # the watcher kills this process now

    database.commit = commit


def _analysing(stop: Callable[[], None]) -> None:
    """Stop after the 1000th row is read and checked."""
    original = passes.read_rows

    def read_rows(rows: Any, *args: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            for number, row in enumerate(rows, 1):
                if number == 1000:
                    stop()
                yield row

        return original(counted(), *args, **kwargs)

    passes.read_rows = read_rows


def _first_chunk(stop: Callable[[], None]) -> None:
    """Stop a bulk tag after its first chunk of persons is written."""
    original = peewee.chunked

    def chunked(items: Any, size: int) -> Any:
        for number, chunk in enumerate(original(items, size)):
            if number == 1:
                stop()
            yield chunk

    peewee.chunked = chunked


def points(fd: int) -> dict[str, Callable[[], None]]:
    """Each point's name and the function that installs its hook."""

    def stop_at(point: str) -> Callable[[], None]:
        return lambda: _stop(fd, point)

    return {
        "import:analysing": lambda: _analysing(stop_at("import:analysing")),
        "import:first-batch": lambda: _after(Writer, "write", stop_at("import:first-batch")),
        "import:outcome-recorded": lambda: _after(
            engine.ImportJob, "_record_written", stop_at("import:outcome-recorded")
        ),
        "import:before-commit": lambda: _before_commit(stop_at("import:before-commit")),
        "import:committing": _kill_during_commit,
        "merge:contacts-moved": lambda: _after(recording, "move_events", stop_at("merge:contacts-moved")),
        "merge:history": lambda: _after(history, "record", stop_at("merge:history")),
        "merge:before-commit": lambda: _before_commit(stop_at("merge:before-commit")),
        "identify:merged": lambda: _after(identity, "_merge_into", stop_at("identify:merged")),
        "identify:attached": lambda: _after(identity, "_attach", stop_at("identify:attached")),
        "identify:before-commit": lambda: _before_commit(stop_at("identify:before-commit")),
        "tag:first-chunk": lambda: _first_chunk(stop_at("tag:first-chunk")),
        "tag:history": lambda: _after(history, "record", stop_at("tag:history"), calls=PERSONS // 2),
        "tag:before-commit": lambda: _before_commit(stop_at("tag:before-commit")),
    }


def _import(folder: Path) -> str:
    path = people_csv(folder / "second.csv", 0, IMPORTED, "Renamed")
    result = drive(import_file(path, ImportOptions(on_match="merge", tags="auto")))
    return f"{result.status}: {result.message}"


OPERATIONS: dict[str, Callable[[Path], Any]] = {
    "import": _import,
    "merge": lambda _folder: merges.merge_persons(list(MERGED)),
    "identify": lambda _folder: identity.identify(VISITOR, emails=[VISITOR_EMAIL]),
    "tag": lambda _folder: tags.assign_tag("bulk", [p.id for p in Person.select(Person.id)]),
}


def main(url: str, point: str, fd: int, folder: str) -> None:
    """Open the store, install the point's hook, run its operation (module docstring)."""
    store.open(url)
    points(fd)[point]()
    outcome = OPERATIONS[point.split(":", 1)[0]](Path(folder))
    os.write(fd, f"finished without stopping ({outcome})\n".encode())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
