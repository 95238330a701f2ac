"""Checking a new person or a change to one before anything is written: the ``PersonPlan``.

Every rule of a single person's values is checked here: the attribute names, name
characters and other field rules (``fields``), phone and email form (``contact_rules``),
a contact belongs to one profile, at most 100 contacts per profile, unique external ids,
type defaults, and what the source may change on a profile of its type
(``protection.decide``). A plan holds checked values only; ``profiles`` writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import custom_values, protection, settings
from ..companies import find_company
from ..contact_rules import MAX_CONTACTS, clean_contacts
from ..db import tuple_rows
from ..errors import (
    DuplicateContact,
    DuplicateValue,
    InvalidValue,
    LimitExceeded,
    NotFound,
    ProfileNotFound,
    ProfilesError,
)
from ..fields import PERSON_FIELDS, READ_ONLY_FIELDS, clean_person_field, label
from ..models import Contact, Person

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
    if not isinstance(data, Mapping):
        raise InvalidValue(
            f"A person's data must be a mapping of fields, not {data!r:.60}.", field="data", value=data
        )
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


def company_ref(value: Any) -> int | None:
    """The company a ``company`` value names: its id, -1 for a name (found or created when
    the plan is written), None for empty; ``ProfileNotFound`` for an unknown id."""
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


def plan_create(
    data: Mapping[str, Any], *, default_type: str = "customer", country: str | None = None
) -> PersonPlan:
    """Check a new person's ``{field: value}`` and return what creating it writes (nothing is written).

    Keys as ``profiles.create_person`` takes them; every value is checked here, so an
    error names its field and value before anything is saved.
    """
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
    if company_ref(company) is not None:
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
    return plan


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
        company_id = company_ref(new_company)
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


def field_errors(
    data: Mapping[str, Any],
    *,
    person: Person | None = None,
    source: protection.Source = protection.API,
    country: str | None = None,
) -> list[ProfilesError]:
    """Every error of a create (``person`` None) or an update of ``person``, one per field,
    for a form that shows them all at once; empty when ``data`` is valid as a whole.

    Each field (each custom attribute) is checked on its own, with the type the data asks
    for, as ``plan_create`` / ``plan_update`` check it; when none fails alone, the whole is
    checked (the contact limit counts phones and emails together). Nothing is written.
    """

    def check(part: Mapping[str, Any]) -> None:
        if person is None:
            plan_create(part, country=country)
        else:
            plan_update(person, part, source=source, country=country)

    base = {"type": data["type"]} if "type" in data else {}
    parts: list[dict[str, Any]] = [base]
    for key, value in data.items():
        if key == "custom" and isinstance(value, Mapping):
            parts += [{**base, "custom": {name: one}} for name, one in value.items()]
        elif key != "type":
            parts.append({**base, key: value})
    errors: list[ProfilesError] = []
    for part in parts:
        try:
            check(part)
        except ProfilesError as exc:
            if all((e.field, e.message) != (exc.field, exc.message) for e in errors):
                errors.append(exc)
    if not errors:
        try:
            check(data)
        except ProfilesError as exc:
            errors.append(exc)
    return errors
