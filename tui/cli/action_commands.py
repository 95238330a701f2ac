"""``profiles action NAME --args JSON`` and ``profiles batch`` (JSON Lines in, JSON Lines out).

Thin commands over ``store.actions``. ``batch`` reads standard input in chunks as they
arrive, hands the complete lines that are already there (never waiting for more) to
``store.actions.run_lines``, which runs them in one short transaction, and writes and
flushes each result line once that transaction committed. An interactive bot that
writes one line and waits for its answer gets it at once.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import select
import sys
from typing import Any, BinaryIO

from store import actions
from store.actions.batch import MAX_GROUP, MAX_LINE

from .output import emit_record
from .result import CommandExit, Result
from .segment_commands import condition_text

CHUNK = 65_536


class LineReader:
    """Lines of a byte stream, with ``ready()`` saying whether one can be had without waiting.

    Reads the file descriptor directly (``os.read``), so what ``select`` reports and what
    is buffered here are all there is. A line longer than ``MAX_LINE`` is cut at
    ``MAX_LINE + 1`` bytes (the store refuses it) and the rest of it is skipped unread.
    A stream without a descriptor (a test's) is read whole.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.buffer = bytearray()
        self.eof = False
        self.skipping = False
        try:
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation, ValueError):
            self.fd = None
            self.buffer += stream.read()
            self.eof = True

    def _read(self) -> None:
        assert self.fd is not None  # only called while not at the end
        chunk = os.read(self.fd, CHUNK)
        if not chunk:
            self.eof = True
        elif self.skipping:
            end = chunk.find(b"\n")
            if end >= 0:
                self.skipping = False
                self.buffer += chunk[end + 1 :]
        else:
            self.buffer += chunk

    def _complete(self) -> bool:
        return b"\n" in self.buffer or len(self.buffer) > MAX_LINE or (self.eof and bool(self.buffer))

    def ready(self) -> bool:
        """Whether a line (or the end) can be had now without waiting for input."""
        while not self._complete() and not self.eof:
            if self.fd is None or not select.select([self.fd], [], [], 0)[0]:
                return False
            self._read()
        return True

    def line(self) -> bytes | None:
        """The next line without its line break (waiting for it), or None at the end."""
        while not self._complete():
            if self.eof:
                return None
            self._read()
        end = self.buffer.find(b"\n")
        if 0 <= end <= MAX_LINE:
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 1]
        elif len(self.buffer) > MAX_LINE:  # too long: keep enough for the store to refuse it
            line = bytes(self.buffer[: MAX_LINE + 1])
            self.skipping = end < 0
            del self.buffer[: (end + 1) if end >= 0 else len(self.buffer)]
        else:
            line = bytes(self.buffer)
            self.buffer.clear()
        return line.removesuffix(b"\r")


def cmd_action(args: argparse.Namespace) -> Result:
    """Run one action with its arguments object; exit 1 when it is refused."""
    result = actions.run_json(args.name, condition_text(args.args, "arguments"))
    data = result.to_dict()

    def render() -> None:
        emit_record(result.status, [("Message", result.message), *data["data"].items()])

    outcome = Result(data, render)
    if not result.ok:
        raise CommandExit(outcome, 1)
    return outcome


def cmd_batch(_args: argparse.Namespace) -> Result:
    """Run JSON Lines actions from standard input; one JSON line per action on standard output."""
    reader = LineReader(sys.stdin.buffer)
    out = sys.stdout
    count = 0
    while (first := reader.line()) is not None:
        lines = [first]
        while len(lines) < MAX_GROUP and reader.ready():
            more = reader.line()
            if more is None:
                break
            lines.append(more)
        for result in actions.run_lines(lines):
            out.write(_dumps(result) + "\n")
            out.flush()
        count += len(lines)
    return Result({"actions": count}, lambda: None, streamed=True)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``action`` and ``batch`` to the parser."""
    names = ", ".join(actions.ACTION_NAMES)
    p = sub.add_parser("action", help="run one integration action (chatbots, forms, apps, jobs)")
    p.add_argument("name", metavar="NAME", help=f"one of {names}")
    p.add_argument(
        "--args",
        default="{}",
        metavar="JSON|@FILE",
        help="the arguments object as JSON, or @FILE (@- reads stdin)",
    )
    p.set_defaults(func=cmd_action)
    p = sub.add_parser(
        "batch", help='run JSON Lines actions from stdin ({"action": NAME, "args": {...}, "id"?} per line)'
    )
    p.set_defaults(func=cmd_batch)
