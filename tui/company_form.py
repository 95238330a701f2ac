"""Create or edit a company: standard fields, tags and custom attributes of companies.

The store's error is shown under the field it names (a custom attribute's wrong value, a
bad tag name, a taken name); nothing is saved on an error, since the store checks
everything before it writes.

| Key | Description |
| :- | :- |
| ctrl+s | Save |
| tab, shift+tab | Next / previous field |
| escape | Cancel (asks when something changed) |
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from store import attributes, companies, tags
from store.companies import CompanyView
from store.errors import ProfilesError
from store.fields import COMPANY_FIELDS, label

from .base import StoreScreen
from .form_fields import clear_errors, close_form, field_box, show_error, split_list, type_hint, value_text
from .messages import CompanyFormLoaded, CompanySaved, SaveFailed
from .text import clean
from .widgets.app_header import AppHeader

COUNTRY_HINT = "ISO code, e.g. HR (a country's name is turned into its code)"


def tag_changes(have: list[str], wanted: list[str]) -> dict[str, list[str]]:
    """``add_tags`` / ``remove_tags`` that turn the tags a company has into the wanted ones.

    Names compare as the store keys them (any case, spaces collapsed); a bad name raises
    the store's ``InvalidValue`` naming it.
    """
    have_keys = {tags.tag_key(name) for name in have}
    wanted_keys = {tags.tag_key(name) for name in wanted}
    changes = {
        "add_tags": [name for name in wanted if tags.tag_key(name) not in have_keys],
        "remove_tags": [name for name in have if tags.tag_key(name) not in wanted_keys],
    }
    return {key: names for key, names in changes.items() if names}


def company_data(
    view: CompanyView | None, values: dict[str, str], wanted: list[str], custom: dict[str, str]
) -> dict[str, Any]:
    """What ``create_company`` (``view`` None) or ``update_company`` takes from the form's text."""
    if view is None:
        data: dict[str, Any] = {k: v for k, v in values.items() if v}
        if wanted:
            data["tags"] = wanted
        filled = {name: text for name, text in custom.items() if text.strip()}
        if filled:
            data["custom"] = filled
        return data
    data = {k: (v or None) for k, v in values.items() if v != (getattr(view, k) or "")}
    data.update(tag_changes(view.tags, wanted))
    changed = {
        name: text.strip() or None
        for name, text in custom.items()
        if text.strip() != value_text(view.custom.get(name))
    }
    if changed:
        data["custom"] = changed
    return data


class CompanyFormScreen(StoreScreen[None]):
    """The company form: standard fields, tags and custom attributes."""

    HELP_TITLE = "Company form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="company-form.save", tooltip="Save the company"),
        Binding("escape", "cancel", "Cancel", id="company-form.cancel", tooltip="Close (asks when changed)"),
    ]

    def __init__(self, company_id: int | None) -> None:
        super().__init__()
        self.company_id = company_id
        self.view: CompanyView | None = None
        self.initial = {name: "" for name in COMPANY_FIELDS}
        self.initial_tags = ""
        self.custom_names: list[str] = []
        self.initial_custom: dict[str, str] = {}
        self.loaded = False
        self.saving = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Label(
            "New company" if self.company_id is None else f"Edit company #{self.company_id}", id="form-title"
        )
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            for name in COMPANY_FIELDS:
                hint = COUNTRY_HINT if name == "country" else ""
                yield field_box(
                    name,
                    label(name) + (" *" if name == "name" else ""),
                    Input(id=f"f-{name}", placeholder=hint),
                )
            yield field_box(
                "tags", "Tags", Input(id="f-tags", placeholder="vip, partner, … (new names are created)")
            )
            yield Vertical(id="custom-fields")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()
        self.app.hold_keys_for(self._load())  # keys typed meanwhile wait, then land

    @work(thread=True, exclusive=True, group="company-form", exit_on_error=False)
    def _load(self) -> None:
        view = companies.company_view(self.company_id) if self.company_id is not None else None
        defs = [(a.name, a.type) for a in attributes.list_attributes("company")]
        self.post_message(CompanyFormLoaded(view, defs))

    async def on_company_form_loaded(self, message: CompanyFormLoaded) -> None:
        view = self.view = message.view
        if view is not None:
            self.initial = {name: getattr(view, name) or "" for name in COMPANY_FIELDS}
            self.initial_tags = ", ".join(view.tags)
            for name, value in self.initial.items():
                self.query_one(f"#f-{name}", Input).value = value
            self.query_one("#f-tags", Input).value = self.initial_tags
        rows = []
        for index, (name, type_) in enumerate(message.custom):
            text = value_text(view.custom.get(name)) if view is not None else ""
            self.initial_custom[name] = text
            title = Text(clean(name))  # the placeholder names the type
            rows.append(
                field_box(f"c-{index}", title, Input(text, id=f"c-{index}", placeholder=type_hint(type_)))
            )
        if rows:
            await self.query_one("#custom-fields", Vertical).mount_all(rows)
        self.custom_names.extend(name for name, _type in message.custom)  # once their fields are there
        self.loaded = True

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, str]:
        """The text of every standard field."""
        return {name: self.query_one(f"#f-{name}", Input).value.strip() for name in COMPANY_FIELDS}

    def tag_text(self) -> str:
        """The text of the tags field."""
        return self.query_one("#f-tags", Input).value

    def custom_values(self) -> dict[str, str]:
        """The text of every custom attribute."""
        return {name: self.query_one(f"#c-{i}", Input).value for i, name in enumerate(self.custom_names)}

    def changed(self) -> bool:
        """True when a field differs from what was loaded."""
        return (
            self.values() != {k: v.strip() for k, v in self.initial.items()}
            or split_list(self.tag_text()) != split_list(self.initial_tags)
            or {k: v.strip() for k, v in self.custom_values().items()} != self.initial_custom
        )

    # ------------------------------------------------------------------ save

    def action_save(self) -> None:
        """Save in a worker; errors go under their field."""
        if self.saving or not self.loaded:
            return
        clear_errors(self)
        self.saving = True
        self.app.hold_keys_for(self._save(self.view, self.values(), self.tag_text(), self.custom_values()))

    @work(thread=True, exclusive=True, group="company-form", exit_on_error=False)
    def _save(
        self, view: CompanyView | None, values: dict[str, str], tag_text: str, custom: dict[str, str]
    ) -> None:
        try:
            wanted = [tags.clean_tag_name(name) for name in split_list(tag_text)]
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc, "tags"))
            return
        try:
            data = company_data(view, values, wanted, custom)
            if view is None:
                saved = companies.create_company(data, source="tui")
            elif not data:
                saved = None
            else:
                saved = companies.update_company(view.id, data, source="tui")
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(CompanySaved(saved))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        error = message.error
        name = message.target or error.field or ""
        if name in (*COMPANY_FIELDS, "tags"):
            show_error(self.query_one(f"#err-{name}", Static), error.message, self.query_one(f"#f-{name}"))
        elif name in self.custom_names:
            index = self.custom_names.index(name)
            show_error(
                self.query_one(f"#err-c-{index}", Static), error.message, self.query_one(f"#c-{index}")
            )
        else:
            show_error(self.query_one("#form-error", Static), error.message)

    def on_company_saved(self, message: CompanySaved) -> None:
        self.saving = False
        if message.view is None:
            self.notify("Nothing changed.")
        else:
            self.notify(f"Saved company {clean(message.view.name)}.")
            self.app.refresh_counts()
        self.app.pop_screen()

    def worker_failed(self, worker) -> None:
        """A failed save may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close; asks first when something changed."""
        close_form(self, self.changed(), self.app.pop_screen, "Discard your changes?")
