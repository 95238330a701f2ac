"""Merging persons into one (SPEC 7), and undoing a merge exactly while nothing changed since.

A merge, in one transaction: the kept person takes the chosen values (``merging.plan``),
the type (Customer if any input was), every contact, push registration, anonymous id,
tag and custom value; the whole timeline (events and their day counts) and the change
history of the others move to it; the others are deleted and their ids become aliases
that say where they went. The kept person's history gets the merge under the source
``merge #N``. The merge record keeps a snapshot (``merging.snapshot``) from which
``unmerge`` restores every profile exactly, modified-at included, as long as the kept
person is unchanged since the merge. Events recorded on it after the merge stay on it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import custom_values, history
from ..arguments import check_id, check_limit, check_optional_id
from ..db import db, tuple_rows
from ..errors import InUse, NotFound
from ..events import recording
from ..events.models import AnonymousId, Event, PersonAlias, PersonMerge
from ..folding import name_keys
from ..models import AttributeDef, Change, Company, Contact, Person, PersonTag, PushRegistration, Tag, utcnow
from ..persons.views import PersonView, load_person, load_persons
from .aliases import missing_person
from .plan import MergePlan, plan_merge
from .snapshot import (
    capture,
    differences,
    give_back,
    move_back,
    moved_ids,
    owners_of_external_ids,
    removal,
    restore_person,
)


@dataclass
class MergeResult:
    """The merge's number and the kept person as it is now."""

    merge_id: int
    person: PersonView

    def to_dict(self) -> dict[str, Any]:
        """``{"merge_id", "person"}``."""
        return {"merge_id": self.merge_id, "person": self.person.to_dict()}


@dataclass(frozen=True)
class MergeInfo:
    """A recorded merge."""

    id: int
    at: dt.datetime
    source: str
    kept_id: int
    merged_ids: list[int]
    undone_at: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        """The merge as JSON-ready data."""
        return {
            "id": self.id,
            "at": self.at.replace(tzinfo=dt.UTC).isoformat(),
            "source": self.source,
            "kept": self.kept_id,
            "merged": list(self.merged_ids),
            "undone_at": self.undone_at.replace(tzinfo=dt.UTC).isoformat() if self.undone_at else None,
        }


def merge_persons(
    person_ids: Sequence[int],
    *,
    keep: Mapping[str, int] | None = None,
    primary: int | None = None,
    source: str = "api",
) -> MergeResult:
    """Merge two or more persons into one, with ``keep`` overriding the automatic choices.

    See ``merging.plan.plan_merge`` for the rules and errors.
    """
    history.check_source(source)
    with db.atomic():
        plan = plan_merge(person_ids, keep=keep, primary=primary)
        merge_id = apply_merge(plan, source)
    return MergeResult(merge_id, load_person(plan.kept_id))


def apply_merge(plan: MergePlan, source: str) -> int:
    """Write a checked plan (inside the caller's transaction); returns the merge's number."""
    kept, away = plan.kept_id, list(plan.merged_ids)
    before = {pid: capture(pid) for pid in [kept, *away]}
    moved_events, moved_changes = moved_ids(Event, away), moved_ids(Change, away)
    merge = PersonMerge.create(source=source, kept_id=kept, merged_ids=json.dumps(away), snapshot="{}")
    person = Person.get_by_id(kept)
    changes: list[tuple[str, Any, Any]] = [
        ("merged", None, f"person {pid} ({before[pid]['row']['type']})") for pid in away
    ]
    their_contacts = Contact.select(Contact.kind, Contact.value).where(Contact.person.in_(away))
    changes += [(kind, None, value) for kind, value in tuple_rows(their_contacts.order_by(Contact.id))]
    changes += [("push_registration", None, r) for r in plan.push if r not in before[kept]["push"]]
    Contact.update(person=kept).where(Contact.person.in_(away)).execute()
    PushRegistration.update(person=kept).where(PushRegistration.person.in_(away)).execute()
    AnonymousId.update(person=kept).where(AnonymousId.person.in_(away)).execute()
    recording.move_events(away, kept)
    Change.update(person=kept).where(Change.person.in_(away)).execute()
    changes += _unite_tags(kept, away, before[kept]["tags"])
    custom_plans = []
    for choice in plan.choices:
        if choice.field.startswith("custom:"):
            definition = AttributeDef.get(
                (AttributeDef.entity == "person") & (AttributeDef.name == choice.field[len("custom:") :])
            )
            text, number = choice.stored[choice.chosen] or (None, None)
            custom_plans.append((definition, text, number))
    Person.delete().where(Person.id.in_(away)).execute()
    changes += custom_values.write_values("person", kept, custom_plans)
    changes += _take_fields(person, plan)
    PersonAlias.insert_many(
        [{"person_id": pid, "merge": merge.id, "kept_id": kept} for pid in away]
    ).execute()
    history.record(f"merge #{merge.id}", changes, person_id=kept)
    snapshot = {
        "before": {str(pid): data for pid, data in before.items()},
        "events": {str(pid): r for pid, r in moved_events.items()},
        "changes": {str(pid): r for pid, r in moved_changes.items()},
        "after": capture(kept),
    }
    PersonMerge.update(snapshot=json.dumps(snapshot)).where(PersonMerge.id == merge.id).execute()
    return merge.id


def _unite_tags(kept: int, away: list[int], kept_tags: list[int]) -> list[tuple[str, Any, Any]]:
    theirs = {t for (t,) in tuple_rows(PersonTag.select(PersonTag.tag).where(PersonTag.person.in_(away)))}
    new = sorted(theirs - set(kept_tags))
    if not new:
        return []
    PersonTag.insert_many([{"tag": t, "person": kept} for t in new]).execute()
    names = dict(tuple_rows(Tag.select(Tag.id, Tag.name).where(Tag.id.in_(new))))
    return [("tags", None, names[t]) for t in new]


def _take_fields(person: Person, plan: MergePlan) -> list[tuple[str, Any, Any]]:
    """Set the kept person's chosen standard values and type; returns the history triples."""
    changes: list[tuple[str, Any, Any]] = []
    for choice in plan.choices:
        if choice.field.startswith("custom:"):
            continue
        column = "company_id" if choice.field == "company" else choice.field
        old, new = getattr(person, column), choice.stored[choice.chosen]
        if old != new:
            setattr(person, column, new)
            changes.append((choice.field, choice.values.get(person.id), choice.values[choice.chosen]))
    if person.type != plan.type:
        changes.append(("type", person.type, plan.type))
        person.type = plan.type
    person.name_key, person.last_key = name_keys(person.first_name, person.last_name, person.nickname)
    person.modified_at = utcnow()
    person.save()
    return changes


def list_merges(*, person_id: int | None = None, limit: int = 50) -> list[MergeInfo]:
    """Recent merges, newest first (those that kept ``person_id``, when given)."""
    person_id = check_optional_id(person_id, "person_id")
    query = PersonMerge.select().order_by(PersonMerge.id.desc()).limit(check_limit(limit))
    if person_id is not None:
        query = query.where(PersonMerge.kept_id == person_id)
    return [MergeInfo(r.id, r.at, r.source, r.kept_id, json.loads(r.merged_ids), r.undone_at) for r in query]


def unmerge(merge_id: int, *, source: str = "api") -> list[PersonView]:
    """Undo a merge exactly: the merged-away persons come back with everything they had.

    Returns the kept person and the restored ones, in that order.

    Raises:
        NotFound: no such merge.
        InUse: the merge was undone already, a person it took part in was deleted or
            erased (and its snapshot with them), the kept person changed since (the message
            says what), or an external id or company it needs was taken or deleted since.
    """
    history.check_source(source)
    merge_id = check_id(merge_id, "merge_id")
    with db.atomic():
        merge = PersonMerge.get_or_none(PersonMerge.id == merge_id)
        if merge is None:
            raise NotFound(f"There is no merge #{merge_id}.", field="merge", value=merge_id)
        if merge.undone_at is not None:
            raise InUse(
                f"Merge #{merge.id} was already undone at {merge.undone_at:%Y-%m-%d %H:%M:%S} UTC.",
                field="merge",
                value=merge.id,
            )
        snapshot = json.loads(merge.snapshot)
        removed = removal(snapshot)
        if removed is not None:
            raise InUse(
                f"Merge #{merge.id} cannot be undone: what it kept of the persons was removed when "
                f"person {removed[0]} was {removed[1]}.",
                field="merge",
                value=merge.id,
            )
        kept = merge.kept_id
        away = [int(pid) for pid in json.loads(merge.merged_ids)]
        _check_unchanged(merge.id, kept, snapshot)
        before = {int(pid): data for pid, data in snapshot["before"].items()}
        _check_free(merge.id, kept, before)
        after_row = snapshot["after"]["row"]
        PersonAlias.delete().where(PersonAlias.merge == merge.id).execute()
        recording.drop_day_counts([kept])
        restore_person(before[kept], insert=False)
        for pid in away:
            restore_person(before[pid], insert=True)
            give_back(before[pid], kept)
            move_back(Event, snapshot["events"][str(pid)], kept, pid)
            move_back(Change, snapshot["changes"][str(pid)], kept, pid)
        recording.count_days([kept, *away])
        PersonMerge.update(undone_at=utcnow()).where(PersonMerge.id == merge.id).execute()
        restored = [
            (name, after_row.get(name), value)
            for name, value in before[kept]["row"].items()
            if name not in ("id", "modified_at", "name_key", "last_key") and after_row.get(name) != value
        ]
        label = f"unmerge #{merge.id}"
        history.record(
            label, [("unmerged", None, f"person {pid}") for pid in away] + restored, person_id=kept
        )
        for pid in away:
            history.record(label, [("profile", None, "restored")], person_id=pid)
    return load_persons([kept, *away])


def _check_unchanged(merge_id: int, kept: int, snapshot: dict[str, Any]) -> None:
    if Person.get_or_none(Person.id == kept) is None:
        raise InUse(
            f"Merge #{merge_id} cannot be undone: {missing_person(kept).message}",
            field="merge",
            value=merge_id,
        )
    changed = differences(snapshot["after"], capture(kept))
    if changed:
        raise InUse(
            f"Merge #{merge_id} cannot be undone: person {kept} changed since the merge "
            f"({'; '.join(changed)}).",
            field="merge",
            value=merge_id,
        )


def _check_free(merge_id: int, kept: int, before: dict[int, dict[str, Any]]) -> None:
    """Refuse when an external id or company the restored persons need is taken or gone."""
    wanted = {data["row"]["external_id"]: pid for pid, data in before.items() if data["row"]["external_id"]}
    for external_id, owner in owners_of_external_ids(list(wanted)).items():
        if owner != kept and owner != wanted[external_id]:
            raise InUse(
                f"Merge #{merge_id} cannot be undone: external id {external_id!r} of person "
                f"{wanted[external_id]} now belongs to person {owner}.",
                field="merge",
                value=merge_id,
            )
    companies = {data["row"]["company"] for data in before.values()} - {None}
    found = {c for (c,) in tuple_rows(Company.select(Company.id).where(Company.id.in_(list(companies))))}
    if companies - found:
        raise InUse(
            f"Merge #{merge_id} cannot be undone: company {min(companies - found)} of a merged person "
            "was deleted since.",
            field="merge",
            value=merge_id,
        )
