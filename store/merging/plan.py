"""Planning a merge of persons: the value kept for every single-valued field, and why.

The automatic rules of SPEC 7 pre-select each choice: the earliest-created profile is
the primary one (it keeps its id); a field set in only one profile, or set to the same
value, keeps that value; where values differ, a Customer's value wins over the others,
otherwise the value of the most recently modified profile wins (ties go to the primary).
``keep`` overrides any field. The type is not a choice: Customer if any input is one,
else Agent, else Lead (Anonymous only when every input is). Contacts, push
registrations and tags are united. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..arguments import check_ids
from ..contact_rules import MAX_CONTACTS
from ..db import tuple_rows
from ..errors import InvalidValue, LimitExceeded
from ..fields import PERSON_FIELDS
from ..models import AttributeDef, Company, Contact, Person, PersonTag, PersonValue, PushRegistration, Tag
from .aliases import missing_person

MERGE_FIELDS = (*PERSON_FIELDS, "company")
TYPE_RANK = {"anonymous": 0, "lead": 1, "agent": 2, "customer": 3}


@dataclass(frozen=True)
class FieldChoice:
    """One single-valued field: each person's value, whose value is kept, and why.

    ``field`` is a standard attribute, ``company``, or ``custom:NAME``; ``stored`` holds
    what is written (a company id, an attribute's ``(text, number)``), ``values`` what is shown.
    """

    field: str
    values: dict[int, Any]
    stored: dict[int, Any]
    chosen: int
    reason: str

    @property
    def differs(self) -> bool:
        """True when two or more persons hold different non-empty values."""
        return len({repr(v) for v in self.values.values() if v not in (None, "")}) > 1

    def to_dict(self) -> dict[str, Any]:
        """The choice as JSON-ready data (person ids as keys)."""
        values = {
            str(pid): (v.isoformat() if hasattr(v, "isoformat") else v) for pid, v in self.values.items()
        }
        return {"field": self.field, "values": values, "chosen": self.chosen, "reason": self.reason}


@dataclass
class MergePlan:
    """A checked merge: who is kept, who goes, the resulting type and every choice."""

    kept_id: int
    merged_ids: list[int]
    type: str
    choices: list[FieldChoice]
    contacts: list[tuple[str, str]] = field(default_factory=list)
    push: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (what the command line prints for a dry run)."""
        return {
            "kept": self.kept_id,
            "merged": list(self.merged_ids),
            "type": self.type,
            "choices": [c.to_dict() for c in self.choices if c.differs or c.reason == "chosen"],
            "phones": [v for k, v in self.contacts if k == "phone"],
            "emails": [v for k, v in self.contacts if k == "email"],
            "push_registrations": list(self.push),
            "tags": list(self.tags),
        }


def merge_field_name(name: str, custom_names: Mapping[str, str]) -> str:
    """The plan's name of a field a user typed: ``first-name`` → ``first_name``, ``score`` → ``custom:score``."""
    text = name.strip()
    key = text.lower().replace("-", "_")
    if key == "type":
        raise InvalidValue(
            "The type is not chosen: a merge gives a Customer if any profile is one.",
            field="type",
            value=name,
        )
    if key in MERGE_FIELDS:
        return key
    bare = text[len("custom:") :] if text.lower().startswith("custom:") else text
    found = custom_names.get(bare.casefold())
    if found is None:
        raise InvalidValue(
            f"{name!r} is not a single-valued field of these persons (standard attribute, company "
            "or custom attribute they hold).",
            field="keep",
            value=name,
        )
    return f"custom:{found}"


def _choose(
    values: dict[int, Any],
    order: list[int],
    rows: dict[int, Person],
    prefer: int | None,
) -> tuple[int, str]:
    holders = [pid for pid in order if values.get(pid) not in (None, "")]
    if not holders:
        return order[0], "empty"
    if len(holders) == 1:
        return holders[0], "only value"
    if len({repr(values[p]) for p in holders}) == 1:
        return holders[0], "same value"
    if prefer is not None and prefer in holders:
        return prefer, "identified profile"
    customers = [p for p in holders if rows[p].type == "customer"]
    if customers and len(customers) < len(holders):
        if len(customers) == 1:
            return customers[0], "customer"
        holders = customers
    best = max(holders, key=lambda p: (rows[p].modified_at, p == order[0], -p))
    return best, "most recently modified"


def plan_merge(
    person_ids: Sequence[int],
    *,
    keep: Mapping[str, int] | None = None,
    primary: int | None = None,
    prefer: int | None = None,
    require_contact: bool = True,
) -> MergePlan:
    """Check a merge and choose every value (nothing is written).

    Args:
        person_ids: two or more persons.
        keep: ``{field: person_id}`` whose value to keep, overriding the automatic choice;
            fields are standard attributes (``first_name`` or ``first-name``), ``company``
            or custom attribute names.
        primary: the person that keeps its id (default: the earliest created).
        prefer: a person whose set values win every difference (identify uses it).
        require_contact: refuse a result with no phone, email or push registration.

    Raises:
        InvalidValue: fewer than two persons, a bad ``keep``, no contact left.
        ProfileNotFound: a person that does not exist (or was merged away).
        LimitExceeded: the united contacts would pass 100.
    """
    ids = list(dict.fromkeys(check_ids(person_ids, "persons")))
    if len(ids) < 2:
        raise InvalidValue("A merge needs at least two different persons.", field="persons", value=ids)
    rows = {p.id: p for p in Person.select().where(Person.id.in_(ids))}
    for pid in ids:
        if pid not in rows:
            raise missing_person(pid)
    if primary is None:
        primary = min(ids, key=lambda p: (rows[p].created_at, p))
    elif int(primary) not in rows:
        raise InvalidValue(
            f"Person {primary} is not one of the persons merged.", field="primary", value=primary
        )
    primary = int(primary)
    order = [primary, *sorted(p for p in ids if p != primary)]
    custom = _custom_values(ids)
    custom_names = {name.casefold(): name for name in custom}
    wanted: dict[str, int] = {}
    for name, pid in (keep or {}).items():
        if int(pid) not in rows:
            raise InvalidValue(
                f"The value of {name} is to be kept from person {pid}, who is not one of the persons merged.",
                field=name,
                value=pid,
            )
        wanted[merge_field_name(name, custom_names)] = int(pid)
    companies = _company_names([rows[p].company_id for p in ids])
    choices = []
    for name in MERGE_FIELDS:
        stored: dict[int, Any] = {
            p: rows[p].company_id if name == "company" else getattr(rows[p], name) for p in order
        }
        shown = {p: companies.get(v, v) for p, v in stored.items()} if name == "company" else stored
        choices.append(_choice(name, shown, stored, order, rows, prefer, wanted))
    for name, per_person in custom.items():
        stored = {p: per_person.get(p) for p in order}
        shown = {p: (v[0] if v else None) for p, v in stored.items()}
        choices.append(_choice(f"custom:{name}", shown, stored, order, rows, prefer, wanted))
    contacts = _united_contacts(order)
    push = [
        r
        for (r,) in tuple_rows(
            PushRegistration.select(PushRegistration.registration_id)
            .where(PushRegistration.person.in_(ids))
            .order_by(PushRegistration.created_at)
        )
    ]
    if require_contact and not contacts and not push:
        raise InvalidValue(
            f"At least one contact must remain: none of persons {', '.join(map(str, order))} has a "
            "phone, an email or a push registration.",
            field="contacts",
            value=order,
        )
    tags = [
        n
        for (n,) in tuple_rows(
            Tag.select(Tag.name)
            .join(PersonTag, on=(PersonTag.tag == Tag.id))
            .where(PersonTag.person.in_(ids))
            .distinct()
            .order_by(Tag.name)
        )
    ]
    type_ = max((rows[p].type for p in ids), key=lambda t: TYPE_RANK.get(t, 0))
    return MergePlan(primary, order[1:], type_, choices, contacts, push, tags)


def _choice(
    name: str,
    shown: dict[int, Any],
    stored: dict[int, Any],
    order: list[int],
    rows: dict[int, Person],
    prefer: int | None,
    wanted: dict[str, int],
) -> FieldChoice:
    if name in wanted:
        return FieldChoice(name, shown, stored, wanted[name], "chosen")
    chosen, reason = _choose(shown, order, rows, prefer)
    return FieldChoice(name, shown, stored, chosen, reason)


def _custom_values(ids: list[int]) -> dict[str, dict[int, tuple[str, float | None]]]:
    """``{attribute name: {person id: (text, number)}}`` for every attribute any of them holds."""
    query = (
        PersonValue.select(PersonValue.person, AttributeDef.name, PersonValue.value, PersonValue.number)
        .join(AttributeDef)
        .where(PersonValue.person.in_(ids))
        .order_by(AttributeDef.name_key)
    )
    result: dict[str, dict[int, tuple[str, float | None]]] = {}
    for pid, name, text, number in tuple_rows(query):
        result.setdefault(name, {})[pid] = (text, number)
    return result


def _company_names(ids: list[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(tuple_rows(Company.select(Company.id, Company.name).where(Company.id.in_(wanted))))


def _united_contacts(order: list[int]) -> list[tuple[str, str]]:
    rank = {pid: i for i, pid in enumerate(order)}
    rows = Contact.select(Contact.person, Contact.kind, Contact.value, Contact.id).where(
        Contact.person.in_(order)
    )
    ordered = sorted(tuple_rows(rows), key=lambda r: (rank[r[0]], r[3]))
    if len(ordered) > MAX_CONTACTS:
        raise LimitExceeded(
            f"A profile holds at most {MAX_CONTACTS} phone numbers and emails together; "
            f"merging these persons would make {len(ordered)}.",
            field="contacts",
            value=len(ordered),
        )
    return [(kind, value) for _p, kind, value, _i in ordered]
