"""One recorded event in full: its name, time and every property, nothing cut (enter on the timeline).

| Key | Description |
| :- | :- |
| up, down, pageup, pagedown | Scroll a long event |
| escape, enter | Close |
| ?, f1 | Help |
"""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.events.recording import EventView

from .text import clean


def property_text(value: object) -> str:
    """A property value as text: lists and objects as indented JSON, the rest as written."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=2)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "—" if value is None else str(value)


def properties_table(event: EventView) -> Table:
    """Every property of ``event`` as name/value rows, values wrapped in full (never markup)."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column("property", style="bold", no_wrap=True, max_width=24, overflow="fold")
    table.add_column("value", overflow="fold", ratio=1)
    for name, value in event.properties.items():
        # Line breaks of JSON stay; other control characters show as a mark.
        lines = [clean(line) for line in property_text(value).split("\n")]
        table.add_row(Text(clean(name)), Text("\n".join(lines)))
    if not event.properties:
        table.add_row(Text("—", style="dim"), Text("no properties", style="dim"))
    return table


class EventScreen(ModalScreen[None]):
    """A recorded event with all its properties."""

    HELP_TITLE = "Event"
    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="event.close"),
        Binding("question_mark,f1", "app.help", "Help", show=False, id="event.help"),
    ]
    DEFAULT_CSS = """
    EventScreen { align: center middle; }
    EventScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    EventScreen #event-title { text-style: bold; height: auto; }
    EventScreen VerticalScroll { height: auto; max-height: 100%; }
    EventScreen .hint { color: $text-muted; }
    """

    def __init__(self, event: EventView) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical():
            title = Text.assemble(
                Text(clean(event.event)), f" · {event.at:%Y-%m-%d %H:%M:%S} UTC · event #{event.id}"
            )
            yield Static(title, id="event-title")
            with VerticalScroll(id="event-properties"):
                yield Static(properties_table(event))
            count = len(event.properties)
            yield Static(
                f"{count} propert{'y' if count == 1 else 'ies'} · escape closes", classes="hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#event-properties", VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to the timeline."""
        self.dismiss(None)
