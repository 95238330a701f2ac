"""What a merge records so that it can be undone exactly, and the undoing itself.

``capture`` reads everything of one person that a merge changes: the row with every
column, contacts, tags, custom values, push registrations and anonymous ids, as JSON-ready
data. A merge stores the capture of each input before it writes, the ids of the events and
history entries it moved (as ranges, so ten thousand consecutive ids cost two numbers),
and the capture of the kept person right after. An unmerge is allowed while a fresh
capture of the kept person still equals that last one.

Deleting or erasing a person who took part in a merge replaces its snapshot by a
``removed_snapshot`` marker (SPEC 10: nothing of theirs stays behind); ``removal`` reads
the marker back, so that the unmerge can say why it cannot be done.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Iterable
from typing import Any

import peewee

from ..db import dict_row, tuple_rows
from ..events.models import AnonymousId, Event
from ..models import Change, Contact, Person, PersonTag, PersonValue, PushRegistration

Ranges = list[list[int]]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """A captured person row with its dates and times as Python values again."""
    result = {}
    for name, value in row.items():
        fld = Person._meta.fields[name]
        if value is not None and isinstance(fld, peewee.DateTimeField):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(fld, peewee.DateField):
            value = dt.date.fromisoformat(value)
        result[name] = value
    return result


def person_row(person_id: int) -> dict[str, Any]:
    """Every column of a person as JSON-ready data (``company`` is the company id)."""
    row = dict_row(Person.select().where(Person.id == person_id))
    return {name: _encode(value) for name, value in row.items()}


def capture(person_id: int) -> dict[str, Any]:
    """Everything a merge changes about one person, as JSON-ready data."""
    contacts = (
        Contact.select(Contact.kind, Contact.value).where(Contact.person == person_id).order_by(Contact.id)
    )
    tags = PersonTag.select(PersonTag.tag).where(PersonTag.person == person_id).order_by(PersonTag.tag)
    values = (
        PersonValue.select(PersonValue.attribute, PersonValue.value, PersonValue.number)
        .where(PersonValue.person == person_id)
        .order_by(PersonValue.attribute)
    )
    pushes = (
        PushRegistration.select(PushRegistration.registration_id)
        .where(PushRegistration.person == person_id)
        .order_by(PushRegistration.registration_id)
    )
    anonymous = (
        AnonymousId.select(AnonymousId.value)
        .where(AnonymousId.person == person_id)
        .order_by(AnonymousId.value)
    )
    return {
        "row": person_row(person_id),
        "contacts": [list(c) for c in tuple_rows(contacts)],
        "tags": [t for (t,) in tuple_rows(tags)],
        "custom": [list(v) for v in tuple_rows(values)],
        "push": [p for (p,) in tuple_rows(pushes)],
        "anonymous": [a for (a,) in tuple_rows(anonymous)],
    }


def id_ranges(ids: Iterable[int]) -> Ranges:
    """Sorted ids as ``[[first, last], ...]`` runs of consecutive numbers."""
    ranges: Ranges = []
    for i in sorted(ids):
        if ranges and i == ranges[-1][1] + 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def moved_ids(model: type[Event] | type[Change], person_ids: list[int]) -> dict[int, Ranges]:
    """The ids of the events or history entries of each person, as ranges."""
    owner = model.person
    rows = model.select(owner, model.id).where(owner.in_(person_ids)).order_by(model.id)
    found: dict[int, list[int]] = {pid: [] for pid in person_ids}
    for pid, row_id in tuple_rows(rows):
        found[pid].append(row_id)
    return {pid: id_ranges(ids) for pid, ids in found.items()}


def move_back(model: type[Event] | type[Change], ranges: Ranges, from_id: int, to_id: int) -> None:
    """Give the rows in ``ranges`` that ``from_id`` now holds back to ``to_id``."""
    for chunk in peewee.chunked(ranges, 100):
        within = functools.reduce(operator.or_, [model.id.between(a, b) for a, b in chunk])
        model.update(person=to_id).where((model.person == from_id) & within).execute()


def restore_person(before: dict[str, Any], *, insert: bool) -> None:
    """Write a captured person back: its row (inserted, or updated in place), tags and values.

    Contacts, push registrations and anonymous ids are moved back by the caller, which
    knows who holds them now.
    """
    row = _decode_row(before["row"])
    person_id = row["id"]
    if insert:
        Person.insert(**row).execute()
    else:
        Person.update(**{k: v for k, v in row.items() if k != "id"}).where(Person.id == person_id).execute()
        PersonTag.delete().where(PersonTag.person == person_id).execute()
        PersonValue.delete().where(PersonValue.person == person_id).execute()
    if before["tags"]:
        PersonTag.insert_many([{"tag": t, "person": person_id} for t in before["tags"]]).execute()
    if before["custom"]:
        PersonValue.insert_many(
            [{"person": person_id, "attribute": a, "value": v, "number": n} for a, v, n in before["custom"]]
        ).execute()


def give_back(before: dict[str, Any], holder: int) -> None:
    """Move a captured person's contacts, push registrations and anonymous ids back from ``holder``."""
    person_id = before["row"]["id"]
    values = [v for _k, v in before["contacts"]]
    for chunk in peewee.chunked(values, 500):
        Contact.update(person=person_id).where(
            (Contact.person == holder) & Contact.value.in_(list(chunk))
        ).execute()
    if before["push"]:
        PushRegistration.update(person=person_id).where(
            (PushRegistration.person == holder) & PushRegistration.registration_id.in_(before["push"])
        ).execute()
    if before["anonymous"]:
        AnonymousId.update(person=person_id).where(
            (AnonymousId.person == holder) & AnonymousId.value.in_(before["anonymous"])
        ).execute()


def differences(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What differs between two captures of a person, in words (empty when equal)."""
    names = {
        "contacts": "contacts",
        "tags": "tags",
        "custom": "custom attributes",
        "push": "push registrations",
        "anonymous": "anonymous ids",
    }
    hidden = ("modified_at", "name_key", "last_key")
    fields = [k for k in before["row"] if k not in hidden and before["row"].get(k) != now["row"].get(k)]
    found = [f"its {', '.join(fields)} changed"] if fields else []
    found += [f"its {label} changed" for key, label in names.items() if before[key] != now[key]]
    if not found and before["row"].get("modified_at") != now["row"].get("modified_at"):
        found.append(f"it was modified at {now['row'].get('modified_at')}")
    return found


def removed_snapshot(person_id: int, how: str) -> str:
    """The snapshot left once ``person_id`` was ``how`` (``deleted``, ``erased``): no data, only that."""
    return json.dumps({"removed": {"person": person_id, "how": how}})


def removal(snapshot: dict[str, Any]) -> tuple[int, str] | None:
    """``(person id, how)`` when the snapshot was removed with a person, else None."""
    removed = snapshot.get("removed")
    return None if removed is None else (int(removed["person"]), str(removed["how"]))


def owners_of_external_ids(external_ids: list[str]) -> dict[str, int]:
    """Who holds each of these external ids now."""
    if not external_ids:
        return {}
    query = Person.select(Person.external_id, Person.id).where(Person.external_id.in_(external_ids))
    return dict(tuple_rows(query))
