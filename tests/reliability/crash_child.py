"""The process the kill tests kill: one store operation that stops at a named point.

``python crash_child.py URL POINT FD FOLDER`` wraps the store function that marks
POINT (``points``) and runs POINT's operation on the store at URL (``OPERATIONS``, on
the state ``store_state.populate`` left): an import through the ``profiles`` command
line (``import FILE --yes --json``, which opens the store itself), or a merge, an
identify or a bulk tag of every person through the store's functions. On reaching the
point it writes the point's name and a line break to the file descriptor FD and waits
to be killed. The hooks live here, not in the store.

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
from store.db import connect
from store.events import identity, recording
from store.importing import engine, passes
from store.importing.writer import Writer
from store.merging import merges
from store.models import Person
from tui.main import main

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


def _before_commit(database_class: type[peewee.Database], stop: Callable[[], None]) -> None:
    """Stop when the operation's transaction is about to commit (everything is written)."""
    original = database_class.commit

    def commit(self: peewee.Database) -> None:
        stop()
        original(self)

    database_class.commit = commit  # type: ignore[method-assign]


def _kill_during_commit(database_class: type[peewee.Database], wal: Path | None) -> None:
    """Kill this process while ``COMMIT`` runs (on PostgreSQL: as it is sent, or just after)."""
    original = database_class.commit

    def watch(start: int) -> None:
        while wal is not None and (wal.stat().st_size if wal.exists() else 0) <= start:
            pass
        os.kill(os.getpid(), signal.SIGKILL)

    def commit(self: peewee.Database) -> None:
        start = wal.stat().st_size if wal is not None and wal.exists() else 0
        threading.Thread(target=watch, args=(start,), daemon=True).start()
        original(self)
        time.sleep(600)  # the watcher kills this process now

    database_class.commit = commit  # type: ignore[method-assign]


def _analysing(stop: Callable[[], None]) -> None:
    """Stop once the chunk holding the 1000th row of the file is read (pass one, before any write)."""
    original = passes.read_rows

    def read_rows(chunks: Any, *args: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            read = 0
            for chunk in chunks:
                read += chunk.rows
                if read >= 1000:
                    stop()
                yield chunk

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


def points(fd: int, url: str) -> dict[str, Callable[[], None]]:
    """Each point's name and the function that installs its hook."""
    database_class = type(connect(url))
    wal = Path(url.split(":///", 1)[1] + "-wal") if url.startswith("sqlite:") else None

    def stop_at(point: str) -> Callable[[], None]:
        return lambda: _stop(fd, point)

    def before_commit(point: str) -> Callable[[], None]:
        return lambda: _before_commit(database_class, stop_at(point))

    return {
        "import:analysing": lambda: _analysing(stop_at("import:analysing")),
        "import:first-batch": lambda: _after(Writer, "write", stop_at("import:first-batch")),
        "import:outcome-recorded": lambda: _after(
            engine.ImportJob, "_record_written", stop_at("import:outcome-recorded")
        ),
        "import:before-commit": before_commit("import:before-commit"),
        "import:committing": lambda: _kill_during_commit(database_class, wal),
        "merge:contacts-moved": lambda: _after(recording, "move_events", stop_at("merge:contacts-moved")),
        "merge:history": lambda: _after(history, "record", stop_at("merge:history")),
        "merge:before-commit": before_commit("merge:before-commit"),
        "identify:merged": lambda: _after(identity, "_merge_into", stop_at("identify:merged")),
        "identify:attached": lambda: _after(identity, "_attach", stop_at("identify:attached")),
        "identify:before-commit": before_commit("identify:before-commit"),
        "tag:first-chunk": lambda: _first_chunk(stop_at("tag:first-chunk")),
        "tag:history": lambda: _after(history, "record", stop_at("tag:history"), calls=PERSONS // 2),
        "tag:before-commit": before_commit("tag:before-commit"),
    }


def _import(url: str, folder: Path) -> str:
    path = people_csv(folder / "second.csv", 0, IMPORTED, "Renamed")
    code = main(
        ["--db", url, "import", str(path), "--on-match", "merge", "--tags", "auto", "--yes", "--json"]
    )
    return f"exit code {code}"


def _in_store(operation: Callable[[], Any]) -> Callable[[str, Path], Any]:
    def run(url: str, _folder: Path) -> Any:
        store.open(url)
        return operation()

    return run


OPERATIONS: dict[str, Callable[[str, Path], Any]] = {
    "import": _import,
    "merge": _in_store(lambda: merges.merge_persons(list(MERGED))),
    "identify": _in_store(lambda: identity.identify(VISITOR, emails=[VISITOR_EMAIL])),
    "tag": _in_store(lambda: tags.assign_tag("bulk", [p.id for p in Person.select(Person.id)])),
}


def run_to(url: str, point: str, fd: int, folder: str) -> None:
    """Install the point's hook and run its operation (module docstring)."""
    points(fd, url)[point]()
    outcome = OPERATIONS[point.split(":", 1)[0]](url, Path(folder))
    os.write(fd, f"finished without stopping ({outcome})\n".encode())


if __name__ == "__main__":
    run_to(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
