"""User data is text: helpers that make any stored value safe to show.

A name like ``[bold red]x`` must be shown as written, never obeyed as markup, and a
value holding terminal escape sequences (``\\x1b[2J``) must not reach the terminal.
``clean`` replaces control characters with a visible ``?``-like mark; ``cell`` wraps the
result in ``rich.text.Text`` so no markup parser ever sees it.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

# C0 and C1 control characters and DEL; tabs and line breaks too (a cell is one line).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
MARK = "\N{REPLACEMENT CHARACTER}"


def clean(value: Any) -> str:
    """``value`` as one line of display text, control characters shown as a mark."""
    if value is None:
        return ""
    return _CONTROL.sub(MARK, str(value))


def cell(value: Any, style: str = "") -> Text:
    """``value`` as Rich ``Text`` (never parsed as markup), cleaned of control characters."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


def number(value: int | None) -> str:
    """A count with thousands separators (``1,000,000``); an ellipsis while unknown."""
    return "…" if value is None else f"{value:,}"


TYPE_STYLES = {
    "customer": "bold #2f9e58",
    "lead": "bold #c08a12",
    "agent": "bold #3f7fd6",
    "anonymous": "#8a8a8a",
}


def type_label(type_: str) -> Text:
    """A person type as a short coloured label that reads on dark and light themes."""
    return Text(type_.capitalize(), style=TYPE_STYLES.get(type_, ""))
