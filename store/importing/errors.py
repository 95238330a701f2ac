"""The one error the reading layer raises: a file that cannot be imported.

A refusal carries a stable ``reason`` (in the import's result, for scripts and for each
face's own hint: the command line names its flag, the console its field) and a
``message`` in a user's words that says what is wrong and what to do about it, without
naming any face's controls. Messages may name the file, a zip member or a row number,
never a cell's contents: cells hold personal data, and refusals end up in logs.
"""

from __future__ import annotations

from typing import Literal

RefusalReason = Literal[
    "empty",
    "no-data-rows",
    "corrupt",
    "encrypted",
    "unsupported-format",
    "too-large",
    "encoding",
    "no-identifier-column",
]


class FileRefused(Exception):
    """The file cannot be imported; nothing was read into the store.

    Attributes:
        reason: one of ``empty``, ``no-data-rows``, ``corrupt``, ``encrypted``,
            ``unsupported-format``, ``too-large``, ``encoding`` or (from the engine, once
            the columns are mapped) ``no-identifier-column``.
        message: what is wrong and what to do, e.g. "The file is password-protected:
            save a copy without a password and import that."
    """

    def __init__(self, reason: RefusalReason, message: str) -> None:
        super().__init__(message)
        self.reason: RefusalReason = reason
        self.message = message

    def __repr__(self) -> str:
        return f"FileRefused({self.reason!r}, {self.message!r})"
