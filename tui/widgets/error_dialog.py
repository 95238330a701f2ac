"""An error as a dialog: what the store said (or what went wrong), closed with enter/escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from store.errors import ProfilesError

from ..text import clean


def describe(error: BaseException) -> tuple[str, str]:
    """A title and a message for an error a worker raised."""
    if isinstance(error, ProfilesError):
        return f"Not done ({error.code})", error.message
    return "Something went wrong", f"{type(error).__name__}: {error}"


class ErrorDialog(ModalScreen[None]):
    """Show an error; nothing was saved (store operations are all-or-nothing)."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Close", id="error.close")]

    DEFAULT_CSS = """
    ErrorDialog { align: center middle; }
    ErrorDialog > Vertical {
        width: 72; max-width: 95%; height: auto; border: thick $error; background: $surface; padding: 1 2;
    }
    ErrorDialog #title { text-style: bold; color: $error; margin-bottom: 1; }
    ErrorDialog Button { margin-top: 1; }
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.title_text, self.message = describe(error)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="title", markup=False)
            yield Static(clean(self.message), id="message", markup=False)
            yield Button("Close (enter)", id="close")

    def on_button_pressed(self) -> None:
        """The button closes it."""
        self.dismiss()
