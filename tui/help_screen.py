"""The help screen (``?`` or F1): every key of the screen beneath and the global keys."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .text import clean


def key_table(bindings: list[tuple[str, str]]) -> Table:
    """A two-column table of keys and what they do."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=16)
    table.add_column("does", ratio=1)
    for key, description in bindings:
        table.add_row(Text(key), Text(clean(description)))
    return table


def declared(node) -> set[tuple[str, str]]:
    """``(key, action)`` of the bindings the console's own classes declare on ``node``.

    Textual's inherited bindings (cursor keys of a table, copy...) are left out of the
    help and the palette; they work as everywhere in Textual.
    """
    found: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found.update((key.strip(), binding.action) for key in binding.key.split(","))
    return found


def screen_bindings(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(keys of this screen and its widgets, global keys), each as ``(key, description)``.

    A key that does different things in different panels (enter on an audit figure and on
    a duplicate candidate) lists each, joined by " / ".
    """
    app = screen.app
    own: dict[str, list[str]] = {}
    for node in [screen, *screen.query("*")]:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("tui."):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.description:
                    for key in binding.key.split(","):
                        single = Binding(key.strip(), binding.action, binding.description)
                        described = own.setdefault(app.get_key_display(single), [])
                        if binding.description not in described:
                            described.append(binding.description)
    glob: dict[str, str] = {}
    screens: list[tuple[str, str]] = []  # the screen keys share one line: "1 2 4 · Persons, ..."
    for bindings in app._bindings.key_to_bindings.values():
        for binding in bindings:
            if binding.description and binding.action.startswith("go("):
                screens.append((app.get_key_display(binding), binding.description))
            elif binding.description:
                glob.setdefault(app.get_key_display(binding), binding.description)
    if screens:
        glob = {" ".join(k for k, _d in screens): ", ".join(d for _k, d in screens), **glob}
    glob.setdefault("tab / shift+tab", "Next / previous field or panel")
    glob[app.get_key_display(Binding("ctrl+p", "command_palette"))] = (
        "Command palette: every screen and action"
    )
    return [(key, " / ".join(described)) for key, described in own.items()], list(glob.items())


class HelpScreen(ModalScreen[None]):
    """Keys of the current screen and of the whole console, and where the database lives;
    escape closes it. A wide terminal shows the two key lists side by side, so that both fit."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen.-wide > Vertical { width: 110; height: auto; max-height: 100%; }
    HelpScreen.-wide VerticalScroll { height: auto; }
    HelpScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen #hint, HelpScreen #database { color: $text-muted; }
    """

    WIDE = 112  # terminal columns from which the two lists sit side by side

    def __init__(
        self, title: str, own: list[tuple[str, str]], glob: list[tuple[str, str]], database: str = ""
    ) -> None:
        super().__init__()
        self.screen_title = title
        self.own = own
        self.glob = glob
        self.database = database

    def compose(self) -> ComposeResult:
        wide = self.app.size.width >= self.WIDE
        self.set_class(wide, "-wide")
        with Vertical():
            with VerticalScroll():
                if wide:
                    grid = Table.grid(expand=True, padding=(0, 2))
                    grid.add_column(ratio=1)
                    grid.add_column(ratio=1)
                    grid.add_row(
                        _titled(f"Keys of {self.screen_title}", self.own), _titled("Everywhere", self.glob)
                    )
                    yield Static(grid)
                else:
                    yield Static(f"Keys of {self.screen_title}", classes="heading", markup=False)
                    yield Static(key_table(self.own))
                    yield Static("Everywhere", classes="heading")
                    yield Static(key_table(self.glob))
            if self.database:
                yield Static(Text(f"Database: {self.database}"), id="database")
            yield Static("escape closes · ctrl+p finds any screen or action by name", id="hint")


def _titled(title: str, bindings: list[tuple[str, str]]) -> Group:
    """A heading over a key table (one column of the wide help)."""
    return Group(Text(""), Text(clean(title), style="bold"), key_table(bindings))
