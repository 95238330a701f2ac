"""Starting an import's helper processes so that Ctrl-C belongs to the importing process.

The helpers (``check_process``, ``phones``, ``prepare``, ``sheet_process``) run in
process groups of their own, which a terminal's Ctrl-C does not reach, and start with
SIGINT blocked (a child inherits its parent's signal mask across ``exec``), so that a
SIGINT sent to one anyway, during its start-up included, never ends it with a traceback
and never looks like a broken reader: the importing process cancels the import and
stops its helpers itself.
Each helper's main calls ``ignore_ctrl_c`` before anything else.
"""

from __future__ import annotations

import signal
import subprocess
from typing import IO, Any


def start_helper(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen(command, **options)`` in a new process group, SIGINT blocked in it."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return subprocess.Popen(command, process_group=0, **options)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a SIGINT meanwhile is handled now


def ignore_ctrl_c() -> None:
    """In a helper: SIGINT does nothing (the importing process handles Ctrl-C)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def send_frame(stream: IO[bytes], blob: bytes) -> None:
    """Write one length-prefixed message."""
    stream.write(len(blob).to_bytes(8, "little"))
    stream.write(blob)
    stream.flush()


def receive_frame(stream: IO[bytes]) -> bytes:
    """Read one length-prefixed message in two reads (``marshal.load`` on a pipe reads it
    in many small pieces, holding the GIL the main thread needs: ~5 s for a 50 MB file)."""
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError
    size = int.from_bytes(head, "little")
    blob = stream.read(size)
    if len(blob) < size:
        raise EOFError
    return blob
