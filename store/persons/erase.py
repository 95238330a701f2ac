"""Erasing a person (SPEC 10): every trace of them goes, an anonymous record of the erase stays.

An erase removes, in one transaction, the person row with everything that cascades from
it (contacts, push registrations, anonymous ids, tags, custom values, events, change
history) and what other rows kept of them (``persons.traces``: merge snapshots, other
persons' history of those merges, import error records, event day counts), and the
import priors of their ids, which a plain delete keeps (ids and times only). What stays
is one change-history entry with no person and no values: field ``erased``, the former
id (``person 12``), when and from which source.

Erasing is a legal duty, so a Customer's or an Agent's protection does not stop it; it
cannot be undone, so it always asks for a confirmation (``ConfirmationRequired``), which
each face words its own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import history
from ..db import db
from ..errors import ConfirmationRequired
from ..events.models import AnonymousId, Event
from ..models import Change, Contact
from .profiles import get_person_row
from .traces import Traces, forget_import_priors, lineage, remove_traces

ERASED = "erased"
"""The field of the change-history entry that records an erase."""


@dataclass(frozen=True)
class Erasure:
    """What an erase removed: the person's own rows by kind, and the traces elsewhere."""

    person_id: int
    former_ids: int
    contacts: int
    anonymous_ids: int
    events: int
    history: int
    traces: Traces

    def to_dict(self) -> dict[str, Any]:
        """``{"erased": id, "former_ids", "contacts", ..., "merge_snapshots", ...}``."""
        return {
            "erased": self.person_id,
            "former_ids": self.former_ids,
            "contacts": self.contacts,
            "anonymous_ids": self.anonymous_ids,
            "events": self.events,
            "history": self.history,
            **self.traces.to_dict(),
        }


@dataclass(frozen=True)
class ErasureRecord:
    """The record an erase leaves: when, from which source, the former id."""

    at: dt.datetime
    source: str
    person_id: int

    def to_dict(self) -> dict[str, Any]:
        """``{"at", "source", "person_id"}`` (time in UTC with an offset)."""
        return {
            "at": self.at.replace(tzinfo=dt.UTC).isoformat(),
            "source": self.source,
            "person_id": self.person_id,
        }


def erase_person(person_id: int, *, confirm: bool = False, source: str = "api") -> Erasure:
    """Erase a person and everything the store keeps of them; returns what went.

    Raises:
        ProfileNotFound: no such person (a merged-away id says where it went: erase that one).
        ConfirmationRequired: ``confirm`` is False.
    """
    history.check_source(source)
    with db.atomic():
        person = get_person_row(int(person_id))
        if not confirm:
            kind = person.type.capitalize()
            raise ConfirmationRequired(
                f"Erasing {kind} {person.id} removes the profile and everything the store keeps of it "
                "(contacts, events, values, history, what merges and imports kept); it cannot be "
                "undone: confirm the erase.",
                field="person",
                value=person.id,
            )
        ids = lineage(person.id)
        forget_import_priors(ids)
        erasure = Erasure(
            person.id,
            len(ids) - 1,
            Contact.select().where(Contact.person == person.id).count(),
            AnonymousId.select().where(AnonymousId.person == person.id).count(),
            Event.select().where(Event.person == person.id).count(),
            Change.select().where(Change.person == person.id).count(),
            remove_traces(person.id, ERASED),
        )
        person.delete_instance()
        history.record(source, [(ERASED, f"person {person.id}", None)])
    return erasure


def erasures(*, limit: int = 100) -> list[ErasureRecord]:
    """The records of erases, newest first."""
    query = (
        Change.select(Change.at, Change.source, Change.old_value)
        .where(Change.person.is_null() & Change.company.is_null() & (Change.field == ERASED))
        .order_by(Change.id.desc())
        .limit(limit)
    )
    return [
        ErasureRecord(row.at, row.source, int(str(row.old_value).removeprefix("person "))) for row in query
    ]
