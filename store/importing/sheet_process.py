"""Reading an ``.xls`` or ``.xlsx`` in a helper process that cannot take the machine.

A spreadsheet is untrusted input read by native code (python-calamine, xlrd's and
openpyxl's parsers): a hostile file can make a reader allocate without bound, spin, or
abort the whole process. So :func:`sheet_records` runs the readers of
:mod:`sheet_readers` in a helper (``python -m store.importing.sheet_process``) that sets
its own limits before it loads any reader: an address space of
:data:`MEMORY_LIMIT_BYTES`, :data:`CPU_LIMIT_SECONDS` of CPU time and no core file. The
parent stops a helper that hangs (see :data:`WAIT_SECONDS`).

The helper streams length-prefixed ``marshal`` messages on its stdout: the worksheet's
name as soon as it is known, ``ready`` once every check that can refuse the file has
passed, then chunks of rows, then ``end`` (or a refusal). Cells travel as they are when
they are text or empty; dates, date-times and error cells are encoded beside the row.
The parent's records stay a generator, so memory stays bounded by a chunk: the helper
blocks on the pipe while the import works.

When the helper dies (killed by a limit, an abort, a panic, ``MemoryError``) or hangs, the file is refused (``too-large``, "too large or malformed", naming the
sheet when it was known) and the importing process carries on unharmed.
"""

from __future__ import annotations

import datetime
import marshal
import os
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, Literal

from .errors import FileRefused, RefusalReason
from .helpers import ignore_ctrl_c, start_helper
from .table import Cell, CellError, Records

MEMORY_LIMIT_BYTES = 768 << 20
"""The helper's address space (``RLIMIT_AS``): interpreter, readers and the sheet."""
CPU_LIMIT_SECONDS = 300
"""The helper's CPU time (``RLIMIT_CPU``); a 50 MB workbook needs well under a minute."""
WAIT_SECONDS = 60.0
"""How long the parent waits for the helper's next message (wall clock) before it looks
whether the helper is still working: one that used less than a hundredth of that time in
CPU is stopped (it hangs); a busy one, on a loaded machine, may go on up to its CPU limit."""
CHUNK_CELLS = 50_000
"""Rows are sent in chunks of about this many cells (and at most 2,000 rows)."""
CHUNK_ROWS = 2000
READ_BYTES = 1 << 16

Message = tuple[Any, ...]


def sheet_records(path: Path, kind: Literal["xls", "xlsx"], *, max_uncompressed: int) -> Records:
    """Records of the first worksheet of the spreadsheet at ``path``, read by a helper.

    Everything that can refuse the file happens before this returns, as with the readers
    of :mod:`sheet_readers`; closing the records stops the helper.

    Raises:
        FileRefused: what the readers refuse, and ``too-large`` when the helper dies or
            stops working (see :data:`WAIT_SECONDS`).
    """
    helper = _Helper(path, kind, max_uncompressed)
    try:
        helper.wait_ready()
    except BaseException:
        helper.close()
        raise
    return helper.records()


class _Helper:
    """The parent's end of one helper process."""

    def __init__(self, path: Path, kind: str, max_uncompressed: int) -> None:
        self.sheet: str | None = None
        self.buffer = bytearray()
        self.process = start_helper(  # Ctrl-C is the importing process's (``helpers``)
            _command(path, kind, max_uncompressed),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdout is not None
        self.descriptor = self.process.stdout.fileno()

    def wait_ready(self) -> None:
        """Read messages until the helper says every check passed; raise its refusal."""
        while True:
            message = self._message()
            if message[0] == "sheet":
                self.sheet = message[1]
            elif message[0] == "ready":
                return
            else:
                raise self._outcome(message)

    def records(self) -> Records:
        """The rows, decoded, chunk by chunk; the helper stops when this closes."""
        try:
            while True:
                message = self._message()
                if message[0] != "rows":
                    if message[0] == "end":
                        return
                    raise self._outcome(message)
                for number, cells, special in message[1]:
                    if special is not None:
                        for position, encoded in special:
                            cells[position] = _decode(encoded)
                    yield number, cells
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper if it still runs and release its pipe."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()

    def _message(self) -> Message:
        size = int.from_bytes(self._read(8), "little")
        message: Message = marshal.loads(self._read(size))
        return message

    def _read(self, size: int) -> bytes:
        deadline = time.monotonic() + WAIT_SECONDS
        used = self._cpu_seconds()
        while len(self.buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                now = self._cpu_seconds()
                if now - used < WAIT_SECONDS / 100:
                    raise self._failure(f"it stopped working for {WAIT_SECONDS:g} seconds")
                deadline, used = time.monotonic() + WAIT_SECONDS, now
                continue
            ready, _, _ = select.select([self.descriptor], [], [], remaining)
            if ready:
                data = os.read(self.descriptor, max(READ_BYTES, size - len(self.buffer)))
                if not data:
                    raise self._failure(self._death())
                self.buffer += data
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def _cpu_seconds(self) -> float:
        """The CPU time the helper has used so far (0 where ``/proc`` cannot tell)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rpartition(b")")[2].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _death(self) -> str:
        """Why the helper ended without its last message, in a user's words."""
        code = self.process.wait()
        if code in (-signal.SIGKILL, -signal.SIGXCPU):  # a limit was reached
            return "it reached the limit of time or memory"
        return "its reader stopped" if code >= 0 else "its reader crashed"

    def _outcome(self, message: Message) -> FileRefused:
        """The refusal for a message that ends the reading early."""
        if message[0] == "refused":
            reason: RefusalReason = message[1]
            return FileRefused(reason, message[2])
        if message[0] == "failed" and message[1] == "memory":
            return self._failure(f"it needed more than {MEMORY_LIMIT_BYTES >> 20} MiB of memory")
        return self._failure("its reader failed", reason="corrupt")

    def _failure(self, what: str, *, reason: RefusalReason = "too-large") -> FileRefused:
        self.close()
        where = f"The worksheet '{self.sheet}'" if self.sheet is not None else "The workbook"
        return FileRefused(
            reason,
            f"{where} is too large or malformed to be read safely ({what}), so the file was "
            "refused: split it into smaller files, save it again from a spreadsheet "
            "program, or export it as CSV.",
        )


def _command(path: Path, kind: str, max_uncompressed: int) -> list[str]:
    """The helper's command line: the reader, the file and the limits it sets itself."""
    return [
        sys.executable,
        "-m",
        "store.importing.sheet_process",
        kind,
        str(max_uncompressed),
        str(MEMORY_LIMIT_BYTES),
        str(CPU_LIMIT_SECONDS),
        os.fspath(path),
    ]


def _encode(cell: Cell) -> tuple[Any, ...]:
    """A cell that is neither text nor empty, as plain values ``marshal`` can send."""
    if isinstance(cell, CellError):
        return (0, cell.text)
    if isinstance(cell, datetime.datetime):
        if cell.tzinfo is not None:
            return (3, cell.isoformat())
        return (2, cell.year, cell.month, cell.day, cell.hour, cell.minute, cell.second, cell.microsecond)
    assert isinstance(cell, datetime.date)
    return (1, cell.toordinal())


def _decode(encoded: tuple[Any, ...]) -> Cell:
    kind = encoded[0]
    if kind == 0:
        return CellError(encoded[1])
    if kind == 1:
        return datetime.date.fromordinal(encoded[1])
    if kind == 2:
        return datetime.datetime(*encoded[1:])
    return datetime.datetime.fromisoformat(encoded[1])


# --- the helper's side -------------------------------------------------------------------


def serve(arguments: list[str]) -> None:
    """The helper: set the limits, read the sheet, stream the messages on stdout."""
    kind, max_uncompressed, memory, cpu, path = arguments
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 5))
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    sink = sys.stdout.buffer
    try:
        _serve(kind, int(max_uncompressed), Path(path), sink)
    except FileRefused as exc:
        _send(sink, ("refused", exc.reason, exc.message))
    except MemoryError:
        _send(sink, ("failed", "memory"))
    except BrokenPipeError:
        return  # the import stopped reading
    except BaseException:  # noqa: BLE001 - a reader's panic (a BaseException) included
        _send(sink, ("failed", "error"))


def _serve(kind: str, max_uncompressed: int, path: Path, sink: BinaryIO) -> None:
    from . import sheet_readers  # after the limits: the readers load under them

    def named(name: str) -> None:
        _send(sink, ("sheet", name))

    if kind == "xls":
        records = sheet_readers.xls_records(path, on_sheet=named)
    else:
        records = sheet_readers.xlsx_records(path, max_uncompressed=max_uncompressed, on_sheet=named)
    _send(sink, ("ready",))
    chunk: list[tuple[int, list[Any], list[tuple[int, tuple[Any, ...]]] | None]] = []
    cells_in_chunk = 0
    plain_types = {str, type(None)}
    for number, cells in records:
        if plain_types.issuperset(map(type, cells)):  # most rows: text and empty cells only
            chunk.append((number, cells, None))
        else:
            special = [
                (position, _encode(cell))
                for position, cell in enumerate(cells)
                if cell is not None and cell.__class__ is not str
            ]
            plain = [cell if cell is None or cell.__class__ is str else None for cell in cells]
            chunk.append((number, plain, special))
        cells_in_chunk += len(cells) + 1
        if cells_in_chunk >= CHUNK_CELLS or len(chunk) >= CHUNK_ROWS:
            _send(sink, ("rows", chunk))
            chunk, cells_in_chunk = [], 0
    if chunk:
        _send(sink, ("rows", chunk))
    _send(sink, ("end",))


def _send(sink: BinaryIO, message: Message) -> None:
    blob = marshal.dumps(message)
    sink.write(len(blob).to_bytes(8, "little"))
    sink.write(blob)
    sink.flush()


if __name__ == "__main__":
    ignore_ctrl_c()
    serve(sys.argv[1:])
