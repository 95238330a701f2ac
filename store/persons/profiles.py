"""Creating, changing, finding and deleting persons.

Each operation checks everything first (``persons.plan``: every rule of a person's
values, and what the source may change on a profile of its type) and then writes in
one transaction, so an error leaves the store as it was. Every real change is written
to the change history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import custom_values, history, protection, settings
from ..arguments import check_id
from ..companies import ensure_company
from ..contact_rules import normalize_email, normalize_phone
from ..db import db, retry_races, tuple_rows
from ..errors import InvalidValue, ProfileNotFound
from ..folding import name_keys
from ..merging.aliases import missing_person
from ..models import Contact, Person, PersonTag, Tag, utcnow
from ..tags import ensure_tags, tag_key
from . import traces
from .plan import PersonPlan, company_ref, plan_create, plan_update
from .views import PersonView, load_person


@retry_races
def create_person(
    data: Mapping[str, Any],
    *,
    source: str = "api",
    default_type: str = "customer",
    country: str | None = None,
) -> PersonView:
    """Create a person from ``{field: value}``.

    Keys: the standard attributes, ``type`` (default ``default_type``), ``company`` (a
    name, created if missing, or an id), ``phones``, ``emails``, ``tags`` (created if
    missing) and ``custom`` (``{attribute: value}``). ``country`` is the default
    region for national phone numbers (else the store setting).
    """
    history.check_source(source)
    with db.atomic():  # the checks too: on SQLite no other writer can slip in between
        plan = plan_create(data, default_type=default_type, country=country)
        person_id = _write_new(plan)
        history.record(source, [("profile", None, "created")], person_id=person_id)
    return load_person(person_id)


def _resolve_company(fields: dict[str, Any]) -> None:
    if "company" in fields:
        value = fields["company"]
        fields["company"] = (
            ensure_company(value) if isinstance(value, str) and value.strip() else company_ref(value)
        )


def _write_new(plan: PersonPlan) -> int:
    fields = dict(plan.fields)
    _resolve_company(fields)
    first, last = fields.get("first_name"), fields.get("last_name")
    full_key, last_key = name_keys(first, last, fields.get("nickname"))
    # A concurrent writer that takes the same external id or contact first makes the insert
    # fail on the unique index; ``retry_races`` runs the whole write again and its checks
    # then give the usual error.
    now = utcnow()
    person = Person.create(**fields, name_key=full_key, last_key=last_key, created_at=now, modified_at=now)
    _write_contacts(person.id, plan)
    _write_tags(person.id, plan)
    custom_values.write_values("person", person.id, plan.custom)
    return person.id


def _write_contacts(person_id: int, plan: PersonPlan) -> None:
    for kind, value in plan.remove_contacts:
        Contact.delete().where(
            (Contact.person == person_id) & (Contact.kind == kind) & (Contact.value == value)
        ).execute()
    if plan.add_contacts:
        Contact.insert_many(
            [{"person": person_id, "kind": k, "value": v} for k, v in plan.add_contacts]
        ).execute()


def _write_tags(person_id: int, plan: PersonPlan) -> list[tuple[str, Any, Any]]:
    changes: list[tuple[str, Any, Any]] = []
    if plan.add_tags:
        ids = ensure_tags(plan.add_tags)
        have = {
            t for (t,) in tuple_rows(PersonTag.select(PersonTag.tag).where(PersonTag.person == person_id))
        }
        new = [i for i in ids.values() if i not in have]
        if new:
            PersonTag.insert_many([{"tag": i, "person": person_id} for i in new]).execute()
            names = dict(tuple_rows(Tag.select(Tag.id, Tag.name).where(Tag.id.in_(new))))
            changes += [("tags", None, names[i]) for i in new]
    if plan.remove_tags:
        keys = [tag_key(name) for name in plan.remove_tags]
        tags = list(Tag.select().where(Tag.name_key.in_(keys)))
        removed = PersonTag.select(PersonTag.tag).where(
            (PersonTag.person == person_id) & PersonTag.tag.in_([t.id for t in tags])
        )
        removed_ids = {t for (t,) in tuple_rows(removed)}
        PersonTag.delete().where(
            (PersonTag.person == person_id) & PersonTag.tag.in_(list(removed_ids))
        ).execute()
        changes += [("tags", t.name, None) for t in tags if t.id in removed_ids]
    return changes


def get_person_row(person_id: int) -> Person:
    """The person row, or ``ProfileNotFound`` naming the id (or the merge that took it)."""
    person_id = check_id(person_id, "person_id")
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise missing_person(person_id)  # says where a merged-away id went
    return person


@retry_races
def update_person(
    person_id: int,
    data: Mapping[str, Any],
    *,
    source: protection.Source = protection.API,
    country: str | None = None,
) -> PersonView:
    """Change a person. ``None`` or ``""`` clears a field.

    Keys: standard attributes, ``type``, ``company``, ``add_phones``,
    ``remove_phones``, ``add_emails``, ``remove_emails``, ``add_tags``,
    ``remove_tags``, ``custom`` (``{name: value}``; None unsets). What ``source`` may
    not change on this profile (an untrusted one on a Customer or an Agent: set values,
    contacts to remove, the type) is left as it is (``protection``). Every real change is
    written to the history under ``source.history``.
    """
    history.check_source(source.history)
    with db.atomic():
        person = get_person_row(person_id)
        plan = plan_update(person, data, source=source, country=country)
        apply_plan(person, plan, source.history)
    return load_person(person.id)


def apply_plan(person: Person, plan: PersonPlan, source: str) -> None:
    """Write a checked plan to ``person`` with its history (inside the caller's transaction)."""
    fields = dict(plan.fields)
    _resolve_company(fields)
    changes = PersonPlan(fields=fields).changes(person)
    changes += [(kind, None, value) for kind, value in plan.add_contacts]
    changes += [(kind, value, None) for kind, value in plan.remove_contacts]
    for name, value in fields.items():
        setattr(person, "company_id" if name == "company" else name, value)
    _write_contacts(person.id, plan)
    changes += _write_tags(person.id, plan)
    changes += custom_values.write_values("person", person.id, plan.custom)
    if changes:
        person.name_key, person.last_key = name_keys(person.first_name, person.last_name, person.nickname)
        person.modified_at = utcnow()
        person.save()
        history.record(source, changes, person_id=person.id)


def protected_changes(person_id: int, data: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """The ``(field, before, after)`` of a console update that needs a confirmation first.

    The console shows these and asks before it saves a Customer's or an Agent's names,
    contacts or type (SPEC 2.4, ``protection.needs_confirmation``). Empty for leads and
    anonymous profiles, and for updates that touch nothing protected.
    """
    person = get_person_row(person_id)
    if not protection.is_protected(person.type):
        return []
    plan = plan_update(person, data, source=protection.CONSOLE)
    return [c for c in plan.changes(person) if protection.needs_confirmation(person.type, c[0])]


def delete_person(person_id: int) -> None:
    """Delete a person with its contacts, tags, values, events and history.

    What other rows kept of them goes too (``traces``: merge snapshots, other persons'
    history of those merges, import error records), so no personal data stays behind.
    Unlike an erase, a delete keeps the import priors of the id (ids and times only) and
    leaves no record that it happened.
    """
    with db.atomic():
        person = get_person_row(person_id)
        traces.remove_traces(person.id, "deleted")
        person.delete_instance()


def find_person_id(
    *,
    email: str | None = None,
    phone: str | None = None,
    external_id: str | None = None,
    country: str | None = None,
) -> int:
    """The id of the person with this email, phone (any format) or external id.

    Raises:
        ProfileNotFound: nobody has it (the message names the value).
        InvalidValue: the email or phone is malformed.
    """
    if email is not None:
        value = normalize_email(email)
        owner = Contact.select(Contact.person).where(Contact.value == value).scalar()
        what = f"email {value}"
    elif phone is not None:
        value = normalize_phone(phone, country or settings.default_country())
        owner = Contact.select(Contact.person).where(Contact.value == value).scalar()
        what = f"phone {value}"
    elif external_id is not None:
        value = external_id.strip()
        owner = Person.select(Person.id).where(Person.external_id == value).scalar()
        what = f"external id {value!r}"
    else:
        raise InvalidValue("Give an id, an email, a phone or an external id.", field="person", value=None)
    if owner is None:
        raise ProfileNotFound(f"There is no person with {what}.", field="person", value=value)
    return owner


def get_person(person_id: int) -> PersonView:
    """A person's whole view by id."""
    return load_person(person_id)
