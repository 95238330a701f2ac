"""Printing command results: one JSON value for machines, plain aligned text for people.

Text output shows terminal control characters and Unicode bidi controls of user data as
escapes, so a name cannot move the cursor, change colours in the user's terminal, or
reorder what the terminal shows around it (a city holding U+202E). ``UNSHOWABLE`` is
that rule; the console applies it too (``tui.text``), which is why it lives here, in a
module that imports neither Textual nor rich.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

# C0 and C1 controls and DEL (tab and line breaks are handled apart), and the bidi
# controls: embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069, the marks
# U+200E/U+200F and the Arabic letter mark U+061C.
UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(value: Any) -> str:
    """User data as one printable line: control and bidi characters shown as escapes, empty as ''."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(safe(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{safe(k)}={safe(v)}" for k, v in value.items())
    text = str(value).replace("\n", "\\n").replace("\r", "\\r").replace("\t", " ")
    return UNSHOWABLE.sub(_escape, text)


def emit_json(value: Any, stream: TextIO | None = None) -> None:
    """Print ``value`` as one JSON document (built whole first, so a failure prints nothing)."""
    out = stream or sys.stdout
    out.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_record(title: str, fields: Sequence[tuple[str, Any]], stream: TextIO | None = None) -> None:
    """Print a title line and ``label  value`` lines, skipping empty values."""
    out = stream or sys.stdout
    out.write(safe(title) + "\n")
    shown = [(k, v) for k, v in fields if v not in (None, "", [], {})]
    width = max((len(k) for k, _v in shown), default=0)
    for key, value in shown:
        out.write(f"  {key.ljust(width)}  {safe(value)}\n")


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], stream: TextIO | None = None) -> None:
    """Print rows as columns under ``headers`` (numbers right-aligned)."""
    out = stream or sys.stdout
    cells = [[safe(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int) for row in rows) and rows for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out.write(line(headers) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    if not rows:
        out.write("(none)\n")
