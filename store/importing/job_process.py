"""One import run in a helper process of its own, at a lower priority: for an interactive face.

The console must stay responsive while a 50 MB file is checked and written, so its import
wizard does not run the engine in its own process (pass one is Python that would hold the
interpreter lock for seconds at a time). :class:`ImportProcess` starts
``python -m store.importing.job_process`` (``nice`` 10, its own process group, like the
engine's other helpers), which opens the same store and drives one ``ImportJob``:

1. ``analyse()``, sending each ``Progress`` and then the analysis (an ``ImportResult``);
2. then it waits: ``confirm()`` drives the job's ``confirm()`` on the rows the analysis
   kept (the file is not read again), sending progress and the outcome; ``close()`` (or
   the caller going away) ends the job, whose entry stays ``analysed``.

``cancel()`` sets the job's cancel event at any moment: the running phase stops at its
next progress report and records ``cancelled``. Messages are length-prefixed pickles on
the two pipes (the two ends are this module, in one installation).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from ..errors import ProfilesError
from .details import DETAILS_LIMIT
from .engine import ImportJob, ImportResult
from .helpers import ignore_ctrl_c, receive_frame, send_frame, start_helper
from .options import ImportOptions
from .progress import Progress, drive

NICENESS = 10
"""How much lower the import's priority is than the face's (``os.nice``)."""


class ImportRefusedOptions(ProfilesError):
    """The options or the mapping cannot be used (the engine's usage error, from the helper).

    ``code``, ``field`` and ``value`` are those of the engine's error, so a face can put
    the message under the control it names.
    """

    def __init__(self, code: str, message: str, field: str | None, value: Any) -> None:
        super().__init__(message, field=field, value=value)
        self.code = code


class ImportProcessEnded(ProfilesError):
    """The import's helper process ended without an outcome (it was killed)."""

    code = "FAILED"


@dataclass(frozen=True)
class _Failure:
    code: str
    message: str
    field: str | None
    value: Any


def _send(stream: IO[bytes], message: object) -> None:
    send_frame(stream, pickle.dumps(message))


def _receive(stream: IO[bytes]) -> Any:
    return pickle.loads(receive_frame(stream))  # noqa: S301 - our own helper's messages


class ImportProcess:
    """An import running in a helper process: analyse, then confirm or close (module docstring)."""

    def __init__(
        self,
        url: str,
        path: str | os.PathLike[str],
        options: ImportOptions,
        *,
        details_limit: int = DETAILS_LIMIT,
    ) -> None:
        """Start the helper on the store at ``url``; it begins analysing ``path`` at once."""
        self.process = start_helper(
            [sys.executable, "-m", "store.importing.job_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the face owns the terminal; failures arrive as outcomes
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin, self.process.stdout
        self._lock = threading.Lock()
        self._command(("start", url, os.fspath(path), options, details_limit))

    def _command(self, message: object) -> None:
        with self._lock, contextlib.suppress(BrokenPipeError, ValueError):  # the helper has ended
            _send(self._in, message)

    def outcome(self, on_progress: Callable[[Progress], None] | None = None) -> ImportResult:
        """Wait for the running phase's result, handing each progress to ``on_progress``.

        Raises:
            ImportRefusedOptions: the engine refused the options or the mapping (no entry kept).
            ImportProcessEnded: the helper ended without a result.
        """
        while True:
            try:
                message = _receive(self._out)
            except (EOFError, OSError, pickle.UnpicklingError):
                self.process.wait()
                raise ImportProcessEnded(
                    f"The import process ended unexpectedly (exit status {self.process.returncode}).",
                    field="import",
                    value=self.process.returncode,
                ) from None
            if isinstance(message, Progress):
                if on_progress is not None:
                    on_progress(message)
            elif isinstance(message, _Failure):
                raise ImportRefusedOptions(message.code, message.message, message.field, message.value)
            else:
                return message

    def confirm(self) -> None:
        """Write what the analysis found; then ``outcome()`` gives the import's result."""
        self._command(("confirm",))

    def cancel(self) -> None:
        """Stop the running phase at its next progress report (it records ``cancelled``)."""
        self._command(("cancel",))

    def close(self) -> None:
        """End the helper; an analysis not confirmed stays ``analysed``."""
        self._command(("close",))
        with self._lock:
            self._in.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()


def _listen(source: IO[bytes], cancel: threading.Event, commands: queue.Queue[str]) -> None:
    """The helper's command reader: ``cancel`` sets the event at once; the end of input cancels."""
    while True:
        try:
            command = _receive(source)[0]
        except (EOFError, OSError):
            command = "gone"
        if command in ("cancel", "gone", "close"):
            cancel.set()
        commands.put(command)
        if command in ("gone", "close"):
            return


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """The helper's work: open the store, analyse, wait for ``confirm``, write (module docstring)."""
    import store

    _kind, url, path, options, details_limit = _receive(source)
    os.nice(NICENESS)
    store.open(url)
    cancel = threading.Event()
    commands: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_listen, args=(source, cancel, commands), daemon=True).start()

    def progress(report: Progress) -> None:
        _send(sink, report)

    try:
        with ImportJob(path, options, cancel=cancel, details_limit=details_limit) as job:
            try:
                analysis = drive(job.analyse(), progress)
            except ProfilesError as exc:
                _send(sink, _Failure(exc.code, exc.message, exc.field, exc.value))
                return
            _send(sink, analysis)
            if analysis.status != "analysed":
                return
            while (command := commands.get()) == "cancel":  # too late for the analysis: ignored
                cancel.clear()
            if command == "confirm":
                _send(sink, drive(job.confirm(), progress))
    finally:
        store.close()


def main() -> None:
    """The helper's entry point: the protocol on its own copy of stdout, which goes to stderr."""
    ignore_ctrl_c()
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing printed by a library can reach the protocol pipe
    serve(sys.stdin.buffer, protocol)


if __name__ == "__main__":
    from store.importing import job_process  # messages name this module, not __main__

    job_process.main()
