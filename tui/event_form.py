"""Record an event for one person: pick an enabled definition, fill its typed properties.

The properties are those the definition declares, each with its type in the placeholder;
``*`` marks a required one. The time is now unless another is given (UTC, or with an
offset). The store checks everything before it writes: a wrong value is shown under the
property it names and nothing is recorded. The screen dismisses with the recorded event.

| Key | Description |
| :- | :- |
| ctrl+s | Record the event |
| tab, shift+tab | Next / previous field |
| escape | Cancel (asks when something was entered) |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Select, Static

from store.errors import ProfilesError
from store.events import definitions, recording
from store.events.definitions import DefinitionInfo, PropertyInfo

from .base import StoreScreen
from .form_fields import clear_errors, close_form, field_box, show_error, type_hint
from .messages import DefinitionsLoaded, EventRecorded, SaveFailed
from .text import clean
from .widgets.app_header import AppHeader

RECORDABLE = ("custom", "template")  # product events are recorded by the system's channels
BOOLEANS = [("True", "true"), ("False", "false")]


def recordable(definitions: list[DefinitionInfo]) -> list[DefinitionInfo]:
    """The enabled custom and template definitions, in the store's order (by name)."""
    return [d for d in definitions if d.enabled and d.kind in RECORDABLE]


def property_widget(index: int, prop: PropertyInfo) -> Input | Select:
    """The input of one property: a True/False choice for booleans, else text with a type hint."""
    if prop.type == "boolean":
        return Select(BOOLEANS, prompt="—" if not prop.required else "True/False", id=f"p-{index}")
    return Input(id=f"p-{index}", placeholder=type_hint(prop.type, optional=not prop.required))


class EventFormScreen(StoreScreen[recording.EventView]):
    """The event form of one person.

    Args:
        person_id: the person the event is recorded for.
        person_name: the person's display name, for the title.
    """

    HELP_TITLE = "Record event"
    BINDINGS = [
        Binding("ctrl+s", "save", "Record", id="event-form.save", tooltip="Record the event"),
        Binding("escape", "cancel", "Cancel", id="event-form.cancel", tooltip="Close (asks when changed)"),
    ]

    def __init__(self, person_id: int, person_name: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.person_name = person_name
        self.definitions: dict[str, DefinitionInfo] = {}
        self.definition: DefinitionInfo | None = None
        self.saving = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label(
            Text.assemble("Record an event for ", Text(clean(self.person_name)), f" #{self.person_id}"),
            id="form-title",
        )
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            note = Static("", id="event-description", markup=False)
            note.display = False
            yield field_box("event", "Event *", Select([], prompt="Pick an event", id="f-event"), note)
            yield field_box("at", "Time", Input(id="f-at", placeholder="now · or 2026-03-01 10:15 (UTC)"))
            yield Vertical(id="properties")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-event", Select).focus()
        self._load()

    @work(thread=True, exclusive=True, group="event-form-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(DefinitionsLoaded(recordable(definitions.list_definitions())))

    def on_definitions_loaded(self, message: DefinitionsLoaded) -> None:
        self.definitions = {d.name: d for d in message.definitions}
        if not self.definitions:
            show_error(
                self.query_one("#form-error", Static),
                "No event can be recorded yet: define one (profiles events define) or enable a template "
                "(profiles events enable-template).",
            )
            return
        self.query_one("#f-event", Select).set_options(
            [(Text(clean(name)), name) for name in self.definitions]
        )

    @on(Select.Changed, "#f-event")
    async def _event_changed(self, event: Select.Changed) -> None:
        """Show the picked event's description and one field per property."""
        definition = self.definitions.get(event.value) if isinstance(event.value, str) else None
        if definition is self.definition:
            return
        self.definition = definition
        clear_errors(self)
        description = self.query_one("#event-description", Static)
        description.update(clean(definition.description) if definition else "")
        description.display = bool(definition and definition.description)
        box = self.query_one("#properties", Vertical)
        await box.remove_children()
        if definition is not None and definition.properties:
            await box.mount(
                *[
                    field_box(
                        f"p-{index}",
                        Text.assemble(Text(clean(prop.name)), " *" if prop.required else ""),
                        property_widget(index, prop),
                    )
                    for index, prop in enumerate(definition.properties)
                ]
            )

    # ------------------------------------------------------------------ values

    def property_values(self) -> dict[str, Any]:
        """The text of every property of the picked event (None where nothing was given)."""
        if self.definition is None:
            return {}
        values: dict[str, Any] = {}
        for index, prop in enumerate(self.definition.properties):
            widget = self.query_one(f"#p-{index}")
            value = widget.value  # type: ignore[attr-defined]
            values[prop.name] = value if isinstance(value, str) and value.strip() else None
        return values

    def changed(self) -> bool:
        """True when an event was picked or a time typed."""
        return self.definition is not None or bool(self.query_one("#f-at", Input).value.strip())

    # ------------------------------------------------------------------ save

    def action_save(self) -> None:
        """Record the event in a worker; a refused value is shown under its field."""
        if self.saving:
            return
        clear_errors(self)
        if self.definition is None:
            show_error(
                self.query_one("#err-event", Static), "Pick the event to record.", self.query_one("#f-event")
            )
            return
        self.saving = True
        at = self.query_one("#f-at", Input).value.strip()
        now = self.app.now()
        self.app.hold_keys_for(self._save(self.definition, self.property_values(), at or now))

    @work(thread=True, exclusive=True, group="event-form-save", exit_on_error=False)
    def _save(self, definition: DefinitionInfo, values: dict[str, Any], at: str | dt.datetime) -> None:
        # Each check names its own field: the time, then the properties (``check_properties`` is the
        # store's one judge of them), then the recording itself (say, a definition disabled since).
        try:
            recording.event_time(at)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc, "at"))
            return
        try:
            definitions.check_properties(definition, values)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        try:
            recorded = recording.record_event(self.person_id, definition.name, values, at=at)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc, "event" if exc.field == "event" else "form"))
            return
        self.post_message(EventRecorded(recorded))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        error = message.error
        names = [p.name for p in self.definition.properties] if self.definition else []
        if message.target in ("at", "event"):
            target = message.target
            show_error(
                self.query_one(f"#err-{target}", Static), error.message, self.query_one(f"#f-{target}")
            )
        elif message.target is None and error.field in names:
            index = names.index(error.field)
            show_error(
                self.query_one(f"#err-p-{index}", Static), error.message, self.query_one(f"#p-{index}")
            )
        else:
            show_error(self.query_one("#form-error", Static), error.message)

    def on_event_recorded(self, message: EventRecorded) -> None:
        self.saving = False
        self.dismiss(message.event)

    def worker_failed(self, worker) -> None:
        """A failed save may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close without recording; asks first when something was entered."""
        close_form(self, self.changed(), lambda: self.dismiss(None), "Discard this event?")
