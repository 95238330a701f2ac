"""The top line of every screen: the database, its counts, and the top-level screens as tabs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.widget import Widget

from ..text import clean, number

if TYPE_CHECKING:
    from ..app import ProfilesApp


class AppHeader(Widget):
    """``Customer Profiles · demo.db · 3,000 persons · 120 companies    1 Persons 2 Companies …``.

    Reads the app's ``header_state`` (database label, counts, current mode, the screens
    that exist) and redraws when it changes. Narrow terminals drop the product name and
    the company count first, then pack the tabs, then show the other screens by key alone.
    """

    DEFAULT_CSS = """
    AppHeader { height: 1; background: $panel; color: $foreground; }
    """

    if TYPE_CHECKING:
        app = getters.app(ProfilesApp)  # as on the screens (tui/base.py): typed for the checker alone

    def on_mount(self) -> None:
        self.watch(self.app, "header_state", self._redraw, init=False)
        self.tooltip = Text(f"Database: {self.app.database_place}")  # the line shows only its name

    def _redraw(self, _state: object) -> None:
        self.refresh()

    def render(self) -> Text:
        state = self.app.header_state
        width = self.size.width
        persons = f"{number(state.persons)} persons"
        tabs = _tabs(state.tabs, state.mode, width - len(f" {persons}") - 1)
        companies = f" · {number(state.companies)} companies"
        label = clean(state.label)
        for left in (
            f" Customer Profiles · {label} · {persons}{companies}",
            f" Profiles · {label} · {persons}{companies}",
            f" {label} · {persons}",
            f" {persons}",
        ):
            if len(left) + tabs.cell_len + 1 <= width:
                break
        line = Text(left, style="bold")
        line.append(" " * max(1, width - len(left) - tabs.cell_len))
        line.append_text(tabs)
        line.truncate(width)
        return line


def _tabs(tabs: Iterable[tuple[str, str, str]], current: str, room: int) -> Text:
    """The screen tabs in the widest form that fits ``room`` cells: every title padded, every
    title packed, or the keys alone with the current screen's title."""
    forms: tuple[Callable[[str, str, bool], str], ...] = (
        lambda key, title, here: f" {key} {title} ",
        lambda key, title, here: f"{key} {title}",
        lambda key, title, here: f"{key} {title}" if here else key,
    )
    line = Text()
    for form in forms:
        line = Text()
        for key, mode, title in tabs:
            line.append(" ")
            line.append(form(key, title, mode == current), style="bold reverse" if mode == current else "")
        if line.cell_len <= room:
            break
    return line
