"""Persons as plain data for screens and JSON, loaded in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import peewee

from .. import custom_values
from ..arguments import check_id, check_ids
from ..db import tuple_rows
from ..fields import PERSON_FIELDS
from ..merging.aliases import missing_person
from ..models import Company, Contact, Person, PushRegistration
from ..segments import computed
from ..tags import tags_for


def iso_utc(moment: dt.datetime | None) -> str | None:
    """A naive-UTC timestamp as ISO 8601 with a ``+00:00`` offset."""
    return moment.replace(tzinfo=dt.UTC).isoformat() if moment else None


@dataclass
class PersonView:
    """Everything about one person, as the console shows it and the command line prints it."""

    id: int
    type: str
    external_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    nickname: str | None = None
    gender: str | None = None
    birth_date: dt.date | None = None
    address: str | None = None
    city: str | None = None
    country: str | None = None
    preferred_language: str | None = None
    profile_picture_url: str | None = None
    company: tuple[int, str] | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    push_registrations: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)
    created_at: dt.datetime | None = None
    modified_at: dt.datetime | None = None

    @property
    def display_name(self) -> str:
        """First and last name, else the nickname, else the first email or phone, else the id."""
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return full or self.nickname or next(iter(self.emails + self.phones), None) or f"#{self.id}"

    def to_dict(self) -> dict[str, Any]:
        """The person in the command line's JSON form."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for name in PERSON_FIELDS:
            data[name] = getattr(self, name)
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        data["company"] = {"id": self.company[0], "name": self.company[1]} if self.company else None
        data["phones"] = list(self.phones)
        data["emails"] = list(self.emails)
        data["push_registrations"] = [{"id": i, "platform": p} for i, p in self.push_registrations]
        data["tags"] = list(self.tags)
        data["custom"] = dict(self.custom)
        data["computed"] = dict(self.computed)
        data["created_at"] = iso_utc(self.created_at)
        data["modified_at"] = iso_utc(self.modified_at)
        return data


def load_persons(ids: list[int]) -> list[PersonView]:
    """Views of the persons with these ids, in the given order (missing ids are left out).

    Seven queries whatever the number of ids: persons with companies, contacts, push
    registrations, tags, custom values, the computed attribute definitions and, when
    there are some, their values.
    """
    ids = check_ids(ids, "person_id")
    if not ids:
        return []
    rows = (
        Person.select(Person, Company.name.alias("company_name"))
        .join(Company, peewee.JOIN.LEFT_OUTER, on=(Person.company == Company.id))
        .where(Person.id.in_(ids))
        .objects()
    )
    views: dict[int, PersonView] = {}
    for row in rows:
        values = {name: getattr(row, name) for name in PERSON_FIELDS}
        # company_name is the aliased joined column, which .objects() sets on each row.
        company = (row.company_id, row.company_name) if row.company_id else None  # type: ignore[attr-defined]
        views[row.id] = PersonView(
            id=row.id,
            type=row.type,
            company=company,
            created_at=row.created_at,
            modified_at=row.modified_at,
            **values,
        )
    found = list(views)
    contacts = (
        Contact.select(Contact.person, Contact.kind, Contact.value)
        .where(Contact.person.in_(found))
        .order_by(Contact.id)
    )
    for person_id, kind, value in tuple_rows(contacts):
        (views[person_id].phones if kind == "phone" else views[person_id].emails).append(value)
    pushes = (
        PushRegistration.select(
            PushRegistration.person, PushRegistration.registration_id, PushRegistration.platform
        )
        .where(PushRegistration.person.in_(found))
        .order_by(PushRegistration.created_at)
    )
    for person_id, registration, platform in tuple_rows(pushes):
        views[person_id].push_registrations.append((registration, platform))
    for person_id, names in tags_for(found).items():
        views[person_id].tags = names
    for person_id, values in custom_values.values_for("person", found).items():
        views[person_id].custom = values
    for person_id, values in computed.values_for(found).items():
        views[person_id].computed = values
    return [views[i] for i in ids if i in views]


def load_person(person_id: int) -> PersonView:
    """One person's view, or ``ProfileNotFound`` naming the id (or the merge that took it)."""
    person_id = check_id(person_id, "person_id")
    found = load_persons([person_id])
    if not found:
        raise missing_person(person_id)  # says where a merged-away id went
    return found[0]
