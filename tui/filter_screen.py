"""The persons list's filters: type, tag and company, in a small dialog (``f``).

Filters set elsewhere (a data-quality check, a country or a creation moment, from an
audit figure) are named on a line of their own: applying keeps them, "Clear filters"
drops them with the rest.
"""

from __future__ import annotations

import dataclasses

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from store.companies import find_company
from store.fields import PERSON_TYPES
from store.persons.listing import PersonCriteria

from .base import StoreModal
from .labels import audit_filters
from .messages import FilterResolved

TYPE_CHOICES = [
    ("All but Anonymous", ""),
    ("Customer", "customer"),
    ("Lead", "lead"),
    ("Agent", "agent"),
    ("Anonymous", "anonymous"),
    ("All types", "all"),
]


def type_value(criteria: PersonCriteria) -> str:
    """The Select value of a criteria's types."""
    if criteria.types is None:
        return ""
    if len(criteria.types) == 1:
        return criteria.types[0]
    return "all"


def types_of(value: str) -> tuple[str, ...] | None:
    """The criteria types of a Select value."""
    if not value:
        return None
    if value == "all":
        return PERSON_TYPES
    return (value,)


class FilterScreen(StoreModal[tuple[PersonCriteria, str]]):
    """Choose type, tag and company; dismisses with ``(criteria, company name)`` or None."""

    HELP_TITLE = "the filter dialog"
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+r", "clear", "Clear filters", id="filter.clear"),
    ]

    # Compact fields keep the dialog short, so a drop-down opened on the tag (at most
    # seven rows) stays inside the frame even at 80x24.
    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 2;
    }
    FilterScreen Label { margin-top: 1; }
    FilterScreen #others { color: $text-muted; }
    FilterScreen .error { color: $error; height: auto; }
    FilterScreen Select > SelectOverlay { max-height: 7; }
    FilterScreen #buttons { height: auto; margin-top: 1; }
    FilterScreen #buttons Button { margin-right: 2; }
    FilterScreen #keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, criteria: PersonCriteria, company: str, tags: list[str], companies: list[str]) -> None:
        super().__init__()
        self.criteria = criteria
        self.company = company
        self.tags = tags
        self.companies = companies
        self.keep_others = True

    def others(self) -> str:
        """The filters this dialog does not edit, in words ("" when there are none)."""
        return " · ".join(audit_filters(self.criteria))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Filter persons", classes="heading")
            if self.others():
                yield Static(f"Also: {self.others()} (ctrl+r clears)", id="others", markup=False)
            yield Label("Type")
            yield Select(
                TYPE_CHOICES, value=type_value(self.criteria), allow_blank=False, id="type", compact=True
            )
            yield Label("Tag")
            yield Select(
                [("Any tag", "")] + [(t, t) for t in self.tags],
                value=self.criteria.tag or "",
                allow_blank=False,
                id="tag",
                compact=True,
            )
            yield Label("Company (name; empty for any)")
            yield Input(
                self.company,
                id="company",
                suggester=SuggestFromList(self.companies, case_sensitive=False),
                compact=True,
            )
            yield Static("", classes="error", id="company-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply", compact=True)
                yield Button("Clear filters (ctrl+r)", id="clear", compact=True)
            yield Static("escape cancels · ? or F1: the keys of this dialog", id="keys")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Apply, or clear the filters."""
        if event.button.id == "clear":
            self.action_clear()
        else:
            self.action_apply()

    def on_input_submitted(self) -> None:
        """Enter in the company field applies."""
        self.action_apply()

    def action_clear(self) -> None:
        """Reset every filter."""
        self.query_one("#type", Select).value = ""
        self.query_one("#tag", Select).value = ""
        self.query_one("#company", Input).value = ""
        if self.others():
            self.keep_others = False
            self.query_one("#others", Static).update("Also: nothing (cleared)")

    def action_cancel(self) -> None:
        """Close without changing the filters."""
        self.dismiss(None)

    def action_apply(self) -> None:
        """Check the company (in a worker) and close with the new filters."""
        types = types_of(str(self.query_one("#type", Select).value))
        tag = str(self.query_one("#tag", Select).value) or None
        name = self.query_one("#company", Input).value.strip()
        kept = self.criteria if self.keep_others else PersonCriteria(as_of=self.criteria.as_of)
        self._resolve(dataclasses.replace(kept, types=types, tag=tag, company_id=None), name)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _resolve(self, criteria: PersonCriteria, name: str) -> None:
        company = find_company(name) if name else None
        self.post_message(FilterResolved(criteria, name, company.id if company else None))

    def on_filter_resolved(self, message: FilterResolved) -> None:
        criteria, name, company_id = message.criteria, message.name, message.company_id
        if name and company_id is None:
            error = self.query_one("#company-error", Static)
            error.update(f"There is no company {name!r}.")
            error.add_class("shown")
            return
        self.dismiss((dataclasses.replace(criteria, company_id=company_id), name))
