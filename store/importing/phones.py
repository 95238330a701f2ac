"""Normalising a file's phone numbers on the second core while the main process reads on.

Phone parsing is about half of an import's single-core work (PERF-NOTES 6.1: 23.8 µs a
number). For large files a helper process (``python -m store.importing.phones``, fed
chunks over a pipe) normalises each chunk's distinct phone texts while the main process
checks the previous chunk, so the two overlap. The rule is the store's own
(``contact_rules.normalize_phone``) either way. A plain subprocess, not
``multiprocessing``, so that the caller's main module is never imported again.
"""

from __future__ import annotations

import marshal
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable
from typing import BinaryIO

from ..contact_rules import normalize_phone
from ..errors import InvalidValue
from .helpers import ignore_ctrl_c, receive_frame, send_frame, start_helper

Outcomes = tuple[dict[str, str], dict[str, str]]  # text → E.164, text → error message


def normalize_many(texts: list[str], country: str | None) -> Outcomes:
    """Normalise each text: the E.164 form of the valid ones and the error of the others."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for text in texts:
        try:
            values[text] = normalize_phone(text, country)
        except InvalidValue as exc:
            errors[text] = exc.message
    return values, errors


class PhoneWorkers:
    """Helper processes sharing each chunk of phone texts; ``get`` merges their answers."""

    def __init__(self, count: int = 2) -> None:
        """Start ``count`` helpers (two: together with the main process they fill two cores)."""
        self.workers = [PhoneWorker() for _ in range(count)]

    def submit(self, texts: Iterable[str], country: str | None) -> PhoneWorkers:
        """Send one chunk, split between the helpers; call ``get`` once per ``submit``."""
        items = list(texts)
        for index, worker in enumerate(self.workers):
            worker.submit(items[index :: len(self.workers)], country)
        return self

    def get(self) -> Outcomes:
        """The outcomes of the oldest chunk not yet collected."""
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        for worker in self.workers:
            done, failed = worker.get()
            values.update(done)
            errors.update(failed)
        return values, errors

    def close(self) -> None:
        """Stop every helper."""
        for worker in self.workers:
            worker.close()


class PhoneWorker:
    """One helper process that normalises phone texts; results come back in order."""

    def __init__(self) -> None:
        """Start the process and a thread that collects its answers."""
        self.process = start_helper(  # Ctrl-C is the importing process's (``helpers``)
            [sys.executable, "-m", "store.importing.phones"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.answers: queue.Queue[Outcomes | None] = queue.Queue()
        self.reader = threading.Thread(target=self._collect, daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            try:
                self.answers.put(marshal.loads(receive_frame(stream)))
            except (EOFError, ValueError, OSError):
                self.answers.put(None)
                return

    def submit(self, texts: Iterable[str], country: str | None) -> PhoneWorker:
        """Send a chunk; call ``get`` once per ``submit``, in the same order."""
        stream = self.process.stdin
        assert stream is not None
        send_frame(stream, marshal.dumps((country, list(texts))))
        return self

    def get(self) -> Outcomes:
        """The outcomes of the oldest chunk not yet collected."""
        answer = self.answers.get()
        if answer is None:
            raise RuntimeError("the phone helper process stopped")
        return answer

    def close(self) -> None:
        """Stop the process."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """The helper's loop: read ``(country, texts)`` chunks, answer each with its outcomes."""
    while True:
        try:
            country, texts = marshal.loads(receive_frame(source))
        except EOFError:
            return
        send_frame(sink, marshal.dumps(normalize_many(texts, country)))


if __name__ == "__main__":
    ignore_ctrl_c()
    serve(sys.stdin.buffer, sys.stdout.buffer)
