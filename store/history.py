"""The change history of profiles: what changed, old and new value, when, from where."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .arguments import check_id, check_limit, check_optional_id
from .errors import InvalidValue
from .fields import label
from .models import Change, CreationBatch, Person, utcnow

_SOURCE = re.compile(
    r"(tui|cli|api|tracking|identify|device|chatbot|inbox|app|job|form|sms|whatsapp|email"
    r"|channel:[a-z][a-z0-9_-]{0,31}|(import|merge|unmerge|undo) #\d+)"
)


@dataclass(frozen=True)
class ChangeEntry:
    """One change of one field, ready to show or print."""

    id: int
    at: dt.datetime
    source: str
    field: str
    old_value: str | None
    new_value: str | None

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (time in UTC with an offset)."""
        return {
            "id": self.id,
            "at": self.at.replace(tzinfo=dt.UTC).isoformat(),
            "source": self.source,
            "field": self.field,
            "old": self.old_value,
            "new": self.new_value,
        }


def check_source(source: str) -> str:
    """Refuse a source name that is not one of the known forms (``tui``, ``import #3``, ``chatbot``...)."""
    if not _SOURCE.fullmatch(source):
        raise InvalidValue(f"Change source {source!r} is not known.", field="source", value=source)
    return source


def as_text(value: Any) -> str | None:
    """A value as the history stores it: text, or None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def record(
    source: str,
    changes: Iterable[tuple[str, Any, Any]],
    *,
    person_id: int | None = None,
    company_id: int | None = None,
) -> None:
    """Write history entries ``(field, old, new)`` for one profile, all with one timestamp."""
    now = utcnow()
    rows = [
        {
            "person": person_id,
            "company": company_id,
            "at": now,
            "source": source,
            "field": field,
            "old_value": as_text(old),
            "new_value": as_text(new),
        }
        for field, old, new in changes
    ]
    if rows:
        Change.insert_many(rows).execute()


def person_history(person_id: int, *, limit: int = 100, before_id: int | None = None) -> list[ChangeEntry]:
    """A person's changes, newest first, a page at a time (``before_id``: the last entry's id of the last page).

    Entries run by their time, then in the order written: after a merge the entries that
    moved over from the merged persons take their place in time among the kept person's.
    A person an import created has no "created" row of its own: the last page ends with
    an entry (id 0) made from the import's ``CreationBatch``.
    """
    person_id = check_id(person_id, "person_id")
    limit = check_limit(limit)
    before_id = check_optional_id(before_id, "before_id")
    query = Change.select().where(Change.person == person_id)
    if before_id is not None:
        mark = Change.select(Change.at).where(Change.id == before_id).scalar()
        earlier = Change.id < before_id
        query = query.where(earlier if mark is None else (Change.at < mark) | ((Change.at == mark) & earlier))
    entries = [_entry(row) for row in query.order_by(Change.at.desc(), Change.id.desc()).limit(limit)]
    if len(entries) < limit and before_id != 0:
        created = _batch_creation(person_id)
        if created is not None:
            entries.append(created)
    return entries


def field_label(name: str) -> str:
    """The human name of a history entry's field: a standard attribute by its label
    (``preferred_language`` → ``Preferred language``), a custom attribute by its name
    (``custom:score`` → ``score``), any other word capitalised (``push_registration`` →
    ``Push registration``)."""
    return name[len("custom:") :] if name.startswith("custom:") else label(name)


def record_batch(source: str, person_ids: Sequence[int], at: dt.datetime) -> None:
    """Record that ``source`` created the persons ``person_ids``, all with ``created_at`` ``at``."""
    if person_ids:
        CreationBatch.create(first_person=min(person_ids), last_person=max(person_ids), at=at, source=source)


def batch_created(source: str) -> list[tuple[int, int, dt.datetime]]:
    """``(first id, last id, created_at)`` of each batch of persons ``source`` created."""
    query = CreationBatch.select().where(CreationBatch.source == source)
    return [(b.first_person, b.last_person, b.at) for b in query]


def forget_batches(source: str) -> None:
    """Remove the batch records of ``source`` (when what it created is removed)."""
    CreationBatch.delete().where(CreationBatch.source == source).execute()


def _batch_creation(person_id: int) -> ChangeEntry | None:
    found = (
        CreationBatch.select(CreationBatch.source, CreationBatch.at)
        .join(Person, on=(Person.created_at == CreationBatch.at))
        .where(
            (CreationBatch.last_person >= person_id)
            & (CreationBatch.first_person <= person_id)
            & (Person.id == person_id)
        )
        .first()
    )
    return None if found is None else ChangeEntry(0, found.at, found.source, "profile", None, "created")


def company_history(company_id: int, *, limit: int = 100) -> list[ChangeEntry]:
    """A company's changes, newest first."""
    company_id, limit = check_id(company_id, "company_id"), check_limit(limit)
    query = Change.select().where(Change.company == company_id).order_by(Change.id.desc())
    return [_entry(row) for row in query.limit(limit)]


def _entry(row: Change) -> ChangeEntry:
    return ChangeEntry(row.id, row.at, row.source, row.field, row.old_value, row.new_value)
