"""Ask for a tag to add to or remove from some persons (``t`` on a list or a person)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static


class TagPrompt(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ``("add" | "remove", tag name)`` or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="tag.apply"),
        Binding("escape", "cancel", "Cancel", id="tag.cancel"),
    ]

    DEFAULT_CSS = """
    TagPrompt { align: center middle; }
    TagPrompt > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 2;
    }
    TagPrompt Label { margin-top: 1; }
    TagPrompt .error { color: $error; }
    TagPrompt Button { margin-top: 1; }
    """

    def __init__(self, what: str, tags: list[str]) -> None:
        super().__init__()
        self.what = what
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Tag {self.what}", classes="heading", markup=False)
            yield Select(
                [("Add the tag", "add"), ("Remove the tag", "remove")],
                value="add",
                allow_blank=False,
                id="mode",
            )
            yield Label("Tag (a new name creates the tag)")
            yield Input(id="tag", suggester=SuggestFromList(self.tags, case_sensitive=False))
            yield Static("", classes="error", id="tag-error")
            yield Button("Apply (enter)", variant="primary", id="apply")

    def on_mount(self) -> None:
        self.query_one("#tag", Input).focus()

    def on_input_submitted(self) -> None:
        """Enter applies."""
        self.action_apply()

    def on_button_pressed(self) -> None:
        """The button applies."""
        self.action_apply()

    def action_apply(self) -> None:
        """Close with the mode and the name, unless the name is empty."""
        name = self.query_one("#tag", Input).value.strip()
        if not name:
            error = self.query_one("#tag-error", Static)
            error.update("Tag name must not be empty.")
            error.add_class("shown")
            return
        self.dismiss((str(self.query_one("#mode", Select).value), name))

    def action_cancel(self) -> None:
        """Close without tagging."""
        self.dismiss(None)
