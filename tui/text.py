"""User data is text: helpers that make any stored value safe to show.

A name like ``[bold red]x`` must be shown as written, never obeyed as markup, and a
value holding terminal escape sequences (``\\x1b[2J``) or bidi controls (U+202E, which
reorders the rest of the line) must not reach the terminal. ``clean`` replaces them
with a visible ``?``-like mark, by the command line's rule (``tui.cli.output``);
``cell`` wraps the result in ``rich.text.Text`` so no markup parser ever sees it.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

from tui.cli.output import UNSHOWABLE

# What the command line escapes (C0 and C1 controls, DEL, the bidi controls), and tabs
# and line breaks too (a cell is one line).
_UNSHOWN = re.compile(f"[\t\n]|{UNSHOWABLE.pattern}")
MARK = "\N{REPLACEMENT CHARACTER}"


def clean(value: Any) -> str:
    """``value`` as one line of display text, control and bidi characters shown as a mark."""
    if value is None:
        return ""
    return _UNSHOWN.sub(MARK, str(value))


def cell(value: Any, style: str = "") -> Text:
    """``value`` as Rich ``Text`` (never parsed as markup), cleaned of control characters."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


def number(value: int | None) -> str:
    """A count with thousands separators (``1,000,000``); an ellipsis while unknown."""
    return "…" if value is None else f"{value:,}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 phone``, ``2 phones``, ``1,000 push registrations``: a count and its noun, in the right number."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


TYPE_STYLES = {
    "customer": "bold #2f9e58",
    "lead": "bold #c08a12",
    "agent": "bold #3f7fd6",
    "anonymous": "#8a8a8a",
}


def type_label(type_: str) -> Text:
    """A person type as a short coloured label that reads on dark and light themes."""
    return Text(type_.capitalize(), style=TYPE_STYLES.get(type_, ""))
