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

from store.attribute_types import TYPE_LABELS
from store.errors import ProfilesError
from store.segments.choices import ConditionChoices
from store.segments.language import OPERATORS, TYPE_KINDS
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
    ConditionDialog #values, ConditionDialog #p-box, ConditionDialog #p-values { height: auto; }
    ConditionDialog #values { margin-top: 1; }
    ConditionDialog #values .field-row { margin-top: 0; }
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
        where = self.node.get("where")
        tests = where if isinstance(where, list) else [where] if isinstance(where, dict) else []
        self.kept_where: list[Any] | None = tests if len(tests) > 1 else None  # too many to edit here
        self.prop_test: dict[str, Any] = tests[0] if len(tests) == 1 and isinstance(tests[0], dict) else {}
        self.prop = str(self.prop_test.get("property") or "")
        self.prop_op = str(self.prop_test.get("op") or "")

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
        if not keep:  # another operand or operator: the edited node's values no longer apply
            self.prop, self.prop_op, self.prop_test, self.kept_where = "", "", {}, None
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
            return self._event_widgets(node)
        if self.category == "company":
            suggester = SuggestFromList(self.companies, case_sensitive=False)
            field = self._input("v-value", node.get("company"), "company name or id")
            field.suggester = suggester
            return [compact_row("Company", field)]
        if self.category == "contact":
            if op != "country":
                return []
            return [compact_row("Country", self._input("v-value", node.get("value"), "e.g. HR"))]
        enum = self.choices.values.get(self.operand or "", ()) if kind == "enum" else ()
        return self._compare_rows("v", kind or "text", op, node, enum)

    def _compare_rows(
        self, prefix: str, kind: str, op: str, node: dict[str, Any], enum: tuple[str, ...] = ()
    ) -> list[Horizontal]:
        """The value rows of a comparison of ``kind`` by ``op`` (ids ``PREFIX-value`` ...)."""
        if op in NO_VALUE:
            return []
        if op in DAYS_OPS:
            return [
                compact_row("Days", self._input(f"{prefix}-days", node.get("days"), "e.g. 30", "integer"))
            ]
        value = node.get("value")
        if kind == "enum":
            options = [(v, v) for v in enum]
            start = value if value in enum else (options[0][1] if options else Select.NULL)
            return [
                compact_row("Value", Select(options, value=start, allow_blank=False, id=f"{prefix}-choice"))
            ]
        if kind == "boolean":
            start = "false" if value is False or value == "false" else "true"
            choice = Select(
                [("true", "true"), ("false", "false")], value=start, allow_blank=False, id=f"{prefix}-choice"
            )
            return [compact_row("Value", choice)]
        hint = DATE_HINTS.get(kind, "a number" if kind == "number" else "")
        number = "number" if kind == "number" else "text"
        if op == "between":
            low, high = value if isinstance(value, list) and len(value) == 2 else (None, None)
            return [
                compact_row("From (included)", self._input(f"{prefix}-value", low, hint, number)),
                compact_row("To (included)", self._input(f"{prefix}-value2", high, hint, number)),
            ]
        return [compact_row("Value", self._input(f"{prefix}-value", value, hint, number))]

    def _event_widgets(self, node: dict[str, Any]) -> list[Any]:
        """How often, how recently, and (at most one) condition on a property of the event."""
        rows: list[Any] = [
            compact_row("At least (times)", self._input("v-min", node.get("min_count", 1), "1", "integer")),
            compact_row(
                "At most (times)", self._input("v-max", node.get("max_count"), "no limit", "integer")
            ),
            compact_row(
                "In the last (days)", self._input("v-within", node.get("within_days"), "ever", "integer")
            ),
        ]
        if self.kept_where is not None:
            rows.append(
                Static(
                    f"Its {len(self.kept_where)} property conditions are kept as they are.", classes="hint"
                )
            )
            return rows
        options = [("(any event)", "")] + [
            (f"{name} ({TYPE_LABELS[type_]})", name) for name, type_ in self._properties().items()
        ]
        start = self.prop if self.prop in [value for _label, value in options] else ""
        rows.append(
            compact_row("Where property", Select(options, value=start, allow_blank=False, id="p-prop"))
        )
        rows.append(Vertical(*self._property_widgets(self.prop_test), id="p-box"))
        return rows

    def _properties(self) -> dict[str, str]:
        """The properties of the chosen event, by name, with their types."""
        event = next((e for e in self.choices.events if e.name == self.operand), None)
        return dict(event.properties) if event is not None else {}

    def _property_kind(self) -> str:
        return TYPE_KINDS.get(self._properties().get(self.prop, ""), "text")

    def _property_widgets(self, test: dict[str, Any]) -> list[Any]:
        """The operator and value rows of the property condition (none without a property)."""
        if not self.prop:
            return []
        ops = OPERATORS[self._property_kind()]
        if self.prop_op not in ops:
            self.prop_op = ops[0]
        select = Select([(_op_label(op), op) for op in ops], value=self.prop_op, allow_blank=False, id="p-op")
        return [
            compact_row("Property operator", select),
            Vertical(*self._compare_rows("p", self._property_kind(), self.prop_op, test), id="p-values"),
        ]

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

    @on(Select.Changed, "#p-prop")
    async def _property_changed(self, event: Select.Changed) -> None:
        if event.value == self.prop:
            return
        self.prop, self.prop_test = str(event.value), {}
        box = self.query_one("#p-box", Vertical)
        await box.remove_children()
        await box.mount_all(self._property_widgets({}))

    @on(Select.Changed, "#p-op")
    async def _property_op_changed(self, event: Select.Changed) -> None:
        if event.value == self.prop_op:
            return
        self.prop_op = str(event.value)
        box = self.query_one("#p-values", Vertical)
        await box.remove_children()
        await box.mount_all(self._compare_rows("p", self._property_kind(), self.prop_op, {}))

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
            if self.kept_where is not None:
                node["where"] = self.kept_where
            elif self.prop:
                node["where"] = {"property": self.prop, "op": self.prop_op} | self._compared(
                    "p", self._property_kind(), self.prop_op
                )
            return node
        if category == "contact":
            if op == "country":
                node["value"] = self._value("v-value")
            return node
        return node | self._compared("v", self._kind() or "text", op)

    def _compared(self, prefix: str, kind: str, op: str) -> dict[str, Any]:
        """What a comparison's value rows hold: ``{"value": ...}``, ``{"days": N}`` or nothing."""
        if op in NO_VALUE:
            return {}
        if op in DAYS_OPS:
            return {"days": _number(self._value(f"{prefix}-days"))}
        if kind == "boolean":
            return {"value": self._value(f"{prefix}-choice") == "true"}
        if kind == "enum":
            return {"value": self._value(f"{prefix}-choice")}
        read = _number if kind == "number" else str
        if op == "between":
            return {"value": [read(self._value(f"{prefix}-value")), read(self._value(f"{prefix}-value2"))]}
        return {"value": read(self._value(f"{prefix}-value"))}

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
