"""Creating, changing, finding and deleting persons, with every rule of SPEC 2.1-2.4.

Each operation checks everything first and then writes in one transaction, so an
error leaves the store as it was. Rules enforced here: name characters, phone and
email form (``contact_rules``), a contact belongs to one profile, at most 100
contacts per profile, unique external ids and type defaults. What a source may change
on a profile of a given type (customer protection, promotion) is ``protection``'s rule,
which ``plan_update`` asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee

from .. import custom_values, history, protection, settings
from ..companies import ensure_company, find_company
from ..contact_rules import MAX_CONTACTS, normalize_email, normalize_phone
from ..db import db, tuple_rows
from ..errors import DuplicateContact, DuplicateValue, InvalidValue, LimitExceeded, NotFound, ProfileNotFound
from ..fields import PERSON_FIELDS, READ_ONLY_FIELDS, clean_person_field, label
from ..folding import name_keys
from ..merging.aliases import missing_person
from ..models import Contact, Person, PersonTag, Tag, utcnow
from ..tags import ensure_tags, tag_key
from .views import PersonView, load_person

CREATE_KEYS = {*PERSON_FIELDS, "type", "company", "phones", "emails", "tags", "custom"}
UPDATE_KEYS = {
    *PERSON_FIELDS,
    "type",
    "company",
    "add_phones",
    "remove_phones",
    "add_emails",
    "remove_emails",
    "add_tags",
    "remove_tags",
    "custom",
}


@dataclass
class PersonPlan:
    """What an operation will change on one person, checked and ready to write."""

    fields: dict[str, Any] = field(default_factory=dict)
    add_contacts: list[tuple[str, str]] = field(default_factory=list)
    remove_contacts: list[tuple[str, str]] = field(default_factory=list)
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    custom: list[custom_values.ValuePlan] = field(default_factory=list)

    def changes(self, before: Person | None) -> list[tuple[str, Any, Any]]:
        """The ``(field, old, new)`` triples this plan makes on ``before`` (for history)."""
        result = []
        for name, new in self.fields.items():
            old = getattr(before, "company_id" if name == "company" else name) if before else None
            result.append((name, old, new))
        result += [(kind, None, value) for kind, value in self.add_contacts]
        result += [(kind, value, None) for kind, value in self.remove_contacts]
        return result


def _check_keys(data: Mapping[str, Any], allowed: set[str]) -> None:
    for key, value in data.items():
        if key in READ_ONLY_FIELDS:
            clean_person_field(key, value)  # raises ReadOnlyAttribute
        if key not in allowed:
            raise InvalidValue(f"{key!r} is not a person attribute.", field=key, value=value)


def _as_list(key: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    raise InvalidValue(f"{label(key)} must be a list of values, not {value!r}.", field=key, value=value)


def clean_contacts(kind: str, values: Iterable[Any], country: str | None) -> list[str]:
    """Normalised, de-duplicated phones (E.164) or emails (lower-case), in the given order."""
    result: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise InvalidValue(f"{kind.capitalize()} must be text, not {raw!r}.", field=kind, value=raw)
        value = normalize_phone(raw, country) if kind == "phone" else normalize_email(raw)
        if value not in result:
            result.append(value)
    return result


def _company_id(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        company = find_company(value)
        if company is None:
            raise ProfileNotFound(f"There is no company with id {value}.", field="company", value=value)
        return company.id
    if isinstance(value, str):
        return -1  # a name: found or created when the plan is written
    raise InvalidValue(f"Company must be a name or an id, not {value!r}.", field="company", value=value)


def _check_owners(person_id: int | None, contacts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The contacts not yet on this person; ``DuplicateContact`` if another profile has one."""
    if not contacts:
        return []
    values = [v for _k, v in contacts]
    owners = dict(tuple_rows(Contact.select(Contact.value, Contact.person).where(Contact.value.in_(values))))
    for kind, value in contacts:
        owner = owners.get(value)
        if owner is not None and owner != person_id:
            raise DuplicateContact(
                f"{kind.capitalize()} {value} already belongs to person {owner}.",
                field=kind,
                value=value,
            )
    return [(k, v) for k, v in contacts if owners.get(v) is None]


def _check_external_id(person_id: int | None, external_id: str | None) -> None:
    if external_id:
        owner = Person.get_or_none(Person.external_id == external_id)
        if owner is not None and owner.id != person_id:
            raise DuplicateValue(
                f"External id {external_id!r} already belongs to person {owner.id}.",
                field="external_id",
                value=external_id,
            )


def _limit(person_id: int | None, adding: int, removing: int = 0) -> None:
    current = Contact.select().where(Contact.person == person_id).count() if person_id else 0
    total = current + adding - removing
    if total > MAX_CONTACTS:
        raise LimitExceeded(
            f"A profile holds at most {MAX_CONTACTS} phone numbers and emails together; "
            f"this would make {total}.",
            field="contacts",
            value=total,
        )


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
    _check_keys(data, CREATE_KEYS)
    region = country or settings.default_country()
    plan = PersonPlan()
    plan.fields["type"] = clean_person_field("type", data.get("type") or default_type)
    for name in PERSON_FIELDS:
        if name in data:
            value = clean_person_field(name, data[name])
            if value is not None:
                plan.fields[name] = value
    company = data.get("company")
    if _company_id(company) is not None:
        plan.fields["company"] = company
    contacts = [("phone", v) for v in clean_contacts("phone", _as_list("phones", data.get("phones")), region)]
    contacts += [
        ("email", v) for v in clean_contacts("email", _as_list("emails", data.get("emails")), region)
    ]
    _limit(None, len(contacts))
    plan.add_contacts = _check_owners(None, contacts)
    _check_external_id(None, plan.fields.get("external_id"))
    plan.add_tags = _as_list("tags", data.get("tags"))
    plan.custom = custom_values.plan_values("person", data.get("custom") or {})
    with db.atomic():
        person_id = _write_new(plan)
        history.record(source, [("profile", None, "created")], person_id=person_id)
    return load_person(person_id)


def _resolve_company(fields: dict[str, Any]) -> None:
    if "company" in fields:
        value = fields["company"]
        fields["company"] = (
            ensure_company(value) if isinstance(value, str) and value.strip() else _company_id(value)
        )


def _write_new(plan: PersonPlan) -> int:
    fields = dict(plan.fields)
    _resolve_company(fields)
    first, last = fields.get("first_name"), fields.get("last_name")
    full_key, last_key = name_keys(first, last, fields.get("nickname"))
    try:
        now = utcnow()
        person = Person.create(
            **fields, name_key=full_key, last_key=last_key, created_at=now, modified_at=now
        )
    except peewee.IntegrityError:
        raise DuplicateValue(
            "Another profile took this external id at the same moment: try again.",
            field="external_id",
            value=fields.get("external_id"),
        ) from None
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
        try:
            Contact.insert_many(
                [{"person": person_id, "kind": k, "value": v} for k, v in plan.add_contacts]
            ).execute()
        except peewee.IntegrityError:
            raise DuplicateContact(
                "Another profile took one of these contacts at the same moment: try again.",
                field="contacts",
                value=[v for _k, v in plan.add_contacts],
            ) from None


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


def plan_update(
    person: Person,
    data: Mapping[str, Any],
    *,
    source: protection.Source = protection.API,
    country: str | None = None,
) -> PersonPlan:
    """Check an update of ``person`` and return what it would change (nothing is written).

    What ``source`` may not change on a profile of this type (``protection.decide``) is
    left out of the plan without an error; asking for the Anonymous type is an error.
    The console uses it to show a customer's before and after for confirmation.
    """
    _check_keys(data, UPDATE_KEYS)
    region = country or settings.default_country()
    allowed = protection.decide(source, person.type)
    plan = PersonPlan()
    for name in (*PERSON_FIELDS, "type"):
        if name not in data:
            continue
        new = clean_person_field(name, data[name])
        old = getattr(person, name)
        if new == old:
            continue
        if name == "type":
            if new == "anonymous":
                raise InvalidValue(
                    "A profile cannot be turned into an Anonymous one.", field="type", value=data[name]
                )
            if new not in allowed.becomes:
                continue
        elif not allowed.may_set(old):
            continue
        plan.fields[name] = new
    if "company" in data and allowed.may_set(person.company_id):
        new_company = data["company"]
        company_id = _company_id(new_company)
        if company_id == -1:
            existing = find_company(new_company)
            company_id = existing.id if existing else -1
        if company_id != person.company_id:
            plan.fields["company"] = new_company if company_id == -1 else company_id
    adds = [
        ("phone", v) for v in clean_contacts("phone", _as_list("add_phones", data.get("add_phones")), region)
    ]
    adds += [
        ("email", v) for v in clean_contacts("email", _as_list("add_emails", data.get("add_emails")), region)
    ]
    removes = _removals(person.id, data, region) if allowed.remove_contacts else []
    plan.remove_contacts = removes
    plan.add_contacts = _check_owners(person.id, adds) if allowed.add_contacts else []
    _limit(person.id, len(plan.add_contacts), len(removes))
    _check_external_id(person.id, plan.fields.get("external_id"))
    plan.add_tags = _as_list("add_tags", data.get("add_tags"))
    plan.remove_tags = _as_list("remove_tags", data.get("remove_tags"))
    plans = custom_values.plan_values("person", data.get("custom") or {})
    if not allowed.overwrite:
        current = custom_values.current_values("person", person.id)
        plans = [p for p in plans if allowed.may_set(current.get(p[0].id))]
    plan.custom = plans
    return plan


def _removals(person_id: int, data: Mapping[str, Any], region: str | None) -> list[tuple[str, str]]:
    removes = [
        ("phone", v)
        for v in clean_contacts("phone", _as_list("remove_phones", data.get("remove_phones")), region)
    ]
    removes += [
        ("email", v)
        for v in clean_contacts("email", _as_list("remove_emails", data.get("remove_emails")), region)
    ]
    if removes:
        have = {
            v
            for (v,) in tuple_rows(
                Contact.select(Contact.value).where(
                    (Contact.person == person_id) & Contact.value.in_([v for _k, v in removes])
                )
            )
        }
        for kind, value in removes:
            if value not in have:
                raise NotFound(
                    f"{kind.capitalize()} {value} is not on person {person_id}.",
                    field=kind,
                    value=value,
                )
    return removes


def get_person_row(person_id: int) -> Person:
    """The person row, or ``ProfileNotFound`` naming the id (or the merge that took it)."""
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise missing_person(person_id)  # says where a merged-away id went
    return person


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
        person = get_person_row(int(person_id))
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
        try:
            person.save()
        except peewee.IntegrityError:
            raise DuplicateValue(
                "Another profile took this external id at the same moment: try again.",
                field="external_id",
                value=person.external_id,
            ) from None
        history.record(source, changes, person_id=person.id)


def protected_changes(person_id: int, data: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """The ``(field, before, after)`` of a console update that needs a confirmation first.

    The console shows these and asks before it saves a Customer's or an Agent's names,
    contacts or type (SPEC 2.4, ``protection.needs_confirmation``). Empty for leads and
    anonymous profiles, and for updates that touch nothing protected.
    """
    person = get_person_row(int(person_id))
    if not protection.is_protected(person.type):
        return []
    plan = plan_update(person, data, source=protection.CONSOLE)
    return [c for c in plan.changes(person) if protection.needs_confirmation(person.type, c[0])]


def delete_person(person_id: int) -> None:
    """Delete a person with its contacts, tags, values and history."""
    person = get_person_row(int(person_id))
    with db.atomic():
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
    return load_person(int(person_id))
