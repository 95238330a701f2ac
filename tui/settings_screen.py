"""The store settings (``store.settings``) as a form reached from the command palette.

One field per known setting, its description under it. ``ctrl+s`` saves the fields that
changed, one ``set_setting`` each; a value the store refuses is shown under its field and
the settings saved before it stay saved.

| Key | Description |
| :- | :- |
| ctrl+s | Save the changed settings |
| tab, shift+tab | Next / previous field |
| escape | Close (asks when something changed) |
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from store import settings
from store.errors import ProfilesError

from .base import StoreScreen
from .form_fields import clear_errors, close_form, field_box, show_error
from .messages import SaveFailed, SettingsLoaded, SettingsSaved
from .widgets.app_header import AppHeader

TITLES = {"default_country": "Default country", "zip_max_uncompressed": "Zip limit (bytes)"}


class SettingsScreen(StoreScreen[None]):
    """Read and change the store settings."""

    HELP_TITLE = "Settings"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Save the changed settings"),
        Binding("escape", "cancel", "Close", id="settings.cancel", tooltip="Close (asks when changed)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[str, str] = {}
        self.saving = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label("Settings of this database", id="form-title")
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            for key, spec in settings.SPECS.items():
                note = Static(spec.description, markup=False)
                title = TITLES.get(key, key.replace("_", " ").capitalize())
                yield field_box(key, title, Input(id=f"f-{key}", disabled=True), note)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="settings-load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(SettingsLoaded(settings.all_settings()))

    def on_settings_loaded(self, message: SettingsLoaded) -> None:
        self.stored = dict(message.values)
        for key, value in self.stored.items():
            widget = self.query_one(f"#f-{key}", Input)
            widget.value = value
            widget.disabled = False
        first = next(iter(self.stored), None)
        if first is not None:
            self.query_one(f"#f-{first}", Input).focus()

    def values(self) -> dict[str, str]:
        """What each field holds now."""
        return {key: self.query_one(f"#f-{key}", Input).value for key in self.stored}

    def changes(self) -> dict[str, str]:
        """The fields whose text differs from the stored value."""
        return {key: value for key, value in self.values().items() if value != self.stored.get(key)}

    def action_save(self) -> None:
        """Save the changed settings in a worker; a refusal shows under its field."""
        if self.saving:
            return
        clear_errors(self)
        changes = self.changes()
        if not changes:
            self.notify("Nothing changed.")
            return
        self.saving = True
        self.app.hold_keys_for(self._save(changes))

    @work(thread=True, exclusive=True, group="settings-save", exit_on_error=False)
    def _save(self, changes: dict[str, str]) -> None:
        saved: dict[str, str] = {}
        for key, value in changes.items():
            try:
                saved[key] = settings.set_setting(key, value)
            except ProfilesError as exc:
                self.post_message(SettingsSaved(saved))
                self.post_message(SaveFailed(exc, key))
                return
        self.post_message(SettingsSaved(saved))

    def on_settings_saved(self, message: SettingsSaved) -> None:
        self.saving = False
        for key, value in message.values.items():
            self.stored[key] = value
            self.query_one(f"#f-{key}", Input).value = value
        if message.values:
            names = ", ".join(TITLES.get(key, key) for key in message.values)
            self.notify(f"Saved: {names}.")

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        key = message.target if message.target in self.stored else message.error.field
        if key in self.stored:
            show_error(
                self.query_one(f"#err-{key}", Static), message.error.message, self.query_one(f"#f-{key}")
            )
        else:
            show_error(self.query_one("#form-error", Static), message.error.message)

    def worker_failed(self, worker) -> None:
        """A failed save may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close; asks first when a field holds an unsaved change."""
        close_form(self, bool(self.changes()), lambda: self.dismiss(None), "Discard the changed settings?")
