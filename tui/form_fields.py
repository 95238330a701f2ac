"""Pieces the forms share: a labelled row with the store's error under it, and value text.

A row is ``Vertical#box-KEY`` holding the label and the input side by side, then a hidden
``Static#err-KEY`` that shows the store's message for that field (the ``.error`` and
``.shown`` classes of ``app.tcss``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from store.attribute_types import TYPE_LABELS

from .widgets.confirm import ConfirmScreen

# What a value of each attribute type looks like, for an input's placeholder.
TYPE_EXAMPLES = {
    "text": "",
    "decimal": "e.g. 12.50",
    "whole": "e.g. 3",
    "boolean": "true or false",
    "date": "yyyy-mm-dd",
    "datetime": "e.g. 2026-03-01T10:15:00Z",
    "list": 'e.g. [{"sku": "A1"}]',
}


def field_box(key: str, title: str | Text, widget: Widget, note: Static | None = None) -> Vertical:
    """A form row for ``widget``: its label, the widget, an optional note, and an empty error line."""
    widget.compact = True  # type: ignore[attr-defined]
    if isinstance(widget, Input):
        widget.select_on_focus = False  # an edit must never replace a value by one keystroke
    label = Label(title if isinstance(title, Text) else Text(title))
    parts: list[Widget] = [Horizontal(label, widget, classes="field-row")]
    if note is not None:
        note.add_class("note")
        parts.append(note)
    parts.append(Static("", classes="error", id=f"err-{key}", markup=False))
    return Vertical(*parts, classes="field", id=f"box-{key}")


def type_hint(type_: str, *, optional: bool = False) -> str:
    """A placeholder naming the type and showing an example: ``Decimal number · e.g. 12.50``."""
    parts = [TYPE_LABELS[type_], "optional" if optional else "", TYPE_EXAMPLES.get(type_, "")]
    return " · ".join(part for part in parts if part)


def value_text(value: Any) -> str:
    """A stored custom value as the text a user edits (``true``/``false``, lists as JSON)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def split_list(text: str) -> list[str]:
    """Comma- or semicolon-separated values, trimmed, empties dropped."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def clear_errors(screen: Widget) -> None:
    """Hide every error line of a form."""
    for widget in screen.query(".error"):
        widget.update("")  # type: ignore[attr-defined]
        widget.remove_class("shown")


def show_error(target: Static, message: str, focus: Widget | None = None) -> None:
    """Show ``message`` on an error line and move to the field it is about (scrolled into view)."""
    target.update(message)
    target.add_class("shown")
    if focus is not None:
        focus.focus(scroll_visible=False)
    parent = target.parent
    shown = parent if focus is not None and isinstance(parent, Widget) else target  # the whole field
    shown.call_after_refresh(shown.scroll_visible, animate=False)


def close_form(form: Widget, changed: bool, close: Callable[[], object], question: str) -> None:
    """Close a form with ``close``; when something was entered, only after ``question`` is answered yes."""
    if not changed:
        close()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            close()

    form.app.push_screen(ConfirmScreen(question, yes="Discard"), answered)
