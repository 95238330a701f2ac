"""Pass one's row checks in two helper processes, for a large text file.

Checking the rows (``rowcheck``: every field rule, phone numbers included) is most of
pass one's work and pure Python, so in one process it holds a single core while the
second one waits. For a CSV or TXT file (alone or in a zip) of
``passes.PARALLEL_FROM_BYTES`` or more, :class:`CheckWorkers` starts two helpers
(``python -m store.importing.check_process``). Each opens the file itself, with the
same options, and reads every row (parsing is cheap next to checking), but checks only
every other chunk of rows: the first helper the even chunks, the second the odd ones.
The main process takes the chunks in file order, one from each helper in turn, and
puts them into the plan (``passes.read_rows``); only the checked rows cross the pipe,
already marshalled as the spill stores them, so they go to the spill as they came.

The rules are the same functions either way, so the outcome is the in-process one. A
helper that finds the file changed since the import opened it (another inode, size or
modification time) refuses it; a refusal found while reading (a quote never closed,
bytes of another encoding) reaches the main process in place of the chunk it stopped,
and is raised there; a helper that dies ends the import as failed. Closing the workers
stops both helpers.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import marshal
import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from .errors import FileRefused
from .helpers import ignore_ctrl_c, receive_frame, send_frame, start_helper
from .options import ImportOptions
from .rowcheck import CheckContext, Issue, Row, RowChecker
from .source import open_table
from .table import SourceRow

PIPE_BYTES = 1 << 20
"""Each helper's pipe (Linux ``F_SETPIPE_SZ``): room for a few chunks, so a helper
checks on while the main process is busy with the other helper's chunk."""


@dataclass(slots=True)
class CheckedChunk:
    """One chunk of rows, checked: how many rows it had and the number of its last one,
    its valid rows (in file order), the same marshalled (``blob``, None when checked in
    this process) and each invalid row's number and issues."""

    rows: int
    last_number: int
    valid: list[Row]
    blob: bytes | None
    invalid: list[tuple[int, list[Issue]]]


def check_chunk(
    checker: RowChecker, chunk: list[SourceRow]
) -> tuple[list[Row], list[tuple[int, list[Issue]]]]:
    """The valid rows of ``chunk`` and the issues of the invalid ones, in file order."""
    valid: list[Row] = []
    invalid: list[tuple[int, list[Issue]]] = []
    check = checker.check
    for row in chunk:
        parsed, issues = check(row)
        if parsed is None:
            invalid.append((row.number, issues))
        else:
            valid.append(parsed)
    return valid, invalid


class CheckWorkers:
    """Two helpers checking alternate chunks of one text file; ``chunks`` gives them in order."""

    def __init__(
        self,
        path: Path,
        opening: dict[str, Any],
        mapping: dict[int, str],
        options: ImportOptions,
        context: CheckContext,
        chunk: int,
        count: int = 2,
    ) -> None:
        """Start ``count`` helpers on ``path``, opened with ``open_table(path, **opening)``.

        ``mapping``, ``options`` and ``context`` make each helper's ``RowChecker``;
        ``chunk`` is how many rows a chunk has.
        """
        self.processes: list[subprocess.Popen[bytes]] = []
        try:
            for index in range(count):
                process = start_helper(  # Ctrl-C is the importing process's (``helpers``)
                    [sys.executable, "-m", "store.importing.check_process"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                self.processes.append(process)
                job = {
                    "path": str(path),
                    "stat": _identity(path),
                    "opening": opening,
                    "mapping": mapping,
                    "options": options,
                    "context": context,
                    "chunk": chunk,
                    "index": index,
                    "count": count,
                }
                assert process.stdin is not None
                send_frame(process.stdin, pickle.dumps(job))
                process.stdin.close()
        except BaseException:
            self.close()
            raise

    def chunks(self) -> Iterator[CheckedChunk]:
        """The checked chunks in file order, until the file ends.

        Raises:
            FileRefused: what reading the file refused, in place of the chunk it stopped.
            RuntimeError: a helper failed or stopped.
        """
        count = len(self.processes)
        index = 0
        while True:
            message = self._message(self.processes[index % count])
            kind = message[0]
            if kind == "rows":
                _, rows, last_number, blob, invalid = message
                yield CheckedChunk(rows, last_number, marshal.loads(blob), blob, invalid)
            elif kind == "end":
                return
            elif kind == "refused":
                raise FileRefused(message[1], message[2])
            else:
                raise RuntimeError(f"checking the rows failed: {message[1]}")
            index += 1

    @staticmethod
    def _message(process: subprocess.Popen[bytes]) -> tuple[Any, ...]:
        assert process.stdout is not None
        try:
            return marshal.loads(receive_frame(process.stdout))
        except EOFError:
            raise RuntimeError("a row-checking helper process stopped") from None

    def close(self) -> None:
        """Stop the helpers (they may still be reading when the import ends early)."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()


def _identity(path: Path) -> tuple[int, int, int]:
    """The file's inode, size and modification time: what tells a helper the file it reads
    is the one the import opened."""
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """The helper's work: read the job, then send its chunks, checked, and ``end``."""
    gc.disable()  # millions of short-lived rows and no cycles among them (PERF-NOTES 6.2)
    job = pickle.loads(receive_frame(source))
    mine, count, size = job["index"], job["count"], job["chunk"]
    with contextlib.suppress(OSError, AttributeError):  # a larger pipe where Linux allows it
        fcntl.fcntl(sink.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        if _identity(Path(job["path"])) != job["stat"]:
            raise FileRefused(
                "corrupt", "The file changed while it was being read: import it again once it is complete."
            )
        with open_table(job["path"], **job["opening"]) as table:
            checker = RowChecker(table.header, job["mapping"], job["options"], job["context"])
            rows = table.rows
            index = 0
            while chunk := list(islice(rows, size)):
                if index % count == mine:
                    valid, invalid = check_chunk(checker, chunk)
                    blob = marshal.dumps(valid)
                    send_frame(sink, marshal.dumps(("rows", len(chunk), chunk[-1].number, blob, invalid)))
                index += 1
        message: tuple[Any, ...] = ("end",)
    except FileRefused as exc:
        message = ("refused", exc.reason, exc.message)
    except Exception as exc:  # noqa: BLE001 - reported to the importing process, which records it
        message = ("failed", f"{type(exc).__name__}: {exc}")
    send_frame(sink, marshal.dumps(message))


if __name__ == "__main__":
    ignore_ctrl_c()
    with contextlib.suppress(BrokenPipeError):  # the import ended early and closed the pipe
        serve(sys.stdin.buffer, sys.stdout.buffer)
