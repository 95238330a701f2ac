"""Create a custom event definition, or edit one: its description and its typed properties.

A property is a row: its name, its type (the types of custom attributes) and whether it is
required. ``ctrl+n`` adds a row; a new row left without a name is left out. A property
already defined keeps its name and type (recorded events hold its values; the store
refuses a change), so those two are shown but not editable. The store checks everything
when saving: a refusal is shown under the property, the name or the form it is about.

| Key | Description |
| :- | :- |
| ctrl+s | Save |
| ctrl+n | Add a property |
| tab, shift+tab | Next / previous field |
| escape | Cancel (asks when something changed) |
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static

from store.attribute_types import TYPE_LABELS
from store.errors import ProfilesError
from store.events import definitions
from store.events.definitions import DefinitionInfo

from .base import StoreScreen
from .form_fields import clear_errors, close_form, field_box, show_error
from .messages import DefinitionSaved, SaveFailed
from .text import clean
from .widgets.app_header import AppHeader

TYPE_CHOICES = [(label, key) for key, label in TYPE_LABELS.items()]
PropertyRow = tuple[str, str, bool]
"""A property as the form holds it: name, type key, required."""


class DefinitionFormScreen(StoreScreen[DefinitionInfo]):
    """The definition form; dismisses with the saved definition.

    Args:
        definition: the custom event to edit; None for a new one.
    """

    HELP_TITLE = "Event definition"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="definition-form.save", tooltip="Save the definition"),
        Binding(
            "ctrl+n", "add_property", "Add property", id="definition-form.add", tooltip="A new property row"
        ),
        Binding(
            "escape", "cancel", "Cancel", id="definition-form.cancel", tooltip="Close (asks when changed)"
        ),
    ]

    def __init__(self, definition: DefinitionInfo | None = None) -> None:
        super().__init__()
        self.definition = definition
        self.rows = 0
        self.saving = False
        self.started: tuple[str, str, list[PropertyRow]] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        if self.definition is None:
            yield Label("New event definition", id="form-title")
        else:
            yield Label(Text.assemble("Edit event ", Text(clean(self.definition.name))), id="form-title")
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            name = Input(
                self.definition.name if self.definition else "",
                id="f-event",
                placeholder="e.g. AddedToCart",
                disabled=self.definition is not None,
            )
            yield field_box("event", "Name *", name)
            about = Input(self.definition.description if self.definition else "", id="f-description")
            yield field_box("description", "Description", about)
            yield Static(
                "Properties: name (starts with a lower-case letter), type, required · ctrl+n adds one",
                classes="note",
                markup=False,
            )
            yield Static("", classes="error", id="err-properties", markup=False)
            yield Vertical(id="properties")
        yield Footer()

    async def on_mount(self) -> None:
        for prop in self.definition.properties if self.definition else ():
            await self._add_row(prop.name, prop.type, prop.required, fixed=True)
        if self.definition is None:
            await self._add_row("", "text", True, fixed=False)
        self.started = self.values()
        self.query_one("#f-description" if self.definition else "#f-event", Input).focus()

    async def _add_row(self, name: str, type_: str, required: bool, *, fixed: bool) -> None:
        index = self.rows
        self.rows += 1
        name_box = Input(
            name, id=f"pn-{index}", placeholder="e.g. productPrice", disabled=fixed, compact=True
        )
        name_box.select_on_focus = False
        row = Horizontal(
            Label(f"{index + 1}.", classes="prop-number"),
            name_box,
            Select(
                TYPE_CHOICES, value=type_, allow_blank=False, id=f"pt-{index}", disabled=fixed, compact=True
            ),
            Checkbox("required", required, id=f"pr-{index}", compact=True),
            classes="prop-row",
        )
        await self.query_one("#properties", Vertical).mount(
            Vertical(row, Static("", classes="error", id=f"err-p-{index}", markup=False), classes="prop")
        )

    async def action_add_property(self) -> None:
        """Add an empty property row and put the cursor in it."""
        await self._add_row("", "text", True, fixed=False)
        self.query_one(f"#pn-{self.rows - 1}", Input).focus()

    def properties(self) -> list[PropertyRow]:
        """Every row that has a name, in order."""
        found = []
        for index in range(self.rows):
            name = self.query_one(f"#pn-{index}", Input).value.strip()
            if name:
                kind = self.query_one(f"#pt-{index}", Select).value
                required = self.query_one(f"#pr-{index}", Checkbox).value
                found.append((name, str(kind), bool(required)))
        return found

    def values(self) -> tuple[str, str, list[PropertyRow]]:
        """The name, the description and the properties as the form holds them."""
        return (
            self.query_one("#f-event", Input).value,
            self.query_one("#f-description", Input).value,
            self.properties(),
        )

    def action_save(self) -> None:
        """Save in a worker; a refusal shows under what it is about."""
        if self.saving:
            return
        clear_errors(self)
        self.saving = True
        name, description, props = self.values()
        self.app.hold_keys_for(
            self._save(self.definition.name if self.definition else None, name, description, props)
        )

    @work(thread=True, exclusive=True, group="definition-form-save", exit_on_error=False)
    def _save(self, editing: str | None, name: str, description: str, props: list[PropertyRow]) -> None:
        try:
            if editing is None:
                saved = definitions.define_event(name, description=description, properties=props)
            else:
                saved = definitions.edit_event(editing, description=description, properties=props)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(DefinitionSaved(saved, editing is None))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        error = message.error
        names = [self.query_one(f"#pn-{i}", Input).value.strip() for i in range(self.rows)]
        about = (
            error.field if error.field in names else str(error.value) if error.field == "property" else None
        )
        if about in names:
            index = names.index(about)
            show_error(
                self.query_one(f"#err-p-{index}", Static), error.message, self.query_one(f"#pn-{index}")
            )
        elif error.field == "event":
            show_error(self.query_one("#err-event", Static), error.message, self.query_one("#f-event"))
        elif error.field == "properties":
            show_error(self.query_one("#err-properties", Static), error.message)
        else:
            show_error(self.query_one("#form-error", Static), error.message)

    def on_definition_saved(self, message: DefinitionSaved) -> None:
        self.saving = False
        self.dismiss(message.definition)

    def worker_failed(self, worker) -> None:
        """A failed save may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close without saving; asks first when something changed."""
        close_form(self, self.values() != self.started, lambda: self.dismiss(None), "Discard these changes?")
