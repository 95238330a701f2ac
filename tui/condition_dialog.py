"""Add or edit one condition of a segment: what it reads, an operator that fits, a value that fits.

The dialog offers the operands of ``store.segments.choices``: person attributes, tags,
events, contacts, the company and its fields, other segments. Each choice narrows the
next: the operators are those of the operand's kind (``language.OPERATORS``), and the
value widgets follow the operator (a choice list for type, gender and true/false, a
number input for numbers, ``yyyy-mm-dd`` for dates, two inputs for ``between``, a day
count for ``within_last_days``). ctrl+s asks the store to check the condition; its
refusal shows under the values, and the dialog stays open.

| Key | Description |
| :- | :- |
| ctrl+s | Check and keep the condition |
| escape | Cancel |
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from store.errors import ProfilesError
from store.segments.choices import ConditionChoices
from store.segments.language import OPERATORS
from store.segments.segments import check_condition

from .base import StoreModal
from .messages import ConditionChecked
from .text import clean

CATEGORIES = (
    ("Attribute of the person", "field"),
    ("Tag", "tag"),
    ("Event performed", "event"),
    ("Contact (email, phone)", "contact"),
    ("Company", "company"),
    ("Field of the company", "company_field"),
    ("Another segment", "segment"),
)
FIXED_OPS = {
    "tag": ("has", "has_not"),
    "event": ("performed", "not_performed"),
    "company": ("is", "is_not"),
    "segment": ("in", "not_in"),
}
CONTACT_OPS = {"email": ("exists", "not_exists"), "phone": ("exists", "not_exists", "country")}
DAYS_OPS = ("within_last_days", "birthday_within_days")
NO_VALUE = ("is_empty", "is_not_empty")
DATE_HINTS = {"date": "yyyy-mm-dd", "datetime": "e.g. 2026-03-01T10:00:00Z"}


def _op_label(op: str) -> str:
    return op.replace("_", " ")


def _number(text: str) -> int | float | str:
    """An input's text as a number when it is one (the store refuses what is not)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def compact_row(title: str, widget: Select | Input, ident: str = "") -> Horizontal:
    """A compact one-line row: the title, then the widget."""
    widget.compact = True
    return Horizontal(Label(title), widget, classes="field-row", id=ident or None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ConditionDialog(StoreModal[dict[str, Any] | None]):
    """Dismisses with the condition as the language's JSON, checked by the store, or None."""

    HELP_TITLE = "Condition"
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", id="condition.keep", tooltip="Check and keep the condition"),
        Binding("escape", "cancel", "Cancel", id="condition.cancel"),
    ]
    DEFAULT_CSS = """
    ConditionDialog { align: center middle; }
    ConditionDialog > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 2;
    }
    ConditionDialog .field-row { margin-top: 1; }
    ConditionDialog .field-row Label { width: 20; }
    ConditionDialog #values { height: auto; }
    ConditionDialog #condition-error { color: $error; height: auto; }
    ConditionDialog .hint { color: $text-muted; }
    """

    def __init__(self, choices: ConditionChoices, companies: list[str], node: dict[str, Any] | None) -> None:
        super().__init__()
        self.choices = choices
        self.companies = companies
        self.node = node or {}
        self.kinds = dict(choices.fields)
        self.company_kinds = dict(choices.company_fields)
        self.category, self.operand, self.op = self._start()

    # ------------------------------------------------------------------ what the node holds

    def _start(self) -> tuple[str, str | None, str | None]:
        """The category, operand and operator of the node being edited (a new one: a field)."""
        node = self.node
        for category in ("field", "company_field", "tag", "event", "contact", "segment", "company"):
            if category in node:
                operand = node[category] if category != "company" else None
                return category, str(operand) if operand is not None else None, node.get("op")
        return "field", None, None

    def _operands(self) -> list[tuple[str, str]]:
        """``(label, value)`` of the operands of the current category."""
        choices = self.choices
        if self.category == "field":
            return [(name, name) for name, _kind in choices.fields]
        if self.category == "company_field":
            return [(name, name) for name, _kind in choices.company_fields]
        if self.category == "tag":
            return [(name, name) for name in choices.tags]
        if self.category == "event":
            return [(event.name, event.name) for event in choices.events]
        if self.category == "contact":
            return [("email", "email"), ("phone", "phone")]
        if self.category == "segment":
            return [(name, name) for name in choices.segments]
        return []

    def _kind(self) -> str | None:
        """The kind of value the operand compares (fields only)."""
        if self.category == "field":
            return self.kinds.get(self.operand or "")
        if self.category == "company_field":
            return self.company_kinds.get(self.operand or "")
        return None

    def _ops(self) -> tuple[str, ...]:
        """The operators that fit the operand."""
        if self.category in FIXED_OPS:
            return FIXED_OPS[self.category]
        if self.category == "contact":
            return CONTACT_OPS.get(self.operand or "", ())
        kind = self._kind()
        return OPERATORS.get(kind, ()) if kind else ()

    # ------------------------------------------------------------------ widgets

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Edit the condition" if self.node else "Add a condition", classes="heading")
            yield compact_row(
                "What it reads", Select(CATEGORIES, value=self.category, allow_blank=False, id="category")
            )
            yield compact_row("Which", Select([], id="operand", prompt="(choose)"), "operand-row")
            yield compact_row("Operator", Select([], id="op", prompt="(choose)"))
            yield Vertical(id="values")
            yield Static("", id="condition-error", markup=False, classes="field-error")
            yield Static("ctrl+s keep · escape cancel · enter opens a list", classes="hint")

    async def on_mount(self) -> None:
        await self._fill_operands(keep=True)
        self.query_one("#category", Select).focus()

    async def _fill_operands(self, *, keep: bool = False) -> None:
        operands = self._operands()
        select = self.query_one("#operand", Select)
        self.query_one("#operand-row", Horizontal).display = self.category != "company"
        values = [value for _label, value in operands]
        if not keep or self.operand not in values:
            self.operand = values[0] if values else None
        with self.prevent(Select.Changed):
            select.set_options(operands)
            if self.operand is not None:
                select.value = self.operand
        await self._fill_ops(keep=keep)

    async def _fill_ops(self, *, keep: bool = False) -> None:
        ops = self._ops()
        if not keep or self.op not in ops:
            self.op = ops[0] if ops else None
        select = self.query_one("#op", Select)
        with self.prevent(Select.Changed):
            select.set_options([(_op_label(op), op) for op in ops])
            if self.op is not None:
                select.value = self.op
        await self._fill_values(keep=keep)

    async def _fill_values(self, *, keep: bool = False) -> None:
        box = self.query_one("#values", Vertical)
        await box.remove_children()
        await box.mount_all(self._value_widgets(self.node if keep else {}))
        none = self.category != "company" and self.operand is None
        self._error(
            f"Nothing to choose from: the store has no {self.category.replace('_', ' ')}s yet."
            if none
            else ""
        )

    def _input(self, ident: str, value: Any, placeholder: str = "", kind: str = "text") -> Input:
        restrict = {"integer": r"[0-9]*", "number": r"[-+0-9.eE]*"}.get(kind)
        return Input(
            _text(value),
            placeholder=placeholder,
            id=ident,
            type="integer" if kind == "integer" else "text",
            restrict=restrict,
            select_on_focus=False,
        )

    def _value_widgets(self, node: dict[str, Any]) -> list[Any]:
        """The inputs the operator takes, filled from ``node`` (the one edited, when it fits)."""
        op, kind = self.op, self._kind()
        if op is None or op in NO_VALUE or self.category in ("tag", "segment"):
            return []
        if self.category == "event":
            return [
                compact_row(
                    "At least (times)", self._input("v-min", node.get("min_count", 1), "1", "integer")
                ),
                compact_row(
                    "At most (times)", self._input("v-max", node.get("max_count"), "no limit", "integer")
                ),
                compact_row(
                    "In the last (days)", self._input("v-within", node.get("within_days"), "ever", "integer")
                ),
            ]
        if self.category == "company":
            suggester = SuggestFromList(self.companies, case_sensitive=False)
            field = self._input("v-value", node.get("company"), "company name or id")
            field.suggester = suggester
            return [compact_row("Company", field)]
        if self.category == "contact":
            return [compact_row("Country", self._input("v-value", node.get("value"), "e.g. HR"))]
        if op in DAYS_OPS:
            return [compact_row("Days", self._input("v-days", node.get("days"), "e.g. 30", "integer"))]
        value = node.get("value")
        if kind == "enum":
            options = [(v, v) for v in self.choices.values.get(self.operand or "", ())]
            start = value if value in dict(options) else (options[0][1] if options else Select.NULL)
            return [compact_row("Value", Select(options, value=start, allow_blank=False, id="v-choice"))]
        if kind == "boolean":
            start = "false" if value is False or value == "false" else "true"
            choice = Select(
                [("true", "true"), ("false", "false")], value=start, allow_blank=False, id="v-choice"
            )
            return [compact_row("Value", choice)]
        hint = DATE_HINTS.get(kind or "", "a number" if kind == "number" else "")
        number = "number" if kind == "number" else "text"
        if op == "between":
            low, high = value if isinstance(value, list) and len(value) == 2 else (None, None)
            return [
                compact_row("From (included)", self._input("v-value", low, hint, number)),
                compact_row("To (included)", self._input("v-value2", high, hint, number)),
            ]
        return [compact_row("Value", self._input("v-value", value, hint, number))]

    # ------------------------------------------------------------------ changes

    @on(Select.Changed, "#category")
    async def _category_changed(self, event: Select.Changed) -> None:
        if event.value == self.category:
            return
        self.category = str(event.value)
        await self._fill_operands()

    @on(Select.Changed, "#operand")
    async def _operand_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.operand:
            return
        self.operand = str(event.value)
        await self._fill_ops()

    @on(Select.Changed, "#op")
    async def _op_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.op:
            return
        self.op = str(event.value)
        await self._fill_values()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_keep()

    # ------------------------------------------------------------------ the condition

    def _value(self, ident: str) -> str:
        found = self.query(f"#{ident}")
        if not found:
            return ""
        widget = found.first()
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return widget.value.strip() if isinstance(widget, Input) else ""

    def condition(self) -> dict[str, Any] | None:
        """The condition the widgets say, as the language's JSON (None while incomplete)."""
        category, op = self.category, self.op
        if op is None or (category != "company" and self.operand is None):
            return None
        if category == "company":
            return {"company": self._value("v-value"), "op": op}
        node: dict[str, Any] = {category: self.operand, "op": op}
        if category in ("tag", "segment") or op in NO_VALUE:
            return node
        if category == "event":
            node["min_count"] = _number(self._value("v-min") or "1")
            for key, ident in (("max_count", "v-max"), ("within_days", "v-within")):
                if self._value(ident):
                    node[key] = _number(self._value(ident))
            if self.node.get("event") == self.operand and "where" in self.node:
                node["where"] = self.node["where"]  # property tests are kept as they were
            return node
        if category == "contact":
            node["value"] = self._value("v-value")
            return node
        if op in DAYS_OPS:
            node["days"] = _number(self._value("v-days"))
            return node
        kind = self._kind()
        read = _number if kind == "number" else str
        if kind == "boolean":
            node["value"] = self._value("v-choice") == "true"
        elif self.query("#v-choice"):
            node["value"] = self._value("v-choice")
        elif op == "between":
            node["value"] = [read(self._value("v-value")), read(self._value("v-value2"))]
        else:
            node["value"] = read(self._value("v-value"))
        return node

    def action_keep(self) -> None:
        """Ask the store to check the condition; keep it when it passes."""
        condition = self.condition()
        if condition is None:
            self._error("Choose what the condition reads and an operator first.")
            return
        self._check(condition)

    @work(thread=True, exclusive=True, group="condition-check", exit_on_error=False)
    def _check(self, condition: dict[str, Any]) -> None:
        try:
            check_condition(condition)
        except ProfilesError as error:
            self.post_message(ConditionChecked(condition, error))
            return
        self.post_message(ConditionChecked(condition, None))

    def on_condition_checked(self, message: ConditionChecked) -> None:
        if message.error is None:
            self.dismiss(message.condition)
        else:
            self._error(clean(message.error.message))

    def _error(self, text: str) -> None:
        self.query_one("#condition-error", Static).update(text)

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
