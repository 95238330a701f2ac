"""Create or edit a person, with the store's error shown under the field it names.

Nothing is saved on an error: the store checks everything before it writes, and a
refused save shows every field's error at once, each under its field (the store's
``field_errors``); editing a field clears its error. Text typed while the form loads or
saves is never replaced. Saving a
change the store's protection rule wants confirmed (a Customer's or an Agent's names,
contacts or type) first shows the before and after and asks (SPEC 2.4).

| Key | Description |
| :- | :- |
| ctrl+s | Save |
| tab, shift+tab | Next / previous field |
| escape | Cancel (asks when something changed) |
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Select, Static

from store import attributes, protection, settings
from store.contact_rules import clean_contacts
from store.errors import ProfilesError
from store.fields import PERSON_FIELDS, label
from store.persons import profiles
from store.persons.plan import field_errors
from store.persons.views import PersonView, load_person

from .base import StoreScreen
from .form_fields import clear_errors, close_form, split_list, value_text
from .messages import ConfirmChanges, PersonFormLoaded, PersonSaved, SaveFailed, SaveRefused
from .text import clean
from .widgets.app_header import AppHeader
from .widgets.confirm import ConfirmScreen

TYPES = [("Customer", "customer"), ("Lead", "lead"), ("Agent", "agent")]
A_TYPE = {
    "customer": "a Customer",
    "lead": "a Lead",
    "agent": "an Agent",
    "anonymous": "an Anonymous profile",
}
GENDERS = [("—", ""), ("Male", "male"), ("Female", "female")]
CONTACT_FIELDS = {
    "phone": "phones",
    "phones": "phones",
    "add_phones": "phones",
    "remove_phones": "phones",
    "email": "emails",
    "emails": "emails",
    "add_emails": "emails",
    "remove_emails": "emails",
    "contacts": "phones",
}


def initial_values(view: PersonView | None) -> dict[str, str]:
    """The form's text of every field for a person (empty for a new one)."""
    values = {name: "" for name in PERSON_FIELDS}
    values.update(type="customer", gender="", company="", phones="", emails="")
    if view is None:
        return values
    for name in PERSON_FIELDS:
        value = getattr(view, name)
        values[name] = "" if value is None else str(value)
    values["type"] = view.type
    values["gender"] = view.gender or ""
    values["company"] = view.company[1] if view.company else ""
    values["phones"] = ", ".join(view.phones)
    values["emails"] = ", ".join(view.emails)
    return values


def update_data(view: PersonView, form: dict[str, str], custom: dict[str, str]) -> dict[str, Any]:
    """What an edit changes, as ``update_person`` takes it (contacts normalised to compare)."""
    before = initial_values(view)
    data: dict[str, Any] = {}
    for name in (*PERSON_FIELDS, "type", "gender", "company"):
        if form[name].strip() != before[name].strip():
            data[name] = form[name].strip() or None
    region = settings.default_country()
    for kind, key in (("phone", "phones"), ("email", "emails")):
        wanted = clean_contacts(kind, split_list(form[key]), region)
        have = view.phones if kind == "phone" else view.emails
        added = [v for v in wanted if v not in have]
        removed = [v for v in have if v not in wanted]
        if added:
            data[f"add_{key}"] = added
        if removed:
            data[f"remove_{key}"] = removed
    changed = {}
    for name, text in custom.items():
        old = view.custom.get(name)
        old_text = "" if old is None else str(old).lower() if isinstance(old, bool) else str(old)
        if text.strip() != old_text:
            changed[name] = text.strip() or None
    if changed:
        data["custom"] = changed
    return data


def create_data(form: dict[str, str], custom: dict[str, str]) -> dict[str, Any]:
    """A new person as ``create_person`` takes it."""
    data: dict[str, Any] = {name: form[name].strip() for name in PERSON_FIELDS if form[name].strip()}
    data["type"] = form["type"]
    if form["gender"]:
        data["gender"] = form["gender"]
    if form["company"].strip():
        data["company"] = form["company"].strip()
    data["phones"] = split_list(form["phones"])
    data["emails"] = split_list(form["emails"])
    values = {name: text.strip() for name, text in custom.items() if text.strip()}
    if values:
        data["custom"] = values
    return data


def changes_table(changes: list[tuple[str, Any, Any]]) -> Table:
    """Before and after of each protected change, as plain text."""
    table = Table(expand=True)
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Before")
    table.add_column("After")
    for name, before, after in changes:
        table.add_row(
            label(name),
            Text(clean(before)) if before not in (None, "") else Text("—", style="dim"),
            Text(clean(after)) if after not in (None, "") else Text("—", style="dim"),
        )
    return table


class PersonFormScreen(StoreScreen[None]):
    """The person form: standard attributes, contacts, company and custom attributes."""

    HELP_TITLE = "Person form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save the person"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close (asks when changed)"),
    ]

    def __init__(self, person_id: int | None) -> None:
        super().__init__()
        self.person_id = person_id
        self.view: PersonView | None = None
        self.custom_names: list[str] = []
        self.custom_types: dict[str, str] = {}
        self.initial: dict[str, str] = initial_values(None)
        self.initial_custom: dict[str, str] = {}
        self.saving = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        title = "New person" if self.person_id is None else f"Edit person #{self.person_id}"
        yield Label(title, id="form-title")
        yield Static("", id="form-error", classes="error", markup=False)
        with VerticalScroll(id="form"):
            yield from self._field("type", Select(TYPES, value="customer", allow_blank=False, id="f-type"))
            for name in ("first_name", "middle_name", "last_name", "nickname", "external_id"):
                yield from self._field(name, Input(id=f"f-{name}"))
            yield from self._field("gender", Select(GENDERS, value="", allow_blank=False, id="f-gender"))
            yield from self._field("birth_date", Input(id="f-birth_date", placeholder="yyyy-mm-dd"))
            yield from self._field(
                "phones", Input(id="f-phones", placeholder="+385 91 123 4567, …"), "Phones"
            )
            yield from self._field("emails", Input(id="f-emails", placeholder="ana@example.com, …"), "Emails")
            yield from self._field(
                "company", Input(id="f-company", placeholder="a name; a new one is created")
            )
            for name in ("address", "city", "country", "preferred_language", "profile_picture_url"):
                yield from self._field(name, Input(id=f"f-{name}"))
            yield Vertical(id="custom-fields")
        yield Footer()

    def _field(self, name: str, widget, title: str | None = None):
        widget.compact = True
        if isinstance(widget, Input):
            widget.select_on_focus = False  # an edit must never replace a value by one keystroke
        with Vertical(classes="field", id=f"box-{name}"):
            with Horizontal(classes="field-row"):
                yield Label(title or label(name))
                yield widget
            yield Static("", classes="error", id=f"err-{name}", markup=False)

    def on_mount(self) -> None:
        self.app.hold_keys_for(self._load(self.person_id))  # keys typed meanwhile wait, then land
        self.query_one("#f-first_name").focus()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load(self, person_id: int | None) -> None:
        view = load_person(person_id) if person_id is not None else None
        defs = [(a.name, a.type) for a in attributes.list_attributes("person")]
        self.post_message(PersonFormLoaded(view, defs))

    async def on_person_form_loaded(self, message: PersonFormLoaded) -> None:
        self.view = message.view
        self.initial = initial_values(self.view)
        if self.view is not None and self.view.type == "anonymous":
            self.query_one("#f-type", Select).set_options([*TYPES, ("Anonymous", "anonymous")])
        blank = initial_values(None)
        for name, value in self.initial.items():
            widget = self.query_one(f"#f-{name}")
            if str(widget.value or "") == blank[name]:  # type: ignore[attr-defined]
                widget.value = value  # type: ignore[attr-defined]  # never over what was typed meanwhile
        from store.attribute_types import TYPE_LABELS

        fields, texts = [], {}
        for index, (name, type_) in enumerate(message.custom):
            stored = self.view.custom.get(name) if self.view else None
            texts[name] = value_text(stored)
            fields.append(
                Vertical(
                    Horizontal(
                        Label(Text(f"{clean(name)} ({TYPE_LABELS[type_].lower()})")),
                        Input(texts[name], id=f"c-{index}", compact=True, select_on_focus=False),
                        classes="field-row",
                    ),
                    Static("", classes="error", id=f"cerr-{index}", markup=False),
                    classes="field",
                )
            )
        await self.query_one("#custom-fields", Vertical).mount_all(fields)
        # Known only once their fields are there: a key in between (escape) reads the form.
        for name, type_ in message.custom:
            self.custom_names.append(name)
            self.custom_types[name] = type_
            self.initial_custom[name] = texts[name]

    # ------------------------------------------------------------------ values

    def form_values(self) -> tuple[dict[str, str], dict[str, str]]:
        """The text of every standard field and every custom attribute."""
        form = {name: str(self.query_one(f"#f-{name}").value or "") for name in self.initial}  # type: ignore[attr-defined]
        custom = {name: self.query_one(f"#c-{i}", Input).value for i, name in enumerate(self.custom_names)}
        return form, custom

    def changed(self) -> bool:
        """True when a field differs from what was loaded."""
        form, custom = self.form_values()
        return form != self.initial or custom != self.initial_custom

    def show_errors(self, errors: list[ProfilesError]) -> None:
        """Put each of the store's messages under the field it names; the first gets the cursor."""
        for index, error in enumerate(errors):
            self.show_error(error, focus_field=index == 0)

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Select.Changed) -> None:
        """Editing a field clears the error shown under it."""
        widget_id = event.control.id or ""
        if widget_id.startswith("f-"):
            target = f"#err-{widget_id[2:]}"
        elif widget_id.startswith("c-"):
            target = f"#cerr-{widget_id[2:]}"
        else:
            return
        for line in self.query(target):
            if isinstance(line, Static) and line.has_class("shown"):
                line.update("")
                line.remove_class("shown")

    def show_error(self, error: ProfilesError, *, focus_field: bool = True) -> None:
        """Put the store's message under the field it names (else above the form)."""
        name = CONTACT_FIELDS.get(error.field or "", error.field or "")
        target: Static | None = None
        focus: Widget | None = None
        if name in self.initial:
            target = self.query_one(f"#err-{name}", Static)
            focus = self.query_one(f"#f-{name}")
        elif name in self.custom_names:
            index = self.custom_names.index(name)
            target = self.query_one(f"#cerr-{index}", Static)
            focus = self.query_one(f"#c-{index}")
        if target is None:
            target = self.query_one("#form-error", Static)
        target.update(error.message)
        target.add_class("shown")
        if focus is not None and focus_field:
            focus.focus()
            row = focus.parent
            box = row.parent if row is not None else None  # the field around the input's row
            if isinstance(box, Widget):
                self.query_one("#form", VerticalScroll).scroll_to_widget(box)

    # ------------------------------------------------------------------ save

    def action_save(self) -> None:
        """Check and save (in a worker); a Customer's or an Agent's protected changes ask first."""
        if self.saving or (self.person_id is not None and self.view is None):
            return
        clear_errors(self)
        self.saving = True
        form, custom = self.form_values()
        self.app.hold_keys_for(self._save(self.person_id, self.view, form, custom))

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _save(self, person_id, view, form, custom) -> None:
        try:
            if person_id is None:
                saved = profiles.create_person(create_data(form, custom), source="tui")
            else:
                data = update_data(view, form, custom)
                if not data:
                    self.post_message(PersonSaved(None))
                    return
                changes = profiles.protected_changes(person_id, data)
                if changes:
                    self.post_message(ConfirmChanges(changes, data))
                    return
                saved = profiles.update_person(person_id, data, source=protection.CONSOLE)
        except ProfilesError as exc:
            self.post_message(SaveRefused(self._every_error(view, form, custom) or [exc]))
            return
        self.post_message(PersonSaved(saved))

    def _every_error(
        self, view: PersonView | None, form: dict[str, str], custom: dict[str, str]
    ) -> list[ProfilesError]:
        """Every field's error (run in the save worker): a contact list that cannot even be
        read is one error, and the other fields are checked as if it were unchanged."""
        if view is None:
            return field_errors(create_data(form, custom), source=protection.CONSOLE)
        unreadable: list[ProfilesError] = []
        form = dict(form)
        for _ in range(2):  # phones, then emails
            try:
                data = update_data(view, form, custom)
                break
            except ProfilesError as exc:
                name = CONTACT_FIELDS.get(exc.field or "", "")
                if not name or form[name] == self.initial[name]:
                    return [*unreadable, exc]
                unreadable.append(exc)
                form[name] = self.initial[name]
        else:
            return unreadable
        row = profiles.get_person_row(view.id)
        return [*unreadable, *field_errors(data, person=row, source=protection.CONSOLE)]

    def on_confirm_changes(self, message: ConfirmChanges) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.app.hold_keys_for(self._write(message.data))
            else:
                self.saving = False

        what = A_TYPE.get(self.view.type if self.view else "", "a protected profile")
        question = f"This is {what}: save these changes to protected fields?"
        self.app.push_screen(ConfirmScreen(question, changes_table(message.changes), yes="Save"), answered)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _write(self, data: dict[str, Any]) -> None:
        assert self.person_id is not None  # only an edit asks to confirm protected changes
        try:
            saved = profiles.update_person(self.person_id, data, source=protection.CONSOLE)
        except ProfilesError as exc:
            self.post_message(SaveFailed(exc))
            return
        self.post_message(PersonSaved(saved))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        self.show_error(message.error)

    def on_save_refused(self, message: SaveRefused) -> None:
        self.saving = False
        self.show_errors(message.errors)

    def on_person_saved(self, message: PersonSaved) -> None:
        self.saving = False
        if message.view is None:
            self.notify("Nothing changed.")
        else:
            self.notify(f"Saved {clean(message.view.display_name)} (#{message.view.id}).")
            self.app.refresh_counts()
            if self.person_id is None and self.app.persons_screen is not None:
                self.app.persons_screen.show_created(message.view.id)
        self.app.pop_screen()

    def worker_failed(self, worker) -> None:
        """A failed save may be tried again."""
        self.saving = False

    def action_cancel(self) -> None:
        """Close; asks first when something changed."""
        close_form(self, self.changed(), self.app.pop_screen, "Discard your changes?")
