"""Cells a spreadsheet would run as a formula, neutralised in every CSV the program writes.

A spreadsheet opening a CSV treats a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some programs, TAB or CR) as a formula: ``=HYPERLINK(...)`` in a name would run
on the reader's machine. :func:`neutralise` puts an apostrophe before such a cell, which
spreadsheets show as text; a cell that is wholly a number (``-12.5``) or an E.164 phone
(``+385911234567``) stays as it is, as it is data and harmless. :func:`restore` takes the
apostrophe back when such a file is imported again, so that writing and reading give the
same values: a cell that already starts with apostrophes before one of those characters
gets one more, and loses one on the way back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SUSPECT = (*TRIGGERS, "'")
_HARMLESS = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|\+[1-9][0-9]{1,14}")


def neutralise(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text (an apostrophe before a formula)."""
    if not text.startswith(_SUSPECT):  # most cells: one test, no copy (exports call this per cell)
        return text
    body = text.lstrip("'")
    if not body.startswith(TRIGGERS):
        return text
    if len(body) == len(text) and _HARMLESS.fullmatch(text):
        return text
    return "'" + text


def restore(text: str) -> str:
    """The value :func:`neutralise` made ``text`` from: one apostrophe before a formula goes."""
    if text.startswith("'") and text.lstrip("'").startswith(TRIGGERS):
        return text[1:]
    return text


def neutralise_row(cells: Sequence[object]) -> list[object]:
    """A row for ``csv.writer``: text cells neutralised, numbers and empty cells as they are."""
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in cells]
