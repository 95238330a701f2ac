"""Create or edit a company; the store's error is shown under the field it names.

| Key | Description |
| :- | :- |
| ctrl+s | Save |
| escape | Cancel (asks when something changed) |
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from store import companies
from store.errors import ProfilesError
from store.person_fields import COMPANY_FIELDS, label

from .base import StoreScreen
from .messages import Loaded, Saved, SaveFailed
from .text import clean
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen


class CompanyFormScreen(StoreScreen):
    """The company form."""

    HELP_TITLE = "Company form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="company-form.save"),
        Binding("escape", "cancel", "Cancel", id="company-form.cancel"),
    ]

    def __init__(self, company_id: int | None) -> None:
        super().__init__()
        self.company_id = company_id
        self.initial = {name: "" for name in COMPANY_FIELDS}
        self.loaded = company_id is None
        self.saving = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label(
            "New company" if self.company_id is None else f"Edit company #{self.company_id}", id="form-title"
        )
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            for name in COMPANY_FIELDS:
                with Vertical(classes="field"):
                    with Horizontal(classes="field-row"):
                        yield Label(label(name) + (" *" if name == "name" else ""))
                        yield Input(id=f"f-{name}", compact=True, select_on_focus=False)
                    yield Static("", classes="error", id=f"err-{name}", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()
        if self.company_id is not None:
            self._load()

    @work(thread=True, exclusive=True, group="company-form", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(Loaded("company", companies.company_view(self.company_id)))

    def on_loaded(self, message: Loaded) -> None:
        view = message.value
        self.initial = {name: getattr(view, name) or "" for name in COMPANY_FIELDS}
        for name, value in self.initial.items():
            self.query_one(f"#f-{name}", Input).value = value
        self.loaded = True

    def values(self) -> dict[str, str]:
        """The text of every field."""
        return {name: self.query_one(f"#f-{name}", Input).value.strip() for name in COMPANY_FIELDS}

    def action_save(self) -> None:
        """Save in a worker; errors go under their field."""
        if self.saving or not self.loaded:
            return
        for widget in self.query(".error"):
            widget.update("")  # type: ignore[attr-defined]
            widget.remove_class("shown")
        values = self.values()
        if self.company_id is None:
            data = {k: v for k, v in values.items() if v}
        else:
            data = {k: (v or None) for k, v in values.items() if v != self.initial[k]}
            if not data:
                self.notify("Nothing changed.")
                self.app.pop_screen()
                return
        self.saving = True
        self._save(data)

    @work(thread=True, exclusive=True, group="company-form", exit_on_error=False)
    def _save(self, data: dict) -> None:
        try:
            if self.company_id is None:
                view = companies.create_company(data, source="tui")
            else:
                view = companies.update_company(self.company_id, data, source="tui")
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(Saved(view))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        error = message.error
        if error.field in COMPANY_FIELDS:
            target = self.query_one(f"#err-{error.field}", Static)
            self.query_one(f"#f-{error.field}", Input).focus()
        else:
            target = self.query_one("#form-error", Static)
        target.update(error.message)
        target.add_class("shown")

    def on_saved(self, message: Saved) -> None:
        self.saving = False
        self.notify(f"Saved company {clean(message.what.name)}.")
        self.app.refresh_counts()  # type: ignore[attr-defined]
        self.app.pop_screen()

    def worker_failed(self, worker) -> None:
        self.saving = False

    def action_cancel(self) -> None:
        """Close; asks first when something changed."""
        if self.values() == {k: v.strip() for k, v in self.initial.items()}:
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen("Discard your changes?", yes="Discard"), answered)
