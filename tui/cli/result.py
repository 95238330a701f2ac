"""What a command gives back: JSON-ready data and a way to print it for people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Result:
    """A command's outcome: ``data`` for ``--json``, ``render()`` prints it as text (what it
    returns is ignored)."""

    data: Any
    render: Callable[[], object]
    streamed: bool = False
    """True when the command wrote its own output as it went (``profiles batch``): nothing more is printed."""


class CommandExit(Exception):
    """Carries a command's result to the runner when its exit code is not 0 (printed as usual)."""

    def __init__(self, result: Result, code: int) -> None:
        super().__init__(code)
        self.result, self.code = result, code
