"""Progress of an import, and the one loop that drives an import's generators.

Every phase of an import (``engine.ImportJob.analyse``, ``confirm``, ``run``) is a
generator that yields a :class:`Progress` about four times a second and returns its
result. :func:`drive` runs one to its end and hands each progress to a callback (the
command line draws its bar there; the demo passes none).
A :class:`Ticker` decides when a progress is due, and raises :class:`ImportCancelled`
once the caller's cancel event is set, so the phase stops at its next report.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

TICK = 0.25

T = TypeVar("T")


class ImportCancelled(Exception):
    """Raised inside the engine when the user cancels; the transaction rolls back."""


@dataclass
class Progress:
    """Where an import stands: phase (``analysing`` or ``writing``), rows done, rate, time left."""

    phase: str
    rows_done: int
    rows_total: int | None
    rate: float
    seconds_left: float | None


def drive(
    generator: Generator[Progress, None, T], on_progress: Callable[[Progress], None] | None = None
) -> T:
    """Run an import generator to its end, handing each progress to ``on_progress``; its result.

    When ``on_progress`` raises (or the caller is interrupted in it), the generator is
    closed first, so the phase rolls back and records that it was cancelled.
    """
    try:
        while True:
            try:
                progress = next(generator)
            except StopIteration as stop:
                return stop.value
            if on_progress is not None:
                on_progress(progress)
    except BaseException:
        generator.close()
        raise


class Ticker:
    """Decides when to report progress (about every 250 ms) and computes rate and time left."""

    def __init__(self, phase: str, total: int | None, cancel: threading.Event | None) -> None:
        """Start the clock of one phase over ``total`` rows (None when not known yet)."""
        self.phase, self.total, self.cancel = phase, total, cancel
        self.start = self.last = time.monotonic()

    def check(self) -> None:
        """Raise ``ImportCancelled`` when the caller asked to cancel."""
        if self.cancel is not None and self.cancel.is_set():
            raise ImportCancelled

    def due(self, done: int) -> Progress | None:
        """A progress report when one is due (after ``check``), else None."""
        self.check()
        now = time.monotonic()
        if now - self.last < TICK:
            return None
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        left = (self.total - done) / rate if self.total and rate else None
        return Progress(self.phase, done, self.total, rate, left)
